"""A recorded session checked for replay (:class:`ReplaySource`): its directory, SessionInfo and raw log,
read through once before anything is replayed, and the span a replay covers (:func:`replayed_span_s`).
monitor.live.replay runs the replay itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import SessionFormatError
from monitor.session.directory import RAW_LOG, SESSION_JSON, check_is_directory, read_info
from monitor.session.info import SessionInfo
from monitor.session.log_counted import check_log_holds_counted, feet_lost
from monitor.session.model import log_ends_words
from monitor.session.rawlog import SkippedSpan, raw_log_outline
from monitor.util.arguments import path_argument
from monitor.util.textfiles import there


@dataclass(frozen=True)
class ReplaySource:
    """A session checked for replay: its directory, SessionInfo and raw log, read through once.

    ``records``: how many the raw log holds; ``last_host_s``: host seconds of the last one; ``skipped``:
    its damaged spans; ``lost``: per foot of a closed session the log holds no frame of though its close
    counted some, that count (monitor.session.log_counted.feet_lost, as Session.log_lost); ``end_s``: the
    session's end (session s) the log's ``session_end`` record says (None without one: monitor.session.log_end).
    :meth:`open` makes one, saying each damaged span (a RawLogDamaged warning) as it reads the log; a replay of one
    made otherwise says those it reads that ``skipped`` does not hold (monitor.session.rawlog.spans_said)."""

    path: Path
    info: SessionInfo
    raw: Path
    records: int
    last_host_s: float
    skipped: tuple[SkippedSpan, ...] = ()
    lost: dict[str, int] = field(default_factory=dict)
    end_s: float | None = None

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
            raise SessionFormatError(f"{path}: not a session directory (no {SESSION_JSON}, no {RAW_LOG})")
        if there(raw) and not raw.is_file():
            raise SessionFormatError(f"{raw}: not a file")
        if not raw.is_file():
            raise SessionFormatError(f"{path} has no raw log ({RAW_LOG}); replay needs a recorded session; "
                                     "use `solewatch analyze` (monitor.analyze) for imported sessions")
        info = read_info(path)
        outline = raw_log_outline(raw)  # every event checked
        # a closed session's log emptied, or cut before its first frame (events alone are no frame to replay)
        check_log_holds_counted(raw, info, holds_frames=outline.notifications > 0)
        return cls(path, info, raw, outline.records, outline.last_host_s, outline.skipped,  # one foot's frames lost:
                   feet_lost(info, outline.notified_feet), outline.end_s)  # the other's replayed


def replayed_span_s(duration_s: float | None, log_s: float) -> float:
    """What a replay covers (session s): the session's recorded ``duration_s`` (session.json, the end live and
    analyze count a foot's silence to), or ``log_s``, where its raw log ends (its last record, or its last frame
    where that comes later: monitor.session.log_end.raw_log_end_s, as analyze says it), where the log ends before
    the session did as its words say it (to the second: monitor.session.model.log_ends_words), or the
    session has no duration (not closed). A closed session's last notification can come a few frames before
    its end on the host's clock (at 1x, an ORPHE ride's last 0.1 s): its log is whole, and a lost foot's
    silence lasts to the session's end (had: 3,578 frames missing where live said 3,588)."""
    if duration_s is None or log_ends_words(log_s, duration_s):
        return log_s
    return duration_s
