"""The phone view fits a 360-px-wide phone whatever the page says: the longest level in both feet's
captions, a long clock with the session's duration, the sound button. Served from this process and opened
in headless Chromium as tests/test_phone_view_stale.py does; polled waits only.
"""

from __future__ import annotations

import pytest

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_stale import _foot, _open, _wait, browser, pytestmark, served  # noqa: F401

from monitor.analysis.alerts import Alert
from monitor.live.view import LiveView

WIDTH_PX = 360


def _overflowing(page, selectors: str) -> list[str]:
    """The elements of ``selectors`` whose content is wider than they are (id, else tag and text)."""
    return page.evaluate(f"""() => [...document.querySelectorAll('{selectors}')]
        .filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.id || e.tagName + ' ' + e.textContent)""")


_SAID, _FILE = "[Errno 28] No space left on device: '", "left.rawlog'"
#: The folders of a long path, as many as make the error 300 characters
LONG_PATH = ("/media/rider/SOLEWATCH-CARD/rides/" +
             "/".join(f"2026-12-04-morning-loop-part-{k}" for k in range(9)))[:300 - len(_SAID) - len(_FILE) - 1] + "/"
#: A recording's error naming a long path, 300 characters: "[Errno 28] No space left on device: '/media/...'"
LONG_ERROR = _SAID + LONG_PATH + _FILE


def _publish_both_feet_warned_and_disk_full(served, error: str = "[Errno 28] No space left on device",
                                            warned: bool = True, pattern: str = "focal_mth") -> None:
    """The longest under the banner or the ended box: both feet warned with their fixes at ten hours, and
    the recording stopped by a full disk at ten hours (``error``; ``warned`` False: no event stands);
    ``pattern``: the warnings' (a whole-forefoot one's words are the longer: "left forefoot (heaviest under
    MTH2-3)")."""
    left, right = (Alert(t, f, "alert", "warning", "mth2_3", pattern, suggestion_keys=("cleat_back",),
                         suggestions=(f"Move the {f} cleat back 2-10 mm",))
                   for t, f in ((36000.0, "left"), (36001.0, "right")))
    served.publish(LiveView(session_s=36002.0, duration_s=36000.0, current_alert=right if warned else None,
                            others=(left,) if warned else (), recording=False, recording_error=error,
                            recording_stopped_s=36000.5,
                            feet={f: _foot(f, level="warning", region="mth2_3", pattern=pattern)
                                  for f in ("left", "right")}))


@pytest.mark.parametrize("level", ["warning", "notice", "alert"])
def test_both_feet_at_their_longest_level_fit_a_360_px_phone(browser, served, level):
    # had: "RIGHT" and its WARNING badge took 169 px of a 165-px column, and the page scrolled sideways
    raised = Alert(11.0, "left", "alert", level, region="mth2_3", pattern="focal_mth")
    served.publish(LiveView(session_s=5025.0, duration_s=36000.0, current_alert=raised,
                            feet={f: _foot(f, level=level) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    _wait(page, f"document.getElementById('banner').dataset.level === '{level}'")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    overflowing = _overflowing(page, "figcaption, header, #bottom")
    assert overflowing == []
    assert errors == []


def _ended_page(browser, served):
    """The page opened, then the session ended: (page, errors) once it says what stood at the end (three
    lines under its box), checked to fit 360 px wide and to end those lines on the first 640-px screen."""
    page, errors = _open(browser, served)
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1' && document.querySelectorAll('#others .other').length === 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    bottom = page.evaluate("document.querySelector('#others .other:last-child').getBoundingClientRect().bottom")
    assert bottom <= 640, bottom
    return page, errors


def test_an_ended_session_with_both_feet_warned_fits_a_360_px_phone(browser, served):
    # the ended page says what stood then under its box: the longest, the recording stopped by a full disk
    # and both feet warned with their fixes; what stood then is read on the first screen, under the box
    _publish_both_feet_warned_and_disk_full(served)
    page, errors = _ended_page(browser, served)
    overflowing = _overflowing(page, "figcaption, header, #bottom, #stale, #others > div")
    assert overflowing == []
    assert errors == []


def _as_a_browser_without_has(page) -> None:
    """The page's style as a browser without ``:has`` (Safari before 15.4, Firefox before 121) takes it: it
    drops every rule whose selector it cannot read."""
    page.evaluate("""() => { for (const sheet of document.styleSheets) {
        for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
            if ((sheet.cssRules[i].selectorText || '').includes(':has(')) sheet.deleteRule(i); } } }""")


@pytest.mark.parametrize("pattern", ["focal_mth", "residual_unloaded"])
@pytest.mark.parametrize("has", [True, False], ids=["with-has", "without-has"])
def test_a_live_page_with_both_feet_warned_and_its_recording_stopped_fits_a_360_px_phone(browser, served, has,
                                                                                         pattern):
    # the live page's longest under the banner: the recording stopped by a full disk and the other foot's
    # warning (had: the feet shrank for two lines through :has, and without it the buttons ended at 668 px)
    _publish_both_feet_warned_and_disk_full(served, pattern=pattern)
    page, errors = _open(browser, served)
    if not has:
        _as_a_browser_without_has(page)
    _wait(page, "document.querySelectorAll('#others .other').length === 2")
    assert page.evaluate("getComputedStyle(document.querySelector('#feet svg')).maxHeight") == "135px"
    assert page.evaluate("document.querySelector('#others .other').dataset.kind") == "recording_error"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    overflowing = _overflowing(page, "figcaption, header, #bottom, #banner, #others > div")
    assert overflowing == []
    # the numb buttons stay on the first screen
    bottom = page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom")
    assert bottom <= 640, bottom
    assert errors == []


#: The element that says the recording stopped: the line under the banner, else the banner's title.
STOPPED_SAID = ("(document.querySelector('#others [data-kind=recording_error]') "
                "|| document.getElementById('banner-title'))")


@pytest.mark.parametrize("warned", [True, False], ids=["under-a-warning", "in-the-banner"])
def test_a_long_recording_error_leaves_the_numb_buttons_on_a_360x640_phone(browser, served, warned):
    # had: a 300-character error naming a long path was said whole, and the numb buttons ended at 795 px with
    # it under the banner, at 851 with it in the banner
    assert len(LONG_ERROR) == 300
    _publish_both_feet_warned_and_disk_full(served, LONG_ERROR, warned)
    page, errors = _open(browser, served)
    _wait(page, f"{STOPPED_SAID}.textContent.startsWith('RECORDING STOPPED at 10:00:00: ')")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    bottom = page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom")
    assert bottom <= 640, bottom
    said = page.evaluate(f"({{text: {STOPPED_SAID}.textContent, title: {STOPPED_SAID}.title}})")
    # what follows is said before the error, whose path is said by its last component; the whole is its title
    if warned:
        assert said["text"].startswith("RECORDING STOPPED at 10:00:00: the session is not being recorded. [Errno 28]")
    assert said["text"].endswith(": '\u2026/left.rawlog'") and LONG_PATH not in said["text"], said
    assert said["title"].endswith(LONG_ERROR), said
    # a tap shows it whole, and it stays so with the next states, until tapped again
    closed_px = page.evaluate(f"{STOPPED_SAID}.getBoundingClientRect().height")
    page.evaluate(f"{STOPPED_SAID}.click()")
    _publish_both_feet_warned_and_disk_full(served, LONG_ERROR + " ", warned)  # a new state, drawn anew
    _wait(page, f"{STOPPED_SAID}.title.endsWith(' ')")
    assert page.evaluate(f"{STOPPED_SAID}.getBoundingClientRect().height") > closed_px
    page.evaluate(f"{STOPPED_SAID}.click()")
    assert page.evaluate(f"{STOPPED_SAID}.getBoundingClientRect().height") == closed_px
    assert errors == []


def test_an_ended_session_whose_recording_stopped_with_a_long_error_says_what_stood_on_the_first_screen(
        browser, served):
    _publish_both_feet_warned_and_disk_full(served, LONG_ERROR)
    page, errors = _ended_page(browser, served)
    first = page.evaluate("document.querySelector('#others .other').textContent")
    assert first.startswith("RECORDING STOPPED at 10:00:00: what came after is not in the recording. [Errno 28]")
    assert errors == []


def _longest_said(part: int) -> str:
    """The longest words the suggestion table says for one foot, in any activity, pedals and region: of its
    short fixes (``part`` 0: "Swelling: loosen the right shoe's laces") or of its sentences (1)."""
    from monitor.analysis.suggestions import SUGGESTIONS, words
    from monitor.signal.activity_words import ACTIVITY_WORDS

    activities = (*ACTIVITY_WORDS, "cycling", "running", "walking", "elliptical_or_stair", "unknown")
    return max((words(s, a, (foot,), pedals, region)[part] for s in SUGGESTIONS.values() for a in activities
                for foot in ("left", "right") for pedals in (None, "clipless", "toe-clips", "flat")
                for region in ("mth1", "mth2_3", "mth4_5", "hallux", None)), key=lambda w: (len(w), w))


#: A suggestion longer than any in the table: its longest sentence, computed, not named (had: check_side's on a
#: bike, 190 characters, called the longest while the bike relief's had grown to 411), twice
LONG_TODO = (_longest_said(1) + " ") * 2


def _publish_long_words(served, level: str, activity: str, t_s: float = 36000.0,
                        session_s: float = 35998.0) -> None:
    """Every line that says what to do at its longest: the banner's event (``level``: a notice's fix and a
    warning's are its suggestion) and the other foot's notice say LONG_TODO, the recording stopped with
    LONG_ERROR, a ten-hour clock (``session_s``); ``t_s`` names the banner's event."""
    raised, other = (Alert(t, f, "alert", lv, "mth2_3", "focal_mth", suggestion_keys=("check_side",),
                           suggestions=(LONG_TODO,))
                     for t, f, lv in ((t_s, "right", level), (36001.0, "left", "notice")))
    served.publish(LiveView(session_s=session_s, duration_s=36000.0, current_alert=raised, others=(other,),
                            recording=False, recording_error=LONG_ERROR, recording_stopped_s=36000.5,
                            feet={f: _foot(f, level="warning", region="mth2_3", activity=activity)
                                  for f in ("left", "right")}))


#: The lines that say what to do: now and after in the banner, the other foot's under it
TODO_SAID = ("[document.getElementById('todo'), document.getElementById('fix'), "
             "document.querySelector('#others [data-kind=alert]')]")


@pytest.mark.parametrize("level, activity", [("notice", "cycling_seated"), ("warning", "running")])
def test_long_words_of_what_to_do_leave_the_numb_buttons_on_a_360x640_phone(browser, served, level, activity):
    # had: what to do now, after, and for the other foot were said whole, and a long suggestion pushed the
    # numb buttons to 1095 px (a notice in the banner, on a bike) and 962 px (a warning, running)
    _publish_long_words(served, level, activity)
    page, errors = _open(browser, served)
    _wait(page, "document.querySelectorAll('#others .other').length === 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    bottom = page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom")
    assert bottom <= 640, bottom
    # each line that is cut holds its whole words in its title: a notice's to-do, a warning's fix, the other's
    said = page.evaluate(f"{TODO_SAID}.map((e) => ({{text: e.textContent, title: e.title}}))")
    long_ones = [line["text"] for line in said if LONG_TODO in line["text"]]
    assert len(long_ones) == 2 and all(line["title"] == line["text"] for line in said), said
    # a tap on the other foot's line shows it whole, and it stays so with the next states of that event
    other = "document.querySelector('#others [data-kind=alert]')"
    closed_px = page.evaluate(f"{other}.getBoundingClientRect().height")
    page.evaluate(f"{other}.click()")
    _publish_long_words(served, level, activity, session_s=35999.0)  # a new state, drawn anew
    _wait(page, "document.getElementById('clock').textContent.startsWith('9:59:59')")
    assert page.evaluate(f"{other}.getBoundingClientRect().height") > closed_px
    page.evaluate(f"{other}.click()")
    assert page.evaluate(f"{other}.getBoundingClientRect().height") == closed_px
    # the banner's long line (the fix after, a notice's as a warning's), tapped open, is cut again for the next
    # event
    todo = "document.getElementById('fix')"
    closed_px = page.evaluate(f"{todo}.getBoundingClientRect().height")
    page.evaluate(f"{todo}.click()")
    assert page.evaluate(f"{todo}.getBoundingClientRect().height") > closed_px
    _publish_long_words(served, level, activity, t_s=36001.5)
    _wait(page, "document.getElementById('banner').dataset.t === '36001.5'")
    assert page.evaluate(f"{todo}.getBoundingClientRect().height") == closed_px
    assert page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom") <= 640
    assert errors == []


def test_an_ended_session_says_what_stood_on_the_first_screen_whatever_its_words_length(browser, served):
    # had: what stood at the end was said whole, and with long suggestions its last line ended at 702 px
    _publish_long_words(served, "warning", "cycling_seated")
    page, errors = _ended_page(browser, served)
    said = page.evaluate("[...document.querySelectorAll('#others .other')].map((e) => [e.textContent, e.title])")
    assert said[0][0].startswith("RECORDING STOPPED at 10:00:00: what came after is not in the recording.")
    for text, title in said[1:]:  # each line's whole words are its title
        assert text.startswith(("WARNING right foot", "NOTICE left foot")) and LONG_TODO in title, said
    assert errors == []


#: The sessions' number ranges ("2-10 mm", "20-60 s"), in the page: each one's lines (their tops) in element
#: ``e``, which must be one
RANGE_LINES = r"""(e) => {
    const nodes = []; let all = "";
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
    const at = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0],
        i - nodes[k][1]]; };
    return [...all.matchAll(/\d+-\d+(?: ?(?:mm|s|%))?/g)].map((m) => {
        const r = document.createRange();
        r.setStart(...at(m.index)); r.setEnd(...at(m.index + m[0].length));
        return new Set([...r.getClientRects()].map((q) => Math.round(q.top))).size; }); }"""


@pytest.mark.parametrize("fix", ["Move the right cleat back 2-10 mm", _longest_said(0)])
def test_every_fix_of_the_suggestion_table_is_said_whole_on_a_360_px_phone(browser, served, fix):
    # had: the fix was cut to one line: "After: Move the right cleat back 2-1..." at 360x640, a fix of the
    # table's read as another number
    warning = Alert(310.0, "right", "alert", "warning", "mth2_3", "focal_mth", suggestion_keys=("cleat_back",),
                    suggestions=(fix,))
    served.publish(LiveView(session_s=36000.0, duration_s=36000.0, current_alert=warning,
                            feet={f: _foot(f, level="warning", region="mth2_3") for f in ("left", "right")}))
    page, errors = _open(browser, served)
    _wait(page, f"document.getElementById('fix').textContent === {('After: ' + fix)!r}")
    shown = page.evaluate("(() => { const e = document.getElementById('fix'); return {cut: e.dataset.cut, "
                          "open: e.dataset.open, scroll: e.scrollHeight, client: e.clientHeight}; })()")
    assert shown["cut"] and shown["open"] == "0", shown  # as drawn for an event, not tapped open
    assert shown["scroll"] <= shown["client"], shown  # said whole
    assert all(n == 1 for n in page.evaluate(f"({RANGE_LINES})(document.getElementById('fix'))"))
    assert page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom") <= 640
    assert errors == []


def test_a_number_range_is_never_broken_across_lines(browser, served):
    # had: a line could break after "2-" and say "10 mm" on the next; moved along the line word by word, the
    # range comes to each place at its end, and stays whole on one line or the next
    served.publish(LiveView(session_s=60.0, duration_s=None, feet={f: _foot(f) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    lines = page.evaluate(f"""() => {{ const e = document.getElementById('fix'); const out = [];
        for (let k = 0; k < 40; k++) {{
            said(e, "After: " + "ab ".repeat(k) + "Move the right cleat back 2-10 mm and unweight 20-60 s");
            out.push([e.getClientRects()[0].height, ({RANGE_LINES})(e)]); }}
        return out; }}""")
    assert len({round(height) for height, _ in lines}) > 1  # the words wrapped at some of the places
    assert all(ranges == [1, 1] for _, ranges in lines), lines
    assert errors == []
