"""A session none of whose feet could be analysed (a whole group of each foot's sensors with no sample:
monitor.analysis.sensor_gaps) claims no search: its verdict says nothing could be judged and why, in analyze's
text, the report and the end of live and replay alike. ``analyze --json`` has no verdict; its feet say
``analysed`` false and ``judged_against`` is null.

Had, of the 7-minute tight-shoes ride with both feet's metatarsal-head sensors empty: "Verdict: no sustained
forefoot load found; the left foot was not analysed: ...; the right foot was not analysed: ..." and, at the end
of live, "Alerts: none; no sustained forefoot load was found; the left foot was not analysed: ...".
"""

from __future__ import annotations

import numpy as np
import pytest
from test_dead_sensor import MTH_COLUMNS
from test_sensor_gaps_live import _summary

import monitor
from monitor.analysis.batch import analyze
from monitor.live.summary import summary_text

WHY = "no sample from any sensor of its metatarsal heads"
SAID = f"the left foot was not analysed: {WHY}; the right foot was not analysed: {WHY}"


def _both_blank():
    """The simulated 7-minute tight-shoes ride with every metatarsal-head sensor of both feet NaN throughout."""
    s = monitor.offline_session("tight-shoes", duration_s=420)
    for col in MTH_COLUMNS:
        s.frames[col] = np.nan
    return s


def _left_blank_right_silent():
    """The same ride with the left foot's metatarsal heads empty and no frame of the right foot."""
    s = monitor.offline_session("tight-shoes", duration_s=420)
    for col in MTH_COLUMNS:
        s.frames.loc[s.frames.foot == "left", col] = np.nan
    s.frames = s.frames[s.frames.foot == "left"].reset_index(drop=True)
    return s


@pytest.fixture(scope="module")
def both():
    s = _both_blank()
    return s, analyze(s)


def test_the_verdict_says_nothing_could_be_judged_and_why(both):
    _, result = both
    assert not any(p.analysed for p in result.feet.values())
    advice = result.advice()
    assert advice.verdict == f"Verdict: {SAID}, nothing to judge.", advice.verdict  # had "no sustained ... found"
    assert advice.tips == []


def test_a_foot_not_analysed_beside_a_silent_one_is_nothing_to_judge_too():
    verdict = analyze(_left_blank_right_silent()).advice().verdict
    assert "no sustained forefoot load found" not in verdict and verdict.endswith(", nothing to judge."), verdict
    assert f"the left foot was not analysed: {WHY}" in verdict and "the right foot sent no data" in verdict, verdict


def test_analyze_text_and_the_report_say_it(both):
    from monitor.report.text import analysis_text
    from monitor.report.verdict_data import nothing_to_try, verdict

    session, result = both
    assert analysis_text(result).splitlines()[0] == f"Verdict: {SAID}, nothing to judge."
    v = verdict(result, ("left", "right"))
    assert v.headline == f"Verdict: {SAID}, nothing to judge."
    assert nothing_to_try(v) == "nothing to judge: no foot's data could be analysed"


def test_analyze_json_says_no_foot_was_analysed_nor_judged(both):
    doc = both[1].to_json_dict()
    assert [doc["summary"][f]["analysed"] for f in ("left", "right")] == [False, False]
    assert doc["judged_against"] is None and doc["alerts"] == []


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_say_it_as_analyze_does(both, tmp_path, deferred):
    lines = summary_text(_summary(both[0], tmp_path, deferred=deferred)).splitlines()
    assert f"Alerts: none: {SAID}, nothing to judge." in lines, lines  # had "Alerts: none; no sustained ..."
    assert not any("no sustained forefoot load" in x for x in lines), lines


def _left_blank_right_brief():
    """The simulated 7-minute one-sided ride with the left foot's metatarsal heads empty throughout and no frame
    of the right foot after 1:00: the right foot watched too briefly to tell, the left not analysed."""
    s = monitor.offline_session("one-sided", duration_s=420)
    for col in MTH_COLUMNS:
        s.frames.loc[s.frames.foot == "left", col] = np.nan
    s.frames = s.frames[(s.frames.foot == "left") | (s.frames.t_s < 60.0)].reset_index(drop=True)
    return s


@pytest.fixture(scope="module")
def brief():
    s = _left_blank_right_brief()
    return s, analyze(s)


BRIEF_SAID = ("the right foot sent only 1:00 of data, none after 1:00, too little to tell; "
              f"the left foot was not analysed: {WHY}")


def test_a_foot_too_brief_to_tell_beside_one_not_analysed_is_nothing_to_judge_in_every_view(brief):
    from monitor.report.text import analysis_text
    from monitor.report.verdict_data import nothing_to_try, verdict

    _, result = brief
    assert result.advice().verdict == f"Verdict: {BRIEF_SAID}, nothing to judge.", result.advice().verdict
    assert result.advice().nothing_to_judge
    assert result.judged_words() == "", result.judged_words()  # had "Judged against this session's first minutes"
    assert result.to_json_dict()["judged_against"] is None
    assert not any(x.startswith("Judged against") for x in analysis_text(result).splitlines())
    v = verdict(result, ("left", "right"))
    # had "nothing to change on this evidence: no alert suggested an adjustment", the words of nothing found
    assert nothing_to_try(v) == "nothing to judge: each foot was watched too briefly to tell or not analysed"
    assert v.judged == ""


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_judge_nothing_of_a_brief_foot_beside_one_not_analysed(brief, tmp_path, deferred):
    lines = summary_text(_summary(brief[0], tmp_path, deferred=deferred)).splitlines()
    assert f"Alerts: none: {BRIEF_SAID}, nothing to judge." in lines, lines
    assert not any(x.startswith("Judged against") for x in lines), lines  # had the first minutes' line


def test_none_covered_counts_a_foot_watched_too_briefly():
    from monitor.analysis.watched import none_covered

    assert none_covered(("left", "right"), {"left": "not analysed", "right": "brief"})
    assert not none_covered(("left", "right"), {"right": "brief"})
