"""A simulated session with one insole that sends for a while, then falls silent with its link up, ends at
its duration: the ride waits for that foot only while its silence is within what its own notifications'
spacing and the other foot's data say a busy host could hold back. Had: the recorder waited
``SIM_STALL_HOST_S`` (10 s of host time) for it, and where the insoles sample on past the session's end
(``solewatch sim`` for `record --radio`) the other foot's data ran on into it: `record --radio ... --speed 20
--duration 30s` with the right insole silent after 125 packets saved a 3:37 session. The event loop runs on
the virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import asyncio

import pytest
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session

pytestmark = pytest.mark.timeout(300)

SPEED, DURATION_S = 20.0, 30.0
#: the right insole's packets sent before it falls silent (its link stays up)
SENT_PACKETS = 125


def _silent_after(monkeypatch, foot: str, packets: int) -> None:
    """The simulated insole of ``foot`` sends its first ``packets`` notifications, then none."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send
    sent = [0]

    async def sends_then_stops(self, batch):
        if self.side != foot:
            return await send(self, batch)
        room = max(packets - sent[0], 0)
        sent[0] += min(room, len(batch))
        return await send(self, batch[:room]) if room else None

    monkeypatch.setattr(SimInsole, "_send", sends_then_stops)


async def _record(out, took, faults=()):
    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles

    # ride_end_s None: the insoles sample on past the end, as `solewatch sim` and real insoles do
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=list(faults)) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        link.on_session_start = sim.start_clock
        began = asyncio.get_running_loop().time()
        try:
            return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=out)
        finally:
            took.append(asyncio.get_running_loop().time() - began)


@pytest.mark.parametrize("faults", [
    (),
    # its link down for 2 s before: that wait (0.1 s of host time) is not a spacing of its notifications
    # (had, counting it: the left's data ran on to 1:01)
    ("drop:right@5s+2s",),
])
def test_a_foot_silent_with_its_link_up_does_not_hold_the_session_past_its_duration(tmp_path, monkeypatch, faults):
    _silent_after(monkeypatch, "right", SENT_PACKETS)
    took: list[float] = []
    summary = run_on_virtual_clock(_record(tmp_path, took, faults))
    session = load_session(summary.path)
    grain = grain_s(SPEED)
    right = session.foot_frames("right")
    assert 0 < len(right) and right["t_s"].iloc[-1] < DURATION_S / 2, right["t_s"].iloc[-1]  # the case at issue
    assert DURATION_S <= session.info.duration_s <= DURATION_S + grain, session.info.duration_s  # had 217.6
    left = session.foot_frames("left")
    assert DURATION_S <= left["t_s"].iloc[-1] <= DURATION_S + grain, left["t_s"].iloc[-1]
    assert took[0] < DURATION_S / SPEED + 1.0, took  # the ride's 1.5 s of host time, and connecting (had 11 s)
