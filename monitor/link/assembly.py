"""Notifications -> frames, per foot: sequence tracking, gaps, duplicates, slices. Pure (no I/O).

One idea: notifications become frames by one set of rules, live and in a rebuild alike.

The live link and the session reader both feed raw notifications, in arrival order, through the same
:class:`FootAssembler`, so a session rebuilt from its raw log has exactly the frames the live pipeline saw.

Rules (docs/session-format.md repeats them for users):

* A notification that does not decode is counted as corrupt and skipped; so is one with a pressure sample
  above the most its layout reads (``SensorLayout.most_kpa``: the decoders refuse it, monitor.link.wire).
  One that decodes but whose device time is out of its stream's (the decoder says so: OutOfTime) is
  counted out of time and skipped. Either arrived: neither is counted lost. A gap whose packets missing
  all arrived so says why: "corrupt packets" where any of them was corrupt, "packets out of time" where
  every one was out of time.
* ``seq`` counts packets. A jump of k means k packets never arrived: counted as lost, minus any corrupt
  packets received in between (those arrived, unreadable), or, when the link was down in between, counted
  as missed while disconnected.
* A packet whose ``seq`` was already seen is a duplicate: counted, dropped. A packet from behind the
  stream that was not seen is late (reordered): counted; its frames do not enter the live stream
  (the pipeline is causal) but are kept for the frames table, where they fill the missing rows.
* A packet whose ``frame_period_us`` is not that of one of the layout's rates counts as corrupt.
* The device counter wraps unseen only while the link is down: with the link up, host times add no wraps,
  so one wrong host time cannot stretch the session (monitor.link.clock). Unless nothing new of the foot
  reached the host for as long as half the ``seq`` range of packets takes (a laptop suspended, a recorder
  stopped with Ctrl-Z: 43.7 min of the Solewatch profile's 8-frame packets at 100 Hz, 5.5 min of the
  Moticon stream's 1-frame datagrams), or a quarter of the device clock's (``CLOCK_UNSURE_S``, 17.9 min),
  whichever is shorter (measured to the newest frame's session time, so packets a buffer held through the
  pause and delivered first do not hide it), and the ``seq`` jumped with the link up (or,
  the link down, when the seq counts time, as the Moticon stream's and Ukaton's do, or reads as behind: a Solewatch
  insole sends nothing while down): then the ``seq`` can have wrapped and says nothing, and the packet's
  place is its device time unwrapped by the host times (never behind the stream); the packets missing are
  counted from that device time (docs/session-format.md, "Host time that jumps ahead").
* After a link down, the very next packet of the stream (the next ``seq``, its device time where the
  stream ended) was held back, however late it arrives: it continues the stream, neither a restart nor a
  wrap unseen. The jump after such packets is still the link's ("link down").
* Packets that continue the stream but arrive more than ``HELD_LATE_HOST_S`` late (a buffer held them
  through a pause of the host and delivered them at once) are placed by their device time and do not
  enter the clock's fit: their arrival says nothing of the device's clock. After them, the stream is
  where their frames lie, not where they arrived: a link down logged after them is not taken for a
  restart, and the device clock's wraps are counted from there.
* Frames missing between two packets (from device time; from the seq jump where the seq counts the
  insole's intervals, Ukaton's and the Moticon stream's) become rows of NaN at their expected times, up
  to ``max_fill_s`` of missing data; a longer gap is recorded but not filled. Every gap is a :class:`Gap`.
* Fills are capped: NaN rows never stand for more time than the frames received plus ``max_fill_s``; a
  gap past the cap is recorded unfilled, its reason saying so. Past ``MAX_GAPS`` gaps a foot's new gaps
  are coalesced into its last one (reason "coalesced"). So the assembler's memory stays bounded under any
  notification stream (tests/test_link_hostile.py).
* Sensor slices (small MTU) are merged into whole frames; a lost slice leaves its sensors NaN.
* No frame is kept before ``EARLIEST_T_S`` (-1 s, monitor.codebook): a foot's first notification, its last
  frame placed at its arrival (0 or later), may hold up to 255 frames up to 65.5 ms apart (16.6 s,
  docs/protocol.md); its frames sampled more than 1 s before the recording began are counted in
  ``frames_before_start`` and dropped, and every frame kept keeps its time. Once a frame is kept, every
  later one comes after it, so only the frames before a foot's first kept one can be dropped so.
* Where both feet are halves of one stream with one time (the Moticon stream's datagrams: the decoder's
  ``one_stream``), the stream has one mapping of its time to session time: a foot's first notification
  after the other foot's stream started takes a copy of the other foot's clock, and from there both clocks
  see the same arrivals, so both feet's frames of one datagram get the same session time, whichever insole
  started first and however the first datagrams arrived (a burst, as the session started). Each BLE insole
  keeps its own clock.
* Where the stream's first datagrams may be a backlog the OS kept (the decoder's ``start_backlog``: the Moticon
  stream), its first whole packets wait while the clock settles (monitor.link.clock, "Settling"), then are
  delivered in order, where they were sent: not a burst late.
* An insole that powered up again while its link was down restarts its ``seq`` and device clock
  (docs/protocol.md): its first packet after the drop lies far from where the host's clock puts it. The
  stream then starts afresh there: nothing is a duplicate of the seqs before, the device time carries on
  at the packet's arrival, and the gap is "link down (the insole restarted)".

Two ways in, one result. The live link feeds one notification at a time (:meth:`SessionAssembler.
notification`, a few microseconds each). A replay or a rebuild feeds the raw log's records many at once
(:meth:`SessionAssembler.feed_records`, the batch path in monitor.link.record_feed): notifications decoded
together, runs of ordinary packets (every sensor, in sequence, no gap) through the clock in one call and
their frame times computed as arrays, everything else one at a time. Both give the same FrameBlocks for
every record, bit for bit, and the same counters, gaps and late blocks (tests/test_assembly_equivalence.py).
A block's arrays may be views into arrays shared with other blocks (a packet's decoded rows, a run's frame
times), never overlapping.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from monitor.codebook import EARLIEST_T_S, FEET, FrameBlock, Gap, SensorLayout
from monitor.errors import OutOfTime, ProtocolError
from monitor.link.clock import HELD_BURST_HOST_S, WRAP_US, ClockMapper
from monitor.link.late_ledger import LateLedger
from monitor.link.protocol import PressurePacket, PressureRows
from monitor.link.records import START_DEVICE_FIELD
from monitor.link.wire import RowsDecoder, note_log_damaged, rows_decoder

if TYPE_CHECKING:  # the batch path imports this module
    from monitor.link.record_feed import RecordFeed

SEQ_MOD = 1 << 16
#: Gaps kept per foot before new ones are coalesced into the last (guess: an hour of a link that drops a
#: packet every second is 3600; the list then holds about 1 MB).
MAX_GAPS = 4000
#: What a gap's reason says when the fill cap left it unfilled.
FILL_CAPPED = " (not filled: fills capped at the data received plus max_fill_s)"
#: After a link down, a first packet whose device time lies further than this from where the host's clock
#: puts it is from an insole that restarted: host seconds (x speed) a busy host's arrivals may be late by,
#: plus a fraction of the time down for the device clock's drift (guesses, generous: a restart resets the
#: clock to 0).
RESTART_LATE_HOST_S = 5.0
RESTART_DOWN_FRACTION = 0.1
#: A gap's reason where the link was down in it; RESTARTED where the insole also powered up again then.
LINK_DOWN = "link down"
RESTARTED = f"{LINK_DOWN} (the insole restarted)"
#: A packet that carries on the stream (the next ``seq``, its device time where the stream ended) and
#: arrives later than the session time of its frames by more than this (host seconds x speed), after a
#: silence of the host as long or, one after another, sooner after the one before than its frames took or
#: monitor.link.clock's HELD_BURST_HOST_S, whichever is longer, was held back (a buffer kept it through a pause of the
#: host): its arrival says nothing of the device's clock and stays out of its fit (monitor.link.clock). The time a busy
#: host's arrivals may be late by, as for a restart (guess).
HELD_LATE_HOST_S = RESTART_LATE_HOST_S
#: Session seconds of silence after which the device clock (monitor.link.clock, 71.6 min) may have wrapped
#: unseen, so a packet after a ``seq`` jump is placed by its device time unwrapped by the host's, whatever
#: its ``seq`` says: a quarter of the clock's range, 17.9 min (from half of it, 35.8 min, the clock reads as
#: behind; the quarter leaves room for the clock's drift and the arrivals' latency, a guess). A ``seq`` may
#: take longer to wrap (43.7 min of the Solewatch profile's 8-frame packets at 100 Hz, 87.4 min at 50 Hz).
CLOCK_UNSURE_S = WRAP_US // 4 * 1e-6
#: A gap's reason where every packet skipped in it decoded but was out of its stream's time (OutOfTime).
OUT_OF_TIME = "packets out of time"
#: A gap's reason where the packets missing were in bytes of the raw log skipped as damaged.
LOG_DAMAGED = "raw log damaged"
#: What a gap's reason says when it came before any frame of the foot was kept (its frames all before
#: EARLIEST_T_S): no NaN rows stand for it, as none would lie after the recording began.
BEFORE_FIRST_KEPT = " (not filled: before the foot's first frame kept)"


def layout_periods_us(layout: SensorLayout) -> frozenset[int]:
    """The frame periods (us) a packet may carry: one per layout rate, 1e6 / rate rounded or truncated."""
    return frozenset(p for r in layout.rates_hz for p in (round(1e6 / r), int(1e6 // r)))


@dataclass
class LinkCounters:
    """What one foot's stream did, in packets and frames. ``packets_out_of_time``: packets that decoded but
    whose device time lay out of the stream's (the decoder's OutOfTime), not in ``packets_corrupt``.
    ``packets_log_damaged``: packets missing where
    bytes of the raw log were skipped as damaged (a rebuild or a replay of a damaged log; 0 live): they
    reached the recorder, so they are not ``packets_lost``. ``frames_before_start``: frames received but
    not kept, sampled before ``EARLIEST_T_S`` (-1 s; only a foot's first notification holds any, when it
    spans more than 1 s), so not in ``frames_received`` and not missing."""

    packets_received: int = 0
    packets_corrupt: int = 0
    packets_out_of_time: int = 0
    packets_lost: int = 0
    packets_log_damaged: int = 0
    packets_missed_link_down: int = 0
    packets_duplicate: int = 0
    packets_late: int = 0
    frames_received: int = 0
    frames_missing: int = 0
    frames_late: int = 0
    frames_before_start: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


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
    count_late : bool
        Count late frames into the gaps they fill in :attr:`late_ledger` (monitor.link.late_ledger), in
        bounded memory: what a recording or a replay says of its gaps (monitor.live.record_summary.late_of).

    A notification is fed as bytes (:meth:`feed`, the live path) or already decoded
    (:meth:`feed_rows`; :func:`monitor.link.protocol.decode_pressure_kpa_batch` decodes many at once), and
    runs of them by :class:`SessionAssembler` (monitor.link.record_feed.feed_many); the frames, counters and
    gaps are the same every way. A packet that carries every sensor becomes a block of its rows as decoded,
    no copy.
    """

    foot: str
    layout: SensorLayout
    speed: float = 1.0
    max_fill_s: float = 60.0
    keep_late: bool = False
    count_late: bool = False
    counters: LinkCounters = field(default_factory=LinkCounters)
    gaps: list[Gap] = field(default_factory=list)
    late_blocks: list[FrameBlock] = field(default_factory=list)
    late_ledger: LateLedger | None = field(default=None, repr=False)  # with count_late
    clock: ClockMapper = field(init=False)
    decoder: RowsDecoder = field(init=False)
    _last_seq: int | None = field(default=None, repr=False)
    _recent: deque = field(default_factory=lambda: deque(maxlen=256), repr=False)
    _corrupt_since_good: int = field(default=0, repr=False)  # packets skipped since the last taken: arrived
    _out_of_time_since_good: int = field(default=0, repr=False)  # of those, the ones out of time
    _link_down: bool = field(default=False, repr=False)
    _log_damaged: bool = field(default=False, repr=False)
    _next_frame_us: int | None = field(default=None, repr=False)
    _last_t_s: float = field(default=-np.inf, repr=False)
    _first_t_s: float | None = field(default=None, repr=False)  # session s of the first frame kept
    _pending: _Pending | None = field(default=None, repr=False)
    _n_sensors: int = field(init=False, repr=False)
    _kpa_per_count: float = field(init=False, repr=False)
    _periods_us: frozenset[int] = field(init=False, repr=False)
    _fill_budget_us: int = field(init=False, repr=False)  # device time NaN rows may still stand for
    _seq_counts_time: bool = field(init=False, repr=False)  # the decoder's seq counts periods of time
    _held: bool = field(default=False, repr=False)  # the last packet was held back (_held_back)
    _down_held: bool = field(default=False, repr=False)  # a link down came before the packets held back
    #: session s of the first link-down before the first frame kept (NaN: its event had no time; None: none)
    down_before_data_s: float | None = field(default=None, repr=False)
    #: the other foot's assembler where both feet are halves of one stream with one time (the decoder's
    #: ``one_stream``: SessionAssembler pairs them); None: this foot's clock is its own (a BLE insole)
    partner: FootAssembler | None = field(default=None, repr=False, compare=False)
    #: (device s, host s) of the arrival the clock copied from the partner (_join_stream) last observed:
    #: this foot's half of the same datagram is not observed again; None once a packet was taken
    _same_arrival: tuple[float, float] | None = field(default=None, repr=False)
    #: the stream's first whole packets while its clock settles (monitor.link.clock, "Settling"): the arguments
    #: of :meth:`_deliver` of each, delivered in order once it has settled
    _start_held: list = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.foot not in FEET:
            raise ValueError(f"foot must be 'left' or 'right', not {self.foot!r}")
        self.decoder = rows_decoder(self.layout, self.speed)
        # a stream whose first datagrams may be a backlog the OS kept: its first frames wait for the burst to end
        self.clock = ClockMapper(speed=self.speed, settles=bool(getattr(self.decoder, "start_backlog", False)))
        if self.count_late and self.late_ledger is None:
            self.late_ledger = LateLedger(0.5 / float(self.layout.current_rate_hz))
        self._n_sensors = self.layout.n_sensors
        self._kpa_per_count = float(self.layout.kpa_per_count)
        self._periods_us = layout_periods_us(self.layout)
        self._seq_counts_time = bool(getattr(self.decoder, "seq_counts_time", False))
        self._fill_budget_us = int(self.max_fill_s * 1e6)

    # ----------------------------------------------------------------- link state
    def note_link_down(self, t_s: object = None) -> None:
        """The link to this foot dropped (its event's ``t_s``, session s, if it has one); the next sequence jump
        is attributed to it. One before the first frame is kept as ``down_before_data_s``."""
        self._link_down = True
        self.clock.settle()  # a burst ends with the link
        if self._first_t_s is None and not self._start_held and self.down_before_data_s is None:
            self.down_before_data_s = float(t_s) if isinstance(t_s, int | float) else math.nan

    def note_log_damaged(self) -> None:
        """Bytes of the raw log were skipped as damaged here: the next sequence jump is attributed to them
        (``packets_log_damaged``, gap reason "raw log damaged"), unless the link was down."""
        self._log_damaged = True

    # ----------------------------------------------------------------- feeding
    def feed(self, host_s: float, data: bytes) -> list[FrameBlock]:
        """Feed one notification (arrival time in host seconds since the session start).

        Returns the FrameBlocks that became complete, in order (possibly none).
        """
        rows: PressureRows | OutOfTime | None
        try:
            rows = self.decoder.rows(host_s, data)
        except OutOfTime as exc:
            rows = exc
        except ProtocolError:
            rows = None
        return self.feed_rows(host_s, rows)

    def feed_rows(self, host_s: float, rows: PressureRows | OutOfTime | None) -> list[FrameBlock]:
        """Feed one notification decoded with this layout's ``kpa_per_count`` (None: it did not decode; an
        OutOfTime: it decoded, its time out of the stream's); see :meth:`feed`."""
        if self.partner is not None and not self.clock.started:
            self._join_stream()
        self.counters.packets_received += 1
        if isinstance(rows, OutOfTime):
            self.counters.packets_out_of_time += 1
            self._corrupt_since_good += 1  # it arrived: not lost
            self._out_of_time_since_good += 1
            return []
        if rows is not None:
            seq, t_us, period_us, first, kpa, imu = rows
            if first + kpa.shape[1] <= self._n_sensors and period_us in self._periods_us:
                return self._accept(host_s, seq, t_us, period_us, first, kpa, imu)
        self.counters.packets_corrupt += 1
        self._corrupt_since_good += 1
        return []

    def feed_packet(self, host_s: float, packet: PressurePacket) -> list[FrameBlock]:
        """Feed one decoded packet that fits the layout, its period one of the layout's (not counted as
        received); see :meth:`feed`."""
        return self._accept(host_s, packet.seq, packet.t_us, packet.frame_period_us, packet.first_sensor,
                            packet.pressure_kpa(self._kpa_per_count))

    def flush(self) -> list[FrameBlock]:
        """Emit any frames still waiting: for their remaining slices, or for the clock to settle (end of stream)."""
        return self._release_start() + self._flush_pending()

    # ----------------------------------------------------------------- internals
    def _join_stream(self) -> None:
        """Before this foot's clock has taken a packet, where the partner's (the other half of the stream) has:
        this foot's clock becomes a copy of the partner's, so both map the stream's time alike from here on. The
        partner's half of this very datagram may have come first: its arrival is then not observed twice."""
        other = self.partner.clock  # type: ignore[union-attr]
        if other.started:
            self.clock = other.copy()
            self._same_arrival = other.last_arrival

    def _accept(self, host_s: float, seq: int, t_us: int, period_us: int, first: int,
                kpa: np.ndarray, imu: np.ndarray | None = None) -> list[FrameBlock]:
        """One packet that decoded and fits the layout; ``kpa`` (frames, slice sensors) from ``first``;
        ``imu`` (frames, 6) or None, kept with a packet that carries every sensor (slices drop it)."""
        counters = self.counters
        lost_here, reason, link_down, down_held = 0, "unknown", self._link_down, self._down_held
        restarted = None
        k = kpa.shape[0]
        held = (self._held or host_s - self.clock.last_host_s >= HELD_LATE_HOST_S) and \
            self._held_back(seq, t_us, period_us, host_s, k)
        if link_down and self._last_seq is not None and (held or self._continues(seq, t_us, period_us)):
            link_down = False  # the very next packet, held back: nothing was missed, no wrap unseen
            down_held = held
        elif down_held and not held:  # the first packet after those held back: as after the link down
            link_down = True
        # after packets held back, where the stream is is where their frames lie, not their arrival
        held_since_s = self._last_t_s / self.speed if self._held and not held and self._last_t_s != -np.inf else None
        if link_down and held_since_s is None and self._last_t_s != -np.inf:
            # after a drop, the host's time counts from where the last frame lies (the clock's lower envelope),
            # not from its arrival, which a busy host heard late: it says nothing of a restart
            held_since_s = self._last_t_s / self.speed
        if link_down and self._last_seq is not None and not down_held:
            restarted = self.clock.restarted_us(t_us, host_s, RESTART_LATE_HOST_S, RESTART_DOWN_FRACTION, held_since_s)
            if restarted is not None:  # a new stream: nothing before it to be a duplicate of, or lost
                self._last_seq, reason = None, RESTARTED
                self._recent.clear()
        unsure = False  # the seq says nothing: the host heard nothing of the foot while it could wrap
        # frames missing before these by the seq, where it counts the insole's intervals and is sure (None: by
        # the time grid): a Ukaton's stamps shift phase on the grid after a stall of its loop, so a 50-ms step
        # at 20 ms is one interval lost, not the grid's 2 frames (monitor.link.ukaton.intervals)
        seq_missing: int | None = None
        if self._last_seq is not None:
            delta = (seq - (self._last_seq + 1)) % SEQ_MOD
            # a Solewatch insole sends nothing while its link is down (docs/protocol.md): its seq is sure then,
            # unless it reads as behind; a seq that counts time (the Moticon stream's, Ukaton's) ran on regardless
            # ... and the device clock can have wrapped too where the seq cannot yet (CLOCK_UNSURE_S)
            unsure = delta != 0 and (not link_down or delta >= SEQ_MOD // 2 or self._seq_counts_time) and \
                self._silence_s(host_s) >= min((SEQ_MOD // 2) * k * period_us * 1e-6, CLOCK_UNSURE_S)
            if unsure:  # after the silence, by device time (unwrapped by the host's): never behind
                since_s = None if self._last_t_s == -np.inf else self._last_t_s / self.speed
                t_first_us = self.clock.unwrap_us(t_us, host_s, may_wrap=True, since_host_s=since_s)
                missing = (t_first_us - self._next_frame_us) / period_us if self._next_frame_us is not None else 0
                delta = max(int(round(missing / k)), 0)
            if delta >= SEQ_MOD // 2 and not unsure:  # behind the stream
                if seq in self._recent:
                    counters.packets_duplicate += 1
                else:
                    self._take_late(seq, t_us, period_us, first, kpa)
                return []
            if self._seq_counts_time and not unsure:
                seq_missing = delta * k
            lost_here = delta - self._corrupt_since_good
            if lost_here < 0:
                lost_here = 0
            if self._link_down or down_held:
                counters.packets_missed_link_down += lost_here
                reason = LINK_DOWN
            elif self._log_damaged and lost_here:
                counters.packets_log_damaged += lost_here
                reason = LOG_DAMAGED
            else:
                counters.packets_lost += lost_here
                reason = "packets lost" if lost_here else self._skipped_reason()
        self._last_seq = seq
        self._recent.append(seq)
        self._corrupt_since_good = self._out_of_time_since_good = 0
        self._link_down = self._log_damaged = False
        self._held, self._down_held = held, down_held and held

        clock = self.clock
        if restarted is not None:
            t_first_us = restarted
        elif not unsure:
            t_first_us = clock.unwrap_us(t_us, host_s, may_wrap=link_down, since_host_s=held_since_s)
        m = kpa.shape[1]
        if not held:
            if self._same_arrival is None:
                clock.observe((t_first_us + (k - 1) * period_us) * 1e-6, host_s)
            else:  # the first packet since the clock was copied from the partner's (_join_stream)
                if self._same_arrival != ((t_first_us + (k - 1) * period_us) * 1e-6, host_s):
                    clock.observe((t_first_us + (k - 1) * period_us) * 1e-6, host_s)
                self._same_arrival = None

        out: list[FrameBlock] = self._release_start() if self._start_held and not clock.settling else []
        pend = self._pending
        if pend is not None and (pend.t_first_us != t_first_us or pend.rows.shape[0] != k):
            out += self._flush_pending()
            pend = None
        complete = first + m >= self._n_sensors
        if pend is None:
            if complete and first == 0:  # every sensor: nothing to wait for or merge
                deliver = (t_first_us, period_us, kpa, lost_here, reason, imu, seq_missing)
                if clock.settling:  # no time of it stands yet: it waits for the clock to settle
                    self._start_held.append(deliver)
                else:
                    out.extend(self._deliver(*deliver))
                return out
            self._pending = _Pending(t_first_us, period_us, self._full_rows(first, kpa), lost_here, reason)
        else:  # another slice of the same frames
            got = ~np.isnan(kpa)
            pend.rows[:, first:first + m][got] = kpa[got]
            pend.packets_lost += lost_here
        if complete:
            out.extend(self._flush_pending())
        return out

    def _release_start(self) -> list[FrameBlock]:
        """The stream's first packets, held while the clock settled, delivered: their blocks, in order."""
        held, self._start_held = self._start_held, []
        return [b for args in held for b in self._deliver(*args)]

    def _skipped_reason(self) -> str:
        """A gap's reason where no packet was lost: the packets skipped since the last taken arrived. Any of
        them corrupt: "corrupt packets"; all out of time: "packets out of time"; none: "unknown"."""
        if self._corrupt_since_good > self._out_of_time_since_good:
            return "corrupt packets"
        return OUT_OF_TIME if self._out_of_time_since_good else "unknown"

    def _silence_s(self, host_s: float) -> float:
        """Session seconds before ``host_s`` in which nothing new of the foot's stream reached the host: since
        the last arrival, or, where packets held in a buffer through a pause of the host (the OS's receive
        buffer) arrived since, since the newest frame delivered (its session time): the longer."""
        heard_s = (host_s - self.clock.last_host_s) * self.speed
        if self._last_t_s == -np.inf:  # no frame delivered yet
            return heard_s
        return max(heard_s, host_s * self.speed - self._last_t_s)

    def _continues(self, seq: int, t_us: int, period_us: int) -> bool:
        """Whether a packet after a link down is the very next one of the stream (its ``seq`` the next and
        its device time, ``t_us``, within a frame period of where the stream ended): held back, not from an
        insole that restarted, however late it arrived."""
        if (seq - self._last_seq) % SEQ_MOD != 1 or self._next_frame_us is None:
            return False
        return abs(self.clock.unwrap_behind_us(t_us) - self._next_frame_us) <= period_us

    def _held_back(self, seq: int, t_us: int, period_us: int, host_s: float, k: int) -> bool:
        """Whether a packet of ``k`` frames arriving at ``host_s``, after a silence of the host or after one
        held back, was held back too: it carries on the stream (:meth:`_continues`, nothing pending) and
        arrives more than ``HELD_LATE_HOST_S`` later than its last frame's session time; after one held back,
        also sooner after it than its frames took or ``HELD_BURST_HOST_S``, whichever is longer (a buffer
        delivering what it kept, not a stream late by as much from then on)."""
        if self._last_seq is None or self._pending is not None or not self._continues(seq, t_us, period_us):
            return False
        clock = self.clock
        if self._held and host_s - clock.last_host_s >= max(k * period_us * 1e-6 / self.speed, HELD_BURST_HOST_S):
            return False
        last_s = (clock.unwrap_behind_us(t_us) + (k - 1) * period_us) * 1e-6
        return host_s * self.speed - clock.session_s(last_s) > HELD_LATE_HOST_S * self.speed

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
                 gap_reason: str, imu: np.ndarray | None = None, seq_missing: int | None = None) -> list[FrameBlock]:
        """Frames ``rows`` (k, n_sensors) from device time ``t_first_us``: a block, after a gap if any; its
        frames before ``EARLIEST_T_S`` not kept (counted in ``frames_before_start``), the others at their times.
        The gap's frames are ``seq_missing`` where the seq counts them (None: as many as the time grid has
        between the last frame and these)."""
        k = rows.shape[0]
        out: list[FrameBlock] = []
        if self._next_frame_us is not None:
            missing = int(round((t_first_us - self._next_frame_us) / period))
            if missing < 0:  # frames from before what was already delivered
                self.counters.frames_late += k
                return []
            if seq_missing is not None:
                missing = seq_missing
            if missing > 0:
                out.extend(self._gap(t_first_us, period, rows.shape[1], missing, packets_lost, gap_reason))
        t = self._to_session(t_first_us, k, period, commit=False)
        if t[0] < EARLIEST_T_S:  # sampled before the recording began: not kept (only before a frame is)
            cut = bisect_left(t, EARLIEST_T_S)
            self.counters.frames_before_start += cut
            t, rows, imu = t[cut:], rows[cut:], None if imu is None else imu[cut:]
        self._next_frame_us = t_first_us + k * period
        if not t:
            return out
        if self._first_t_s is None:
            self._first_t_s = t[0]
        self._last_t_s = t[-1]
        out.append(_block(self.foot, np.array(t), rows, imu))
        self.counters.frames_received += len(t)
        self._fill_budget_us += len(t) * period
        return out

    def _gap(self, t_first_us: int, period: int, n_cols: int, missing: int, packets_lost: int,
             gap_reason: str) -> list[FrameBlock]:
        """Record the frames missing before ``t_first_us``; NaN rows for them when the gap is short."""
        self.counters.frames_missing += missing
        fill = missing * period * 1e-6 <= self.max_fill_s
        if fill and missing * period > self._fill_budget_us:
            fill, gap_reason = False, gap_reason + FILL_CAPPED
        if fill and self._last_t_s == -np.inf:  # every frame before it lay before EARLIEST_T_S
            fill, gap_reason = False, gap_reason + BEFORE_FIRST_KEPT
        t_gap = self._to_session(self._next_frame_us, missing if fill else 1, period, commit=fill)
        end_s = self.clock.session_s(t_first_us * 1e-6)
        start_s = t_gap[0] if t_gap[0] >= EARLIEST_T_S else EARLIEST_T_S
        gap = Gap(self.foot, start_s, max(end_s, t_gap[-1], start_s), missing, packets_lost, gap_reason, fill)
        if len(self.gaps) < MAX_GAPS:
            self.gaps.append(gap)
        else:
            self.gaps[-1] = _coalesce(self.gaps[-1], gap)
        if not fill:
            return []
        self._fill_budget_us -= missing * period
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
        if not (self.keep_late or self.late_ledger is not None):
            return
        t_first_us = self.clock.unwrap_behind_us(t_us)
        t_s = np.array(self.clock.frame_times_s(t_first_us, k, period_us))
        if self.keep_late:
            self.late_blocks.append(_block(self.foot, t_s, self._full_rows(first, kpa)))
        if self.late_ledger is not None:
            self.late_ledger.add(t_s, self.gaps, self._last_t_s, MAX_GAPS)



def _coalesce(last: Gap, new: Gap) -> Gap:
    """One gap for ``last`` and ``new`` after it (and the frames between them, which are not missing)."""
    reason = last.reason if last.reason.startswith("coalesced") else f"coalesced: more than {MAX_GAPS} gaps"
    return Gap(last.foot, last.start_s, max(last.end_s, new.end_s), last.frames_missing + new.frames_missing,
               last.packets_lost + new.packets_lost, reason, last.filled and new.filled)


def _block(foot: str, t_s: np.ndarray, pressure_kpa: np.ndarray, imu: np.ndarray | None = None) -> FrameBlock:
    """A FrameBlock of arrays already right (float64 ``t_s`` (n,), ``pressure_kpa`` (n, n_sensors), ``imu``
    (n, 6) or None), without FrameBlock's conversions and checks."""
    block = object.__new__(FrameBlock)
    block.__dict__.update(foot=foot, t_s=t_s, pressure_kpa=pressure_kpa, imu=imu)
    return block


#: Link events that mean a foot's link went down (docs/session-format.md lists every event).
LINK_DOWN_EVENTS = ("disconnected",)
def start_device_us(event: dict) -> int | None:
    """The device counter at session time 0 a foot's ``connected`` or ``reconnected`` event gives (us,
    ``START_DEVICE_FIELD``), or None: none given."""
    value = event.get(START_DEVICE_FIELD) if event.get("event") in ("connected", "reconnected") else None
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < WRAP_US else None

#: Records :meth:`SessionAssembler.decode` and :meth:`SessionAssembler.feed_records` take at once: about
#: 10 s of two feet at 100 Hz (measured on bench_replay.py's hour: from 256 to 2048 records the cost per
#: record is the same, within the machine's noise).
DECODE_CHUNK = 2048
R = TypeVar("R")



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
    count_late: bool = False
    feet: dict[str, FootAssembler] = field(init=False)

    def __post_init__(self) -> None:
        self.feet = {
            foot: FootAssembler(foot, layout, speed=self.speed, keep_late=self.keep_late,
                                max_fill_s=self.max_fill_s, count_late=self.count_late)
            for foot, layout in self.layouts.items()
        }
        halves = [fa for fa in self.feet.values() if getattr(fa.decoder, "one_stream", False)]
        if len(halves) == 2:  # both feet of one stream with one time: one mapping of it (FootAssembler.partner)
            halves[0].partner, halves[1].partner = halves[1], halves[0]

    def notification(self, foot: str, host_s: float, data: bytes) -> list[FrameBlock]:
        """One pressure notification from ``foot``; returns the frames that became complete."""
        asm = self.feet.get(foot)
        return asm.feed(host_s, data) if asm is not None else []

    def notification_rows(self, foot: str, host_s: float, rows: PressureRows | OutOfTime | None) -> list[FrameBlock]:
        """One pressure notification from ``foot`` as :meth:`decode` gave it; the same as
        :meth:`notification` of its bytes."""
        asm = self.feet.get(foot)
        return asm.feed_rows(host_s, rows) if asm is not None else []

    def decode(self, records: Iterable[R], chunk: int = DECODE_CHUNK
               ) -> Iterator[tuple[R, PressureRows | OutOfTime | None]]:
        """Each record with its notification decoded (None for an event, a foot without a layout, or a
        notification that does not decode), ``chunk`` records read ahead and decoded at once. A kind whose
        notifications decode in order (monitor.link.wire) moves its decoder: decode each record once.

        ``records`` are raw-log records (``kind``, ``foot``, ``host_s``, ``payload``, as
        :class:`monitor.link.records.RawRecord`). Decoding changes no state: feed the records
        (:meth:`notification_rows`, :meth:`event`) in their turn.
        """
        from monitor.link.record_feed import decode_batch

        it = iter(records)
        while True:
            batch = list(islice(it, chunk))
            if not batch:
                return
            yield from zip(batch, decode_batch(self, batch))

    def feed_records(self, records: Iterable[R], event_of: Callable[[R], dict] | None = None,
                     chunk: int = DECODE_CHUNK) -> RecordFeed[R]:
        """Feed raw-log records in order, many at once: iterate the returned :class:`RecordFeed` for,
        per record, the record, the FrameBlocks its notification completed, and for an event record its
        event (``event_of(record)``, by default ``record.event``).

        ``records`` are raw-log records (``kind``, ``foot``, ``host_s``, ``payload``, as
        :class:`monitor.link.records.RawRecord`). The frames, counters, gaps and late blocks are those of
        :meth:`notification` and :meth:`event` one record at a time (the same bits, the same blocks for
        each record); the records are read and fed ``chunk`` at a time, so stop early with
        :meth:`RecordFeed.close`.
        """
        from monitor.link.record_feed import RecordFeed

        return RecordFeed(self, records, event_of, chunk)

    def event(self, event: dict) -> None:
        """One link event (a dict with at least "event" and usually "foot"; a foot that is not a name is
        no foot)."""
        foot = event.get("foot")
        asm = self.feet.get(foot) if isinstance(foot, str) else None
        if asm is not None and event.get("event") in LINK_DOWN_EVENTS:
            asm.note_link_down(event.get("t_s"))
            asm.decoder.note_link_down()
        elif asm is not None and (device_us := start_device_us(event)) is not None:
            asm.clock.know_start(device_us)

    def down_before_data(self) -> dict[str, float]:
        """Per foot whose link went down (a ``disconnected`` event) before its first frame, the session s it
        did (NaN: unknown): its data then start late for that drop, not for the host's start (an insole, or a
        simulation's ``--fault drop``, down as its streaming started; no packet counts it, since none was
        numbered before it, and no gap, which lies between two packets)."""
        return {foot: asm.down_before_data_s for foot, asm in self.feet.items() if asm.down_before_data_s is not None}

    def log_damaged(self) -> None:
        """Bytes of the raw log were skipped as damaged here (a KIND_LOG_DAMAGED record): every foot's next
        sequence jump is the log's loss, not the radio's; and, as after a link drop, an ordered kind's
        decoder may place its next stamp by the host time (a 16-bit stamp may have wrapped in the span)."""
        for asm in self.feet.values():
            asm.note_log_damaged()
            note_log_damaged(asm.decoder)

    def finish(self) -> list[FrameBlock]:
        """End of stream: frames still waiting for slices."""
        out: list[FrameBlock] = []
        for asm in self.feet.values():
            out.extend(asm.flush())
        return out

    def counters(self) -> dict[str, dict[str, int]]:
        return {foot: asm.counters.as_dict() for foot, asm in self.feet.items()}

    def frame_spans(self) -> dict[str, tuple[float, float] | None]:
        """Per foot, session s of its first and last frame kept (None: none yet). Before the first and after
        the last no gap stands for frames missing (a gap lies between two packets): monitor.session.absence
        counts them."""
        return {foot: None if asm._first_t_s is None else (asm._first_t_s, asm._last_t_s)
                for foot, asm in self.feet.items()}

    def gaps(self) -> list[Gap]:
        return [g for asm in self.feet.values() for g in asm.gaps]
