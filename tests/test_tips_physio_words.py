"""The advice words a physiotherapist would sign: a break where the activity is not known that either a rider or
a walker can take, each tip's tags those its own words rest on (domain.md's entries), its grade the weakest of
them, and a grade that says where its evidence comes from."""

from __future__ import annotations

import pytest

from monitor.analysis.suggestions import CHECK, rule_for
from monitor.analysis.tips import SUGGESTIONS, evidence_for, strength_for, words


@pytest.mark.parametrize("activity", [None, "unknown"])
@pytest.mark.parametrize("feet", [("left",), ("left", "right"), ()])
def test_an_unknown_activity_s_break_is_one_a_rider_and_a_walker_can_take(activity, feet):
    """Had "Take the weight off both feet for 20-60 s ... every 15-30 minutes (stand up or stop)": on a bike
    standing loads the pedals (pedal force up to 3x body weight standing, domain.md section 1 [10]); on foot
    standing keeps the weight on. Lifting each foot in turn, or stopping and sitting, unloads the foot in either."""
    text = words(SUGGESTIONS["unweight"], activity, feet)[1]
    assert "stand up" not in text, text
    assert "Solewatch counts): lift each foot in turn, or stop and sit;" in text, text
    assert "every 15-30 minutes (a guess; " in text, text


#: Each changed tip's tags, those its own words rest on (domain.md's entries and section text), and its grade, the
#: weakest of them (domain.md's tags: S strong, M moderate, W weak).
OWN_TAGS = {
    # "2-10 mm rearward": the focal MTH2-3 row's cleat, the cleat case [7] W and the midfoot cleat that lowered
    # the forefoot peak [23] M; "practitioners use 8-15 mm" [17] W; the saddle rule [25] W. Had [21] too: Lee et
    # al.'s metatarsal pads in walking, nothing of a cleat.
    "cleat_back": ("[7][17][23][25]", "weak"),
    # loosening and thinner socks: relieved by removing shoes, straps at risk [16] M; tight/narrow shoes, heat
    # swelling [17] W. Had [38] too: wheelchair unloading times, nothing of a closure.
    "loosen_closure": ("[16][17]", "weak"),
    "loosen_progressively": ("[16][17]", "weak"),
    # a relief every 15-30 minutes: cyclists' foot pain relieved by stopping [16] M; the unloading times,
    # wheelchair users' relief [38] W. Had [17] too: the mechanism (tight shoes, swelling), nothing of stopping.
    # On a bike its words say standing loads a pedal, and cite that too (ON_A_BIKE).
    "unweight": ("[16][38]", "weak"),
    # raising the step rate toward the optimum ~170 steps/min [12] M; a landing further back loads the heel and
    # midfoot, not MTH1 [13][14] M. Had [2] too: Haehni's met pad against forefoot cushioning, nothing of steps.
    # Its 5-10 % is the recommendation table's alone (no section 1-2 entry gives it): weak, and its text says so.
    # Had: "moderate", the figure said as if the studies gave it.
    "step_rate": ("[12][13][14]", "weak"),
    "strike_gradually": ("[13][14]", "moderate"),
}


#: The tags a tip's words on a bike rest on where they are more: the relief's "standing on the pedals does not
#: unweight it (pedal force is up to 3x body weight standing, about 0.5x seated [10])", domain.md section 1 [10] M.
ON_A_BIKE = {"unweight": "[10][16][38]"}


@pytest.mark.parametrize("key", sorted(OWN_TAGS))
@pytest.mark.parametrize("activity", ["cycling", "running", "walking", None])
def test_a_tip_cites_the_sources_its_words_rest_on_and_is_graded_by_them(key, activity):
    s = SUGGESTIONS[key]
    tags, grade = OWN_TAGS[key]
    tags = ON_A_BIKE.get(key, tags) if activity == "cycling" else tags
    assert evidence_for(s, activity) == tags, (key, activity, evidence_for(s, activity))
    assert s.strength == grade, (key, s.strength)


@pytest.mark.parametrize("activity", ["running", "walking", "elliptical_or_stair", None, "unknown"])
def test_arch_support_off_the_bike_says_its_evidence_is_cycling_s_and_is_weak(activity):
    """Had: "...; the evidence for this comes from cycling only." graded moderate off the bike, where the
    metatarsal pad whose evidence is walking's alone is graded weak on a bike: carrying evidence from another
    activity is an inference, domain.md's [W], whichever way it is carried."""
    s = SUGGESTIONS["arch_support"]
    assert words(s, activity, ("left",))[1].endswith("; the evidence for this comes from cycling only.")
    assert strength_for(s, activity) == "weak", (activity, strength_for(s, activity))
    assert strength_for(s, "cycling") == "moderate"  # on the bike its [20] M holds


@pytest.mark.parametrize("activity", ["cycling", "running", "walking", "elliptical_or_stair", None])
@pytest.mark.parametrize("key", sorted(SUGGESTIONS))
def test_a_tip_whose_text_says_its_evidence_is_another_activity_s_is_weak(key, activity):
    s = SUGGESTIONS[key]
    if "the evidence for this comes from" in words(s, activity, ("left",))[1]:
        assert strength_for(s, activity) == "weak", (key, activity)


@pytest.mark.parametrize("region", ["mth1", "hallux"])
def test_pronation_is_a_possibility_someone_can_check_not_a_finding(region):
    """Had "high pedal force; pronation": a condition of the foot the pressure data cannot establish, said flatly
    where a forefoot varus or a dropping arch is "possibly ... (a clinician or fitter can check)"."""
    rule = rule_for("focal_mth", region, "cycling")
    assert rule is not None and "higher_cadence" in rule.suggestions
    assert rule.cause == f"high pedal force, or possibly pronation {CHECK}", rule.cause


@pytest.mark.parametrize("activity", ["running", None])
def test_the_step_rate_tip_says_its_5_to_10_percent_is_no_study_s(activity):
    """domain.md gives "step rate +5-10%" in its recommendation table alone (the forefoot-striking runner's row,
    whose [2][13] entries say nothing of a step rate); section 1 gives the optimum, ~170 steps/min at 3 m/s [12]
    M. Had: "Raise the step rate by 5-10 %; ...", the figure said as the cited studies' and graded moderate."""
    s = SUGGESTIONS["step_rate"]
    text = words(s, activity, ("left",))[1]
    assert "optimum near 170 steps/min at 3 m/s, not the 5-10 %" in text, text
    assert strength_for(s, activity) == "weak"
