"""The phone view says what the terminal's line says: how late an event was issued ("issued 82 s late") and,
after a numb mark, what to do now and when to see a clinician, by one rule (monitor.live.shown.mark_words).

Had: the page said neither the lateness nor the mark's do-now words, and its referral was worded for both feet's
activities in the view while the terminal's line said the activity the analysis knew for the marked foot (a run
marked while the other foot showed a ride: "after the run ends" on the terminal, "after the ride ends" on the
phone; a mark made before any activity was known: "after the session ends" on the terminal, "after the ride
ends" on the phone once the ride was recognised).

Deterministic: the host's clock is a number the test sets (at 1x, host s = session s), as in
tests/test_live_issue_lateness.py; the states are read through a page's WebSocket on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

from test_live import _fake_link, _progress
from test_rider_marks import _foot

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RIDER_MARK_EVENT, RiderMark, mark_alert, mark_event
from monitor.cli.console_live import format_event
from monitor.live.analysis_lag import late_words
from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.session import LiveMonitor
from monitor.live.view import LiveView
from monitor.live.web.server import PhoneView
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SETTLE_S = DEFAULT_PARAMS.features.settle_s


def _served(views: list[LiveView]) -> list[dict]:
    """The states a page's WebSocket brings for ``views``, published one after another."""
    import websockets

    async def go() -> list[dict]:
        phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)
        await phone.start()
        got = []
        try:
            async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
                for view in views:
                    phone.publish(view)
                    got.append(json.loads(await asyncio.wait_for(ws.recv(), 30)))
        finally:
            await phone.aclose()
        return got

    return asyncio.run(go())


async def _live_late_in_loop():
    """A warning about 0:40 issued at 2:05 (80 s late beyond its window's settling), then a mark posted at 1:15
    and given back at 2:05 (50 s late) in a session of a declared run: the live monitor's views and what the
    dispatcher delivered."""
    session = offline_session("cleat-forward", duration_s=20.0, seed=2)
    host = [120.0 + SETTLE_S]
    link = _fake_link(session.info.layouts, 1.0)
    link.host_s = lambda: host[0]
    dispatcher = Dispatcher([])
    views: list[LiveView] = []
    live = LiveMonitor(link, SimpleNamespace(label="t", activity="running"), duration_s=None,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(), on_view=views.append,
                       on_notice=None, post_check=lambda: None)
    live.tick(_progress(host[0]))
    warning = Alert(40.0, "left", "alert", "warning", "mth2_3", "focal_mth", message="w",
                    suggestions=("Move the left cleat back 2-10 mm",), suggestion_keys=("cleat_back",))
    live.core._deliver(warning, None)  # as the analysis gives it: standing, then to the channels
    live.on_event(host[0] - 50.0, {"event": RIDER_MARK_EVENT, "foot": "right", **mark_event("right", "web")})
    await dispatcher.aclose()
    return views, dispatcher.delivered_


def _live_late():
    return asyncio.run(_live_late_in_loop())


def test_the_phone_says_how_late_an_event_and_a_mark_were_issued_as_the_terminal_line():
    views, delivered = _live_late()
    lines = [format_event(d.alert, d.delivered, "running", None, late_words(d.late_s, d.after_end)) for d in delivered]
    assert "(issued 80 s late)" in lines[0] and "(issued 50 s late)" in lines[1], lines
    state = _served([views[-1]])[-1]
    assert state["banner"]["t_s"] == 40.0 and state["banner"]["late"] == "issued 80 s late", state["banner"]
    assert [m["late"] for m in state["marks"]] == ["issued 50 s late"], state["marks"]  # had: no such word


def test_the_phone_says_what_to_do_after_a_mark_as_the_terminal_line():
    views, delivered = _live_late()
    mark = delivered[1].alert
    line = format_event(mark, ["terminal"], "running")
    state = _served([views[-1]])[-1]
    said = state["marks"][-1]
    assert said["todo"] == "Take a 20-60 s break; loosen the right shoe's forefoot laces", said  # had: none
    assert "NUMB NOW  marked by the runner" in line, line
    assert line.endswith(f". {said['todo']}. {state['referral']}  [delivered: terminal]"), (line, state["referral"])


def _view(mark: Alert, activities: dict[str, str]) -> LiveView:
    return LiveView(session_s=730.0, duration_s=1800.0, marks=(mark,),
                    feet={f: _foot(f, activity=a) for f, a in activities.items()})


def test_the_phone_and_the_terminal_give_a_mark_one_referral_where_the_feet_differ_or_the_mark_came_first():
    run = mark_alert(RiderMark(125.0, "left"), "running")  # the analysis knew the left foot ran
    first = mark_alert(RiderMark(5.0, "left"), None)  # before any activity was known, none declared
    cases = [(run, {"left": "running", "right": "cycling_seated"}, "after the run ends"),
             (first, {"left": "cycling_seated", "right": "cycling_seated"}, "after the session ends")]
    states = _served([_view(mark, feet) for mark, feet, _ in cases])
    for (mark, feet, ends), state in zip(cases, states):
        line = format_event(mark, ["terminal"], feet["left"])
        assert ends in state["referral"] and state["referral"] in line, (state["referral"], line)


def test_the_page_draws_the_lateness_and_the_mark_s_do_now_words():
    """In headless Chromium at 360x640: the banner says how late, the marks what to do now (had: neither)."""
    import pytest
    from test_phone_view import CHROMIUM, sync_playwright
    from test_phone_view_stale import _Served, _wait

    if sync_playwright is None or not CHROMIUM.exists():
        pytest.skip("no headless Chromium")
    views, _ = _live_late()
    served = _Served()
    try:
        served.publish(views[-1])
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            try:
                page = chromium.new_page(viewport={"width": 360, "height": 640})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(served.phone.url, wait_until="load")  # the feet have no data: the banner is waited for
                _wait(page, "document.getElementById('banner-late').textContent !== ''")
                shown = page.evaluate("""() => ({late: document.getElementById('banner-late').textContent,
                    marks: document.getElementById('marks').textContent,
                    referral: document.getElementById('referral').textContent})""")
                width = page.evaluate("document.documentElement.scrollWidth")
            finally:
                chromium.close()
    finally:
        served.close()
    assert shown["late"] == "issued 80 s late", shown
    # the right foot had sent no data at the mark, as the terminal's line of it says too
    assert shown["marks"] == ("Marked: RIGHT numb at 1:15 (issued 50 s late): the foot had sent no data since the "
                              "start (its load then unknown). Take a 20-60 s break; loosen the right shoe's "
                              "forefoot laces"), shown
    assert "after the run ends" in shown["referral"] and width <= 360 and not errors, (shown, width, errors)
