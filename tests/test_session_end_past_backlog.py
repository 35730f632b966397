"""A session ends at its duration in record order, within the ride's end margin (``RIDE_END_MARGIN_S``: a foot
takes notifications up to it, as far as the simulated insoles of `record --sim` sample), however long its close
takes while the insoles still send: `solewatch sim` in another process does not know the monitor's `--duration`
and sends on, and a host behind the simulation has a backlog of its notifications on the TCP stream, behind which
the answers to the close's commands come (had: `live --radio ... --speed 20 --duration 10m` against `sim
--duration 11m` on a busy host recorded every notification that came before its close ended, "Session: 11:06",
frames to 666.1 s). On the virtual clock (tests/virtual_clock.py), the in-process insoles sampling on past the end
(no ``ride_end_s``), as `solewatch sim`'s do, and the host time the close takes given to it, not by loading the
machine."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock, stall

from monitor import load_session
from monitor.link.ble import FootLink, LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.recorder import record_session
from monitor.live.ride_end import RIDE_END_MARGIN_S
from monitor.live.session import LiveMonitor, run_live
from monitor.live.simulated import simulated_insoles

pytestmark = pytest.mark.timeout(120)

SPEED = 20.0
DURATION_S = 30.0
#: Session seconds in one notification of the simulated insole (docs/protocol.md, "Sizes": 8 frames at 100 Hz).
NOTIFICATION_S = 0.08
#: Host seconds the close takes while the insoles still send (guess: a live session's catch-up and the stop
#: command of each foot answered behind a backlog; 40 s of ride at 20x, as the report's 66 s past a 10-min ride).
CLOSE_HOST_S = 2.0
#: Host seconds the process stalls per block of frames the analysis is handed (guess: a host too busy for the
#: speed, the analysis behind the session's time, as `live` said "up to 125 s behind").
ANALYSIS_HOST_S = 0.01


def _grain_s() -> float:
    """How far past the duration a foot's frames may go: the ride's end margin, then its notification that
    crossed it, or the last burst the simulated insoles put on the radio at once (5 ms of host time x the
    speed), whichever is longer."""
    from firmware_sim.peripheral import DEFAULT_TICK_WALL_S

    return RIDE_END_MARGIN_S + max(NOTIFICATION_S, DEFAULT_TICK_WALL_S * SPEED)


def _check(path) -> None:
    session = load_session(path)
    grain = _grain_s()
    assert DURATION_S <= session.info.duration_s <= DURATION_S + grain, session.info.duration_s
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert DURATION_S <= t_s[-1] <= DURATION_S + grain, (foot, t_s[-1])


def test_a_recording_whose_close_takes_host_time_ends_at_its_duration(tmp_path):
    async def go():
        async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
            link.on_session_start = sim.start_clock
            return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=tmp_path,
                                        before_close=lambda: asyncio.sleep(CLOSE_HOST_S))

    _check(run_on_virtual_clock(go()).path)


def test_a_live_session_behind_its_time_ends_at_its_duration(tmp_path, monkeypatch):
    handed = LiveMonitor.on_frames

    def slow(self, block):  # the analysis takes host time: the consumer falls behind the simulation
        stall(asyncio.get_running_loop(), ANALYSIS_HOST_S)
        handed(self, block)

    close = FootLink.close

    async def slow_close(self):  # the stop command's answer comes behind the notifications on their way
        await asyncio.sleep(CLOSE_HOST_S / 2)
        await close(self)

    monkeypatch.setattr(LiveMonitor, "on_frames", slow)
    monkeypatch.setattr(FootLink, "close", slow_close)

    async def go():
        async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
            link.on_session_start = sim.start_clock
            return await run_live(link, sim.meta, duration_s=DURATION_S, out_dir=tmp_path)

    summary = run_on_virtual_clock(go())
    assert summary.lag_note, "the analysis was to fall behind the session's time"
    _check(summary.record.path)


def test_an_insole_that_drops_after_the_end_is_no_fault_said_as_one(tmp_path, monkeypatch):
    """Had (`live --radio ... --duration 10m` against `sim --duration 11m`): "10:00 left insole disconnected;
    reconnecting" after the session's end, while the close caught up: a simulated insole ending its own ride
    is no fault, and nothing reconnects once the session is over. Here the left insole drops at 0:35 of a 0:30
    session, while the close waits for the analysis to catch up (host time given to it on the virtual clock)."""
    from monitor.link.ble import PairLink
    from monitor.live.replay import replay_session

    caught_up = PairLink.caught_up

    async def slow_catch_up(self, timeout_s):  # the close catches up behind a busy host's backlog
        await asyncio.sleep(CLOSE_HOST_S)
        return await caught_up(self, timeout_s)

    monkeypatch.setattr(PairLink, "caught_up", slow_catch_up)
    notices = []

    async def go():
        async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=["drop:left@35s+60s"]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
            link.on_session_start = sim.start_clock
            return await run_live(link, sim.meta, duration_s=DURATION_S, out_dir=tmp_path,
                                  on_notice=notices.append)

    summary = run_on_virtual_clock(go())
    logged = [e for e in load_session(summary.record.path).events if e.get("event") == "disconnected"]
    assert [e["foot"] for e in logged] == ["left"] and logged[0]["t_s"] >= DURATION_S, logged  # the drop was heard
    assert not [n.text for n in notices if n.kind == "disconnected"], [n.text for n in notices]
    replayed = asyncio.run(replay_session(summary.record.path))
    assert not [n.text for n in replayed.notices if n.kind == "disconnected"], replayed.notices
