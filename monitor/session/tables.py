"""A session's tables read back from disk and checked: ``frames.parquet`` against ``session.json``, and
``gaps.csv`` and an import's ``imported_events.csv`` line by line (docs/session-format.md).

Each problem is one SessionFormatError naming the file and where in it (the line of a CSV table, the
column or row of ``frames.parquet``), what was found and what was expected. Reading only: nothing is
written.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from monitor.codebook import FEET, MOST_KPA, sensor_columns
from monitor.errors import SessionFormatError, quote
from monitor.session.info import COUNT_LIMIT, EARLIEST_T_S, LONGEST_SESSION_S, SessionInfo
from monitor.session.log_counted import frames_counted
from monitor.session.model import GAP_COLUMNS
from monitor.session.names import EVENT_COLUMNS
from monitor.session.parquet_pages import VERIFY_CHECKSUMS, parquet_input
from monitor.util.outputs import os_reason
from monitor.util.path_errors import said_path
from monitor.util.plain_text import spelt_out
from monitor.util.textfiles import read_text

_GAP_FLOATS = ("start_s", "end_s")
_GAP_COUNTS = ("frames_missing", "packets_lost")
_BOOLS = {"true": True, "false": False}
_SENSOR_COLUMN = re.compile(r"p\d{2}_kpa")

def expected_frame_columns(info: SessionInfo) -> list[str]:
    """``t_s, foot, p00_kpa ...``: one sensor column per sensor of the largest layout."""
    n = max(lay.n_sensors for lay in info.layouts.values())
    return ["t_s", "foot", *sensor_columns(n)]


def check_frames_schema(path: Path, info: SessionInfo, *, hint: str = "") -> list[str]:
    """Check ``frames.parquet``'s columns against ``info`` without reading its rows (the checks and messages
    of :func:`read_frames`). Returns the expected columns (``t_s, foot, p00_kpa ...``)."""
    if not path.is_file():
        raise SessionFormatError(f"{said_path(path)}: not a file")
    try:  # a file that cannot be opened is no damage a rebuild mends (no "move it away" hint)
        with open(path, "rb"):
            pass
        with parquet_input(path) as source:
            schema = pq.read_schema(source)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise unreadable_frames(path, exc, hint) from None
    expected = expected_frame_columns(info)
    names = list(schema.names)
    missing = [c for c in expected if c not in names]
    n_layout = len(expected) - 2
    sensors = [c for c in names if _SENSOR_COLUMN.fullmatch(c)]
    if missing and "t_s" in names and "foot" in names and sensors == sensor_columns(len(sensors)):
        big = max(info.layouts, key=lambda f: info.layouts[f].n_sensors)
        raise SessionFormatError(f"{said_path(path)}: {len(sensors)} sensor columns ({_span(sensors)}), but "
                                 f"session.json's {big} layout has {n_layout} sensors: sensor count mismatch{hint}")
    if missing:
        raise SessionFormatError(f"{said_path(path)}: missing column(s) {', '.join(missing)} (expected "
                                 f"{_span(expected)}: session.json's layouts have up to {n_layout} sensors){hint}")
    extra = [c for c in names if c not in expected and c != "__index_level_0__"]
    if extra:
        raise SessionFormatError(f"{said_path(path)}: unexpected column(s) {', '.join(extra[:5])} (expected "
                                 f"{_span(expected)}: session.json's layouts have up to {n_layout} sensors){hint}")
    for name in expected:
        if name != "foot":
            _check_numeric(path, name, schema.field(name).type, hint)
    return expected


def unreadable_frames(path: Path, exc: BaseException, hint: str = "") -> SessionFormatError:
    """What is said of ``frames.parquet`` that could not be read: ``cannot be read (Permission denied)``
    for a file the system would not let be read (nothing wrong with it: ``hint``, how to rebuild a damaged
    table, is not said), else ``not a readable Parquet file (WHY)`` and ``hint``."""
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM):  # PermissionError, or pyarrow's
        return SessionFormatError(f"{said_path(path)}: cannot be read ({os_reason(exc)})")
    return SessionFormatError(f"{said_path(path)}: not a readable Parquet file ({_first_line(exc)}){hint}")


def read_frames(path: Path, info: SessionInfo, *, hint: str = "") -> pd.DataFrame:
    """Read ``frames.parquet`` and check it against ``info``.

    Returns the frames table: ``t_s`` float64 (sorted, finite), ``foot`` categorical (left/right, a foot
    with a layout), one float32 column per sensor (kPa, NaN where missing). Raises SessionFormatError for
    a file that is not Parquet (truncated, garbage), a missing or unexpected column, a column of the wrong
    type, a foot without a layout, a time that is not finite or goes back, an infinite pressure, or a foot
    whose layout has fewer sensors than the values its rows carry. ``hint`` is added to a message about a
    damaged file.
    """
    expected = check_frames_schema(path, info, hint=hint)
    try:
        with parquet_input(path) as source:
            frames = pd.read_parquet(source, columns=expected, **VERIFY_CHECKSUMS)
    except Exception as exc:
        raise unreadable_frames(path, exc, hint) from None
    frames["foot"] = checked_feet(path, frames["foot"], info, hint=hint)
    t_s = frames["t_s"].to_numpy(dtype=np.float64)
    check_times(path, t_s, frames["foot"].cat.codes.to_numpy(), hint=hint)
    frames["t_s"] = t_s
    codes = frames["foot"].cat.codes.to_numpy()
    tops = np.array([info.layouts[f].most_kpa if f in info.layouts else math.inf for f in FEET])
    most_kpa = tops[codes] if len(codes) else math.inf  # each row's foot's highest pressure
    for name in expected[2:]:
        if frames[name].dtype != np.float32:
            frames[name] = frames[name].to_numpy(dtype=np.float32)
        check_pressures(path, frames[name].to_numpy(), name, most_kpa=most_kpa, hint=hint)
    _check_sensor_counts(path, frames, info, expected[2:], hint)
    check_rows_counted(path, frames["foot"].cat.codes.to_numpy(), info, hint=hint)
    return frames


def check_rows_counted(path: Path, foot_code: np.ndarray, info: SessionInfo, *, hint: str = "") -> None:
    """SessionFormatError for a foot with no row in the frames table though session.json's close counted
    frames kept for it (``stats.counters``: ``frames_received`` less ``frames_before_start``): a table
    that lost its rows (written empty), not a session without data. ``foot_code``: every row's FEET index,
    shape (n,)."""
    for foot, kept in frames_counted(info).items():
        if kept > 0 and not np.any(foot_code == FEET.index(foot)):
            raise SessionFormatError(f"{said_path(path)}: no row of the {foot} foot, though session.json counts "
                                     f"{kept:,} frames received from it (stats.counters.{foot}){hint}")


def checked_feet(path: Path, foot: pd.Series, info: SessionInfo, first_row: int = 0, *,
                 hint: str = "") -> pd.Series:
    """The ``foot`` column as a categorical of FEET; SessionFormatError naming the first row whose foot is
    not 'left' or 'right' or has no layout in ``info`` (rows counted from ``first_row``: a part of the
    table; ``hint`` ends the message: how to rebuild the table from a raw log beside it)."""
    foot = foot.astype("category")
    # the feet of the rows: a category no row has (a writer's dictionary of both feet for a one-foot
    # session) is no foot of the table
    present = foot.cat.remove_unused_categories().cat.categories
    if foot.isna().any() or not set(present) <= set(info.feet):
        i = first_row + int(np.flatnonzero(~foot.isin(list(info.feet)).to_numpy())[0])
        value = foot.iloc[i - first_row]
        what = (f"foot {quote(value)} has no layout in session.json (it has {', '.join(info.feet)})"
                if value in FEET else f"foot {quote(value)} is not 'left' or 'right'")
        raise SessionFormatError(f"{said_path(path)}: row {i} (counting from 0): {what}{hint}")
    return foot.cat.set_categories(list(FEET))


def _span(columns: list[str]) -> str:
    return ", ".join(columns) if len(columns) <= 4 else f"{columns[0]}, {columns[1]}, {columns[2]} .. {columns[-1]}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _check_numeric(path: Path, name: str, typ: pa.DataType, hint: str = "") -> None:
    if not (pa.types.is_floating(typ) or pa.types.is_integer(typ)):
        raise SessionFormatError(f"{said_path(path)}: column {name} holds {typ}, expected numbers "
                                 f"({'float64 seconds' if name == 't_s' else 'float32 kPa'}){hint}")


def check_times(path: Path, t_s: np.ndarray, foot_code: np.ndarray | None = None, *, hint: str = "") -> None:
    """SessionFormatError naming the first row of ``t_s`` (n,) that is not finite, is later than any
    recording (LONGEST_SESSION_S), is earlier than a recording's first frames (EARLIEST_T_S) or goes back
    in time, or, given each row's foot (``foot_code`` (n,), its FEET index), does not come after its foot's
    previous frame (a frame given twice). ``hint`` ends the message (how to rebuild the table from a raw
    log beside it)."""
    bad = np.flatnonzero(~np.isfinite(t_s))
    if bad.size:
        raise SessionFormatError(f"{said_path(path)}: row {int(bad[0])} (counting from 0): t_s is {t_s[bad[0]]}, "
                                 f"expected a finite time in seconds{hint}")
    late = np.flatnonzero(t_s > LONGEST_SESSION_S)
    if late.size:
        raise SessionFormatError(f"{said_path(path)}: row {int(late[0])} (counting from 0): t_s "
                                 f"{t_s[late[0]]:g} s is later than any recording (at most {LONGEST_SESSION_S:.0f} s, "
                                 f"366 days){hint}")
    early = np.flatnonzero(t_s < EARLIEST_T_S)
    if early.size:
        i = int(early[0])
        raise SessionFormatError(f"{said_path(path)}: row {i} (counting from 0): t_s {t_s[i]:g} s is before "
                                 f"{EARLIEST_T_S:g} s "
                                 "(session time counts from the start of the recording, 0, and only a recording's "
                                 f"first frames, sampled before it began, come before it){hint}")
    back = np.flatnonzero(np.diff(t_s) < 0)
    if back.size:
        i = int(back[0]) + 1
        raise SessionFormatError(f"{said_path(path)}: row {i} (counting from 0): t_s {t_s[i]:g} s comes before the "
                                 f"previous row's {t_s[i - 1]:g} s (expected rows sorted by time){hint}")
    for code, foot in enumerate(FEET if foot_code is not None else ()):
        rows = np.flatnonzero(foot_code == code)
        again = np.flatnonzero(np.diff(t_s[rows]) <= 0)
        if again.size:
            i, j = int(rows[again[0] + 1]), int(rows[again[0]])
            raise SessionFormatError(f"{said_path(path)}: row {i} (counting from 0): t_s {t_s[i]:g} s does not "
                                     "come after "
                                     f"the previous {foot} frame's (row {j}): one frame per foot and time{hint}")


def check_pressures(path: Path, values: np.ndarray, name: str, rows: np.ndarray | None = None,
                    most_kpa: float | np.ndarray = math.inf, *, hint: str = "") -> None:
    """SessionFormatError naming the first row of sensor column ``name`` whose pressure ``values`` (k,)
    is infinite, below 0 or above ``most_kpa`` (a pressure is a finite number of kPa, 0 or more, or NaN
    where missing: docs/session-format.md; the recorder's counts are unsigned and an import reads a zero
    offset as 0); ``rows``: each value's row in the table (counting from 0), default 0..k-1; ``most_kpa``:
    the highest pressure of each value's foot (its layout's SensorLayout.most_kpa), a scalar or (k,);
    ``hint`` ends the message (how to rebuild the table from a raw log beside it)."""
    bad = np.flatnonzero(np.isinf(values))
    if bad.size:
        row = int(bad[0] if rows is None else rows[bad[0]])
        raise SessionFormatError(f"{said_path(path)}: row {row} (counting from 0): {name} is {values[bad[0]]}, "
                                 f"expected a finite pressure in kPa (NaN where missing){hint}")
    below = np.flatnonzero(values < 0)
    if below.size:
        row = int(below[0] if rows is None else rows[below[0]])
        raise SessionFormatError(f"{said_path(path)}: row {row} (counting from 0): {name} is "
                                 f"{values[below[0]]:g}, expected a pressure of 0 kPa or more (an insole reads "
                                 f"compression only; NaN where missing){hint}")
    # the bound as a float32 table may hold it too: a reading at the layout's top, stored in float32, can round
    # just above the exact bound (65,535 x 0.06 kPa), and what an import wrote must read back
    bound = np.maximum(most_kpa, np.asarray(most_kpa, dtype=np.float32).astype(np.float64))
    above = np.flatnonzero(values > bound)
    if above.size:
        i = int(above[0])
        row = int(i if rows is None else rows[i])
        top = float(np.broadcast_to(most_kpa, values.shape)[i])
        raise SessionFormatError(f"{said_path(path)}: row {row} (counting from 0): {name} is {values[i]:g} kPa, above "
                                 f"{top:g} kPa, the most an insole's sensor reads (the layout's range, or "
                                 f"{MOST_KPA:g} kPa: a unit mistaken or raw counts, not a measurement){hint}")


def _check_sensor_counts(path: Path, frames: pd.DataFrame, info: SessionInfo, cols: list[str],
                         hint: str = "") -> None:
    """A foot with fewer sensors than the table has columns must leave the columns past its own empty
    (``hint`` ends the message: how to rebuild the table from a raw log beside it)."""
    codes = frames["foot"].cat.codes.to_numpy()
    for f, lay in info.layouts.items():
        n = lay.n_sensors
        if n >= len(cols):
            continue
        rows = codes == FEET.index(f)
        beyond = frames.loc[rows, cols[n:]].to_numpy()
        filled = ~np.isnan(beyond)
        if filled.any():
            r, c = (int(k[0]) for k in np.nonzero(filled))
            row = int(np.flatnonzero(rows)[r])
            raise SessionFormatError(f"{said_path(path)}: row {row} (counting from 0): {f} has a value in "
                                     f"{cols[n + c]}, but session.json's {f} layout has {n} sensors (p00_kpa .. "
                                     f"{cols[n - 1]}): sensor count mismatch{hint}")


def read_gaps(path: Path) -> pd.DataFrame:
    """Read ``gaps.csv`` (columns GAP_COLUMNS), checking every line.

    Raises SessionFormatError naming the file and line for a file that is not UTF-8 CSV, a header that
    lacks a column or has an unknown one, a row with the wrong number of fields, a foot that is not
    left/right, a time or count that is not a number (``end_s`` before ``start_s``, a time outside the
    frames' (:func:`_check_time_bounds`), a negative count) or a ``filled`` that is not True/False.
    """
    columns: dict[str, list] = {c: [] for c in GAP_COLUMNS}
    for line, row in csv_rows(path, GAP_COLUMNS):
        for name in GAP_COLUMNS:
            columns[name].append(_gap_cell(path, line, name, row[name]))
        if columns["end_s"][-1] < columns["start_s"][-1]:
            raise SessionFormatError(f"{said_path(path)}: line {line}: end_s {columns['end_s'][-1]:g} comes before "
                                     f"start_s {columns['start_s'][-1]:g}")
    dtypes = {"foot": str, "start_s": float, "end_s": float, "frames_missing": np.int64,
              "packets_lost": np.int64, "reason": str, "filled": bool}
    return pd.DataFrame({c: pd.Series(columns[c], dtype=dtypes[c]) for c in GAP_COLUMNS})


def read_events_table(path: Path) -> pd.DataFrame:
    """Read an import's ``imported_events.csv`` (columns EVENT_COLUMNS: ``t_s`` s, ``foot``, ``event``,
    ``code``, ``label``; one row per event), checking every line.

    Raises SessionFormatError naming the file and line for what :func:`csv_rows` refuses, a ``t_s`` that
    is not a finite number or lies outside the frames' times (:func:`_check_time_bounds`), a foot that is
    not left, right or empty (an event of both feet) and a code
    that is not a number or empty. ``code`` is NaN where empty; ``foot`` is text as written, ``event`` and
    ``label`` too, a control character in them spelt out (``\\x1b``; monitor.util.plain_text).
    """
    columns: dict[str, list] = {c: [] for c in EVENT_COLUMNS}
    for line, row in csv_rows(path, EVENT_COLUMNS):
        for name in EVENT_COLUMNS:
            columns[name].append(_event_cell(path, line, name, row[name]))
    dtypes = {"t_s": float, "foot": str, "event": str, "code": float, "label": str}
    return pd.DataFrame({c: pd.Series(columns[c], dtype=dtypes[c]) for c in EVENT_COLUMNS})


def _event_cell(path: Path, line: int, name: str, cell: str) -> object:
    if name in ("event", "label"):
        return spelt_out(cell)  # plain text: a file written before, or by hand, may hold a control character
    text = cell.strip()
    if name == "foot":
        if text and text not in FEET:
            raise SessionFormatError(f"{said_path(path)}: line {line}: foot {quote(cell)} is not 'left', "
                                     "'right' or empty")
        return text
    try:
        value = float(text) if text or name == "t_s" else math.nan
    except ValueError:
        value = math.inf
    if name == "t_s" and not math.isfinite(value):
        raise SessionFormatError(f"{said_path(path)}: line {line}: t_s {quote(cell)} is not a number of seconds")
    if name == "t_s":
        _check_time_bounds(path, line, name, value)
    if name == "code" and math.isinf(value):
        raise SessionFormatError(f"{said_path(path)}: line {line}: code {quote(cell)} is not a number (or empty)")
    return value


def _check_time_bounds(path: Path, line: int, name: str, value: float) -> None:
    """SessionFormatError naming the file and line when the time ``value`` (s) of column ``name`` lies
    outside the frames' times: later than any recording (LONGEST_SESSION_S) or before EARLIEST_T_S (the
    link and the importers write no gap or event earlier than their frames, which are held to it)."""
    if value > LONGEST_SESSION_S:
        raise SessionFormatError(f"{said_path(path)}: line {line}: {name} {value:g} s is later than any recording (at "
                                 f"most {LONGEST_SESSION_S:.0f} s, 366 days)")
    if value < EARLIEST_T_S:
        raise SessionFormatError(f"{said_path(path)}: line {line}: {name} {value:g} s is before "
                                 f"{EARLIEST_T_S:g} s, the "
                                 "earliest frame time (session time counts from the start of the recording, 0)")


def csv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a session's small CSV table whose header names ``columns`` (in any order), as
    ``(line, {column: cell})``, blank lines skipped.

    Raises SessionFormatError naming the file and line for a file that is not UTF-8 text, a NUL byte, a
    quoted field left open, a header that lacks a column, has an unknown one or names one twice, a row
    with the wrong number of fields, and an empty file.
    """
    text = read_text(path, SessionFormatError, "the CSV of docs/session-format.md")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SessionFormatError(f"{said_path(path)}: line {line}: a NUL byte: binary data, not CSV text")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    line = 0
    try:
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not fields:
                continue
            if line != start:
                raise SessionFormatError(f"{said_path(path)}: line {start}: a quoted field runs to line {line} "
                                         "(a quote left open?)")
            if header is None:
                header = _csv_header(path, line, fields, columns)
                continue
            if len(fields) != len(header):
                raise SessionFormatError(f"{said_path(path)}: line {line}: {len(fields)} fields, expected "
                                         f"{len(header)} ({', '.join(header)})")
            yield line, dict(zip(header, fields, strict=True))
    except csv.Error as exc:
        raise SessionFormatError(f"{said_path(path)}: line {reader.line_num}: not CSV ({exc})") from None
    if header is None:
        raise SessionFormatError(f"{said_path(path)}: empty (expected the header line {','.join(columns)})")


def _csv_header(path: Path, line: int, fields: list[str], columns: Sequence[str]) -> list[str]:
    header = [f.strip() for f in fields]
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown or len(set(header)) != len(header):
        what = (f"no column(s) {', '.join(missing)}" if missing else
                f"unknown column(s) {', '.join(map(quote, unknown))}" if unknown else "a column named twice")
        raise SessionFormatError(f"{said_path(path)}: line {line}: {what} (expected the header "
                                 f"{','.join(columns)})")
    return header


def _gap_cell(path: Path, line: int, name: str, cell: str) -> object:
    text = cell.strip()
    if name == "foot":
        if text not in FEET:
            raise SessionFormatError(f"{said_path(path)}: line {line}: foot {quote(cell)} is not 'left' or 'right'")
        return text
    if name == "reason":
        return cell
    if name == "filled":
        if text.lower() not in _BOOLS:
            raise SessionFormatError(f"{said_path(path)}: line {line}: filled {quote(cell)} is not True or False")
        return _BOOLS[text.lower()]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if name in _GAP_FLOATS:
        if not math.isfinite(value):
            raise SessionFormatError(f"{said_path(path)}: line {line}: {name} {quote(cell)} is not a number of seconds")
        _check_time_bounds(path, line, name, value)
        return value
    if not (math.isfinite(value) and 0 <= value < COUNT_LIMIT and value.is_integer()):
        raise SessionFormatError(f"{said_path(path)}: line {line}: {name} {quote(cell)} is not a whole number >= 0 "
                                 "(and below 2**63: the counts are int64)")
    return int(value)
