"""Off the bike a tip cites the sources of the activity where domain.md has them, else says its evidence comes
from cycling alone (one mechanism: ``Suggestion.studied_in``, as the stiff-sole tip says it of cycling shoes).
Had: a runner told to loosen the laces, take a break or try a wider toe box read cyclists' sources ([16] J Sci
Cycling, [17] a bike shop, [26] cleat wedges) with nothing to say so."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.sources import SOURCES
from monitor.analysis.suggestions import SUGGESTIONS, evidence_for, words

TAG = re.compile(r"\[(\d+)\]")
FROM_CYCLING = "the evidence for this comes from cycl"  # cycling; cyclists (and wheelchair users) for a break


def _tips(activity: str, pattern: str, region: str | None = None) -> dict[str, object]:
    alert = Alert(400.0, "left", "alert", "warning", region, pattern)
    advice = advise([alert], ("left", "right"), {"left": activity, "right": activity})
    return {t.key: t for t in advice.tips}


@pytest.mark.parametrize("activity", ["running", "walking"])
@pytest.mark.parametrize(("pattern", "region", "key"), [
    ("residual_unloaded", None, "loosen_closure"), ("residual_unloaded", None, "roomier_shoe"),
    ("residual_unloaded", None, "unweight"), ("creeping_load", None, "loosen_progressively"),
    ("lateral_overload", "mth4_5", "wider_toe_box")])
def test_on_a_run_or_a_walk_a_tip_from_cycling_sources_says_so(activity, pattern, region, key):
    tip = _tips(activity, pattern, region)[key]
    assert FROM_CYCLING in tip.text, (key, tip.text, tip.evidence)
    assert tip.text.endswith(" only.") and tip.text.count(".") == 1 + tip.text.count("e.g."), tip.text


@pytest.mark.parametrize("key", ["loosen_closure", "roomier_shoe", "unweight", "loosen_progressively",
                                 "wider_toe_box", "compliant_sole"])
def test_on_a_bike_a_tip_cites_its_tags_and_they_are_listed(key):
    """On a bike a tip says nothing of where its evidence comes from, every tag its text prints is one its
    evidence cites, and every one of those is a listed source. Had: the text's first 12 characters checked
    against its template's, which held the relief's words to opening "Every 15-30 minutes, unweight"."""
    s = SUGGESTIONS[key]
    text = words(s, "cycling", ("left",), "clipless")[1]
    evidence = evidence_for(s, "cycling", "clipless")
    assert "evidence for this comes" not in text and "laces" not in text, text  # the bike's words
    assert set(TAG.findall(text)) <= set(TAG.findall(evidence)), (text, evidence)
    assert TAG.findall(evidence) and {int(n) for n in TAG.findall(evidence)} <= set(SOURCES), evidence


def test_the_bike_relief_says_what_to_do_first_then_why():
    """Had: "Every 15-30 minutes, unweight the left foot for 20-60 s (a guess; ...): stop ...", the words
    reordered for a prefix check; the relief, then its sources, then how."""
    text = words(SUGGESTIONS["unweight"], "cycling", ("left",), "clipless")[1]
    assert text.startswith("Unweight the left foot for 20-60 s every 15-30 minutes (a guess; the sources give "), text
    assert "): stop (stopping relieved cyclists' foot pain [16])" in text, text


@pytest.mark.parametrize("activity", ["elliptical_or_stair", "elliptical", "stair_climber"])
def test_the_break_on_a_stepping_machine_cites_the_elliptical_row_and_not_cycling(activity):
    tip = _tips(activity, "continuous_forefoot_load")["unweight"]
    assert tip.evidence == "[1][38]" and "cycling" not in tip.text, (tip.evidence, tip.text)
    assert _tips("running", "continuous_forefoot_load")["unweight"].evidence == "[16][38]"


def test_the_words_come_from_one_place():
    """No suggestion spells the evidence's origin in its own words: ``studied_in`` says it for all."""
    for s in SUGGESTIONS.values():
        assert "evidence for this comes" not in (s.gait_text or "") + s.text, s.key
    assert words(SUGGESTIONS["compliant_sole"], "walking", ("left",))[1].endswith(
        "(the evidence conflicts); the evidence for this comes from cycling shoes only.")


def test_the_toe_box_cites_only_the_narrow_shoe_source():
    """domain.md's "tight/narrow shoes" [17]: its row's [4] (an orthosis) and [26] (cleat wedges) are the
    wedge's. Had: [4][16][17][26]."""
    assert SUGGESTIONS["wider_toe_box"].evidence == "[17]"
    assert _tips("cycling", "lateral_overload", "mth4_5")["wider_toe_box"].evidence == "[17]"
