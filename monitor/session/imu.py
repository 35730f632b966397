"""One foot's IMU columns of a session, row for row with its frames: an imported session keeps them in
``extras.parquet`` (Moticon exports: acceleration in g, angular rate in deg/s; docs/session-format.md).
Reads that file; nothing else (monitor.session.directory calls it when it loads a session)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from monitor.codebook import IMU_COLUMNS
from monitor.errors import SessionFormatError


def read_foot_imu(extras_path: str | os.PathLike[str], foot: str, t_s: np.ndarray) -> np.ndarray | None:
    """The IMU rows of ``foot`` at its frame times ``t_s`` (n,): shape (n, 6), acceleration x, y, z (g) and
    angular rate x, y, z (deg/s), NaN where the file has no value or no row at that time. None when the
    extras table is not there or holds no acceleration column; a gyroscope column it lacks is NaN. An
    unreadable table is a SessionFormatError naming it."""
    path = Path(extras_path)
    if not path.is_file():
        return None
    try:
        names = pq.read_schema(path).names
        have = [c for c in IMU_COLUMNS if c in names]
        if not any(c.startswith("acceleration_") for c in have) or not {"t_s", "foot"} <= set(names):
            return None
        table = pq.read_table(path, columns=["t_s", "foot", *have]).to_pandas()
    except (OSError, ValueError) as exc:
        raise SessionFormatError(f"{path}: cannot read ({exc})") from None
    rows = table[table["foot"].astype(str) == foot]
    t = np.asarray(t_s, dtype=float)
    out = np.full((t.shape[0], len(IMU_COLUMNS)), np.nan)
    if not len(rows):
        return out
    t_rows = rows["t_s"].to_numpy(dtype=float)
    if t_rows.shape == t.shape and np.array_equal(t_rows, t):
        at = np.arange(t.shape[0])
        ok = np.ones(t.shape[0], dtype=bool)
    else:  # match each frame to the row at its exact time (rows in time order, as written)
        at = np.clip(np.searchsorted(t_rows, t), 0, t_rows.shape[0] - 1)
        ok = t_rows[at] == t
    for j, name in enumerate(IMU_COLUMNS):
        if name in rows:
            col = rows[name].to_numpy(dtype=float)
            out[ok, j] = col[at[ok]]
    return out
