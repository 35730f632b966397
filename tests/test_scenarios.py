"""firmware_sim.scenarios: ground truth, relief, cadence, and each problem pattern in the numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from firmware_sim.layout import InsoleSpec
from firmware_sim.model import PressureModel
from firmware_sim.scenarios import (
    CADENCE_RANGE_PER_MIN,
    CYCLING,
    SCENARIOS,
    Condition,
    ReliefSchedule,
    Scenario,
    get_scenario,
)

SPEC = InsoleSpec(side="left")
AREA_MM2 = np.array([s.area_mm2 for s in SPEC.sensors], dtype=float)
Y = np.array([s.y for s in SPEC.sensors])
HEEL = SPEC.indices("heel_medial", "heel_lateral")
MID = SPEC.indices("midfoot_medial", "midfoot_lateral")
MTH1 = SPEC.indices("mth1")
MTH23 = SPEC.indices("mth2", "mth3")
MTH45 = SPEC.indices("mth4", "mth5")
FORE = SPEC.indices("mth1", "mth2", "mth3", "mth4", "mth5", "hallux")
RELIEF_FLOOR_KPA = 10.0
REQUIRED = ("healthy-ride", "cleat-forward", "tight-shoes", "swelling", "lateral-overload",
            "high-arch-flat-insole", "toe-clips", "one-sided", "healthy-run", "forefoot-strike-run",
            "tight-running-shoes", "elliptical-leaning", "stair-climber")
HEALTHY = [n for n, s in SCENARIOS.items() if not s.conditions]
PROBLEMS = [n for n, s in SCENARIOS.items() if s.conditions]
GAIT = ("running", "walking")


def grid(t0_s: float, t1_s: float, rate_hz: float) -> np.ndarray:
    return np.arange(round(t0_s * rate_hz), round(t1_s * rate_hz)) / rate_hz


def run(name: str, t_s: np.ndarray, side: str = "left", seed: int = 7) -> tuple[np.ndarray, dict]:
    model = PressureModel(get_scenario(name), side, seed=seed)
    return model.pressure_kpa(t_s), model.truth(t_s)


class Window:
    """Pressure of one foot over a time window, with the measures of domain.md section 3."""

    def __init__(self, name: str, t0_s: float = 60.0, t1_s: float = 300.0, side: str = "left", rate_hz=100):
        t = grid(t0_s, t1_s, rate_hz)
        self.p, self.truth = run(name, t, side)
        self.scenario = get_scenario(name)
        weighted = ~self.truth["relief"]
        self.p, self.label = self.p[weighted], self.truth["phase_label"][weighted]
        self.cycle = self.truth["cycle"][weighted]
        self.force = self.p * AREA_MM2  # proportional to force; shares and COP need no unit

    def share(self, idx: list[int]) -> float:
        """Relative load (regional / total force-time integral) [8]."""
        return float(self.force[:, idx].sum() / self.force.sum())

    def cop_y(self) -> float:
        """Mean longitudinal centre of pressure, 0 heel to 1 toe."""
        return float((self.force @ Y).sum() / self.force.sum())

    def peak(self, idx: list[int]) -> float:
        """Median over complete cycles of the max pressure in ``idx`` (PP, kPa)."""
        mx = self.p[:, idx].max(axis=1)
        return float(np.median([mx[self.cycle == c].max() for c in np.unique(self.cycle)[1:-1]]))

    def unloaded_phase(self) -> np.ndarray:
        return np.isin(self.label, ("upstroke", "swing", "recovery"))


def runs_below(mask: np.ndarray, t_s: np.ndarray, min_s: float) -> list[tuple[float, float]]:
    """Runs of True in ``mask`` lasting at least ``min_s``: list of (start_s, end_s)."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    starts, ends = np.flatnonzero(np.diff(padded) == 1), np.flatnonzero(np.diff(padded) == -1)
    return [(t_s[a], t_s[b - 1]) for a, b in zip(starts, ends) if t_s[b - 1] - t_s[a] >= min_s]


# -- catalogue and ground truth ---------------------------------------------------------------------

def test_required_scenarios_exist_with_one_line_descriptions():
    assert set(REQUIRED) <= set(SCENARIOS)
    for name, sc in SCENARIOS.items():
        assert sc.name == name
        assert sc.description.strip() and "\n" not in sc.description and len(sc.description) <= 110
        assert sc.feet == ("left", "right")


def test_get_scenario_unknown_name_lists_valid_names():
    assert get_scenario("healthy-ride") is SCENARIOS["healthy-ride"]
    with pytest.raises(KeyError, match="valid:.*cleat-forward.*healthy-ride"):
        get_scenario("no-such-ride")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_ground_truth_round_trips_through_json(name):
    sc = SCENARIOS[name]
    gt = sc.ground_truth()
    assert json.loads(json.dumps(gt)) == gt
    assert json.loads(sc.to_json()) == gt
    assert gt["scenario"] == name and gt["activity"] == sc.activity
    assert gt["cadence_per_min"] == sc.cadence_per_min
    assert len(gt["conditions"]) == len(sc.conditions)
    for cond in gt["conditions"]:
        assert set(cond) >= {"name", "start_s", "end_s", "foot", "region", "cause", "pattern"}
    for start_s, end_s in gt["relief_s"]:
        assert 0 <= start_s < end_s <= gt["duration_s"] + sc.relief.duration_s
    counterpart = gt["healthy_counterpart"]
    if counterpart is not None:
        base = SCENARIOS[counterpart]
        assert not base.conditions and base.activity == sc.activity
        assert base.cadence_per_min == sc.cadence_per_min and base.power_w == sc.power_w


def test_ground_truth_names_conditions_with_foot_region_and_cause():
    cleat = {c["pattern"]: c for c in get_scenario("cleat-forward").ground_truth()["conditions"]}
    assert cleat["focal_mth"]["region"] == "mth2_3" and cleat["focal_mth"]["start_s"] <= 60
    assert cleat["cop_forward"]["cause"] == "cleat too far forward"
    one = get_scenario("one-sided").ground_truth()["conditions"]
    assert {c["foot"] for c in one} == {"right"}
    swelling = get_scenario("swelling").ground_truth()["conditions"][0]
    assert swelling["pattern"] == "creeping_load" and swelling["start_s"] == 600.0
    lateral = get_scenario("lateral-overload").ground_truth()["conditions"][0]
    assert lateral["region"] == "mth4_5"


def test_invalid_scenarios_and_conditions_are_rejected():
    with pytest.raises(ValueError, match="cadence"):
        Scenario(name="x", description="x", activity="running", cadence_per_min=120, strike="rearfoot",
                 default_duration_s=60)
    with pytest.raises(ValueError, match="power"):
        Scenario(name="x", description="x", activity="cycling_seated", cadence_per_min=90,
                 default_duration_s=60)
    with pytest.raises(ValueError, match="pattern"):
        Condition("x", 0.0, None, "both", None, "x", "sore_toes")
    with pytest.raises(ValueError, match="foot"):
        Condition("x", 0.0, None, "middle", None, "x", "focal_mth")
    with pytest.raises(ValueError, match="duration"):
        ReliefSchedule(every_s=30, duration_s=30, first_s=0)
    lo, hi = CADENCE_RANGE_PER_MIN["cycling_seated"]
    assert (lo, hi) == (60.0, 110.0)


# -- cadence and relief, measured from the signal ----------------------------------------------------

@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_cadence_measured_from_the_signal_matches_the_scenario(name):
    sc = SCENARIOS[name]
    rate_hz = 50.0
    t = grid(20, min(320, sc.then_s or 320), rate_hz)  # before the first relief of every schedule, and a run
    for side in ("left", "right"):
        p, truth = run(name, t, side)
        assert not truth["relief"].any()
        total = p @ AREA_MM2
        spectrum = np.abs(np.fft.rfft((total - total.mean()) * np.hanning(total.size), n=1 << 20))
        freq_hz = np.fft.rfftfreq(1 << 20, d=1 / rate_hz)
        band = (freq_hz > 0.6 * sc.cycle_hz) & (freq_hz < 1.5 * sc.cycle_hz)
        measured_hz = freq_hz[band][np.argmax(spectrum[band])]
        per_foot_per_min = sc.cadence_per_min if sc.activity in CYCLING else sc.cadence_per_min / 2
        assert measured_hz * 60 == pytest.approx(per_foot_per_min, rel=0.02)


@pytest.mark.parametrize("name", [n for n in HEALTHY if SCENARIOS[n].activity not in GAIT])
def test_healthy_sessions_relieve_the_forefoot_at_least_every_8_minutes(name):
    """Relief = every forefoot sensor below 10 kPa for >= 20 s; at least one every 8 minutes."""
    sc = SCENARIOS[name]
    t = grid(0, sc.default_duration_s, 20)
    p, truth = run(name, t)
    reliefs = runs_below(p[:, FORE].max(axis=1) < RELIEF_FLOOR_KPA, t, 20.0)
    assert len(reliefs) >= sc.default_duration_s // 480
    starts = [0.0] + [a for a, _ in reliefs] + [sc.default_duration_s]
    assert max(np.diff(starts)) <= 480.0
    schedule = sc.relief_intervals()
    assert len(reliefs) == len(schedule)
    for (a, b), (start_s, end_s) in zip(reliefs, schedule):
        assert start_s <= a and b < end_s  # found only inside the scheduled intervals
        assert truth["relief"][(t >= a) & (t <= b)].all()


@pytest.mark.parametrize("name", [n for n in HEALTHY if SCENARIOS[n].activity in GAIT])
def test_healthy_gait_unloads_the_forefoot_every_stride(name):
    w = Window(name, 0, 60, rate_hz=100)
    fore_max = w.p[:, FORE].max(axis=1)
    per_cycle_min = [fore_max[w.cycle == c].min() for c in np.unique(w.cycle)]
    assert max(per_cycle_min) < RELIEF_FLOOR_KPA


def test_healthy_ride_load_is_not_elevated():
    """Whole-foot peak inside 70-110 kPa for 200-300 W [4] W, forefoot unloaded only in reliefs."""
    w = Window("healthy-ride", 0, 3600, rate_hz=25)
    assert 70 <= w.peak(list(range(18))) <= 110
    assert w.p[:, FORE].mean(axis=1).max() < 110


def test_truth_relief_matches_the_ground_truth_intervals():
    sc = get_scenario("tight-shoes")
    t = grid(0, sc.default_duration_s, 10)
    _, truth = run("tight-shoes", t)
    expected = np.zeros(t.size, dtype=bool)
    for start_s, end_s in sc.ground_truth()["relief_s"]:
        expected |= (t >= start_s) & (t < end_s)
    assert np.array_equal(truth["relief"], expected) and expected.any()


# -- each problem pattern against its healthy counterpart ---------------------------------------------

def test_every_problem_scenario_has_a_healthy_counterpart_or_is_gym_baseline():
    for name in PROBLEMS:
        assert SCENARIOS[name].healthy_counterpart in HEALTHY


def test_cleat_forward_focal_mth2_3_and_cop_forward_from_the_first_minute():
    bad, good = Window("cleat-forward", 30, 120), Window("healthy-ride", 30, 120)
    assert bad.share(MTH23) > good.share(MTH23) + 0.04
    assert bad.cop_y() > good.cop_y() + 0.03
    assert bad.peak(MTH23) > 1.3 * good.peak(MTH23)
    assert bad.peak(MTH23) > bad.peak(MTH1)  # focal: MTH2-3 now the highest metatarsal region
    assert good.peak(MTH23) < good.peak(MTH1)


def test_tight_shoes_keep_the_forefoot_above_20_kpa_in_the_upstroke_and_reliefs():
    bad, good = Window("tight-shoes", 60, 600), Window("healthy-ride", 60, 600)
    assert bad.p[bad.unloaded_phase()][:, FORE].mean(axis=1).min() >= 20.0
    assert good.p[good.unloaded_phase()][:, FORE].mean(axis=1).min() < 12.0
    t = grid(360, 390, 50)  # a scheduled relief: the rider unweights, the closure still squeezes
    p, truth = run("tight-shoes", t)
    assert truth["relief"].all() and p[:, FORE].mean(axis=1).min() >= 20.0


def test_swelling_is_healthy_until_minute_10_then_forefoot_pti_creeps_up():
    t_early = grid(0, 590, 20)
    assert np.array_equal(run("swelling", t_early)[0], run("healthy-ride", t_early)[0])

    def forefoot_pti_per_min(name, t0_s, t1_s):
        w = Window(name, t0_s, t1_s, rate_hz=20)
        return w.p[:, FORE].mean(axis=1).sum() / 20.0 / ((t1_s - t0_s) / 60.0)

    rise_bad = forefoot_pti_per_min("swelling", 3000, 3600) / forefoot_pti_per_min("swelling", 0, 600)
    rise_good = (forefoot_pti_per_min("healthy-ride", 3000, 3600)
                 / forefoot_pti_per_min("healthy-ride", 0, 600))
    assert rise_bad > 1.3 and abs(rise_good - 1) < 0.05
    mid_ramp = forefoot_pti_per_min("swelling", 1200, 1500) / forefoot_pti_per_min("swelling", 0, 600)
    assert 1.05 < mid_ramp < rise_bad  # creeping, not a step


def test_lateral_overload_mth4_5_34_to_59_percent_above_mth1():
    bad, good = Window("lateral-overload"), Window("healthy-ride")
    ratio = bad.peak(MTH45) / bad.peak(MTH1)
    assert 1.30 <= ratio <= 1.65
    ml_index = lambda w: (w.share(MTH45) - w.share(MTH1)) / (w.share(MTH45) + w.share(MTH1))  # noqa: E731
    assert ml_index(bad) > 0.1 and ml_index(good) < 0.0


def test_high_arch_flat_insole_little_midfoot_high_forefoot_share():
    bad, good = Window("high-arch-flat-insole"), Window("healthy-ride")
    assert bad.share(MID) < 0.5 * good.share(MID)
    assert bad.share(FORE) > good.share(FORE) + 0.04


def test_toe_clips_compress_the_forefoot_through_the_upstroke():
    bad, good = Window("toe-clips"), Window("healthy-ride")
    up_bad = bad.p[bad.unloaded_phase()][:, FORE].mean(axis=1).mean()
    up_good = good.p[good.unloaded_phase()][:, FORE].mean(axis=1).mean()
    assert up_bad > up_good + 8.0
    assert bad.share(HEEL + MID) < good.share(HEEL + MID) - 0.04  # less spread [19]


def test_one_sided_pattern_on_the_right_foot_only():
    left, right = Window("one-sided", side="left"), Window("one-sided", side="right")
    base_left, base_right = Window("healthy-ride", side="left"), Window("healthy-ride", side="right")
    assert np.array_equal(left.p, base_left.p)
    assert right.share(MTH23) > base_right.share(MTH23) + 0.04
    assert right.cop_y() > left.cop_y() + 0.03


def test_forefoot_strike_run_high_mth1_low_heel():
    bad, good = Window("forefoot-strike-run", rate_hz=200), Window("healthy-run", rate_hz=200)
    assert bad.peak(MTH1) > 1.3 * good.peak(MTH1)
    assert bad.peak(HEEL) < 0.5 * good.peak(HEEL)
    assert bad.share(MTH1) > 1.3 * good.share(MTH1)  # PTI / relative load


def test_tight_running_shoes_keep_pressure_in_swing():
    bad, good = Window("tight-running-shoes"), Window("healthy-run")
    assert bad.p[bad.unloaded_phase()][:, FORE].mean(axis=1).min() > 15.0
    assert np.median(good.p[good.unloaded_phase()][:, FORE].mean(axis=1)) < 5.0


def test_elliptical_leaning_never_unloads_the_forefoot():
    bad, good = Window("elliptical-leaning"), Window("healthy-elliptical")
    per_cycle_min = lambda w: np.median([w.p[w.cycle == c][:, FORE].mean(axis=1).min()  # noqa: E731
                                         for c in np.unique(w.cycle)])
    assert per_cycle_min(good) < RELIEF_FLOOR_KPA < 30.0 < per_cycle_min(bad)
    assert bad.share(FORE) > good.share(FORE) + 0.05 and bad.peak(HEEL) < good.peak(HEEL)
    assert get_scenario("elliptical-leaning").relief is None
