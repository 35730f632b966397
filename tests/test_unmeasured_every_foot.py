"""Where no insole of a session measured any load, the verdict claims no search, whatever the insoles: an
uncalibrated pair whose forefoot read nothing above the insole's noise, and a session of one insole that read 0
on every sensor, say so with nothing to judge, by analyze and by the end of live and replay alike.

Had, of an uncalibrated pair reading 0 for 11:00: "Verdict: no sustained forefoot load found; the left foot's load
was never measured: ...; the right foot's ..."; of 1:00 of it: "Verdict: nothing found in 1:00 of data, too short to
tell: a warning needs 5:00 ..."; of one calibrated insole reading 0 for 1:00: "Verdict (left foot only; the right
foot was not recorded): nothing found in 1:00 of data, too short to tell ...".
"""

from __future__ import annotations

import pytest
from test_both_insoles_read_nothing import _dead_pair
from test_sensor_gaps_live import _summary

from monitor import analyze
from monitor.live.summary import summary_text


def _noise(foot: str, had: str) -> str:
    return (f"the {foot} foot's load was never measured: its forefoot read nothing above the insole's noise in its "
            f"{had} of data, too low to judge")


def _left_only(calibrated: bool = True, duration_s: float = 60.0):
    """The first ``duration_s`` of :func:`_dead_pair`'s left foot, the right insole not recorded."""
    session = _dead_pair(calibrated)
    frames = session.frames
    session.frames = frames[(frames["foot"] == "left") & (frames["t_s"] < duration_s)].reset_index(drop=True)
    del session.info.layouts["right"]
    return session


def _first(session, duration_s: float):
    session.frames = session.frames[session.frames["t_s"] < duration_s].reset_index(drop=True)
    return session


@pytest.mark.parametrize("duration_s, had", [(660.0, "11:00"), (60.0, "1:00")], ids=["long", "short"])
def test_an_uncalibrated_pair_that_measured_no_load_has_nothing_to_judge(duration_s, had):
    result = analyze(_first(_dead_pair(calibrated=False), duration_s))
    advice = result.advice()
    assert advice.verdict == f"Verdict: {_noise('left', had)}; {_noise('right', had)}, nothing to judge.", \
        advice.verdict  # had "no sustained forefoot load found; ..." and "nothing found in 1:00 of data, ..."
    assert advice.tips == [] and result.judged_words() == "", (advice.tips, result.judged_words())


def test_one_dead_insole_alone_has_nothing_to_judge():
    advice = analyze(_left_only()).advice()
    assert advice.verdict == ("Verdict (left foot only; the right foot was not recorded): the left insole measured "
                              "no load: it read 0 on every sensor in its 1:00 of data, a dead or absent insole, "
                              "nothing to judge."), advice.verdict  # had "nothing found in 1:00 of data, ..."
    assert advice.tips == []


def test_one_uncalibrated_insole_alone_has_nothing_to_judge():
    verdict = analyze(_left_only(calibrated=False)).advice().verdict
    assert verdict == ("Verdict (left foot only; the right foot was not recorded): "
                       f"{_noise('left', '1:00')}, nothing to judge."), verdict


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
@pytest.mark.parametrize("session, said", [
    (lambda: _dead_pair(calibrated=False), f"{_noise('left', '11:00')}; {_noise('right', '11:00')}"),
    (lambda: _left_only(duration_s=660.0),
     "the left insole measured no load: it read 0 on every sensor in its 11:00 of data, a dead or absent insole"),
], ids=["uncalibrated-pair", "one-dead-insole"])
def test_live_and_replay_say_it_as_analyze_does(session, said, tmp_path, deferred):
    lines = summary_text(_summary(session(), tmp_path, deferred=deferred)).splitlines()
    assert f"Alerts: none: {said}, nothing to judge." in lines, lines  # had "Alerts: none; no sustained ..."
