"""A cadence is compared only in one unit (monitor.signal.activity_words.cadence_unit): a walk's steps/min
against an elliptical's strokes/min says nothing, as a ride's rpm against a walk's does. Had: ``analyze
--compare`` of a walk before and an elliptical after gave a cadence row "110 steps/min" -> "139 steps/min" for
each foot, the elliptical's strokes labelled in the walk's unit (the before session's alone)."""

from __future__ import annotations

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.analysis.compare_text import format_value
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def sessions():
    out = {}
    for name in ("healthy-walk", "healthy-elliptical", "healthy-run"):
        session = offline_session(name, duration_s=60.0, seed=1)
        out[name] = (session, analyze(session))
    return out


def _cadence_rows(c):
    table = c.table()
    return table[table["metric"] == "cadence_per_min"]


def test_a_walks_steps_are_not_set_against_an_ellipticals_strokes(sessions):
    (sw, rw), (se, re_) = sessions["healthy-walk"], sessions["healthy-elliptical"]
    for before, after in (((sw, rw), (se, re_)), ((se, re_), (sw, rw))):
        c = compare(before[1], after[1], before[0], after[0])
        rows = _cadence_rows(c)
        assert rows.empty, rows.to_string()  # had: 2 rows, "steps/min" before and after
        assert any(s.startswith("Caveat: the sessions differ in activity") for s in c.sentences())


def test_one_unit_keeps_its_row_in_that_unit(sessions):
    (sw, rw), (sr, rr), (se, re_) = sessions["healthy-walk"], sessions["healthy-run"], sessions["healthy-elliptical"]
    walk_run = _cadence_rows(compare(rw, rr, sw, sr))
    assert len(walk_run) == 2 and set(walk_run["before_unit"]) == set(walk_run["after_unit"]) == {"steps/min"}
    c = compare(re_, re_, se, se)
    rows = _cadence_rows(c)
    assert len(rows) == 2 and set(rows["before_unit"]) == set(rows["after_unit"]) == {"strokes/min"}
    assert format_value("cadence_per_min", 140.0, c.cadence_unit["left"]) == "140 strokes/min"
