"""The phone view as a delivery channel: an event's ``delivered`` lists ``phone`` when a state that tells it
was sent to at least one connected page, and only then (docs/events-json.md, "Channels in delivered").

Pages are WebSocket clients of a phone view served in the test's own process on 127.0.0.1. The channel's
timeout is set to an hour, so no answer here depends on the host's speed: an event is delivered when a
state telling it was sent, and not delivered when none can be.
"""

from __future__ import annotations

import asyncio
import io
import json
import math

import pytest
import websockets
from live_ride import live_ride_async

from monitor.analysis.alerts import Alert
from monitor.live.delivery import Dispatcher, EventsSink
from monitor.live.view import FootView, LiveView
from monitor.live.web.server import PhoneChannel, PhoneView

pytestmark = pytest.mark.timeout(600)  # a hang guard, generous for a loaded host
HOUR_S = 3600.0


def _foot(name: str) -> FootView:
    return FootView(foot=name, connected=True, region_kpa={"mth2_3": 120.0}, forefoot_share=0.6,
                    time_since_relief_s=60.0, activity="cycling_seated", cadence_per_min=88.0, level="warning",
                    pattern="focal_mth", region="mth2_3")


def _view(t_s: float, *, current: Alert | None = None, marks: tuple[Alert, ...] = ()) -> LiveView:
    return LiveView(session_s=t_s, duration_s=None, feet={"left": _foot("left")}, current_alert=current,
                    marks=marks)


async def _connected(phone: PhoneView, pages: int) -> None:
    """Until the server holds ``pages`` connections (the handshake ends before the server counts one)."""
    for _ in range(30000):
        if phone.clients == pages:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{phone.clients} pages connected, not {pages}")


async def _received(got: list, n: int) -> None:
    """Until the page has taken ``n`` messages (a ride's views come 0.1 s apart: the page takes each)."""
    for _ in range(30000):
        if len(got) >= n:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the page took {len(got)} messages, not {n}")


async def _read(ws, got: list) -> None:
    """A page: takes every message until its connection closes."""
    try:
        async for message in ws:
            got.append(json.loads(message))
    except websockets.ConnectionClosed:
        pass


def _delivered(out: io.StringIO) -> list[tuple[str, list[str]]]:
    return [(x["kind"], x["delivered"]) for x in map(json.loads, out.getvalue().splitlines())]


async def test_an_event_sent_to_a_connected_page_is_delivered_to_phone_and_without_a_page_it_is_not():
    # had: the phone view was no channel: an events line never said the page was sent the event
    phone = PhoneView("127.0.0.1", 0)
    phone.tell_timeout_s = HOUR_S
    await phone.start()
    out = io.StringIO()
    disp = Dispatcher([PhoneChannel(phone)], events=EventsSink(out))
    lonely = Alert(1.0, "left", "alert", "notice", region="mth2_3", pattern="focal_mth")
    disp.submit(lonely)  # no page connected yet
    phone.publish(_view(1.0, current=lonely))
    got: list = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            reader = asyncio.create_task(_read(ws, got))
            await _connected(phone, 1)
            # the live session's order (monitor.live.session.LiveMonitor._emit): the event is submitted,
            # then the view that holds it is published
            warned = Alert(2.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
            await _received(got, 1)  # the state standing when it connected
            disp.submit(warned)
            phone.publish(_view(2.0, current=warned))
            await _received(got, 2)
            mark = Alert(3.0, "left", "rider_mark", None)
            disp.submit(mark)
            phone.publish(_view(3.0, current=warned, marks=(mark,)))
            await _received(got, 3)
            # a notice and the warning that replaces it in the banner, raised in one batch: the page is
            # sent the warning's state only, never one that tells the notice
            notice = Alert(4.0, "left", "alert", "notice", region="mth1", pattern="focal_mth")
            alert = Alert(4.0, "left", "alert", "alert", region="mth2_3", pattern="focal_mth")
            disp.submit(notice)
            disp.submit(alert)
            phone.publish(_view(4.0, current=alert, marks=(mark,)))
            await _received(got, 4)
            relieved = Alert(5.0, "left", "back_to_normal", None)
            disp.submit(relieved)
            phone.publish(_view(5.0, marks=(mark,)))
            await disp.aclose()  # every answer came without the hour's timeout
            await phone.aclose()
            await reader
    finally:
        await phone.aclose()
    assert _delivered(out) == [
        ("alert", ["events"]),  # no page was connected
        ("alert", ["phone", "events"]),
        ("rider_mark", ["phone", "events"]),
        ("alert", ["events"]),  # the notice replaced before any page was sent it
        ("alert", ["phone", "events"]),
        ("back_to_normal", ["phone", "events"]),
    ]
    # what the page got is what the lines say it was sent
    banners = [(m["banner"] or {}).get("level") for m in got]
    assert banners[1:5] == ["warning", "warning", "alert", None]
    assert got[-1]["ended"] is True and got[-1]["banner"] is None


async def test_a_page_that_leaves_before_it_is_sent_the_event_does_not_take_it():
    phone = PhoneView("127.0.0.1", 0)
    phone.tell_timeout_s = HOUR_S
    page = asyncio.Queue(maxsize=1)  # a page whose sender never runs, as one whose connection is stuck
    phone._clients.add(page)
    out = io.StringIO()
    disp = Dispatcher([PhoneChannel(phone)], events=EventsSink(out))
    warned = Alert(2.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
    try:
        disp.submit(warned)
        phone.publish(_view(2.0, current=warned))
        assert json.loads(page.get_nowait())["banner"]["level"] == "warning"  # queued, never sent
        phone._release(phone._state)  # what the page's connection does as it goes away
        phone._clients.discard(page)
        phone._settle()
        await disp.aclose()
    finally:
        phone._sock.close()
    assert _delivered(out) == [("alert", ["events"])]


@pytest.mark.parametrize("page", [True, False], ids=["page", "no-page"])
async def test_a_live_rides_events_list_phone_only_with_a_page_connected(tmp_path, page):
    """100 simulated seconds of cleat-forward (a notice for each foot), with the phone view as a channel as
    `solewatch live --web` has it: with a page connected from the start, the events lines list ``phone``;
    with none, no line does."""
    phone = PhoneView("127.0.0.1", 0)
    phone.tell_timeout_s = HOUR_S
    await phone.start()
    got: list = []
    sink_path = tmp_path / "events.jsonl"
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            reader = asyncio.create_task(_read(ws, got))
            await _connected(phone, 1)
            if not page:
                await ws.close()
                await reader
                await _connected(phone, 0)
            speed = 40.0
            await live_ride_async(tmp_path / "sessions", "cleat-forward", speed=speed, seed=1, duration_s=100.0,
                                  channels=[PhoneChannel(phone)], events_path=sink_path, on_view=phone.publish)
            await phone.aclose()
            if page:
                await reader
    finally:
        await phone.aclose()
    lines = [json.loads(line) for line in sink_path.read_text().splitlines()]
    assert {(x["foot"], x["level"]) for x in lines} >= {("left", "notice"), ("right", "notice")}
    if page:
        assert all(x["delivered"] == ["phone", "events"] for x in lines), lines
        told = {(b["foot"], b["t_s"]) for m in got for b in [m["banner"], *m["others"]] if b}
        assert {(x["foot"], x["t_s"]) for x in lines if x["kind"] == "alert"} <= {
            (f, round(t, 3)) for f, t in told if t is not None and math.isfinite(t)}
    else:
        assert all(x["delivered"] == ["events"] for x in lines), lines


class _StillPage:
    """A page's connection as the handler sees it (a Starlette WebSocket): it takes what is sent and never
    says anything, so the handler waits on its queue."""

    def __init__(self, token: str) -> None:
        self.query_params = {"token": token}
        self.sent: list[str] = []

    async def accept(self) -> None:
        pass

    async def send_text(self, text: str) -> None:
        self.sent.append(text)

    async def receive(self) -> dict:
        await asyncio.Event().wait()  # never
        return {}

    async def close(self, code: int = 1000) -> None:
        pass


async def test_a_page_handler_cancelled_as_it_takes_a_state_answers_its_events_at_once():
    # had: a handler cancelled after its queue.get had taken a state off the queue (before asyncio.wait
    # returned) dropped that state uncounted: its event stayed waiting for a page until the channel's
    # timeout, and the get was left pending
    phone = PhoneView("127.0.0.1", 0)
    phone.tell_timeout_s = HOUR_S
    page = _StillPage(phone.token)
    handler = asyncio.create_task(phone._ws(page))
    try:
        for _ in range(100):  # until the handler waits on its queue (a few turns of the loop, no clock)
            await asyncio.sleep(0)
        (queue,) = phone._clients
        warned = Alert(2.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
        waiting = asyncio.ensure_future(phone.tell(warned))
        (told,) = phone._told
        phone.publish(_view(2.0, current=warned))
        for _ in range(100):  # until the handler's get has taken the state, and no further
            if queue.empty():
                break
            await asyncio.sleep(0)
        assert queue.empty() and not page.sent and told.unsent == 1
        handler.cancel()
        with pytest.raises(asyncio.CancelledError):
            await handler
        assert told.unsent == 0 and told.done.done() and told.done.result() is False
        assert await waiting is False
    finally:
        phone._sock.close()


async def test_a_page_handler_cancelled_while_it_waits_leaves_no_wait_behind():
    # had: the handler's queue.get was left pending for ever when the handler was cancelled (the server's
    # shutdown cancels a handler still running after its graceful timeout)
    phone = PhoneView("127.0.0.1", 0)
    handler = asyncio.create_task(phone._ws(_StillPage(phone.token)))
    try:
        for _ in range(100):  # until the handler waits on its queue
            await asyncio.sleep(0)
        gets = [t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "Queue.get"]
        assert len(gets) == 1
        handler.cancel()
        with pytest.raises(asyncio.CancelledError):
            await handler
        await asyncio.sleep(0)
        assert gets[0].cancelled()
    finally:
        phone._sock.close()


async def test_a_data_back_is_delivered_once_a_state_without_the_no_data_is_sent_after_one_still_holding_it():
    # had: the view made as the data-back was raised still held the foot's NO DATA (a Moticon stream's batch
    # after a dropout); that state failed the event, and the next one, sent without the NO DATA, no longer
    # counted: ``delivered`` lacked ``phone``
    phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)  # each state goes out, a repeat too
    phone.tell_timeout_s = HOUR_S
    await phone.start()
    out = io.StringIO()
    disp = Dispatcher([PhoneChannel(phone)], events=EventsSink(out))
    stale = Alert(10.0, "left", "data_stale", None)
    phone.publish(_view(10.0, current=stale))
    got: list = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            reader = asyncio.create_task(_read(ws, got))
            await _connected(phone, 1)
            await _received(got, 1)
            back = Alert(40.0, "left", "data_back", None, silent_s=30.0)
            disp.submit(back)
            phone.publish(_view(40.0, current=stale))  # still the NO DATA
            await _received(got, 2)
            phone.publish(_view(40.1))  # without it: this one tells the data-back
            await _received(got, 3)
            relieved = Alert(50.0, "left", "back_to_normal", None)
            warned = Alert(45.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
            disp.submit(relieved)
            phone.publish(_view(50.0, current=warned))  # the warning still in the view as it is relieved
            await _received(got, 4)
            phone.publish(_view(50.1))
            await _received(got, 5)
            await disp.aclose()
            await phone.aclose()
            await reader
    finally:
        await phone.aclose()
    assert _delivered(out) == [("data_back", ["phone", "events"]), ("back_to_normal", ["phone", "events"])]
    assert [(m["banner"] or {}).get("kind") for m in got[:5]] == ["data_stale", "data_stale", None, "alert", None]
