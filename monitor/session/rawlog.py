"""The append-only raw notification log: a session's source of truth. Byte format and I/O, nothing else.

Format (docs/session-format.md): an 8-byte file header ``b"SWRAW01\\n"``, then records

    uint32 body_length | body | uint32 crc32(body)            (little-endian)
    body = uint8 kind | uint8 foot | float64 host_s | payload

``kind`` 1 is a pressure notification (payload = the notification's bytes as received), 2 a link event
(payload = UTF-8 JSON object). ``foot`` 0 left, 1 right, 255 none. ``host_s`` is the host's monotonic
clock in seconds since the session started.

A record cut short at the end of the file (the recorder was killed mid-write), or a damaged record
followed by nothing but zero bytes (a file system that had extended the file but not written it), ends
the log. A damaged record anywhere else (a CRC-32 that does not match, an impossible length or one that
runs past the end with records after it, an unknown kind or foot, a host time that is NaN, infinite,
below 0 or beyond any session even when its CRC-32 matches: a disk error, flipped bytes) is skipped:
the reader scans on byte by byte for the next position where a sound record starts (a plausible length,
its body's CRC-32, a known kind and foot, and a host time at most RESYNC_BACK_S before the last sound
record's, or a sound record right after it), reads on from there, and reports the bytes skipped
(:class:`SkippedSpan`, and a :class:`monitor.errors.RawLogDamaged` warning naming the file and byte). What
they held is missing, never invented. Only a file that does not start with the header is an error (and a
sound event whose payload is not a JSON object, or a sound notification without a foot: :func:`record_event`).

A run of records of one length (a notification stream) is checked and read at once: numpy over their
length, kind, foot and host-time fields, one CRC-32 each (monitor.session.rawlog_runs); the first record that
is not sound ends the run and is read alone, so the records, skipped spans and errors are those of reading one
record at a time.
"""

from __future__ import annotations

import json
import os
import time
import warnings
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from monitor.errors import RawLogDamaged, SessionFormatError, quote, quote_json
from monitor.link.records import KIND_EVENT, KIND_LOG_DAMAGED, KIND_NOTIFICATION, RawRecord, session_end_s
from monitor.session.rawlog_format import FOOT_CODES, FOOT_NAMES, MAGIC, MAX_BODY, host_time_ok
from monitor.session.rawlog_format import HEAD as _HEAD
from monitor.session.rawlog_format import HOST as _HOST
from monitor.session.rawlog_format import U32 as _U32
from monitor.session.rawlog_format import read as _read
from monitor.session.rawlog_format import seek as _seek
from monitor.session.rawlog_resync import SkippedSpan
from monitor.session.rawlog_resync import resync as _resync
from monitor.session.rawlog_runs import has_event, run_records, same_length_run
from monitor.util.path_errors import said_path
from monitor.util.textfiles import DuplicateKey, parse_json

__all__ = ["FOOT_CODES", "FOOT_NAMES", "KIND_EVENT", "KIND_LOG_DAMAGED", "KIND_NOTIFICATION", "MAGIC", "MAX_BODY",
           "LogOutline", "RawLogWriter", "SkippedSpan", "encode_record", "iter_raw_log", "raw_log_outline",
           "record_event"]

_MAGIC_TEXT = f'the line "{MAGIC.decode("ascii").rstrip()}"'


def record_event(path: Path, rec: RawRecord) -> dict[str, Any]:
    """The event of an event record; SessionFormatError naming the file, record and byte when its payload
    is not a UTF-8 JSON object, gives a key twice (named), or its ``foot`` is neither absent, null, "left" nor
    "right". A notification record given to it is one without a foot (foot code 255: none), which no insole
    sends and no recorder writes: the same SessionFormatError (monitor.link.record_feed gives it here rather
    than drop it)."""
    if rec.kind == KIND_NOTIFICATION:
        raise SessionFormatError(f"{said_path(path)}: byte {rec.offset}: record {rec.index} is a notification "
                                 "whose foot is none (code 255); a notification is the left or right insole's")
    try:  # read as every JSON Solewatch reads (not RawRecord.event's json.loads): a key given twice refused
        event = parse_json(rec.payload.decode("utf-8"), finite=False)
    except DuplicateKey as exc:  # the last would be taken silently
        raise SessionFormatError(f"{said_path(path)}: byte {rec.offset}: record {rec.index} is an event whose "
                                 f"payload gives the key {quote(exc.key)} twice (expected each key once)") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: json.JSONDecodeError among them
        event = None
    if not isinstance(event, dict):
        raise SessionFormatError(f"{said_path(path)}: byte {rec.offset}: record {rec.index} is an event whose "
                                 "payload is "
                                 "not a JSON object (expected UTF-8 JSON such as {\"event\": \"connected\"})")
    foot = event.get("foot")
    if foot is not None and not (isinstance(foot, str) and foot in FOOT_CODES):
        raise SessionFormatError(f"{said_path(path)}: byte {rec.offset}: record {rec.index} is an event whose foot "
                                 f"{quote_json(foot)} is not \"left\", \"right\" or null")
    return event


def encode_record(kind: int, foot: str | None, host_s: float, payload: bytes) -> bytes:
    body = _HEAD.pack(kind, FOOT_CODES[foot], host_s) + payload
    return _U32.pack(len(body)) + body + _U32.pack(zlib.crc32(body))


class RawLogWriter:
    """Appends records and flushes them to the OS at least every ``flush_interval_s`` seconds.

    A write error (a full disk) does not raise: the writer stops, keeps the error in :attr:`error`, and
    every later append is ignored, so a live session can carry on without recording.
    """

    def __init__(self, path: Path, *, flush_interval_s: float = 0.5) -> None:
        self.path = Path(path)
        self.flush_interval_s = flush_interval_s
        self.error: OSError | None = None
        self.records = 0
        self.bytes = 0
        #: Host s of the latest record appended (0.0 before any).
        self.last_host_s = 0.0
        self._fh: BinaryIO | None = open(self.path, "xb", buffering=1 << 16)  # noqa: SIM115
        self._last_flush = time.monotonic()
        self._write(MAGIC)
        self.flush()

    def append_notification(self, foot: str, host_s: float, data: bytes) -> None:
        self._write(encode_record(KIND_NOTIFICATION, foot, host_s, bytes(data)))
        self.last_host_s = max(self.last_host_s, host_s)

    def append_event(self, host_s: float, event: dict[str, Any]) -> None:
        payload = json.dumps(event, separators=(",", ":")).encode("utf-8")
        self._write(encode_record(KIND_EVENT, event.get("foot"), host_s, payload))
        self.last_host_s = max(self.last_host_s, host_s)

    def _write(self, blob: bytes) -> None:
        if self._fh is None:
            return
        try:
            self._fh.write(blob)
        except OSError as exc:
            self._fail(exc)
            return
        self.records += 1
        self.bytes += len(blob)
        self.tick()

    def tick(self) -> None:
        """Flush if the last flush is older than the interval (call it periodically too)."""
        if self._fh is not None and time.monotonic() - self._last_flush >= self.flush_interval_s:
            self.flush()

    def flush(self) -> None:
        if self._fh is None:
            return
        try:
            self._fh.flush()
        except OSError as exc:
            self._fail(exc)
        self._last_flush = time.monotonic()

    def close(self) -> None:
        if self._fh is None:
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        except OSError as exc:
            self._fail(exc)
        self._fh = None

    def _fail(self, exc: OSError) -> None:
        self.error = exc
        try:
            if self._fh is not None:
                self._fh.close()
        except OSError:
            pass
        self._fh = None


#: Bytes of a raw log read at once (guess: 4 MiB, large against a record and small against a long session's
#: log: a 4-hour two-foot ride's is about 90 MB).
READ_BYTES = 1 << 22


def iter_raw_log(path: Path, state: dict[str, Any] | None = None, *, marks: bool = False, warn: bool = True
                 ) -> Iterator[RawRecord]:
    """Yield the records of a raw log in order, reading it ``READ_BYTES`` at a time (the file's length when
    it is opened is the log). Records are numbered (``index``) as read: those after damage go on from the
    last one before it. ``marks``: before the first record after bytes skipped as damaged, also yield a
    record of kind ``KIND_LOG_DAMAGED`` (foot None, no payload, that record's host time and ``index``, the
    skipped bytes' ``offset``), so that a reader of the records knows where the log lost some.

    A record cut short or failing its checksum at the very end of the file, or a damaged record followed
    by zero bytes only, ends the iteration, and ``state["truncated_tail_bytes"]`` says how many bytes
    were dropped. Damage before that is skipped: ``state["skipped"]`` lists a :class:`SkippedSpan` for
    each, and each is a RawLogDamaged warning (``warn`` False: none, for a reader of a log whose damage its
    caller has said already). A file that is not a raw log (its header) raises SessionFormatError naming the
    file.
    """
    yield from _read_log(path, state, outline=False, marks=marks, warn=warn)


@dataclass(frozen=True)
class LogOutline:
    """What a raw log holds, read through once: ``records`` (how many, events among them), ``last_host_s``
    (host seconds of the last; 0.0 for none), ``truncated_tail_bytes``, the damaged spans ``skipped``,
    ``notifications`` (how many of the records are notifications: an insole's frames), ``notified_feet``
    (the feet of those, "left"/"right", in that order) and ``end_s``, the session's end (session s) its
    ``session_end`` record says (monitor.link.records.session_end_s; None without one)."""

    records: int
    last_host_s: float
    truncated_tail_bytes: int
    skipped: tuple[SkippedSpan, ...] = ()
    notifications: int = 0
    notified_feet: tuple[str, ...] = ()
    end_s: float | None = None


def raw_log_outline(path: Path) -> LogOutline:
    """:func:`iter_raw_log`'s records counted and each event checked in its turn (:func:`record_event`),
    without a RawRecord for each notification of a run of one length; the same SessionFormatError for a
    damaged log or event."""
    path = Path(path)
    state: dict[str, Any] = {}
    n, notifications, last_host_s, codes, end_s = 0, 0, 0.0, set(), None
    for item in _read_log(path, state, outline=True):
        if type(item) is tuple:  # a run of notifications, and their feet's codes
            count, last_host_s, feet = item
            n += count
            notifications += count
            codes |= feet
            continue
        if item.kind != KIND_NOTIFICATION:
            said_s = session_end_s(record_event(path, item))
            end_s = end_s if said_s is None else said_s
        else:
            notifications += 1
            codes.add(FOOT_CODES[item.foot])
        n += 1
        last_host_s = item.host_s
    feet = tuple(FOOT_NAMES[c] for c in sorted(codes) if FOOT_NAMES.get(c))
    return LogOutline(n, last_host_s, state["truncated_tail_bytes"], tuple(state["skipped"]), notifications, feet,
                      end_s)


def spans_said(path: Path, held: Sequence[SkippedSpan], read: Sequence[SkippedSpan]) -> tuple[SkippedSpan, ...]:
    """The damaged spans of the raw log at ``path``, by byte offset: ``held`` (said already, as a reader that
    warned read them) and those of ``read`` (a reader's with ``warn`` False) not among them, each said now as a
    RawLogDamaged warning naming the file and byte."""
    offsets = {span.offset for span in held}
    new = [span for span in read if span.offset not in offsets]
    for span in new:
        warnings.warn(RawLogDamaged(span.text(path)), stacklevel=1)
    return tuple(sorted((*held, *new), key=lambda span: span.offset))


def _read_log(path: Path, state: dict[str, Any] | None, *, outline: bool, marks: bool = False,
              warn: bool = True) -> Iterator:
    path = Path(path)
    state = state if state is not None else {}
    state["truncated_tail_bytes"] = 0
    state["skipped"] = []
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below, also when the generator is dropped)
        end = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise SessionFormatError(f"{said_path(path)}: cannot read ({exc.strerror or exc})") from None
    try:
        yield from _records(path, fh, end, state, outline, marks, warn)
    finally:
        fh.close()


def _records(path: Path, fh: BinaryIO, end: int, state: dict[str, int], outline: bool,
             marks: bool = False, warn: bool = True) -> Iterator:
    """The log's records in order (``outline``: a run of notifications of one length as a tuple
    ``(count, host_s of the last, the set of their foot codes)``, every other record a RawRecord; ``marks``: a
    KIND_LOG_DAMAGED record where bytes were skipped, as iter_raw_log says; ``warn``: a RawLogDamaged warning
    for each span skipped)."""
    data = _read(path, fh, min(end, max(READ_BYTES, len(MAGIC))))  # the bytes from file offset ``base`` on
    base = 0
    if end < len(MAGIC):
        if MAGIC.startswith(data):  # killed before the header was flushed
            state["truncated_tail_bytes"] = end
            return
        raise SessionFormatError(f"{said_path(path)}: not a Solewatch raw log (the file does not start with "
                                 f"{_MAGIC_TEXT})")
    if data[: len(MAGIC)] != MAGIC:
        raise SessionFormatError(f"{said_path(path)}: not a Solewatch raw log (the file does not start with "
                                 f"{_MAGIC_TEXT})")
    pos, index, last_n = len(MAGIC), 0, -1
    last_host_s: float | None = None  # of the last sound record
    while pos < end:
        if end - pos < 4:
            state["truncated_tail_bytes"] = end - pos
            return
        if pos + 4 > base + len(data):
            data, base = data[pos - base:] + _read(path, fh, max(READ_BYTES, pos + 4 - base - len(data))), pos
        (n,) = _U32.unpack_from(data, pos - base)
        rec_end = pos + 4 + n + 4
        found: tuple[int, float] | None | bool = False  # False: not searched yet
        if n < _HEAD.size or n > MAX_BODY:
            if _zeros_from(path, fh, pos, end):
                state["truncated_tail_bytes"] = end - pos
                return
        elif rec_end > end:  # cut short at the end, unless a sound record follows (then a garbage length)
            found = _resync(path, fh, pos + 1, end, last_host_s)
            if found is None:
                state["truncated_tail_bytes"] = end - pos
                return
        else:
            if rec_end > base + len(data):
                data, base = data[pos - base:] + _read(path, fh, max(READ_BYTES, rec_end - base - len(data))), pos
            at = pos - base
            run = same_length_run(data, at, n, min(end, base + len(data)) - pos) if n == last_n else 0
            last_n = n
            if run:
                last_host_s = _HOST.unpack_from(data, at + (run - 1) * (n + 8) + 6)[0]
                if outline and not has_event(data, at, n, run):
                    feet = np.ndarray((run,), dtype="u1", buffer=data, offset=at + 5, strides=(n + 8,))
                    yield run, last_host_s, set(np.unique(feet).tolist())
                else:
                    yield from run_records(data, at, n, run, index, pos)
                pos += run * (n + 8)
                index += run
                continue
            body = data[at + 4 : at + 4 + n]
            (crc,) = _U32.unpack_from(data, at + 4 + n)
            kind, foot_code, host_s = _HEAD.unpack_from(body, 0)
            if zlib.crc32(body) != crc:
                if rec_end == end or _zeros_from(path, fh, rec_end, end):
                    state["truncated_tail_bytes"] = end - pos
                    return
            elif kind in (KIND_NOTIFICATION, KIND_EVENT) and foot_code in FOOT_NAMES and host_time_ok(host_s):
                yield RawRecord(kind, FOOT_NAMES[foot_code], host_s, body[_HEAD.size :], index, pos)
                last_host_s = host_s
                pos = rec_end
                index += 1
                continue
        # a damaged record with more of the log after it: on from the next sound record, if any
        if found is False:
            found = _resync(path, fh, pos + 1, end, last_host_s)
        skip = SkippedSpan(pos, (end if found is None else found[0]) - pos, last_host_s,
                           None if found is None else found[1])
        state["skipped"].append(skip)
        if warn:
            warnings.warn(RawLogDamaged(skip.text(path)), stacklevel=1)
        if found is None:
            return
        if marks:
            yield RawRecord(KIND_LOG_DAMAGED, None, found[1], b"", index, skip.offset)
        pos, last_n = found[0], -1
        data, base = b"", pos
        _seek(path, fh, pos)


def _zeros_from(path: Path, fh: BinaryIO, start: int, end: int) -> bool:
    """True when the file's bytes ``start`` to ``end`` are all zero (read in pieces; the file position is
    left anywhere)."""
    _seek(path, fh, start)
    while start < end:
        piece = _read(path, fh, min(READ_BYTES, end - start))
        if not piece or piece.count(0) != len(piece):
            return not piece
        start += len(piece)
    return True
