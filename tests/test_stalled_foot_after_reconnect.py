"""A simulated insole whose link went down and came back shortly before the session's end, its first
notifications after it then coming a little late (fewer of its own gaps late than ``STALLED_AFTER_GAPS``),
is waited for like any foot whose data come late: its silence runs from the moment its link came back, not
from its last arrival before the link went down. Had: the 4 s it was down counted as silence, the ride's end
took it as stalled and closed the recording as the left's data reached the duration, so the right's data
after it came back (29.5 s to 30 s) were not recorded: its last frame was at 24.97 s. The event loop runs on
the virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from test_session_length import grain_s
from test_stalled_foot_session_end import DURATION_S, SPEED, _record
from virtual_clock import run_on_virtual_clock

from monitor import load_session

pytestmark = pytest.mark.timeout(300)

#: the right insole's link down from 25 s for 4 s: back about half a second before the 30-s end
DROP = "drop:right@25s+4s"
#: how late its first notification after it is back comes (host s): 1 s of ride at 20x, ten of its 5-ms
#: bursts (firmware_sim.peripheral's tick), half the STALLED_AFTER_GAPS (20) the ride's end allows a foot
HELD_HOST_S = 0.05


def _first_send_after_the_drop_held(monkeypatch, foot: str, held_host_s: float) -> None:
    """The simulated insole of ``foot``, once its link is back after a drop, sends its first notifications
    ``held_host_s`` of host time late (its producer waits, then catches up), as a busy host may deliver them."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send
    held = [False]

    async def first_held(self, batch):
        if self.side == foot and self._counts["drops_injected"] and self._subscribed and not held[0]:
            held[0] = True
            await asyncio.sleep(held_host_s)
        return await send(self, batch)

    monkeypatch.setattr(SimInsole, "_send", first_held)


def test_a_foot_back_before_the_end_is_not_taken_as_stalled_for_the_time_its_link_was_down(tmp_path,
                                                                                              monkeypatch):
    _first_send_after_the_drop_held(monkeypatch, "right", HELD_HOST_S)
    summary = run_on_virtual_clock(_record(tmp_path, [], (DROP,)))
    session = load_session(summary.path)
    back = [e["t_s"] for e in session.events if e["event"] == "reconnected" and e["foot"] == "right"]
    assert len(back) == 1 and back[0] < DURATION_S, back  # the case at issue: back before the end
    right = session.foot_frames("right")
    sent_t_s = right["t_s"].to_numpy()[~np.isnan(right.filter(like="_kpa").to_numpy()).all(axis=1)]
    assert sent_t_s[-1] >= DURATION_S - grain_s(SPEED), sent_t_s[-1]  # had 24.97: cut at its drop
    assert ((sent_t_s > back[0]) & (sent_t_s < DURATION_S)).any(), sent_t_s[-5:]  # what it sent once back
