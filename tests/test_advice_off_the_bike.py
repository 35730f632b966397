"""Advice off the bike: a runner, a walker or someone on an elliptical or a stair-climber is told no cleat,
saddle, pedal or strap, in the likely cause as in the suggestions, live and after the session."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.suggestions import SUGGESTIONS, rule_for, suggest, words
from monitor.signal.params import AlertParams
from monitor.signal.patterns import NOTICE_PATTERNS, WARNING_PATTERNS
from monitor.signal.pedals import PEDALS
from monitor.signal.types import Assessment

OFF_THE_BIKE = ("running", "walking", "elliptical_or_stair")
BIKE_WORDS = re.compile(r"cleat|saddle|pedal|bike|strap|dial|clipless|toe clip|spin", re.I)
REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux", None)


@pytest.mark.parametrize("activity", OFF_THE_BIKE)
def test_no_bike_words_in_any_cause_or_suggestion_off_the_bike(activity):
    said = []
    for pattern in (*WARNING_PATTERNS, *NOTICE_PATTERNS):
        for region in REGIONS:
            for pedals in (None, *PEDALS):  # a rider's declared pedals stay on the bike
                rule = rule_for(pattern, region, activity, pedals)
                if rule is not None:
                    said.append((pattern, region, pedals, rule.cause))
                for s in suggest(pattern, region, activity, pedals):
                    for text in words(s, activity, ("left",), pedals):
                        said.append((pattern, region, pedals, text))
    assert [x for x in said if BIKE_WORDS.search(x[3])] == []


@pytest.mark.parametrize("region", ["mth1", "mth2_3"])
@pytest.mark.parametrize("activity", ["elliptical_or_stair", "walking"])
def test_a_focal_peak_on_an_elliptical_or_a_walk_is_read_without_a_cleat(activity, region):
    policy = AlertParams()
    alerts = AlertPolicy(policy).feed(Assessment("left", 400.0, "warning", "focal_mth", region), activity)
    (alert,) = [a for a in alerts if a.kind == "alert"]
    assert "cleat" not in alert.cause and "strike" not in alert.cause
    # the warning's break, then the pad: pads cut the forefoot peak in walking [21]
    assert alert.suggestion_keys[:2] == ("unweight", "met_pad")
    # under MTH2-3 the cause of domain.md's row whose met pad it suggests ([21]: the transverse arch dropping),
    # as a possibility someone can check; under MTH1, which that row is not for, none the table gives off a run
    # (had: the arch there too); not the stiff-sole row's ([5][8], carbon cycling plates, conflicting)
    if region == "mth2_3":
        assert alert.cause.startswith("possibly a dropping transverse arch"), alert.cause
    else:
        assert alert.cause == "not known from the pressure data", alert.cause
    assert "rigid" not in alert.cause, alert.cause


def test_a_forefoot_striking_runner_s_focal_peak_is_still_the_strike_pattern():
    # the strike pattern is the cause where the steps are measured forefoot strikes (tests/test_strike_advice.py)
    assert rule_for("focal_mth", "mth1", "running", strike="forefoot").cause == "strike pattern"
    assert suggest("focal_mth", "mth1", "running", strike="forefoot")[0].key == "forefoot_cushioning"


@pytest.mark.parametrize("activity", ["walking", "elliptical_or_stair"])
def test_a_walker_or_an_elliptical_user_is_not_given_a_runner_s_advice(activity):
    said = []
    for pattern in (*WARNING_PATTERNS, *NOTICE_PATTERNS):
        for region in REGIONS:
            rule = rule_for(pattern, region, activity)
            said += [rule.cause] if rule is not None else []
            said += [t for s in suggest(pattern, region, activity) for t in words(s, activity, ("left",))]
    assert [t for t in said if re.search(r"strike|running|step rate", t, re.I)] == []


def test_a_walker_s_forefoot_heavy_load_is_read_as_the_insole():
    rule = rule_for("forefoot_share_high", "mth2_3", "walking")
    assert rule.suggestions[0] == "arch_support" and "strike" not in rule.cause
    assert rule_for("forefoot_share_high", "mth2_3", "running", strike="forefoot").cause == "strike pattern"
    assert rule_for("forefoot_share_high", "mth2_3", "elliptical_or_stair").cause.startswith("leaning forward")


def test_swelling_on_foot_says_laces_in_the_alert_line_too():
    # had: "Swelling: loosen the right shoe a notch" (a strap's or a dial's notch) on a run's live alert
    for activity in OFF_THE_BIKE:
        short, text = words(suggest("creeping_load", "mth2_3", activity)[0], activity, ("right",))
        assert short == "Swelling: loosen the right shoe's laces" and "laces" in text, (short, text)
    assert words(suggest("creeping_load", "mth2_3", "cycling")[0], "cycling", ("right",))[0] == \
        "Swelling: loosen the right shoe a notch"


@pytest.mark.parametrize("activity", ["running", "walking"])
def test_the_break_off_the_bike_is_a_break_not_one_foot_lifted(activity):
    # a runner, a walker or someone on an elliptical cannot keep going with the weight off one foot: the
    # thing to do now is a break ([16][17][38] W), the foot is named by the alert line itself
    unweight = next(s for s in suggest("relief_rare", "mth2_3", activity) if s.key == "unweight")
    short, text = words(unweight, activity, ("left",))
    assert short == "Take a 20-60 s break"
    # a stop one can do, a relief the detector counts (docs/detection.md, "Gait": a stop of 20 s, not walking
    # on), with domain.md's rhythm [38]: had "(walk, or stand with the weight off both feet)"
    for feet in (("left",), ("left", "right")):
        text = words(unweight, activity, feet)[1]
        said = text.removesuffix("; the evidence for this comes from cyclists and wheelchair users only.")
        assert said.removesuffix(".") == "Stop for 20-60 s every 15-30 minutes (a guess; the sources give 15-30 s "\
            "every 15-30 min, or 1-2 min every 20-30 min, for wheelchair users [38]; 20 s is the shortest pause "\
            "Solewatch counts): sit, or stand and lift each foot in turn; on a treadmill, first slow the belt to a " \
            "stop or step onto its side rails", text  # a run or a walk may be on a treadmill (had: nothing of its belt)


@pytest.mark.parametrize("activity", ["elliptical", "stair_climber", "elliptical_or_stair"])
def test_the_break_on_a_moving_machine_begins_by_stepping_off_it(activity):
    """An elliptical or a stair climber moves under the feet: no one sits or lifts a foot on it. Had there:
    "Stop for 20-60 s ... every 15-30 minutes (sit, or stand and lift each foot in turn)", a walker's words."""
    alert = Alert(400.0, "left", "alert", "warning", None, "continuous_forefoot_load")
    advice = advise([alert], ("left", "right"), {"left": activity, "right": activity})
    tip = next(t for t in advice.tips if t.key == "unweight")
    assert tip.text.startswith("Step off the machine (or slow and stop it) first, then rest for 20-60 s every "
                             "15-30 minutes (a guess; "), tip.text
    assert tip.text.endswith(" Solewatch counts): sit, or stand and lift each foot in turn."), tip.text
    # the machine row's; its short line too (had: "Take a 20-60 s break", a runner's)
    assert (tip.short, tip.evidence, tip.strength) == ("Slow down, step off for 20-60 s", "[1][38]", "weak")
    for feet in (("left",), ("left", "right")):  # one break for either foot: the machine stops for both
        assert words(SUGGESTIONS["unweight"], activity, feet)[1] == tip.text


@pytest.mark.parametrize("pattern", ["forefoot_share_high", "cop_forward", "continuous_forefoot_load"])
def test_on_a_machine_the_heels_tip_and_the_break_say_the_break_once(pattern):
    """domain.md's elliptical row: "shift weight toward the heels; take breaks" [1]. Had: "Shift weight toward
    the heels and take short breaks." then "Take a 20-60 s break ...": the break said twice."""
    tips = [words(s, "elliptical", ("left", "right"))[1] for s in suggest(pattern, "mth2_3", "elliptical")]
    assert [t.split()[0] for t in tips] == ["Shift", "Step"], tips  # the break: step off the machine
    assert sum(len(re.findall(r"\bbreaks?\b|\bstop\b", t, re.I)) for t in tips) == 1, tips
