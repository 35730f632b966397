"""The end-of-session summary of a live session and of its replay judges "too short to tell" by the time with
data, as solewatch analyze's verdict does (monitor.session.absence: a pause of more than ABSENT_MIN_S between
two readings is a hole, no data), not by the recording's length: a ride whose insoles keep dropping out
holds less load than its length."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from known_rider import rider_normal
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from monitor.live.replay import replay_session, replay_text
from monitor.live.summary import summary_text
from monitor.session.absence import ABSENT_MIN_S
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
#: a warning's loaded time for these rides (s): a 90-s ride is longer, its 36 s of data shorter
WARN_AFTER_S = 60.0


def test_runs_given_block_by_block_are_the_runs_of_every_reading_at_once():
    from monitor.session.absence import DataRunsSoFar, data_runs

    rng = np.random.default_rng(7)
    t = np.cumsum(rng.choice([0.02, 0.02, 0.02, 0.5, 1.2, 3.0], size=4000))
    p = rng.uniform(0, 100, size=(t.size, 4))
    p[rng.random(t.size) < 0.2] = np.nan  # frames with no reading (a filled gap)
    p[rng.random(t.size) < 0.2, 0] = np.nan  # a reading without its first sensor
    so_far = DataRunsSoFar()
    at = 0
    while at < t.size:
        n = int(rng.integers(1, 80))
        so_far.add(t[at:at + n], p[at:at + n])
        at += n
    read = ~np.isnan(p).all(axis=1)
    assert so_far.runs == data_runs(t[read])
    assert len(so_far.runs) > 100


async def _flaky_ride(out: Path, duration_s: float) -> tuple:
    """A live ride of both simulated insoles, their links up, each silent for the last 6 s of every 10 s of
    its clock (each silence under stale_after_s, 10 s: no NO DATA), judged with a warning's loaded time of
    WARN_AFTER_S."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def dropping_out(self, packets):
        if self.session_time_s() % 10.0 < 4.0:
            await send(self, packets)

    params = replace(DEFAULT_PARAMS, detector=replace(DEFAULT_PARAMS.detector, warn_after_s=WARN_AFTER_S))
    SimInsole._send = dropping_out
    try:
        summary = await live_ride_async(out, "healthy-ride", speed=SPEED, seed=1, duration_s=duration_s,
                                        params=params, baseline=rider_normal(1))
    finally:
        SimInsole._send = send
    return summary


def test_a_ride_with_dropouts_is_too_short_to_tell_by_its_time_with_data_live_and_in_replay(tmp_path):
    # had: "Alerts: none; no sustained forefoot load was found." (1:30 of ride, though 0:36 of it had data)
    summary = run_on_virtual_clock(_flaky_ride(tmp_path, 90.0))
    text = summary_text(summary)
    assert summary.record.duration_s >= WARN_AFTER_S and "Alerts: none" in text, text
    said = re.search(r"^Alerts: none in (0:3\d) of data of the 1:3\d recorded, too short to tell: a warning needs "
                     r"1:00 of sustained forefoot load\.$", text, re.M)  # of the length its head says
    assert said is not None, text
    assert 30.0 <= summary.data_s <= 40.0 and said.group(1) == f"0:{summary.data_s:02.0f}", summary.data_s
    for deferred in (True, False):  # the replay reads the same data from the raw log
        replayed = asyncio.run(replay_session(summary.record.path, deferred=deferred))
        assert abs(replayed.data_s - summary.data_s) < ABSENT_MIN_S, (deferred, replayed.data_s)
        assert "too short to tell" in replay_text(replayed), replay_text(replayed)
