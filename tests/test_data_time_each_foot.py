"""A verdict of nothing found in a session too short to tell says each foot's time with data where they differ.

`live --sim healthy-ride --speed 20 --duration 1m --fault drop:left@20s+15s` (a 16-s hole in the left foot's data)
ended "Alerts: none in 1:00 of data, too short to tell: ..." and `analyze` said "Verdict: nothing found in 1:00 of
data, too short to tell: ...", the right foot's minute said of both feet, though the left had 0:44: now "in 1:00
of data (the left foot 0:44)". A foot named as watched too briefly (monitor.analysis.watched) is not said twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import lru_cache

from live_ride import live_ride
from test_brief_foot_summary import COUNTERS, CYCLING

from monitor import load_session
from monitor.analysis.advice import advise
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session, replay_text
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.data import report_data
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

FEET = ("left", "right")
ACTIVITY = {"left": "cycling", "right": "cycling"}
RULE = "too short to tell: a warning needs 5:00 of sustained forefoot load"
HOLED = {"left": ((0.0, 20.0), (36.0, 60.0)), "right": ((0.0, 60.0),)}  # 0:44 of the left foot, 1:00 of the right


def test_the_shorter_foot_is_said_beside_the_longer():
    verdict = advise([], FEET, ACTIVITY, data_s=60.0, warn_after_s=300.0, data_runs=HOLED).verdict
    assert verdict == f"Verdict: nothing found in 1:00 of data (the left foot 0:44), {RULE}.", verdict
    from monitor.analysis.watched import data_time_words

    assert data_time_words(60.0, HOLED, 300.0) == "1:00 of data (the left foot 0:44)"


def test_a_second_or_less_apart_or_one_foot_says_one_time():
    from monitor.analysis.watched import data_time_words

    assert data_time_words(60.0, {"left": ((0.0, 59.2),), "right": ((0.0, 60.0),)}, 300.0) == "1:00 of data"
    assert data_time_words(60.0, {"left": ((0.0, 60.0),)}, 300.0) == "1:00 of data"
    assert data_time_words(60.0, None, 300.0) == "1:00 of data"
    # shown short of the rule as the longer foot's is: 299.6 s beside 5:00 is 4:59
    runs = {"left": ((0.0, 299.6),), "right": ((0.0, 299.8),)}
    assert data_time_words(299.8, runs, 300.0) == "4:59 of data"


def test_a_foot_watched_too_briefly_is_named_once():
    runs = {"left": ((0.0, 239.0),), "right": ((0.0, 9.0),)}  # the right foot's own clause says its 0:09
    verdict = advise([], FEET, ACTIVITY, data_s=239.0, warn_after_s=300.0, data_runs=runs).verdict
    assert verdict == (f"Verdict: nothing found in 3:59 of data on the left foot, {RULE}; the right foot sent only "
                       "0:09 of data, none after 0:09, too little to tell."), verdict
    from monitor.analysis.watched import data_time_words

    assert data_time_words(239.0, runs, 300.0, unspoken=("right",)) == "3:59 of data"


def test_the_end_of_live_says_it_as_the_verdict_does(tmp_path):
    s = LiveSummary(RecordSummary(tmp_path, 60.0, COUNTERS, 0), [], CYCLING, data_s=60.0, data_runs=HOLED,
                    warn_after_s=300.0)
    assert f"Alerts: none in 1:00 of data (the left foot 0:44), {RULE}." in summary_text(s).splitlines(), \
        summary_text(s)
    s = replace(s, data_runs={"left": ((0.0, 60.0),), "right": ((0.0, 60.0),)})
    assert f"Alerts: none in 1:00 of data, {RULE}." in summary_text(s).splitlines(), summary_text(s)


@lru_cache(maxsize=None)
def _ride_with_a_hole_in_the_left_foot():
    session = offline_session("healthy-ride", duration_s=60.0, seed=1, rate_hz=50)
    f = session.frames
    hole = (f["foot"].astype(str) == "left") & (f["t_s"] >= 20.0) & (f["t_s"] < 36.0)
    return session, analyze(replace(session, frames=f[~hole].reset_index(drop=True)))


def test_analyze_and_the_report_say_the_left_foot_s_time():
    session, result = _ride_with_a_hole_in_the_left_foot()
    head = analysis_text(result).splitlines()[0]
    assert head.startswith("Verdict: nothing found in 1:00 of data (the left foot 0:4"), head  # 0:44 or so
    assert head.endswith(f", {RULE}."), head
    assert report_data(session, result).verdict.headline == head


def test_live_replay_and_analyze_of_the_ride_say_the_same(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=20.0, seed=1, faults=["drop:left@20s+15s"], duration_s=60.0)
    verdict = analysis_text(analyze(load_session(live.record.path))).splitlines()[0]
    assert verdict.startswith("Verdict: nothing found in 1:00 of data (the left foot 0:4"), verdict
    line = "Alerts: none in " + verdict.removeprefix("Verdict: nothing found in ")
    assert line in summary_text(live).splitlines(), summary_text(live)
    replay = asyncio.run(replay_session(live.record.path))
    assert line in replay_text(replay).splitlines(), replay_text(replay)
