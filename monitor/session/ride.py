"""A bike computer's records kept beside a session: ``fit_records.parquet`` (docs/fit.md), written by
``solewatch import fit`` and read by the report and monitor.analysis.ride.

The table holds the records of the ride that fall within the session, on the session's time axis:

| column | dtype | unit | meaning |
|---|---|---|---|
| ``t_s`` | float64 | s | session time of the record: its UTC time minus the session's ``start_utc`` (1) |
| ``utc`` | datetime64[us, UTC] | | the record's own time (a whole second) |
| ``power_w``, ``cadence_rpm``, ``heart_rate_bpm``, ``speed_m_s``, ``altitude_m`` | float64 | | as recorded (2) |
| ``position`` | pandas' dtype for text (3) | | ``seated`` or ``standing`` (4) |

(1) above -0.5 s: the first is the record nearest the session's first second
(monitor.session.ride_time.record_second). (2) NaN where the record has none. (3) ``str``; object before
pandas 3. (4) where the file's rider-position events say so, else missing (NaN; None before pandas 3).

The dtypes are those :func:`read_ride` gives whatever wrote the file: ``utc`` in microseconds, the
resolution pandas gives times from 3.0 on (a file written in nanoseconds, as pandas 2 wrote it, reads the
same), and ``position`` in the dtype pandas gives a column of text (``pd.Series(["seated"]).dtype``). In the
Parquet file ``utc`` is a timestamp with time zone UTC and ``position`` a string column.

The Parquet schema's metadata (key ``solewatch.ride``) is a JSON object: the FIT file's ``file`` name,
``device``, ``sport``, ``records_in_file``, ``first_utc``/``last_utc`` of the whole file, and
``positions_recorded`` (whether the file says when the rider stood at all).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from monitor.errors import SessionFormatError, UsageError, quote
from monitor.session.parquet_pages import VERIFY_CHECKSUMS, WRITE_CHECKSUMS, parquet_input, parquet_output
from monitor.session.ride_time import RECORD_SECOND_S
from monitor.util.arguments import path_argument
from monitor.util.path_errors import said_path
from monitor.util.textfiles import json_problem, optional_file, parse_json, there

#: The file name beside the session's own files.
RIDE_TABLE = "fit_records.parquet"
RIDE_VALUE_COLUMNS = ("power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s", "altitude_m")
RIDE_COLUMNS = ("t_s", "utc", *RIDE_VALUE_COLUMNS, "position")
POSITIONS = ("seated", "standing")
#: The dtypes read_ride gives: times in microseconds (pandas' own resolution from 3.0 on), text in pandas'
#: own dtype for text (``str`` from pandas 3, object before).
UTC_DTYPE = "datetime64[us, UTC]"
TEXT_DTYPE = pd.Series(["seated"]).dtype
_META_KEY = b"solewatch.ride"


@dataclass(frozen=True)
class Ride:
    """A session's ride records (the table above) and what the file said about itself (``meta``)."""

    records: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def positions_recorded(self) -> bool:
        return bool(self.meta.get("positions_recorded"))


def write_ride_table(path: Path, ride: Ride) -> None:
    """Write ``ride`` to ``path`` as Parquet (the caller renames it into place: monitor.util.outputs)."""
    df = ride.records.loc[:, list(RIDE_COLUMNS)]
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps(ride.meta, allow_nan=False).encode("utf-8")
    with parquet_output(path) as target:
        pq.write_table(table.replace_schema_metadata(meta), target, **WRITE_CHECKSUMS)


def read_ride(session_dir: str | os.PathLike[str]) -> Ride | None:
    """The session's ride records (``Ride.records``: the columns and dtypes of the table above, ``utc``
    datetime64[us, UTC], ``position`` pandas' dtype for text), None when it has no ``fit_records.parquet``.
    A file that is not such a table is a SessionFormatError naming it; so is a ``session_dir`` that is no
    directory (a mistyped path, or the FIT file itself), which would otherwise read as a session without a
    ride."""
    directory = Path(path_argument(session_dir, "session_dir", "a session directory (a str or os.PathLike)"))
    if not directory.is_dir():
        what = "not a directory but a file" if there(directory) else "nothing is there"
        raise SessionFormatError(f"{directory}: {what} (read_ride takes a session directory: the one "
                                 f"`solewatch import fit RIDE.fit --into SESSION` wrote {RIDE_TABLE} into)")
    path = directory / RIDE_TABLE
    if not optional_file(path, SessionFormatError):
        return None
    try:
        with parquet_input(path) as source:
            table = pq.read_table(source, **VERIFY_CHECKSUMS)
    except (OSError, pa.ArrowException) as exc:
        raise SessionFormatError(f"{said_path(path)}: not a readable Parquet table ({exc})") from None
    missing = [c for c in RIDE_COLUMNS if c not in table.column_names]
    if missing:
        raise SessionFormatError(f"{said_path(path)}: missing column(s) {', '.join(missing)} (docs/fit.md)")
    try:
        meta = parse_json((table.schema.metadata or {}).get(_META_KEY, b"{}").decode("utf-8"), finite=False)
    except UnicodeDecodeError:
        meta = None
    except ValueError as exc:  # a key given twice among them, as in every JSON Solewatch reads
        raise SessionFormatError(f"{said_path(path)}: its {_META_KEY.decode()} metadata is not a JSON object "
                                 f"({json_problem(exc)})") from None
    if not isinstance(meta, dict):
        raise SessionFormatError(f"{said_path(path)}: its {_META_KEY.decode()} metadata is not a JSON object")
    df = table.to_pandas()
    try:
        for col in ("t_s", *RIDE_VALUE_COLUMNS):
            df[col] = df[col].astype("float64")
        df["utc"] = pd.to_datetime(df["utc"], utc=True).astype(UTC_DTYPE)
    except (TypeError, ValueError) as exc:
        raise SessionFormatError(f"{said_path(path)}: a column of the wrong type ({exc})") from None
    bad = ~df["position"].isna() & ~df["position"].isin(POSITIONS)
    if bad.any():
        raise SessionFormatError(f"{said_path(path)}: row {int(bad.to_numpy().argmax())}: position is not "
                                 f"{' or '.join(POSITIONS)}")
    if not df["t_s"].is_monotonic_increasing:
        raise SessionFormatError(f"{said_path(path)}: t_s is not in time order")
    df["position"] = pd.Series(df["position"].where(df["position"].notna(), None).tolist(), index=df.index,
                               dtype=TEXT_DTYPE)
    return Ride(df.loc[:, list(RIDE_COLUMNS)].reset_index(drop=True), meta)


def covered_part(first_s: float, last_s: float, session_s: float) -> tuple[float, float] | None:
    """``(from_s, to_s)``, the session time a ride whose records run from ``first_s`` to ``last_s``
    covers, when the first record's second starts later or the last record's second ends earlier than
    the session (``session_s`` long) by more than a second (RECORD_SECOND_S of slack: whole-second
    records against a start_utc with a fraction); None when it covers the whole session."""
    late = first_s > RECORD_SECOND_S
    early = last_s + 2 * RECORD_SECOND_S < session_s
    if not (late or early):
        return None
    return max(first_s, 0.0), min(last_s + RECORD_SECOND_S, session_s)


def session_start(start_utc: str, where: str | os.PathLike[str], purpose: str) -> pd.Timestamp:
    """A session's ``start_utc`` as a UTC Timestamp. UsageError when it has none (an import whose file gave
    no time) or one outside the times pandas and FIT hold (FIT: seconds from 1989-12-31 in 32 bits);
    ``purpose`` says what needs it ("a ride cannot be aligned to it")."""
    if not start_utc:
        raise UsageError(f"{where}: the session has no start time in UTC (session.json start_utc), so "
                         f"{purpose}")
    try:
        start = pd.Timestamp(start_utc)
        start = start.tz_localize("UTC") if start.tzinfo is None else start.tz_convert("UTC")
    except (ValueError, OverflowError):
        start = None
    if start is None or not FIT_EPOCH <= start < FIT_END:
        raise UsageError(f"{where}: the session's start_utc {quote(start_utc)} is not a time from "
                         f"{FIT_EPOCH:%Y-%m-%d} to {FIT_END:%Y-%m-%d}, so {purpose}")
    return start


#: The times a FIT file holds: uint32 seconds from 1989-12-31 00:00 UTC (FIT protocol, date_time).
FIT_EPOCH = pd.Timestamp("1989-12-31T00:00:00Z")
FIT_END = FIT_EPOCH + pd.Timedelta(seconds=2**32 - 1)
