"""A foot that sent no data at all is named by the verdict however short the session.

A 1-minute session whose left insole sent nothing (every left sensor cell empty in an imported CSV) said
"Verdict: nothing found in 1:00 of data, too short to tell: ...", read as both feet's minute, while at 2:01 it
said "...; the left foot sent no data.": a foot was named only when its time with data was 60 s short of the
other's.
"""

from __future__ import annotations

import numpy as np
from test_brief_foot_summary import COUNTERS, CYCLING

from monitor.analysis.advice import advise
from monitor.analysis.batch import analyze
from monitor.analysis.watched import briefly_watched
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

FEET = ("left", "right")
ACTIVITY = {"left": "cycling", "right": "cycling"}
RUNS = {"left": (), "right": ((0.0, 59.0),)}  # no reading of the left foot, 0:59 of the right
LEFT = "; the left foot sent no data."


def test_a_foot_with_no_data_in_a_one_minute_session_is_watched_briefly():
    assert briefly_watched(RUNS, 300.0) == {"left": (0.0, None, (), 0.0)}
    assert briefly_watched({"left": (), "right": ((0.0, 5.0),)}, 300.0).keys() == {"left"}
    assert briefly_watched({"left": (), "right": ()}, 300.0) == {}  # no foot sent any: none to set it against


def test_the_too_short_verdict_and_the_end_of_live_name_the_foot(tmp_path):
    verdict = advise([], FEET, ACTIVITY, data_s=59.0, warn_after_s=300.0, data_runs=RUNS).verdict
    assert verdict == ("Verdict: nothing found in 0:59 of data on the right foot, too short to tell: a warning "
                       "needs 5:00 of sustained forefoot load" + LEFT), verdict
    s = LiveSummary(RecordSummary(tmp_path, 60.0, COUNTERS, 0), [], CYCLING, data_s=59.0, data_runs=RUNS,
                    warn_after_s=300.0)
    # its data time of the 1:00 its head says (tests/test_summary_data_of_recorded.py)
    assert ("Alerts: none in 0:59 of data of the 1:00 recorded on the right foot, too short to tell: a warning "
            "needs 5:00 of sustained forefoot load" + LEFT) in summary_text(s).splitlines(), summary_text(s)


def test_analyze_names_a_left_insole_whose_every_cell_is_empty():
    session = offline_session("healthy-ride", duration_s=60.0, seed=1, rate_hz=50)
    f = session.frames
    left = f["foot"].astype(str) == "left"
    cols = [c for c in f.columns if c.startswith("p") and c.endswith("_kpa")]
    f.loc[left, cols] = np.nan
    result = analyze(session)
    head = analysis_text(result).splitlines()[0]
    assert head.startswith("Verdict: nothing found in 1:00 of data on the right foot") and head.endswith(LEFT), head
    (brief,) = result.to_json_dict()["briefly_watched"]
    assert brief["foot"] == "left" and brief["data_s"] == 0.0 and brief["words"] == "the left foot sent no data"
