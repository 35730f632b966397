"""A frame not analysed adds no pressure to its window: no PTI, no mediolateral index from it.

A frame whose foot has a whole group of sensors with no sample (here the heel's four) has no total load, so it
is not analysed (``valid``: monitor.signal.features); its other regions still read. Their hot-spot pressures
were summed into the window's PTI all the same, so a PhysioNet import whose left hallux column was blank had
windows with ``valid_fraction`` 0.0 and MTH1 PTI 3408 kPa s/min, MTH4-5 3792, ``ml_index`` 0.053 (in
windows_table, the study's windows table and the detector's ``metrics``) beside NaN shares, peaks and COP.
Now such a frame adds what a frame with no sample adds: nothing. A window with no analysed frame has NaN PTI
and index, and a partly analysed one the figures of its analysed frames alone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.tables import assessments_table, windows_table

#: The Solewatch-18 insole's heel sensors (a whole group: without them no frame of the foot is analysed).
HEEL_COLUMNS = ("p00_kpa", "p01_kpa", "p02_kpa", "p03_kpa")
#: The span (session s) blanked on the right foot: of the 60 s windows (features.window_s), those ending at
#: 50 .. 100 s are partly analysed (their frames before 45 s), those ending at 110 .. 130 s not at all.
SPAN_S = (45.0, 135.0)
NONE_ANALYSED = [110.0, 120.0, 130.0]
PARTLY = [50.0, 70.0, 100.0]


def _blanked(columns: list[str]):
    """The simulated 4-minute tight-shoes ride with the right foot's ``columns`` NaN over SPAN_S."""
    import monitor

    s = monitor.offline_session("tight-shoes", duration_s=240)
    f = s.frames
    at = (f.foot == "right") & (f.t_s >= SPAN_S[0]) & (f.t_s < SPAN_S[1])
    f.loc[at, columns] = np.nan
    return s


@pytest.fixture(scope="module")
def results():
    """The ride with the right heel blank over the span (its other sensors reading: frames not analysed),
    and with every right sensor blank there (frames with no sample)."""
    every = [f"p{i:02d}_kpa" for i in range(18)]
    return {"heel": analyze(_blanked(list(HEEL_COLUMNS))), "all": analyze(_blanked(every))}


def _right(table):
    return table[table["foot"] == "right"].set_index("t_s")


PTI = [f"{r}_pti_kpa_s_per_min" for r in ("mth1", "mth2_3", "mth4_5", "hallux", "heel_medial", "midfoot_lateral")]


def test_a_window_with_no_frame_analysed_has_no_pti_nor_index(results):
    result = results["heel"]
    w = _right(windows_table(result))
    for t_s in NONE_ANALYSED:
        assert w.loc[t_s, "valid_fraction"] == 0.0
        row = w.loc[t_s, ["ml_index", "forefoot_share", "cop_y_mean", *PTI]]
        assert row.isna().all(), row.to_dict()
    assert w.loc[40.0, PTI].notna().all() and w.loc[200.0, PTI].notna().all()
    a = _right(assessments_table(result))
    assert a.loc[NONE_ANALYSED, "ml_index"].isna().all(), a.loc[NONE_ANALYSED, "ml_index"]
    metrics = {x.t_s: x.metrics["ml_index"] for x in result.feet["right"].assessments_}
    assert all(math.isnan(metrics[t]) for t in NONE_ANALYSED) and math.isfinite(metrics[40.0])


def test_the_study_windows_have_no_pti_where_no_frame_was_analysed(results):
    import monitor
    from monitor.studies.rows import session_tables

    session = _blanked(list(HEEL_COLUMNS))
    rows = _right(session_tables(session, results["heel"], {}, "x", {}, {})["windows"])
    assert rows.loc[NONE_ANALYSED, ["ml_index", *PTI]].isna().all().all()
    assert monitor.windows_table(results["heel"]).equals(windows_table(results["heel"]))


def test_a_partly_analysed_window_counts_its_analysed_frames_alone(results):
    """The windows ending at 50 .. 100 s: their frames before 45 s analysed, the rest not. Their PTI and
    index are those of the same windows with the span sent with no sample at all (the frames before it are
    the same in both)."""
    heel, blank = _right(windows_table(results["heel"])), _right(windows_table(results["all"]))
    assert ((0.0 < heel.loc[PARTLY, "valid_fraction"]) & (heel.loc[PARTLY, "valid_fraction"] < 1.0)).all()
    cols = ["valid_fraction", "ml_index", *PTI]
    at = [40.0, *PARTLY]
    assert heel.loc[at, cols].equals(blank.loc[at, cols]), (heel.loc[at, cols], blank.loc[at, cols])
