"""Notifications -> frames, per foot: sequence tracking, gaps, duplicates, slices. Pure (no I/O).

The live link and the session reader both feed raw notifications, in arrival order, through the same
:class:`FootAssembler`, so a session rebuilt from its raw log has exactly the frames the live pipeline saw.

Rules (docs/session-format.md repeats them for users):

* A notification that does not decode is counted as corrupt and skipped.
* ``seq`` counts packets. A jump of k means k packets never arrived: counted as lost, minus any corrupt
  packets received in between (those arrived, unreadable), or, when the link was down in between, counted
  as missed while disconnected.
* A packet whose ``seq`` was already seen is a duplicate: counted, dropped. A packet from behind the
  stream that was not seen is late (reordered): counted; its frames do not enter the live stream
  (the pipeline is causal) but are kept for the frames table, where they fill the missing rows.
* Frames missing between two packets (from device time) become rows of NaN at their expected times, up
  to ``max_fill_s`` of missing data; a longer gap is recorded but not filled. Every gap is a :class:`Gap`.
* Sensor slices (small MTU) are merged into whole frames; a lost slice leaves its sensors NaN.

Two ways in, one result. The live link feeds one notification at a time (:meth:`SessionAssembler.
notification`, a few microseconds each). A replay or a rebuild feeds the raw log's records many at once
(:meth:`SessionAssembler.feed_records`): notifications decoded together, runs of ordinary packets (every
sensor, in sequence, no gap) through the clock in one call and their frame times computed as arrays,
everything else one at a time. Both give the same FrameBlocks for every record, bit for bit, and the same
counters, gaps and late blocks (tests/test_assembly_equivalence.py). A block's arrays may be views into
arrays shared with other blocks (a packet's decoded rows, a run's frame times), never overlapping.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from typing import Any, Generic, TypeVar

import numpy as np

from monitor.clock import ClockMapper, Segments
from monitor.errors import ProtocolError
from monitor.frames import FEET, FrameBlock, SensorLayout
from monitor.protocol import PressurePacket, PressureRows, decode_pressure_kpa, decode_pressure_kpa_batch
from monitor.rawlog import KIND_NOTIFICATION

SEQ_MOD = 1 << 16


@dataclass
class LinkCounters:
    """What one foot's stream did, in packets and frames."""

    packets_received: int = 0
    packets_corrupt: int = 0
    packets_lost: int = 0
    packets_missed_link_down: int = 0
    packets_duplicate: int = 0
    packets_late: int = 0
    frames_received: int = 0
    frames_missing: int = 0
    frames_late: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Gap:
    """Frames that never arrived, ``[start_s, end_s)`` in session seconds."""

    foot: str
    start_s: float
    end_s: float
    frames_missing: int
    packets_lost: int
    reason: str  # "packets lost", "corrupt packets", "link down", "unknown"
    filled: bool  # True when NaN rows stand in the frames table for the missing frames


@dataclass
class _Pending:
    """Frames waiting for their remaining sensor slices."""

    t_first_us: int
    period_us: int
    rows: np.ndarray  # (K, n_sensors) kPa, NaN where not received
    packets_lost: int  # packets lost just before these frames
    gap_reason: str  # why frames before these are missing, if they are


@dataclass
class FootAssembler:
    """Turns one foot's notifications into in-order FrameBlocks.

    Parameters
    ----------
    foot : "left" or "right"
    layout : SensorLayout
        The insole's layout (scale and sensor count).
    speed : float
        Device seconds per host second (1.0 for real insoles).
    max_fill_s : float
        Longest run of missing frames written as NaN rows (guess: a minute keeps short drop-outs visible
        on a regular time axis without filling hours of a foot that is gone).
    keep_late : bool
        Keep late frames in :attr:`late_blocks` (the frames-table builder wants them; the live path not).

    A notification is fed as bytes (:meth:`feed`, the live path) or already decoded
    (:meth:`feed_rows`; :func:`monitor.protocol.decode_pressure_kpa_batch` decodes many at once), and
    runs of them by :class:`SessionAssembler` (:meth:`_feed_many`); the frames, counters and gaps are the
    same every way. A packet that carries every sensor becomes a block of its rows as decoded, no copy.
    """

    foot: str
    layout: SensorLayout
    speed: float = 1.0
    max_fill_s: float = 60.0
    keep_late: bool = False
    counters: LinkCounters = field(default_factory=LinkCounters)
    gaps: list[Gap] = field(default_factory=list)
    late_blocks: list[FrameBlock] = field(default_factory=list)
    clock: ClockMapper = field(init=False)
    _last_seq: int | None = field(default=None, repr=False)
    _recent: deque = field(default_factory=lambda: deque(maxlen=256), repr=False)
    _corrupt_since_good: int = field(default=0, repr=False)
    _link_down: bool = field(default=False, repr=False)
    _next_frame_us: int | None = field(default=None, repr=False)
    _last_t_s: float = field(default=-np.inf, repr=False)
    _pending: _Pending | None = field(default=None, repr=False)
    _n_sensors: int = field(init=False, repr=False)
    _kpa_per_count: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.foot not in FEET:
            raise ValueError(f"foot must be 'left' or 'right', not {self.foot!r}")
        self.clock = ClockMapper(speed=self.speed)
        self._n_sensors = self.layout.n_sensors
        self._kpa_per_count = float(self.layout.kpa_per_count)

    # ----------------------------------------------------------------- link state
    def note_link_down(self) -> None:
        """The link to this foot dropped; the next sequence jump is attributed to it."""
        self._link_down = True

    # ----------------------------------------------------------------- feeding
    def feed(self, host_s: float, data: bytes) -> list[FrameBlock]:
        """Feed one notification (arrival time in host seconds since the session start).

        Returns the FrameBlocks that became complete, in order (possibly none).
        """
        try:
            rows = decode_pressure_kpa(data, self._kpa_per_count)
        except ProtocolError:
            rows = None
        return self.feed_rows(host_s, rows)

    def feed_rows(self, host_s: float, rows: PressureRows | None) -> list[FrameBlock]:
        """Feed one notification decoded with this layout's ``kpa_per_count`` (None: it did not decode);
        see :meth:`feed`."""
        self.counters.packets_received += 1
        if rows is not None:
            seq, t_us, period_us, first, kpa = rows
            if first + kpa.shape[1] <= self._n_sensors:
                return self._accept(host_s, seq, t_us, period_us, first, kpa)
        self.counters.packets_corrupt += 1
        self._corrupt_since_good += 1
        return []

    def feed_packet(self, host_s: float, packet: PressurePacket) -> list[FrameBlock]:
        """Feed one decoded packet that fits the layout (not counted as received); see :meth:`feed`."""
        return self._accept(host_s, packet.seq, packet.t_us, packet.frame_period_us, packet.first_sensor,
                            packet.pressure_kpa(self._kpa_per_count))

    def flush(self) -> list[FrameBlock]:
        """Emit any frames still waiting for their remaining slices (end of stream)."""
        return self._flush_pending()

    # ----------------------------------------------------------------- internals
    def _accept(self, host_s: float, seq: int, t_us: int, period_us: int, first: int,
                kpa: np.ndarray) -> list[FrameBlock]:
        """One packet that decoded and fits the layout; ``kpa`` (frames, slice sensors) from ``first``."""
        counters = self.counters
        lost_here, reason = 0, "unknown"
        if self._last_seq is not None:
            delta = (seq - (self._last_seq + 1)) % SEQ_MOD
            if delta >= SEQ_MOD // 2:  # behind the stream
                if seq in self._recent:
                    counters.packets_duplicate += 1
                else:
                    self._take_late(seq, t_us, period_us, first, kpa)
                return []
            lost_here = delta - self._corrupt_since_good
            if lost_here < 0:
                lost_here = 0
            if self._link_down:
                counters.packets_missed_link_down += lost_here
                reason = "link down"
            else:
                counters.packets_lost += lost_here
                reason = "packets lost" if lost_here else ("corrupt packets" if self._corrupt_since_good
                                                           else "unknown")
        self._last_seq = seq
        self._recent.append(seq)
        self._corrupt_since_good = 0
        self._link_down = False

        clock = self.clock
        t_first_us = clock.unwrap_us(t_us, host_s)
        k, m = kpa.shape
        clock.observe((t_first_us + (k - 1) * period_us) * 1e-6, host_s)

        out: list[FrameBlock] = []
        pend = self._pending
        if pend is not None and (pend.t_first_us != t_first_us or pend.rows.shape[0] != k):
            out = self._flush_pending()
            pend = None
        complete = first + m >= self._n_sensors
        if pend is None:
            if complete and first == 0:  # every sensor: nothing to wait for or merge
                out.extend(self._deliver(t_first_us, period_us, kpa, lost_here, reason))
                return out
            self._pending = _Pending(t_first_us, period_us, self._full_rows(first, kpa), lost_here, reason)
        else:  # another slice of the same frames
            got = ~np.isnan(kpa)
            pend.rows[:, first:first + m][got] = kpa[got]
            pend.packets_lost += lost_here
        if complete:
            out.extend(self._flush_pending())
        return out

    def _full_rows(self, first: int, kpa: np.ndarray) -> np.ndarray:
        """(frames, n_sensors) kPa of a slice, NaN for the sensors it does not carry (a new array)."""
        rows = np.full((kpa.shape[0], self._n_sensors), np.nan)
        rows[:, first:first + kpa.shape[1]] = kpa
        return rows

    def _flush_pending(self) -> list[FrameBlock]:
        pend, self._pending = self._pending, None
        if pend is None:
            return []
        return self._deliver(pend.t_first_us, pend.period_us, pend.rows, pend.packets_lost, pend.gap_reason)

    def _deliver(self, t_first_us: int, period: int, rows: np.ndarray, packets_lost: int,
                 gap_reason: str) -> list[FrameBlock]:
        """Frames ``rows`` (k, n_sensors) from device time ``t_first_us``: a block, after a gap if any."""
        k = rows.shape[0]
        out: list[FrameBlock] = []
        if self._next_frame_us is not None:
            missing = int(round((t_first_us - self._next_frame_us) / period))
            if missing < 0:  # frames from before what was already delivered
                self.counters.frames_late += k
                return []
            if missing > 0:
                out.extend(self._gap(t_first_us, period, rows.shape[1], missing, packets_lost, gap_reason))
        out.append(_block(self.foot, np.array(self._to_session(t_first_us, k, period)), rows))
        self.counters.frames_received += k
        self._next_frame_us = t_first_us + k * period
        return out

    def _gap(self, t_first_us: int, period: int, n_cols: int, missing: int, packets_lost: int,
             gap_reason: str) -> list[FrameBlock]:
        """Record the frames missing before ``t_first_us``; NaN rows for them when the gap is short."""
        self.counters.frames_missing += missing
        fill = missing * period * 1e-6 <= self.max_fill_s
        t_gap = self._to_session(self._next_frame_us, missing if fill else 1, period, commit=fill)
        end_s = self.clock.session_s(t_first_us * 1e-6)
        self.gaps.append(Gap(self.foot, t_gap[0], max(end_s, t_gap[-1]), missing, packets_lost, gap_reason,
                             fill))
        if not fill:
            return []
        return [_block(self.foot, np.array(t_gap), np.full((missing, n_cols), np.nan))]

    def _to_session(self, t_first_us: int, count: int, period: int, commit: bool = True) -> list[float]:
        """Session seconds of ``count`` frames from device time ``t_first_us``, never earlier than the
        frames already delivered."""
        t = self.clock.frame_times_s(t_first_us, count, period, floor_s=self._last_t_s + 1e-6)
        if commit and t:
            self._last_t_s = t[-1]
        return t

    def _take_late(self, seq: int, t_us: int, period_us: int, first: int, kpa: np.ndarray) -> None:
        self.counters.packets_late += 1
        if self.counters.packets_lost > 0:
            self.counters.packets_lost -= 1
        self._recent.append(seq)
        k = kpa.shape[0]
        self.counters.frames_late += k
        if not self.keep_late:
            return
        t_first_us = self.clock.unwrap_behind_us(t_us)
        t_s = np.array(self.clock.frame_times_s(t_first_us, k, period_us))
        self.late_blocks.append(_block(self.foot, t_s, self._full_rows(first, kpa)))

    # ----------------------------------------------------------------- many at once
    def _feed_many(self, chunk: _Chunk, idx: list[int]) -> None:
        """Feed this foot's records of ``chunk`` (indices ``idx``, in order: its notifications and its
        link-down events); where each record's blocks are goes into the chunk.

        Runs of ordinary packets (every sensor, the next sequence number, after frames delivered and
        nothing pending) go through :meth:`_feed_run`; anything else through :meth:`feed_rows` or
        :meth:`note_link_down`, as one at a time.
        """
        records, decoded, events = chunk.records, chunk.rows, chunk.events
        n_sensors, j, n = self._n_sensors, 0, len(idx)
        while j < n:
            e = j
            if self._pending is None and self._next_frame_us is not None and self._last_seq is not None:
                last = self._last_seq
                while e < n:
                    rows = decoded[idx[e]]  # None for an event, or a notification that did not decode
                    if (rows is None or rows[3] != 0 or rows[4].shape[1] != n_sensors
                            or rows[0] != (last + 1) % SEQ_MOD):
                        break
                    last = rows[0]
                    e += 1
            taken = self._feed_run(chunk, idx[j:e]) if e > j else 0
            if taken:
                j += taken
                continue
            i = idx[j]
            if events[i] is not None:
                self.note_link_down()
            else:
                chunk.blocks[i] = self.feed_rows(records[i].host_s, decoded[i])
            j += 1

    def _feed_run(self, chunk: _Chunk, idx: list[int]) -> int:
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
        seg = self.clock.observe_run(t_us, hosts, counts, periods, self._next_frame_us)
        c = len(seg.t_first_us)
        if not c:
            return 0
        counts, periods = counts[:c], periods[:c]
        t = _run_times(seg, counts, periods)
        # each block must start after the one before (+1 us) and not run backwards (FootAssembler's
        # rule, a running maximum); where it does, that block and those after are raised one by one
        lows = np.empty(c)
        lows[0] = self._last_t_s + 1e-6
        ends = np.cumsum(counts)
        starts = ends - counts
        lows[1:] = t[ends[:-1] - 1] + 1e-6
        rises = np.ones(len(t), dtype=bool)
        rises[1:] = t[1:] >= t[:-1]
        rises[starts] = t[starts] > lows
        if not rises.all():
            _raise_from(t, starts, ends, int(np.searchsorted(ends, int(np.argmin(rises)), side="right")),
                        self._last_t_s + 1e-6)
        counters = self.counters
        counters.packets_received += c
        counters.frames_received += int(ends[-1])
        self._recent.extend(seqs[:c])
        self._last_seq = seqs[c - 1]
        self._corrupt_since_good = 0
        self._link_down = False
        self._next_frame_us = seg.t_first_us[-1] + counts[-1] * periods[-1]
        self._last_t_s = float(t[-1])
        chunk.add_run(idx[:c], t, starts.tolist(), ends.tolist())
        return c

    def _snapshot(self) -> tuple:
        """Everything feeding changes, to go back to with :meth:`_restore` (lists only grow)."""
        pend = self._pending
        return (replace(self.counters), len(self.gaps), len(self.late_blocks), self.clock.copy(),
                self._last_seq, deque(self._recent, maxlen=self._recent.maxlen), self._corrupt_since_good,
                self._link_down, self._next_frame_us, self._last_t_s,
                None if pend is None else replace(pend, rows=pend.rows.copy()))

    def _restore(self, snap: tuple) -> None:
        (self.counters, n_gaps, n_late, self.clock, self._last_seq, self._recent, self._corrupt_since_good,
         self._link_down, self._next_frame_us, self._last_t_s, self._pending) = snap
        del self.gaps[n_gaps:]
        del self.late_blocks[n_late:]


def _run_times(seg: Segments, counts: list[int], periods: list[int]) -> np.ndarray:
    """Session times of every frame of the packets in ``seg`` (``counts`` frames ``periods`` apart each),
    float64 (sum(counts),): :meth:`ClockMapper.session_s` right after each packet's arrival, the same
    formulas on the same values as :meth:`ClockMapper.frame_times_s`."""
    c = len(counts)
    if counts.count(counts[0]) == c and periods.count(periods[0]) == c:  # the usual: one geometry
        offsets = np.arange(counts[0], dtype=np.int64) * periods[0]
        shape = (c, 1)
    else:
        which = np.repeat(np.arange(c), counts)
        firsts = np.cumsum(counts) - counts
        offsets = (np.arange(len(which), dtype=np.int64) - firsts[which]) * np.asarray(periods)[which]
        shape = (c,)
    def per_frame(values: list, dtype: type = float) -> np.ndarray:
        a = np.asarray(values, dtype=dtype)
        return a.reshape(shape) if len(shape) == 2 else a[which]
    d = (per_frame(seg.t_first_us, np.int64) + offsets) * 1e-6
    split = per_frame(seg.last_frame_s)
    before = per_frame(seg.prev_session_s) + (d - per_frame(seg.prev_device_s)) * per_frame(seg.prev_rate)
    now = per_frame(seg.mapped_s) + (d - split) * per_frame(seg.rate)
    return np.where(d < split, before, now).reshape(-1)


def _raise_from(t: np.ndarray, starts: np.ndarray, ends: np.ndarray, first: int, low0: float) -> None:
    """Apply the running maximum to blocks ``first``... of ``t`` in place, each from the one before's last
    time + 1e-6 (``low0`` for block 0)."""
    low = float(t[ends[first - 1] - 1]) + 1e-6 if first else low0
    for a, b in zip(starts[first:].tolist(), ends[first:].tolist()):
        for i in range(a, b):
            if t[i] > low:
                low = float(t[i])
            t[i] = low
        low += 1e-6


def _block(foot: str, t_s: np.ndarray, pressure_kpa: np.ndarray) -> FrameBlock:
    """A FrameBlock of arrays already right (float64 ``t_s`` (n,), ``pressure_kpa`` (n, n_sensors)),
    without FrameBlock's conversions and checks."""
    block = object.__new__(FrameBlock)
    block.__dict__.update(foot=foot, t_s=t_s, pressure_kpa=pressure_kpa, imu=None)
    return block


class _Chunk:
    """Records being fed many at once (RecordFeed): the records, their notifications decoded (None for
    events and what did not decode), their events (None for notifications), and each record's blocks:
    ``blocks[i]`` None (none), a list (fed one at a time), or the index of a run's times in ``times``,
    the record's frames being ``times[blocks[i]][lo[i]:hi[i]]`` and its decoded rows."""

    __slots__ = ("records", "rows", "events", "blocks", "lo", "hi", "times")

    def __init__(self, records: list, rows: list[PressureRows | None], events: list[dict | None]) -> None:
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
            return [_block(self.records[i].foot, self.times[b][self.lo[i]:self.hi[i]], self.rows[i][4])]
        return b


#: Link events that mean a foot's link went down (docs/session-format.md lists every event).
LINK_DOWN_EVENTS = ("disconnected",)
#: Records :meth:`SessionAssembler.decode` and :meth:`SessionAssembler.feed_records` take at once: about
#: 10 s of two feet at 100 Hz (measured on bench_replay.py's hour: from 256 to 2048 records the cost per
#: record is the same, within the machine's noise).
DECODE_CHUNK = 2048
R = TypeVar("R")
#: Marks a link-down event among a foot's notifications (FootAssembler._feed_many).
_LINK_DOWN = object()


@dataclass
class SessionAssembler:
    """Both feet: routes raw-log records (notifications and link events) to each foot's assembler.

    The live link and the session reader drive this one class with the same records in the same order,
    so the frames they produce are the same.
    """

    layouts: dict[str, SensorLayout]
    speed: float = 1.0
    keep_late: bool = False
    max_fill_s: float = 60.0
    feet: dict[str, FootAssembler] = field(init=False)

    def __post_init__(self) -> None:
        self.feet = {
            foot: FootAssembler(foot, layout, speed=self.speed, keep_late=self.keep_late,
                                max_fill_s=self.max_fill_s)
            for foot, layout in self.layouts.items()
        }

    def notification(self, foot: str, host_s: float, data: bytes) -> list[FrameBlock]:
        """One pressure notification from ``foot``; returns the frames that became complete."""
        asm = self.feet.get(foot)
        return asm.feed(host_s, data) if asm is not None else []

    def notification_rows(self, foot: str, host_s: float, rows: PressureRows | None) -> list[FrameBlock]:
        """One pressure notification from ``foot`` as :meth:`decode` gave it; the same as
        :meth:`notification` of its bytes."""
        asm = self.feet.get(foot)
        return asm.feed_rows(host_s, rows) if asm is not None else []

    def decode(self, records: Iterable[R], chunk: int = DECODE_CHUNK
               ) -> Iterator[tuple[R, PressureRows | None]]:
        """Each record with its notification decoded (None for an event, a foot without a layout, or a
        notification that does not decode), ``chunk`` records read ahead and decoded at once.

        ``records`` are raw-log records (``kind``, ``foot``, ``host_s``, ``payload``, as
        :class:`monitor.rawlog.RawRecord`). Decoding changes no state: feed the records
        (:meth:`notification_rows`, :meth:`event`) in their turn.
        """
        it = iter(records)
        while True:
            batch = list(islice(it, chunk))
            if not batch:
                return
            yield from zip(batch, self._decode_batch(batch))

    def _decode_batch(self, batch: list) -> list[PressureRows | None]:
        decoded: list[PressureRows | None] = [None] * len(batch)
        by_foot: dict[str, list[int]] = {}
        for i, rec in enumerate(batch):
            if rec.kind == KIND_NOTIFICATION and rec.foot in self.feet:
                by_foot.setdefault(rec.foot, []).append(i)
        for foot, idx in by_foot.items():
            rows = decode_pressure_kpa_batch([batch[i].payload for i in idx],
                                             self.feet[foot].layout.kpa_per_count)
            for i, r in zip(idx, rows):
                decoded[i] = r
        return decoded

    def feed_records(self, records: Iterable[R], event_of: Callable[[R], dict] | None = None,
                     chunk: int = DECODE_CHUNK) -> RecordFeed[R]:
        """Feed raw-log records in order, many at once: iterate the returned :class:`RecordFeed` for,
        per record, the record, the FrameBlocks its notification completed, and for an event record its
        event (``event_of(record)``, by default ``record.event``).

        ``records`` are raw-log records (``kind``, ``foot``, ``host_s``, ``payload``, as
        :class:`monitor.rawlog.RawRecord`). The frames, counters, gaps and late blocks are those of
        :meth:`notification` and :meth:`event` one record at a time (the same bits, the same blocks for
        each record); the records are read and fed ``chunk`` at a time, so stop early with
        :meth:`RecordFeed.close`.
        """
        return RecordFeed(self, records, event_of, chunk)

    def _feed_chunk(self, chunk: _Chunk) -> None:
        """Feed the records of ``chunk`` in order, each foot its own (their order between feet does not
        matter: a foot's state depends on its notifications and link events only)."""
        idx_by_foot: dict[str, list[int]] = {foot: [] for foot in self.feet}
        for i, (rec, ev) in enumerate(zip(chunk.records, chunk.events)):
            if ev is None:
                idx = idx_by_foot.get(rec.foot)
                if idx is not None:
                    idx.append(i)
            else:
                asm = self.feet.get(ev.get("foot", ""))
                if asm is not None and ev.get("event") in LINK_DOWN_EVENTS:
                    idx_by_foot[asm.foot].append(i)
        for foot, idx in idx_by_foot.items():
            if idx:
                self.feet[foot]._feed_many(chunk, idx)

    def event(self, event: dict) -> None:
        """One link event (a dict with at least "event" and usually "foot")."""
        asm = self.feet.get(event.get("foot", ""))
        if asm is not None and event.get("event") in LINK_DOWN_EVENTS:
            asm.note_link_down()

    def finish(self) -> list[FrameBlock]:
        """End of stream: frames still waiting for slices."""
        out: list[FrameBlock] = []
        for asm in self.feet.values():
            out.extend(asm.flush())
        return out

    def counters(self) -> dict[str, dict[str, int]]:
        return {foot: asm.counters.as_dict() for foot, asm in self.feet.items()}

    def gaps(self) -> list[Gap]:
        return [g for asm in self.feet.values() for g in asm.gaps]


class RecordFeed(Generic[R]):
    """Raw-log records through a :class:`SessionAssembler` many at once
    (:meth:`SessionAssembler.feed_records`); iterating gives ``(record, blocks, event)`` per record.

    Each ``chunk`` of records is read, its notifications decoded per foot with one numpy operation per
    geometry (:func:`monitor.protocol.decode_pressure_kpa_batch`), and fed: runs of ordinary packets
    with their frame times computed as arrays, anything else one at a time. The blocks of a record are
    handed out in its turn. The assembler's state runs ahead of the records handed out, to the end of
    their chunk: :meth:`close` sets it back to that of the records taken.

    A record the iterator cannot give, or an event ``event_of`` rejects, raises its error in its turn,
    after the records before it.
    """

    def __init__(self, asm: SessionAssembler, records: Iterable[R], event_of: Callable[[R], dict] | None,
                 chunk: int) -> None:
        self._asm, self._it, self._size = asm, iter(records), max(1, chunk)
        self._event_of = event_of if event_of is not None else (lambda rec: rec.event)
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
            if rec.kind == KIND_NOTIFICATION:
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
        self._snapshot = {foot: a._snapshot() for foot, a in asm.feet.items()}
        chunk = _Chunk(batch, asm._decode_batch(batch), events)
        asm._feed_chunk(chunk)
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
                asm.feet[foot]._restore(snap)
            for rec, rows, ev in list(zip(chunk.records, chunk.rows, chunk.events))[:taken - self._start]:
                if ev is None:
                    asm.notification_rows(rec.foot, rec.host_s, rows)
                else:
                    asm.event(ev)
        self._it, self._chunk, self._snapshot, self._error = iter(()), None, None, None
        self._pos = self._len = 0
        self._start = self.taken = taken
