"""A foot whose data reached the end of a simulated recording is not said silent for the time past the duration
asked for that another foot's later frames add: had, `record --sim walk-then-run --speed 100 --duration 8m`
ended "left insole silent from 8:06 to the end" on a busy host, each foot's frames put in session time by
its own arrivals (host s x speed, monitor.link.clock), the right's seconds later than the left's, and the
session covering the latest frame (monitor.live.record_span.covering_span).

The busy host is built, not loaded, as tests/test_live_lagging_host.py builds it: on a virtual clock
(tests/virtual_clock.py) the simulated insoles' clock runs at LAG of the speed the link maps host time with,
so their frames are put later in session time than they were sampled and run on past the duration, and each
notification of the right insole reaches the link LATENCY_HOST_S after it was sent, the left's at once, so the
right's frames run on further than the left's.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from live_ride import live_ride
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

import monitor
from firmware_sim.sim_clock import SimClock
from monitor.live.ride_end import RIDE_END_MARGIN_S
from monitor.session.absence import absent_at_ends

pytestmark = pytest.mark.timeout(300)

SPEED, DURATION_S = 100.0, 60.0
#: the share of SPEED the host runs the simulation at (guess, as tests/test_live_lagging_host.py's)
LAG = 0.6
#: the right insole's notifications' host latency (s; guess): x SPEED, 3 s of session time, over ABSENT_MIN_S
LATENCY_HOST_S = 0.03


def _record(tmp_path, monkeypatch):
    from monitor.link.ble import PairLink

    notify = PairLink._notify

    def right_late(self, link, data):
        if link.foot == "right":
            asyncio.get_running_loop().call_later(LATENCY_HOST_S, notify, self, link, data)
        else:
            notify(self, link, data)

    monkeypatch.setattr(PairLink, "_notify", right_late)

    clock = SimClock(SPEED * LAG, paused=True, start_with_stream=True)
    return live_ride(tmp_path, "walk-then-run", speed=SPEED, seed=1, ride_end_s=DURATION_S, clock=clock,
                     duration_s=DURATION_S).record


def test_a_foot_whose_data_reached_the_duration_is_not_silent_past_it(tmp_path, monkeypatch):
    record = _record(tmp_path, monkeypatch)
    session = monitor.load_session(record.path)
    last_s = {foot: float(session.foot_frames(foot)["t_s"].iloc[-1]) for foot in ("left", "right")}
    # the case: both feet's data reach the duration, the right's placed 3 s late (its first notification was);
    # neither runs on past the ride's end margin while the ride waits for the other (had: the right's over a second
    # later than the left's, to the insoles' end; now 60.15 s and 60.51 s; tests/test_session_end_past_backlog.py)
    assert DURATION_S <= min(last_s.values()) and max(last_s.values()) <= record.duration_s, last_s
    assert max(last_s.values()) <= DURATION_S + RIDE_END_MARGIN_S + grain_s(SPEED), last_s
    assert session.info.planned_duration_s == DURATION_S
    notes = record.absent_notes()
    assert not any("silent from" in n for n in notes), notes  # had: "left insole silent from 1:00 to the end"
    assert "left" not in record.absent, record.absent
    result = monitor.analyze(session)
    assert "left" not in result.absent_at_ends, result.absent_at_ends  # analyze says it as the end does
    assert not [s for s in result.silent_spans["left"] if s[0] >= DURATION_S], result.silent_spans
    from monitor.live.replay import replay_session
    from monitor.report.frames_data import foot_frames
    from monitor.report.quality_data import foot_quality

    replayed = run_on_virtual_clock(replay_session(record.path)).record
    assert "left" not in replayed.absent, replayed.absent_notes()  # the replay's end as the recording's
    assert foot_quality(session, foot_frames(session, "left")).absent_spans == []  # the report's


def test_a_foot_whose_data_stopped_before_the_duration_is_still_silent_to_the_end():
    t_s = np.arange(0.0, 50.0, 0.01)  # 100 Hz, its last frame at 49.99 s of a 60-s recording
    spans = {"left": (float(t_s[0]), float(t_s[-1])), "right": (0.0, 63.0)}
    said = absent_at_ends(spans, {"left": 100.0, "right": 100.0}, 63.0, reached_s=DURATION_S)
    assert said == {"left": [(49.99, 63.0, 1300)]}, said
