"""Records of one length in a raw log, checked and read at once: numpy over their length, kind, foot and
host-time fields, one CRC-32 each.

The reader (monitor.session.rawlog) asks :func:`same_length_run` how many records from a position are whole,
sound and of the length of the record before; :func:`has_event` whether one of them is an event;
:func:`run_records` gives them as RawRecords. The first record that is not sound ends the run and the reader
reads it alone, so the records, skipped spans and errors are those of reading one record at a time. Pure:
bytes in, counts and records out.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np

from monitor.link.records import KIND_EVENT, KIND_NOTIFICATION, RawRecord
from monitor.session.rawlog_format import FOOT_NAMES, host_time_ok
from monitor.session.rawlog_format import HEAD as _HEAD
from monitor.session.rawlog_format import U32 as _U32

#: Records of one length read at once, at least (guess: below a few, numpy's set-up costs more than the
#: record-by-record walk saves; a notification stream is runs of thousands of one length).
MIN_RUN = 4


def same_length_run(data: bytes, at: int, n: int, avail: int) -> int:
    """How many records from ``data[at:]`` (``avail`` bytes of the log there) have body length ``n`` and
    are whole and sound: the same length field, the CRC-32 of their body, a known kind and foot, a host time
    from 0 to LONGEST_HOST_S (rawlog_format.host_time_ok, NaN not). 0 when
    fewer than MIN_RUN: the record-by-record walk reads them (and says what is wrong where)."""
    step = n + 8
    total = avail // step
    if total < MIN_RUN:
        return 0
    for i in range(1, MIN_RUN):  # a short run (the Moticon stream's are of 2) is told before numpy's set-up
        if _U32.unpack_from(data, at + i * step)[0] != n:
            return 0
    k, window = MIN_RUN, MIN_RUN
    while k < total:  # the length fields a window at a time, each twice the last: work in step with the run
        w = min(window, total - k)
        lengths = np.ndarray((w,), dtype="<u4", buffer=data, offset=at + k * step, strides=(step,))
        other = lengths != n
        if other.any():
            k += int(other.argmax())
            break
        k += w
        window *= 2
    if k < MIN_RUN:
        return 0
    kinds = np.ndarray((k,), dtype="u1", buffer=data, offset=at + 4, strides=(step,))
    feet = np.ndarray((k,), dtype="u1", buffer=data, offset=at + 5, strides=(step,))
    crcs = np.ndarray((k,), dtype="<u4", buffer=data, offset=at + 4 + n, strides=(step,))
    view = memoryview(data)
    crc32 = zlib.crc32
    sums = np.fromiter((crc32(view[a : a + n]) for a in range(at + 4, at + 4 + k * step, step)),
                       dtype=np.uint32, count=k)
    hosts = np.ndarray((k,), dtype="<f8", buffer=data, offset=at + 6, strides=(step,))
    bad = ((sums != crcs) | ((kinds != KIND_NOTIFICATION) & (kinds != KIND_EVENT))
           | ((feet != 0) & (feet != 1) & (feet != 255)) | ~host_time_ok(hosts))
    if bad.any():
        k = int(bad.argmax())
    return k if k >= MIN_RUN else 0


def has_event(data: bytes, at: int, n: int, k: int) -> bool:
    """Whether an event is among the ``k`` records of body length ``n`` from ``data[at:]``."""
    kinds = np.ndarray((k,), dtype="u1", buffer=data, offset=at + 4, strides=(n + 8,))
    return bool((kinds != KIND_NOTIFICATION).any())


def run_records(data: bytes, at: int, n: int, k: int, index: int, pos: int) -> Iterator[RawRecord]:
    """The ``k`` records of body length ``n`` from ``data[at:]`` (checked by :func:`same_length_run`),
    numbered from ``index``, the first at file byte ``pos``."""
    step = n + 8
    kinds = np.ndarray((k,), dtype="u1", buffer=data, offset=at + 4, strides=(step,)).tolist()
    feet = np.ndarray((k,), dtype="u1", buffer=data, offset=at + 5, strides=(step,)).tolist()
    hosts = np.ndarray((k,), dtype="<f8", buffer=data, offset=at + 6, strides=(step,)).tolist()
    names, head, new = FOOT_NAMES, _HEAD.size, object.__new__
    for j, (kind, foot, host_s) in enumerate(zip(kinds, feet, hosts)):
        a = at + 4 + j * step
        # RawRecord(kind, ...) without the frozen dataclass's __setattr__ per field: the same record
        rec = new(RawRecord)
        rec.__dict__.update(kind=kind, foot=names[foot], host_s=host_s, payload=data[a + head : a + n],
                            index=index + j, offset=pos + j * step)
        yield rec
