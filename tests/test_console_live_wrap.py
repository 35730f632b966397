"""The lines printed above the live view (each event's, each notice's) wrap at words to the terminal's
width: a terminal that folded them cut "Move the left cleat back 2-10 m" / "m [delivered: ...]", read as
metres. Continuation lines start under the words; a number stays with its unit; the words are unchanged;
the plain lines stay one line each (tests/test_console_live.py)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from test_console_live import ANSI, _view

from monitor.analysis.alerts import Alert
from monitor.cli.console_live import LiveDisplay, format_event

LONG = Alert(290.0, "left", "alert", "warning", "mth2_3", "focal_mth",
             suggestions=("Move the left cleat back 2-10 mm", "Metatarsal pad just behind MTH2-3"),
             relief="Unweight the foot 20-60 s")


def _said_above(width: int, say) -> list[str]:
    """The lines printed above the view from the first that starts with the event's time on."""
    out = io.StringIO()
    console = Console(file=out, width=width, height=24, force_terminal=True, color_system=None)
    with LiveDisplay(console, refresh_per_second=50) as display:
        display.update(_view())
        say(display)
    lines = ANSI.sub("", out.getvalue()).splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith("   4:50  ") or ln.startswith("  12:34  "))
    said = [lines[first]]
    for ln in lines[first + 1:]:
        if not ln.startswith(" " * 9) or not ln.strip():
            break
        said.append(ln)
    return said


@pytest.mark.parametrize("width", [60, 80, 100])
def test_an_events_line_above_the_view_wraps_at_words(width):
    said = _said_above(width, lambda d: d.event(LONG, ["terminal", "events"]))
    whole = format_event(LONG, ["terminal", "events"], "cycling")
    assert len(whole) > width  # it needs wrapping
    assert len(said) > 1 and all(len(ln) <= width for ln in said), said
    assert " ".join(said).split() == whole.split(), said  # no word cut, none lost
    assert any("2-10 mm" in ln for ln in said), said
    assert all(ln.startswith(" " * 9) and ln[9] != " " for ln in said[1:]), said  # under the words


def test_a_notice_above_the_view_wraps_at_words_too():
    text = "the events file stopped: " + "no space left on the device for the events file " * 3
    said = _said_above(60, lambda d: d.message(text))
    assert len(said) > 1 and all(len(ln) <= 60 for ln in said), said
    assert " ".join(said).split() == f"12:34 {text}".split(), said
