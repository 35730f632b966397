"""A closed session's frames held against the counts its close wrote: ``stats.counters`` in session.json.

A session's close counts each foot's frames (``frames_received`` less ``frames_before_start``). A table or
raw log that holds no frame of a foot so counted lost them (written empty, truncated to nothing): that is
damage, said as such, never read as a session without data (docs/session-format.md). A raw log that holds
frames of one foot but none of the other foot so counted is read for the foot it holds (nothing recorded is
lost), and what it lost is said (monitor.session.lost_words.feet_lost_words); where a view would say such a foot
sent no data, it says its data were lost from the log instead (monitor.session.lost_words.lost_foot_words). A
session that was not closed has no counters and is read as far as its raw log goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from monitor.errors import SessionFormatError
from monitor.session.info import SessionInfo
from monitor.session.rawlog_format import MAGIC


def frames_counted(info: SessionInfo) -> dict[str, int]:
    """Per foot of the session (FEET order), the frames its close counted as kept: ``frames_received`` less
    ``frames_before_start`` of ``stats.counters``; 0 for a foot without counters (a session not closed)."""
    counters = info.stats.get("counters") or {}
    out = {}
    for foot in info.feet:
        named = counters.get(foot) or {}
        out[foot] = int(named.get("frames_received") or 0) - int(named.get("frames_before_start") or 0)
    return out


def check_log_holds_counted(raw: Path, info: SessionInfo, *, holds_frames: bool) -> None:
    """SessionFormatError naming the raw log ``raw`` when it holds no frame (``holds_frames`` False) though
    the session's close counted frames of a foot: ``raw.swlog: empty (0 bytes), though session.json counts
    6,000 frames received from the left foot (stats.counters.left): ...``. A session not closed (no
    counters), or whose close counted none, passes."""
    if holds_frames:
        return
    counted = [(foot, n) for foot, n in frames_counted(info).items() if n > 0]
    if not counted:
        return
    try:
        size = raw.stat().st_size
    except OSError:
        size = -1
    if size == 0:
        what = "empty (0 bytes)"
    elif 0 < size < len(MAGIC):
        what = f"cut short inside its header ({size} bytes)"
    else:
        what = "holds no frame"
    foot, n = counted[0]
    raise SessionFormatError(f"{raw}: {what}, though session.json counts {n:,} frames received from the {foot} "
                             f"foot (stats.counters.{foot}): a raw log that lost its records, not a session "
                             "without data")


def feet_lost(info: SessionInfo, feet_with_frames: Iterable[str]) -> dict[str, int]:
    """Of the feet the session's close counted frames of (:func:`frames_counted`), those not among
    ``feet_with_frames`` (the feet a rebuilt raw log holds frames of), each with its count, in FEET order."""
    held = set(feet_with_frames)
    return {foot: n for foot, n in frames_counted(info).items() if n > 0 and foot not in held}
