"""The study caches each session's tables under a key that holds its format version
(``monitor.studies.task.STUDY_FORMAT``, docs/study.md), so a study run again after the tables changed computes
them afresh. The version must change whenever what the tables hold changes; a rerun otherwise keeps results
the current build would not give (a foot not analysed kept a forefoot dose of 458,000.9 after the build that
makes it NaN, since the format stayed the same).

The check: a fingerprint of the three tables of a few sessions (a ride, the same ride from an uncalibrated
insole, a ride whose right foot stopped at 0:30, one whose right foot sent nothing, one whose right foot sent
nothing from 0:20 to 1:25, so that windows with no data are in it, a walk), held in
tests/data/study_cache_format.json under the format it was taken with. It covers each table's columns and their
kinds, which cells are missing, and every text and true/false value; numbers are left out but for where they
are missing (their last digits may differ between numpy builds). A change of the tables with the format
unchanged fails here: raise STUDY_FORMAT, then hold the new fingerprint (``python
tests/test_study_cache_format.py --write``, which refuses to replace a format's fingerprint).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from test_compare_nominal_units import uncalibrated

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.studies.rows import session_tables
from monitor.studies.task import STUDY_FORMAT

HELD = Path(__file__).parent / "data" / "study_cache_format.json"


def _sessions():
    ride = offline_session("healthy-ride", duration_s=90, seed=1)
    stopped = offline_session("cleat-forward", duration_s=90, seed=2)
    frames = stopped.frames
    stopped = type(stopped)(stopped.path, stopped.info,
                            frames[~((frames["foot"] == "right") & (frames["t_s"] > 30.0))], stopped.gaps)
    silent = type(ride)(ride.path, ride.info, ride.frames[ride.frames["foot"] != "right"], ride.gaps)
    f = ride.frames
    hole = type(ride)(ride.path, ride.info, f[~((f["foot"] == "right") & f["t_s"].between(20.0, 85.0))], ride.gaps)
    walk = offline_session("healthy-walk", duration_s=60, seed=3)
    return {"ride": ride, "ride_uncalibrated": uncalibrated(ride), "right_stops": stopped, "right_silent": silent,
            "right_hole": hole, "walk": walk}


def _kind(column: pd.Series) -> str:
    """A column's kind as the docs name it (bool, int, float, text), not pandas' dtype name, which differs
    between pandas versions for one kind ("object", "str")."""
    if pd.api.types.is_bool_dtype(column):
        return "bool"
    if pd.api.types.is_integer_dtype(column):
        return "int"
    return "float" if pd.api.types.is_float_dtype(column) else "text"


def _table_print(df: pd.DataFrame) -> dict:
    """Columns, their kinds, the missing cells, and the text and true/false cells of ``df``; numbers only as
    present or not."""
    kinds = [_kind(df[c]) for c in df.columns]
    said = [c for c, k in zip(df.columns, kinds) if k in ("text", "bool")]
    missing = df.isna().to_numpy()
    return {"columns": [str(c) for c in df.columns], "kinds": kinds, "rows": len(df),
            "missing": hashlib.sha256(np.packbits(missing).tobytes()).hexdigest(),
            "text": hashlib.sha256(df[said].to_csv(index=False).encode()).hexdigest()}


def fingerprint() -> dict:
    """Per session and table, :func:`_table_print` of the study's tables of it."""
    out = {}
    for name, session in _sessions().items():
        tables = session_tables(session, analyze(session), {}, "0" * 16, {}, {})
        out[name] = {t: _table_print(df.drop(columns=["session_id", "source", "start_utc", "date"],
                                             errors="ignore"))
                     for t, df in sorted(tables.items())}
    return out


def test_the_study_format_changes_when_what_its_tables_hold_changes():
    held = json.loads(HELD.read_text())
    assert STUDY_FORMAT in held, (f"no fingerprint of {STUDY_FORMAT}: run "
                                  "`python tests/test_study_cache_format.py --write`")
    assert fingerprint() == held[STUDY_FORMAT], (
        f"the study's tables changed under the same cache format {STUDY_FORMAT}: raise "
        "monitor.studies.task.STUDY_FORMAT (and say in docs/study.md what changed), then run "
        "`python tests/test_study_cache_format.py --write`")


def write() -> None:
    """Hold the fingerprint of the current format; refused where that format holds another one."""
    held = json.loads(HELD.read_text()) if HELD.exists() else {}
    now = fingerprint()
    if held.get(STUDY_FORMAT, now) != now:
        sys.exit(f"{STUDY_FORMAT} holds other tables: raise monitor.studies.task.STUDY_FORMAT first")
    HELD.write_text(json.dumps({**held, STUDY_FORMAT: now}, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    write()
