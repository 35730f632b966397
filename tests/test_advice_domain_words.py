"""The tight-shoe and lateral-load tips say only what domain.md section 6 supports.

Pressure that stays on when the foot should be unloaded (``residual_unloaded``) read as a shoe "too tight in
length" and gave "try a half size longer (size up)", cited [16][17][26]: domain.md's rows give a closure too
tight (loosen it [16][17][38]), tight or narrow shoes [17] and a higher-volume shoe [16][19], never length,
and [26] is about cleat wedges. The varus wedge is the seated-cycling row's ([4][26]: "sustained high
MTH4-5 share, seated"); domain.md gives a run, a walk or a stepping machine no wedge."""

from __future__ import annotations

import pytest

from monitor.analysis.suggestions import SUGGESTIONS, rule_for, suggest, words
from monitor.signal.activity_words import CYCLING_ACTIVITIES

OFF_THE_BIKE = ("running", "walking", "elliptical_or_stair", "elliptical", "stair_climber")


@pytest.mark.parametrize("activity", ["cycling", "running", None])
def test_a_shoe_that_keeps_the_foot_loaded_is_not_told_to_size_up(activity):
    rule = rule_for("residual_unloaded", "mth2_3", activity)
    assert "length" not in rule.cause, rule.cause
    for s in suggest("residual_unloaded", "mth2_3", activity):
        for said in words(s, activity, ("left",)):
            assert not any(w in said.lower() for w in ("longer", "size up", "half size")), said
        assert "[26]" not in s.evidence, (s.key, s.evidence)


def test_the_roomier_shoe_tip_cites_the_rows_it_comes_from():
    keys = [s.key for s in suggest("residual_unloaded", None, "cycling")]
    roomier = SUGGESTIONS[keys[1]]
    assert "higher-volume" in roomier.text and "wider toe box" in roomier.text, roomier.text
    assert roomier.evidence == "[16][17][19]", roomier.evidence


@pytest.mark.parametrize("activity", OFF_THE_BIKE)
@pytest.mark.parametrize("pattern, region", [("lateral_overload", "mth4_5"), ("focal_mth", "mth4_5")])
def test_off_the_bike_lateral_load_gets_no_varus_wedge(pattern, region, activity):
    keys = [s.key for s in suggest(pattern, region, activity)]
    assert "varus_wedge" not in keys, keys
    assert "varus" not in rule_for(pattern, region, activity).cause


@pytest.mark.parametrize("activity", CYCLING_ACTIVITIES)
@pytest.mark.parametrize("pattern, region", [("lateral_overload", "mth4_5"), ("focal_mth", "mth4_5")])
def test_on_the_bike_lateral_load_keeps_the_varus_row(pattern, region, activity):
    assert [s.key for s in suggest(pattern, region, activity)] == ["varus_wedge", "wider_toe_box"]
