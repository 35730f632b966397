"""The end of a `live` or `replay` calls a foot watched too briefly by analyze's rule: less time with data than
a warning needs and under BRIEF_SHARE_OF_SESSION of the session's length, whatever the other foot sent
(monitor.analysis.watched.briefly_watched). Both feet that sent 0:02 of an 8-minute ride were named by analyze's
verdict, while the live end said "Alerts: none in 0:02 of data of the 8:00 recorded, too short to tell: ..." of
both feet alike."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from live_ride import live_ride
from test_brief_foot_summary import COUNTERS, CYCLING, QUICK_PARAMS, SPEED

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session, replay_text
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.text import analysis_text

pytestmark = pytest.mark.timeout(300)


def _summary(tmp_path: Path, duration_s: float) -> LiveSummary:
    """A summary of a ride of ``duration_s`` (s) both of whose feet sent 0:02 of data, from its start."""
    runs = {"left": ((0.0, 2.0),), "right": ((0.0, 2.0),)}
    return LiveSummary(RecordSummary(tmp_path, duration_s, COUNTERS, 0), [], CYCLING, data_s=2.0, data_runs=runs)


def test_both_feet_that_sent_two_seconds_of_an_eight_minute_ride_are_named(tmp_path):
    lines = summary_text(_summary(tmp_path, 480.0)).splitlines()
    line = next(x for x in lines if x.startswith("Alerts:"))
    assert line == ("Alerts: none: the left foot sent only 0:02 of data, too little to tell; the right foot sent "
                    "only 0:02 of data, too little to tell, nothing to judge."), line
    # had: "Alerts: none in 0:02 of data of the 8:00 recorded, too short to tell: a warning needs 5:00 ..."
    # a ride of 0:02 is no ride those 2 s are a small share of: too short to tell, as before
    line = next(x for x in summary_text(_summary(tmp_path, 2.0)).splitlines() if x.startswith("Alerts:"))
    assert "too short to tell" in line and "the left foot sent" not in line, line


def test_a_stopped_replay_is_judged_by_the_length_it_read(tmp_path):
    """A replay stopped after 0:02 of an 8-minute ride read 0:02 of it: both feet watched all it read."""
    s = _summary(tmp_path, 480.0)
    s.record.read_to_s = 2.0
    line = next(x for x in summary_text(s).splitlines() if x.startswith("Alerts:"))
    assert "too short to tell" in line and "the left foot sent" not in line, line


def test_live_and_replay_name_both_feet_as_analyze_does(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["stop:left@10s", "stop:right@10s"],
                     duration_s=120.0, params=QUICK_PARAMS)
    result = analyze(load_session(live.record.path), params=QUICK_PARAMS)
    verdict = analysis_text(result).splitlines()[0]
    assert verdict.startswith("Verdict: the left foot sent only 0:") and "the right foot sent only 0:" in verdict, \
        verdict
    words = verdict.removeprefix("Verdict: ")
    line = next(x for x in summary_text(live).splitlines() if x.startswith("Alerts:"))
    assert line == f"Alerts: none: {words}", (line, result.duration_s, live.record.duration_s)
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    assert line in replay_text(replay).splitlines(), replay_text(replay)
