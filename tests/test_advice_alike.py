"""Both feet are told the same where they showed the same.

A foot's first alert names one pattern, though the foot often shows several at once, and which comes first
can turn on a few seconds. A high arch on a flat insole, simulated as a first ride, gave the right foot "a
high share of the load on the forefoot" at 1:10 and the left "the centre of pressure far forward" at 1:20,
while each foot showed both: the verdict gave each foot its own cause, and "what to try" told the right
shoe to take an arch support and the left cleat to move back.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

from live_ride import live_ride

from monitor import load_session
from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert, AlertPolicy, Shown
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session
from monitor.session.offline import offline_session
from monitor.signal.types import Assessment

CYCLING = {"left": "cycling", "right": "cycling"}
FEET = ("left", "right")


def _assessment(foot: str, t_s: float, level: str, pattern: str, region: str,
                *also: tuple[str, str, str]) -> Assessment:
    return Assessment(foot, t_s, level, pattern, region, t_s, shown=((pattern, level, region), *also))


def _policy_run(assessments: list[Assessment]):
    policy = AlertPolicy()
    alerts = [al for a in assessments for al in policy.feed(a, "cycling")]
    return alerts, policy.shown()


def _high_arch_like():
    """Right: the share high and the centre forward from 70 s; left: the centre forward at 80 s, then both."""
    return _policy_run([
        _assessment("right", 70.0, "notice", "forefoot_share_high", "mth1", ("cop_forward", "notice", "mth1")),
        _assessment("left", 80.0, "notice", "cop_forward", "mth1"),
        _assessment("right", 80.0, "notice", "forefoot_share_high", "mth1", ("cop_forward", "notice", "mth1")),
        _assessment("left", 90.0, "notice", "forefoot_share_high", "mth1", ("cop_forward", "notice", "mth1")),
    ])


def test_the_alert_policy_keeps_each_patterns_first_showing_per_foot_and_level():
    _, shown = _policy_run([
        _assessment("left", 80.0, "notice", "cop_forward", "mth1"),
        _assessment("left", 90.0, "notice", "forefoot_share_high", "mth1", ("cop_forward", "notice", "mth2_3")),
        _assessment("left", 400.0, "warning", "forefoot_share_high", "mth1", ("cop_forward", "notice", "mth1")),
    ])
    assert shown["left"] == (Shown("cop_forward", "notice", 80.0, "mth1"),
                             Shown("forefoot_share_high", "notice", 90.0, "mth1"),
                             Shown("forefoot_share_high", "warning", 400.0, "mth1"))


def test_feet_whose_first_alerts_differ_but_that_showed_the_same_pattern_are_told_the_same():
    alerts, shown = _high_arch_like()
    assert [(a.foot, a.pattern) for a in alerts] == [("right", "forefoot_share_high"), ("left", "cop_forward")]
    apart = advise(alerts, FEET, CYCLING)  # without what the feet showed: each foot its first alert
    assert "on the left foot across the forefoot, heaviest under MTH1 (the centre of pressure far forward" in \
        apart.verdict, apart.verdict
    assert {t.feet for t in apart.tips} == {("left",), ("right",)}
    alike = advise(alerts, FEET, CYCLING, shown=shown)
    assert ("an early sign on both feet across the forefoot, heaviest under MTH1 (a high share of the load on the "
            "forefoot; likely cause: flat insole; forward cleat), seen first at 1:30 (left) and 1:10 (right)") \
        in alike.verdict, alike.verdict
    assert alike.tips and all(t.feet == FEET for t in alike.tips), [(t.key, t.feet) for t in alike.tips]
    # the shared pattern's suggestions first (the arch support), then those of the left foot's own first alert
    assert [t.key for t in alike.tips][0] == [t.key for t in apart.tips if t.feet == ("right",)][0]
    assert {t.key for t in alike.tips} == {t.key for t in apart.tips}


def test_a_pattern_one_foot_alone_showed_stays_that_foots():
    alerts, shown = _policy_run([
        _assessment("left", 70.0, "notice", "focal_mth", "mth2_3"),
        _assessment("right", 70.0, "notice", "residual_unloaded", "mth1"),
    ])
    advice = advise(alerts, FEET, CYCLING, shown=shown)
    assert "on the left foot under MTH2-3" in advice.verdict and \
        "; and on the right foot across the forefoot, heaviest under MTH1" in advice.verdict, advice.verdict
    assert {t.feet for t in advice.tips} == {("left",), ("right",)}


def test_a_warning_is_not_made_alike_by_a_notice_of_the_same_pattern():
    alerts, shown = _policy_run([
        _assessment("left", 300.0, "warning", "focal_mth", "mth2_3"),
        _assessment("right", 300.0, "warning", "residual_unloaded", "mth1", ("focal_mth", "notice", "mth2_3")),
    ])
    advice = advise(alerts, FEET, CYCLING, shown=shown)
    assert "on the left foot under MTH2-3 (a focal pressure peak" in advice.verdict, advice.verdict
    assert all(t.feet == ("left",) for t in advice.tips if t.key in ("cleat_back", "met_pad")), advice.tips


def test_a_foot_without_a_sign_of_its_own_is_not_told_the_other_foots_fix():
    """The right foot showed the focal peak too, but raised no alert (a snoozed notice, say): the sign is
    the left foot's only, and so are its suggestions."""
    alerts, shown = _policy_run([_assessment("left", 70.0, "notice", "focal_mth", "mth2_3")])
    shown["right"] = (Shown("focal_mth", "notice", 70.0, "mth2_3"),)
    advice = advise(alerts, FEET, CYCLING, shown=shown)
    assert "on the left foot only" in advice.verdict, advice.verdict
    assert all(t.feet == ("left",) for t in advice.tips), [(t.key, t.feet) for t in advice.tips]
    assert advice.tips[-1].key == "check_side"


@lru_cache(maxsize=None)
def _high_arch_first_ride():
    return analyze(offline_session("high-arch-flat-insole", duration_s=240.0, seed=1, rate_hz=50))


def test_each_assessment_shows_every_active_pattern_and_names_one_of_them():
    result = _high_arch_first_ride()
    both = [a for a in result.feet["left"].assessments_ if len(a.shown) > 1]
    assert both, "the left foot never showed two patterns at once"
    for a in both:
        assert (a.pattern, a.level, a.region) in a.shown
        assert {s[0] for s in a.shown} == {"forefoot_share_high", "cop_forward"}


def test_a_simulated_high_arch_on_a_flat_insole_tells_both_feet_the_same():
    result = _high_arch_first_ride()
    first = {}
    for a in result.alerts:
        first.setdefault(a.foot, a.pattern)
    assert first == {"right": "forefoot_share_high", "left": "cop_forward"}  # the seconds that split them
    advice = result.advice()
    assert ("an early sign on both feet across the forefoot, heaviest under MTH1 (a high share of the load on the "
            "forefoot") in advice.verdict, \
        advice.verdict
    assert advice.tips and all(t.feet == FEET for t in advice.tips), [(t.key, t.feet) for t in advice.tips]


def _live_high_arch(out):
    """150 s of the simulated high arch on a flat insole, live, on the default parameters, at 40x."""
    return live_ride(out, "high-arch-flat-insole", speed=40.0, seed=1, duration_s=150.0, channels=[])


def test_live_replay_and_analyze_tell_both_feet_the_same(tmp_path):
    live = _live_high_arch(tmp_path)
    replay = asyncio.run(replay_session(live.record.path))
    told = [(t.key, t.feet) for t in live.top_suggestions()]
    assert told and all(feet == FEET for _, feet in told), told
    assert [(t.key, t.feet) for t in replay.top_suggestions()] == told
    analysed = analyze(load_session(live.record.path)).advice()
    assert [(t.key, t.feet) for t in analysed.tips][:len(told)] == told


def test_feet_that_showed_the_same_sign_at_the_same_time_are_given_one_time():
    alerts = [Alert(70.0, foot, "alert", "notice", "mth2_3", "focal_mth") for foot in FEET]
    verdict = advise(alerts, FEET, CYCLING).verdict
    assert "an early sign on both feet under MTH2-3" in verdict, verdict
    assert "seen first at 1:10;" in verdict and "(left)" not in verdict, verdict
