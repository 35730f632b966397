"""A foot that stopped early is named in a session too short to tell, as in a longer one.

A 4-minute ride whose right insole stopped 10 s in (`record --sim healthy-ride --duration 4m --fault
stop:right@10s`) said "Verdict: nothing found in 3:59 of data, too short to tell: ...", read as both feet's
3:59, its per-foot line "right: ..., no warning" from 0:10 of data, and `--json` "briefly_watched": []:
a foot was named only when the other had a warning's worth of data (5:00).
"""

from __future__ import annotations

from functools import lru_cache

from test_brief_foot_summary import COUNTERS, CYCLING

from monitor.analysis.advice import advise
from monitor.analysis.batch import analyze
from monitor.analysis.watched import briefly_watched
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

FEET = ("left", "right")
ACTIVITY = {"left": "cycling", "right": "cycling"}
RUNS = {"left": ((0.0, 239.0),), "right": ((0.0, 10.0),)}  # 3:59 of the left foot, 0:10 of the right
RIGHT = "; the right foot sent only 0:10 of data, none after 0:10, too little to tell."


def test_a_foot_that_stopped_early_in_a_short_session_is_watched_briefly():
    assert briefly_watched(RUNS, 300.0) == {"right": (10.0, 10.0, (), 229.0)}
    assert briefly_watched({"left": ((0.0, 239.0),), "right": ((0.0, 200.0),)}, 300.0) == {}  # 39 s: a dropout


def test_the_too_short_verdict_gives_each_foot_its_own_time():
    verdict = advise([], FEET, ACTIVITY, data_s=239.0, warn_after_s=300.0, data_runs=RUNS).verdict
    assert verdict == ("Verdict: nothing found in 3:59 of data on the left foot, too short to tell: a warning needs "
                       "5:00 of sustained forefoot load" + RIGHT), verdict


def test_the_end_of_a_short_live_ride_names_the_foot(tmp_path):
    s = LiveSummary(RecordSummary(tmp_path, 240.0, COUNTERS, 0), [], CYCLING, data_s=239.0, data_runs=RUNS,
                    warn_after_s=300.0)
    # its data time of the 4:00 its head says (tests/test_summary_data_of_recorded.py)
    assert ("Alerts: none in 3:59 of data of the 4:00 recorded on the left foot, too short to tell: a warning needs "
            "5:00 of sustained forefoot load" + RIGHT) in summary_text(s).splitlines(), summary_text(s)


@lru_cache(maxsize=None)
def _short_ride_whose_right_insole_stopped_at_10_s(scenario: str, duration_s: float):
    session = offline_session(scenario, duration_s=duration_s, seed=1, rate_hz=50)
    f = session.frames
    session.frames = f[~((f["foot"].astype(str) == "right") & (f["t_s"] > 10.0))].reset_index(drop=True)
    return analyze(session)


def test_analyze_text_and_json_name_the_foot_of_a_4_minute_ride():
    result = _short_ride_whose_right_insole_stopped_at_10_s("healthy-ride", 240.0)
    lines = analysis_text(result).splitlines()
    assert lines[0].startswith("Verdict: nothing found in 4:00 of data on the left foot, too short to tell"), lines[0]
    assert lines[0].endswith(RIGHT), lines[0]
    right = next(ln for ln in lines if ln.startswith("right: "))
    assert right.endswith("no warning in its 0:10 of data"), right  # its silence: in the Note, once
    assert any(ln.startswith("Note: right insole silent from 0:10 to the end: ") for ln in lines), lines
    (brief,) = result.to_json_dict()["briefly_watched"]
    assert brief["foot"] == "right" and brief["data_s"] == 10.0, brief


def test_a_3_minute_tight_shoes_ride_with_an_early_sign_names_the_foot():
    result = _short_ride_whose_right_insole_stopped_at_10_s("tight-shoes", 180.0)
    assert [(a.foot, a.level) for a in result.alerts if a.kind == "alert"] == [("left", "notice")]
    head = analysis_text(result).splitlines()[0]
    assert head.startswith("Verdict: no warning, but an early sign on the left foot") and head.endswith(RIGHT), head
