"""Where a recording's raw log ends, in session time: where its ``session_end`` record says the session ended,
the record a recorder writes last as it closes a session (monitor.link.records.SESSION_END_EVENT); in a log
without one (cut short before it, or written before the recorder wrote it), the later of its last record's time
(host time x the recording's speed) and its last frame's.

The end record keeps a whole log whose insoles went silent long before the session's end from reading as cut
short: a Moticon stream whose insoles stop sends nothing more, and a session recorded without `live` logs no
stale-data checks, so the last record was the last datagram (had, of a 2:00 session whose insoles stopped at
0:30 and 0:40: "the raw log ends at 0:52 of the session's 2:00", the replay 0:52 long).

A record's host time x the speed trails the frames it carries when the host's clock runs behind the
insoles' (measured: by a median 0.38 s and up to 0.53 s of a ride recorded at 20x, up to 1.07 s of one at
40x): a log whole to the session's end then had its last record at 0:24 of a session of 0:25 (its last
frame at 24.667 s, the session 24.668 s long), and analyze and replay said the log ends early. The frames
come from decoding the log through the live path's assembler, which a closed session's whole tables spare
it; so it is decoded only where its last record alone reads as ending before the session did
(monitor.session.model.log_ends_words), or the session has no end to read against (not closed: a recorder
killed, whose replay ended at 0:59 of a log whose frames reach 1:00): a rare log, whose end is then said
from its frames too.
"""

from __future__ import annotations

from pathlib import Path

from monitor.session.frames_file import decode_raw_log
from monitor.session.info import SessionInfo
from monitor.session.model import log_ends_words


def log_end_s(last_host_s: float, speed: float, frame_spans: dict[str, tuple[float, float] | None],
              end_s: float | None = None) -> float:
    """Session s where a raw log ends: the latest of ``last_host_s`` (host s of its last record) x ``speed``,
    the last frame of ``frame_spans`` (per foot, session s of its first and last frame, None without one:
    monitor.link.assembly.SessionAssembler.frame_spans) and ``end_s``, the session's end its ``session_end``
    record says (session s; None without one)."""
    frames_end_s = max((span[1] for span in frame_spans.values() if span is not None), default=0.0)
    return max(last_host_s * speed, frames_end_s, 0.0 if end_s is None else end_s)


def raw_log_end_s(raw: Path, info: SessionInfo, last_host_s: float, end_s: float | None = None) -> float:
    """Session s where the raw log ``raw`` of the session ``info`` ends, its last record at ``last_host_s``
    host s, its ``session_end`` record saying ``end_s`` (session s; None without one): the later of ``end_s``
    and that record's time (``last_host_s`` x the speed) where the log has the end record or its last record
    does not read as ending before the closed session (to the second), else :func:`log_end_s` of the log
    decoded (its frames not kept, its damaged spans not said again): as load_session reads a log it rebuilds
    from."""
    host_end_s = last_host_s * info.speed
    if end_s is not None:
        return max(end_s, host_end_s)
    if info.duration_s is not None and not log_ends_words(host_end_s, info.duration_s):
        return host_end_s
    # the log's damaged spans were said as it was read for its events: not again
    _gaps, extra = decode_raw_log(raw, info, lambda _block: None, warn=False)
    return max(host_end_s, log_end_s(extra["last_host_s"], info.speed, extra["frame_spans"]))
