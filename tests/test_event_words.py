"""An event is said in the same words everywhere the rider reads it: the terminal's banner, its lines under
the banner, the line printed above the view, the plain lines (``--plain``, ``replay``) and the phone view
(monitor.live.shown). The banner's first line fits the terminal's width."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from monitor.analysis.alerts import Alert
from monitor.cli.console_live import LiveDisplay, format_event, other_line, render_view
from monitor.live.view import FootView, LiveView
from monitor.live.web.state import page_state

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
KPA = {"heel_medial": 60.0, "heel_lateral": 62.0, "midfoot_medial": 20.0, "midfoot_lateral": 30.0,
       "mth1": 60.0, "mth2_3": 150.0, "mth4_5": 60.0, "hallux": 60.0, "lesser_toes": 25.0}
FIX = "Move the left cleat back 2-10 mm"


def _warning(foot: str = "left", t_s: float = 700.0, region: str = "mth2_3", pattern: str = "focal_mth") -> Alert:
    return Alert(t_s, foot, "alert", "warning", region, pattern,
                 suggestions=(f"Move the {foot} cleat back 2-10 mm", "Metatarsal pad just behind MTH2-3"),
                 suggestion_keys=("cleat_back", "met_pad"))


def _view(activity: str = "cycling", current: Alert | None = None, session_s: float = 754.0) -> LiveView:
    feet = {name: FootView(name, True, region_kpa=dict(KPA), activity=activity, battery_pct=90)
            for name in ("left", "right")}
    return LiveView(session_s, None, feet=feet, current_alert=current, alerts=1)


def _screen(view: LiveView, width: int) -> list[str]:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(view))
    return console.export_text().splitlines()


def _banner_rows(lines: list[str]) -> list[str]:
    return [ln.strip("┃ ").rstrip() for ln in lines if ln.startswith("┃")]


@pytest.mark.parametrize("activity, now", [("cycling", "Unweight the foot 20-60 s"),
                                           ("running", "Take a 20-60 s break")])
def test_the_line_above_the_view_says_now_and_after_in_full(activity, now):
    # had: the line printed above the view for an alert left out what to do ("WARNING  MTH2-3, focal peak
    # [delivered: ...]"), though the banner, which cuts it on a short terminal, sent the rider there for it
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=60, height=24, force_terminal=True)) as display:
        display.update(_view(activity, _warning()))
        display.event(_warning(), ["terminal", "haptic"])
    said = ANSI.sub("", out.getvalue())
    line = f"LEFT   WARNING  MTH2-3, focal peak: {now}. After: {FIX}  [delivered: terminal, haptic]"
    # whole, however narrow the terminal: wrapped at words to it (tests/test_console_live_wrap.py)
    assert " ".join(line.split()) in " ".join(said.split()), said


@pytest.mark.parametrize("activity, now", [("cycling", "Unweight the foot 20-60 s"),
                                           ("running", "Take a 20-60 s break"),
                                           ("cycling_standing", "Unweight the foot 20-60 s")])
def test_a_plain_line_says_now_and_after_as_the_banner(activity, now):
    # had: "WARNING  MTH2-3, focal peak: Move the left cleat back 2-10 mm": the fix only, with no relief now
    assert format_event(_warning(), ["terminal"], activity) == (
        f"  11:40  LEFT   WARNING  MTH2-3, focal peak: {now}. After: {FIX}  [delivered: terminal]")
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=60), plain=True) as display:  # --plain: the view's activity
        display.update(_view(activity, _warning()))
        display.event(_warning(), ["terminal"])
    assert out.getvalue() == format_event(_warning(), ["terminal"], activity) + "\n"
    # a notice is an early sign: nothing urgent now, its first suggestion for after, and the line stays one line
    notice = Alert(70.0, "right", "alert", "notice", "mth2_3", "focal_mth", suggestions=("Move the right\ncleat",))
    assert format_event(notice, [], activity) == (
        "   1:10  RIGHT  NOTICE   MTH2-3, focal peak: Nothing urgent now. After: Move the right cleat  "
        "[delivered: none]")


@pytest.mark.parametrize("alert", [Alert(41.0, "left", "data_stale", None),
                                   Alert(56.0, "left", "data_back", None, silent_s=15.0)],
                         ids=["no data", "data back"])
def test_no_data_and_data_back_are_said_alike_on_the_terminal_and_the_phone(alert):
    # had: the terminal said "its load is unknown: check the insole" (banner), "check the insole" (the
    # line under it), "its load is unknown" (plain line), the phone "Check the left insole: its load is
    # unknown"; data back "after 15.0 s: its load is watched again" against "The left insole's load is
    # watched again"
    view = _view(current=alert, session_s=60.0)
    words = page_state(view)["banner"]["todo"]  # the phone's (monitor.live.shown.now_and_after)
    assert words in " ".join(_banner_rows(_screen(view, 80))), _screen(view, 80)
    assert other_line(alert).endswith(words)
    assert f"  {words}  [delivered: terminal]" in format_event(alert, ["terminal"])
    if alert.kind == "data_stale":
        assert words == "Check the left insole: its load is unknown"
        lost = _view(session_s=60.0)
        lost.feet["left"] = FootView("left", False, lost=True)
        assert "> Check the left insole: its load is unknown" in _banner_rows(_screen(lost, 80))
    else:
        assert words == "The left insole sends again after 15.0 s without data: its load is watched again"


@pytest.mark.parametrize("width", [50, 60])
@pytest.mark.parametrize("alert", [_warning("left", 700.0),  # (0:54 ago)
                                   _warning("right", 100.0, "mth4_5", "lateral_overload")],  # (10:54 ago)
                         ids=["focal peak", "outer forefoot overload"])
def test_the_banners_first_line_fits_the_terminal(alert, width):
    # had: at 50 columns "WARNING  LEFT foot  MTH2-3  focal peak  (0:54 ago)" wrapped its age onto a second
    # row, pushing what to do down (and on a short terminal, its fix out); at 60 an outer forefoot overload
    # did the same
    lines = _screen(_view(current=alert), width)
    rows = _banner_rows(lines)
    foot = alert.foot.upper()
    assert rows[0].startswith(f"WARNING {foot}") or rows[0].startswith(f"WARNING  {foot}"), lines
    pattern = "focal peak" if alert.pattern == "focal_mth" else "outer forefoot overload"
    region = "MTH2-3" if alert.region == "mth2_3" else "MTH4-5"
    assert region in rows[0] and rows[0].endswith((pattern, "ago)")), lines  # the level, foot, region, pattern
    assert rows[1].startswith("> "), lines  # what to do right under it
    assert all(len(ln) <= width for ln in lines)
    # where there is room the age stays
    assert _banner_rows(_screen(_view(current=alert), 80))[0].endswith("ago)")
