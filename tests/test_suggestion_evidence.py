"""The suggestions' strengths and rows against domain.md's recommendation table (section 6): a suggestion is
no stronger than the weakest link of the row it comes from, and the elliptical's row stays on the machines."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.suggestions import SUGGESTIONS, rule_for, suggest

#: domain.md section 6, each row's evidence tags and strengths as the table gives them.
DOMAIN_ROWS = {
    "varus cleat or in-shoe wedge": ("[4][26]", "W"),
    "cleat back 2-10 mm; met pad": ("[7][17][21][23]", "W-M"),
    "higher cadence; arch support": ("[8][9][20]", "M"),
    "contoured arch support; midfoot cleat": ("[20][23]", "M"),
    "loosen the strap; unweight": ("[16][17][38]", "W"),
    "clipless pedals or looser straps": ("[16][19]", "W-M"),
    "a more compliant sole": ("[5][8]", "W"),
    "forefoot-cushioning insole; step rate": ("[2][13]", "M"),
    "shift weight toward the heels": ("[1]", "W"),
}
RANK = {"weak": 0, "moderate": 1, "strong": 2}
LETTER = {"W": 0, "M": 1, "S": 2}


def _tags(evidence: str) -> set[str]:
    return set(re.findall(r"\[\d+\]", evidence))


@pytest.mark.parametrize("key", sorted(SUGGESTIONS))
def test_no_suggestion_is_stronger_than_the_weakest_link_of_its_domain_row(key):
    s = SUGGESTIONS[key]
    for row, (tags, strength) in DOMAIN_ROWS.items():
        if _tags(s.evidence) and _tags(s.evidence) <= _tags(tags):
            weakest = min(LETTER[x] for x in strength.split("-"))
            assert RANK[s.strength] <= weakest, (key, s.strength, row, tags, strength)


def test_toe_clips_advice_is_weak_as_its_row_w_m():
    assert SUGGESTIONS["no_toe_clips"].strength == "weak"


@pytest.mark.parametrize("activity", [None, "unknown"])
@pytest.mark.parametrize("pattern", ["forefoot_share_high", "cop_forward", "continuous_forefoot_load"])
def test_an_activity_not_known_is_not_given_the_elliptical_s_heels_row(activity, pattern):
    keys = [s.key for s in suggest(pattern, None, activity)]
    assert "heels_back" not in keys
    rule = rule_for(pattern, None, activity)
    assert rule is None or "leaning forward" not in rule.cause


def test_an_activity_not_known_with_a_high_forefoot_share_gets_the_insole_then_a_break():
    assert [s.key for s in suggest("forefoot_share_high", None, None)] == ["arch_support", "unweight"]
    assert [s.key for s in suggest("forefoot_share_high", None, "elliptical_or_stair")] == ["heels_back", "unweight"]
