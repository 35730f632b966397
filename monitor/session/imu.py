"""One foot's IMU columns of a session, row for row with its frames: an imported session keeps them in
``extras.parquet`` (Moticon exports: acceleration in g, angular rate in deg/s; docs/session-format.md),
and so does a closed recording whose insoles sent them (the Moticon UDP stream): ``ImuRows`` gathers them
from the frame blocks as the raw log is decoded. Reads that file; writing it is monitor.session.directory's
(which calls both when it closes and loads a session)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from monitor.codebook import FEET, IMU_COLUMNS
from monitor.errors import SessionFormatError, quote
from monitor.session.parquet_pages import VERIFY_CHECKSUMS, parquet_input
from monitor.util.path_errors import error_words, said_path
from monitor.util.textfiles import optional_file

#: How to get past an extras table that cannot be used (unreadable, or rows that break the checks): the
#: frames analyse without it, from pressure alone, with a caveat saying so (docs/session-format.md).
MOVE_AWAY = "move it away to analyse the frames without the IMU"


def read_imu_table(extras_path: str | os.PathLike[str]) -> pd.DataFrame | None:
    """The extras table's ``t_s``, ``foot`` and IMU columns (those of IMU_COLUMNS it has), read once for
    every foot (:func:`foot_imu_of`). None when the table is not there or holds no acceleration column. An
    unreadable table, one with IMU columns but no ``t_s`` or ``foot`` column, or one whose columns or rows
    break the checks (:func:`_check_rows`), is a SessionFormatError naming it (and the row or column) and
    ending with :data:`MOVE_AWAY`."""
    path = Path(extras_path)
    if not optional_file(path, SessionFormatError):
        return None
    try:
        with parquet_input(path) as source:
            schema = pq.read_schema(source)
        have = [c for c in IMU_COLUMNS if c in schema.names]
        if not any(c.startswith("acceleration_") for c in have):
            return None
        lacking = [c for c in ("t_s", "foot") if c not in schema.names]
        if lacking:  # IMU rows that no time or foot places: a damaged table, not one without IMU rows
            raise SessionFormatError(f"{said_path(path)}: missing column(s) {', '.join(lacking)} (expected t_s, foot "
                                     f"and the IMU columns: its rows cannot be placed without them); {MOVE_AWAY}")
        for name in ["t_s", *have]:
            typ = schema.field(name).type
            if not (pa.types.is_floating(typ) or pa.types.is_integer(typ)):
                raise SessionFormatError(f"{said_path(path)}: column {name} holds {typ}, expected numbers; {MOVE_AWAY}")
        with parquet_input(path) as source:
            table = pq.read_table(source, columns=["t_s", "foot", *have], **VERIFY_CHECKSUMS).to_pandas()
    except (OSError, ValueError) as exc:
        raise SessionFormatError(f"{said_path(path)}: cannot read ({error_words(exc, path)}); {MOVE_AWAY}") from None
    try:
        _check_rows(path, table, have)
    except SessionFormatError as exc:
        raise SessionFormatError(f"{exc}; {MOVE_AWAY}") from None
    return table


def _check_rows(path: Path, table: pd.DataFrame, have: list[str]) -> None:
    """SessionFormatError naming the first row of the extras ``table`` whose foot is not left or right,
    whose time is not finite or does not come after its foot's previous row's (as a frames table's), or
    whose IMU value (columns ``have``) is infinite: rows that would match no frame, or the wrong ones."""
    from monitor.session.tables import check_times

    foot = table["foot"].astype(str)
    bad = np.flatnonzero(~foot.isin(FEET).to_numpy())
    if bad.size:
        raise SessionFormatError(f"{said_path(path)}: row {int(bad[0])} (counting from 0): foot "
                                 f"{quote(foot.iloc[bad[0]])} is not 'left' or 'right'")
    codes = np.where(foot.to_numpy() == FEET[0], 0, 1)
    check_times(path, table["t_s"].to_numpy(dtype=float), codes)
    for name in have:
        values = table[name].to_numpy(dtype=float)
        inf = np.flatnonzero(np.isinf(values))
        if inf.size:
            raise SessionFormatError(f"{said_path(path)}: row {int(inf[0])} (counting from 0): {name} is "
                                     f"{values[inf[0]]}, expected a finite number (NaN where missing)")


def foot_imu_of(table: pd.DataFrame, foot: str, t_s: np.ndarray) -> np.ndarray:
    """The IMU rows of ``foot`` at its frame times ``t_s`` (n,) from ``table`` (``t_s``, ``foot``, some of
    IMU_COLUMNS): shape (n, 6), acceleration x, y, z (g) and angular rate x, y, z (deg/s), NaN where the
    table has no value or no row at that time (a gyroscope column it lacks is NaN)."""
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


class ImuRows:
    """The IMU rows of a recording's frame blocks as the assembler makes them (``add``), for the extras
    table a closed recording keeps them in (``table``): ``t_s``, ``foot``, then IMU_COLUMNS, one row per
    frame that came with IMU data, in each foot's order. Blocks without IMU add nothing."""

    def __init__(self) -> None:
        self._t: dict[str, list[np.ndarray]] = {}
        self._imu: dict[str, list[np.ndarray]] = {}

    def add(self, block) -> None:
        """One FrameBlock (monitor.codebook)."""
        if block.imu is None or not block.n_frames:
            return
        self._t.setdefault(block.foot, []).append(block.t_s)
        self._imu.setdefault(block.foot, []).append(block.imu)

    def __contains__(self, foot: str) -> bool:
        """Whether some frame of ``foot`` came with IMU data."""
        return foot in self._t

    def claimed(self, layouts: dict) -> dict:
        """``layouts`` (foot -> SensorLayout) with ``has_imu`` saying whether the foot's frames came with IMU
        data: a recording's session.json claims no IMU its insoles did not send (a Moticon stream whose
        datagrams carry no motion), so nothing looks for rows that are not there."""
        return {foot: layout if layout.has_imu == (foot in self) else replace(layout, has_imu=foot in self)
                for foot, layout in layouts.items()}

    def table(self) -> pd.DataFrame | None:
        """The rows, sorted by time (left before right at equal times); None when no block had IMU."""
        if not self._t:
            return None
        parts = []
        for foot in FEET:
            if foot in self._t:
                imu = np.concatenate(self._imu[foot])
                df = pd.DataFrame({"t_s": np.concatenate(self._t[foot]), **dict(zip(IMU_COLUMNS, imu.T))})
                df.insert(1, "foot", foot)
                parts.append(df)
        out = pd.concat(parts, ignore_index=True).sort_values(["t_s"], kind="stable").reset_index(drop=True)
        out["foot"] = pd.Categorical(out["foot"], categories=list(FEET))
        return out
