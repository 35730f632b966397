"""The phone view's states say the recording is over once it is: ``"recording": false`` in the states of an
ending session and in the ended one (they said ``true`` to the end, while the page said "SESSION ENDED").
A WebSocket client of a phone view served in the test's own process; every wait is on a condition, polled.
"""

from __future__ import annotations

import asyncio

import pytest
import websockets
from test_phone_view_delivery import _connected, _read, _received
from test_phone_view_end import _view

from monitor.live.web.server import PhoneView

pytestmark = pytest.mark.timeout(120)


async def test_the_ending_and_ended_states_say_the_recording_is_over():
    phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)
    await phone.start()
    got: list = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            reader = asyncio.create_task(_read(ws, got))
            await _connected(phone, 1)
            phone.publish(_view(10.0))
            await _received(got, 1)
            phone.ending()
            await _received(got, 2)
            phone.publish(_view(11.0))
            await _received(got, 3)
            await phone.aclose({"recorded_s": 11.0})
            await reader
    finally:
        await phone.aclose()
    assert got[0]["recording"] is True and not got[0].get("ending")
    assert [m["recording"] for m in got if m.get("ending")] and all(
        m["recording"] is False for m in got if m.get("ending")), got
    assert got[-1]["ended"] is True and got[-1]["recording"] is False, got[-1]
