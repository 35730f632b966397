"""The study's time at each level, and its windows table's level, count the windows that stand for data by the
rule of the report's timeline and the per-second table (monitor.analysis.assessed_data.assessment_judged:
the alert policy's share of data, at least 5 s of it, no silence at the window's end, judged by the detector,
which the session's first windows are not): one rule.

Had: the study counted every window with ``valid_fraction`` above 0, so a foot whose link dropped for 80 s
of a 5-minute ride read 270 s at a level (60 s none, 210 s notice) for 220 s of data, the windows that end
in the silence held at the level the detector kept through it, while the per-second table gave 161 s with a
level.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from monitor.analysis.assessed_data import assessed_with_data, assessment_judged
from monitor.analysis.batch import analyze
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.session.offline import offline_session
from monitor.signal.types import LEVELS
from monitor.studies.rows import session_tables

#: The right insole's link is down from here to SILENT_TO_S (s) of the 5-minute ride.
SILENT_FROM_S, SILENT_TO_S = 150.0, 230.0
TIMES = [f"time_{level}_s" for level in LEVELS]


@pytest.fixture(scope="module")
def ride():
    session = offline_session("cleat-forward", duration_s=300)
    f = session.frames
    gone = (f["foot"] == "right") & (f["t_s"] > SILENT_FROM_S) & (f["t_s"] < SILENT_TO_S)
    session = replace(session, frames=f[~gone].reset_index(drop=True))
    result = analyze(session)
    return session, result, session_tables(session, result, {}, "x", {}, {})


def test_the_time_at_each_level_is_the_time_the_per_second_table_gives_a_level(ride):
    session, result, tables = ride
    rows = tables["sessions"].set_index("foot")
    per_s = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                               assessed_with_data(result.feet, result.silent_spans))
    step_s = float(result.params.features.step_s)
    for foot in ("left", "right"):
        with_level_s = float(per_s[f"{foot}_level"].notna().sum())  # 1 s per second with a level
        at_level_s = float(rows.loc[foot, TIMES].sum())
        # the per-second table counts whole seconds, the study whole steps: they differ by less than a step
        assert abs(at_level_s - with_level_s) < step_s, (foot, at_level_s, with_level_s)
    assert rows.loc["right", TIMES].sum() < 220.0  # never more than the foot's data: 300 s less 80 s


def test_the_study_windows_have_a_level_where_the_window_stands_for_data(ride):
    _, result, tables = ride
    w = tables["windows"]
    right = w[w["foot"] == "right"].set_index("t_s")
    pipe = result.feet["right"]
    stands = dict(zip((a.t_s for a in pipe.assessments_),
                      assessment_judged(pipe, result.silent_spans["right"])))
    ends_silent = right.index[(right.index > SILENT_FROM_S + 1.0) & (right.index <= SILENT_TO_S)]
    assert (right.loc[ends_silent, "valid_fraction"] > 0).any()  # some data in a window that ends silent
    assert right.loc[ends_silent, ["level", "level_rank"]].isna().all().all(), right.loc[ends_silent, "level"]
    has_level = right["level"].notna()
    assert has_level.to_dict() == {t: bool(stands[t]) for t in right.index}
    assert right["level_rank"].notna().equals(has_level)
    # the time at each level adds up to the windows with a level
    rows = tables["sessions"].set_index("foot")
    step_s = float(result.params.features.step_s)
    for foot in ("left", "right"):
        mine = w[w["foot"] == foot]
        counts = mine["level"].value_counts()
        assert [rows.loc[foot, f"time_{lv}_s"] for lv in LEVELS] == [float(counts.get(lv, 0)) * step_s
                                                                      for lv in LEVELS]
    assert np.isfinite(rows.loc["right", TIMES].to_numpy(dtype=float)).all()
