"""A simulated insole whose link drops on a host too busy for the session's speed streams again once it is
back, from about the drop's end, as the other foot does: while its link is down it samples no further than
the other foot's data have gone. Had: the insoles' data fell behind their clock (the radio and the central
could not keep up), but a foot whose link was down, having nothing to send, sampled on up to the clock, so it
came back that far ahead of the other foot's data, or, the clock past the ride's end, with nothing left to
send: `record --sim healthy-ride --duration 5m --speed 20 --fault drop:left@100s+15s` at a load of 7 on 2
cores said "left insole reconnected" at 4:28 and had no left frame after 1:40. Here the radio is slowed
deterministically: the event loop runs on the virtual clock (tests/virtual_clock.py) and every send of a
linked insole takes twice the host time its frames cover at the speed, so the data run at half the clock.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main

pytestmark = pytest.mark.timeout(300)

SPEED, DURATION_S = 20.0, 60.0
#: host seconds a linked insole's send takes, per host second of ride its frames cover at the speed: the
#: data reach half the clock, so the clock passes the ride's end (60.5 s) as the data reach about 30 s
SLOWNESS = 2.0
#: the drop: at 35 s of the left's data (about 70 s on the insoles' clock, past the ride's end), for 5 s
DROP_AT_S, DROP_FOR_S = 35.0, 5.0
#: the most the gap may exceed the drop by: what the host takes to find, connect and start the insole,
#: times the speed (docs/reliability.md: "a loaded host still adds it"), on the virtual clock a few seconds
RECONNECT_ALLOWANCE_S = 5.0


def _slow_radio(monkeypatch) -> None:
    """Every send of a linked simulated insole takes ``SLOWNESS`` times the host time its frames cover."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def slow_send(self, packets):
        linked = self._connection is not None and self._subscribed
        await send(self, packets)
        if linked:
            frames = sum(self._frames_in(p) for p in packets)
            await asyncio.sleep(SLOWNESS * frames * self.firmware.frame_period_us / 1e6 / self.clock.speed)

    monkeypatch.setattr(SimInsole, "_send", slow_send)


#: not ukaton: its stream restarts at its clock as its link comes back, and the link maps its 16-bit stamps by
#: arrival, which on a radio this slow is a wrap (65.5 s) away from the data (docs/reliability.md)
@pytest.mark.parametrize("insole", ["solewatch", "orphe"])
def test_a_foot_dropped_on_a_slow_radio_streams_again_from_the_drops_end(tmp_path, monkeypatch, capsys, insole):
    _slow_radio(monkeypatch)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--insole", insole, "--speed", f"{SPEED:g}",
                 "--duration", f"{DURATION_S:g}s", "--fault", f"drop:left@{DROP_AT_S:g}s+{DROP_FOR_S:g}s",
                 "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    back = [e for e in session.events if e["event"] == "reconnected" and e["foot"] == "left"]
    assert len(back) == 1, [e["event"] for e in session.events]
    left = session.foot_frames("left")
    t_s = left["t_s"].to_numpy()[~np.isnan(left.filter(like="_kpa").to_numpy()).all(axis=1)]  # frames sent
    back_s = DROP_AT_S + DROP_FOR_S  # the drop's end: no frame of the left between it and the drop
    before, after = t_s[t_s < back_s], t_s[t_s >= back_s]
    assert len(after), f"no left frame after the drop's end, {back_s:g} s; last at {t_s[-1]:.2f} s"  # had: none
    assert abs(before[-1] - DROP_AT_S) <= 0.1, before[-1]  # streamed up to the drop
    gap_s = after[0] - before[-1]
    assert gap_s <= DROP_FOR_S + RECONNECT_ALLOWANCE_S, gap_s
    assert after[-1] >= DURATION_S - grain_s(SPEED), after[-1]  # to the ride's end, as the right's
    assert np.all(np.diff(after) > 0)
