"""The metatarsal pad, the midfoot cleat, the cleat move and the toe clips' shoe say what domain.md supports.

Had: a whole-forefoot pattern's pad went behind the heads its load was heaviest under ("just behind the
4th-5th metatarsal heads" for a centre of pressure far forward), where domain.md's table puts a pad just
proximal to MTH2-3 [21]; the pad was graded moderate on a bike, where domain.md section 2 has "Cycling: no
data [gap]" ([21][22] are walking studies), with nothing to say so; the midfoot cleat left out that its study
[23] was recumbent; one foot's cleat move lowered the saddle, which serves both legs; with toe clips "a
higher-volume shoe" was said twice."""

from __future__ import annotations

import pytest

from monitor.analysis.advice import Setup, advise
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.suggestions import SUGGESTIONS, strength_for, words
from monitor.signal.types import Assessment

FROM_WALKING = "the evidence for this comes from walking only"


def _tips(activity: str | None, pattern: str, region: str | None, pedals: str | None = None,
          feet: tuple[str, ...] = ("left",)) -> dict[str, object]:
    alerts = [Alert(400.0, foot, "alert", "warning", region, pattern) for foot in feet]
    advice = advise(alerts, ("left", "right"), {"left": activity, "right": activity}, setup=Setup(pedals=pedals))
    return {t.key: t for t in advice.tips}


@pytest.mark.parametrize("region", ["mth1", "mth4_5", "hallux", "lesser_toes", None])
@pytest.mark.parametrize(("activity", "pattern", "pedals"), [
    ("cycling", "cop_forward", "clipless"), ("cycling", "cop_forward", None), ("walking", "forefoot_share_high", None)])
def test_a_whole_forefoot_pattern_s_pad_goes_behind_mth2_3(activity, pattern, pedals, region):
    """domain.md section 6: "met pad just proximal to MTH2-3" [21]; a whole-forefoot pattern's region is only
    where its load is heaviest. Had: "just behind (proximal to) the 4th-5th metatarsal heads" under MTH4-5."""
    pad = _tips(activity, pattern, region, pedals)["met_pad"]
    assert "just behind (proximal to) the 2nd-3rd metatarsal heads" in pad.text, pad.text
    assert pad.short == "Metatarsal pad just behind MTH2-3", pad.short


@pytest.mark.parametrize(("region", "heads"), [("mth1", "the 1st metatarsal head"),
                                               ("mth2_3", "the 2nd-3rd metatarsal heads")])
def test_a_focal_peak_s_pad_still_goes_behind_its_own_heads(region, heads):
    for activity, pedals in ((None, "clipless"), ("walking", None)):
        assert f"just behind (proximal to) {heads}" in _tips(activity, "focal_mth", region, pedals)["met_pad"].text


def test_the_live_alert_of_a_whole_forefoot_pattern_names_mth2_3_for_the_pad():
    """The alert line's suggestions (AlertPolicy) follow the same placement as the session's advice."""
    policy = AlertPolicy(pedals="clipless")
    out = policy.feed(Assessment("left", 400.0, "warning", "cop_forward", "mth4_5"), "cycling")
    shorts = next(a.suggestions for a in out if a.kind == "alert")
    assert "Metatarsal pad just behind MTH2-3" in shorts, shorts


def test_on_a_bike_the_pad_says_its_evidence_is_walking_s_and_is_weak():
    """domain.md section 2: metatarsal pads, walking [21][22] M; "Cycling: no data [gap]". Had: moderate, and
    nothing said."""
    for pattern, region in (("focal_mth", "mth2_3"), ("cop_forward", "mth1")):
        pad = _tips("cycling", pattern, region, "clipless")["met_pad"]
        assert pad.text.endswith(f"; {FROM_WALKING}."), pad.text
        assert pad.strength == "weak", pad.strength
    walk = _tips("walking", "focal_mth", "mth2_3")["met_pad"]
    assert FROM_WALKING not in walk.text and walk.strength == "moderate", (walk.text, walk.strength)


def test_the_midfoot_cleat_says_its_study_was_recumbent_and_keeps_domain_md_s_grade():
    """domain.md section 2: "Midfoot cleat + offloading insole lowered forefoot peak, area and PTI (recumbent)
    [23] M; rearward cleat left VO2 unchanged [24] M"; its row "[20][23] M"."""
    tip = _tips("cycling", "forefoot_share_high", "mth1", "clipless")["midfoot_cleat"]
    assert "recumbent" in tip.text, tip.text
    assert "VO2" in tip.text, tip.text  # [24] measured oxygen uptake, not pressure
    assert tip.strength == "moderate" and tip.evidence == "[23][24]", (tip.strength, tip.evidence)


def test_one_foot_s_cleat_move_leaves_the_saddle_alone():
    """A saddle serves both legs: lowering it for one cleat moved changes the other leg's fit too."""
    one = _tips("cycling", "focal_mth", "mth2_3", "clipless")["cleat_back"]
    assert one.feet == ("left",) and "lower the saddle" not in one.text, one.text
    assert one.text.startswith("Move the left cleat 2-10 mm rearward"), one.text
    # no source gives a one-sided move's saddle: said to be a guess (domain.md's rule [25] is for both cleats)
    assert "a guess" in one.text and "both cleats" in one.text, one.text
    both = _tips("cycling", "focal_mth", "mth2_3", "clipless", feet=("left", "right"))["cleat_back"]
    assert both.feet == ("left", "right") and "lower the saddle by as much" in both.text, both.text
    assert "lower the saddle" in words(SUGGESTIONS["cleat_back"], "cycling")[1]


def test_with_toe_clips_the_higher_volume_shoe_is_said_once():
    tips = _tips("cycling", "residual_unloaded", "mth1", "toe-clips")
    assert {"no_toe_clips", "roomier_shoe"} <= set(tips), list(tips)
    said = " ".join(t.text for t in tips.values())
    assert said.count("higher-volume") == 1, said
    shorts = " ".join(t.short for t in tips.values())  # the short labels the terminal and phone show
    assert shorts.count("higher-volume") <= 1 and "higher-volume" not in tips["roomier_shoe"].short, shorts
    # with no toe clips declared the tight-shoe advice keeps its higher-volume shoe
    assert "higher-volume" in _tips("cycling", "residual_unloaded", "mth1", None)["roomier_shoe"].text


@pytest.mark.parametrize("activity", ["elliptical_or_stair", "elliptical", "stair_climber", None, "unknown"])
def test_off_a_walk_the_pad_says_its_evidence_is_walking_s_and_is_weak(activity):
    """domain.md section 2: metatarsal pads cut the forefoot peak walking [21][22] M; running: a met pad
    ineffective [2] M; cycling: no data. An elliptical or a stair machine (or an activity not known) is
    none of the walks studied. Had: the pad on an elliptical or stair machine said nothing of it and stayed
    moderate, where the bike's said "walking only" and was weak."""
    pad = SUGGESTIONS["met_pad"]
    text = words(pad, activity, ("left",), region="mth2_3")[1]
    assert text.endswith(f"; {FROM_WALKING}."), text
    assert strength_for(pad, activity) == "weak"
    if activity in ("elliptical_or_stair", "elliptical", "stair_climber"):
        tip = _tips(activity, "focal_mth", "mth2_3")["met_pad"]
        assert tip.text.endswith(f"; {FROM_WALKING}.") and tip.strength == "weak", (tip.text, tip.strength)
    assert FROM_WALKING not in words(pad, "walking", ("left",))[1] and strength_for(pad, "walking") == "moderate"


def test_with_toe_clips_the_roomier_shoe_cites_the_tight_shoe_source_its_words_rest_on():
    """With toe clips the roomier shoe says a wider toe box alone ("tight/narrow shoes" [17] W, domain.md
    section 2); the higher-volume shoe of the toe-clips row [16][19] is no_toe_clips' there. Had: [16][17][19]."""
    tip = _tips("cycling", "residual_unloaded", "mth1", "toe-clips")["roomier_shoe"]
    assert "higher-volume" not in tip.text and tip.evidence == "[17]", (tip.text, tip.evidence)
    assert _tips("cycling", "residual_unloaded", "mth1", None)["roomier_shoe"].evidence == "[16][17][19]"


@pytest.mark.parametrize("activity", ["cycling", "running", None])
@pytest.mark.parametrize("pedals", [None, "toe-clips"])
def test_a_tip_s_high_arch_says_it_is_a_guess(activity, pedals):
    """domain.md's rows and sources say nothing of a high arch and shoe volume: the roomier shoe's "(with a
    high arch too)" and the wider toe box's "with a high arch, a higher-volume (taller) shoe" had no source and
    did not say so; the words a person reads now say they are a guess, as the cleat move's saddle does."""
    said = [text for s in SUGGESTIONS.values() for feet in ((), ("left",))
            for text in words(s, activity, feet, pedals)]
    arched = [text for text in said if "high arch" in text]
    assert arched and all("a guess" in text for text in arched), arched
