"""An alert of a whole-forefoot pattern (any but a focal or a lateral one: monitor.signal.patterns.HEAD_PATTERNS)
is said of the forefoot, heaviest under its region, in every output, as the verdict says it
(test_verdict_whole_forefoot): analyze's line and the events file's message (the FIT marker's is the same),
the live terminal's banner, tile, lines under the banner and history; the phone view, whose lines are a
phone's width, says the forefoot heaviest under its region in its title and the pattern under the foot, which
it draws hot there. Its region is only
where the load is heaviest: the line read "NOTICE left foot under MTH1, pressure stays on", as if MTH1 alone
carried it. A focal or lateral alert is still said under its head."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from test_alerts import A, _run
from test_console_live import _foot

from monitor.analysis.alert_place import alert_place
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.cli.console_live import banner_heads, format_event, other_line, render_view
from monitor.live.view import LiveView
from monitor.live.web.state import banner, foot_state

WHOLE = ("residual_unloaded", "continuous_forefoot_load", "forefoot_share_high", "cop_forward", "creeping_load",
         "relief_rare", "no_relief")


def _notice(pattern: str = "residual_unloaded", region: str = "mth1") -> Alert:
    stream = [A(t, "notice", pattern=pattern, region=region) for t in range(0, 80, 10)]
    notice, = _run(AlertPolicy(), stream, activity="running")
    return notice


@pytest.mark.parametrize("pattern", WHOLE)
def test_a_whole_forefoot_alert_says_the_forefoot_heaviest_under_its_region_in_its_message(pattern):
    message = _notice(pattern).message
    assert message.startswith("NOTICE left forefoot (heaviest under MTH1), "), message
    assert "under MTH1," not in message and "foot under" not in message, message


@pytest.mark.parametrize("pattern, region, name", [("focal_mth", "mth2_3", "MTH2-3"),
                                                   ("lateral_overload", "mth4_5", "MTH4-5")])
def test_an_alert_of_one_head_is_still_said_under_it(pattern, region, name):
    assert _notice(pattern, region).message.startswith(f"NOTICE left foot under {name}, ")
    assert alert_place(pattern, region).after_foot() == f"foot under {name}"
    assert alert_place(pattern, region).alone() == name


def test_a_whole_forefoot_alert_without_a_region_is_said_of_the_forefoot():
    assert alert_place("residual_unloaded", None).after_foot() == "forefoot"
    assert alert_place("no_relief", None).alone() == "forefoot"


def test_the_terminal_lines_say_the_forefoot_heaviest_under_its_region():
    notice = _notice()
    heads = banner_heads(notice, 100.0)
    assert heads[0].startswith("NOTICE  LEFT forefoot  (heaviest under MTH1)  pressure stays on"), heads
    assert all("pressure stays on" in h and "LEFT MTH1" not in h and "foot MTH1" not in h for h in heads), heads
    assert heads[-2:] == ("NOTICE LEFT forefoot pressure stays on", "NOTICE LEFT pressure stays on"), heads
    assert other_line(notice).startswith("NOTICE  LEFT forefoot  (heaviest under MTH1)  > "), other_line(notice)
    line = format_event(notice, ["terminal"])
    assert "NOTICE   forefoot (heaviest under MTH1), pressure stays on: " in line, line


def test_the_phone_view_says_the_forefoot_not_one_head():
    # a phone's line is short (tests/test_phone_view_title_region.py): the title says the forefoot and where its
    # load is heaviest, which its foot draws hot; the foot's caption says the pattern
    title = banner(_notice())["title"]
    assert title == "NOTICE left forefoot, heaviest MTH1", title
    foot = foot_state(_foot("left", level="notice", pattern="residual_unloaded", region="mth1"))
    assert foot["what"] == "pressure stays on", foot["what"]
    assert foot["hot"] == "mth1"  # the region drawn hot stays the region
    focal = foot_state(_foot("left", level="warning", pattern="focal_mth", region="mth2_3"))
    assert focal["what"] == "MTH2-3 focal peak", focal["what"]


@pytest.mark.parametrize("width", [80, 60, 40])
def test_the_terminal_tile_says_where_within_its_width(width):
    notice = _notice()
    feet = {"left": _foot("left", level="notice", pattern="residual_unloaded", region="mth1"),
            "right": _foot("right")}
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(LiveView(session_s=100.0, duration_s=3600.0, feet=feet, current_alert=notice,
                                       alerts=1)))
    text = console.export_text()
    assert all(len(ln) <= width for ln in text.splitlines()), text
    assert "stays on MTH1" not in text and "foot  MTH1" not in text, text
    head = next(ln for ln in text.splitlines() if "NOTICE" in ln)
    assert "pressure stays on " in head and "…" not in head, text  # the banner keeps the pattern whole
