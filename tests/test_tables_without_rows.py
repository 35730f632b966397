"""A result table without rows has the columns and dtypes it has with rows (docs/api.md, "Results as
DataFrames"), so that a session too short for a window (a 5-s recording, the Moticon export of 5 s)
reads like any other and ``pd.concat`` across sessions keeps every column's dtype."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import monitor

ROOT = Path(__file__).resolve().parents[1]
CLEAT = ROOT / "sessions" / "samples" / "sim-cleat-forward"
WALK = ROOT / "sessions" / "samples" / "moticon-walk"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


def _dtypes(table: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in table.dtypes.items()}


def test_a_session_without_windows_has_every_column_of_the_windows_and_assessments_tables():
    """windows_table of a session shorter than its first window used to have ``foot`` and ``t_s`` only
    (``windows["forefoot_share"]`` a KeyError), and assessments_table lacked the detector's metrics,
    ``judged`` among them; their text and bool columns were dtype object."""
    short = monitor.analyze(monitor.offline_session("cleat-forward", duration_s=5))
    full = monitor.analyze(CLEAT)  # the same simulated 18-sensor insole
    for table in (monitor.windows_table, monitor.assessments_table):
        empty, rows = table(short), table(full)
        assert empty.empty and len(rows) > 0
        assert list(empty.columns) == list(rows.columns), table.__name__
        assert _dtypes(empty) == _dtypes(rows), table.__name__
    assert monitor.assessments_table(short)[lambda t: t["judged"] == 1.0].empty
    ride = pd.DataFrame({"t_s": [0.0, 30.0], "cadence_rpm": [90.0, 91.0]})  # a bike computer's records
    empty, rows = monitor.windows_table(short, ride=ride), monitor.windows_table(full, ride=ride)
    assert empty.empty and _dtypes(empty) == _dtypes(rows)


def test_every_table_keeps_its_dtypes_with_rows_or_without_and_through_concat():
    """The text columns (``foot``, ``level``, ``strike``...) and ``relieved_now`` (nullable boolean) of a table
    without rows were dtype object, so concatenating a walk's table with a short session's turned the
    walk's into object too; a text column no row has a value in (a walk's ``pattern``) was object as well,
    where other sessions' are text."""
    cleat, walk = monitor.analyze(CLEAT), monitor.analyze(WALK)
    short = monitor.analyze(monitor.offline_session("cleat-forward", duration_s=5))
    healthy = monitor.analyze(ROOT / "sessions" / "samples" / "sim-healthy-ride")
    pairs = [(monitor.windows_table, walk, short), (monitor.assessments_table, walk, short),
             (monitor.assessments_table, walk, cleat), (monitor.alerts_table, cleat, healthy),
             (monitor.steps_table, walk, cleat), (monitor.cycles_table, walk, short)]
    for table, with_rows, other in pairs:
        a, b = table(with_rows), table(other)
        assert len(a) > 0, table.__name__
        shared = [c for c in a.columns if c in b.columns]
        assert {c: str(a[c].dtype) for c in shared} == {c: str(b[c].dtype) for c in shared}, table.__name__
        joined = pd.concat([a, b], ignore_index=True)
        assert {c: str(joined[c].dtype) for c in a.columns} == _dtypes(a), table.__name__


def test_a_study_of_sessions_without_windows_has_the_windows_columns(tmp_path):
    """A study whose sessions are all shorter than a window wrote a windows table of the key columns,
    ``foot`` and ``t_s`` only: no ``level``, ``forefoot_share``... (docs/study.md lists them)."""
    monitor.import_session("csv", EXAMPLE / "walk.csv", tmp_path / "s" / "tiny", layout=EXAMPLE / "layout.json")
    study = monitor.study(tmp_path / "s", workers=1)
    assert study.errors.empty and study.windows.empty
    for column in ("session_id", "foot", "t_s", "window_s", "activity", "forefoot_share", "relieved_now",
                   "relief_t_s", "mth2_3_peak_kpa", "level", "level_rank"):
        assert column in study.windows.columns, column
    assert str(study.windows["level_rank"].dtype) == "float64"  # NaN in a window with no data
    assert str(study.windows["relieved_now"].dtype) == "boolean"
    assert str(study.windows["forefoot_share"].dtype) == "float64"
