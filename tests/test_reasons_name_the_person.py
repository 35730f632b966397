"""The detector's reasons name the person whose normal a window is judged against: "this runner's normal"
on a run, "this walker's" on a walk, "this wearer's" on a stepping machine, "this rider's" on a bike
(monitor.signal.activity_words.person, the word the rider's marks use). They used to say "this rider's
normal" of every activity, in the assessments' reasons and the assessments table of the API."""

from __future__ import annotations

import pytest

import monitor
from monitor.signal.baseline import ActivityBaseline, RiderBaseline, focal_ratios
from monitor.signal.detector import ForefootDetector
from monitor.signal.params import DetectorParams
from monitor.signal.types import WindowFeatures

P = DetectorParams()
PEAKS = {"mth1": 78.0, "mth2_3": 65.0, "mth4_5": 54.0, "hallux": 75.0, "lesser_toes": 39.0}
PTI = {"mth1": 2100.0, "mth2_3": 1800.0, "mth4_5": 1530.0, "hallux": 1900.0, "lesser_toes": 1000.0}


def _window(t_s: float, activity: str, *, ml: float = -0.16, peaks=None, residual: float = 10.0) -> WindowFeatures:
    return WindowFeatures(
        foot="left", t_s=t_s, window_s=60.0, activity=activity, cadence_per_min=90.0, forefoot_share=0.6,
        region_share={}, peak_kpa=dict(peaks or PEAKS), pti_kpa_s_per_min=dict(PTI), cop_y_mean=0.55,
        ml_index=ml, residual_forefoot_kpa=residual, time_since_relief_s=t_s, relieved_now=False,
        valid_fraction=1.0)


@pytest.mark.parametrize("activity, who", [("cycling", "rider"), ("running", "runner"), ("walking", "walker"),
                                           ("elliptical_or_stair", "wearer")])
def test_each_reason_against_the_kept_normal_names_the_activitys_person(activity, who):
    w = _window(60.0, activity)
    kept = RiderBaseline({"left": {activity: ActivityBaseline(
        30, ml_index=w.ml_index, forefoot_share=w.forefoot_share, residual_fraction=10.0 / 78.0,
        residual_kpa=10.0, cop_y=w.cop_y_mean, focal=focal_ratios(w))}})
    det = ForefootDetector("left", P, baseline=kept)
    # lateral, focal MTH2-3 and residual load each rose against the kept normal
    risen = dict(PEAKS, mth2_3=PEAKS["mth2_3"] * P.focal_rise * 1.1)
    out = [a for k in range(1, 91) for a in det.feed([_window(10.0 * k, activity, ml=-0.16 + P.ml_rise + 0.05,
                                                              peaks=risen, residual=30.0)])]
    reasons = {r for a in out for r in a.reasons if "normal" in r}
    named = {p for r in reasons for p in ("lateral_overload", "focal_mth", "residual_unloaded",
                                          "continuous_forefoot_load", "creeping_load") if r.startswith(p)}
    assert {"lateral_overload", "focal_mth"} <= named and named & {"residual_unloaded", "continuous_forefoot_load"}
    assert all(f"this {who}'s normal" in r for r in reasons), reasons
    if who != "rider":
        assert not any("rider" in r for r in reasons), reasons


def test_the_assessments_table_of_a_run_judged_against_its_kept_normal_speaks_of_the_runner():
    normal = monitor.analyze(monitor.offline_session("healthy-run", duration_s=6 * 60, seed=2)).baseline
    tight = monitor.analyze(monitor.offline_session("tight-running-shoes", duration_s=4 * 60), baseline=normal)
    reasons = monitor.assessments_table(tight)["reasons"].dropna()
    own = reasons[reasons.str.contains("'s normal")]
    assert len(own) and own.str.contains("this runner's normal").all(), own.tolist()[:3]
    assert not reasons.str.contains("rider").any()
