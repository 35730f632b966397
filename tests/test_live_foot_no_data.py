"""The terminal view's foot panel says when the foot has no data, never "OK" over its "-".

The claims, each a test that fails if it is wrong:

- a foot whose data are stale (its NO DATA standing, the banner saying it) reads NO DATA on its panel, not OK,
  and keeps the level that stands for it beside that, at 80, 60 and 40 columns;
- a foot out of the Moticon stream (its link down) reads the stream's word, NO DATA (NETWORK.link_down), not
  DOWN, and no OK; a BLE insole's foot down reads DOWN, no OK, and keeps a standing level;
- README.md "Reading the live view" says what the panel says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_console_live import _foot, _screen, _view

from monitor.analysis.alerts import Alert
from monitor.link.transport_words import NETWORK, RADIO

ROOT = Path(__file__).resolve().parents[1]


def _status(text: str, width: int, side: str) -> str:
    """The rows inside ``side``'s foot panel above its map (its status, wrapped on a narrow panel), as drawn,
    joined by a space."""
    lines = text.splitlines()
    top = next(i for i, ln in enumerate(lines) if ln.startswith("╭"))
    rows = []
    for line in lines[top + 1:]:
        half = (line[: width // 2] if side == "left" else line[width // 2:]).strip("│ ")
        if "toes" in half or "hall" in half:  # the map's first row
            break
        rows.append(half)
    return " ".join(rows)


@pytest.mark.parametrize("width", [80, 60, 40])
@pytest.mark.parametrize("words", [NETWORK, RADIO], ids=["stream", "ble"])
def test_a_stale_foot_reads_no_data_not_ok(width, words):
    # had, a paused stream (drop:left@40s+30s at 0:55): "NO DATA LEFT foot" in the banner, " OK " on both panels
    feet = {"left": _foot("left", stale=True), "right": _foot("right", stale=True)}
    stale = Alert(50.0, "left", "data_stale", None)
    text = _screen(_view(feet=feet, current_alert=stale, transport=words), width)
    for side in ("left", "right"):
        status = _status(text, width, side)
        assert status == "NO DATA", (side, status, text)


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_stale_foot_keeps_the_level_that_stands_beside_no_data(width):
    feet = {"left": _foot("left", stale=True, level="warning", pattern="focal_mth", region="mth2_3"),
            "right": _foot("right")}
    text = _screen(_view(feet=feet, current_alert=None), width)
    status = _status(text, width, "left")
    assert status.startswith("NO DATA") and "WARNING" in status, (status, text)
    assert _status(text, width, "right") == "OK"  # a foot with data keeps its OK


@pytest.mark.parametrize("width", [80, 60])
def test_a_foot_out_of_the_stream_reads_the_streams_word_not_down(width):
    # had, stop:right@100s: "DOWN   OK" on the right panel, DOWN a radio's word and OK over no data
    feet = {"left": _foot("left"), "right": _foot("right", connected=False)}
    text = _screen(_view(feet=feet, current_alert=None, transport=NETWORK), width)
    status = _status(text, width, "right")
    assert status == NETWORK.link_down.upper() == "NO DATA", (status, text)
    notice = {"left": _foot("left"), "right": _foot("right", connected=False, stale=True, level="notice")}
    status = _status(_screen(_view(feet=notice, current_alert=None, transport=NETWORK), width), width, "right")
    assert status.split() == ["NO", "DATA", "NOTICE"], status  # the stream's word once, then what stands


@pytest.mark.parametrize("width", [80, 60])
def test_a_ble_insoles_foot_down_reads_down_without_ok(width):
    feet = {"left": _foot("left", connected=False), "right": _foot("right", connected=False, level="notice")}
    text = _screen(_view(feet=feet, current_alert=None), width)
    assert _status(text, width, "left") == "DOWN", text
    assert _status(text, width, "right").split() == ["DOWN", "NOTICE"], text


def test_the_readme_says_what_the_panel_says():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "reads `NO DATA` on its panel" in readme
    assert "the stream's `NO DATA` in place of `DOWN`" in readme
    assert "never `OK`" in readme
