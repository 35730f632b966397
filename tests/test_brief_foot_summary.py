"""The end of a `live` or `replay` names a foot watched too briefly, as solewatch analyze's verdict does.

`live --sim healthy-ride --speed 40 --duration 6m --fault stop:right@20s` ended with "Alerts: none; no sustained
forefoot load was found." while the report and `analyze` of the same run said "Verdict: no sustained forefoot
load found on the left foot; the right foot sent only 0:20 of data, none after 0:20, too little to tell."
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from live_ride import live_ride

from monitor import load_session
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.live.delivery import Delivered
from monitor.live.replay import replay_session, replay_text
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.text import analysis_text
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

COUNTERS = {"left": {"frames_missing": 0}, "right": {"frames_missing": 0}}
CYCLING = {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}}
SPEED = 40.0
#: a warning after 80 s of load, so a 2-minute ride can hold one
QUICK_PARAMS = DEFAULT_PARAMS.override({"features": {"step_s": 1.0}, "detector": {"warn_after_s": 80.0}})


def test_the_summary_names_the_foot_that_stopped(tmp_path):
    runs = {"left": ((0.0, 360.0),), "right": ((0.0, 20.0),)}
    s = LiveSummary(RecordSummary(tmp_path, 360.0, COUNTERS, 0), [], CYCLING, data_s=360.0, data_runs=runs)
    assert ("Alerts: none; no sustained forefoot load was found on the left foot; the right foot sent only 0:20 "
            "of data, none after 0:20, too little to tell.") in summary_text(s).splitlines()
    # a dropout of a few seconds names no foot
    runs = {"left": ((0.0, 360.0),), "right": ((0.0, 60.0), (63.0, 360.0))}
    s = LiveSummary(RecordSummary(tmp_path, 360.0, COUNTERS, 0), [], CYCLING, data_s=360.0, data_runs=runs)
    assert "Alerts: none; no sustained forefoot load was found." in summary_text(s).splitlines()


def test_a_summary_of_reminders_only_names_the_foot_that_stopped(tmp_path):
    """had: "Alerts: left foot 1 notice." and no word of the right foot, which sent 1:11 of a 6:00 ride,
    while analyze's verdict named it."""
    reminder = Delivered(Alert(150.0, "left", "alert", "notice", None, "no_relief"), ("terminal",), "")
    runs = {"left": ((0.0, 360.0),), "right": ((0.0, 20.0), (38.0, 91.0))}
    s = LiveSummary(RecordSummary(tmp_path, 360.0, COUNTERS, 0), [reminder], CYCLING, data_s=360.0,
                    data_runs=runs)
    lines = summary_text(s).splitlines()
    at = lines.index("Alerts: left foot 1 notice.")
    assert lines[at + 1] == ("Verdict: no sustained forefoot overload on the left foot; reminders to unweight "
                             "the foot; the right foot sent only 1:13 of data, no data from 0:20 to 0:38, none "
                             "after 1:31, too little to tell."), lines
    # both feet watched: the reminders need no verdict line, as before
    s = replace(s, data_runs={"left": ((0.0, 360.0),), "right": ((0.0, 360.0),)})
    assert not any(x.startswith("Verdict:") for x in summary_text(s).splitlines())


def test_live_and_replay_say_the_verdict_analyze_says(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["stop:right@10s"], duration_s=120.0,
                     params=QUICK_PARAMS)
    said = "the right foot sent only 0:"  # its time with data, about 0:10
    verdict = analysis_text(analyze(load_session(live.record.path), params=QUICK_PARAMS)).splitlines()[0]
    assert verdict.startswith("Verdict: no sustained forefoot load found on the left foot; " + said), verdict
    words = verdict.split("; ", 1)[1]
    line = next(x for x in summary_text(live).splitlines() if x.startswith("Alerts:"))
    assert line == f"Alerts: none; no sustained forefoot load was found on the left foot; {words}", line
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    assert any(x == line for x in replay_text(replay).splitlines()), replay_text(replay)


#: a reminder to unweight after 150 s without relief, so a healthy 6-minute ride holds reminders only
REMINDER_PARAMS = DEFAULT_PARAMS.override({"features": {"step_s": 1.0}, "detector": {"notice_no_relief_s": 150.0}})


def test_live_and_replay_of_reminders_only_say_the_verdict_analyze_says(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["drop:right@20s+15s", "stop:right@90s"],
                     duration_s=360.0, params=REMINDER_PARAMS)
    verdict = analysis_text(analyze(load_session(live.record.path), params=REMINDER_PARAMS)).splitlines()[0]
    assert verdict.startswith("Verdict: no sustained forefoot overload on the left foot; reminders to unweight "
                              "the foot; the right foot sent only 1:"), verdict
    assert verdict in summary_text(live).splitlines(), summary_text(live)
    replay = asyncio.run(replay_session(live.record.path, params=REMINDER_PARAMS))
    assert verdict in replay_text(replay).splitlines(), replay_text(replay)
