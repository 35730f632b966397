"""The whole per-foot pipeline on simulated insoles (firmware_sim.model, no radio).

Streaming equals batch: one block, chunks of 1, 7, 8 (a packet) and random sizes give identical cycles,
features, reliefs and assessments; starting mid-stream converges; NaN gaps never poison the state. Then
every scenario end to end: the healthy ones stay silent, each problem warns within 12 minutes of its
start on the right foot, naming its region and a fitting pattern.
"""

from __future__ import annotations

import functools
import math
from dataclasses import fields, is_dataclass

import numpy as np
import pytest

from firmware_sim.firmware import encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from monitor.codebook import FrameBlock
from monitor.link.protocol import decode_layout
from monitor.signal.cycles import cadence_per_min
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.patterns import PATTERN_FITS
from monitor.signal.pipeline import RECENT, FootPipeline, SessionPipeline

RATE_HZ = 100
WARN_WITHIN_S = 12 * 60
LAYOUTS = {side: decode_layout(encode_layout(InsoleSpec(side))) for side in ("left", "right")}


#: The rides the tests below read more than once (8 of them, at most 7 MB each); the scenario sessions each read
#: their own 20-minute rides once, uncached (``simulate.__wrapped__``): kept, they held 700 MB to the process' end.
@functools.lru_cache(maxsize=8)
def simulate(name: str, side: str, duration_s: float, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(t_s (n,), pressure_kpa (n, 18)) as the insole sends it: 100 Hz, 0.25 kPa counts."""
    spec = InsoleSpec(side)
    model = PressureModel(SCENARIOS[name], side, seed=seed, spec=spec)
    t = np.arange(int(round(duration_s * RATE_HZ))) / RATE_HZ
    kpa = np.concatenate([model.pressure_kpa(t[i:i + 6000]) for i in range(0, t.size, 6000)])
    raw = kpa_to_raw(kpa, spec.kpa_per_count_milli, spec.sample_bits).astype(float)
    return t, raw * spec.kpa_per_count


def run(t: np.ndarray, p: np.ndarray, side: str = "left", bounds=None, baseline=None) -> FootPipeline:
    """Feeds ``[bounds[i], bounds[i + 1])`` blocks (None: one block); ``baseline``: the rider's normal."""
    pipe = FootPipeline(side, LAYOUTS[side], RATE_HZ, DEFAULT_PARAMS, baseline=baseline)
    bounds = [0, t.size] if bounds is None else bounds
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        pipe.feed(FrameBlock(side, t[lo:hi], p[lo:hi]))
    return pipe


def results(pipe: FootPipeline) -> dict[str, object]:
    """Every result of a pipeline."""
    return {"cycles": pipe.cycles_, "contacts": pipe.contacts_, "strokes": pipe.strokes_,
            "cycle_features": list(pipe.cycle_features_), "windows": pipe.windows_,
            "assessments": pipe.assessments_, "reliefs": pipe.reliefs_, "activity": pipe.activity_}


def differences(a: object, b: object, where: str = "") -> list[str]:
    """Where ``a`` and ``b`` differ, exactly (every stage adds in a fixed order, so any chunking gives the
    same bits); NaN equals NaN."""
    if is_dataclass(a) and is_dataclass(b) and type(a) is type(b):
        return [d for f in fields(a) for d in differences(getattr(a, f.name), getattr(b, f.name),
                                                           f"{where}.{f.name}")]
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    if isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating)):
        if (math.isnan(a) and math.isnan(b)) or a == b:
            return []
        return [f"{where}: {a!r} != {b!r}"]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def assert_same(a: dict, b: dict) -> None:
    diffs = differences(a, b)
    assert not diffs, f"{len(diffs)} differences, first: {diffs[:3]}"


def chunks(n: int, size: int) -> list[int]:
    return [*range(0, n, size), n]


def random_chunks(n: int, seed: int, high: int = 400) -> list[int]:
    sizes = np.random.default_rng(seed).integers(1, high, size=n)
    return [0, *np.minimum(np.cumsum(sizes), n)[: int(np.searchsorted(np.cumsum(sizes), n)) + 1]]


@pytest.fixture(scope="module")
def ride():
    """Cleats too far forward, 8 minutes: notices, a warning at 5 min, a relief at 6 min, with a 3 s
    gap of lost frames, a 2 s stretch of missing rows and a sensor that reads nothing for 10 s."""
    t, p = simulate("cleat-forward", "left", 480.0)
    p = p.copy()
    p[(t >= 100.0) & (t < 103.0)] = np.nan
    p[(t >= 150.0) & (t < 160.0), 9] = np.nan
    keep = ~((t >= 200.0) & (t < 202.0))
    t, p = t[keep], p[keep]
    return t, p, results(run(t, p))


@pytest.fixture(scope="module")
def run_gait():
    t, p = simulate("tight-running-shoes", "right", 360.0)
    return t, p, results(run(t, p, "right"))


# -- streaming equals batch ------------------------------------------------------------------------

def test_batch_ride_has_every_stage_at_work(ride):
    t, p, batch = ride
    pipe = run(t, p)
    assert_same(results(pipe), batch)  # deterministic
    assert len(pipe.cycles_) > 600 and {c.kind for c in pipe.cycles_} == {"stroke"}
    assert pipe.reliefs_ and "notice" in {a.level for a in pipe.assessments_}
    known = run(t, p, baseline=rider_normal("cleat-forward"))  # the cleats moved since the healthy ride
    assert {a.level for a in known.assessments_} >= {"notice", "warning"}
    assert {act for _, act in pipe.activity_} >= {"cycling"}
    assert pipe.features.late_cycles_ == 0


@pytest.mark.parametrize("size", [8, 7])
def test_chunks_of_a_packet_and_of_7_equal_one_block(ride, size):
    t, p, batch = ride
    n = t.size if size == 8 else int(np.searchsorted(t, 240.0))
    if size == 7:
        batch = results(run(t[:n], p[:n]))
    assert_same(results(run(t[:n], p[:n], bounds=chunks(n, size))), batch)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_chunks_equal_one_block(ride, seed):
    t, p, batch = ride
    assert_same(results(run(t, p, bounds=random_chunks(t.size, seed))), batch)


def test_chunks_of_1_equal_one_block_through_a_relief():
    t, p = simulate("cleat-forward", "left", 420.0)
    lo = int(np.searchsorted(t, 345.0))
    t, p = t[lo:], p[lo:]  # 75 s from 345 s: the relief of 360-390 s and its windows
    batch = run(t, p)
    assert batch.reliefs_ and batch.assessments_
    assert_same(results(run(t, p, bounds=chunks(t.size, 1))), results(batch))


def test_gait_chunks_equal_one_block(run_gait):
    t, p, batch = run_gait
    assert_same(results(run(t, p, "right", bounds=random_chunks(t.size, 3, high=60))), batch)
    pipe = run(t, p, "right")
    assert len(pipe.contacts_) > 400 and all(to is not None for _, to in pipe.contacts_)
    assert pipe.cycles_[0].start_s < 3.0  # strides before the first activity label count by it


# -- mid-stream, gaps ------------------------------------------------------------------------------

def test_starting_mid_stream_converges(ride):
    """A pipeline started at 150 s agrees with the full one on every window after a minute and a half,
    and, judging against the same rider's normal, on the pattern and region of every assessment once the
    relief at 360-390 s is over (the level can differ: the late one has seen less of the load)."""
    t, p, _ = ride
    normal = rider_normal("cleat-forward")
    full = run(t, p, baseline=normal)
    lo = int(np.searchsorted(t, 150.0))
    late = run(t[lo:], p[lo:], baseline=normal)
    ref = {w.t_s: w for w in full.windows_}
    settled = [w for w in late.windows_ if w.t_s >= 240.0]
    assert len(settled) > 20
    for w in settled:
        r = ref[w.t_s]
        assert w.activity == r.activity and w.relieved_now == r.relieved_now
        for name in ("forefoot_share", "cop_y_mean", "ml_index", "residual_forefoot_kpa", "valid_fraction"):
            assert getattr(w, name) == pytest.approx(getattr(r, name), rel=1e-6, abs=1e-9), name
        assert w.peak_kpa == pytest.approx(r.peak_kpa, rel=1e-6)
    ref_c = {round(c.end_s, 6) for c in full.cycles_ if c.start_s >= 200.0}
    late_c = {round(c.end_s, 6) for c in late.cycles_ if c.start_s >= 200.0}
    assert late_c == ref_c
    ref_a = {a.t_s: (a.pattern, a.region) for a in full.assessments_}
    after = [a for a in late.assessments_ if a.t_s >= 400.0]
    assert after and all((a.pattern, a.region) == ref_a[a.t_s] for a in after)


def test_nan_gaps_never_poison_the_state(ride):
    t, p, _ = ride
    pipe = run(t, p)
    clean_t, clean_p = simulate("cleat-forward", "left", 480.0)
    clean = run(clean_t, clean_p)
    delay_s = pipe.lowpass.delay_s  # cycle times are corrected for the filter's delay
    for a, b in ((100.0, 103.0), (200.0, 202.0)):
        assert not any(c.start_s < b - delay_s - 1e-9 and c.end_s > a for c in pipe.cycles_)  # none spans
    by_t = {w.t_s: w for w in pipe.windows_}
    assert by_t[110.0].valid_fraction == pytest.approx(57 / 60)
    assert by_t[210.0].valid_fraction == pytest.approx(58 / 60)
    ref = {w.t_s: w for w in clean.windows_}
    for w in pipe.windows_:
        assert math.isfinite(w.forefoot_share) and math.isfinite(w.cop_y_mean)
        if w.t_s >= 280.0:  # a minute after every gap: the same as without them
            r = ref[w.t_s]
            assert w.valid_fraction == 1.0
            assert w.forefoot_share == pytest.approx(r.forefoot_share, rel=1e-3)
            assert w.peak_kpa == pytest.approx(r.peak_kpa, rel=1e-3)
    levels = [(a.t_s, a.level, a.pattern) for a in pipe.assessments_ if a.t_s >= 280.0]
    assert levels == [(a.t_s, a.level, a.pattern) for a in clean.assessments_ if a.t_s >= 280.0]


def test_a_walk_whose_data_stop_after_a_swing_keeps_its_time_since_relief_through_the_hole():
    """A walk whose rows stop at 35 s, mid-step, in the step of its last swing, and resume at 155 s: the
    time since relief of every window until the hole is the time with data after that swing (under a
    stride), not that plus the 5 s of the hole left in its step; any chunking gives the same."""
    t, p = simulate("healthy-walk", "left", 200.0)
    keep = ~((t >= 35.0) & (t < 155.0))
    t, p = t[keep], p[keep]
    batch = run(t, p)
    before = [w for w in batch.windows_ if 40.0 <= w.t_s <= 90.0]
    # the recogniser's label in the hole from 50 s on, as the same gap of missing rows has it
    assert [w.activity for w in before] == ["walking"] * 2 + ["unknown"] * 4
    for w in before:
        assert 33.5 < w.relief_t_s < 35.0
        assert w.time_since_relief_s == pytest.approx(35.0 - w.relief_t_s, abs=0.02), w.t_s
    assert_same(results(run(t, p, bounds=random_chunks(t.size, 5, high=700))), results(batch))


def test_a_gap_without_rows_gives_the_windows_a_gap_of_missing_rows_gives():
    """A ride whose rows stop at 60.05 s and resume at 180.05 s (an import's time jump over 60 s, a live
    gap left unfilled) has a window every 10 s through the gap, as the same gap of missing rows has: the
    same times, activities and values, after the data resume too (the windows without a sample have the
    activity then in effect; the filter restarts after either form of the gap); any chunking gives the same.
    Had: the gap's windows "cycling" from 1:30 against "unknown", and the cadence at 3:30 90.30 against 90.41."""
    t, p = simulate("cleat-forward", "left", 300.0)
    gap = (t >= 60.05) & (t < 180.05)
    absent = run(t[~gap], p[~gap])
    missing = run(t, np.where(gap[:, None], np.nan, p))
    assert [w.t_s for w in absent.windows_] == [w.t_s for w in missing.windows_] == [10.0 * k for k in range(1, 30)]
    assert [a.t_s for a in absent.assessments_] == [a.t_s for a in missing.assessments_]
    assert [w.activity for w in absent.windows_] == [m.activity for m in missing.windows_]
    for w, m in zip(absent.windows_, missing.windows_):  # a step's sums add zeros for missing rows: the last bit
        assert w.valid_fraction == m.valid_fraction
        for field in ("forefoot_share", "cadence_per_min", "cop_y_mean", "ml_index", "residual_forefoot_kpa",
                      "time_since_relief_s", "relief_t_s"):
            assert getattr(w, field) == pytest.approx(getattr(m, field), rel=0, abs=1e-9, nan_ok=True), (w.t_s, field)
        if w.valid_fraction == 0:
            assert differences(w, m) == [], w.t_s
    empty = [w for w in absent.windows_ if w.valid_fraction == 0]
    assert [w.t_s for w in empty] == [130.0, 140.0, 150.0, 160.0, 170.0, 180.0]
    assert all(math.isnan(w.forefoot_share) and math.isnan(w.ml_index) for w in empty)
    assert_same(results(run(t[~gap], p[~gap], bounds=random_chunks(int(np.count_nonzero(~gap)), 6, high=700))),
                results(absent))


def bounded(t: np.ndarray, p: np.ndarray, side: str, size: int = 997) -> FootPipeline:
    pipe = FootPipeline(side, LAYOUTS[side], RATE_HZ, DEFAULT_PARAMS, keep_history=False)
    for lo in range(0, t.size, size):
        pipe.feed(FrameBlock(side, t[lo:lo + size], p[lo:lo + size]))
    return pipe


def test_last_windows_are_every_window_of_the_latest_feed(ride):
    """A block longer than the pipeline's slice: last_windows_ holds the windows of all its slices."""
    t, p, batch = ride
    pipe = FootPipeline("left", LAYOUTS["left"], RATE_HZ, DEFAULT_PARAMS)
    pipe.feed(FrameBlock("left", t[:100], p[:100]))
    pipe.feed(FrameBlock("left", t[100:], p[100:]))  # 47,000 frames: several slices
    assert len(pipe.last_windows_) == len(batch["windows"]) > 40
    assert_same({"w": pipe.last_windows_}, {"w": batch["windows"]})


@pytest.mark.parametrize("case", ["ride", "gait", "short_walk"])
def test_bounded_history_gives_the_same_assessments_and_summary(ride, run_gait, case):
    """keep_history=False (the live monitor) keeps the latest RECENT results only, yet its assessments
    and its whole-session summary (from running sums and durations) are those of the full history."""
    if case == "short_walk":
        t, p = simulate("healthy-walk", "left", 9.0)
        side, full = "left", run(*simulate("healthy-walk", "left", 9.0))
    else:
        t, p, _ = ride if case == "ride" else run_gait
        side = "left" if case == "ride" else "right"
        full = run(t, p, side)
    live = bounded(t, p, side)
    assert len(live.windows_) == min(RECENT, len(full.windows_))
    assert len(live.assessments_) <= RECENT and len(live.cycles_) <= RECENT
    if case != "short_walk":
        assert len(full.cycles_) > RECENT and len(full.windows_) >= len(live.windows_)
    assert_same({"a": list(live.assessments_)}, {"a": full.assessments_[-RECENT:]})
    assert_same({"w": list(live.windows_)}, {"w": full.windows_[-RECENT:]})
    assert_same({"c": list(live.cycles_)}, {"c": list(full.cycles_)[-RECENT:]})
    assert_same(live.summary(), full.summary())
    summary = full.summary()
    kind = "stroke" if summary["activity"] == "cycling" else "stride"
    assert summary["cycles"] == len(full.cycles_)
    if summary["activity"] == "unknown":  # the short walk, never recognised: a cadence has no unit then
        assert math.isnan(summary["cadence_per_min"])
    else:
        assert summary["cadence_per_min"] == cadence_per_min(full.cycles_, kind)


def test_a_walk_sampled_at_25_hz_goes_through_the_pipeline():
    """An import at 25 Hz (every 4th frame of the 100 Hz walk): the pipeline runs (too slow for the 15 Hz
    low-pass, the frames pass unfiltered) and finds the walk's steps and cadence."""
    t, p = simulate("healthy-walk", "left", 60.0)
    pipe = FootPipeline("left", LAYOUTS["left"], 25.0, DEFAULT_PARAMS)
    pipe.feed(FrameBlock("left", t[::4], p[::4]))
    assert pipe.lowpass.cutoff_hz is None
    assert pipe.summary()["cadence_per_min"] == pytest.approx(110.0, rel=0.05)
    assert len(pipe.contacts_) >= 50


def test_a_walk_too_short_to_recognise_still_reports_its_steps():
    """Nine seconds of walking: no activity label yet, yet the stances and strides stand (they need an
    unloaded foot), and strides found before a known label are counted by it in a longer walk. The summary
    gives no cadence under the unknown activity, as its windows give none (docs/detection.md: no unit then);
    the strides' own rate is the walk's."""
    t, p = simulate("healthy-walk", "left", 9.0)
    pipe = run(t, p)
    assert all(act == "unknown" for _, act in pipe.activity_)
    assert len(pipe.contacts_) >= 6 and len(pipe.cycles_) >= 5
    assert {c.kind for c in pipe.cycles_} == {"stride"} and pipe.strokes_ == []
    summary = pipe.summary()
    assert math.isnan(summary["cadence_per_min"])
    assert cadence_per_min(pipe.cycles_, "stride") == pytest.approx(110.0, rel=0.05)
    assert summary["regions"]["mth2_3"]["peak_kpa"] > 150.0
    t, p = simulate("healthy-walk", "left", 60.0)
    longer = run(t, p)
    assert longer.cycles_[0].start_s < 2.0 and longer.contacts_[0][0] < 1.5


def test_a_foot_that_sends_only_missing_frames_yields_no_load():
    t = np.arange(6000) / RATE_HZ
    pipe = run(t, np.full((t.size, 18), np.nan))
    assert pipe.cycles_ == [] and pipe.reliefs_ == []
    assert all(w.valid_fraction == 0.0 for w in pipe.windows_)
    assert all(a.level == "none" for a in pipe.assessments_)
    assert all(math.isnan(w.relief_t_s) for w in pipe.windows_)  # no reading: when it was relieved is unknown


def test_a_foot_whose_readings_begin_late_streams_as_one_block(ride):
    # missing frames for the first 45 s, then the ride: no relief time before its first reading, and
    # chunks of 7 give what one block gives
    t, p, _ = ride
    p = p.copy()
    p[t < 45.0] = np.nan
    one = run(t, p)
    assert_same(results(run(t, p, bounds=chunks(t.size, 7))), results(one))
    first = float(t[~np.isnan(p).all(axis=1)][0])
    assert [w.t_s for w in one.windows_ if math.isnan(w.relief_t_s)] == [10.0, 20.0, 30.0, 40.0]
    assert all(w.relief_t_s >= first for w in one.windows_ if w.t_s > 45.0)


# -- simulated sessions end to end -----------------------------------------------------------------

HEALTHY = ("healthy-ride", "healthy-run", "healthy-walk", "walk-then-run", "healthy-elliptical", "stair-climber")
PROBLEMS = tuple(n for n, s in SCENARIOS.items() if s.conditions)
SIDES = ("left", "right")


def problem_duration_s(name: str) -> float:
    return max(c.start_s for c in SCENARIOS[name].conditions) + 9 * 60


#: The healthy session of the same activity, whose first minutes are the simulated rider's normal: the
#: simulator's problems start at the first stroke or step, so they are changes only against it.
NORMAL_OF = {"cycling_seated": "healthy-ride", "cycling_standing": "healthy-ride", "running": "healthy-run",
             "walking": "healthy-walk", "elliptical": "healthy-elliptical", "stair_climber": "stair-climber"}


@functools.lru_cache(maxsize=None)
def rider_normal(name: str):
    """The simulated rider's normal for scenario ``name``: learnt on 9 minutes of the healthy scenario of the
    same activity (same seed)."""
    return session.__wrapped__(NORMAL_OF[SCENARIOS[name].activity], 9 * 60.0).baseline_()


#: The latest session only (about 12 MB each): test_session_summary_and_routing reads the one-sided session
#: again, the last of the scenario tests (PROBLEM_ORDER).
@functools.lru_cache(maxsize=1)
def session(name: str, duration_s: float, known: bool = False) -> SessionPipeline:
    """``known``: judged against the rider's normal from the healthy scenario (rider_normal)."""
    pipes = SessionPipeline(LAYOUTS, {"left": RATE_HZ, "right": RATE_HZ}, DEFAULT_PARAMS,
                            baseline=rider_normal(name) if known else None)
    for side in SIDES:
        t, p = simulate.__wrapped__(name, side, duration_s)
        for lo in range(0, t.size, 6000):  # one-minute blocks
            pipes.feed(FrameBlock(side, t[lo:lo + 6000], p[lo:lo + 6000]))
    return pipes


def test_every_scenario_is_covered():
    assert set(HEALTHY) | set(PROBLEMS) == set(SCENARIOS)


@pytest.mark.parametrize("name", HEALTHY)
def test_healthy_sessions_are_silent(name):
    pipes = session(name, 20 * 60.0)
    for side in SIDES:
        pipe = pipes.feet[side]
        assert {a.level for a in pipe.assessments_} == {"none"}, side
        summary = pipe.summary()
        assert summary["first_warning_s"] is None
        expected = {"healthy-ride": "cycling", "healthy-run": "running", "healthy-walk": "walking",
                    "walk-then-run": "running"}  # 4 minutes of walking, 16 of running
        assert summary["activity"] == expected.get(name, "elliptical_or_stair")


#: Simulated problems not warned within WARN_WITHIN_S against the rider's normal yet, and why (strict: they
#: fail the day they pass).
NOT_YET = {
    "swelling": "the forefoot load creeps up 15 % only after the window (creep_ratio 1.15 over 5 minutes, "
                "with the residual share of the peak up 0.05)",
    "high-arch-flat-insole": "a forefoot share above the rider's normal is a notice: riding itself moves it "
                             "by up to 0.18 for minutes",
}


#: The problems in the order their tests run: the one-sided session last, for the test after them.
PROBLEM_ORDER = sorted(PROBLEMS, key=lambda n: n == "one-sided")


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[n]))
                                  if n in NOT_YET else n for n in PROBLEM_ORDER])
def test_problem_sessions_warn_within_12_minutes_naming_foot_region_and_pattern(name):
    sc = SCENARIOS[name]
    pipes = session(name, problem_duration_s(name), known=True)
    for side in SIDES:
        conds = [c for c in sc.conditions if c.applies_to(side)]
        warns = [a for a in pipes.feet[side].assessments_ if a.level in ("warning", "alert")]
        if not conds:
            assert warns == [], f"{side} foot has no condition"
            continue
        start_s = min(c.start_s for c in conds)
        first = warns[0] if warns else None
        assert first is not None and start_s <= first.t_s <= start_s + WARN_WITHIN_S, side
        assert first.foot == side
        assert any(first.pattern in PATTERN_FITS[c.pattern] for c in conds), first.pattern
        regions = {c.region for c in conds if c.region is not None}
        if regions:
            assert first.region in regions
        assert first.region in ("mth1", "mth2_3", "mth4_5", "hallux")


def test_session_summary_and_routing():
    pipes = session("one-sided", problem_duration_s("one-sided"), known=True)
    summary = pipes.summary()
    assert set(summary) == {"left", "right"}
    right, left = summary["right"], summary["left"]
    assert right["activity"] == "cycling" and right["cadence_per_min"] == pytest.approx(90.0, rel=0.03)
    assert left["first_warning_s"] is None and right["first_warning_s"] <= WARN_WITHIN_S
    assert right["regions"]["mth2_3"]["peak_kpa"] > 1.25 * left["regions"]["mth2_3"]["peak_kpa"]
    assert right["forefoot_share"] > left["forefoot_share"] and left["relief_count"] >= 1
    merged = pipes.assessments_
    assert [a.t_s for a in merged] == sorted(a.t_s for a in merged)
    with pytest.raises(ValueError, match="foot"):
        SessionPipeline({"left": LAYOUTS["left"]}).feed(FrameBlock("right", np.zeros(1), np.zeros((1, 18))))


def test_a_jump_in_the_time_axis_costs_what_its_data_cost():
    """Two 90-s stretches of one ride 10^6 s apart (a file's stray timestamp): the windows and activity
    labels are those of the data plus one empty window marking the hole, not 10^5 empty ones; any chunking
    gives the same."""
    t, p = simulate("cleat-forward", "left", 180.0)
    jumped = np.where(t >= 90.0, t + 1e6, t)
    batch = run(jumped, p)
    windows = batch.windows_
    empty = [w for w in windows if w.valid_fraction == 0]
    window_s, step_s = DEFAULT_PARAMS.features.window_s, DEFAULT_PARAMS.features.step_s
    assert len(empty) == 1 and 90.0 + window_s <= empty[0].t_s <= 90.0 + window_s + step_s, empty
    after = [w for w in windows if w.t_s > 1e6]
    assert len(windows) - len(after) <= (90.0 + window_s) / step_s + 2, len(windows)
    assert len(after) <= (90.0 + window_s) / step_s + 2, len(after)
    assert all(w.valid_fraction > 0 for w in after)
    assert len(batch.activity_) < 10
    assert_same(results(run(jumped, p, bounds=random_chunks(t.size, 4))), results(batch))
