"""monitor.signal.features: hand-made signals with known PTI, FTI, shares, COP, ML index, residual and
relief; property tests (shares in [0, 1], linearity in pressure, chunking, missing data); bounded state."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.codebook import SensorLayout
from monitor.signal.features import FeatureAccumulator, slice_series
from monitor.signal.params import FeatureParams
from monitor.signal.regions import HOT_AREA_MM2, NOMINAL_AREA_MM2, NOMINAL_CENTRE_Y, NOMINAL_WEIGHTS, RegionReducer
from monitor.signal.types import Cycle

RATE_HZ = 100.0
AREA_MM2 = 100.0  # every sensor: 1 kPa -> 0.1 N
LABELS = ("heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1", "mth2", "mth4",
          "hallux", "lesser_toes")
X = (-0.1, 0.1, -0.15, 0.2, -0.3, -0.05, 0.25, -0.25, 0.1)
Y = (0.1, 0.1, 0.4, 0.4, 0.7, 0.72, 0.65, 0.9, 0.88)
REGION_OF = {"mth2": "mth2_3", "mth4": "mth4_5"}
FOREFOOT = [4, 5, 6, 7, 8]
LAYOUT = SensorLayout("left", X, Y, [AREA_MM2] * 9, LABELS)
REDUCER = RegionReducer(LAYOUT)
PARAMS = FeatureParams(window_s=60.0, step_s=10.0, relief_enter_kpa=6.0, relief_exit_kpa=10.0, relief_min_s=20.0,
                       gait_unload_min_s=0.1, residual_quantile=0.25, settle_s=5.0, cycle_buffer_s=12.0)
LOADED = np.array([20.0, 20.0, 10.0, 30.0, 100.0, 60.0, 40.0, 80.0, 20.0])  # kPa, per sensor
UNLOADED = np.array([0.0, 0.0, 0.0, 0.0, 6.0, 6.0, 6.0, 6.0, 6.0])


def grid(t0_s: float, t1_s: float, rate_hz: float = RATE_HZ) -> np.ndarray:
    return np.arange(round(t0_s * rate_hz), round(t1_s * rate_hz)) / rate_hz


def strokes(t: np.ndarray, period_s: float = 1.0) -> np.ndarray:
    """Loaded for the first half of each period, unloaded (forefoot 6 kPa) for the second."""
    n = int(round(period_s * RATE_HZ))
    loaded = (np.rint(t * RATE_HZ).astype(int) % n) < n // 2
    return np.where(loaded[:, None], LOADED, UNLOADED)


def feed(fa: FeatureAccumulator, t: np.ndarray, p: np.ndarray, cycles=(), activity="cycling", chunks=None,
         lag_s: float = 0.3):
    """Feeds in chunks (None: one block), reporting each cycle ``lag_s`` after it ends, like a detector."""
    bounds = [0, t.size] if chunks is None else chunks
    pending = sorted(cycles, key=lambda c: c.end_s)
    series = REDUCER.reduce(p)  # once: these tests are about the features, not the reduction
    cfs, wins = [], []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        if hi <= lo:
            continue
        last = t[hi - 1]
        due = [c for c in pending if c.end_s + lag_s <= last]
        pending = pending[len(due):]
        a, b = fa.feed(t[lo:hi], slice_series(series, lo, hi), due, activity)
        cfs += a
        wins += b
    return cfs, wins


#: Each sensor's nominal load per kPa (N/kPa): one sensor per region here, so its region's anatomical
#: weight over the reference area, whatever the sensor's own area (monitor.signal.regions).
N_PER_KPA = np.array([NOMINAL_WEIGHTS[REGION_OF.get(lab, lab)] for lab in LABELS]) * NOMINAL_AREA_MM2 * 1e-3
#: Each sensor's region's fixed centre along the foot (the nominal centre of pressure's positions).
CENTRE_Y = np.array([NOMINAL_CENTRE_Y[REGION_OF.get(lab, lab)] for lab in LABELS])
#: The relief smoothing (a running median of 0.2 s) delays each relief's start and end by half of it.
MEDIAN_LAG_S = 0.1


def region_values(per_sensor: np.ndarray) -> dict[str, float]:
    return {REGION_OF.get(lab, lab): float(v) for lab, v in zip(LABELS, per_sensor)}


# -- per cycle -------------------------------------------------------------------------------------

def test_stroke_features_by_hand():
    t = grid(0, 13)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    (cf,), _ = feed(fa, t, strokes(t), [Cycle("left", "stroke", 10.0, 11.0, peak_s=10.2)])
    loaded, unloaded = region_values(LOADED), region_values(UNLOADED)
    for r in loaded:
        assert cf.peak_kpa[r] == pytest.approx(max(loaded[r], unloaded[r]))
        assert cf.pti_kpa_s[r] == pytest.approx(0.5 * (loaded[r] + unloaded[r]))  # half a second each
    force = 0.5 * (LOADED + UNLOADED) * N_PER_KPA  # N s per sensor (region) over the cycle
    for i, lab in enumerate(LABELS):
        assert cf.fti_n_s[REGION_OF.get(lab, lab)] == pytest.approx(force[i])
    assert cf.total_fti_n_s == pytest.approx(force.sum())
    assert cf.forefoot_share == pytest.approx(force[FOREFOOT].sum() / force.sum())
    # each sample's nominal COP (the regions' nominal loads at their fixed centres, not the sensors' own
    # positions), averaged over time weighted by nominal load
    cops = [(v * N_PER_KPA * CENTRE_Y).sum() / (v * N_PER_KPA).sum() for v in (LOADED, UNLOADED)]
    loads = [(v * N_PER_KPA).sum() for v in (LOADED, UNLOADED)]
    assert cf.cop_y_mean == pytest.approx(np.dot(cops, loads) / sum(loads))
    mth1, mth45 = cf.pti_kpa_s["mth1"], cf.pti_kpa_s["mth4_5"]  # pressure-time, not force
    assert cf.ml_index == pytest.approx((mth45 - mth1) / (mth45 + mth1))
    assert cf.residual_forefoot_kpa == pytest.approx(6.0)  # the upstroke: total below half-way
    assert cf.valid_fraction == 1.0 and cf.kind == "stroke" and cf.foot == "left"


def test_stride_residual_is_taken_from_the_swing_only():
    t = grid(0, 13)
    p = strokes(t)
    swing = (t >= 10.7) & (t < 11.0)
    p[swing] = UNLOADED + np.array([0, 0, 0, 0, 3, 3, 3, 3, 3.0])  # swing at 9 kPa; 10.5-10.7 still 6
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    (cf,), _ = feed(fa, t, p, [Cycle("left", "stride", 10.0, 11.0, toe_off_s=10.7)], activity="walking")
    assert cf.residual_forefoot_kpa == pytest.approx(9.0)
    (cf,), _ = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p,
                    [Cycle("left", "stride", 10.0, 11.0, toe_off_s=None)], activity="walking")
    assert math.isnan(cf.residual_forefoot_kpa)


def test_missing_samples_lower_valid_fraction_and_never_count_as_zero():
    t = grid(0, 13)
    p = strokes(t)
    full, = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p,
                 [Cycle("left", "stroke", 10.0, 11.0)])[0]
    p[(t >= 10.0) & (t < 10.1)] = np.nan  # 10 loaded samples lost
    gap, = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p,
                [Cycle("left", "stroke", 10.0, 11.0)])[0]
    assert gap.valid_fraction == pytest.approx(0.9)
    assert gap.peak_kpa == full.peak_kpa
    assert gap.pti_kpa_s["mth1"] == pytest.approx(full.pti_kpa_s["mth1"] - 0.1 * 100.0)


def test_layout_without_mth1_gives_nan_ml_index():
    labels = tuple("midfoot_lateral" if lab == "mth1" else lab for lab in LABELS)
    layout = SensorLayout("left", X, Y, [AREA_MM2] * 9, labels)
    fa = FeatureAccumulator(layout, RATE_HZ, PARAMS)
    t = grid(0, 13)
    cf = fa.feed(t, RegionReducer(layout).reduce(strokes(t)), [Cycle("left", "stroke", 10.0, 11.0)],
                 "cycling")[0][0]
    assert "mth1" not in cf.peak_kpa and math.isnan(cf.ml_index)


def _mth_layout(areas_mm2: list[float], n_mth1: int) -> SensorLayout:
    """A heel sensor, then ``n_mth1`` MTH1 sensors of the given areas."""
    labels = ("heel",) + ("mth1",) * n_mth1
    return SensorLayout("left", [0.0] * (n_mth1 + 1), [0.1] + [0.7] * n_mth1, areas_mm2, labels)


def test_hot_spot_pressure_is_the_sensor_on_the_head_however_the_region_is_tiled():
    # one 250 mm^2 sensor on the head reading 120 kPa ...
    one = RegionReducer(_mth_layout([500.0, 250.0], 1)).reduce(np.array([[50.0, 120.0]]))
    # ... and a grid of 50 mm^2 sensels: 4 under the head at 120 kPa, 12 at the region's edges at 10
    p = np.array([[50.0] + [120.0] * 4 + [10.0] * 12])
    grid_ = RegionReducer(_mth_layout([500.0] + [50.0] * 16, 16)).reduce(p)
    assert HOT_AREA_MM2 == 200.0
    assert one.region_hot_kpa["mth1"][0] == pytest.approx(120.0)
    assert grid_.region_hot_kpa["mth1"][0] == pytest.approx(120.0)
    assert grid_.region_kpa["mth1"][0] == pytest.approx((4 * 120 + 12 * 10) / 16)  # the edges dilute the mean
    # the last sensor counts in part; missing sensors count for nothing; all missing is NaN
    p = np.array([[50.0, 100.0, 40.0, np.nan], [50.0, np.nan, np.nan, np.nan]])
    part = RegionReducer(_mth_layout([500.0, 150.0, 150.0, 150.0], 3)).reduce(p)
    assert part.region_hot_kpa["mth1"][0] == pytest.approx((150 * 100 + 50 * 40) / 200)
    assert math.isnan(part.region_hot_kpa["mth1"][1])


def test_peak_pti_and_ml_index_use_the_hot_spot_pressure():
    labels = LABELS + ("mth1",) * 3  # three more MTH1 sensors at the region's edge, reading little
    layout = SensorLayout("left", X + (-0.4,) * 3, Y + (0.7,) * 3, [AREA_MM2] * 12, labels)
    t = grid(0, 13)
    p = np.concatenate([strokes(t), np.full((t.size, 3), 1.0)], axis=1)
    plain = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS).feed(t, REDUCER.reduce(strokes(t)),
                                                             [Cycle("left", "stroke", 10.0, 11.0)], "cycling")[0][0]
    edged = FeatureAccumulator(layout, RATE_HZ, PARAMS).feed(t, RegionReducer(layout).reduce(p),
                                                             [Cycle("left", "stroke", 10.0, 11.0)], "cycling")[0][0]
    # 200 mm^2 of MTH1: the 100 kPa sensor and one of the 1 kPa edge sensels (plain mean: 25.75 kPa)
    assert edged.peak_kpa["mth1"] == pytest.approx((100.0 + 1.0) / 2)
    assert plain.peak_kpa["mth1"] == pytest.approx(100.0)
    assert edged.ml_index != plain.ml_index


# -- windows ---------------------------------------------------------------------------------------

def test_window_features_of_a_constant_load_by_hand():
    t = grid(0, 80)
    p = np.tile(LOADED, (t.size, 1))
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p)
    assert [w.t_s for w in wins] == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]  # final after t + 5 s
    w = wins[5]
    force = LOADED * N_PER_KPA
    assert w.window_s == 60.0 and w.valid_fraction == pytest.approx(1.0)
    assert wins[0].valid_fraction == pytest.approx(1 / 6)  # the first window holds 10 s of data
    assert w.forefoot_share == pytest.approx(force[FOREFOOT].sum() / force.sum())
    assert sum(w.region_share.values()) == pytest.approx(1.0)
    for r, v in region_values(LOADED).items():
        assert w.pti_kpa_s_per_min[r] == pytest.approx(60.0 * v)  # kPa s per minute
    assert w.cop_y_mean == pytest.approx((force * CENTRE_Y).sum() / force.sum())
    assert w.activity == "cycling" and math.isnan(w.cadence_per_min)  # no cycles, no cadence
    assert w.time_since_relief_s == pytest.approx(60.0) and not w.relieved_now


def test_window_with_a_gap_keeps_its_rates_and_reports_valid_fraction():
    t = grid(0, 80)
    p = np.tile(LOADED, (t.size, 1))
    p[(t >= 20) & (t < 26)] = np.nan
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p)
    w = wins[5]
    assert w.valid_fraction == pytest.approx(0.9)
    assert w.pti_kpa_s_per_min["mth1"] == pytest.approx(6000.0)
    force = LOADED * N_PER_KPA
    assert w.forefoot_share == pytest.approx(force[FOREFOOT].sum() / force.sum())


def test_window_cycle_statistics_and_cadence():
    t = grid(0, 80)
    cycles = [Cycle("left", "stroke", s, s + 1.0) for s in np.arange(0.0, 74.0)]
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, strokes(t), cycles)
    w = wins[5]  # [0, 60): strokes ending at 1 .. 59
    assert w.cadence_per_min == pytest.approx(60.0)  # one stroke a second: 60 rpm
    assert w.peak_kpa["mth1"] == pytest.approx(100.0)
    assert w.residual_forefoot_kpa == pytest.approx(6.0)
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, strokes(t),
                   [Cycle(c.foot, "stride", c.start_s, c.end_s, toe_off_s=c.start_s + 0.5) for c in cycles],
                   activity="walking")
    assert wins[5].cadence_per_min == pytest.approx(120.0)  # steps of both feet


@pytest.mark.parametrize("kind", ["stroke", "stride"])
def test_a_window_of_unknown_activity_has_no_cadence(kind):
    """A window before the activity is recognised gave its cycles' cadence as steps of both feet: a 60-rpm
    ride's revolutions read as 120. Its cadence has no unit until the activity is known: NaN."""
    t = grid(0, 80)
    cycles = [Cycle("left", kind, s, s + 1.0, toe_off_s=s + 0.5 if kind == "stride" else None)
              for s in np.arange(0.0, 74.0)]
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, strokes(t), cycles, activity="unknown")
    assert wins[5].activity == "unknown" and wins[5].peak_kpa["mth1"] == pytest.approx(100.0)  # the cycles count
    assert all(math.isnan(w.cadence_per_min) for w in wins), [w.cadence_per_min for w in wins]


def test_a_windows_peak_is_the_mean_over_the_cycles_that_read_the_region():
    t = grid(0, 30)
    p = strokes(t) * (1.0 + 0.01 * np.rint(t)[:, None])  # each stroke a little higher than the last
    p[(t >= 11.0) & (t < 12.0), 7] = np.nan  # the hallux lost for the whole second stroke
    cycles = [Cycle("left", "stroke", s, s + 1.0) for s in (10.0, 11.0, 12.0)]
    cfs, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, cycles)
    assert math.isnan(cfs[1].peak_kpa["hallux"])
    w = next(w for w in wins if w.t_s == 20.0)  # [-40, 20): the three strokes
    assert w.peak_kpa["hallux"] == pytest.approx((cfs[0].peak_kpa["hallux"] + cfs[2].peak_kpa["hallux"]) / 2)
    assert w.peak_kpa["mth1"] == pytest.approx(sum(cf.peak_kpa["mth1"] for cf in cfs) / 3)


# -- relief ----------------------------------------------------------------------------------------

def relief_signal(t: np.ndarray, *intervals: tuple[float, float]) -> np.ndarray:
    p = np.tile(LOADED, (t.size, 1))
    for a, b in intervals:
        p[(t >= a) & (t < b)] = UNLOADED * 0.5  # forefoot 3 kPa, below the 6 kPa that enters a relief
    return p


def test_relief_of_20_s_or_more_is_recorded_and_resets_time_since_relief():
    t = grid(0, 130)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    _, wins = feed(fa, t, relief_signal(t, (30, 60), (80, 95)))  # 30 s relief, then 15 s: too short
    assert len(fa.reliefs_) == 1 and fa.relief_count_ == 1
    start_s, end_s = fa.reliefs_[0]
    assert start_s == pytest.approx(30.0 + MEDIAN_LAG_S) and end_s == pytest.approx(60.0 + MEDIAN_LAG_S)
    by_t = {w.t_s: w for w in wins}
    assert not by_t[40.0].relieved_now and by_t[40.0].time_since_relief_s == pytest.approx(40.0)
    assert by_t[60.0].relieved_now and by_t[60.0].time_since_relief_s < 0.05
    assert not by_t[70.0].relieved_now and by_t[70.0].time_since_relief_s == pytest.approx(9.9, abs=0.05)
    assert by_t[120.0].time_since_relief_s == pytest.approx(59.9, abs=0.05)  # the 15 s dip did not count


def test_relief_needs_20_s_exactly():
    t = grid(0, 90)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    feed(fa, t, relief_signal(t, (10, 30), (40, 59.9)))  # 20.0 s counts, 19.9 s does not
    assert fa.reliefs_ == [(pytest.approx(10.0 + MEDIAN_LAG_S), pytest.approx(30.0 + MEDIAN_LAG_S))]


def test_relief_in_progress_counts_and_a_gap_ends_a_relief():
    t = grid(0, 60)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    feed(fa, t, relief_signal(t, (30, 60)))
    assert fa.reliefs_ == [] and fa.relief_in_progress is not None and fa.relief_count_ == 1
    p = relief_signal(t, (10, 50))
    p[(t >= 25) & (t < 26)] = np.nan  # a second of missing data splits 40 s into 15 s + 24 s
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    feed(fa, t, p)
    # the gap stays in the 0.2 s median window for 0.2 s after it
    assert fa.reliefs_ == [(pytest.approx(26.2), pytest.approx(50.0 + MEDIAN_LAG_S))]


def test_gait_swings_unload_the_forefoot_without_being_reliefs():
    t = grid(0, 130)
    p = np.tile(LOADED, (t.size, 1))
    swing = (np.rint(t * RATE_HZ).astype(int) % 100) >= 60  # 0.4 s of every second
    p[swing] = 0.0
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    _, wins = feed(fa, t, p, activity="running")
    assert fa.reliefs_ == [] and fa.relief_count_ == 0
    assert max(w.time_since_relief_s for w in wins if w.t_s >= 20) < 1.0
    _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, activity="cycling")
    assert wins[-1].time_since_relief_s == pytest.approx(wins[-1].t_s)  # pedalling: not unloading


@pytest.mark.parametrize("hole", ["no samples", "missing samples"])
def test_a_hole_in_the_data_is_neither_relief_nor_load_for_the_time_since_relief(hole):
    # a relief at 30-60 s, then pedalling with 3 minutes of no data at 100-280 s (a dropped link: no rows;
    # or a foot whose samples are all missing)
    t = grid(0, 400)
    p = relief_signal(t, (30, 60))
    in_hole = (t >= 100) & (t < 280)
    if hole == "no samples":
        t, p = t[~in_hole], p[~in_hole]
    else:
        p[in_hole] = np.nan
    for chunks in (None, [0, 7_000, 9_999, t.size]):
        fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
        _, wins = feed(fa, t, p, chunks=chunks)
        by_t = {w.t_s: w for w in wins}
        assert by_t[100.0].time_since_relief_s == pytest.approx(39.9, abs=0.05)
        # after the hole: 40 s before it and 20 s after it, not 240 s
        assert by_t[300.0].time_since_relief_s == pytest.approx(59.9, abs=0.05)
        assert by_t[300.0].relief_t_s == pytest.approx(60.1, abs=0.05)  # when it was last relieved
        assert by_t[390.0].time_since_relief_s == pytest.approx(149.9, abs=0.05)


@pytest.mark.parametrize("hole", ["no samples", "missing samples"])
def test_a_hole_that_begins_in_the_step_of_the_last_unloading_adds_nothing_to_the_time_since_relief(hole):
    # walking, a swing every second until the data stop at 30.5 s, in the 10-s step of the last swing (which
    # ends at 30.0 s); no data until 150 s, then steady load: the time since relief counts the 0.4 s after
    # that swing and the time after the hole, never the 9.5 s of the hole left in that step
    t = grid(0, 210)
    p = np.tile(LOADED, (t.size, 1))
    p[((np.rint(t * RATE_HZ).astype(int) % 100) >= 60) & (t < 30.5)] = 0.0  # 0.4 s of every second
    in_hole = (t >= 30.5) & (t < 150)
    if hole == "no samples":
        t, p = t[~in_hole], p[~in_hole]
    else:
        p[in_hole] = np.nan
    for chunks in (None, [0, 1, 3_049, 3_050, 3_051, t.size // 2, t.size - 1, t.size]):
        fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
        _, wins = feed(fa, t, p, activity="walking", chunks=chunks)
        by_t = {w.t_s: w for w in wins}
        last_unload_s = by_t[40.0].relief_t_s
        assert 29.9 < last_unload_s < 30.5 and fa.reliefs_ == []
        assert by_t[40.0].time_since_relief_s == pytest.approx(30.5 - last_unload_s, abs=0.015)
        assert by_t[90.0].time_since_relief_s == pytest.approx(30.5 - last_unload_s, abs=0.015)
        assert by_t[200.0].time_since_relief_s == pytest.approx(30.5 - last_unload_s + 50.0, abs=0.015)


def test_a_foot_without_a_reading_has_no_relief_time_and_its_clock_starts_at_its_first_reading():
    # a foot whose every sample is missing, and one whose readings begin at 30 s (missing before): when
    # its forefoot was last relieved, and so the time since, is not known before its first reading (NaN, not
    # 0 or its first frame)
    t = grid(0, 200)
    silent = np.full((t.size, LOADED.size), np.nan)
    late = np.tile(LOADED, (t.size, 1))
    late[t < 30] = np.nan
    for chunks in (None, [0, 1, 2_999, 3_000, 3_001, 4_500, t.size]):
        _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, silent, chunks=chunks)
        assert wins and all(math.isnan(w.relief_t_s) for w in wins)
        assert all(math.isnan(w.time_since_relief_s) for w in wins)  # no relief clock, not one at 0
        _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, late, chunks=chunks)
        assert [w.t_s for w in wins if math.isnan(w.relief_t_s)] == [10.0, 20.0, 30.0]
        assert [w.t_s for w in wins if math.isnan(w.time_since_relief_s)] == [10.0, 20.0, 30.0]
        assert {w.relief_t_s for w in wins if w.t_s > 30} == {30.0}
        assert wins[-1].time_since_relief_s == pytest.approx(wins[-1].t_s - 30.0)


def test_the_time_since_relief_of_a_ride_that_starts_mid_step_and_never_relieves_is_its_data_time():
    t = grid(3.5, 200)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    _, wins = feed(fa, t, np.tile(LOADED, (t.size, 1)))
    assert wins[-1].time_since_relief_s == pytest.approx(wins[-1].t_s - 3.5)


# -- properties ------------------------------------------------------------------------------------

def summary(cfs, wins) -> str:
    """An exact text form (NaN equals NaN) for comparing results."""
    return repr((cfs, wins))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 2500), min_size=1, max_size=12))
def test_any_chunking_gives_identical_features(sizes):
    t = grid(0, 45)
    p = relief_signal(t, (2, 24.5)) * np.where(t < 30, 1.0, 1.3)[:, None] + strokes(t) * 0.1
    p[(t >= 33) & (t < 33.5)] = np.nan
    cycles = [Cycle("left", "stroke", s, s + 1.0) for s in np.arange(25.0, 39.0)]
    bounds = np.minimum(np.cumsum([0, *sizes, t.size]), t.size).tolist()
    one = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, cycles)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    many = feed(fa, t, p, cycles, chunks=bounds)
    assert summary(*one) == summary(*many)
    assert fa.late_cycles_ == 0 and len(one[1]) == 3


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 400.0), min_size=9, max_size=9), st.floats(0.05, 20.0))
def test_shares_in_unit_interval_and_pti_linear_in_pressure(loaded, k):
    t = grid(0, 20)
    n = 100
    phase = np.rint(t * RATE_HZ).astype(int) % n
    p = np.where((phase < 50)[:, None], np.array(loaded), UNLOADED)
    cycles = [Cycle("left", "stroke", s, s + 1.0) for s in np.arange(1.0, 13.0)]
    cf1, w1 = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, cycles)
    cf2, w2 = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p * k, cycles)
    for a, b in zip(cf1, cf2):
        assert 0.0 <= a.forefoot_share <= 1.0
        assert -1.0 <= a.ml_index <= 1.0 or math.isnan(a.ml_index)
        for r in a.pti_kpa_s:
            assert b.pti_kpa_s[r] == pytest.approx(k * a.pti_kpa_s[r], rel=1e-9, abs=1e-9)
            assert b.fti_n_s[r] == pytest.approx(k * a.fti_n_s[r], rel=1e-9, abs=1e-12)
            assert b.peak_kpa[r] == pytest.approx(k * a.peak_kpa[r], rel=1e-9, abs=1e-9)
        assert b.forefoot_share == pytest.approx(a.forefoot_share, rel=1e-9)
        assert b.cop_y_mean == pytest.approx(a.cop_y_mean, rel=1e-9)
        assert b.residual_forefoot_kpa == pytest.approx(k * a.residual_forefoot_kpa, rel=1e-9)
    for a, b in zip(w1, w2):
        assert 0.0 <= a.forefoot_share <= 1.0
        assert all(0.0 <= v <= 1.0 for v in a.region_share.values())
        assert sum(a.region_share.values()) == pytest.approx(1.0)
        assert b.forefoot_share == pytest.approx(a.forefoot_share, rel=1e-9)
        for r in a.pti_kpa_s_per_min:
            assert b.pti_kpa_s_per_min[r] == pytest.approx(k * a.pti_kpa_s_per_min[r], rel=1e-9, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 30), st.integers(0, 1000))
def test_shifting_time_by_whole_steps_shifts_every_feature(steps, start):
    t = grid(0, 40)
    p = strokes(t) * (1.0 + 0.2 * np.sin(t))[:, None]
    p[start:start + 37] = np.nan
    shift_s = steps * PARAMS.step_s
    cycles = [Cycle("left", "stroke", s, s + 1.0) for s in np.arange(3.0, 30.0)]
    cf1, w1 = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, cycles)
    cf2, w2 = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), grid(shift_s, shift_s + 40), p,
                   [Cycle("left", "stroke", c.start_s + shift_s, c.end_s + shift_s) for c in cycles])
    assert len(w1) == len(w2) and len(cf1) == len(cf2)
    for a, b in zip(w1, w2):
        assert b.t_s == pytest.approx(a.t_s + shift_s)
        assert b.forefoot_share == pytest.approx(a.forefoot_share, rel=1e-9)
        assert b.valid_fraction == pytest.approx(a.valid_fraction)
        assert b.pti_kpa_s_per_min["mth1"] == pytest.approx(a.pti_kpa_s_per_min["mth1"], rel=1e-9)
    for a, b in zip(cf1, cf2):
        assert b.pti_kpa_s == pytest.approx(a.pti_kpa_s, rel=1e-9)
        assert b.valid_fraction == a.valid_fraction


# -- bounded state ---------------------------------------------------------------------------------

@pytest.mark.parametrize("resume_s, n_windows", [(3720.0, 372), (3730.0, 12)])
def test_a_jump_in_the_time_axis_has_its_windows_up_to_the_data_so_far_plus_an_hour(resume_s, n_windows):
    # 60 s of steady load (6 steps with samples), then none until resume_s, then 6 s: a jump of 366 empty steps
    # (6 + 3600 s / 10 s) has every window; one more has only its first window without a sample
    t = np.concatenate([grid(0, 60), grid(resume_s, resume_s + 6)])
    p = np.tile(LOADED, (t.size, 1))
    for chunks in (None, [0, 5_999, 6_000, 6_001, t.size]):
        _, wins = feed(FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS), t, p, chunks=chunks)
        assert len(wins) == n_windows and [w.t_s for w in wins if w.valid_fraction == 0][:1] == [120.0]
        assert wins[-1].t_s == (resume_s if n_windows > 12 else 120.0)


def test_state_stays_bounded_over_a_long_session():
    rate_hz = 20.0
    params = PARAMS
    fa = FeatureAccumulator(LAYOUT, rate_hz, params)
    most = 0
    n_windows = 0
    for minute in range(240):  # four hours in one-minute blocks
        t = grid(60.0 * minute, 60.0 * (minute + 1), rate_hz)
        phase = np.rint(t * rate_hz).astype(int) % 20
        p = np.where((phase < 10)[:, None], LOADED, UNLOADED)
        cycles = [Cycle("left", "stroke", s, s + 1.0)
                  for s in np.arange(60.0 * minute - 1, 60.0 * minute + 59) if s >= 0]
        _, wins = fa.feed(t, REDUCER.reduce(p), cycles, "cycling")
        n_windows += len(wins)
        most = max(most, fa.n_buffered)
    assert most <= (params.cycle_buffer_s + params.step_s) * rate_hz + 1
    assert len(fa._cycles) <= (params.window_s + params.settle_s + 60) + 2
    assert n_windows == 240 * 6 - 1 and fa.late_cycles_ == 0


def test_cycles_reported_after_their_window_was_final_are_counted_late():
    t = grid(0, 40)
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    fa.feed(t, REDUCER.reduce(strokes(t)), [], "cycling")
    fa.feed(grid(40, 41), REDUCER.reduce(strokes(grid(40, 41))), [Cycle("left", "stroke", 20.0, 21.0)],
            "cycling")
    assert fa.late_cycles_ == 1


def test_activity_and_order_are_checked():
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    t = grid(0, 2)
    with pytest.raises(ValueError, match="activity"):
        fa.feed(t, REDUCER.reduce(strokes(t)), [], "rowing")
    fa.feed(t, REDUCER.reduce(strokes(t)), [], "cycling")
    with pytest.raises(ValueError, match="time order"):
        fa.feed(t, REDUCER.reduce(strokes(t)), [], "cycling")


@pytest.mark.parametrize("areas_mm2", [[250.0, 300.0, 220.0], [186.0] * 11, [50.0] * 16, [150.0, 60.0, 300.0]])
def test_hot_spot_shortcuts_agree_with_the_sorted_sum(areas_mm2):
    from monitor.signal.hot_spot import hot_mean as _hot_mean

    n = len(areas_mm2)
    reducer = RegionReducer(_mth_layout([500.0] + areas_mm2, n))
    p = np.random.default_rng(n).uniform(0.0, 150.0, (400, n + 1))
    hot = reducer.reduce(p).region_hot_kpa["mth1"]
    sorted_sum = _hot_mean(p.T, np.isnan(p.T), reducer.area_mm2, np.arange(1, n + 1))
    np.testing.assert_allclose(hot, sorted_sum, rtol=1e-12, atol=1e-9)
    p[::7, 2] = np.nan  # with sensors missing, the sorted sum itself
    hot = reducer.reduce(p).region_hot_kpa["mth1"]
    np.testing.assert_allclose(hot, _hot_mean(p.T, np.isnan(p.T), reducer.area_mm2, np.arange(1, n + 1)))
