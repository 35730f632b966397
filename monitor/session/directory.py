"""Session directories read back: checking a path given as a session, and loading it.

A session directory (docs/session-format.md) holds ``session.json`` (the SessionInfo, written when streaming
starts and again on close), ``raw.swlog`` (the append-only raw log, monitor.session.rawlog: the source of
truth) and the tables of the close, committed as one set and rebuildable from the raw log: ``frames.parquet``,
``extras.parquet`` (IMU rows, where the insoles sent them) and ``gaps.csv`` (the frames table's gaps). Writing
them is monitor.session.writer.

``load_session`` reads a closed session from its tables, and a session whose recorder was killed (before or
during its close) from its raw log, up to the last flush.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from monitor.codebook import FrameBlock
from monitor.errors import SessionFormatError
from monitor.link.records import SESSION_END_EVENT, session_end_s, timed_event
from monitor.session.frames_file import decode_raw_log
from monitor.session.imu import ImuRows, foot_imu_of, read_imu_table
from monitor.session.info import SessionInfo, warn_end_before_start
from monitor.session.log_counted import check_log_holds_counted, feet_lost
from monitor.session.log_end import log_end_s, raw_log_end_s
from monitor.session.model import Session, frames_table
from monitor.session.names import (  # noqa: F401  (the names, as this module always gave them)
    BASELINE_JSON,
    EVENTS_TABLE,
    EXTRAS_TABLE,
    FRAMES_TABLE,
    GAPS_TABLE,
    PARAMS_JSON,
    RAW_LOG,
    SESSION_JSON,
    SETUP_JSON,
    STUDY_JSON,
)
from monitor.session.rawlog import KIND_EVENT, iter_raw_log, record_event
from monitor.session.ride import RIDE_TABLE
from monitor.session.tables import read_events_table, read_frames, read_gaps
from monitor.util.outputs import os_reason
from monitor.util.path_errors import said_path
from monitor.util.textfiles import device_words, pipe_words, read_json, there

#: What a session's frames are read as: a DataFrame (read_frames) or the table left on disk (FramesOnDisk).
_Frames = TypeVar("_Frames")

#: The files a session directory may hold (docs/session-format.md): each is read whole, so none may be a
#: pipe or a device.
OWN_FILES = (SESSION_JSON, RAW_LOG, FRAMES_TABLE, GAPS_TABLE, EXTRAS_TABLE, EVENTS_TABLE, PARAMS_JSON,
             BASELINE_JSON, SETUP_JSON, STUDY_JSON, RIDE_TABLE)


def check_own_files(path: Path) -> None:
    """SessionFormatError naming the first of the session directory ``path``'s own files (:data:`OWN_FILES`)
    that is a named pipe, a socket or a device: a pipe read waits for a writer that never comes (a pipe is
    read on purpose only when given as an argument, a --params <(...)), a device may never end."""
    for name in OWN_FILES:
        what = pipe_words(path / name) or device_words(path / name)
        if what is not None:
            raise SessionFormatError(f"{said_path(path / name)}: {what}, not a file (expected the session's {name}, "
                                     "docs/session-format.md)")


def read_info(path: Path) -> SessionInfo:
    """The validated session.json of a session directory (SessionFormatError naming the file, and the
    line and column of a JSON syntax error, the line of a field that is wrong), or naming a file of the
    session that is a pipe or a device (:func:`check_own_files`)."""
    check_own_files(Path(path))
    where = Path(path) / SESSION_JSON
    obj, text = read_json(where, SessionFormatError, example="docs/session-format.md",
                          missing=f"missing (is {said_path(path)} a session directory?)")
    return SessionInfo.from_dict(obj, where=str(where), text=text)


def rebuild_tables(
    raw_path: Path, info: SessionInfo, state: dict[str, Any] | None = None, imu: ImuRows | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Decode a raw log into (frames, gaps, extra) through the live path's assembler.

    ``extra`` holds ``events``, ``counters``, ``truncated_tail_bytes`` and ``skipped`` (the raw log's damaged
    spans, monitor.session.rawlog.SkippedSpan). ``imu``, when given, gets every
    frame block's IMU rows.
    """
    blocks: dict[str, list[FrameBlock]] = {foot: [] for foot in info.layouts}
    late: dict[str, list[FrameBlock]] = {foot: [] for foot in info.layouts}
    gaps, extra = decode_raw_log(raw_path, info, lambda block: blocks[block.foot].append(block),
                                 lambda block: late[block.foot].append(block))
    if imu is not None:
        for foot_blocks in blocks.values():
            for block in foot_blocks:
                imu.add(block)
    return frames_table(info, blocks, late), gaps, extra


def check_session_dir(path: str | os.PathLike[str]) -> SessionInfo:
    """The validated session.json of ``path``, the first check :func:`load_session` makes: a path that is
    not a directory, or whose session.json is missing or malformed, is a SessionFormatError naming it. A
    command given several sessions checks them all with this before it loads and analyses the first. An
    end_utc before start_utc is a SessionCaveat warning (monitor.session.info.warn_end_before_start)."""
    path = Path(path)
    check_is_directory(path)
    info = read_info(path)
    warn_end_before_start(info, str(path / SESSION_JSON))  # said of a session read, not of every look at one
    return info


def check_is_directory(path: Path) -> None:
    """A SessionFormatError naming ``path`` and what is there instead, unless it is a directory: the words
    every command given a session directory uses (analyze, report, export, replay)."""
    if not path.is_dir():
        if path.is_file() or path.is_symlink():
            # the folder that holds the file is named only when it is a session (a file given from inside
            # one); the folder of any other file is no session, and naming it would mislead
            inside = f", e.g. {path.parent}" if (path.parent / SESSION_JSON).is_file() else ""
            raise SessionFormatError(f"{said_path(path)}: not a directory but a file (expected the session directory "
                                     f"that holds {SESSION_JSON}{inside})")
        if there(path):  # a device, a named pipe: something, but no session
            raise SessionFormatError(f"{said_path(path)}: not a directory but {device_words(path) or 'a special file'} "
                                     "(expected a session directory)")
        raise SessionFormatError(f"{said_path(path)}: not a directory: nothing is there (expected a session directory)")


def load_session(path: str | os.PathLike[str]) -> Session:
    """Load a session directory.

    A closed session is read from ``frames.parquet``/``gaps.csv``, checked against ``session.json``; a
    session whose recorder died (no tables, or not all of them: :func:`_tables_whole`) is rebuilt from
    ``raw.swlog`` up to its last flush, a record cut short at its end dropped (``truncated_tail_bytes``).
    A raw log damaged before its end is read around the damage (``damaged_spans``, each a RawLogDamaged
    warning). Nothing is written back. Anything else malformed raises SessionFormatError naming the file
    and where in it.
    """
    path = Path(path)
    info = check_session_dir(path)
    raw = path / RAW_LOG
    frames_path, gaps_path = path / FRAMES_TABLE, path / GAPS_TABLE
    rebuilt = ImuRows()  # the IMU rows of a raw log decoded here
    if frames_path.exists() and not gaps_path.exists() and not raw.exists():
        raise SessionFormatError(f"{gaps_path}: missing ({FRAMES_TABLE} is there, and the two are written "
                                 f"together; no {RAW_LOG} to rebuild them from)")
    whole = _tables_whole(path, info)
    lost: dict[str, int] = {}  # per foot the close counted frames of, none in the raw log rebuilt from
    if whole:
        gaps, frames, extra = _read_whole_tables(path, info, read_frames)
    elif raw.exists():
        frames, gaps, extra = rebuild_tables(raw, info, imu=rebuilt)
        check_log_holds_counted(raw, info, holds_frames=len(frames) > 0)  # a closed session's log emptied
        lost = feet_lost(info, frames["foot"].unique().tolist())  # one foot's frames lost: the other's read
    else:
        _unreadable_if_there(raw, frames_path)
        raise SessionFormatError(f"{said_path(path)}: neither {RAW_LOG} nor {FRAMES_TABLE} is there")
    session = Session(path, info, frames, gaps, extra["events"], extra["counters"],
                      extra["truncated_tail_bytes"], damaged_spans=tuple(extra["skipped"]),
                      log_end_s=None if whole else log_end_s(extra["last_host_s"], info.speed, extra["frame_spans"],
                                                             extra["end_s"]),
                      log_empty=extra.get("log_empty", False), events_end_s=_events_end_s(raw, whole, extra, info),
                      log_lost=lost)
    session.imu = _imu(path, session, None if whole else rebuilt)
    return session


def _read_whole_tables(path: Path, info: SessionInfo, frames_of: Callable[..., _Frames]) \
        -> tuple[pd.DataFrame, _Frames, dict[str, Any]]:
    """A session whose tables are whole (:func:`_tables_whole`), read as :func:`load_session` and
    :func:`open_session` read it: gaps.csv first (a broken small table is said without reading the frames),
    the imported events checked, then the frames as ``frames_of(frames_path, info, hint=...)`` gives them
    (read_frames: the table; FramesOnDisk: left on disk), the hint naming the raw log a damaged frames
    table can be rebuilt from; then the raw log's events and counters (none without a log)."""
    raw = path / RAW_LOG
    hint = f"; {RAW_LOG} is there: move {FRAMES_TABLE} away to rebuild the tables from it" if raw.exists() else ""
    gaps = read_gaps(path / GAPS_TABLE)
    check_imported_events(path)
    frames = frames_of(path / FRAMES_TABLE, info, hint=hint)
    extra = _events_only(raw, info) if raw.exists() else _no_log(info)
    return gaps, frames, extra


def _events_end_s(raw: Path, whole: bool, extra: dict[str, Any], info: SessionInfo) -> float | None:
    """Session s where the raw log ``raw`` ends (its last record, or its last frame where that comes later:
    monitor.session.log_end.raw_log_end_s) when the frames were read from whole tables and the log holds
    records (monitor.session.model.Session.events_end_s); None otherwise (no log, or frames rebuilt from it)."""
    if not whole or "last_host_s" not in extra or extra.get("log_empty"):
        return None
    return raw_log_end_s(raw, info, float(extra["last_host_s"]), extra.get("end_s"))


def _unreadable_if_there(*paths: Path) -> None:
    """SessionFormatError ``"{path}: cannot be read (WHY)"`` for the first of ``paths`` that is there but
    cannot be opened (a symbolic link that leads back to itself, or to nothing): not "neither is there"."""
    for p in paths:
        if there(p):
            try:
                with open(p, "rb"):
                    pass
            except OSError as exc:
                raise SessionFormatError(f"{p}: cannot be read ({os_reason(exc)})") from None


def _tables_whole(path: Path, info: SessionInfo) -> bool:
    """Whether the session's tables are whole, to be read instead of its raw log: frames.parquet, gaps.csv
    (committed last, SessionWriter._commit_tables) and, with a raw log, a session.json with the close's
    ``stats.counters`` (an earlier close wrote gaps.csv before extras.parquet and session.json: killed
    between them, it left tables without the IMU rows and the counters)."""
    if not ((path / FRAMES_TABLE).exists() and (path / GAPS_TABLE).exists()):
        return False
    return not (path / RAW_LOG).exists() or "counters" in info.stats


def open_session(path: str | os.PathLike[str]) -> Session:
    """A session directory as :func:`load_session` loads it, its frames left on disk when it is closed
    (``frames`` None, ``source`` a monitor.session.frames_reader.FramesOnDisk: read one foot and one chunk at
    a time); a session that must be rebuilt from its raw log is loaded whole. The same checks and errors as
    :func:`load_session`, those of a foot's values when they are read."""
    from monitor.session.frames_reader import FramesOnDisk

    path = Path(path)
    frames_path, gaps_path = path / FRAMES_TABLE, path / GAPS_TABLE
    if not (path.is_dir() and frames_path.exists() and gaps_path.exists()):
        return load_session(path)
    info = read_info(path)
    if not _tables_whole(path, info):
        return load_session(path)
    warn_end_before_start(info, str(path / SESSION_JSON))
    gaps, source, extra = _read_whole_tables(path, info, FramesOnDisk)
    session = Session(path, info, None, gaps, extra["events"], extra["counters"], extra["truncated_tail_bytes"],
                      source=source, damaged_spans=tuple(extra["skipped"]), log_empty=extra.get("log_empty", False),
                      events_end_s=_events_end_s(path / RAW_LOG, True, extra, info))
    session.imu = _imu(path, session)
    return session


def check_imported_events(path: Path) -> None:
    """Read an import's ``imported_events.csv`` through, where the session has one: a table that is not the
    one docs/session-format.md describes is bad input like a damaged ``gaps.csv`` (SessionFormatError
    naming the file and line), not a file left unread until a notebook trips on it. The table itself is
    read by monitor.importers.read_imported_events."""
    events = path / EVENTS_TABLE
    if there(events):
        read_events_table(events)


def _imu(path: Path, session: Session, rebuilt: ImuRows | None = None) -> dict[str, np.ndarray]:
    """The IMU rows of each foot whose layout has an IMU, or of which ``rebuilt`` (a raw log just decoded)
    has some: from it, else from the session's extras table (an import's, or a closed recording's)."""
    feet = [foot for foot, layout in session.info.layouts.items() if layout.has_imu or foot in (rebuilt or ImuRows())]
    if not feet:
        return {}
    table = rebuilt.table() if rebuilt is not None else read_imu_table(path / EXTRAS_TABLE)
    if table is None:
        return {}
    return {foot: foot_imu_of(table, foot, session.foot_times(foot)) for foot in feet}


def _no_log(info: SessionInfo) -> dict[str, Any]:
    """The extra of a session without a raw log (an imported one): no events, session.json's counters."""
    return {"events": [], "counters": info.stats.get("counters", {}), "truncated_tail_bytes": 0, "skipped": []}


def _events_only(raw: Path, info: SessionInfo) -> dict[str, Any]:
    """The events and counters of a closed session, from its raw log (its frames come from the tables). A
    log that cannot be read (not a raw log, an event that is not JSON) is said with the way to the frames,
    which the tables still hold: without the log."""
    st: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    n_records = 0
    last_host_s, end_s = 0.0, None
    try:
        for r in iter_raw_log(raw, st):
            n_records += 1
            last_host_s = max(last_host_s, r.host_s)
            if r.kind == KIND_EVENT:
                event = record_event(raw, r)
                if (said_s := session_end_s(event)) is not None:
                    end_s = said_s
                elif event.get("event") != SESSION_END_EVENT:  # the log's end, no event of the session
                    events.append(timed_event(r.host_s * info.speed, event))
    except SessionFormatError as exc:
        raise SessionFormatError(f"{exc}; {FRAMES_TABLE} and {GAPS_TABLE} are there: move {RAW_LOG} away to "
                                 "read the frames without the log's events (link events, marks)") from None
    return {"events": events, "counters": info.stats.get("counters", {}),
            "truncated_tail_bytes": st["truncated_tail_bytes"], "skipped": list(st["skipped"]),
            "log_empty": n_records == 0, "last_host_s": last_host_s, "end_s": end_s}


def session_params(path: str | os.PathLike[str]):
    """The detection parameters (monitor.signal.params.Params) a live session ran with, from ``params.json``
    in its directory; None for a session without them (recorded by ``solewatch record``, imported, or from
    before they were kept). A file that is not a valid params file is a UsageError naming it and where."""
    from monitor.session.param_files import load_params

    own = Path(path) / PARAMS_JSON  # the pairs' order (a later rule) is not held against what a live run used
    return load_params(own, check_order=False) if there(own) else None
