"""Off the bike a tip cites the sources of the activity where domain.md has them, else says its evidence comes
from cycling alone (one mechanism: ``Suggestion.studied_in``, as the stiff-sole tip says it of cycling shoes).
Had: a runner told to loosen the laces, take a break or try a wider toe box read cyclists' sources ([16] J Sci
Cycling, [17] a bike shop, [26] cleat wedges) with nothing to say so."""

from __future__ import annotations

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.suggestions import SUGGESTIONS, words

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
def test_on_a_bike_the_words_are_as_they_were(key):
    s = SUGGESTIONS[key]
    short, text = words(s, "cycling", ("left",), "clipless")
    assert "evidence for this comes" not in text and text.startswith(s.text[:12]), text


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
