"""A study in which no session could be analysed (every one a row of ``errors``) still has the tables
docs/study.md lists, with their columns: they were DataFrames without a single column, written as
sessions.csv, alerts.csv and windows.csv of zero bytes, so that docs/study.md's own
``tables.sessions.groupby("rider")["first_warning_s"]`` was a KeyError and ``pd.read_csv`` of the files
an EmptyDataError."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

import monitor

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


def _study(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "sessions" / "good"
    monitor.import_session("csv", EXAMPLE / "walk.csv", good, layout=EXAMPLE / "layout.json")
    bad = tmp_path / "sessions" / "bad"
    shutil.copytree(good, bad)
    (bad / "study.json").write_text(json.dumps({"chnage": "new shoes"}))  # a misspelt key: a failed session
    return good, bad


def test_a_study_whose_sessions_all_failed_has_every_table_with_its_columns(tmp_path):
    good, bad = _study(tmp_path)
    failed = monitor.study(bad, workers=1, out_dir=tmp_path / "out")
    fine = monitor.study(good, workers=1)
    assert len(failed.errors) == 1 and fine.errors.empty
    for name in ("sessions", "alerts", "windows", "errors"):
        empty, other = getattr(failed, name), getattr(fine, name)
        if name == "errors":  # the other way round: none in the study that went well
            empty, other = other, empty
        assert empty.empty and len(other.columns) > 0, name  # the short walk has no alerts nor windows
        assert set(other.columns) <= set(empty.columns), name
        if name in ("sessions", "errors"):
            assert len(other) > 0 and list(empty.columns) == list(other.columns), name
        assert {c: str(empty[c].dtype) for c in other.columns} == {c: str(other[c].dtype) for c in other.columns}, name
        empty = getattr(failed, name)
        back = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert list(back.columns) == list(empty.columns), name
        assert list(pd.read_csv(tmp_path / "out" / f"{name}.csv").columns) == list(empty.columns), name
    assert failed.sessions.groupby("rider")["first_warning_s"].median().empty
    assert {"level", "level_rank", "forefoot_share", "mth2_3_peak_kpa"} <= set(failed.windows.columns)
