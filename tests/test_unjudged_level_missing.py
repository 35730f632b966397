"""A session's first windows reach back before its start and hold less data than the alert policy acts on: the
detector does not judge them (``with_data`` False) and the report's timeline draws them hatched, "not judged"
(tests/test_timeline_unjudged.py). The per-second table (the FIT export's records, the ride section) and the
study's rows give them no level either: missing stays missing. Had: level 0 ("none") in every second from 0:10
to 0:49 of a 90-s ride, in each of its FIT records then, and the study's windows at 0:10-0:40 at level "none",
40 s of ``time_none_s`` of the 80 s.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_fit_unanalysed_level import _exported

from monitor.analysis.assessed_data import assessed_with_data
from monitor.analysis.batch import analyze
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.analysis.tables import assessments_table, windows_table
from monitor.report.timeline_data import timeline
from monitor.session.offline import offline_session
from monitor.studies.rows import levels_with_data, session_rows

FIRST_JUDGED_S = 50  # the first window holding 80 % of its 60 s (tests/test_timeline_unjudged.py)


@pytest.fixture(scope="module")
def ride():
    session = offline_session("healthy-ride", duration_s=90, seed=2)
    result = analyze(session)
    for foot in result.feet:
        tl = timeline(result, foot)
        assert list(tl.level_t_s[tl.unjudged]) == [10.0, 20.0, 30.0, 40.0]  # drawn "not judged"
    return session, result


def test_the_per_second_table_gives_no_level_where_nothing_was_judged(ride):
    session, result = ride
    m = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                           assessed_with_data(result.feet, result.silent_spans))
    for col in ("left_level", "right_level", "level"):
        lv = m[col].to_numpy()
        assert np.isnan(lv[:FIRST_JUDGED_S]).all(), (col, np.flatnonzero(~np.isnan(lv[:FIRST_JUDGED_S])))  # had: 0
        assert (lv[FIRST_JUDGED_S:] == 0).all(), (col, lv[FIRST_JUDGED_S:])


def test_the_fit_records_leave_the_level_out_where_nothing_was_judged(ride, tmp_path, capsys):
    session, _ = ride
    levels = _exported(session, tmp_path, capsys)  # read back by garmin-fit-sdk without an error
    for name, lv in levels.items():
        assert len(lv) == 90
        assert set(lv[:FIRST_JUDGED_S]) == {None}, (name, lv[:FIRST_JUDGED_S])  # had: 0 from 0:10
        assert set(lv[FIRST_JUDGED_S:]) == {0}, (name, lv[FIRST_JUDGED_S:])


def test_the_studys_rows_give_no_level_where_nothing_was_judged(ride):
    session, result = ride
    a = levels_with_data(result, assessments_table(result))
    first = a["t_s"] < FIRST_JUDGED_S
    assert a.loc[first, "level"].isna().all(), a.loc[first, ["foot", "t_s", "level"]]  # had: "none"
    assert a.loc[first, "level_rank"].isna().all()
    assert (a.loc[~first, "level"] == "none").all()
    rows = session_rows(session, result, {}, "", {}, {}, windows_table(result), a)
    step_s = float(result.params.features.step_s)
    judged = int((~first & (a["foot"] == "left")).sum())
    assert rows["time_none_s"].tolist() == [judged * step_s] * 2, rows["time_none_s"]  # had: 80 s each
    assert math.isclose(float(rows["time_notice_s"].iloc[0]), 0.0)
