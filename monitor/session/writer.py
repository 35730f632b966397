"""Writing a session directory: making it, recording into it, and committing the tables of its close.

One idea: what goes onto the disk of a session directory (docs/session-format.md), and in what order, so
that a writer stopped at any point (a full disk, Ctrl-C, SIGKILL, a power cut) leaves a session that reads
back whole; reading it back is monitor.session.directory.

- ``new_session_dir`` makes ``<UTC timestamp>-<label>`` under the ``--out`` folder (``check_sessions_root``
  checks that folder, ``check_session_name`` the length of the name, before anything connects).
- ``SessionWriter`` appends to ``raw.swlog`` while streaming (notifications as bytes with their host time in
  seconds, events as dicts; flushed at least every ``flush_interval_s`` seconds, monitor.session.rawlog),
  and on close rebuilds the tables from it and commits them as one set: ``frames.parquet`` (one row per
  frame and foot, monitor.session.model.frames_table), ``extras.parquet`` (IMU rows, where the insoles sent
  them, monitor.session.imu), the final ``session.json``, then ``gaps.csv`` last (one row per gap,
  monitor.session.model.gaps_table).
- ``write_tables`` writes a frames table and its gaps table (an import's, a study's sessions).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from monitor.errors import OutputError, SessionFormatError, UsageError
from monitor.link.records import SESSION_END_EVENT
from monitor.session.frames_file import SPILL_PREFIX, rebuild_frames_file
from monitor.session.imu import ImuRows
from monitor.session.info import SessionInfo
from monitor.session.names import DEFAULT_NAME_MAX, EXTRAS_TABLE, FRAMES_TABLE, GAPS_TABLE, RAW_LOG, SESSION_JSON
from monitor.session.names import TAKEN_SUFFIX as _TAKEN_SUFFIX
from monitor.session.parquet_pages import write_parquet
from monitor.session.rawlog import RawLogWriter
from monitor.util.outputs import check_folder, make_parents, what_it_is, write_json_atomic
from monitor.util.path_errors import said_path, too_long_words


def session_dir_name(start: datetime, label: str) -> str:
    """``<UTC timestamp>-<label>``, e.g. ``20261126T221858Z-cleat-forward``."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "session"
    return f"{start.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{slug}"


def new_session_dir(root: Path, label: str, start: datetime | None = None) -> Path:
    """Create and return a new, empty session directory under ``root``; OutputError (one line) when
    ``root`` is a file or the directory cannot be made (a read-only folder, a full disk)."""
    root = Path(root)
    check_sessions_root(root)
    make_parents(root / "session")
    base = session_dir_name(start or datetime.now(timezone.utc), label)
    for i in range(1, 1000):
        path = root / (base if i == 1 else f"{base}-{i}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            why = too_long_words(str(path)) if exc.errno == errno.ENAMETOOLONG else exc.strerror or exc
            raise OutputError(f"{said_path(path)}: cannot make the session directory ({why})") from None
    raise SessionFormatError(f"{root}: cannot find a free session directory name for {base}")


def check_sessions_root(root: str | os.PathLike[str]) -> None:
    """Make sure session directories can be made under ``root`` (``record --out``, ``live --out``) before
    anything connects, leaving nothing behind: ``root`` (or, if missing, the nearest folder above it that
    exists) is a directory in which a directory can be made and removed again. OutputError (one line)
    when it is a file, a symbolic link to nothing (no folder can be made through it) or cannot be written."""
    root = Path(root)
    if (root.exists() or root.is_symlink()) and not root.is_dir():
        raise OutputError(f"{root}: is {what_it_is(root)}, not a directory (--out names the folder session "
                          "directories go into)")
    check_folder(root, f"{root}: cannot make a session directory there")


def check_session_name(root: str | os.PathLike[str], label: str | None) -> None:
    """UsageError (one line) when a session directory labelled ``label`` would have a name longer than the
    folder ``root`` (or, if missing, the nearest folder above it that exists) takes: said before anything
    connects, not when the session starts (\"File name too long\"). The limit is the folder's
    PC_NAME_MAX, else DEFAULT_NAME_MAX; the name is counted with the longest suffix a taken name gets. No
    ``label`` (None or empty): the default one, a scenario's or an activity's, short."""
    if not label:
        return
    here = Path(root)
    while not here.exists() and here != here.parent:
        here = here.parent
    try:
        limit = os.pathconf(here, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such setting here (Windows), or none for this folder
        limit = DEFAULT_NAME_MAX
    if limit is None or limit <= 0:
        limit = DEFAULT_NAME_MAX
    name = session_dir_name(datetime.now(timezone.utc), label)
    longest = len((name + _TAKEN_SUFFIX).encode())
    if longest > limit:
        room = limit - (longest - len(name.split("-", 1)[1].encode()))
        raise UsageError(f"--label: a session directory named after it would be {longest} characters long, "
                         f"more than the {limit} a name in {root} may have; use a label of at most {room} "
                         "characters")
    whole = len(os.fsencode(os.path.abspath(Path(root) / (name + _TAKEN_SUFFIX)))) + OWN_FILE_BYTES
    path_max = _path_max(here)
    if whole > path_max:
        raise UsageError(f"--out {said_path(root)}: a session directory there named after --label would have paths "
                         f"{whole:,} bytes long, more than the {path_max:,} the system takes; use a shorter --out "
                         "or --label")


#: The longest path a session directory's own files add to its own (bytes): a slash and a temporary name
#: beside a table, ``.frames.parquet.writing-PID-TOKEN`` (monitor.util.outputs.temp_beside). A guess, with room.
OWN_FILE_BYTES = 64
#: The longest path when the system does not say its own (os.pathconf PC_PATH_MAX): PATH_MAX of Linux
#: (limits.h).
DEFAULT_PATH_MAX = 4096


def _path_max(folder: Path) -> int:
    """The longest path (bytes) the system takes in ``folder``: its PC_PATH_MAX, else DEFAULT_PATH_MAX."""
    try:
        limit = os.pathconf(folder, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):  # no such setting here (Windows), or none for this folder
        return DEFAULT_PATH_MAX
    return limit if limit and limit > 0 else DEFAULT_PATH_MAX


class SessionWriter:
    """Records one session into ``path``: raw log while streaming, tables on close."""

    def __init__(self, path: Path, *, flush_interval_s: float = 0.5) -> None:
        self.path = Path(path)
        self.raw = RawLogWriter(self.path / RAW_LOG, flush_interval_s=flush_interval_s)
        self.info: SessionInfo | None = None
        #: Gaps in the raw log as rebuilt on close (None before, or if it could not be read).
        self.gaps: int | None = None
        #: Whether :meth:`close` was interrupted while it wrote the tables (none written).
        self.interrupted = False
        #: Per foot, session s of its first and last frame in the raw log as rebuilt on close (None: no
        #: frame of that foot), what the disk holds also after a write error; None before, or if it could
        #: not be read.
        self.frame_spans: dict[str, tuple[float, float] | None] | None = None
        #: Per foot, the frames the live stream counted missing (its ``frames_missing``) that came late and
        #: fill their rows in the tables, as rebuilt on close (:func:`late_filled`); None before, or if it
        #: could not be read.
        self.late_filled: dict[str, int] | None = None

    @property
    def error(self) -> OSError | None:
        return self.raw.error

    def write_info(self, info: SessionInfo) -> None:
        """Write (or rewrite) session.json."""
        self.info = info
        try:
            write_json_atomic(self.path / SESSION_JSON, info.to_json())
        except OSError as exc:
            self.raw.error = self.raw.error or exc

    def notification(self, foot: str, host_s: float, data: bytes) -> None:
        self.raw.append_notification(foot, host_s, data)

    def event(self, host_s: float, event: dict[str, Any]) -> None:
        self.raw.append_event(host_s, event)

    def tick(self) -> None:
        self.raw.tick()

    def close(self, info: SessionInfo, *, end_host_s: float = 0.0,
              interrupts: Callable[[], contextlib.AbstractContextManager[None]] | None = None) -> None:
        """Finish the raw log, write the frames and gaps tables and the final session.json.

        A session closed with its ``duration_s`` (``info``'s) gets one last raw-log record, a ``session_end``
        event whose ``t_s`` is that duration (monitor.link.records.SESSION_END_EVENT), at host s ``end_host_s``
        (the host's clock as it closes), no later than the duration's host time (``duration_s`` / ``speed``: a
        paced replay reaches it as the session ends) and never before the log's last record: its log reaches
        the session's end, however long before it the insoles went silent.

        The counters in ``session.json`` (and :attr:`info`, :attr:`gaps`) are those of the rebuild from the
        raw log (the same assembler as the live path, so the same numbers), also after a write error: then
        they count what reached the disk, and no tables are written.

        ``interrupts``: the context under which the tables are written (monitor.util.interrupts.interrupts_here:
        Ctrl-C stops them). A KeyboardInterrupt there leaves none of the tables and no temporary file (the
        session reads from its raw log, as one whose recorder died), sets :attr:`interrupted`, and the final
        session.json is written with ``info``'s counters (the live assembler's).
        """
        if info.duration_s is not None:
            end_host_s = max(self.raw.last_host_s, min(end_host_s, info.duration_s / info.speed))
            self.raw.append_event(end_host_s, {"event": SESSION_END_EVENT, "foot": None, "t_s": info.duration_s})
        self.raw.close()
        try:
            with interrupts() if interrupts is not None else contextlib.nullcontext():
                info = self._write_tables(info)
        except KeyboardInterrupt:
            self._drop_tables()
            self.gaps = None
            self.interrupted = True
        self.write_info(info)

    def _write_tables(self, info: SessionInfo) -> SessionInfo:
        """The tables of :meth:`close`, committed as one set (:meth:`_commit_tables`; a write error leaves
        none of them); returns ``info`` with the rebuild's counters."""
        failed = self.raw.error is not None
        tmp = self.path / f".{FRAMES_TABLE}.writing"
        gaps, error = None, None
        imu = ImuRows()  # the insoles' acceleration and angular rate, where they sent them (Moticon UDP)
        try:  # frames.parquet written as the log is decoded (monitor.session.frames_file), never whole
            gaps, extra, error = rebuild_frames_file(self.path / RAW_LOG, info, None if failed else tmp,
                                                     on_block=imu.add)
        except (SessionFormatError, OSError):  # a log the failed disk left unreadable: the live counts
            tmp.unlink(missing_ok=True)
        else:
            info = replace(info, stats={**info.stats, "counters": extra["counters"]}, layouts=imu.claimed(info.layouts))
            self.gaps = len(gaps)
            self.frame_spans = extra["frame_spans"]
            self.late_filled = late_filled(extra["counters"], gaps)
        if error is not None:
            tmp.unlink(missing_ok=True)
            self.raw.error = self.raw.error or error
        elif not failed and gaps is not None:
            try:
                self._commit_tables(tmp, gaps, imu.table(), info)
            except OSError as exc:
                self._drop_tables()
                self.raw.error = self.raw.error or exc
        return info

    def _commit_tables(self, frames_tmp: Path, gaps: pd.DataFrame, imu: pd.DataFrame | None,
                       info: SessionInfo) -> None:
        """Put the frames table written at ``frames_tmp``, the ``imu`` rows (None: no extras table) and the
        final session.json (``info``) in place, then ``gaps`` last, each renamed from a temporary name: a
        recorder killed at any step (SIGKILL, a power cut) leaves no gaps.csv, and the session is rebuilt
        from its raw log, IMU rows and counters too (monitor.session.directory._tables_whole). An OSError
        leaves what it reached (the caller drops it)."""
        gaps_tmp = self.path / f".{GAPS_TABLE}.writing"
        gaps.to_csv(gaps_tmp, index=False)
        os.replace(frames_tmp, self.path / FRAMES_TABLE)
        if imu is not None:
            _write_renamed(self.path, EXTRAS_TABLE, lambda p: write_parquet(imu, p))
        write_json_atomic(self.path / SESSION_JSON, info.to_json())
        self.info = info
        os.replace(gaps_tmp, self.path / GAPS_TABLE)

    def _drop_tables(self) -> None:
        """Remove what an interrupted :meth:`_write_tables` left: the tables, their temporary files and the
        frames' spill directory (monitor.session.frames_file.rebuild_frames_file)."""
        for name in (FRAMES_TABLE, GAPS_TABLE, EXTRAS_TABLE):
            with contextlib.suppress(OSError):
                (self.path / f".{name}.writing").unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                (self.path / name).unlink(missing_ok=True)
        for spill in self.path.glob(f"{SPILL_PREFIX}*"):
            shutil.rmtree(spill, ignore_errors=True)


def _write_renamed(path: Path, name: str, write) -> None:
    """``write(tmp)`` to a temporary name in ``path``, then renamed to ``name``; the temporary file is
    removed when anything fails."""
    tmp = path / f".{name}.writing"
    try:
        write(tmp)
        os.replace(tmp, path / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def late_filled(counters: dict[str, dict[str, int]], gaps: pd.DataFrame) -> dict[str, int]:
    """Per foot of ``counters`` (a session's, per foot), the frames its ``frames_missing`` counts that the
    ``gaps`` table (monitor.session.model.gaps_table, once late frames filled their rows) does not: the late
    frames the tables hold (monitor.session.model.gaps_after_late)."""
    in_gaps = gaps.groupby(gaps["foot"].astype(str))["frames_missing"].sum() if len(gaps) else pd.Series(dtype=int)
    return {foot: max(int(c.get("frames_missing", 0)) - int(in_gaps.get(foot, 0)), 0) for foot, c in counters.items()}


def write_tables(path: Path, frames: pd.DataFrame | Callable[[Path], None], gaps: pd.DataFrame) -> None:
    """Write frames.parquet, then gaps.csv, each under a temporary name renamed into place: a table that
    is there is whole, and frames.parquet without gaps.csv means the writer died between the two.
    ``frames``: the frames table, or a function that writes it to the path it is given (a table written
    in chunks, monitor.session.frames_file)."""
    _write_renamed(path, FRAMES_TABLE,
                   frames if callable(frames) else lambda p: write_parquet(frames, p))
    _write_renamed(path, GAPS_TABLE, lambda p: gaps.to_csv(p, index=False))
