"""The simulated Moticon app sends every frame of its stream, also across the session's start: the app streams
before the session (the link must find it), and a sender behind its clock as the session starts (the host busy
with the session's start, at high ``--speed`` each millisecond many frames) goes on from its next frame, which
is then the session's first, rather than skipping to the frame due at the start. Had: it skipped them, frames the
app never sent; a datagram of before still unread as the session started made that a hole in the session's
data, counted lost (96 datagrams lost early in `record --sim cleat-forward --insole moticon-udp --speed 40`, 256
at 200x) and the stream's time, faults' included, placed late by as much. A real app at 1x skips no frame.

Run on the virtual clock (tests/virtual_clock.py): the busy host is the loop stalled, whatever the host's speed.
"""

from __future__ import annotations

import asyncio
import socket

import pytest
from virtual_clock import run_on_virtual_clock, stall

from firmware_sim.faults import parse_fault
from firmware_sim.sim_clock import SimClock
from firmware_sim.vendors.moticon import MoticonSender

PERIOD_S = 0.01  # the simulated stream's 100 Hz (MoticonSender's rate_hz)
PAUSE_AT_S = 5.0  # session time (s) of the app's pause (the drop fault below), after its time before the session


async def _sent_across_start(speed: float, stall_s: float) -> tuple[list[float], float]:
    """The app times (s) of the datagrams a simulated stream at ``speed`` sends, in order, when the host stalls
    ``stall_s`` just before the session starts; and the app time of the session's first datagram."""
    loop = asyncio.get_running_loop()
    sent: list[float] = []

    class _Wire:
        def sendto(self, data: bytes) -> None:
            sent.append(float(data.split(b" ", 1)[0]))

        def close(self) -> None:
            pass

    sender = MoticonSender("healthy-ride", seed=1, clock=SimClock(speed, paused=True),
                           faults=[parse_fault(f"drop:left@{PAUSE_AT_S:g}s+0.2s")])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        await sender.start(sink.getsockname()[1])
        sender._transport.close()
        sender._transport = _Wire()  # what the app puts on the wire, whatever the OS does with it
        await asyncio.sleep(0.002)  # the app streams before the session: the link finds it
        stall(loop, stall_s)  # the host busy as the session starts: the sender falls behind its clock
        before = len(sent)
        sender.session_starts()
        await asyncio.sleep((PAUSE_AT_S + 1.0) * 1.2 / speed)
        await sender.aclose()
    return sent, sent[before]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("speed, stall_s", [(40.0, 0.024), (200.0, 0.013), (1.0, 0.05)])
def test_the_simulated_app_sends_every_frame_across_the_sessions_start(speed, stall_s):
    sent, first_s = run_on_virtual_clock(_sent_across_start(speed, stall_s))
    steps = [round((b - a) / PERIOD_S) for a, b in zip(sent, sent[1:])]
    pause = round(0.2 / PERIOD_S) + 1  # the app's 0.2-s pause: the one step over a period
    # had: a step of 104 periods at 40x after a 24-ms stall (103 frames never sent), 300 at 200x after 13 ms, 6 at
    # 1x after 50 ms
    assert [s for s in steps if s != 1] == [pause]
    # the faults count from the session's first datagram: the pause starts PAUSE_AT_S of the stream after it
    paused_from_s = sent[steps.index(pause)] + PERIOD_S
    assert abs(paused_from_s - first_s - PAUSE_AT_S) <= PERIOD_S, (paused_from_s, first_s)
