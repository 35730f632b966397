"""Raw-log records through a SessionAssembler many at once: the batch path of replay and session rebuilds.

A replay or a rebuild feeds the raw log's records a chunk at a time (:meth:`SessionAssembler.feed_records`
returns a :class:`RecordFeed`): the chunk's notifications are decoded together, runs of ordinary packets
(every sensor, in sequence, no gap) go through the clock in one call with their frame times computed as
arrays (monitor.link.run_times), everything else one at a time through the assembly rules of
monitor.link.assembly. Both ways give the same FrameBlocks for every record, bit for bit, and the same
counters, gaps and late blocks (tests/test_assembly_equivalence.py). Each foot's state is saved before a
chunk (:func:`snapshot`) so that a feed stopped early can go back to the records taken (:func:`restore`).
Pure (no I/O).

One idea: the assembly rules of monitor.link.assembly, many records at once, to the same bits.
"""

from __future__ import annotations

import copy
import math
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import islice
from typing import Any, Generic, TypeVar

import numpy as np

from monitor.codebook import EARLIEST_T_S, FrameBlock
from monitor.errors import OutOfTime, ProtocolError
from monitor.link.assembly import (
    HELD_LATE_HOST_S,
    LINK_DOWN_EVENTS,
    SEQ_MOD,
    FootAssembler,
    SessionAssembler,
    _block,
    start_device_us,
)
from monitor.link.protocol import PressureRows, decode_pressure_kpa_batch
from monitor.link.records import KIND_LOG_DAMAGED, KIND_NOTIFICATION
from monitor.link.run_times import raise_from, run_times
from monitor.link.wire import note_log_damaged

R = TypeVar("R")


def feed_many(fa: FootAssembler, chunk: _Chunk, idx: list[int]) -> None:
    """Feed this foot's records of ``chunk`` (indices ``idx``, in order: its notifications, its
    link-down events, a ``connected`` or ``reconnected`` event that gives its clock's start
    (monitor.link.assembly.start_device_us) and the marks of a damaged raw log); where each record's blocks are
    goes into the chunk.

    Runs of ordinary packets (every sensor, the next sequence number, a period of the layout's, after
    frames kept (so every frame of the run comes after one at EARLIEST_T_S or later), nothing pending, the
    link up and no damage just before, none held back before them
    and none after a silence of the host in which it may have been: FootAssembler._held_back) go through
    :func:`feed_run`; anything else through :meth:`FootAssembler.feed_rows`, :meth:`FootAssembler.note_link_down` or
    :meth:`FootAssembler.note_log_damaged`, as one at a time.
    """
    records, decoded, events = chunk.records, chunk.rows, chunk.events
    n_sensors, periods, j, n = fa._n_sensors, fa._periods_us, 0, len(idx)
    while j < n:
        e = j
        if (fa._pending is None and fa._next_frame_us is not None and fa._last_seq is not None
                and fa._last_t_s >= EARLIEST_T_S and not fa._link_down and not fa._log_damaged and not fa._held):
            last, last_host_s = fa._last_seq, fa.clock.last_host_s
            while e < n:
                rows = decoded[idx[e]]  # None for an event, or a notification that did not decode
                if (rows is None or isinstance(rows, OutOfTime) or rows[3] != 0 or rows[4].shape[1] != n_sensors
                        or rows[0] != (last + 1) % SEQ_MOD or rows[2] not in periods):
                    break
                host_s = records[idx[e]].host_s
                if host_s - last_host_s >= HELD_LATE_HOST_S:  # maybe held back: one at a time
                    break
                if math.isfinite(host_s):  # as the clock keeps it
                    last_host_s = host_s
                last = rows[0]
                e += 1
        taken = feed_run(fa, chunk, idx[j:e]) if e > j else 0
        if taken:
            j += taken
            continue
        i = idx[j]
        if records[i].kind == KIND_LOG_DAMAGED:
            fa.note_log_damaged()
        elif events[i] is not None and (device_us := start_device_us(events[i])) is not None:
            fa.clock.know_start(device_us)
        elif events[i] is not None:
            fa.note_link_down(events[i].get("t_s"))
        else:
            chunk.blocks[i] = fa.feed_rows(records[i].host_s, decoded[i])
        j += 1


def feed_run(fa: FootAssembler, chunk: _Chunk, idx: list[int]) -> int:
    """Records ``idx`` of ``chunk``: whole packets in sequence after frames delivered, nothing pending.
    Those that continue the stream without a gap (the clock unwraps each to where the one before
    ended) are taken at once, their frame times computed as arrays. Returns how many were taken."""
    records, decoded = chunk.records, chunk.rows
    seqs, t_us, hosts, counts, periods = [], [], [], [], []
    for i in idx:
        rows = decoded[i]
        seqs.append(rows[0])
        t_us.append(rows[1])
        periods.append(rows[2])
        counts.append(rows[4].shape[0])
        hosts.append(records[i].host_s)
    seg = fa.clock.observe_run(t_us, hosts, counts, periods, fa._next_frame_us)
    c = len(seg.t_first_us)
    if not c:
        return 0
    counts, periods = counts[:c], periods[:c]
    t = run_times(seg, counts, periods)
    # each block must start after the one before (+1 us) and not run backwards (FootAssembler's
    # rule, a running maximum); where it does, that block and those after are raised one by one
    lows = np.empty(c)
    lows[0] = fa._last_t_s + 1e-6
    ends = np.cumsum(counts)
    starts = ends - counts
    lows[1:] = t[ends[:-1] - 1] + 1e-6
    rises = np.ones(len(t), dtype=bool)
    rises[1:] = t[1:] >= t[:-1]
    rises[starts] = t[starts] > lows
    if not rises.all():
        raise_from(t, starts, ends, int(np.searchsorted(ends, int(np.argmin(rises)), side="right")),
                    fa._last_t_s + 1e-6)
    counters = fa.counters
    counters.packets_received += c
    counters.frames_received += int(ends[-1])
    fa._recent.extend(seqs[:c])
    fa._last_seq = seqs[c - 1]
    fa._corrupt_since_good = fa._out_of_time_since_good = 0
    fa._link_down = False
    fa._next_frame_us = seg.t_first_us[-1] + counts[-1] * periods[-1]
    fa._fill_budget_us += sum(k * p for k, p in zip(counts, periods))
    fa._last_t_s = float(t[-1])
    chunk.add_run(idx[:c], t, starts.tolist(), ends.tolist())
    return c


def snapshot(fa: FootAssembler) -> tuple:
    """Everything feeding changes, to go back to with :func:`restore` (lists only grow)."""
    pend = fa._pending
    return (replace(fa.counters), len(fa.gaps), len(fa.late_blocks), fa.clock.copy(), copy.copy(fa.decoder),
            fa._last_seq, deque(fa._recent, maxlen=fa._recent.maxlen), fa._corrupt_since_good,
            fa._out_of_time_since_good, fa._link_down, fa._log_damaged, fa._next_frame_us, fa._last_t_s,
            fa._fill_budget_us, fa._held, fa._down_held, None if not fa.gaps else fa.gaps[-1],
            None if pend is None else replace(pend, rows=pend.rows.copy()), fa._first_t_s, fa.down_before_data_s,
            fa._same_arrival, None if fa.late_ledger is None else fa.late_ledger.copy(), list(fa._start_held))


def restore(fa: FootAssembler, snap: tuple) -> None:
    (fa.counters, n_gaps, n_late, fa.clock, fa.decoder, fa._last_seq, fa._recent, fa._corrupt_since_good,
     fa._out_of_time_since_good, fa._link_down, fa._log_damaged, fa._next_frame_us, fa._last_t_s,
     fa._fill_budget_us, fa._held, fa._down_held, last_gap, fa._pending, fa._first_t_s, fa.down_before_data_s,
     fa._same_arrival, ledger, held) = snap
    fa._start_held = list(held)
    fa.late_ledger = None if ledger is None else ledger.copy()
    del fa.gaps[n_gaps:]
    if last_gap is not None:  # coalescing replaces the last gap
        fa.gaps[-1] = last_gap
    del fa.late_blocks[n_late:]


def _event(rec: Any) -> dict:
    """An event record's event; ProtocolError for a notification (one without a foot, RecordFeed's)."""
    if rec.kind == KIND_NOTIFICATION:
        raise ProtocolError(f"record {getattr(rec, 'index', -1)}: a notification whose foot is none; a "
                            "notification is the left or right insole's")
    return rec.event


def _down_foot(rec: Any) -> str | None:
    """The foot a link-down event record names (None for anything else, or an event that does not read)."""
    try:
        event = rec.event
    except Exception:  # noqa: BLE001 - the feed reports unreadable events itself
        return None
    if isinstance(event, dict) and event.get("event") in LINK_DOWN_EVENTS:
        foot = event.get("foot")
        return foot if isinstance(foot, str) else None
    return None


def decode_batch(asm: SessionAssembler, batch: list) -> list[PressureRows | OutOfTime | None]:
    """The batch's notifications decoded: a stateless kind's many at once per foot, an ordered kind's one
    at a time in record order with its link-down events and the marks of a damaged raw log (as
    :meth:`SessionAssembler.event` and :meth:`SessionAssembler.log_damaged` tell them); OutOfTime for a
    notification whose time is out of its stream's (FootAssembler.feed_rows counts it)."""
    decoded: list[PressureRows | OutOfTime | None] = [None] * len(batch)
    by_foot: dict[str, list[int]] = {}
    ordered = {foot for foot, fa in asm.feet.items() if not fa.decoder.stateless}
    for i, rec in enumerate(batch):
        if rec.kind == KIND_NOTIFICATION and rec.foot in asm.feet:
            if rec.foot in ordered:
                try:
                    decoded[i] = asm.feet[rec.foot].decoder.rows(rec.host_s, rec.payload)
                except OutOfTime as exc:
                    decoded[i] = exc
                except ProtocolError:
                    pass
            else:
                by_foot.setdefault(rec.foot, []).append(i)
        elif ordered and rec.kind == KIND_LOG_DAMAGED:  # as SessionAssembler.log_damaged tells them
            for foot in ordered:
                note_log_damaged(asm.feet[foot].decoder)
        elif ordered and rec.kind != KIND_NOTIFICATION:
            foot = _down_foot(rec)
            if foot in ordered:
                asm.feet[foot].decoder.note_link_down()
    for foot, idx in by_foot.items():  # a stateless kind's notifications: each foot's at once
        layout = asm.feet[foot].layout
        rows = decode_pressure_kpa_batch([batch[i].payload for i in idx], layout.kpa_per_count, layout.most_kpa)
        for i, r in zip(idx, rows):
            decoded[i] = r
    return decoded


def feed_chunk(asm: SessionAssembler, chunk: _Chunk) -> None:
    """Feed the records of ``chunk`` in order, each foot its own (their order between feet does not
    matter: a foot's state depends on its notifications and link events only, but where its clock joins the
    other half of its stream, FootAssembler.partner: then a record at a time); a damaged raw log's mark to
    every foot."""
    idx_by_foot: dict[str, list[int]] = {foot: [] for foot in asm.feet}
    for i, (rec, ev) in enumerate(zip(chunk.records, chunk.events)):
        if rec.kind == KIND_LOG_DAMAGED:
            for idx in idx_by_foot.values():
                idx.append(i)
        elif ev is None:
            idx = idx_by_foot.get(rec.foot)
            if idx is not None:
                idx.append(i)
        else:
            foot = ev.get("foot")
            foot_asm = asm.feet.get(foot) if isinstance(foot, str) else None
            if foot_asm is not None and (ev.get("event") in LINK_DOWN_EVENTS or start_device_us(ev) is not None):
                idx_by_foot[foot_asm.foot].append(i)
    if any(fa.partner is not None and not fa.clock.started and idx_by_foot[foot] for foot, fa in asm.feet.items()):
        for i, foot in sorted((i, foot) for foot, idx in idx_by_foot.items() for i in idx):
            feed_many(asm.feet[foot], chunk, [i])
        return
    for foot, idx in idx_by_foot.items():
        if idx:
            feed_many(asm.feet[foot], chunk, idx)


class _Chunk:
    """Records being fed many at once (RecordFeed): the records, their notifications decoded (None for
    events and what did not decode), their events (None for notifications), and each record's blocks:
    ``blocks[i]`` None (none), a list (fed one at a time), or the index of a run's times in ``times``,
    the record's frames being ``times[blocks[i]][lo[i]:hi[i]]`` and its decoded rows."""

    __slots__ = ("records", "rows", "events", "blocks", "lo", "hi", "times")

    def __init__(self, records: list, rows: list[PressureRows | OutOfTime | None], events: list[dict | None]) -> None:
        self.records, self.rows, self.events = records, rows, events
        n = len(records)
        self.blocks: list[Any] = [None] * n
        self.lo: list[int] = [0] * n
        self.hi: list[int] = [0] * n
        self.times: list[np.ndarray] = []

    def add_run(self, idx: list[int], t: np.ndarray, starts: list[int], ends: list[int]) -> None:
        run, blocks, lo, hi = len(self.times), self.blocks, self.lo, self.hi
        self.times.append(t)
        for i, a, b in zip(idx, starts, ends):
            blocks[i], lo[i], hi[i] = run, a, b

    def blocks_of(self, i: int) -> list[FrameBlock]:
        """Record ``i``'s blocks (made now for a record of a run, so they live only as long as the
        caller keeps them)."""
        b = self.blocks[i]
        if b is None:
            return []
        if type(b) is int:
            rows = self.rows[i]
            return [_block(self.records[i].foot, self.times[b][self.lo[i]:self.hi[i]], rows[4], rows[5])]
        return b


class RecordFeed(Generic[R]):
    """Raw-log records through a :class:`SessionAssembler` many at once
    (:meth:`SessionAssembler.feed_records`); iterating gives ``(record, blocks, event)`` per record. A
    record of kind ``KIND_LOG_DAMAGED`` (monitor.session.rawlog's mark of bytes skipped as damaged) is
    given to every foot (:meth:`SessionAssembler.log_damaged`) and handed out with no blocks and no event.

    Each ``chunk`` of records is read, its notifications decoded per foot with one numpy operation per
    geometry (:func:`monitor.link.protocol.decode_pressure_kpa_batch`), and fed: runs of ordinary packets
    with their frame times computed as arrays, anything else one at a time. The blocks of a record are
    handed out in its turn. The assembler's state runs ahead of the records handed out, to the end of
    their chunk: :meth:`close` sets it back to that of the records taken.

    A record the iterator cannot give, or an event ``event_of`` rejects, raises its error in its turn,
    after the records before it. A notification without a foot (None: no insole's) goes to ``event_of``
    too, which must reject it (monitor.session.rawlog.record_event; without ``event_of``, a ProtocolError):
    dropped, it would read as the radio's loss.
    """

    def __init__(self, asm: SessionAssembler, records: Iterable[R], event_of: Callable[[R], dict] | None,
                 chunk: int) -> None:
        self._asm, self._it, self._size = asm, iter(records), max(1, chunk)
        self._event_of = event_of if event_of is not None else _event
        self._chunk: _Chunk | None = None
        self._pos = self._len = 0
        self._start = 0  # records handed out before the current chunk
        self._snapshot: dict[str, tuple] | None = None
        self._error: BaseException | None = None
        #: Records handed out so far.
        self.taken = 0

    def __iter__(self) -> RecordFeed[R]:
        return self

    def __next__(self) -> tuple[R, list[FrameBlock], dict | None]:
        if self._pos == self._len:
            self._load()
        i = self._pos
        self._pos += 1
        self.taken += 1
        chunk = self._chunk
        b = chunk.blocks[i]
        if type(b) is int:  # a record of a run (_Chunk.blocks_of, inline: the usual record)
            rec, rows = chunk.records[i], chunk.rows[i]
            return rec, [_block(rec.foot, chunk.times[b][chunk.lo[i]:chunk.hi[i]], rows[4], rows[5])], None
        return chunk.records[i], chunk.blocks_of(i), chunk.events[i]

    def _load(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            self._it = iter(())
            raise error
        batch: list[R] = []
        try:
            batch.extend(islice(self._it, self._size))
        except Exception as exc:  # the records read so far first, then the error
            self._error = exc
        events: list[dict | None] = []
        for rec in batch:
            if (rec.kind == KIND_NOTIFICATION and rec.foot is not None) or rec.kind == KIND_LOG_DAMAGED:
                events.append(None)
                continue
            try:
                events.append(self._event_of(rec))
            except Exception as exc:
                self._error = exc
                break
        del batch[len(events):]
        if not batch:
            if self._error is not None:
                self._load()
            raise StopIteration
        asm = self._asm
        self._snapshot = {foot: snapshot(a) for foot, a in asm.feet.items()}
        chunk = _Chunk(batch, decode_batch(asm, batch), events)
        feed_chunk(asm, chunk)
        self._chunk, self._start, self._pos, self._len = chunk, self.taken, 0, len(batch)

    def close(self, taken: int | None = None) -> None:
        """End the feed; the assembler is left as if the first ``taken`` records (by default all those
        handed out) had been fed one at a time. ``taken`` may be no fewer than the records handed out
        before the current chunk."""
        taken = self.taken if taken is None else taken
        if self._snapshot is not None and taken < self._start + self._len:
            if taken < self._start:
                raise ValueError(f"cannot go back to {taken} records: {self._start} were fed for good")
            asm, chunk = self._asm, self._chunk
            for foot, snap in self._snapshot.items():
                restore(asm.feet[foot], snap)
            for rec, rows, ev in list(zip(chunk.records, chunk.rows, chunk.events))[:taken - self._start]:
                if rec.kind == KIND_LOG_DAMAGED:
                    asm.log_damaged()
                elif ev is None and rec.foot in asm.feet and not asm.feet[rec.foot].decoder.stateless:
                    asm.notification(rec.foot, rec.host_s, rec.payload)  # its decoder goes back too
                elif ev is None:
                    asm.notification_rows(rec.foot, rec.host_s, rows)
                else:
                    asm.event(ev)
        self._it, self._chunk, self._snapshot, self._error = iter(()), None, None, None
        self._pos = self._len = 0
        self._start = self.taken = taken
