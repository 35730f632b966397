"""A session checked for replay (:class:`ReplaySource`): its directory, SessionInfo and raw log, read through once.

:meth:`ReplaySource.open` reads the raw log for what a replay needs before it starts: how many records it holds
(the replay's progress and its summary's count), its last record's host time and the end its ``session_end``
record says (where the log ends: monitor.session.log_end.raw_log_end_s), its damaged spans (said once) and the
feet whose frames it lost. One made with the constructor is checked field by field (a ValueError naming the
field); that its values are its log's is not checked, which would take reading the log again.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.codebook import FEET
from monitor.errors import SessionFormatError
from monitor.session.directory import RAW_LOG, SESSION_JSON, check_is_directory, read_info
from monitor.session.info import LONGEST_SESSION_S, SessionInfo
from monitor.session.log_counted import check_log_holds_counted, feet_lost
from monitor.session.rawlog import SkippedSpan, raw_log_outline
from monitor.session.rawlog_format import host_time_ok
from monitor.util.arguments import path_argument
from monitor.util.path_errors import said_path
from monitor.util.textfiles import there


@dataclass(frozen=True)
class ReplaySource:
    """A session checked for replay: its directory, SessionInfo and raw log, read through once.

    ``records``: how many the raw log holds; ``last_host_s``: host seconds of the last one (0 without one);
    ``skipped``: its damaged spans; ``lost``: per foot of a closed session the log holds no frame of though its
    close counted some, that count (monitor.session.log_counted.feet_lost, as Session.log_lost); ``end_s``: the
    session's end (session s) the log's ``session_end`` record says (None without one: monitor.session.log_end).
    :meth:`open` makes one, saying each damaged span (a RawLogDamaged warning) as it reads the log; a replay of one
    made otherwise says those it reads that ``skipped`` does not hold (monitor.session.rawlog.spans_said).

    Made otherwise, each field is checked as the log can hold it, else a ValueError naming the field: ``path``
    and ``raw`` a pathlib.Path, ``info`` a SessionInfo (whether they are this session's is not checked), ``records``
    a whole number from 0, ``last_host_s`` a record's host time (0 s to 366 days, as the raw log's reader takes
    one: monitor.session.rawlog_format.host_time_ok) and 0 without a record, ``end_s`` None or a session time
    (0 s to LONGEST_SESSION_S), ``skipped`` SkippedSpans, ``lost`` whole counts from 1 of ``left`` or ``right``.
    An ``end_s`` before ``last_host_s`` x the speed is not refused: the replay ends at the later of the two, as
    any reader of the log (a host's clock can run ahead of the insoles'). The values are trusted to be the
    log's: the replay reads its frames and events from the log itself, and these only for its progress, the
    summary's record count and where the log ends (of a session not closed, ``last_host_s`` x the speed where
    its frames end sooner)."""

    path: Path
    info: SessionInfo
    raw: Path
    records: int
    last_host_s: float
    skipped: tuple[SkippedSpan, ...] = ()
    lost: dict[str, int] = field(default_factory=dict)
    end_s: float | None = None

    def __post_init__(self) -> None:
        check_source_fields(self.records, self.last_host_s, self.skipped, self.lost, self.end_s,
                            path=self.path, info=self.info, raw=self.raw)

    @classmethod
    def open(cls, path: str | Path) -> ReplaySource:
        """SessionFormatError for a missing directory, a session without a raw log (an imported one), a
        file that is not a raw log or an event that is not JSON (naming the file and byte offset), or a closed
        session's raw log that holds no frame (no notification record) though its close counted frames
        (emptied, or cut before its first frame: nothing to replay)."""
        path = Path(path_argument(path, "path", "a session directory (a str or os.PathLike) or a ReplaySource"))
        check_is_directory(path)  # the words of analyze, report and export
        raw = path / RAW_LOG
        if not there(raw) and not (path / SESSION_JSON).is_file():
            raise SessionFormatError(f"{said_path(path)}: not a session directory (no {SESSION_JSON}, no {RAW_LOG})")
        if there(raw) and not raw.is_file():
            raise SessionFormatError(f"{said_path(raw)}: not a file")
        if not raw.is_file():
            raise SessionFormatError(f"{said_path(path)} has no raw log ({RAW_LOG}); replay needs a recorded session; "
                                     "use `solewatch analyze` (monitor.analyze) for imported sessions")
        info = read_info(path)
        outline = raw_log_outline(raw)  # every event checked
        # a closed session's log emptied, or cut before its first frame (events alone are no frame to replay)
        check_log_holds_counted(raw, info, holds_frames=outline.notifications > 0)
        return cls(path, info, raw, outline.records, outline.last_host_s, outline.skipped,  # one foot's frames lost:
                   feet_lost(info, outline.notified_feet), outline.end_s)  # the other's replayed


def _whole(x: Any, least: int) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool) and x >= least


def _real(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def check_source_fields(records: Any, last_host_s: Any, skipped: Any, lost: Any, end_s: Any, *, path: Any,
                        info: Any, raw: Any) -> None:
    """ValueError, on one line naming the field and the value, for a ReplaySource field the raw log cannot hold
    (the rules of ReplaySource's docstring)."""
    for name, value, what in (("path", path, "the session's directory"), ("raw", raw, "the session's raw log")):
        if not isinstance(value, Path):
            raise ValueError(f"ReplaySource.{name} is {what}, a pathlib.Path, not {value!r}")
    if not isinstance(info, SessionInfo):
        raise ValueError(f"ReplaySource.info is the session's SessionInfo, not {info!r}")
    if not _whole(records, 0):
        raise ValueError(f"ReplaySource.records is how many records the raw log holds, a whole number from 0, "
                         f"not {records!r}")
    if not _real(last_host_s) or not host_time_ok(float(last_host_s)):
        raise ValueError(f"ReplaySource.last_host_s is the host time of the raw log's last record, seconds from 0 "
                         f"to 366 days, not {last_host_s!r}")
    if records == 0 and last_host_s != 0:
        raise ValueError(f"ReplaySource.last_host_s is 0 for a raw log of no record (records 0), not {last_host_s!r}")
    if end_s is not None and not (_real(end_s) and 0.0 <= end_s <= LONGEST_SESSION_S):
        raise ValueError(f"ReplaySource.end_s is the session's end its raw log says, seconds from 0 to 366 days, or "
                         f"None without one, not {end_s!r}")
    if not isinstance(skipped, tuple) or not all(isinstance(s, SkippedSpan) for s in skipped):
        raise ValueError(f"ReplaySource.skipped is a tuple of the raw log's damaged spans (SkippedSpan), not "
                         f"{skipped!r}")
    if not isinstance(lost, dict) or not all(foot in FEET and _whole(n, 1) for foot, n in lost.items()):
        raise ValueError(f"ReplaySource.lost maps left or right to the frames its close counted, a whole number "
                         f"from 1, not {lost!r}")
