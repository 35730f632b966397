"""A sign the first minutes show that time would still make a warning is not said to be taken as normal.

The one-sided ride (a cleat too far forward on the right foot only) shows a focal MTH2-3 peak on the right
foot from 1:10: a population-tier notice, which the normal learnt from the first minutes holds, and from
1:30 a focal peak against the left foot (monitor.analysis.unilateral), of the change tier, which gathers
loaded time and warns at 5:10. A 2-minute ride of it said "it showed in the first minutes, which a session
without a kept normal of your own takes as normal, so time alone does not make it a warning", in analyze,
replay and the live summary alike; an 8-minute one warns the right foot at 5:10."""

from __future__ import annotations

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert, AlertPolicy, Shown
from monitor.analysis.batch import analyze
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.session.offline import offline_session
from monitor.signal.types import Assessment

FIRST_MINUTES = "it showed in the first minutes"
LONGER = "; a longer session would tell."
CYCLING = {"left": "cycling", "right": "cycling"}


def _notice(t_s: float = 70.0) -> Alert:
    return Alert(t_s, "right", "alert", "notice", "mth2_3", "focal_mth", "cleat too far forward")


def test_a_two_minute_one_sided_ride_says_a_longer_session_would_tell():
    # had: "...seen first at 1:10; it showed in the first minutes, which a session without a kept normal of
    # your own takes as normal, so time alone does not make it a warning: if a foot goes numb, ..."
    result = analyze(offline_session("one-sided", duration_s=120, seed=1))
    assert [(a.t_s, a.foot, a.level) for a in result.alerts] == [(70.0, "right", "notice")]
    verdict = result.advice().verdict
    assert verdict.startswith("Verdict: no warning, but an early sign on the right foot only under MTH2-3"), verdict
    assert FIRST_MINUTES not in verdict and verdict.endswith(", seen first at 1:10" + LONGER), verdict
    focal = next(s for s in result.shown["right"] if (s.pattern, s.level) == ("focal_mth", "notice"))
    assert focal.t_s == 70.0 and focal.gathers_s == 90.0  # against the left foot from 1:30


def test_the_eight_minute_one_sided_ride_still_warns_the_right_foot_at_5_10():
    result = analyze(offline_session("one-sided", duration_s=480, seed=1))
    assert [(a.t_s, a.foot, a.level) for a in result.alerts] == [(70.0, "right", "notice"), (310.0, "right", "warning")]
    assert result.advice().verdict.startswith("Verdict: sustained forefoot load on the right foot only under MTH2-3")
    assert "first warned at 5:10" in result.advice().verdict


def test_a_population_tier_sign_of_the_first_minutes_is_still_said_taken_as_normal():
    shown = {"right": (Shown("focal_mth", "notice", 70.0, "mth2_3"),)}  # never on a tier that gathers time
    verdict = advise([_notice()], ("left", "right"), CYCLING, data_s=120.0, warn_after_s=300.0, learnt_s=300.0,
                     shown=shown).verdict
    assert FIRST_MINUTES in verdict, verdict


def test_the_live_summary_says_so_too(tmp_path):
    counters = {"left": {"frames_missing": 0}, "right": {"frames_missing": 0}}
    shown = {"left": (), "right": (Shown("focal_mth", "notice", 70.0, "mth2_3", gathers_s=90.0),)}
    s = LiveSummary(RecordSummary(tmp_path, 120.0, counters, 0), [Delivered(_notice(), ("terminal",), "")],
                    {f: {"activity": "cycling"} for f in CYCLING}, data_s=120.0, warn_after_s=300.0, shown=shown)
    verdict = next(line for line in summary_text(s).splitlines() if line.startswith("Verdict:"))
    assert FIRST_MINUTES not in verdict and verdict.endswith(LONGER), verdict


def test_the_policy_keeps_when_a_pattern_first_gathered_loaded_time():
    policy = AlertPolicy()
    shown = (("focal_mth", "notice", "mth2_3"),)
    policy.feed(Assessment("right", 70.0, "notice", "focal_mth", "mth2_3", 70.0, shown=shown), "cycling")
    assert policy.shown()["right"][0].gathers_s is None  # a population-tier notice
    policy.feed(Assessment("right", 90.0, "notice", "focal_mth", "mth2_3", 70.0, shown=shown,
                           gathering=("focal_mth",)), "cycling")
    policy.feed(Assessment("right", 100.0, "notice", "focal_mth", "mth2_3", 70.0, shown=shown,
                           gathering=("focal_mth",)), "cycling")
    assert policy.shown()["right"][0].t_s == 70.0 and policy.shown()["right"][0].gathers_s == 90.0


def test_a_pattern_against_the_other_foot_under_a_relief_reminder_is_shown_and_gathers():
    """The left foot's own assessment is a relief reminder (a notice with no pattern of its own shown) while its
    MTH4-5 over MTH1 stands 1.40 x the right foot's: the lateral overload against the other foot is a notice
    too, so it does not replace the reminder, yet it gathers loaded time toward a warning. Had: it was in the
    assessment's ``gathering`` but not in its ``shown``, so the alert policy kept no Shown of it and its
    ``gathers_s`` was never recorded (the verdict could take the sign as the first minutes' normal)."""
    from dataclasses import replace

    from test_unilateral import STEP_S, _a

    from monitor.analysis.unilateral import UnilateralCheck
    from monitor.signal.params import DEFAULT_PARAMS

    check, policy = UnilateralCheck(("left", "right"), DEFAULT_PARAMS), AlertPolicy()
    handed = []
    for k in range(1, int(120.0 / STEP_S) + 1):  # 2 minutes: under warn_after_s, so a notice throughout
        t_s = k * STEP_S
        reminder = replace(_a("left", t_s, 1.40), level="notice", pattern="no_relief", since_s=0.0)
        for a in (reminder, _a("right", t_s, 1.0)):
            for b, activity in check.feed(a, "cycling"):
                handed.append(b)
                policy.feed(b, activity)
    gathered = [b for b in handed if b.foot == "left" and "lateral_overload" in b.gathering]
    assert gathered and all(b.pattern == "no_relief" for b in gathered)  # the reminder stays the named sign
    assert all({name for name, _, _ in b.shown} >= set(b.gathering) for b in handed)  # gathering within shown
    lateral = [s for s in policy.shown()["left"] if s.pattern == "lateral_overload"]
    assert [(s.level, s.region, s.gathers_s) for s in lateral] == [("notice", "mth4_5", gathered[0].t_s)]
