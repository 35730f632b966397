"""The population study (monitor.tools.population_study, population_tables): its scoring on hand-made
alerts, its runner's determinism, and a fast slice of held-out riders judged by the issue's criteria."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import pytest

from firmware_sim.population import draw_rider, is_held_out
from monitor.signal.params import DEFAULT_PARAMS
from monitor.tools.population_study import (
    WARN_WITHIN_S,
    Rendering,
    failed_ride,
    relief_class,
    run_study,
    score_ride,
    study_task,
)
from monitor.tools.population_tables import (
    acceptance,
    condition_rows,
    healthy_rows,
    markdown,
    rider_passes,
)

R30 = Rendering("solewatch18", 100, 1.0, 0.0, 1800.0)


def alert(t_s, foot, level="warning", region=None):
    return SimpleNamespace(t_s=float(t_s), foot=foot, level=level, region=region)


def truth(condition="healthy", foot=None, onset_s=None, relief=(), rider_id="r00001"):
    return {"rider_id": rider_id, "activity": "cycling", "condition": condition, "foot": foot,
            "onset_s": onset_s, "relief": [list(x) for x in relief]}


# ---------------------------------------------------------------------------- relief habits from the truth


def test_relief_class_from_the_longest_loaded_stretch():
    every5 = [(t, t + 30) for t in range(300, 1800, 330)]
    assert relief_class(truth(relief=every5), 1800.0) == "every_8min"
    assert relief_class(truth(relief=()), 1800.0) == "never"
    # the first relief after 9 minutes: one loaded stretch over 8 minutes
    assert relief_class(truth(relief=[(540, 560), (800, 830)]), 1000.0) == "less_often"
    # the stretch after the last relief counts too
    assert relief_class(truth(relief=[(300, 330)]), 900.0) == "less_often"
    assert relief_class(truth(relief=[(300, 330)]), 800.0) == "every_8min"
    # reliefs after the rendered end do not count
    assert relief_class(truth(relief=[(1000, 1030)]), 600.0) == "never"


# ---------------------------------------------------------------------------- scoring one ride


def test_healthy_rider_every_warning_is_false_and_levels_are_kept():
    out = score_ride(truth(relief=[(t, t + 30) for t in range(240, 1800, 300)]), R30,
                     [alert(100, "left", "notice"), alert(400, "left"), alert(1000, "left", "alert"),
                      alert(500, "right", "notice")], held_out=True)
    left, right = out
    assert (left.foot, right.foot) == ("left", "right")
    assert left.false_warnings == 2 and left.warnings_t_s == [400.0, 1000.0] and left.max_level == "alert"
    assert right.false_warnings == 0 and right.max_level == "notice"
    assert left.relief == right.relief == "every_8min"
    assert not left.affected and not left.detected and math.isnan(left.latency_s)


def test_focal_left_latency_region_pre_onset_and_healthy_foot():
    alerts = [alert(200, "left", region="mth2_3"), alert(250, "left", "notice", "mth1"),
              alert(600, "left", region="mth2_3"), alert(700, "right", region="mth1")]
    left, right = score_ride(truth("focal", "left", 300.0), R30, alerts, held_out=False)
    assert left.affected and not right.affected
    assert left.false_warnings == 1  # the warning before the onset
    assert left.latency_s == 300.0 and left.detected and left.region_ok is True
    assert right.false_warnings == 1
    assert not rider_passes([left, right])
    left2, right2 = score_ride(truth("focal", "left", 300.0), R30, alerts[1:3], held_out=False)
    assert rider_passes([left2, right2])


def test_wrong_region_late_warning_and_unresolved_region():
    left, _ = score_ride(truth("lateral", "left", 0.0), R30, [alert(100, "left", region="mth1")], True)
    assert left.detected and left.region_ok is False and not rider_passes([left])
    late, _ = score_ride(truth("lateral", "left", 0.0), R30,
                         [alert(WARN_WITHIN_S + 10, "left", region="mth4_5")], True)
    assert late.latency_s == WARN_WITHIN_S + 10 and not late.detected
    # a four-sensor insole has no MTH2-3 sensor: the region is not checked
    four = {"left": ["heel", "mth1", "mth4_5", "hallux"], "right": ["heel", "mth1", "mth4_5", "hallux"]}
    f, _ = score_ride(truth("focal", "left", 0.0), R30, [alert(100, "left", region="mth1")], True, four)
    assert f.detected and f.region_ok is None and rider_passes([f])
    # fsr8's MTH3 sensor resolves MTH2-3
    fsr = {"left": ["mth1", "mth3", "mth4_5"], "right": ["mth1", "mth3", "mth4_5"]}
    f, _ = score_ride(truth("focal", "left", 0.0), R30, [alert(100, "left", region="mth1")], True, fsr)
    assert f.region_ok is False


def test_whole_forefoot_conditions_accept_any_forefoot_region_or_none():
    for region, ok in (("mth1", True), ("mth4_5", True), ("hallux", True), (None, True),
                       ("heel_medial", False), ("midfoot_lateral", False)):
        left, right = score_ride(truth("tight_shoe", "both", 0.0), R30,
                                 [alert(60, "left", region=region), alert(70, "right", region=region)], True)
        assert left.region_ok is ok and right.region_ok is ok
        assert rider_passes([left, right]) is ok
    # bilateral: both feet must be warned
    left, right = score_ride(truth("swelling", "both", 600.0), R30, [alert(700, "left")], True)
    assert left.detected and not right.detected and not rider_passes([left, right])


def test_a_condition_too_close_to_the_end_is_not_judged():
    short = Rendering("four", 50, 0.0, 0.0, 900.0)
    left, _ = score_ride(truth("swelling", "left", 600.0), short, [], True)
    assert left.affected and not left.judged and rider_passes([left])
    left, _ = score_ride(truth("swelling", "left", 400.0), short, [], True)
    assert left.judged and not rider_passes([left])


# ---------------------------------------------------------------------------- tables


def _ride(rid, cond, foot, onset, relief, alerts, held=True, r=R30):
    return score_ride(truth(cond, foot, onset, relief, rid), r, alerts, held)


def test_tables_count_rider_hours_recall_latency_and_keep_the_split_apart():
    every5 = [(t, t + 30) for t in range(240, 1800, 300)]
    outs = (_ride("r1", "healthy", None, None, every5, [alert(900, "left")])
            + _ride("r2", "healthy", None, None, every5, [])
            + _ride("r3", "healthy", None, None, (), [alert(900, "right", "notice")])
            + _ride("r4", "focal", "left", 0.0, (), [alert(120, "left", region="mth2_3")])
            + _ride("r5", "focal", "right", 0.0, (), [alert(360, "right", region="mth2_3"), alert(400, "left")])
            + _ride("r6", "focal", "left", 0.0, (), [], held=False))
    (h,) = healthy_rows(outs, True)
    assert h["relieving"] == 2 and h["hours"] == pytest.approx(1.0) and h["false"] == 1
    assert h["false_per_h"] == pytest.approx(1.0) and h["never"] == 1 and h["never_max"] == "notice"
    (c,) = condition_rows(outs, True)
    assert (c["riders"], c["feet"], c["detected"], c["wrong_foot"], c["passed"]) == (2, 2, 2, 1, 1)
    assert c["median_latency_s"] == pytest.approx(240.0) and c["max_latency_s"] == 360.0
    assert c["region_ok"] == 2 and c["region_checked"] == 2
    (t,) = condition_rows(outs, False)
    assert (t["riders"], t["detected"], t["recall"]) == (1, 0, 0.0)
    outs[0].late_cycles = 2  # r1's left foot: a cycle counted after its window was final
    acc = acceptance(outs, True)
    assert not acc["relieving_met"] and acc["never_met"] and acc["condition_failed"] == 1 and not acc["met"]
    assert acc["late_cycles"] == 2 and acceptance(outs, False)["late_cycles"] == 0
    text = "\n".join(markdown(outs))
    assert "cycles reported after their window was final (streaming equals batch): 2." in text
    assert text.index("### Held-out riders") < text.index("### Tuning riders")
    clean = [o for o in outs if o.rider_id in ("r2", "r3", "r4")]
    assert acceptance(clean, True)["met"]


def test_a_ride_whose_analysis_failed_is_a_failure_and_is_listed():
    rider = draw_rider(3, 1, activity="cycling", condition="healthy")
    outs = failed_ride(rider, R30, "IndexError: deque index out of range")
    assert [o.error for o in outs] == ["IndexError: deque index out of range"] * 2
    acc = acceptance(outs, rider.held_out)
    assert acc["crashed"] == 1 and not acc["met"]
    assert "IndexError: deque index out of range" in "\n".join(markdown(outs))
    sick = failed_ride(draw_rider(3, 1, activity="cycling", condition="focal"), R30, "ValueError: x")
    assert not rider_passes(sick)


# ---------------------------------------------------------------------------- the runner


def test_a_known_rider_is_judged_against_an_earlier_healthy_ride():
    rider = draw_rider(2, 1, activity="cycling", condition="focal")
    assert rider.condition.onset_s == 0.0  # present from the first stroke
    earlier = rider.previous_ride(600.0)
    assert earlier.condition.kind == "healthy" and earlier.seed != rider.seed and earlier.ride_s == 600.0
    assert earlier.ratio == rider.ratio and earlier.cadence_per_min == rider.cadence_per_min
    each_alone = replace(DEFAULT_PARAMS, detector=replace(DEFAULT_PARAMS.detector, unilateral_ratio=1e9))
    alone = study_task(rider, Rendering("solewatch18", 50, 1.0, 0.0, 720.0), each_alone)
    first = study_task(rider, Rendering("solewatch18", 50, 1.0, 0.0, 720.0))
    known = study_task(rider, Rendering("solewatch18", 50, 1.0, 0.0, 720.0, known=True), each_alone)
    foot = rider.condition.foot
    assert foot in ("left", "right")  # one-sided
    assert [o.rendering.known for o in first + known] == [False] * 2 + [True] * 2
    assert not any(o.detected for o in alone if o.foot == foot)  # each foot alone: the ride's own normal
    assert all(o.detected and o.region_ok for o in known if o.foot == foot)  # against the kept normal
    assert all(o.false_warnings == 0 for o in known)
    # on a first ride, the other foot stands for the normal (monitor.analysis.unilateral)
    assert all(o.detected and o.region_ok for o in first if o.foot == foot)
    assert all(o.false_warnings == 0 for o in first)


def test_run_study_is_the_same_for_any_worker_count():
    riders = [draw_rider(i, 7) for i in (0, 1)]
    kw = dict(layouts=["four"], rates=[25], noises=[2.0], quants=[2.5], duration_s=400.0)
    one = run_study(riders, **kw, workers=1)
    two = run_study(riders, **kw, workers=2)
    assert len(one) == 4 and [repr(o) for o in one] == [repr(o) for o in two]  # repr: NaN equals NaN
    assert [o.rendering.duration_s for o in one] == [400.0] * 4
    assert [o.rider_id for o in one] == ["r00000", "r00000", "r00001", "r00001"]


@pytest.mark.parametrize("workers", [1, 2])
def test_run_study_reports_progress_per_task(workers):
    seen = []
    riders = [draw_rider(i, 7) for i in (0, 1)]
    run_study(riders, ["four", "fsr8"], [25], [2.0], [2.5], 120.0, workers=workers,
              progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


# ---------------------------------------------------------------------------- a fast held-out slice


def _held_out_rider(want, used=()):
    """The first held-out rider of population 1 (forced to cycling and the condition) meeting ``want``,
    its index not in ``used`` (ids stay unique: forced draws of one index share its id)."""
    for i in range(2000):
        if i in used or not is_held_out(f"r{i:05d}"):
            continue
        kind = want["condition"]
        r = draw_rider(i, 1, activity="cycling", condition=kind)
        c = r.condition
        if kind == "healthy":
            if (r.relief_every_s is None) == (want["relief"] == "never"):
                return r
        elif c.foot in want.get("feet", ("left", "right")) and c.onset_s == 0.0:
            return r
    raise AssertionError(f"no held-out rider for {want}")


SLICE = [dict(condition="healthy", relief="every_8min"), dict(condition="healthy", relief="never"),
         dict(condition="focal"), dict(condition="lateral"), dict(condition="tight_shoe")]
#: Known riders (judged against the normal kept from an earlier healthy ride): every condition here is
#: present from the first stroke, which a first ride takes for the rider's normal.
SLICE_RENDERINGS = [Rendering("solewatch18", 100, 1.0, 0.0, 600.0, known=True),
                    Rendering("moticon16", 50, 2.0, 2.5, 600.0, known=True),
                    Rendering("pedar99", 25, 3.0, 0.0, 600.0, known=True)]


@pytest.fixture(scope="module")
def slice_outcomes():
    out, used = [], set()
    for want in SLICE:
        rider = _held_out_rider(want, used)
        used.add(int(rider.rider_id[1:]))
        assert rider.held_out
        for r in SLICE_RENDERINGS:
            feet = study_task(rider, r)
            if want["condition"] == "healthy":
                assert feet[0].relief == want["relief"], (rider.rider_id, feet[0].relief)
            out += feet
    return out


def test_fast_slice_meets_the_acceptance_criteria(slice_outcomes):
    acc = acceptance(slice_outcomes, held_out=True)
    assert acc["relieving_met"], acc
    assert acc["never_met"], acc
    assert acc["condition_met"], "\n".join(markdown(slice_outcomes))
    assert acc["late_cycles"] == 0, acc


def test_fast_slice_is_well_formed(slice_outcomes):
    assert len(slice_outcomes) == 2 * len(SLICE) * len(SLICE_RENDERINGS)
    assert all(o.held_out for o in slice_outcomes)
    assert {o.condition for o in slice_outcomes} == {"healthy", "focal", "lateral", "tight_shoe"}
    assert len({o.rider_id for o in slice_outcomes}) == len(SLICE)
    assert all(o.judged for o in slice_outcomes if o.affected)


def test_validation_population_section_states_the_plan_and_both_splits():
    from monitor.tools.validation import FULL_PLAN, QUICK_PLAN, population_section

    outs = (_ride("r1", "healthy", None, None, (), [alert(400, "left")], held=True)
            + _ride("r2", "lateral", "right", 0.0, (), [alert(300, "right", region="mth4_5")], held=False))
    text = "\n".join(population_section(outs, QUICK_PLAN, 12.0))
    assert "quick (--quick) run" in text and "### Held-out riders" in text and "### Tuning riders" in text
    assert "### Tuning riders, first rides" in text and "*known rider*" in text
    assert "| solewatch18 | 100 Hz, 1 kPa noise, 0 kPa step | - | 1/1; 1/1; 300 s; 1/1 | - | - | - | 0 | 0 |" in text
    assert FULL_PLAN.known == (True, False)
    assert set(FULL_PLAN.layouts) == {"solewatch18", "moticon16", "fsr8", "four", "pedar99"}
    assert FULL_PLAN.duration_s >= 1200 and len(FULL_PLAN.combos) >= 2
