"""PairLink's consumer: every item in order, and one failing item never loses the ones after it."""

from __future__ import annotations

import asyncio

from monitor.link.ble import Backends, PairLink


async def test_a_failing_item_is_reported_and_the_stream_goes_on():
    link = PairLink(Backends())
    seen = []

    def consume(kind, foot, host_s, payload):
        if payload == b"bad":
            raise ValueError("boom")
        seen.append(payload)

    link.on_record = consume
    link._consumer = asyncio.create_task(link._consume())
    for payload in (b"1", b"bad", b"2", b"3"):
        link._queue.put_nowait(("notification", "left", 0.0, payload))
    await link.close()
    assert seen == [b"1", b"2", b"3"]
    assert len(link.consumer_errors) == 1 and "boom" in link.consumer_errors[0]
