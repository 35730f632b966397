"""A foot that sent its data in bursts is said to have sent it intermittently, not to have gone silent: a
ride whose right insole sent 1 s of every 7 read "the right foot sent only 1:08 of data, none after 7:57",
its last burst 2 s before the end, as though it had stopped there (monitor.analysis.watched.gap_words). "None
after" is said only of a silence after the last reading as long as a hole that is said (MIN_HOLE_SAID_S)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from test_brief_foot_summary import QUICK_PARAMS

from monitor.analysis.batch import analyze
from monitor.analysis.watched import brief_clauses, briefly_watched
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

BURSTS = "the right foot sent only 1:09 of data, intermittently (68 holes of 1-10 s), too little to tell"


@lru_cache(maxsize=None)
def _bursty():
    session = offline_session("tight-shoes", duration_s=480.0, seed=1, rate_hz=50)
    f = session.frames  # the right foot: 1 s of every 7
    session.frames = f[~((f["foot"].astype(str) == "right") & ((f["t_s"] % 7.0) >= 1.0))].reset_index(drop=True)
    return analyze(session, params=QUICK_PARAMS)


def test_a_foot_that_sent_in_bursts_is_said_intermittent_not_silent():
    result = _bursty()
    verdict = result.advice().verdict
    assert verdict.endswith(f"; {BURSTS}."), verdict
    assert "none after" not in analysis_text(result), analysis_text(result)
    right = [b for b in result.to_json_dict()["briefly_watched"] if b["foot"] == "right"]
    assert [b["words"] for b in right] == [BURSTS]
    # had: "stopped_s": 477.9 (its last burst, 2 s before the end) beside words that say it did not stop
    assert right[0]["stopped_s"] is None, right


def test_none_after_is_said_of_a_silence_as_long_as_a_hole_said():
    left = ((0.0, 480.0),)
    bursts = tuple((7.0 * k, 7.0 * k + 1.0) for k in range(40))  # the last burst ends at 4:34, silent after it
    said = brief_clauses(briefly_watched({"left": left, "right": bursts}, 300.0), 300.0)
    assert said == ("; the right foot sent only 0:40 of data, intermittently (39 holes of 1-10 s), none after "
                    "4:34, too little to tell"), said
    near_end = ((0.0, 60.0), (300.0, 472.0))  # silent 8 s at the end: too short to say, as a hole would be
    said = brief_clauses(briefly_watched({"left": left, "right": near_end}, 400.0), 400.0)
    assert said == "; the right foot sent only 3:52 of data, no data from 1:00 to 5:00, too little to tell", said
    assert briefly_watched({"left": left, "right": near_end}, 400.0)["right"].stopped_s is None  # as the words
    stopped = ((0.0, 60.0), (300.0, 460.0))  # silent 20 s at the end
    said = brief_clauses(briefly_watched({"left": left, "right": stopped}, 400.0), 400.0)
    assert said.endswith("no data from 1:00 to 5:00, none after 7:40, too little to tell"), said
    assert briefly_watched({"left": left, "right": stopped}, 400.0)["right"].stopped_s == 460.0


def test_the_json_stopped_time_is_where_the_words_say_none_after_and_only_there():
    from monitor.analysis.watched import MIN_HOLE_SAID_S, brief_json

    left = ((0.0, 480.0),)
    for tail_s in (2.0, MIN_HOLE_SAID_S - 0.5, MIN_HOLE_SAID_S, 30.0):
        (right,) = brief_json({"left": left, "right": ((0.0, 60.0), (300.0, 480.0 - tail_s))}, 400.0)
        said = "none after" in right["words"]
        assert said == (right["stopped_s"] is not None), (tail_s, right)
        assert not said or f"none after {clock_text(right['stopped_s'])}," in right["words"], right
        assert said == (tail_s >= MIN_HOLE_SAID_S), (tail_s, right)
