"""The live views tell a number the insole cannot measure from one that has no data now.

ORPHE INSOLE has no sensor under the midfoot, so its forefoot share is never known (analyze and the report
say "forefoot share not measurable with this insole's sensors"). Had: the terminal showed `forefoot -` on
both feet and `-` in the midfoot cells all session, while data came in, and its key under the feet said
`-  no data`; the phone showed the same `-` in its midfoot cells. Now both say `n/m`
(monitor.live.shown.NOT_MEASURED) there, and the terminal's key says what it means only where it applies.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from test_console_live import _foot, _frame, _screen, _view

from monitor.link import moticon, orphe, ukaton
from monitor.live.shown import NOT_MEASURED, NOT_MEASURED_WORDS
from monitor.live.web.state import page_state
from monitor.signal.coarse_regions import unmeasured_regions
from monitor.signal.regions import RegionReducer

MIDFOOT = ("midfoot_medial", "midfoot_lateral")
KEY_LINE = f"{NOT_MEASURED}  {NOT_MEASURED_WORDS}"


def _orphe_like(name: str, **kw):
    """A foot as an ORPHE INSOLE's view holds it while data come in: no midfoot number, no share."""
    kpa = {"mth1": 60.0, "mth2_3": 70.0, "mth4_5": 60.0, "hallux": 60.0, "lesser_toes": 30.0, "heel": 80.0}
    return _foot(name, region_kpa=kpa, forefoot_share=math.nan, share_measured=False, unmeasured=MIDFOOT, **kw)


def _orphe_view(**kw):
    return _view(feet={f: _orphe_like(f) for f in ("left", "right")}, current_alert=None, **kw)


def test_an_insole_without_a_midfoot_sensor_measures_neither_its_midfoot_nor_the_share():
    assert unmeasured_regions(orphe.layout("left")) == MIDFOOT
    assert RegionReducer(orphe.layout("left")).complete is False
    for layout in (ukaton.layout("left"), moticon.layout("left")):
        assert unmeasured_regions(layout) == () and RegionReducer(layout).complete


@pytest.mark.parametrize("width", [80, 60])
def test_the_terminal_marks_what_the_insole_cannot_measure_and_keys_it(width):
    screen = _frame(_orphe_view(), width, rows=30)
    share = "forefoot" if width // 2 - 4 >= 32 else "fore"  # a narrow panel's word
    assert screen.count(f"{share} {NOT_MEASURED}") == 2, screen
    assert f"{share} -" not in screen
    rows = screen.splitlines()
    labels = next(i for i, line in enumerate(rows) if "midft" in line)
    assert rows[labels + 1].count(NOT_MEASURED) == 4, screen  # under arch and midft, both feet
    said = " ".join(screen.split())
    assert " ".join(KEY_LINE.split()) in said and "- no data" in said  # both marks keyed


@pytest.mark.parametrize("width", [80, 60, 50])
def test_the_key_line_for_it_is_whole_on_a_line_of_its_own_where_the_key_is_narrow(width):
    text = _screen(_orphe_view(), width)
    assert any(KEY_LINE in line for line in text.splitlines()), text


def test_no_data_is_still_a_dash_and_gets_no_not_measured_key():
    # a foot that can measure the share but has none now (its data stale) says "-", and no line of n/m shows
    feet = {"left": _foot("left", stale=True), "right": _foot("right", forefoot_share=math.nan)}
    screen = _frame(_view(feet=feet, current_alert=None), 80, rows=30)
    assert screen.count("forefoot -") == 2 and NOT_MEASURED not in screen, screen
    assert NOT_MEASURED_WORDS not in _screen(_view(), 80)


def test_a_lost_foot_still_says_what_its_insole_cannot_measure():
    feet = {"left": _orphe_like("left", lost=True, connected=False), "right": _orphe_like("right")}
    screen = _frame(_view(feet=feet, current_alert=None), 80, rows=30)
    assert screen.count(f"forefoot {NOT_MEASURED}") == 2 and "LOST" in screen, screen


def test_the_phone_state_says_which_regions_are_not_measured_and_the_line_for_them():
    state = page_state(_orphe_view())
    for foot in state["feet"].values():
        assert [r for r, v in foot["regions"].items() if not v["measured"]] == list(MIDFOOT)
        assert all(foot["regions"][r]["kpa"] is None for r in MIDFOOT)
        assert foot["not_measured"] == f"{NOT_MEASURED}: {NOT_MEASURED_WORDS}"
    measured = page_state(_view())
    for foot in measured["feet"].values():
        assert foot["not_measured"] is None and all(v["measured"] for v in foot["regions"].values())


def test_the_page_marks_a_region_it_cannot_measure_as_the_terminal_does():
    js = (Path(__file__).resolve().parents[1] / "monitor/live/web/static/app.js").read_text(encoding="utf-8")
    found = re.search(r'^const NOT_MEASURED = "([^"]*)";$', js, re.M)
    assert found and found[1] == NOT_MEASURED
    assert "foot.not_measured" in js  # the server's line under the foot


def test_the_readme_keys_the_mark():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    live = " ".join(readme[readme.index("### Reading the live view"):].split("\n### ")[0].split())
    assert f"`{NOT_MEASURED}` {NOT_MEASURED_WORDS}" in live and f"forefoot {NOT_MEASURED}" in live
