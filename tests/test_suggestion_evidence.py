"""The suggestions' strengths and rows against domain.md's recommendation table (section 6): a suggestion is
no stronger than the weakest link of the row it comes from, and the elliptical's row stays on the machines."""

from __future__ import annotations

import re
from pathlib import Path

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
#: Each suggestion: the row of DOMAIN_ROWS its advice comes from (None: no row gives it), and the tags of the
#: domain.md section 1-2 lines its words rest on beyond the row.
FROM_ROW = {
    # the row's entries that speak of loosening (relieved by removing shoes [16], tight shoes and swelling [17]),
    # not its [38], the unloading times (tests/test_tips_physio_words.py)
    "loosen_closure": (None, "[16][17]"),
    "loosen_progressively": (None, "[16][17]"),
    # the row's entries that speak of relief (relieved by stopping [16], the unloading times [38]), not its [17]
    # (the mechanism: tight shoes, swelling; tests/test_tips_physio_words.py)
    "unweight": (None, "[16][38]"),
    # the row's cleat entries [7][17][23], not its [21] (pads in walking); the saddle rule [25]
    "cleat_back": (None, "[7][17][23][25]"),
    "varus_wedge": ("varus cleat or in-shoe wedge", ""),
    "no_toe_clips": ("clipless pedals or looser straps", ""),
    "compliant_sole": ("a more compliant sole", ""),
    # the optimum step rate [12] M; its gradual change toward a landing further back, as strike_gradually's;
    # not the row's [2] (a met pad against forefoot cushioning: tests/test_tips_physio_words.py)
    "step_rate": (None, "[12][13][14]"),
    # the row's "change strike gradually", toward a landing further back: non-rearfoot strikers load MTH1
    # more [13][14] M
    "strike_gradually": (None, "[13][14]"),
    "heels_back": ("shift weight toward the heels", ""),
    "check_side": (None, ""),  # the unilateral row cites no source ("W")
    # the words of a section 2 line, not a row's: its tags
    "roomier_shoe": (None, "[16][17][19]"),  # tight or narrow shoes [17]; a higher-volume shoe [16][19]
    # the row's "wider toe box" ([4][26] W), whose tags are the wedge's: tight or narrow shoes [17] alone
    "wider_toe_box": (None, "[17]"),
    "met_pad": (None, "[21][22]"),  # metatarsal pads: position over shape [21], MTH1-2 [22]
    "arch_support": (None, "[20]"),  # contoured orthoses: more midfoot contact [20]
    "midfoot_cleat": (None, "[23][24]"),  # midfoot cleat [23], rearward cleat [24]
    "higher_cadence": (None, "[9]"),  # same power, higher cadence: lower peak pedal force [9]
    "forefoot_cushioning": (None, "[2]"),  # running: forefoot cushioning, not a met pad [2]
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


@pytest.mark.parametrize("key", sorted(SUGGESTIONS))
def test_a_suggestion_cites_every_tag_of_the_row_it_comes_from(key):
    """A tip prints its suggestion's tags: those of its domain.md row where its words rest on all of them, else
    the row's entries and the lines beside it that its words rest on (had: unweighting 20-60 s cited its row's
    [16][17][38], whose [17] says nothing of relief; cleat_back cited the row's [21], pads in walking)."""
    row, beside = FROM_ROW[key]
    want = _tags(DOMAIN_ROWS[row][0] if row else "") | _tags(beside)
    assert _tags(SUGGESTIONS[key].evidence) == want, (key, SUGGESTIONS[key].evidence, row)
    assert re.fullmatch(r"(\[\d+\])*", SUGGESTIONS[key].evidence)
    tags = [int(t[1:-1]) for t in re.findall(r"\[\d+\]", SUGGESTIONS[key].evidence)]
    assert tags == sorted(tags), SUGGESTIONS[key].evidence  # in the order the Sources list them


DOMAIN_MD = Path("/work/shared/docs/domain.md")


@pytest.mark.skipif(not DOMAIN_MD.is_file(), reason="the shared domain reference is not on this machine")
def test_the_rows_are_domain_md_s():
    table = DOMAIN_MD.read_text().split("## 6. Recommendation table", 1)[1].split("\n## ", 1)[0]
    evidence = [ln.rstrip(" |").rsplit("|", 1)[1].strip() for ln in table.splitlines() if ln.startswith("| ")][1:]
    row_tags = [re.match(r"((?:\[\d+\])*)\s*(.*)", e).groups() for e in evidence]
    for tags, strength in DOMAIN_ROWS.values():
        assert any(t == tags and s.replace("–", "-").startswith(strength) for t, s in row_tags), (tags, row_tags)
