"""After a "numb now" mark, the phone says what to do on its first screen; a late event under the banner says how
late before its words; a mark made while its foot sent no data says so, as the terminal's line of it; and once
the session ended, the numb buttons say that nothing takes a mark.

Had, at 360x640: the mark's do-now words began at 645 px, below the first screen; the other foot's notice
"RIGHT NOTICE: Nothing urgent now. After: Move the right cleat back..." was cut at two lines before its
"(issued 13 s late)"; the state's marks had no word of a foot without data, so the page never said "the foot
had sent no data since the start (its load then unknown)"; and an ended page's numb buttons stayed bright, a
tap answering "not connected: the mark was not taken".

States are read through a page's WebSocket (as tests/test_phone_view_says_late_and_marks.py); the layout is
opened in headless Chromium as tests/test_phone_view_layout.py does; polled waits only.
"""

from __future__ import annotations

from dataclasses import replace

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_says_late_and_marks import _served
from test_phone_view_stale import _foot, _open, _wait, browser, pytestmark, served  # noqa: F401

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.cli.console_live import format_event
from monitor.live.view import LiveView

SCREEN_PX = 640
#: Where a mark was made while its foot had sent no data since the start: what the terminal's line says of it
NO_DATA_WORDS = "the foot had sent no data since the start (its load then unknown)"


def _notice(t_s: float, foot: str) -> Alert:
    return Alert(t_s, foot, "alert", "notice", "mth2_3", "focal_mth", suggestion_keys=("cleat_back",),
                 suggestions=(f"Move the {foot} cleat back 2-10 mm",))


def _notices_and_a_late_mark() -> LiveView:
    """The page at 1:47 of 3:00: a left notice in the banner and the right foot's under it, both issued 13 s
    late, and the right foot marked numb at 1:15, given back 50 s late, when it had sent no data yet."""
    left, right = _notice(80.0, "left"), _notice(90.0, "right")
    mark = mark_alert(RiderMark(75.0, "right"), "cycling_seated", no_data_since_s=0.0)
    return LiveView(session_s=107.0, duration_s=180.0, current_alert=left, others=(right,), marks=(mark,),
                    late={left: "issued 13 s late", right: "issued 13 s late", mark: "issued 50 s late"},
                    feet={f: _foot(f, level="notice", region="mth2_3", pattern="focal_mth")
                          for f in ("left", "right")})


def _disk_full_warned_and_marked() -> LiveView:
    """Three lines under the banner: the recording stopped by a full disk at ten hours, the right foot's warning
    in the banner, the left one's under it, and the right foot marked numb 50 s late, without data then."""
    left, right = (Alert(t, f, "alert", "warning", "mth2_3", "focal_mth", suggestion_keys=("cleat_back",),
                         suggestions=(f"Move the {f} cleat back 2-10 mm",))
                   for t, f in ((36000.0, "left"), (36001.0, "right")))
    mark = mark_alert(RiderMark(35990.0, "right"), "cycling_seated", no_data_since_s=0.0)
    return LiveView(session_s=36002.0, duration_s=36000.0, current_alert=right, others=(left,), marks=(mark,),
                    late={mark: "issued 50 s late"}, recording=False,
                    recording_error="[Errno 28] No space left on device", recording_stopped_s=36000.5,
                    feet={f: _foot(f, level="warning", region="mth2_3", pattern="focal_mth")
                          for f in ("left", "right")})


def test_a_mark_made_while_its_foot_sent_no_data_carries_the_terminal_line_s_words():
    view = _notices_and_a_late_mark()
    mark = view.marks[0]
    line = format_event(mark, ["terminal"], "cycling_seated")
    assert f"marked by the rider; {NO_DATA_WORDS}. " in line, line
    with_data = mark_alert(RiderMark(60.0, "left"), "cycling_seated")
    state = _served([view, replace(view, marks=(with_data,), late={})])
    assert [m.get("no_data") for m in state[0]["marks"]] == [NO_DATA_WORDS], state[0]["marks"]  # had: none
    assert [m["no_data"] for m in state[1]["marks"]] == [None], state[1]["marks"]


#: The latest mark's line under the banner, and what a page says of it and the lines about it
MARK_LINE = "document.querySelector('#others [data-kind=rider_mark]')"
SHOWN = f"""() => {{
    const line = {MARK_LINE}, other = document.querySelector('#others [data-kind=alert]');
    // the rectangle the words "issued 13 s late" of the other foot's line are drawn in
    const walker = document.createTreeWalker(other, NodeFilter.SHOW_TEXT);
    let late = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {{
        const at = n.data.indexOf('issued 13 s late');
        if (at >= 0) {{ const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + 16);
                        late = r.getBoundingClientRect().bottom; }}
    }}
    return {{mark: line ? line.textContent : null, mark_bottom: line ? line.getBoundingClientRect().bottom : null,
             other: other.textContent, other_bottom: other.getBoundingClientRect().bottom, late_bottom: late,
             numb_bottom: document.getElementById('numb').getBoundingClientRect().bottom,
             marks: document.getElementById('marks').textContent,
             width: document.documentElement.scrollWidth}};
}}"""


def test_the_mark_s_do_now_words_and_the_other_foot_s_lateness_are_on_a_360x640_first_screen(browser, served):
    served.publish(_notices_and_a_late_mark())
    page, errors = _open(browser, served)
    _wait(page, "document.getElementById('marks').textContent !== ''")
    shown = page.evaluate(SHOWN)
    # had: no such line; the marks' line, under the buttons, began at 645 px
    assert shown["mark"] == ("RIGHT NUMB at 1:15 (issued 50 s late): Unweight the foot 20-60 s; loosen the right "
                             f"shoe's strap or dial. {NO_DATA_WORDS[:1].upper()}{NO_DATA_WORDS[1:]}"), shown
    assert shown["mark_bottom"] <= SCREEN_PX and shown["numb_bottom"] <= SCREEN_PX, shown
    # the do-now words are drawn whole within its three lines: the line is taller than their end
    do_now_bottom = page.evaluate(f"""(() => {{ const line = {MARK_LINE}, r = document.createRange();
        const text = [...line.childNodes].filter((n) => n.nodeType === 3).pop();
        const at = text.data.indexOf('dial'); r.setStart(text, at); r.setEnd(text, at + 4);
        return r.getBoundingClientRect().bottom <= line.getBoundingClientRect().bottom; }})()""")
    assert do_now_bottom, shown
    # had: "RIGHT NOTICE: Nothing urgent now. After: Move the right cleat back…", its lateness past the cut
    assert shown["other"].startswith("RIGHT NOTICE (issued 13 s late): Nothing urgent now. After: "), shown
    assert shown["late_bottom"] is not None and shown["late_bottom"] <= shown["other_bottom"], shown
    # the marks' line keeps every mark, with its foot's missing data (had: "Marked: RIGHT numb at 1:15 (issued
    # 50 s late). Unweight ...")
    assert shown["marks"].startswith(f"Marked: RIGHT numb at 1:15 (issued 50 s late): {NO_DATA_WORDS}. Unweight"), \
        shown
    assert shown["width"] <= 360 and errors == []


def test_the_recording_stopped_a_mark_and_the_other_foot_s_event_leave_the_numb_buttons_on_the_first_screen(
        browser, served):
    served.publish(_disk_full_warned_and_marked())
    page, errors = _open(browser, served)
    _wait(page, "document.querySelectorAll('#others .other').length === 3")
    assert page.evaluate("document.body.dataset.under") == "4"  # the mark's line counts as two
    bottoms = page.evaluate(f"""[{MARK_LINE}.getBoundingClientRect().bottom,
        document.getElementById('numb').getBoundingClientRect().bottom]""")
    assert max(bottoms) <= SCREEN_PX, bottoms
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 and errors == []


def test_an_ended_session_s_numb_buttons_say_that_nothing_takes_a_mark(browser, served):
    served.publish(_notices_and_a_late_mark())
    page, errors = _open(browser, served)
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1'")
    # had: both buttons bright and enabled, a tap answering "not connected: the mark was not taken"
    assert page.evaluate("[...document.querySelectorAll('#numb button')].map((b) => b.disabled)") == [True, True]
    page.evaluate("document.getElementById('numb-left').dispatchEvent(new MouseEvent('click'))")
    said = page.evaluate("document.getElementById('marks').textContent")
    assert said == "the session has ended: the mark was not taken", said
    assert errors == []
