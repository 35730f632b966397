"""The phone view's page says a session time as the terminal view does (monitor.cli.console_live.fmt_clock,
which the report and analyze's text share: monitor.util.timefmt.clock_text), so the two never show the same
event a second apart. The page's own formatter is run in headless Chromium, and times also go the whole
way, through the state the server sends, to what the page writes.
"""

from __future__ import annotations

import io
import random

from rich.console import Console

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_stale import _foot, _open, _wait, browser, pytestmark, served  # noqa: F401

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RIDER_MARK_KIND
from monitor.cli.console_live import fmt_clock, render_view
from monitor.live.view import LiveView

#: Halves (Python rounds them to the even second), times either side of a half (11.46: a time first rounded
#: to 0.1 s would be 11.5), a negative residue, hour boundaries, ten hours, and random times over ten hours
TIMES = [0.0, 1e-9, 0.4, 0.5, 1.5, 2.5, 11.2, 11.46, 11.5, 11.54, 11.6, 12.5, 13.46, 13.5, 59.5, 59.96,
         599.5, 3599.49, 3599.5, 3600.5, 35999.5, 36000.4999, 36001.5, -0.4] + \
        [round(random.Random(36).uniform(0, 36000), k % 4) for k in range(200)]


def test_the_pages_clock_says_every_time_as_the_terminal_does(browser, served):
    # had: the page rounded down (Math.floor) and the terminal to the nearest: 0:11 against 0:12 for 11.6 s
    served.publish(LiveView(session_s=1.0, duration_s=None, feet={f: _foot(f) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    said = page.evaluate("(times) => times.map(clock)", TIMES)
    wrong = [(t, s, fmt_clock(t)) for t, s in zip(TIMES, said) if s != fmt_clock(t)]
    assert wrong == [], wrong[:10]
    assert page.evaluate("[clock(null), clock(undefined), clock(NaN)]") == ["-", "-", fmt_clock(None)]
    assert errors == []


def test_a_time_sent_to_the_page_is_said_as_the_terminal_says_it(browser, served):
    # had: the state rounded the times to 0.1 s and the page rounded down: the recording stopped at 11.6 s
    # read 0:11 on the phone and 0:12 on the terminal; a mark at 13.46 s would read 0:14 once rounded twice
    times = [t for t in TIMES if t >= 0][:60]
    marks = tuple(Alert(t, "left", RIDER_MARK_KIND, None) for t in times)
    served.publish(LiveView(session_s=11.6, duration_s=None, marks=marks, recording=False,
                            recording_error="[Errno 28] No space left on device", recording_stopped_s=11.6,
                            feet={f: _foot(f) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    _wait(page, "document.getElementById('marks').textContent.startsWith('Marked: ')")
    shown = page.evaluate("document.getElementById('marks').textContent")
    assert shown == "Marked: " + ", ".join(f"LEFT numb at {fmt_clock(t)}" for t in times) + \
        ". Unweight the foot 20-60 s; loosen the left shoe's strap or dial"  # what to do now, for the latest
    assert page.evaluate("document.getElementById('clock').textContent") == fmt_clock(11.6) == "0:12"
    assert page.evaluate("document.getElementById('banner-title').textContent").startswith(
        f"RECORDING STOPPED at {fmt_clock(11.6)}: ")
    assert errors == []


def test_the_pages_session_clock_is_never_past_the_duration_as_the_terminals(browser, served):
    # had: the terminal's header said 10:00:00 / 10:00:00 for a last view 2 s past a ten-hour session, the
    # page 10:00:02 / 10:00:00
    served.publish(LiveView(session_s=36002.4, duration_s=36000.0, feet={f: _foot(f) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    console = Console(record=True, width=80, file=io.StringIO())
    console.print(render_view(LiveView(session_s=36002.4, duration_s=36000.0, feet={})))
    assert "10:00:00 / 10:00:00" in console.export_text()
    assert page.evaluate("document.getElementById('clock').textContent") == "10:00:00 / 10:00:00"
    assert errors == []
