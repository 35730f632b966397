"""A window with no data reads as missing in the tables: no relief state, no level, no held pattern.

A window with no frame analysed (``valid_fraction`` 0: the insole silent, or every frame of it without a whole
sensor group) read ``relieved_now`` False and ``level`` "none" or the level the detector holds through a
silence, ``level_rank`` 0 or more, in windows_table, assessments_table and the study's windows table, where
docs/study.md calls such a window "a hole in the data, not time at any level". Now those cells are missing:
``relieved_now`` pandas' nullable ``boolean`` NA, ``level`` missing and ``level_rank`` float64 NaN. The
detector's own state is unchanged: it still holds its level through the silence (its Assessments keep it),
and the windows it judges keep their bool.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_dead_sensor import tight_shoes

import monitor
from monitor.studies.rows import session_tables

#: The right insole goes silent from here to the end of the 7-minute ride (it warned at 300 s).
SILENT_FROM_S = 330.0


@pytest.fixture(scope="module")
def ride():
    session = tight_shoes()
    f = session.frames
    f.loc[(f.foot == "right") & (f.t_s >= SILENT_FROM_S), [c for c in f.columns if c.endswith("_kpa")]] = np.nan
    return session, monitor.analyze(session)


def _hole(table: pd.DataFrame) -> pd.Series:
    """The rows of the right foot's windows with no frame analysed."""
    return (table["foot"] == "right") & (table["valid_fraction"] == 0.0)


def test_the_windows_table_has_no_relief_state_for_a_window_with_no_data(ride):
    _, result = ride
    w = monitor.windows_table(result)
    hole = _hole(w)
    assert hole.sum() >= 3, w[["foot", "t_s", "valid_fraction"]].tail()
    assert str(w["relieved_now"].dtype) == "boolean"
    assert w.loc[hole, "relieved_now"].isna().all(), w.loc[hole, ["t_s", "relieved_now"]]
    assert w.loc[~hole, "relieved_now"].notna().all()
    # the detector's windows keep their bool (what it judges by)
    assert all(isinstance(x.relieved_now, bool) for x in result.feet["right"].windows_)


def test_the_assessments_table_has_no_level_for_a_window_with_no_data(ride):
    _, result = ride
    a = monitor.assessments_table(result)
    hole = _hole(a)
    assert hole.sum() >= 3
    assert a.loc[hole, ["level", "level_rank"]].isna().all().all(), a.loc[hole, ["t_s", "level", "level_rank"]]
    assert a.loc[~hole, ["level", "level_rank"]].notna().all().all()
    assert str(a["level_rank"].dtype) == "float64"
    # the detector still holds a level through the silence: its Assessments are as they were
    held = {x.t_s: x.level for x in result.feet["right"].assessments_ if x.metrics["valid_fraction"] == 0.0}
    assert set(held) == set(a.loc[hole, "t_s"]) and all(level != "none" for level in held.values()), held


def test_the_study_windows_have_no_level_nor_relief_state_for_a_window_with_no_data(ride):
    session, result = ride
    tables = session_tables(session, result, {}, "x", {}, {})
    w = tables["windows"]
    hole = _hole(w)
    assert hole.sum() >= 3
    assert w.loc[hole, ["level", "level_rank", "relieved_now"]].isna().all().all()
    assert w.loc[~hole, "relieved_now"].notna().all()
    # a level where the window stands for data and was judged, past the session's first windows, which reach back
    # before its start (the report's timeline's rule: tests/test_study_levels_with_data.py,
    # tests/test_unjudged_level_missing.py)
    first_s = min(a.t_s for a in result.feet["left"].assessments_ if a.with_data)  # the first judged window
    assert first_s == 50.0  # holds 50 s of data, 0.8 of the 60-s window or more
    judged = ~hole & (w["foot"] == "left") & (w["t_s"] >= first_s)
    assert w.loc[judged, ["level", "level_rank"]].notna().all().all()
    assert w.loc[w["t_s"] < first_s, ["level", "level_rank"]].isna().all().all()
    assert list(w.columns[-3:]) == ["level", "level_rank", "pressure_unit"]
    # the time at each level counts the windows with a level alone
    rows = tables["sessions"].set_index("foot")
    with_data = (w["level"].notna() & (w["foot"] == "right")).sum()
    step_s = result.params.features.step_s
    times = rows.loc["right", [f"time_{x}_s" for x in ("none", "notice", "warning", "alert")]]
    assert times.sum() == with_data * step_s, times.to_dict()


def test_the_assessments_table_has_no_held_pattern_nor_its_evidence_for_a_window_with_no_data(ride):
    """The pattern the detector holds through the silence, its region, start and reasons (the evidence of the
    last window with data: "... 11 s without relief") read missing in a hole, as its level does."""
    _, result = ride
    a = monitor.assessments_table(result)
    hole = _hole(a)
    held = ["pattern", "since_s", "reasons", "time_since_relief_s"]
    assert a.loc[hole, [*held, "region"]].isna().all().all(), a.loc[hole, ["t_s", *held]]
    assert a.loc[~hole & (a["foot"] == "right") & (a["t_s"] >= 300.0), held].notna().all().all()
    # the detector still holds its pattern and reasons: its Assessments are as they were
    quiet = [x for x in result.feet["right"].assessments_ if x.metrics["valid_fraction"] == 0.0]
    assert quiet and all(x.pattern and x.reasons for x in quiet)


def test_the_windows_tables_have_no_time_since_relief_for_a_window_with_no_data(ride):
    session, result = ride
    study = session_tables(session, result, {}, "x", {}, {})["windows"]
    for w in (monitor.windows_table(result), study):
        hole = _hole(w)
        assert w.loc[hole, "time_since_relief_s"].isna().all(), w.loc[hole, ["t_s", "time_since_relief_s"]]
        assert w.loc[~hole, "time_since_relief_s"].notna().all()
    assert all(x.time_since_relief_s == x.time_since_relief_s for x in result.feet["right"].windows_)


def test_a_window_with_no_data_keeps_when_the_last_relief_before_the_hole_was(ride):
    """``relief_t_s`` is a past event, not a reading: in a hole it stays the time of the last relief (or the
    first reading) before the hole, the same as the last window with data holds, never a time in the hole
    (docs/api.md). Its time since is what the hole has not: NaN there (above)."""
    session, result = ride
    study = session_tables(session, result, {}, "x", {}, {})["windows"]
    for w in (monitor.windows_table(result), study):
        hole = _hole(w)
        right = w[w["foot"] == "right"]
        before = right.loc[~_hole(right) & (right["t_s"] <= SILENT_FROM_S + 60.0), "relief_t_s"].iloc[-1]
        assert (w.loc[hole, "relief_t_s"] == before).all(), w.loc[hole, ["t_s", "relief_t_s"]]
        assert before < SILENT_FROM_S
