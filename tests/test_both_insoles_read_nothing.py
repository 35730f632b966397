"""A session both of whose calibrated insoles read exactly 0 on every sensor all session (dead or absent
insoles) is said in one clause, with nothing to judge, by analyze and by the end of live and replay alike.

Had: "Verdict: no sustained forefoot load found; the left foot's load was never measured: its insole read 0
on every sensor in its 11:00 of data, a dead or absent insole; the right foot's load was never measured: its
insole read 0 on every sensor in its 11:00 of data, a dead or absent insole." (no load was measured to find
anything in), with "Judged against this session's first minutes" under it; the end of live said "Alerts: none;
no sustained forefoot load was found; the left foot's ...; the right foot's ...".
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_sensor_gaps_live import _summary

from monitor import analyze
from monitor.codebook import FEET
from monitor.live.summary import summary_text
from monitor.session.offline import offline_session

SAID = ("neither insole measured any load: both read 0 on every sensor in their 11:00 of data, dead or absent "
        "insoles")


def _dead_pair(calibrated: bool = True, *, right_from_s: float | None = None):
    """The simulated healthy ride of 11:00, every reading of both feet 0 (of the left only where ``right_from_s``
    is given, and of the right from that session time on)."""
    session = offline_session("healthy-ride", duration_s=660.0, seed=2)
    for foot in FEET:
        session.info.layouts[foot] = replace(session.info.layouts[foot], calibrated=calibrated)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    rows = session.frames["foot"] == "left" if right_from_s is not None else session.frames["foot"].notna()
    if right_from_s is not None:
        rows |= (session.frames["foot"] == "right") & (session.frames["t_s"] >= right_from_s)
    session.frames.loc[rows, cols] = 0.0
    return session


@pytest.fixture(scope="module")
def dead_pair():
    return _dead_pair()


def test_analyze_says_it_once_with_nothing_to_judge(dead_pair):
    result = analyze(dead_pair)
    advice = result.advice()
    assert advice.verdict == f"Verdict: {SAID}, nothing to judge.", advice.verdict  # had "no sustained ... found; ..."
    assert advice.tips == []
    assert result.judged_words() == "", result.judged_words()  # had "Judged against this session's first minutes"


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_say_it_as_analyze_does(dead_pair, tmp_path, deferred):
    lines = summary_text(_summary(dead_pair, tmp_path, deferred=deferred)).splitlines()
    assert f"Alerts: none: {SAID}, nothing to judge." in lines, lines  # had "Alerts: none; no sustained ..."
    assert not any(line.startswith("Judged against") for line in lines), lines


def test_one_dead_insole_is_still_said_of_its_foot():
    verdict = analyze(_dead_pair(right_from_s=1e9)).advice().verdict
    assert "neither insole" not in verdict
    assert "the left foot's load was never measured: its insole read 0 on every sensor" in verdict, verdict


def test_the_report_has_nothing_to_judge_for_no_load_measured_not_for_no_data_analysed(dead_pair):
    """Under a verdict saying both insoles read 0 on every sensor, "What to try" said "Nothing to judge: no foot's
    data could be analysed.": their data were read and analysed, only no load was measured."""
    from monitor.report.data import report_data
    from monitor.report.verdict_data import nothing_to_try

    verdict = report_data(dead_pair, analyze(dead_pair)).verdict
    assert verdict.unwatched == {"left": "load never measured", "right": "load never measured"}, verdict.unwatched
    assert nothing_to_try(verdict) == "nothing to judge: no insole measured any load", nothing_to_try(verdict)
