"""Every frame a session records lies within its duration: each foot's frames up to the ride's end margin past
the end, and those of the notification that took it there, are kept, and the duration covers them (a live
session drains the link's queue after the end, `PairLink.caught_up`, while the insoles may still send; what a
foot that far past the end sends then is not taken: tests/test_session_end_past_backlog.py), so session.json,
the report's and the FIT export's seconds (monitor.analysis.per_second) and an import of that export agree. On a
virtual clock (tests/virtual_clock.py): the drain is given host time of its own, as a host that lags the
simulation gives it, not by loading the machine."""

from __future__ import annotations

import asyncio
import math

import pytest
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.per_second import session_seconds
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.recorder import record_session
from monitor.live.ride_end import RIDE_END_MARGIN_S
from monitor.live.simulated import simulated_insoles

pytestmark = pytest.mark.timeout(120)

SPEED = 20.0
DURATION_S = 30.0
#: host seconds the drain after the recording's end takes while the insoles still send (guess: at 20x,
#: 5 s of session time, as a loaded host's drain at 60x recorded 3.7 s past a 10-min ride's end)
DRAIN_HOST_S = 0.25


async def _record(out):
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        link.on_session_start = sim.start_clock
        return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=out,
                                    before_close=lambda: asyncio.sleep(DRAIN_HOST_S))


#: s every frame time is moved by (the transport delay of another host): the last frame's time then has
#: under half a millisecond past its millisecond (0.24 ms, seed 1), so round() took the duration below it
SHIFT_S = -0.0006


@pytest.fixture
def frames_shifted(monkeypatch):
    """Every frame's session time moved by SHIFT_S, as the link's clock mapping gives them (a packet at a
    time, ClockMapper.frame_times_s, or a run of packets, monitor.link.run_times.run_times as
    monitor.link.record_feed calls it)."""
    from monitor.link import record_feed
    from monitor.link.clock import ClockMapper

    times, run_times = ClockMapper.frame_times_s, record_feed.run_times
    monkeypatch.setattr(ClockMapper, "frame_times_s",
                        lambda self, *a, **kw: [t + SHIFT_S for t in times(self, *a, **kw)])
    monkeypatch.setattr(record_feed, "run_times", lambda *a: run_times(*a) + SHIFT_S)


def test_the_frames_drained_after_the_end_are_kept_within_the_duration(tmp_path, frames_shifted):
    summary = run_on_virtual_clock(_record(tmp_path))
    session = load_session(summary.path)
    last_s = {foot: float(session.foot_frames(foot)["t_s"].max()) for foot in ("left", "right")}
    # the case at issue: the last frame rounds down to the millisecond (had: duration 180.544 s, last
    # frame at 180.54403 s); the duration is rounded up
    assert round(max(last_s.values()), 3) < max(last_s.values()), last_s
    # frames past the duration asked: up to the ride's end margin and the notification that crossed it (the case
    # at issue: had, frames to 604.15 s in a session of 600.47 s, a FIT export of 605 records whose import kept 601)
    assert DURATION_S < max(last_s.values()) <= DURATION_S + RIDE_END_MARGIN_S + grain_s(SPEED), last_s
    duration_s = session.info.duration_s
    assert max(last_s.values()) <= duration_s == pytest.approx(summary.duration_s, abs=1e-3), (last_s, duration_s)
    # the per-second table (the report's, the FIT export's records) ends with the session's duration
    seconds = session_seconds(session)
    assert len(seconds) == math.ceil(duration_s) and seconds[-1] < duration_s
