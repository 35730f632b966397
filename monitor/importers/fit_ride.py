"""``solewatch import fit RIDE.fit --into SESSION``: a bike computer's records aligned to a session by UTC
time and kept beside it as ``fit_records.parquet`` (monitor.session.ride, docs/fit.md).

A record's session time is its UTC time minus the session's ``start_utc``; the records that go with a
session second (monitor.session.ride_time.record_second, the nearest: the pairing the report and the FIT
export use) are kept, from the session's first second to its last (a second that starts before its
duration). Nothing of the session is
touched: the table is written whole under a temporary name and renamed into place, and an existing one is
replaced only when asked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.errors import UsageError
from monitor.importers.fit_read import RECORD_COLUMNS, FitRide, read_fit_ride
from monitor.session.directory import load_session, read_info
from monitor.session.info import SessionInfo
from monitor.session.ride import (
    FIT_EPOCH,
    RIDE_TABLE,
    Ride,
    covered_part,
    session_start,
    write_ride_table,
)
from monitor.session.ride_time import record_second
from monitor.util.outputs import write_whole

#: A ride starting this close (s) to a whole number of hours before or after the session hints at a clock
#: in local time instead of UTC (guess: bike computer and insoles started within 3 minutes of each other).
CLOCK_HINT_TOLERANCE_S = 180.0
#: The largest whole-hour clock offset hinted at (h): UTC offsets run from -12 to +14 (tz database).
CLOCK_HINT_MAX_H = 14
#: FIT date_time values below this (s) are seconds since the device was switched on, not since the FIT
#: epoch in UTC (FIT protocol, date_time: 0x10000000).
FIT_SYSTEM_TIME_BELOW_S = 0x10000000


@dataclass(frozen=True)
class ImportWords:
    """How the import's errors name what the caller chose: the command line's options (CLI_WORDS) or the
    Python arguments of :func:`import_fit_ride` (PYTHON_WORDS), as monitor.session.export.Words does for
    an export."""

    #: The session the ride goes into: ``--into`` or ``session_dir``.
    into: str
    #: Replacing a ride imported before: ``--force`` or ``force=True``.
    force: str


CLI_WORDS = ImportWords(into="--into", force="--force")
PYTHON_WORDS = ImportWords(into="the session_dir argument", force="force=True")


@dataclass(frozen=True)
class RideImport:
    """What an import kept: the table's path, the file's record messages kept (``kept``, those of a
    second the session has) of those in the file (``in_file``), and which of the ride's quantities the kept
    records carry (column -> record messages with a value); records of one time are one row of the table,
    so it has fewer rows than ``kept`` when ``repeated``; the session's duration and the session time (s) of
    the kept records' first and last."""

    path: Path
    kept: int
    in_file: int
    present: dict[str, int]
    positions_recorded: bool
    session_s: float = 0.0
    first_s: float = 0.0
    last_s: float = 0.0
    clock_hint: str = ""  # :func:`clock_hint` of the ride's and the session's start
    repeated: int = 0  # record messages of the file that repeated an earlier one's time, merged into it

    def covered_part(self) -> tuple[float, float] | None:
        """monitor.session.ride.covered_part of the kept records."""
        return covered_part(self.first_s, self.last_s, self.session_s)


def session_span(info: SessionInfo, session_dir: Path) -> tuple[pd.Timestamp, float]:
    """The session's start (UTC) and duration (s); UsageError when it has no UTC start time (or one no FIT
    file can hold)."""
    start = session_start(info.start_utc, session_dir, "a ride cannot be aligned to it")
    duration = info.duration_s
    if duration is None:  # a session whose recorder died: as far as its frames go
        frames = load_session(session_dir).frames
        duration = float(frames["t_s"].max()) if len(frames) else 0.0
    return start, float(duration)


def align_ride(ride: FitRide, start: pd.Timestamp, duration_s: float) -> pd.DataFrame:
    """The ride's records that go with a session second ``s`` (record_second ``0 <= s < duration_s``:
    the seconds ``[s, s + 1)`` the session has, the last one partial when ``duration_s`` has a fraction),
    with ``t_s`` and ``position`` (the rider's position from the last position change at or before each
    record, None before the first). A FIT timestamp is a whole second: the record nearest the session's first second
    is kept even when it is dated before the start (12:00:00 for a start_utc of 12:00:00.200, at ``t_s``
    -0.2), one nearer the second before the session is not (12:00:00 for 12:00:00.700, ``t_s`` -0.7); so
    ``t_s`` runs from above -0.5 s to at most the last second plus 0.5 s (a session's own FIT export,
    dated to the nearest second, imports back whole, also when its last record's date is after the
    session's end)."""
    rec = ride.records
    t_s = (rec["utc"] - start).dt.total_seconds().to_numpy(dtype=float)
    position: list[str | None] = [None] * len(rec)
    if ride.positions:
        changes = np.array([(p[0] - start.to_pydatetime()).total_seconds() for p in ride.positions])
        idx = np.searchsorted(changes, t_s, side="right") - 1
        position = [ride.positions[i][1] if i >= 0 else None for i in idx]
    df = rec.assign(t_s=t_s, position=position)
    second = record_second(df["t_s"])
    keep = (second >= 0) & (second < duration_s)
    return df.loc[keep].reset_index(drop=True)


def _when(ts: pd.Timestamp | datetime) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d %H:%M:%S UTC")


def clock_hint(ride_start: pd.Timestamp, session_start: pd.Timestamp) -> str:
    """"" or a sentence when the ride starts within CLOCK_HINT_TOLERANCE_S of a whole number of hours (1 to
    CLOCK_HINT_MAX_H) before or after the session: one of the two clocks may be in local time."""
    gap_s = (ride_start - session_start).total_seconds()
    hours = round(abs(gap_s) / 3600.0)
    if not 1 <= hours <= CLOCK_HINT_MAX_H or abs(abs(gap_s) - 3600.0 * hours) > CLOCK_HINT_TOLERANCE_S:
        return ""
    return (f"the ride starts {hours} h {'after' if gap_s > 0 else 'before'} the session, to within "
            f"{CLOCK_HINT_TOLERANCE_S / 60:.0f} min: is one of the clocks set to local time instead of UTC?")


def import_fit_ride(fit_path: str | os.PathLike[str], session_dir: str | os.PathLike[str], *,
                    force: bool = False, words: ImportWords = PYTHON_WORDS) -> RideImport:
    """Read ``fit_path``, align its records to the session at ``session_dir`` and write
    ``SESSION/fit_records.parquet``. UsageError when the file cannot be read as a ride, the ride and the
    session do not overlap in time, or none of its records with a value (power, cadence, heart rate, speed,
    altitude) does (these name the session by ``session_dir``, a ``latest`` resolved: its folder), or, after
    those, when the table exists (unless ``force``); nothing is written then, and a table imported before is
    left as it was. The errors name the caller's choices in ``words`` (the arguments by default; the command line passes
    CLI_WORDS)."""
    session_dir = Path(session_dir)
    if not session_dir.is_dir():
        raise UsageError(f"{session_dir}: not a session directory ({words.into} names one)")
    info = read_info(session_dir)
    start, duration = session_span(info, session_dir)
    ride = read_fit_ride(fit_path)
    records = align_ride(ride, start, duration)
    first, last = ride.records["utc"].iloc[0], ride.records["utc"].iloc[-1]
    if records.empty:
        end = start + pd.Timedelta(seconds=duration)
        if last < FIT_EPOCH + pd.Timedelta(seconds=FIT_SYSTEM_TIME_BELOW_S):
            raise UsageError(f"{fit_path}: the ride's times are seconds since the device was switched on, not "
                             "UTC (FIT date_time below 0x10000000: a device without a set clock), so it cannot "
                             "be aligned to the session; nothing written")
        hint = clock_hint(first, start)
        raise UsageError(f"{fit_path}: the ride ({_when(first)} to {_when(last)}) does not overlap "
                         f"the session {session_dir} ({_when(start)} to {_when(end)}); nothing written"
                         + (f" ({hint})" if hint else ""))
    counts = ride.record_counts()  # of the file's record messages, those of one time merged into one row
    kept_counts = counts[ride.records["utc"].isin(records["utc"]).to_numpy()]
    present = {c: int(kept_counts[c].sum()) for c in RECORD_COLUMNS}
    if not any(present.values()):  # overlapping in time, not with a value: said as a ride that does not
        end = start + pd.Timedelta(seconds=duration)
        valued = ride.records["utc"][ride.records[list(RECORD_COLUMNS)].notna().any(axis=1)]
        raise UsageError(f"{fit_path}: none of the ride's records with a value (power, cadence, heart rate, "
                         f"speed or altitude; {_when(valued.iloc[0])} to {_when(valued.iloc[-1])}) falls within "
                         f"the session {session_dir} ({_when(start)} to {_when(end)}); nothing written")
    target = session_dir / RIDE_TABLE
    if target.exists() and not force:  # said after the file's own faults: --force would not mend those
        raise UsageError(f"{target}: exists (a ride imported before); replace it with {words.force}")
    meta = {"file": Path(fit_path).name, "device": ride.device, "sport": ride.sport,
            "records_in_file": int(counts["records"].sum()), "first_utc": first.isoformat(),
            "last_utc": last.isoformat(), "positions_recorded": bool(ride.positions)}
    table = Ride(records, meta)
    write_whole([(target, lambda tmp: write_ride_table(tmp, table))])
    return RideImport(target, int(kept_counts["records"].sum()), int(counts["records"].sum()), present,
                      bool(ride.positions),
                      duration, float(records["t_s"].iloc[0]), float(records["t_s"].iloc[-1]),
                      clock_hint(first, start), ride.repeated)
