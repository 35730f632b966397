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
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field

import numpy as np

from monitor.clock import ClockMapper
from monitor.errors import ProtocolError
from monitor.frames import FrameBlock, SensorLayout
from monitor.protocol import PressurePacket, decode_pressure

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

    def __post_init__(self) -> None:
        self.clock = ClockMapper(speed=self.speed)

    # ----------------------------------------------------------------- link state
    def note_link_down(self) -> None:
        """The link to this foot dropped; the next sequence jump is attributed to it."""
        self._link_down = True

    # ----------------------------------------------------------------- feeding
    def feed(self, host_s: float, data: bytes) -> list[FrameBlock]:
        """Feed one notification (arrival time in host seconds since the session start).

        Returns the FrameBlocks that became complete, in order (possibly none).
        """
        self.counters.packets_received += 1
        try:
            packet = decode_pressure(data)
        except ProtocolError:
            self.counters.packets_corrupt += 1
            self._corrupt_since_good += 1
            return []
        if packet.first_sensor + packet.sensor_count > self.layout.n_sensors:
            self.counters.packets_corrupt += 1
            self._corrupt_since_good += 1
            return []
        return self.feed_packet(host_s, packet)

    def feed_packet(self, host_s: float, packet: PressurePacket) -> list[FrameBlock]:
        """Feed one decoded packet; see :meth:`feed`."""
        lost_here, reason = 0, "unknown"
        if self._last_seq is not None:
            delta = (packet.seq - (self._last_seq + 1)) % SEQ_MOD
            if delta >= SEQ_MOD // 2:  # behind the stream
                if packet.seq in self._recent:
                    self.counters.packets_duplicate += 1
                else:
                    self._take_late(packet)
                return []
            lost_here = max(delta - self._corrupt_since_good, 0)
            if self._link_down:
                self.counters.packets_missed_link_down += lost_here
                reason = "link down"
            else:
                self.counters.packets_lost += lost_here
                reason = "packets lost" if lost_here else ("corrupt packets" if self._corrupt_since_good
                                                           else "unknown")
        self._last_seq = packet.seq
        self._recent.append(packet.seq)
        self._corrupt_since_good = 0
        self._link_down = False

        t_first_us = self.clock.unwrap_us(packet.t_us, host_s)
        last_dev_s = (t_first_us + (packet.frame_count - 1) * packet.frame_period_us) * 1e-6
        self.clock.observe(last_dev_s, host_s)
        rows = self._rows(packet)

        out: list[FrameBlock] = []
        pend = self._pending
        if pend is not None and (pend.t_first_us != t_first_us or pend.rows.shape != rows.shape):
            out.extend(self._flush_pending())
            pend = None
        if pend is None:
            self._pending = _Pending(t_first_us, packet.frame_period_us, rows, lost_here, reason)
        else:  # another slice of the same frames
            got = ~np.isnan(rows)
            pend.rows[got] = rows[got]
            pend.packets_lost += lost_here
        if packet.first_sensor + packet.sensor_count >= self.layout.n_sensors:
            out.extend(self._flush_pending())
        return out

    def flush(self) -> list[FrameBlock]:
        """Emit any frames still waiting for their remaining slices (end of stream)."""
        return self._flush_pending()

    # ----------------------------------------------------------------- internals
    def _rows(self, packet: PressurePacket) -> np.ndarray:
        rows = np.full((packet.frame_count, self.layout.n_sensors), np.nan)
        stop = packet.first_sensor + packet.sensor_count
        rows[:, packet.first_sensor:stop] = packet.pressure_kpa(self.layout.kpa_per_count)
        return rows

    def _flush_pending(self) -> list[FrameBlock]:
        pend, self._pending = self._pending, None
        if pend is None:
            return []
        k, period = pend.rows.shape[0], pend.period_us
        out: list[FrameBlock] = []
        if self._next_frame_us is not None:
            missing = int(round((pend.t_first_us - self._next_frame_us) / period))
            if missing < 0:  # frames from before what was already delivered
                self.counters.frames_late += k
                return []
            if missing > 0:
                out.extend(self._gap(pend, missing))
        dev_s = (pend.t_first_us + np.arange(k, dtype=np.int64) * period) * 1e-6
        out.append(FrameBlock(self.foot, self._to_session(dev_s), pend.rows))
        self.counters.frames_received += k
        self._next_frame_us = pend.t_first_us + k * period
        return out

    def _gap(self, pend: _Pending, missing: int) -> list[FrameBlock]:
        """Record the frames missing before ``pend``; NaN rows for them when the gap is short."""
        period = pend.period_us
        self.counters.frames_missing += missing
        fill = missing * period * 1e-6 <= self.max_fill_s
        gap_dev_s = (self._next_frame_us + np.arange(missing if fill else 1, dtype=np.int64) * period) * 1e-6
        t_gap = self._to_session(gap_dev_s, commit=fill)
        end_s = float(self.clock.session_s(pend.t_first_us * 1e-6))
        self.gaps.append(Gap(self.foot, float(t_gap[0]), max(end_s, float(t_gap[-1])), missing,
                             pend.packets_lost, pend.gap_reason, fill))
        if not fill:
            return []
        return [FrameBlock(self.foot, t_gap, np.full((missing, pend.rows.shape[1]), np.nan))]

    def _to_session(self, device_s: np.ndarray, commit: bool = True) -> np.ndarray:
        """Session seconds of device times, never earlier than the frames already delivered."""
        t = np.asarray(self.clock.session_s(device_s), dtype=float)
        t = np.maximum.accumulate(np.maximum(t, self._last_t_s + 1e-6))
        if commit and t.size:
            self._last_t_s = float(t[-1])
        return t

    def _take_late(self, packet: PressurePacket) -> None:
        self.counters.packets_late += 1
        if self.counters.packets_lost > 0:
            self.counters.packets_lost -= 1
        self._recent.append(packet.seq)
        self.counters.frames_late += packet.frame_count
        if not self.keep_late:
            return
        t_first_us = self.clock.unwrap_behind_us(packet.t_us)
        dev_s = (t_first_us + np.arange(packet.frame_count, dtype=np.int64) * packet.frame_period_us) * 1e-6
        t_s = np.asarray(self.clock.session_s(dev_s), dtype=float)
        self.late_blocks.append(FrameBlock(self.foot, t_s, self._rows(packet)))


#: Link events that mean a foot's link went down (docs/session-format.md lists every event).
LINK_DOWN_EVENTS = ("disconnected",)


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
