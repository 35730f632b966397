"""Salvage after damage in a raw log: where the next sound record starts, and what was skipped.

The reader (monitor.session.rawlog) calls :func:`resync` from a damaged record; the bytes up to the record it
finds are a :class:`SkippedSpan`: reported, never filled.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from monitor.link.records import KIND_EVENT, KIND_NOTIFICATION
from monitor.session.rawlog_format import FOOT_NAMES, MAX_BODY, host_time_ok
from monitor.session.rawlog_format import HEAD as _HEAD
from monitor.session.rawlog_format import U32 as _U32
from monitor.session.rawlog_format import read_at as _read_at
from monitor.util.path_errors import said_path


@dataclass(frozen=True)
class SkippedSpan:
    """Bytes of a raw log skipped as damaged: ``n_bytes`` from byte ``offset`` on. ``after_host_s``: host
    seconds of the last sound record before them (None: they start the log); ``before_host_s``: of the
    first sound record after them (None: no sound record follows, they run to the end of the file)."""

    offset: int
    n_bytes: int
    after_host_s: float | None
    before_host_s: float | None

    def text(self, path: Path) -> str:
        """One line: ``raw.swlog: byte 4096: 58 bytes damaged, skipped (host time 12.340 s to 12.420 s
        missing); the records before and after are read``."""
        a = "the start" if self.after_host_s is None else f"{self.after_host_s:.3f} s"
        b = "the end" if self.before_host_s is None else f"{self.before_host_s:.3f} s"
        after = ("the records before and after are read" if self.before_host_s is not None
                 else "no sound record after them; the records before are read")
        return (f"{said_path(path)}: byte {self.offset}: {self.n_bytes} bytes damaged, skipped (host time {a} to {b} "
                f"missing); {after}")


#: How far a record found after damage may be behind the last sound record's host time, in host seconds,
#: to be taken without a sound record right after it (guess: the recorder writes records in the order of
#: their host times, so a second is generous).
RESYNC_BACK_S = 1.0
#: Bytes searched at once for a record start after damage (guess: large against a record, small in memory).
RESYNC_BYTES = 1 << 16
#: The shortest record: length, kind, foot, host time, CRC-32, no payload.
_LEAST = 4 + 1 + 1 + 8 + 4


def resync(path: Path, fh: BinaryIO, start: int, end: int,
            after_host_s: float | None) -> tuple[int, float] | None:
    """The first byte offset at or after ``start`` where a sound record starts, and its host time; None
    when no sound record starts before ``end``. Sound: a length of ``_HEAD.size`` to ``MAX_BODY`` that
    ends within the file, a known kind and foot, its body's CRC-32, a host time from 0 to LONGEST_HOST_S
    (rawlog_format.host_time_ok), and either a host time not more
    than RESYNC_BACK_S before ``after_host_s`` (the last sound record's) or a sound record right after it,
    or the file's end. Random bytes pass the first checks at about 2^-25 of positions and the CRC-32 at
    2^-32 of those; the file position is left anywhere."""
    p = start
    while end - p >= _LEAST:
        window = _read_at(path, fh, p, min(RESYNC_BYTES, end - p))
        m = len(window) - (4 + _HEAD.size) + 1  # positions whose length, kind, foot and host time are here
        if m <= 0:
            return None
        lengths = np.ndarray((m,), dtype="<u4", buffer=window, offset=0, strides=(1,)).astype(np.int64)
        kinds = np.frombuffer(window, dtype=np.uint8, count=m, offset=4)
        feet = np.frombuffer(window, dtype=np.uint8, count=m, offset=5)
        room = (end - p - 8) - np.arange(m, dtype=np.int64)  # body bytes the file holds from each position
        maybe = ((lengths >= _HEAD.size) & (lengths <= MAX_BODY) & (lengths <= room)
                 & ((kinds == KIND_NOTIFICATION) | (kinds == KIND_EVENT))
                 & ((feet == 0) | (feet == 1) | (feet == 255)))
        for i in np.flatnonzero(maybe).tolist():
            q = p + i
            sound = _sound_at(path, fh, q, end)
            if sound is None:
                continue
            host_s, q_end = sound
            if (_in_time(host_s, after_host_s) or q_end == end
                    or (end - q_end >= _LEAST and _sound_at(path, fh, q_end, end) is not None)):
                return q, host_s
        p += m
    return None


def _in_time(host_s: float, after_host_s: float | None) -> bool:
    """A host time that can follow ``after_host_s`` (None or not finite: any finite one)."""
    if not math.isfinite(host_s):
        return False
    return after_host_s is None or not math.isfinite(after_host_s) or host_s >= after_host_s - RESYNC_BACK_S


def _sound_at(path: Path, fh: BinaryIO, q: int, end: int) -> tuple[float, int] | None:
    """(host time, end offset) of the record at byte ``q`` when it is whole within ``end`` and sound (length,
    CRC-32, kind, foot, a host time a record can have: rawlog_format.host_time_ok); None otherwise."""
    head = _read_at(path, fh, q, 4 + _HEAD.size)
    if len(head) < 4 + _HEAD.size:
        return None
    (n,) = _U32.unpack_from(head, 0)
    q_end = q + 4 + n + 4
    if n < _HEAD.size or n > MAX_BODY or q_end > end:
        return None
    kind, foot_code, host_s = _HEAD.unpack_from(head, 4)
    if kind not in (KIND_NOTIFICATION, KIND_EVENT) or foot_code not in FOOT_NAMES or not host_time_ok(host_s):
        return None
    rest = _read_at(path, fh, q + 4, n + 4)
    if len(rest) < n + 4 or zlib.crc32(memoryview(rest)[:n]) != _U32.unpack_from(rest, n)[0]:
        return None
    return host_s, q_end
