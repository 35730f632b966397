"""Alert policy: raise, escalate, no storms, snooze, back to normal, stale data; the suggestions table."""

from __future__ import annotations

import pytest

from monitor.analysis.alerts import AlertPolicy
from monitor.analysis.suggestions import (
    RULES,
    SUGGESTIONS,
    referrals,
    rule_for,
    suggest,
)
from monitor.signal.params import AlertParams
from monitor.signal.types import Assessment


def A(t, level, foot="left", pattern="focal_mth", region="mth2_3"):
    return Assessment(foot, t, level, pattern if level != "none" else None, region if level != "none" else None)


def _run(policy, stream, activity="cycling"):
    out = []
    for a in stream:
        out += policy.feed(a, activity)
    return out


def test_escalation_raises_each_level_once_and_names_foot_region_pattern():
    pol = AlertPolicy(AlertParams(quiet_s=300))
    stream = [A(t, "none") for t in range(0, 60, 10)] + [A(t, "warning") for t in range(60, 200, 10)] + \
             [A(t, "alert") for t in range(200, 260, 10)]
    alerts = _run(pol, stream)
    assert [(x.kind, x.level) for x in alerts] == [("alert", "warning"), ("alert", "alert")]
    w = alerts[0]
    assert (w.t_s, w.foot, w.region, w.pattern) == (60, "left", "mth2_3", "focal_mth")
    assert w.suggestion_keys[:3] == ("unweight", "cleat_back", "met_pad")  # the break first after a warning
    assert "LEFT" in w.message.upper() and "MTH2-3" in w.message


def test_no_storm_repeats_only_after_the_quiet_time():
    pol = AlertPolicy(AlertParams(quiet_s=300))
    alerts = _run(pol, [A(t, "warning") for t in range(0, 1000, 10)])
    assert [x.t_s for x in alerts] == [0, 300, 600, 900]


def test_back_to_normal_after_relief_once():
    pol = AlertPolicy()
    alerts = _run(pol, [A(0, "warning"), A(10, "warning"), A(20, "none"), A(30, "none")])
    assert [x.kind for x in alerts] == ["alert", "back_to_normal"]


def test_a_notice_that_clears_gives_no_back_to_normal():
    pol = AlertPolicy()
    alerts = _run(pol, [A(0, "notice", pattern="no_relief", region=None), A(10, "none")])
    assert [x.kind for x in alerts] == ["alert"]


def test_snooze_silences_repeats_and_notices_but_not_escalation():
    pol = AlertPolicy(AlertParams(quiet_s=100, snooze_s=500))
    pol.snooze("left", 0)
    alerts = _run(pol, [A(0, "notice", pattern="no_relief", region=None)]
                  + [A(t, "warning") for t in range(10, 400, 10)] + [A(400, "alert")])
    assert [(x.t_s, x.level) for x in alerts] == [(10, "warning"), (400, "alert")]


def test_feet_are_independent():
    pol = AlertPolicy()
    alerts = _run(pol, [A(0, "warning", "left"), A(0, "warning", "right"), A(10, "none", "left")])
    assert [(x.foot, x.kind) for x in alerts] == [("left", "alert"), ("right", "alert"), ("left", "back_to_normal")]


def test_hysteresis_hold():
    pol = AlertPolicy(AlertParams(raise_hold_s=30))
    alerts = _run(pol, [A(0, "warning"), A(10, "warning"), A(20, "none"), A(30, "warning"),
                        A(50, "warning"), A(60, "warning")])
    assert [x.t_s for x in alerts] == [60]


def test_data_stale_once_and_never_a_false_all_clear():
    pol = AlertPolicy(AlertParams(stale_after_s=10))
    pol.data("right", 100.0)
    assert pol.tick(105.0) == []
    stale = pol.tick(111.0)
    assert [(x.foot, x.kind) for x in stale] == [("right", "data_stale")]
    assert pol.tick(130.0) == []  # once
    pol.data("right", 100.0)  # the same old data again is not news
    assert pol.tick(140.0) == []
    assert "unknown" in stale[0].message
    pol.data("right", 131.0)
    assert pol.tick(135.0) == []


def test_every_rule_points_at_known_suggestions_with_evidence():
    for rule in RULES:
        assert rule.suggestions and all(k in SUGGESTIONS for k in rule.suggestions)
        assert rule.evidence
    for s in SUGGESTIONS.values():
        assert s.strength in ("weak", "moderate", "strong")
        assert len(s.short) <= 40


@pytest.mark.parametrize("pattern, region, activity, first, pedals", [
    ("focal_mth", "mth2_3", "cycling", "cleat_back", None),
    ("focal_mth", "mth2_3", "cycling", "met_pad", "flat"),  # no cleat to move
    ("focal_mth", "mth4_5", "cycling", "varus_wedge", None),
    ("focal_mth", "mth1", "cycling", "higher_cadence", None),
    ("focal_mth", "mth1", "running", "forefoot_cushioning", None),
    ("residual_unloaded", "mth2_3", "running", "loosen_closure", None),
    ("residual_unloaded", "mth1", "cycling", "loosen_closure", "clipless"),
    ("residual_unloaded", "mth1", "cycling", "no_toe_clips", "toe-clips"),
    ("residual_unloaded", "mth1", "running", "loosen_closure", "toe-clips"),  # toe clips are on the bike
    ("forefoot_share_high", "mth2_3", "cycling", "arch_support", None),
    ("creeping_load", "mth2_3", "cycling", "loosen_progressively", None),
    ("forefoot_share_high", "mth1", "elliptical_or_stair", "heels_back", None),
    ("no_relief", None, "cycling", "unweight", None),
])
def test_suggestions_table(pattern, region, activity, first, pedals):
    assert suggest(pattern, region, activity, pedals)[0].key == first


def test_a_tight_shoe_pattern_that_comes_late_is_swelling():
    from monitor.analysis.suggestions import advice_pattern

    assert advice_pattern("residual_unloaded", 70.0) == "residual_unloaded"
    assert advice_pattern("residual_unloaded", 1300.0) == "creeping_load"
    assert advice_pattern("focal_mth", 1300.0) == "focal_mth"
    texts = " ".join(s.text for s in suggest("creeping_load", "mth1", "cycling"))
    assert "swell" in texts.lower() and "loosen progressively" in texts and "thinner socks" in texts
    assert "unweight" in texts


def test_the_words_name_the_foot_and_speak_the_activity():
    from monitor.analysis.suggestions import words

    assert words(SUGGESTIONS["cleat_back"], "cycling", ("right",))[0] == "Move the right cleat back 2-10 mm"
    assert words(SUGGESTIONS["cleat_back"], "cycling", ("left", "right"))[0] == "Move both cleats back 2-10 mm"
    short, text = words(SUGGESTIONS["loosen_closure"], "running", ("left",))
    assert "laces" in text and "dial" not in text and "strap" not in text and "left shoe" in text
    # domain.md gives a tight shoe a wider toe box and a higher volume, no length (tests/test_advice_domain_words.py)
    assert "higher-volume" in SUGGESTIONS["roomier_shoe"].text and "longer" not in SUGGESTIONS["roomier_shoe"].text
    for s in SUGGESTIONS.values():
        for act in ("cycling", "running"):
            assert len(words(s, act, ("right",))[0]) <= 40, s.key


def test_the_required_adjustments_and_referrals_are_all_there():
    keys = set(SUGGESTIONS)
    for needed in ("loosen_closure", "roomier_shoe", "loosen_progressively", "wider_toe_box", "no_toe_clips",
                   "cleat_back", "met_pad", "arch_support",
                   "varus_wedge", "higher_cadence", "unweight", "forefoot_cushioning", "step_rate"):
        assert needed in keys
    assert "saddle" in SUGGESTIONS["cleat_back"].text
    assert "stops short of the toes" in SUGGESTIONS["arch_support"].text
    assert any("clinician" in r and "diabetes or neuropathy" in r for r in referrals(["cycling"]))
    assert any("leg pain" in r for r in referrals(["cycling"]))
    assert rule_for("made_up", None, None) is None


def test_every_detector_pattern_has_plain_words_for_reports():
    from monitor.analysis.suggestions import PATTERN_WORDS, pattern_words
    from monitor.signal.patterns import NOTICE_PATTERNS, WARNING_PATTERNS

    assert set(PATTERN_WORDS) == set(WARNING_PATTERNS) | set(NOTICE_PATTERNS)
    assert pattern_words("focal_mth") == "a focal pressure peak under the metatarsal heads"
    from monitor.analysis.suggestions import PATTERN_SHORT

    assert set(PATTERN_SHORT) == set(PATTERN_WORDS) and all("_" not in w for w in PATTERN_SHORT.values())
    assert pattern_words("something_new") == "something new"


@pytest.mark.parametrize("t_s, text", [(0.0, "0:00"), (59.4, "0:59"), (59.6, "1:00"), (310.0, "5:10"),
                                       (3599.6, "1:00:00"), (4 * 3600 + 61.0, "4:01:01"), (-3.0, "0:00"),
                                       (None, "-"), (float("nan"), "-"), (float("inf"), "-")])
def test_session_times_for_people(t_s, text):
    from monitor.util.timefmt import clock_text

    assert clock_text(t_s) == text
    assert clock_text(None, missing="none") == "none"


def test_a_level_that_lapses_is_raised_again_at_once_not_after_the_quiet_time():
    """quiet_s spaces the repeats of a level that holds; a notice that lapses (silently) or a warning that
    lapses (with its back-to-normal) is raised again as soon as it shows again, within quiet_s: the rule
    docs/detection.md ("From assessments to alerts") and docs/events-json.md ("When events happen") say."""
    from pathlib import Path

    pol = AlertPolicy(AlertParams(quiet_s=600))
    notice = _run(pol, [A(0, "notice"), A(10, "notice"), A(20, "none"), A(150, "notice"), A(160, "notice")])
    assert [(x.t_s, x.kind, x.level) for x in notice] == [(0, "alert", "notice"), (150, "alert", "notice")]
    pol = AlertPolicy(AlertParams(quiet_s=600))
    warned = _run(pol, [A(0, "warning"), A(20, "none"), A(150, "warning")])
    assert [(x.t_s, x.kind) for x in warned] == [(0, "alert"), (20, "back_to_normal"), (150, "alert")]
    docs = Path(__file__).resolve().parents[1] / "docs"
    said = {name: " ".join((docs / name).read_text(encoding="utf-8").split())
            for name in ("detection.md", "events-json.md")}
    assert "a level that lapses (the foot assessed \"none\": a notice silently" in said["detection.md"]
    assert "is raised again at once when it shows again, however soon" in said["detection.md"]
    assert "a level that lapsed (the foot assessed \"none\" again: a notice ends without an event" in \
        said["events-json.md"]
    assert "is an alert again as soon as it shows again, `quiet_s` or not" in said["events-json.md"]


@pytest.mark.parametrize("strikes, why", [
    ({"left": "forfoot"}, "AlertPolicy strikes: left 'forfoot' is not a footstrike: one of rearfoot, midfoot, "
                          "forefoot (None: not measured)"),
    ({"left": "Forefoot"}, "AlertPolicy strikes: left 'Forefoot' is not a footstrike: one of rearfoot, midfoot, "
                           "forefoot (None: not measured)"),
    ({"lefft": "forefoot"}, "AlertPolicy strikes: foot 'lefft' is not a foot: left or right"),
])
def test_a_footstrike_told_that_is_no_footstrike_is_refused(strikes, why):
    """A footstrike told instead of the measured one (``strikes``) is one of monitor.analysis.strike.STRIKES
    or None, for a foot of monitor.codebook.FEET (had: a misspelt word or foot quietly matched no strike row,
    a forefoot striker told a rearfoot striker's fixes)."""
    with pytest.raises(ValueError) as caught:
        AlertPolicy(strikes=strikes)
    assert str(caught.value) == why


def test_a_footstrike_told_may_be_none_or_any_of_the_strikes():
    from monitor.analysis.strike import STRIKES

    for word in (*STRIKES, None):
        assert AlertPolicy(strikes={"left": word, "right": word}).strikes == {"left": word, "right": word}
