"""The tips' words against domain.md's recommendation table (section 6): a tip that changes something says
which way; a cause that is a condition of the foot (a forefoot varus, a dropping transverse arch, a
deformity) is a possibility a clinician or fitter can check, never a diagnosis from pressure data; a run's or
a walk's focal peak is not put down to a rigid sole (the stiff-sole row is carbon cycling plates' [5][8]); the
break's "20-60 s" says it is a guess and what its sources give; and every rule is for a pattern the detector
can emit."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.suggestions import ON_FOOT, RULES, SUGGESTIONS, rule_for, suggest, words
from monitor.codebook import FOREFOOT_REGIONS
from monitor.signal.patterns import NOTICE_PATTERNS, WARNING_PATTERNS

#: Conditions of the foot that pressure data cannot establish.
CONDITIONS = re.compile(r"varus|arch dropping|dropping transverse arch|deformity|leg-length")


def test_the_gradual_strike_change_says_which_way():
    """had: "Change the strike pattern gradually, not all at once." (no direction) for a forefoot-strike run
    at 170 steps/min; a change toward a landing further back (rearfoot strikers load the forefoot less
    [13][14] M), said with the caution."""
    s = SUGGESTIONS["strike_gradually"]
    assert "midfoot" in s.text and "heel" in s.text and "gradually" in s.text, s.text
    assert "[13]" in s.evidence and "[14]" in s.evidence, s.evidence
    step = SUGGESTIONS["step_rate"]  # the run told to raise its step rate hears the same direction
    assert "further back" in step.text and "gradually" in step.text and "[14]" in step.evidence, step.text


@pytest.mark.parametrize("activity", ["running", *ON_FOOT])
@pytest.mark.parametrize("strike", [None, "rearfoot"])
def test_a_focal_peak_on_foot_is_not_put_down_to_a_rigid_sole(activity, strike):
    """had: a run's focal MTH1 peak, rearfoot or not measured, "a rigid sole concentrating load"."""
    for region in (*FOREFOOT_REGIONS, None):
        rule = rule_for("focal_mth", region, activity, None, strike)
        assert rule is not None and "rigid" not in rule.cause, (region, rule)


def test_a_condition_of_the_foot_is_a_possibility_someone_can_check():
    """had: "forefoot varus or a narrow shoe", "cleat too far forward; transverse arch dropping"."""
    for rule in RULES:
        if CONDITIONS.search(rule.cause):
            assert "possibly" in rule.cause and "can check" in rule.cause, rule.cause
    for s in SUGGESTIONS.values():
        for text in (s.text, s.gait_text or ""):
            assert "deformity loads" not in text, text  # had, on foot: "a leg-length difference or a deformity
            # loads one side"


@pytest.mark.parametrize("activity", ["cycling", "running", "elliptical_or_stair"])
def test_the_break_says_what_the_sources_give(activity):
    """had: "Stand up or unweight the foot for 20-60 s every 15-30 minutes." with [16][17][38]; then "(the
    sources give 15-60 s; ...)", which none of them gives ([38]: 15-30 s or 1-2 min; [16]: no time); 20 s is
    the detector's relief_min_s, a guess."""
    # in every activity the relief's time and how often come first, then the note ("20-60 s every 15-30 minutes
    # (a guess; ...")
    said = r"{} s every 15-30 minutes \(a guess; the sources give"
    text = words(SUGGESTIONS["unweight"], activity, ("left",))[1]
    assert re.search(said.format("20-60") + " 15-30 s every 15-30 min, or 1-2 min", text), text
    assert "20 s is the shortest" in text, text
    # a relief counted from 15 s asks for the table's 15-60 s, a guess too: no relief_min_s to name
    at_15 = words(SUGGESTIONS["unweight"], activity, ("left",), relief_min_s=15.0)[1]
    assert re.search(said.format("15-60"), at_15) and "shortest" not in at_15, at_15
    # the short line stays short
    assert "sources" not in words(SUGGESTIONS["unweight"], activity, ("left",))[0]


def test_every_rule_is_for_a_pattern_the_detector_can_emit():
    """had: rules for "low_midfoot_contact" and "unilateral", which no detector emits (the left-against-right
    check, monitor.analysis.unilateral, raises lateral_overload, focal_mth or residual_unloaded)."""
    emitted = {*WARNING_PATTERNS, *NOTICE_PATTERNS}
    assert {r.pattern for r in RULES} - emitted == set()
    assert all(suggest(p, None, "cycling") for p in emitted)


@pytest.mark.parametrize("activity", [None, "unknown"])
@pytest.mark.parametrize("pedals", [None, "clipless", "flat", "toe-clips"])
def test_an_activity_not_known_keeps_only_the_causes_domain_md_gives_a_focal_peak(activity, pedals):
    """domain.md section 6: a focal MTH2-3 peak's causes are "cleat too far forward; transverse arch dropping";
    the stiff-sole row's cause, a rigid plate, is of a sole known to be very stiff ([5][8], carbon and stiff
    cycling shoes), which pressure data do not show and an activity not known does not say; a cleat, of a bike
    it may not be (no cleat tip is given where the activity is not known). Had: "a rigid sole concentrating
    load, or possibly a dropping transverse arch" (flat pedals, toe clips), "a focal peak under a rigid plate or
    a forward cleat" (pedals not declared, clipless)."""
    for region in (*FOREFOOT_REGIONS, None):
        rule = rule_for("focal_mth", region, activity, pedals)
        assert rule is not None and "rigid" not in rule.cause and "cleat" not in rule.cause, (region, rule)
        if region in ("mth1", "mth2_3", None):  # the heads a pad goes behind (MET_PAD_REGIONS)
            assert "met_pad" in rule.suggestions, (region, rule)
        if region in ("mth2_3", None):  # the focal MTH2-3 row's arch; MTH1's: test_a_focal_mth1_peak_on_foot_...
            assert "dropping transverse arch" in rule.cause, (region, rule)


@pytest.mark.parametrize("activity", [*ON_FOOT, None, "unknown"])
def test_a_focal_mth1_peak_on_foot_is_not_put_down_to_a_dropping_arch(activity):
    """domain.md section 6 gives a dropping transverse arch for the focal MTH2-3 row alone; its one row for MTH1
    off the bike is the forefoot-striking runner's (strike pattern). Had: a walk's, a stepping machine's and an
    activity not known's focal MTH1 peak "possibly a dropping transverse arch"; now its cause is not known from
    the pressure data, its metatarsal pad kept (pads cut the MTH1-2 peak [22] M)."""
    rule = rule_for("focal_mth", "mth1", activity)
    assert rule is not None and rule.cause == "not known from the pressure data", rule
    assert rule.suggestions == ("met_pad", "compliant_sole") and "[22]" in rule.evidence, rule
    assert "dropping transverse arch" in rule_for("focal_mth", "mth2_3", activity).cause  # its own row's


@pytest.mark.parametrize("pedals", ["flat", "toe-clips"])
def test_a_focal_peak_on_a_bike_without_cleats_is_not_put_down_to_a_rigid_sole(pedals):
    """The same catch-all rules: a bike on flat pedals or toe clips has no cleat, and a sole known to be stiff is
    none of the data. Had: "a rigid sole concentrating load, or possibly a dropping transverse arch"."""
    for region in ("mth2_3", "lesser_toes", None):
        rule = rule_for("focal_mth", region, "cycling", pedals)
        assert rule is not None and "rigid" not in rule.cause, (region, rule)
