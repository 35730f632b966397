"""The Moticon stream's first datagrams read in a burst (the host busy as the session starts: the OS keeps what
the app sent meanwhile and hands it over at once) are placed where they were sent, not at their arrival: the
stream's first frames wait for the burst to end, the clock's lower envelope then known (monitor.link.clock,
``settles``). Had: the first frame at its arrival, a burst late (0.35 s in `live --moticon-udp` fed the walk of
../shared/data/moticon_opengo in real time), catching up at the clock's 0.5 %/s over the next 70 s.

Run on the virtual clock (tests/virtual_clock.py): the burst is the loop stalled, whatever the host's speed.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from virtual_clock import run_on_virtual_clock, stall

from firmware_sim.vendors import moticon as moticon_fw
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.link.assembly import SessionAssembler
from monitor.link.records import RawRecord
from monitor.session.rawlog import KIND_NOTIFICATION

PERIOD_S = 0.01  # the stream's 100 Hz (monitor.link.moticon.DEFAULT_RATE_HZ)


async def _stream_with_stalled_start(stall_s: float, duration_s: float) -> tuple[list[RawRecord], dict[float, float]]:
    """A sender paced by the loop's clock streams to a UdpLink, a datagram every PERIOD_S from before the
    session; right after the session starts the whole loop stalls ``stall_s`` (the sender, an app in another
    process, sends what was due meanwhile as soon as it can). Returns the raw-log records the link handed on
    and, per datagram's app time (s), the session time it was sent at."""
    from monitor.link.ble import LinkConfig
    from monitor.link.udp import UdpLink
    from monitor.util.hostclock import host_clock_s

    loop = asyncio.get_running_loop()
    link = UdpLink(LinkConfig(), port=0)
    port = await link.listen()
    sent_at: dict[float, float] = {}  # app time -> host clock s it was due
    rng = np.random.default_rng(5)
    origin = host_clock_s()
    transport, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=("127.0.0.1", port))

    async def send() -> None:
        k = 0
        while True:
            while origin + k * PERIOD_S <= host_clock_s():
                t_app = round(12.0 + k * PERIOD_S, 3)  # the app's time: not 0 at the session's start
                data = moticon_fw.encode_datagrams(np.array([t_app]), {f: rng.uniform(0, 30, (1, 16)) for f in FEET})[0]
                sent_at[t_app] = origin + k * PERIOD_S
                transport.sendto(data)
                k += 1
                await asyncio.sleep(0)  # the link reads one datagram per turn of the loop
            await asyncio.sleep(origin + k * PERIOD_S - host_clock_s() + 0.0005)

    sender = loop.create_task(send())
    records: list[RawRecord] = []
    try:
        assert await link.wait_for_stream(timeout_s=5.0)
        await asyncio.sleep(0.3)
        await link.start(lambda kind, foot, host_s, payload: records.append(
            RawRecord(KIND_NOTIFICATION, foot, host_s, payload)) if kind == "notification" else None)
        stall(loop, stall_s)
        await asyncio.sleep(duration_s)
    finally:
        sender.cancel()
        transport.close()
        await link.close()
    return records, {t: s - link._t0 for t, s in sent_at.items()}


def frame_times(blocks, foot: str) -> np.ndarray:
    """Session s of ``foot``'s frames with a reading, in order."""
    return np.concatenate([b.t_s[~np.isnan(b.pressure_kpa).all(axis=1)] for b in blocks if b.foot == foot])


@pytest.mark.timeout(120)
@pytest.mark.parametrize("stall_s", [0.35, 1.5])
def test_a_stream_read_in_a_burst_at_its_start_starts_where_it_was_sent(stall_s):
    records, sent_s = run_on_virtual_clock(_stream_with_stalled_start(stall_s, 3.0))
    layouts = {f: moticon.layout(f) for f in FEET}
    live = SessionAssembler(layouts)
    blocks = [b for r in records for b in live.notification(r.foot, r.host_s, r.payload)] + live.finish()
    first_app_s = moticon.decode_datagram(records[0].payload)[0]
    assert records[0].host_s >= stall_s - 1e-6  # the first datagram of the session read a stall late
    truth_s = sent_s[first_app_s]
    for foot in FEET:
        t = frame_times(blocks, foot)
        assert len(t) == len(records) // 2
        assert abs(t[0] - truth_s) <= PERIOD_S, (t[0], truth_s)  # had: 0.35 s and 1.5 s late
        assert abs(t[-1] - sent_s[moticon.decode_datagram(records[-1].payload)[0]]) <= PERIOD_S
        assert np.all(np.diff(t) > 0)
    assert live.counters()["left"]["frames_missing"] == 0
    # a rebuild from the raw log, records many at once in chunks of any size, gives the same bits
    for chunk in (1, 7, 64, 2048):
        rebuilt = SessionAssembler(layouts)
        got = [b for _, bs, _ in rebuilt.feed_records(records, chunk=chunk) for b in bs] + rebuilt.finish()
        assert [(b.foot, b.t_s.tobytes()) for b in got] == [(b.foot, b.t_s.tobytes()) for b in blocks]
        assert rebuilt.counters() == live.counters() and rebuilt.gaps() == live.gaps()
