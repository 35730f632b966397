"""The phone view in a browser when it is no longer live: the page must not go on showing its last state as
if it were now.

A :class:`monitor.live.web.server.PhoneView` is served from this process (its own event loop in a thread) and
fed views built by hand; headless Chromium (Debian's package, driven by playwright as in
tests/test_phone_view.py) opens it at 360x640. What is checked is what the page ends up showing; every wait is
generous and polled, so a loaded host makes the test slower, not wrong.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time

import pytest
from test_phone_view import CHROMIUM, SKIP, sync_playwright  # one check of the browser for the phone view's tests

from monitor.analysis.alerts import Alert
from monitor.live.view import FootView, LiveView
from monitor.live.web.server import PhoneView

pytestmark = [pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason=SKIP),
              pytest.mark.timeout(300)]


def _foot(name: str, **kw) -> FootView:
    base = dict(foot=name, connected=True, region_kpa={"mth1": 60.0, "mth2_3": 70.0, "mth4_5": 60.0,
                                                       "hallux": 60.0, "heel_medial": 30.0,
                                                       "midfoot_lateral": math.nan},
                focal_normal={"mth2_3": 1.0}, activity="cycling_seated", cadence_per_min=88.0,
                time_since_relief_s=20.0, level="none", packets_per_s=50.0, battery_pct=80)
    return FootView(**{**base, **kw})


def _view(session_s: float, **feet_kw) -> LiveView:
    return LiveView(session_s=session_s, duration_s=None,
                    feet={f: _foot(f, **feet_kw.get(f, {})) for f in ("left", "right")})


class _Served:
    """A PhoneView serving from its own event loop in a thread; ``call`` runs a coroutine there.

    Every state published goes out at once (``min_interval_s`` 0): the server holds back a state that repeats
    the last one's events and levels for a quarter second, and a test publishes each state once, so on a
    fast host a repeat published within that quarter second would never reach the page (the throttle's own
    tests are in tests/test_rider_marks.py)."""

    def __init__(self) -> None:
        self.phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.call(self.phone.start())

    def call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(60)

    def publish(self, view: LiveView) -> None:
        async def go() -> None:
            self.phone.publish(view)
        self.call(go())

    def gone(self) -> None:
        """The server stops without the session's end (as a failed server does): no "ended" state."""
        async def go() -> None:
            self.phone._server.should_exit = True
            await asyncio.wait_for(self.phone._task, 30)
            self.phone._sock.close()
        self.call(go())

    def close(self) -> None:
        if not self.phone._task.done():
            self.call(self.phone.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(30)


@pytest.fixture()
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def served():
    s = _Served()
    try:
        yield s
    finally:
        s.close()


def _wait(page, expression: str, timeout_s: float = 60.0) -> None:
    """Until ``expression`` is true in the page (polled: the page's CSP forbids wait_for_function's eval)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, (f"never true: {expression}", page.evaluate("document.body.innerText"))
        page.wait_for_timeout(50)


def _open(browser, served: _Served):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served.phone.url, wait_until="load")
    _wait(page, "document.getElementById('conn').dataset.ok === '1' && "
                "document.getElementById('foot-left').dataset.drawn === '1'")
    return page, errors


NOT_LIVE = "document.body.dataset.stale === '1'"


def _shown(page) -> dict:
    return page.evaluate("""() => ({
        level: document.getElementById('level').textContent,
        stale: document.getElementById('stale').innerText,
        banner_shown: getComputedStyle(document.getElementById('banner')).display !== 'none',
        feet_opacity: Number(getComputedStyle(document.getElementById('feet')).opacity)})""")


def test_a_page_whose_server_is_gone_says_it_is_not_live(browser, served):
    # had: only the small "reconnecting" tag turned red; the green OK and "Nothing to do: ride on" stayed
    notice = Alert(10.0, "right", "alert", "notice", "mth4_5", "focal_mth", suggestions=("Try a wider shoe",))
    view = LiveView(session_s=12.0, duration_s=None, current_alert=Alert(11.0, "left", "data_stale", None),
                    others=(notice,), feet={f: _foot(f) for f in ("left", "right")})
    served.publish(view)
    page, errors = _open(browser, served)
    _wait(page, "document.querySelectorAll('#others .other').length === 1")
    # live while states come: a state now (had: the check came at no set time after the first state, and a
    # page that took more than STALE_AFTER_MS to get there, on a loaded host, had rightly said "NO UPDATE")
    served.publish(view)
    _wait(page, "document.body.dataset.stale !== '1'")
    served.gone()
    _wait(page, NOT_LIVE)
    shown = _shown(page)
    assert "NO CONNECTION" in shown["stale"] and "not live" in shown["stale"]
    assert shown["level"] == "-" and not shown["banner_shown"] and shown["feet_opacity"] < 1.0
    # the session may go on: the events under the banner go with the banner, as old as it is
    assert page.evaluate("getComputedStyle(document.getElementById('others')).display") == "none"
    assert errors == []


def test_a_page_that_hears_nothing_says_it_is_not_live_until_a_state_comes(browser, served):
    # the connection stays open but no state comes (a phone gone out of the Wi-Fi's reach, a stalled monitor)
    served.publish(_view(12.0))
    page, errors = _open(browser, served)
    _wait(page, NOT_LIVE)  # the server sends a state at least every 0.25 s while the session runs
    assert "NO UPDATE" in _shown(page)["stale"]
    served.publish(_view(13.0, left={"level": "notice"}))
    _wait(page, "document.body.dataset.stale === '0'")
    shown = _shown(page)
    assert shown["level"] == "NOTICE" and shown["banner_shown"] and shown["feet_opacity"] == 1.0
    assert errors == []


def _lines_under(box_id: str) -> str:
    """The lines under the element ``box_id`` (the ended box ``stale``, the live ``banner``): each one's
    text, level, and whether it is visible, below the box and on the first screen."""
    return f"""() => [...document.querySelectorAll('#others > div')].map((o) => ({{
    text: o.innerText, level: o.dataset.level || null, visible: o.getBoundingClientRect().height > 0,
    below: o.getBoundingClientRect().top >= document.getElementById('{box_id}').getBoundingClientRect().bottom,
    on_screen: o.getBoundingClientRect().bottom <= window.innerHeight}}))"""


ENDED_LINES = _lines_under("stale")
#: A warning on the left foot under MTH2-3 at 0:12 (11.5 s, to the even second as the terminal), with its fix.
LEFT_WARNING = Alert(11.5, "left", "alert", "warning", region="mth2_3", pattern="focal_mth",
                     suggestion_keys=("cleat_back",), suggestions=("Move the left cleat back 2-10 mm",))


def test_a_page_whose_session_ended_says_so_where_the_banner_was_and_what_stood_then_under_it(browser, served):
    # had: a small grey "session ended" tag; the level and the banner's warning stayed as if live; then the
    # box hid the warning raised in the session's last second, and what to do for it, behind it
    served.publish(_view(11.0))
    page, errors = _open(browser, served)
    warned = LEFT_WARNING
    served.publish(LiveView(session_s=12.0, duration_s=None, current_alert=warned,
                            feet={"left": _foot("left", level="warning", region="mth2_3"), "right": _foot("right")}))
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1'")
    _wait(page, NOT_LIVE)
    shown = _shown(page)
    assert "SESSION ENDED" in shown["stale"] and "0:12" in shown["stale"] and "not live" in shown["stale"]
    assert shown["level"] == "-" and not shown["banner_shown"] and shown["feet_opacity"] < 1.0
    lines = page.evaluate(ENDED_LINES)
    assert [o["text"] for o in lines] == [
        "Standing when the session ended:",
        "WARNING left foot MTH2-3 focal peak at 0:12. Unweight the foot 20-60 s. "
        "After: Move the left cleat back 2-10 mm"], lines
    assert lines[1]["level"] == "warning"
    assert all(o["visible"] and o["below"] and o["on_screen"] for o in lines), lines
    page.wait_for_timeout(1500)  # the page's own checks go on: it stays ended, not "no connection"
    assert "SESSION ENDED" in _shown(page)["stale"] and page.evaluate(ENDED_LINES) == lines
    assert errors == []


def test_a_session_that_ended_with_nothing_standing_says_nothing_under_its_box(browser, served):
    served.publish(_view(12.0))
    page, errors = _open(browser, served)
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1'")
    assert "SESSION ENDED" in _shown(page)["stale"] and page.evaluate(ENDED_LINES) == []
    assert errors == []


DISK_FULL = "[Errno 28] No space left on device"
#: The disk filled at 0:11 (the session time the recording was seen stopped)
STOPPED = dict(recording=False, recording_error=DISK_FULL, recording_stopped_s=11.2)
STOPPED_LINE = "RECORDING STOPPED at 0:11: what came after is not in the recording. " + DISK_FULL


def test_a_session_that_ended_after_its_recording_stopped_says_so_under_its_box(browser, served):
    # had: the banner's "RECORDING STOPPED: ..." went behind the SESSION ENDED box and nothing under the box
    # said it, so the ended page read as a whole ride recorded; then it said it with no time
    served.publish(_view(11.0))
    page, errors = _open(browser, served)
    served.publish(LiveView(session_s=12.0, duration_s=None, **STOPPED, feet={f: _foot(f) for f in ("left", "right")}))
    _wait(page, "document.getElementById('banner-title').textContent.startsWith('RECORDING STOPPED')")
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1'")
    _wait(page, NOT_LIVE)
    assert "SESSION ENDED" in _shown(page)["stale"] and not _shown(page)["banner_shown"]
    lines = page.evaluate(ENDED_LINES)
    assert [o["text"] for o in lines] == [STOPPED_LINE], lines
    assert lines[0]["level"] == "alert"
    assert all(o["visible"] and o["below"] and o["on_screen"] for o in lines), lines
    assert errors == []


def test_a_session_that_ended_after_its_recording_stopped_with_a_warning_standing_says_both(browser, served):
    served.publish(_view(11.0))
    page, errors = _open(browser, served)
    warned = LEFT_WARNING
    served.publish(LiveView(session_s=12.0, duration_s=None, current_alert=warned, **STOPPED,
                            feet={"left": _foot("left", level="warning", region="mth2_3"), "right": _foot("right")}))
    served.call(served.phone.aclose())
    _wait(page, "document.body.dataset.ended === '1'")
    _wait(page, NOT_LIVE)
    lines = page.evaluate(ENDED_LINES)
    assert [o["text"] for o in lines] == [
        STOPPED_LINE,
        "Standing when the session ended:",
        "WARNING left foot MTH2-3 focal peak at 0:12. Unweight the foot 20-60 s. "
        "After: Move the left cleat back 2-10 mm"], lines
    assert [o["level"] for o in lines] == ["alert", None, "warning"]
    assert all(o["visible"] and o["below"] and o["on_screen"] for o in lines), lines
    assert errors == []


LIVE_STOPPED_LINE = "RECORDING STOPPED at 0:11: the session is not being recorded. " + DISK_FULL
LIVE_LINES = _lines_under("banner")


def test_a_live_page_whose_recording_stopped_says_so_under_a_warning_that_came_after(browser, served):
    # had: the banner said "RECORDING STOPPED: ..." only while no event stood; a warning raised after the disk
    # filled took the banner and nothing on the live page said the ride was no longer recorded; then neither
    # line said when it stopped
    served.publish(_view(11.0))
    page, errors = _open(browser, served)
    served.publish(LiveView(session_s=11.2, duration_s=None, **STOPPED, feet={f: _foot(f) for f in ("left", "right")}))
    _wait(page, "document.getElementById('banner-title').textContent.startsWith('RECORDING STOPPED')")
    warned = LEFT_WARNING
    served.publish(LiveView(session_s=12.0, duration_s=None, current_alert=warned, **STOPPED,
                            feet={"left": _foot("left", level="warning", region="mth2_3"), "right": _foot("right")}))
    _wait(page, "document.getElementById('banner').dataset.level === 'warning'")
    assert _shown(page)["banner_shown"]
    assert page.evaluate("document.getElementById('banner-title').textContent") == \
        "WARNING left foot MTH2-3 focal peak"
    lines = page.evaluate(LIVE_LINES)
    assert [o["text"] for o in lines] == [LIVE_STOPPED_LINE], lines
    assert lines[0]["level"] == "alert"
    assert all(o["visible"] and o["below"] and o["on_screen"] for o in lines), lines
    # the recording is still stopped when the warning is relieved: the banner says it again, once
    served.publish(LiveView(session_s=13.0, duration_s=None, **STOPPED, feet={f: _foot(f) for f in ("left", "right")}))
    _wait(page, "document.getElementById('banner').dataset.kind === 'none'")
    assert page.evaluate("document.getElementById('banner-title').textContent") == \
        "RECORDING STOPPED at 0:11: " + DISK_FULL
    assert page.evaluate(LIVE_LINES) == []
    assert errors == []


def test_a_live_page_with_an_alert_and_the_other_foots_event_says_the_recording_stopped_first(browser, served):
    right = Alert(10.0, "right", "alert", "notice", region="mth2_3", pattern="focal_mth",
                  suggestion_keys=("toe_box",), suggestions=("Try a shoe with a wider toe box",))
    left = Alert(11.5, "left", "alert", "alert", region="mth2_3", pattern="focal_mth")
    served.publish(LiveView(session_s=12.0, duration_s=None, current_alert=left, others=(right,), **STOPPED,
                            feet={"left": _foot("left", level="alert", region="mth2_3"),
                                  "right": _foot("right", level="notice", region="mth2_3")}))
    page, errors = _open(browser, served)
    _wait(page, "document.getElementById('banner').dataset.level === 'alert'")
    lines = page.evaluate(LIVE_LINES)
    assert [o["text"] for o in lines][0] == LIVE_STOPPED_LINE, lines
    assert [o["level"] for o in lines] == ["alert", "notice"], lines
    assert lines[1]["text"].startswith("RIGHT NOTICE: "), lines
    assert all(o["visible"] and o["below"] and o["on_screen"] for o in lines), lines
    assert errors == []


def test_a_lost_foot_reads_lost_with_no_numbers_and_the_page_does_not_say_ok(browser, served):
    # had: the lost foot's badge said OK in green over its last numbers from before the loss, and so did
    # the page's level, under which the banner said NO DATA
    served.publish(_view(12.0))
    page, errors = _open(browser, served)
    stale = Alert(41.0, "left", "data_stale", None)
    served.publish(LiveView(session_s=42.0, duration_s=None, current_alert=stale,
                            feet={"left": _foot("left", connected=False, lost=True),
                                  "right": _foot("right")}))
    _wait(page, "document.getElementById('banner').dataset.kind === 'data_stale'")
    shown = page.evaluate("""() => {
        const foot = (f) => ({badge: document.querySelector('#foot-' + f + ' .foot-level').textContent,
                              kpa: [...document.querySelectorAll('#foot-' + f + ' text.kpa')].map(t => t.textContent)});
        return {left: foot('left'), right: foot('right'), level: document.getElementById('level').textContent};
    }""")
    assert shown["left"] == {"badge": "LOST", "kpa": ["-"] * 9}
    assert shown["right"]["badge"] == "OK" and "70" in shown["right"]["kpa"]
    assert shown["level"] == "NO DATA"
    assert errors == []


def test_a_notice_under_the_other_foots_no_data_banner_is_shown_under_the_banner(browser, served):
    # had: the right foot's notice showed only as its badge; what to do was nowhere on the page
    served.publish(_view(12.0))
    page, errors = _open(browser, served)
    stale = Alert(41.0, "left", "data_stale", None)
    notice = Alert(45.0, "right", "alert", "notice", "mth4_5", "focal_mth",
                   suggestions=("Try a shoe with a wider toe box",))
    served.publish(LiveView(session_s=46.0, duration_s=None, current_alert=stale, others=(notice,),
                            feet={"left": _foot("left", connected=False, lost=True),
                                  "right": _foot("right", level="notice", region="mth4_5")}))
    _wait(page, "document.getElementById('banner').dataset.kind === 'data_stale'")
    shown = page.evaluate("""() => ({
        banner: document.getElementById('banner-title').textContent,
        others: [...document.querySelectorAll('#others .other')].map(o => ({
            text: o.innerText, level: o.dataset.level, visible: o.getBoundingClientRect().height > 0,
            below: o.getBoundingClientRect().top
                   >= document.getElementById('banner').getBoundingClientRect().bottom}))})""")
    assert shown["banner"] == "NO DATA left foot"
    assert len(shown["others"]) == 1, shown
    other = shown["others"][0]
    assert other["text"] == "RIGHT NOTICE: Nothing urgent now. After: Try a shoe with a wider toe box"
    assert other["level"] == "notice" and other["visible"] and other["below"]
    # both feet warned (the tallest banner: its fix too), the later one under it
    left, right = (Alert(t, f, "alert", "warning", "mth2_3", "focal_mth", suggestion_keys=("cleat_back",),
                         suggestions=(f"Move the {f} cleat back 2-10 mm",))
                   for t, f in ((44.0, "left"), (45.0, "right")))
    marks = (Alert(30.0, "left", "rider_mark", None), Alert(31.0, "right", "rider_mark", None))
    served.publish(LiveView(session_s=46.5, duration_s=3600.0, current_alert=right, others=(left,), marks=marks,
                            feet={f: _foot(f, level="warning", region="mth2_3", packets_lost=12)
                                  for f in ("left", "right")}))
    # the latest mark's line first under the banner, then the other foot's warning
    _wait(page, "document.querySelector('#others .other[data-kind=alert]').dataset.level === 'warning'")
    assert page.evaluate("document.getElementById('fix').textContent").startswith("After: Move the right cleat")
    assert page.evaluate("document.querySelector('#others .other[data-kind=alert]').innerText").startswith(
        "LEFT WARNING: ")
    box = page.locator("#numb-right").bounding_box()  # the feet give the line its room
    assert box is not None and box["y"] + box["height"] <= 640, box
    served.publish(LiveView(session_s=47.0, duration_s=None, current_alert=notice,
                            feet={f: _foot(f) for f in ("left", "right")}))
    _wait(page, "document.getElementById('banner').dataset.level === 'notice'")
    assert page.evaluate("document.querySelectorAll('#others .other').length") == 0
    served.publish(LiveView(session_s=48.0, duration_s=None, current_alert=stale, others=(notice,),
                            feet={f: _foot(f) for f in ("left", "right")}))
    _wait(page, "document.querySelectorAll('#others .other').length === 1")
    served.call(served.phone.aclose())  # ended: the banner's event and those under it, under the box
    _wait(page, NOT_LIVE)
    lines = page.evaluate(ENDED_LINES)
    assert [(o["text"], o["level"]) for o in lines] == [
        ("Standing when the session ended:", None),
        ("NO DATA left foot at 0:41. Check the left insole: its load is unknown", "none"),
        ("NOTICE right foot MTH4-5 focal peak at 0:45. Nothing urgent now. After: Try a shoe with a wider toe box",
         "notice")], lines
    assert all(o["visible"] and o["below"] for o in lines), lines
    assert page.evaluate("document.querySelectorAll('#others .other')[0].dataset.kind") == "data_stale"
    assert errors == []
