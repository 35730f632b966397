"""Frame assembly gives the same bits as the plain per-packet assembler, for every raw log, faults included.

The reference below (``_reference_feed``) is the per-packet assembler of monitor/link/assembly.py and
monitor/link/clock.py, and the pressure decoder of monitor/link/protocol.py, as they were at commit 301671e, kept
here verbatim apart from names, so that faster code in monitor/ can be held to it: the same FrameBlocks
for every record (t_s bit for bit, pressure with NaN in the same places, the same block boundaries), the
same blocks at the end, the same counters, gaps, late blocks and drift estimate.

Streams come from the simulated insole's encoder (firmware_sim.firmware.Packetiser) with faults injected
between it and the assembler: lost, corrupt (every malformation the simulator makes, garbage, a slice
beyond the layout), duplicate and reordered packets, a link that drops and comes back, a foot that stops
for good, an outage longer than the device clock's wrap, a clock wrap, a rate change, IMU packets, MTU-23
sensor slices, drifting device clocks and jittered arrival times, at several speeds. A hypothesis test
draws random fault sequences; the sample sessions' raw logs are compared too.

Rules added since that commit are not in the reference, and these streams never reach them: a frame
period the layout does not allow, host times that would add clock wraps while the link is up, the fill
cap and gap coalescing (tests/test_link_hostile.py holds those, the two paths compared there too), the
marks of a damaged raw log (``KIND_LOG_DAMAGED``: the feeds are compared with each other on those), and
frames before ``EARLIEST_T_S`` (a first notification spanning more than a second: the feeds compared with
each other, the frames kept with the reference's).
"""

from __future__ import annotations

import struct
from collections import deque
from dataclasses import astuple, dataclass, field
from pathlib import Path

import numpy as np
import pytest
from clock_cases import buckets_near_the_drift_line
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from firmware_sim.faults import corrupt_packet
from firmware_sim.firmware import Packetiser, encode_layout, encode_pressure, kpa_to_raw
from firmware_sim.layout import SENSORS, InsoleSpec
from monitor.codebook import EARLIEST_T_S
from monitor.errors import ProtocolError
from monitor.link.assembly import SessionAssembler
from monitor.link.clock import ClockMapper
from monitor.link.protocol import (
    decode_layout,
    decode_pressure,
    decode_pressure_kpa,
    decode_pressure_kpa_batch,
)
from monitor.session.directory import read_info
from monitor.session.rawlog import KIND_EVENT, KIND_LOG_DAMAGED, KIND_NOTIFICATION, iter_raw_log

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(600)  # a hang guard: a loaded host may take minutes


# ================================================================ the reference (commit 301671e)

_REF_SEQ_MOD = 1 << 16
_REF_WRAP_US = 1 << 32
_REF_HEADER = struct.Struct("<BBHIHBBB")


class _RefProtocolError(ValueError):
    pass


@dataclass
class _RefPacket:
    seq: int
    t_us: int
    frame_period_us: int
    first_sensor: int
    raw: np.ndarray
    valid: np.ndarray

    @property
    def frame_count(self) -> int:
        return int(self.raw.shape[0])

    @property
    def sensor_count(self) -> int:
        return int(self.raw.shape[1])

    def pressure_kpa(self, kpa_per_count: float) -> np.ndarray:
        out = self.raw * float(kpa_per_count)
        out[~self.valid] = np.nan
        return out


def _ref_unpack12(packed: np.ndarray, n: int) -> np.ndarray:
    lead = packed.shape[:-1]
    n_pairs = n // 2
    out = np.empty(lead + (n,), dtype=np.uint16)
    trip = packed[..., : 3 * n_pairs].reshape(lead + (n_pairs, 3)).astype(np.uint16)
    b0, b1, b2 = trip[..., 0], trip[..., 1], trip[..., 2]
    out[..., 0 : 2 * n_pairs : 2] = b0 | ((b1 & 0x0F) << 8)
    out[..., 1 : 2 * n_pairs : 2] = (b1 >> 4) | (b2 << 4)
    if n % 2:
        lo = packed[..., -2].astype(np.uint16)
        hi = packed[..., -1].astype(np.uint16)
        out[..., -1] = lo | ((hi & 0x0F) << 8)
    return out


def _ref_decode(buf: bytes) -> _RefPacket:
    if len(buf) < 13:
        raise _RefProtocolError("short")
    version, flags, seq, t_us, period_us, k, s, m = _REF_HEADER.unpack_from(buf)
    if version != 1 or flags & ~0x07 & 0xFF or k == 0 or m == 0 or s + m > 64 or period_us < 1000:
        raise _RefProtocolError("header")
    bits = 16 if flags & 0x02 else 12
    n = k * m
    n_sample_bytes = 2 * n if bits == 16 else (3 * n + 1) // 2
    if len(buf) != 13 + n_sample_bytes + (12 * k if flags & 0x01 else 0):
        raise _RefProtocolError("length")
    body = np.frombuffer(buf, dtype=np.uint8)[13 : 13 + n_sample_bytes]
    if bits == 16:
        raw = np.ascontiguousarray(body).view("<u2").astype(np.uint16, copy=False)
    else:
        raw = _ref_unpack12(body, n)
    raw = raw.reshape(k, m)
    return _RefPacket(seq, t_us, period_us, s, raw, raw != (1 << bits) - 1)


@dataclass
class _RefClock:
    speed: float = 1.0
    window_s: float = 60.0
    slew_s: float = 2.0
    max_slew: float = 0.005
    max_drift_ppm: float = 500.0
    _last_wrapped_us: int | None = None
    _last_unwrapped_us: int = 0
    _last_host_s: float = 0.0
    _started: bool = False
    _anchor_device_s: float = 0.0
    _anchor_session_s: float = 0.0
    _rate: float = 1.0
    _drift: float = 0.0
    _prev: tuple[float, float, float] | None = None
    _buckets: deque = field(default_factory=deque)

    def unwrap_us(self, t_us: int, host_s: float) -> int:
        if self._last_wrapped_us is None:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = t_us
            self._last_host_s = host_s
            return t_us
        delta = (t_us - self._last_wrapped_us) % _REF_WRAP_US
        if delta >= _REF_WRAP_US // 2:
            delta -= _REF_WRAP_US
        expected_us = (host_s - self._last_host_s) * self.speed * 1e6
        extra_wraps = round((expected_us - delta) / _REF_WRAP_US)
        if extra_wraps > 0:
            delta += extra_wraps * _REF_WRAP_US
        unwrapped = self._last_unwrapped_us + delta
        if delta >= 0:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = unwrapped
            self._last_host_s = host_s
        return unwrapped

    def unwrap_behind_us(self, t_us: int) -> int:
        if self._last_wrapped_us is None:
            return t_us
        delta = (t_us - self._last_wrapped_us) % _REF_WRAP_US
        if delta >= _REF_WRAP_US // 2:
            delta -= _REF_WRAP_US
        return self._last_unwrapped_us + delta

    def observe(self, last_frame_device_s: float, host_s: float) -> None:
        d = last_frame_device_s
        sample = host_s * self.speed - d
        if not self._started:
            self._started = True
            self._anchor_device_s, self._anchor_session_s = d, d + sample
        self._add_sample(d, sample)
        target = d + self._envelope(d)
        mapped = float(self.session_s(d))
        correction = (target - mapped) / self.slew_s + self._drift
        correction = min(max(correction, -self.max_slew), self.max_slew)
        self._prev = (self._anchor_device_s, self._anchor_session_s, self._rate)
        self._anchor_device_s, self._anchor_session_s = d, mapped
        self._rate = 1.0 + correction

    def _add_sample(self, d: float, sample: float) -> None:
        buckets = self._buckets
        if buckets and d - buckets[-1][0] < 1.0:
            start, low = buckets[-1]
            if sample < low:
                buckets[-1] = (start, sample)
        else:
            buckets.append((d, sample))
            while buckets and d - buckets[0][0] > self.window_s:
                buckets.popleft()
            if len(buckets) >= 10:
                t = np.array([b[0] for b in buckets])
                v = np.array([b[1] for b in buckets])
                slope = float(np.polyfit(t - t[0], v, 1)[0])
                limit = self.max_drift_ppm * 1e-6
                self._drift = min(max(slope, -limit), limit)

    def _envelope(self, d: float) -> float:
        return min(low + self._drift * (d - start) for start, low in self._buckets)

    def session_s(self, device_s):
        d = np.asarray(device_s, dtype=float)
        now = self._anchor_session_s + (d - self._anchor_device_s) * self._rate
        if self._prev is None:
            return now
        p_dev, p_ses, p_rate = self._prev
        before = p_ses + (d - p_dev) * p_rate
        return np.where(d < self._anchor_device_s, before, now)

    @property
    def drift_ppm(self) -> float:
        return self._drift * 1e6


@dataclass
class _RefCounters:
    packets_received: int = 0
    packets_corrupt: int = 0
    packets_out_of_time: int = 0  # added since (times out of a stream's); 0 here: the profile's carry a seq
    packets_lost: int = 0
    packets_missed_link_down: int = 0
    packets_log_damaged: int = 0  # added since (a damaged raw log's packets); 0 here: no damage marks
    packets_duplicate: int = 0
    packets_late: int = 0
    frames_received: int = 0
    frames_missing: int = 0
    frames_late: int = 0
    frames_before_start: int = 0  # added since (frames before EARLIEST_T_S); 0 here: none come


@dataclass(frozen=True)
class _RefBlock:
    foot: str
    t_s: np.ndarray
    pressure_kpa: np.ndarray


@dataclass(frozen=True)
class _RefGap:
    foot: str
    start_s: float
    end_s: float
    frames_missing: int
    packets_lost: int
    reason: str
    filled: bool


@dataclass
class _RefPending:
    t_first_us: int
    period_us: int
    rows: np.ndarray
    packets_lost: int
    gap_reason: str


@dataclass
class _RefFoot:
    foot: str
    n_sensors: int
    kpa_per_count: float
    speed: float = 1.0
    max_fill_s: float = 60.0
    keep_late: bool = False
    counters: _RefCounters = field(default_factory=_RefCounters)
    gaps: list = field(default_factory=list)
    late_blocks: list = field(default_factory=list)
    clock: _RefClock = field(init=False)
    _last_seq: int | None = None
    _recent: deque = field(default_factory=lambda: deque(maxlen=256))
    _corrupt_since_good: int = 0
    _link_down: bool = False
    _next_frame_us: int | None = None
    _last_t_s: float = -np.inf
    _pending: _RefPending | None = None

    def __post_init__(self) -> None:
        self.clock = _RefClock(speed=self.speed)

    def feed(self, host_s: float, data: bytes) -> list:
        self.counters.packets_received += 1
        try:
            packet = _ref_decode(data)
        except _RefProtocolError:
            self.counters.packets_corrupt += 1
            self._corrupt_since_good += 1
            return []
        if packet.first_sensor + packet.sensor_count > self.n_sensors:
            self.counters.packets_corrupt += 1
            self._corrupt_since_good += 1
            return []
        lost_here, reason = 0, "unknown"
        if self._last_seq is not None:
            delta = (packet.seq - (self._last_seq + 1)) % _REF_SEQ_MOD
            if delta >= _REF_SEQ_MOD // 2:
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

        out: list = []
        pend = self._pending
        if pend is not None and (pend.t_first_us != t_first_us or pend.rows.shape != rows.shape):
            out.extend(self._flush_pending())
            pend = None
        if pend is None:
            self._pending = _RefPending(t_first_us, packet.frame_period_us, rows, lost_here, reason)
        else:
            got = ~np.isnan(rows)
            pend.rows[got] = rows[got]
            pend.packets_lost += lost_here
        if packet.first_sensor + packet.sensor_count >= self.n_sensors:
            out.extend(self._flush_pending())
        return out

    def _rows(self, packet: _RefPacket) -> np.ndarray:
        rows = np.full((packet.frame_count, self.n_sensors), np.nan)
        stop = packet.first_sensor + packet.sensor_count
        rows[:, packet.first_sensor:stop] = packet.pressure_kpa(self.kpa_per_count)
        return rows

    def _flush_pending(self) -> list:
        pend, self._pending = self._pending, None
        if pend is None:
            return []
        k, period = pend.rows.shape[0], pend.period_us
        out: list = []
        if self._next_frame_us is not None:
            missing = int(round((pend.t_first_us - self._next_frame_us) / period))
            if missing < 0:
                self.counters.frames_late += k
                return []
            if missing > 0:
                out.extend(self._gap(pend, missing))
        dev_s = (pend.t_first_us + np.arange(k, dtype=np.int64) * period) * 1e-6
        out.append(_RefBlock(self.foot, self._to_session(dev_s), pend.rows))
        self.counters.frames_received += k
        self._next_frame_us = pend.t_first_us + k * period
        return out

    def _gap(self, pend: _RefPending, missing: int) -> list:
        period = pend.period_us
        self.counters.frames_missing += missing
        fill = missing * period * 1e-6 <= self.max_fill_s
        gap_dev_s = (self._next_frame_us + np.arange(missing if fill else 1, dtype=np.int64) * period) * 1e-6
        t_gap = self._to_session(gap_dev_s, commit=fill)
        end_s = float(self.clock.session_s(pend.t_first_us * 1e-6))
        self.gaps.append(_RefGap(self.foot, float(t_gap[0]), max(end_s, float(t_gap[-1])), missing,
                                 pend.packets_lost, pend.gap_reason, fill))
        if not fill:
            return []
        return [_RefBlock(self.foot, t_gap, np.full((missing, pend.rows.shape[1]), np.nan))]

    def _to_session(self, device_s: np.ndarray, commit: bool = True) -> np.ndarray:
        t = np.asarray(self.clock.session_s(device_s), dtype=float)
        t = np.maximum.accumulate(np.maximum(t, self._last_t_s + 1e-6))
        if commit and t.size:
            self._last_t_s = float(t[-1])
        return t

    def _take_late(self, packet: _RefPacket) -> None:
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
        self.late_blocks.append(_RefBlock(self.foot, t_s, self._rows(packet)))


@dataclass
class Outcome:
    """What an assembler made of a list of records: ``per_record`` the blocks each record returned (one
    list per record, empty for events), ``finish`` the blocks at the end, then counters, gaps (as tuples),
    late blocks and drift estimate per foot."""

    per_record: list
    finish: list
    counters: dict
    gaps: list
    late: dict
    drift_ppm: dict


def _reference_feed(layouts, records, *, speed=1.0, keep_late=False, max_fill_s=60.0, clock=None) -> Outcome:
    """The reference: ``records`` (kind, foot, host_s, payload bytes or event dict) one at a time;
    ``clock``: attributes to set on each foot's clock mapper."""
    feet = {f: _RefFoot(f, lay.n_sensors, lay.kpa_per_count, speed=speed, max_fill_s=max_fill_s,
                        keep_late=keep_late) for f, lay in layouts.items()}
    _tune(feet, clock)
    per_record = []
    for kind, foot, host_s, payload in records:
        if kind == KIND_NOTIFICATION:
            per_record.append(feet[foot].feed(host_s, payload) if foot in feet else [])
        else:
            per_record.append([])
            asm = feet.get(payload.get("foot", ""))
            if asm is not None and payload.get("event") in ("disconnected",):
                asm._link_down = True
    finish = [b for asm in feet.values() for b in asm._flush_pending()]
    return Outcome(per_record, finish, {f: {**a.counters.__dict__} for f, a in feet.items()},
                   [astuple(g) for a in feet.values() for g in a.gaps],
                   {f: a.late_blocks for f, a in feet.items()},
                   {f: a.clock.drift_ppm for f, a in feet.items()})


# ================================================================ the code under test


def _tune(feet, clock) -> None:
    for asm in feet.values():
        for name, value in (clock or {}).items():
            setattr(asm.clock, name, value)


def _per_packet_feed(layouts, records, *, speed=1.0, keep_late=False, max_fill_s=60.0, clock=None) -> Outcome:
    """monitor.link.assembly.SessionAssembler fed one record at a time (the live path)."""
    asm = SessionAssembler(layouts, speed=speed, keep_late=keep_late, max_fill_s=max_fill_s)
    _tune(asm.feet, clock)
    per_record = []
    for kind, foot, host_s, payload in records:
        if kind == KIND_NOTIFICATION:
            per_record.append(asm.notification(foot, host_s, payload))
        elif kind == KIND_LOG_DAMAGED:
            per_record.append([])
            asm.log_damaged()
        else:
            per_record.append([])
            asm.event(payload)
    finish = asm.finish()
    return Outcome(per_record, finish, asm.counters(), [astuple(g) for g in asm.gaps()],
                   {f: a.late_blocks for f, a in asm.feet.items()},
                   {f: a.clock.drift_ppm for f, a in asm.feet.items()})


class _Rec:
    """A raw-log record as monitor.session.rawlog.iter_raw_log yields them (an event's payload already parsed)."""

    def __init__(self, kind, foot, host_s, payload):
        self.kind, self.foot, self.host_s = kind, foot, host_s
        self.payload = payload if kind == KIND_NOTIFICATION else b""
        self.parsed = payload if kind != KIND_NOTIFICATION else None


def _batch_feed(layouts, records, *, speed=1.0, keep_late=False, max_fill_s=60.0, clock=None,
                chunk=2048) -> Outcome:
    """SessionAssembler.feed_records: records many at once (replay, rebuild)."""
    asm = SessionAssembler(layouts, speed=speed, keep_late=keep_late, max_fill_s=max_fill_s)
    _tune(asm.feet, clock)
    recs = [_Rec(*r) for r in records]
    per_record = []
    for rec, (got, blocks, ev) in zip(recs, asm.feed_records(recs, event_of=lambda r: r.parsed, chunk=chunk),
                                      strict=True):
        assert got is rec and (ev is rec.parsed)
        per_record.append(blocks)
    return _outcome(asm, per_record)


def _decoded_feed(layouts, records, *, speed=1.0, keep_late=False, max_fill_s=60.0, clock=None) -> Outcome:
    """SessionAssembler.decode in chunks of 7, then notification_rows / event one record at a time."""
    asm = SessionAssembler(layouts, speed=speed, keep_late=keep_late, max_fill_s=max_fill_s)
    _tune(asm.feet, clock)
    recs = [_Rec(*r) for r in records]
    per_record = []
    for rec, rows in asm.decode(recs, chunk=7):
        if rec.kind == KIND_NOTIFICATION:
            per_record.append(asm.notification_rows(rec.foot, rec.host_s, rows))
        elif rec.kind == KIND_LOG_DAMAGED:
            asm.log_damaged()
            per_record.append([])
        else:
            asm.event(rec.parsed)
            per_record.append([])
    return _outcome(asm, per_record)


def _outcome(asm, per_record) -> Outcome:
    finish = asm.finish()
    return Outcome(per_record, finish, asm.counters(), [astuple(g) for g in asm.gaps()],
                   {f: a.late_blocks for f, a in asm.feet.items()},
                   {f: a.clock.drift_ppm for f, a in asm.feet.items()})


FEEDS = {"per packet": _per_packet_feed, "decoded": _decoded_feed, "many at once": _batch_feed,
         "many at once, chunks of 7": lambda *a, **kw: _batch_feed(*a, **kw, chunk=7)}


def _same_blocks(got, want, where: str) -> None:
    assert len(got) == len(want), f"{where}: {len(got)} blocks, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g.foot == w.foot, f"{where}, block {i}: foot"
        assert g.t_s.dtype == np.float64 and g.t_s.shape == w.t_s.shape, f"{where}, block {i}: t_s shape"
        assert g.t_s.tobytes() == w.t_s.tobytes(), f"{where}, block {i}: t_s {g.t_s} != {w.t_s}"
        assert g.pressure_kpa.dtype == np.float64, f"{where}, block {i}: pressure dtype"
        assert g.pressure_kpa.shape == w.pressure_kpa.shape, f"{where}, block {i}: pressure shape"
        assert np.array_equal(g.pressure_kpa, w.pressure_kpa, equal_nan=True), f"{where}, block {i}: kPa"


def assert_same(got: Outcome, want: Outcome) -> None:
    assert len(got.per_record) == len(want.per_record)
    for i, (g, w) in enumerate(zip(got.per_record, want.per_record, strict=True)):
        _same_blocks(g, w, f"record {i}")
    _same_blocks(got.finish, want.finish, "finish")
    assert got.counters == want.counters
    assert got.gaps == want.gaps
    for foot in want.late:
        _same_blocks(got.late[foot], want.late[foot], f"{foot} late blocks")
    assert got.drift_ppm == want.drift_ppm


# ================================================================ streams with faults


def _layout(side: str, n_sensors: int = 18, kpa_per_count_milli: int = 250):
    spec = InsoleSpec(side, sensors=SENSORS[:n_sensors], kpa_per_count_milli=kpa_per_count_milli)
    return decode_layout(encode_layout(spec))


@dataclass(frozen=True)
class FootStream:
    """One foot's packets as the insole makes them, and faults between the insole and the monitor.

    ``faults``: tuples (kind, packet index, parameter), kinds ``lose`` (n packets never sent), ``corrupt``
    (variant 0-2 as the simulator corrupts, 3 garbage, 4 too short, 5 a slice beyond the layout),
    ``duplicate`` (sent n more times), ``reorder`` (sent n places later), ``down`` (link drops, n packets
    unsent, a disconnected and a reconnected event), ``outage`` (link drops for n seconds of device and
    host time, the device clock running on), ``stop`` (nothing from here on), ``period`` (the frame period
    becomes n us), ``imu`` (the packet carries IMU data).
    """

    n_packets: int = 120
    frames_per_packet: int = 8
    payload_limit: int = 244
    start_us: int = 5_000_000
    start_seq: int = 0
    period_us: int = 10_000
    sample_bits: int = 12
    n_sensors: int = 18
    drift_ppm: float = 0.0
    latency_s: float = 0.003
    host_start_s: float = 0.0
    seed: int = 0
    faults: tuple = ()


def _foot_records(foot: str, fs: FootStream, speed: float) -> list[tuple]:
    """(kind, foot, host_s, payload) records of one foot in arrival order."""
    rng = np.random.default_rng(fs.seed)
    faults: dict[int, list] = {}
    for kind, at, param in fs.faults:
        faults.setdefault(at, []).append((kind, param))
    pk = Packetiser(fs.n_sensors, sample_bits=fs.sample_bits, start_seq=fs.start_seq)
    period, dev_us = fs.period_us, 0
    # (nominal host arrival, payload or event, is_event)
    sent: list[tuple[float, object, bool]] = []
    held: list[tuple[int, float, bytes]] = []  # (release index, host, payload) of reordered packets
    skip = 0
    for i in range(fs.n_packets):
        here = faults.get(i, [])
        if any(k == "stop" for k, _ in here):
            break
        for kind, param in here:
            if kind == "period":
                period = param
            elif kind == "outage":
                dev_us += int(param * 1e6)
        k = fs.frames_per_packet
        kpa = np.round(rng.uniform(0, 400, size=(k, fs.n_sensors)) * 4) / 4
        kpa[rng.random(kpa.shape) < 0.02] = np.nan
        raw = kpa_to_raw(kpa, 250, fs.sample_bits)
        t_us = (fs.start_us + dev_us) % (1 << 32)
        imu = rng.normal(size=(k, 6)) if any(kd == "imu" for kd, _ in here) else None
        packets = pk.packetise(t_us, period, raw, payload_limit=fs.payload_limit, imu=imu, max_frames=k)
        last_frame_s = (dev_us + (k - 1) * period) * 1e-6  # device seconds since the first frame
        host = fs.host_start_s + last_frame_s / (1 + fs.drift_ppm * 1e-6) / speed
        dev_us += k * period
        for kind, param in here:
            if kind in ("down", "outage"):
                sent.append((host - 1e-4, {"event": "disconnected", "foot": foot}, True))
                if kind == "down":
                    skip = max(skip, param)
                sent.append((host, {"event": "reconnected", "foot": foot}, True))
            elif kind == "lose":
                skip = max(skip, param)
        for j, data in enumerate(packets):
            h = host + rng.exponential(fs.latency_s) + j * 1e-5
            if skip:
                skip -= 1
                continue
            for kind, param in here if j == 0 else ():
                if kind == "corrupt":
                    if param < 3:
                        data = corrupt_packet(data, param)
                    elif param == 3:
                        data = bytes(rng.integers(0, 256, size=int(rng.integers(0, 60)), dtype=np.uint8))
                    elif param == 4:
                        data = data[:12]
                    else:
                        seq, t_slice_us = struct.unpack_from("<HI", data, 2)
                        data = encode_pressure(seq, t_slice_us, period, np.zeros((1, 4), np.uint16),
                                               first_sensor=fs.n_sensors - 2)
            dups = sum(p for kd, p in (here if j == 0 else ()) if kd == "duplicate")
            later = sum(p for kd, p in (here if j == 0 else ()) if kd == "reorder")
            if later:
                held.append((i + later, h, data))
                continue
            sent.append((h, data, False))
            sent.extend((h + 1e-5 * (d + 1), data, False) for d in range(dups))
        for rel in [x for x in held if x[0] <= i]:
            held.remove(rel)
            sent.append((host + rng.exponential(fs.latency_s), rel[2], False))
    for _, h, data in held:
        sent.append((h + 1.0, data, False))
    records, last = [], -np.inf
    for host, payload, is_event in sent:  # arrival order is the order sent; host time never runs back
        last = max(last, host)
        records.append((KIND_EVENT if is_event else KIND_NOTIFICATION, foot, float(last), payload))
    return records


def _records(left: FootStream | None, right: FootStream | None, speed: float = 1.0) -> list[tuple]:
    """Both feet merged in host-time order (stable, so each foot keeps its own order)."""
    parts = []
    for foot, fs in (("left", left), ("right", right)):
        if fs is not None:
            parts += [(r[2], foot == "right", n, r) for n, r in enumerate(_foot_records(foot, fs, speed))]
    parts.sort(key=lambda p: p[:3])
    return [p[3] for p in parts]


LAYOUTS = {"left": _layout("left"), "right": _layout("right")}


def _check(records, layouts=None, *, reference=None, **kwargs) -> Outcome:
    """Every feed of ``records`` gives what ``reference`` (the fixed reference assembler) does."""
    layouts = layouts or LAYOUTS
    want = (reference or _reference_feed)(layouts, records, **kwargs)
    for name, feed in FEEDS.items():
        try:
            assert_same(feed(layouts, records, **kwargs), want)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None
    return want


# ================================================================ cases


def test_the_reference_is_the_assembler_the_other_tests_describe():
    """The comparison can fail: a lost packet, a duplicate and a late one change the reference's output."""
    clean = _check(_records(FootStream(n_packets=40), None))
    faulty = _check(_records(FootStream(n_packets=40, faults=(("lose", 5, 2), ("duplicate", 9, 1),
                                                              ("reorder", 20, 2))), None), keep_late=True)
    assert clean.counters["left"]["packets_lost"] == 0
    assert faulty.counters["left"]["packets_lost"] == 2
    assert faulty.counters["left"]["packets_duplicate"] == 1
    assert faulty.counters["left"]["packets_late"] == 1 and len(faulty.late["left"]) == 1
    assert sum(len(b.t_s) for b in _blocks(clean)) == 40 * 8 == sum(len(b.t_s) for b in _blocks(faulty))
    with pytest.raises(AssertionError):
        assert_same(faulty, clean)



@pytest.mark.parametrize("first, second", [(4, 0), (4, 1), (4, 2), (1, 1), (0, 2), (3, 1)])
def test_a_packet_corrupted_twice_is_one_corrupt_packet(first, second):
    """Two corrupt faults on the same packet (the second acting on what the first made) are one corrupt
    packet to every assembler, whatever the two variants."""
    faults = (("corrupt", 7, first), ("corrupt", 7, second))
    out = _check(_records(FootStream(n_packets=20, faults=faults, seed=11), None))
    assert out.counters["left"]["packets_corrupt"] == 1
    assert out.counters["left"]["packets_lost"] == 0

def _blocks(outcome: Outcome) -> list:
    return [b for blocks in outcome.per_record for b in blocks] + outcome.finish


@pytest.mark.parametrize("speed", [1.0, 40.0, 100.0])
def test_clean_two_foot_stream(speed):
    out = _check(_records(FootStream(n_packets=300, drift_ppm=80, seed=1),
                          FootStream(n_packets=300, start_us=123_456, drift_ppm=-150, seed=2,
                                     host_start_s=0.3), speed), speed=speed)
    assert all(c["frames_received"] == 2400 for c in out.counters.values())


@pytest.mark.parametrize("keep_late", [False, True])
def test_every_packet_fault(keep_late):
    faults = (("lose", 10, 3), ("corrupt", 20, 0), ("corrupt", 25, 1), ("corrupt", 30, 2),
              ("corrupt", 35, 3), ("corrupt", 40, 4), ("corrupt", 45, 5), ("duplicate", 50, 2),
              ("reorder", 60, 1), ("reorder", 70, 5), ("lose", 80, 1), ("corrupt", 81, 0),
              ("imu", 90, 0), ("period", 100, 20_000), ("lose", 110, 2), ("period", 130, 10_000))
    out = _check(_records(FootStream(n_packets=200, faults=faults, seed=3),
                          FootStream(n_packets=200, faults=faults[::2], seed=4, start_seq=65_500), 20.0),
                 speed=20.0, keep_late=keep_late)
    c = out.counters["left"]
    assert c["packets_corrupt"] == 7 and c["packets_duplicate"] == 2 and c["packets_late"] == 2
    assert c["packets_lost"] > 0 and c["frames_missing"] > 0


def test_link_down_and_back_and_a_foot_lost():
    out = _check(_records(FootStream(n_packets=400, faults=(("down", 100, 30), ("down", 250, 3)), seed=5),
                          FootStream(n_packets=400, faults=(("stop", 150, 0),), seed=6), 40.0), speed=40.0)
    assert out.counters["left"]["packets_missed_link_down"] == 33
    assert out.counters["right"]["packets_received"] == 150


def test_gaps_longer_than_the_fill_limit_and_an_outage_longer_than_the_clock_wrap():
    out = _check(_records(FootStream(n_packets=300, faults=(("down", 50, 40), ("outage", 150, 80 * 60)),
                                     start_us=(1 << 32) - 2_000_000, seed=7),
                          FootStream(n_packets=300, seed=8), 1.0), max_fill_s=0.25)
    assert [g[-1] for g in out.gaps] == [False, False]


def test_clock_and_sequence_wrap():
    _check(_records(FootStream(n_packets=250, start_us=(1 << 32) - 500_000, start_seq=65_400, seed=9),
                    FootStream(n_packets=250, start_us=(1 << 32) - 1, start_seq=65_535, seed=10), 2.0),
           speed=2.0)


@pytest.mark.parametrize("keep_late", [False, True])
def test_mtu23_sensor_slices_with_lost_corrupt_duplicate_and_late_slices(keep_late):
    faults = (("lose", 5, 2), ("corrupt", 9, 1), ("duplicate", 12, 1), ("reorder", 15, 2), ("lose", 21, 1),
              ("down", 30, 4), ("corrupt", 40, 5))
    out = _check(_records(FootStream(n_packets=60, frames_per_packet=1, payload_limit=20, faults=faults,
                                     seed=11),
                          FootStream(n_packets=60, frames_per_packet=1, payload_limit=20, seed=12), 10.0),
                 speed=10.0, keep_late=keep_late)
    assert out.counters["left"]["packets_received"] > 60 * 4


def test_sixteen_bit_samples_another_scale_and_a_smaller_layout():
    layouts = {"left": _layout("left", 12, 333), "right": _layout("right")}
    _check(_records(FootStream(n_packets=80, n_sensors=12, sample_bits=16, seed=13),
                    FootStream(n_packets=80, sample_bits=16, frames_per_packet=3, seed=14), 5.0),
           layouts=layouts, speed=5.0)
    # an 18-sensor stream into a 12-sensor layout: every packet reaches beyond it
    out = _check(_records(FootStream(n_packets=20, seed=15), None), layouts=layouts)
    assert out.counters["left"]["packets_corrupt"] == 20


def test_records_of_a_foot_without_a_layout_and_unknown_events_are_ignored():
    records = _records(FootStream(n_packets=30, seed=16), FootStream(n_packets=30, seed=17))
    records.insert(5, (KIND_EVENT, None, records[5][2], {"event": "stale_check"}))
    records.insert(9, (KIND_EVENT, "left", records[9][2], {"event": "battery", "level_pct": 40}))
    _check(records, layouts={"left": LAYOUTS["left"]})


@pytest.mark.parametrize("name", ["sim-cleat-forward", "sim-healthy-ride"])
def test_sample_sessions_raw_logs(name):
    path = ROOT / "sessions" / "samples" / name
    info = read_info(path)
    records = [(r.kind, r.foot, r.host_s, r.payload if r.kind == KIND_NOTIFICATION else r.event)
               for r in iter_raw_log(path / "raw.swlog")]
    for keep_late in (False, True):
        _check(records, layouts=info.layouts, speed=info.speed, keep_late=keep_late)


def test_a_clock_that_steers_hard_enough_to_run_backwards_is_held_to_the_running_maximum():
    """Rates of -2..4 (a slew limit no insole would get) make frame times fall back: every block is
    raised to the one before, in the per-packet path and in runs of packets alike."""
    wild = {"slew_s": 0.01, "max_slew": 3.0}
    out = _check(_records(FootStream(n_packets=200, latency_s=0.05, seed=21),
                          FootStream(n_packets=200, latency_s=0.05, frames_per_packet=3, seed=22), 5.0),
                 speed=5.0, clock=wild)
    t = np.concatenate([b.t_s for b in _blocks(out) if b.foot == "left"])
    assert len(t) == 200 * 8 and np.all(np.diff(t) >= 0)
    assert np.mean(np.diff(t) < 0.005) > 0.05  # many frames were held up to the one before


def _feed_prefix_then_close(records, taken: int, chunk: int) -> Outcome:
    asm = SessionAssembler(LAYOUTS, speed=10.0, keep_late=True)
    recs = [_Rec(*r) for r in records]
    feed = asm.feed_records(recs, event_of=lambda r: r.parsed, chunk=chunk)
    per_record = [blocks for _, blocks, _ in (next(feed) for _ in range(max(taken, 1)))]
    feed.close(taken=taken)
    with pytest.raises(StopIteration):
        next(feed)
    return _outcome(asm, per_record[:taken])


@pytest.mark.parametrize("taken", [0, 1, 40, 63, 64, 65, 200])
def test_a_feed_closed_early_leaves_the_assembler_where_one_at_a_time_would_be(taken):
    records = _records(FootStream(n_packets=120, faults=(("lose", 30, 2), ("reorder", 50, 3)), seed=23),
                       FootStream(n_packets=120, frames_per_packet=1, payload_limit=20, seed=24,
                                  faults=(("down", 20, 3),)), 10.0)
    want = _reference_feed(LAYOUTS, records[:taken], speed=10.0, keep_late=True)
    got = _feed_prefix_then_close(records, taken, chunk=64)
    assert_same(got, want)


@pytest.mark.parametrize("taken", [30, 50])  # the right's drop is the 37th record, its first packet the 62nd
def test_a_feed_closed_before_a_foots_first_frame_leaves_that_foot_without_one(taken):
    """A replay stopped before the right insole's first frame, which came later in the same chunk (its link
    down before it): the right foot had a first frame and no last one, (35.1, -inf), and the replay's count
    of its silence raised OverflowError. Closed early, the feed keeps each foot's first frame and its drop
    before data where one at a time would (monitor.link.record_feed.snapshot)."""
    left = _records(FootStream(n_packets=120, seed=27), None, 10.0)
    right = _records(None, FootStream(n_packets=120, seed=28), 10.0)[60:]  # its insole started late
    down = (KIND_EVENT, "right", left[35][2], {"event": "disconnected", "foot": "right", "t_s": 1.0})
    records = sorted([*left, down, *right], key=lambda r: r[2])
    one_at_a_time = SessionAssembler(LAYOUTS, speed=10.0)
    for kind, foot, host_s, payload in records[:taken]:
        if kind == KIND_NOTIFICATION:
            one_at_a_time.notification(foot, host_s, payload)
        else:
            one_at_a_time.event(payload)
    asm = SessionAssembler(LAYOUTS, speed=10.0)
    feed = asm.feed_records([_Rec(*r) for r in records], event_of=lambda r: r.parsed, chunk=len(records))
    for _ in range(taken):
        next(feed)
    feed.close(taken=taken)
    assert asm.frame_spans() == one_at_a_time.frame_spans(), (asm.frame_spans(), one_at_a_time.frame_spans())
    assert asm.frame_spans()["right"] is None
    assert asm.down_before_data() == one_at_a_time.down_before_data()


def test_a_feed_cannot_go_back_past_its_chunk():
    records = _records(FootStream(n_packets=100, seed=25), None)
    asm = SessionAssembler(LAYOUTS)
    feed = asm.feed_records([_Rec(*r) for r in records], event_of=lambda r: r.parsed, chunk=10)
    for _ in range(25):
        next(feed)
    with pytest.raises(ValueError, match="cannot go back"):
        feed.close(taken=15)


def test_errors_of_the_records_come_in_their_turn():
    records = [_Rec(*r) for r in _records(FootStream(n_packets=30, seed=26), None)]

    def source():
        yield from records[:17]
        raise RuntimeError("damaged record 17")

    def event_of(rec):
        raise KeyError("bad event")

    asm = SessionAssembler(LAYOUTS)
    feed = asm.feed_records(source(), chunk=8)
    got = []
    with pytest.raises(RuntimeError, match="damaged record 17"):
        for rec, _, _ in feed:
            got.append(rec)
    assert got == records[:17]
    with_event = records[:5] + [_Rec(KIND_EVENT, "left", records[5].host_s, {"event": "x"})] + records[5:]
    feed = SessionAssembler(LAYOUTS).feed_records(with_event, event_of=event_of, chunk=4)
    got = []
    with pytest.raises(KeyError):
        for rec, _, _ in feed:
            got.append(rec)
    assert got == with_event[:5]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), speed=st.sampled_from([1.0, 40.0]),
       offset_s=st.sampled_from([0.003, -4321.125, 1234.5678901]),
       start_s=st.sampled_from([0.0, 4000.0, 3.0e5]), slope=st.sampled_from([0.0, 3e-5, -2e-4]))
def test_the_clock_alone_on_arrivals_that_tie_to_the_last_bit(seed, speed, offset_s, start_s, slope):
    """Arrivals on a line of the drift's slope but for a few units in the last place (a simulated insole
    without jitter): every bucket is a minimum to within rounding, and the envelope's minimum over its
    candidate buckets is still the minimum over every bucket, bit for bit."""
    rng = np.random.default_rng(seed)
    ref, new = _RefClock(speed=speed), ClockMapper(speed=speed)
    d = start_s
    for _ in range(600):
        d += float(rng.choice([0.08, 0.3, 1.0, 1.7]))
        sample = offset_s + slope * (d - start_s)
        for _ in range(int(rng.integers(0, 3))):
            sample = float(np.nextafter(sample, np.inf if rng.random() < 0.5 else -np.inf))
        if rng.random() < 0.05:
            sample += float(rng.exponential(0.01))
        host = (sample + d) / speed
        ref.observe(d, host)
        new.observe(d, host)
        probe = d - float(rng.uniform(0, 0.5))
        assert float(ref.session_s(probe)) == new.session_s(probe)
        assert float(ref.session_s(d)) == new.session_s(d)
    assert ref.drift_ppm == new.drift_ppm


def test_the_envelope_minimum_where_key_order_and_value_order_disagree_by_rounding():
    """Two buckets on the drift's line but for a few units in the last place: the bucket of least key
    (``low - drift * start``) is not always the one of least value (``low + drift * (d - start)``) once
    rounded, so the minimum is taken over every bucket within the tolerance, never the least key's alone."""
    rng = np.random.default_rng(7)
    disagreements = 0
    for _ in range(30_000):
        drift, s_a, s_b, low_a, low_b = buckets_near_the_drift_line(rng)
        d = s_b + float(rng.uniform(0, 2))
        clock = ClockMapper()
        clock._drift = drift
        if rng.random() < 0.5:
            clock._buckets.extend([(s_a, low_a), (s_b, low_b)])
        else:  # the newest bucket was higher when the candidates were found, then went down to low_b
            clock._buckets.extend([(s_a, low_a), (s_b, low_b + float(rng.choice([1e-9, 1.0])))])
            clock._candidates()
            clock._buckets[-1] = (s_b, low_b)
            clock._lowered(s_b, low_b)
        values = [low_a + drift * (d - s_a), low_b + drift * (d - s_b)]
        keys = [low_a - drift * s_a, low_b - drift * s_b]
        disagreements += (keys[0] < keys[1]) != (values[0] < values[1]) and keys[0] != keys[1] \
            and values[0] != values[1]
        cands = clock._cands if clock._cands is not None else clock._candidates()
        assert min(low + drift * (d - start) for start, low, _ in cands) == min(values)
    assert disagreements > 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), kpa_milli=st.sampled_from([250, 333, 1700]))
def test_the_kpa_decoders_equal_decode_pressure(seed, kpa_milli):
    """decode_pressure_kpa and decode_pressure_kpa_batch: the fields and ``pressure_kpa(scale)`` of
    decode_pressure, bit for bit, for every geometry, 12 and 16-bit samples, IMU or not; None (batch) or
    ProtocolError (single) exactly where decode_pressure raises."""
    rng = np.random.default_rng(seed)
    kpa = kpa_milli / 1000
    blobs = []
    for _ in range(30):
        bits = int(rng.choice([12, 16]))
        k, m = int(rng.integers(1, 9)), int(rng.integers(1, 20))
        first = int(rng.integers(0, 64 - m + 1))
        raw = rng.integers(0, 1 << bits, size=(k, m)).astype(np.uint16)
        raw[rng.random(raw.shape) < 0.2] = (1 << bits) - 1
        imu = rng.normal(size=(k, 6)) if rng.random() < 0.3 else None
        blob = encode_pressure(int(rng.integers(0, 1 << 16)), int(rng.integers(0, 1 << 32)),
                               int(rng.integers(1000, 1 << 16)), raw, first_sensor=first, imu=imu,
                               sample_bits=bits)
        if rng.random() < 0.2:
            blob = corrupt_packet(blob, int(rng.integers(0, 3)))
        blobs += [blob, blob] if rng.random() < 0.3 else [blob]
    blobs += [b"", b"\x01" * 12, bytes(rng.integers(0, 256, size=40, dtype=np.uint8))]
    batch = decode_pressure_kpa_batch(blobs, kpa)
    for blob, got_batch in zip(blobs, batch, strict=True):
        try:
            want = decode_pressure(blob)
        except ProtocolError:
            assert got_batch is None
            with pytest.raises(ProtocolError):
                decode_pressure_kpa(blob, kpa)
            continue
        for got in (got_batch, decode_pressure_kpa(blob, kpa)):
            assert (got.seq, got.t_us, got.frame_period_us, got.first_sensor) == \
                (want.seq, want.t_us, want.frame_period_us, want.first_sensor)
            assert got.pressure_kpa.dtype == np.float64
            assert got.pressure_kpa.tobytes() == want.pressure_kpa(kpa).tobytes()


FAULT_KINDS = ("lose", "corrupt", "duplicate", "reorder", "down", "outage", "stop", "period", "imu")


@st.composite
def foot_streams(draw, n_packets: int, slices: bool) -> FootStream:
    faults = draw(st.lists(st.tuples(
        st.sampled_from(FAULT_KINDS), st.integers(0, n_packets - 1), st.integers(0, 6)), max_size=8))
    fixed = []
    for kind, at, p in faults:
        if kind == "outage":
            p = draw(st.sampled_from([0.5, 3.0, 75.0, 80 * 60.0]))
        elif kind == "period":
            p = draw(st.sampled_from([5_000, 10_000, 20_000]))
        elif kind == "corrupt":
            p = p % 6
        elif kind in ("lose", "duplicate", "reorder", "down"):
            p = max(p, 1)
        fixed.append((kind, at, p))
    return FootStream(
        n_packets=n_packets,
        frames_per_packet=1 if slices else draw(st.sampled_from([1, 4, 8])),
        payload_limit=20 if slices else 244,
        start_us=draw(st.sampled_from([0, 5_000_000, (1 << 32) - 300_000])),
        start_seq=draw(st.sampled_from([0, 65_500])),
        drift_ppm=draw(st.sampled_from([0.0, 60.0, -300.0])),
        latency_s=draw(st.sampled_from([0.0, 0.001, 0.02])),
        host_start_s=draw(st.sampled_from([0.0, 0.5])),
        seed=draw(st.integers(0, 1000)),
        faults=tuple(fixed),
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), speed=st.sampled_from([1.0, 25.0, 100.0]), keep_late=st.booleans(),
       max_fill_s=st.sampled_from([60.0, 0.3]), slices=st.booleans())
def test_random_fault_sequences(data, speed, keep_late, max_fill_s, slices):
    n = 30 if slices else 120
    left = data.draw(foot_streams(n, slices))
    right = data.draw(st.none() | foot_streams(n, False))
    out = _check(_records(left, right, speed), speed=speed, keep_late=keep_late, max_fill_s=max_fill_s)
    for name, n in out.counters["left"].items():
        if n and name not in ("packets_received", "frames_received"):
            event(name)
    if any(not g[-1] for g in out.gaps):
        event("unfilled gap")


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), bits=st.sampled_from([12, 16]), imu=st.booleans())
def test_a_batch_of_one_geometry_decodes_as_each_packet_alone(seed, bits, imu):
    """decode_pressure_kpa_batch over packets all of one length and geometry (read from their joined
    bytes at once), some with a bad version, sensor slice or period: each packet's decode_pressure_kpa,
    bit for bit, None where it raises."""
    rng = np.random.default_rng(seed)
    k, m = int(rng.integers(1, 9)), int(rng.integers(1, 20))
    blobs = []
    for _ in range(int(rng.integers(1, 40))):
        raw = rng.integers(0, 1 << bits, size=(k, m)).astype(np.uint16)
        raw[rng.random(raw.shape) < 0.2] = (1 << bits) - 1
        blob = bytearray(encode_pressure(int(rng.integers(0, 1 << 16)), int(rng.integers(0, 1 << 32)),
                                         int(rng.integers(1000, 1 << 16)), raw,
                                         first_sensor=int(rng.integers(0, 64 - m + 1)),
                                         imu=rng.normal(size=(k, 6)) if imu else None, sample_bits=bits))
        damage = rng.random()
        if damage < 0.1:
            blob[0] ^= 0x40  # version
        elif damage < 0.2:
            blob[11] = 63  # first sensor past the slice's room
        elif damage < 0.3:
            blob[8:10] = (1).to_bytes(2, "little")  # a period below the least
        blobs.append(bytes(blob))
    kpa = 0.333
    for blob, got in zip(blobs, decode_pressure_kpa_batch(blobs, kpa), strict=True):
        try:
            want = decode_pressure_kpa(blob, kpa)
        except ProtocolError:
            assert got is None
            continue
        assert got is not None and got[:4] == want[:4] and got.imu is None
        assert got.pressure_kpa.tobytes() == want.pressure_kpa.tobytes()


def _seq(record) -> int:
    return struct.unpack_from("<H", record[3], 2)[0]


def test_a_damaged_log_mark_counts_the_next_jump_apart_in_every_feed():
    """A KIND_LOG_DAMAGED record (the raw-log reader's mark of bytes skipped as damaged) makes each foot's
    next sequence jump ``packets_log_damaged`` with the gap reason ``raw log damaged``; a jump after that
    foot's next packet is ``packets lost`` again. Every feed agrees, and a feed closed early around the mark
    leaves the assembler where one record at a time would."""
    records = _records(FootStream(n_packets=80, faults=(("lose", 30, 2),), seed=31),
                       FootStream(n_packets=80, faults=(("lose", 34, 1),), seed=32), 10.0)
    at = next(i for i, r in enumerate(records) if r[1] == "left" and _seq(r) == 32)  # the left's jump
    assert any(r[1] == "right" and _seq(r) == 35 for r in records[at:])  # the right's loss comes after
    records.insert(at, (KIND_LOG_DAMAGED, None, records[at][2], None))
    want = _per_packet_feed(LAYOUTS, records, speed=10.0, keep_late=True)
    for name, feed in FEEDS.items():
        try:
            assert_same(feed(LAYOUTS, records, speed=10.0, keep_late=True), want)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None
    c = want.counters
    assert (c["left"]["packets_log_damaged"], c["left"]["packets_lost"]) == (2, 0)
    assert (c["right"]["packets_log_damaged"], c["right"]["packets_lost"]) == (0, 1)
    assert sorted((g[0], g[5]) for g in want.gaps) == [("left", "raw log damaged"), ("right", "packets lost")]
    for taken in (at - 1, at, at + 1, at + 2, at + 9):
        assert_same(_feed_prefix_then_close(records, taken, chunk=8),
                    _per_packet_feed(LAYOUTS, records[:taken], speed=10.0, keep_late=True))


def _first_notification_records(first_frames: int, host_start_s: float = 0.0, faults: tuple = ()) -> list:
    """The left foot's first notification of ``first_frames`` frames 10 ms apart, arriving 2 ms after its
    last frame (at ``host_start_s`` + 0.002 s), then 8 a packet on (120 packets, ``faults``); the right's 8 a
    packet throughout."""
    rng = np.random.default_rng(41)
    kpa = np.round(rng.uniform(0, 400, size=(first_frames, 18)) * 4) / 4
    first = (KIND_NOTIFICATION, "left", host_start_s + 0.002,
             encode_pressure(0, 5_000_000, 10_000, kpa_to_raw(kpa, 250, 12)))
    left = _foot_records("left", FootStream(start_us=5_000_000 + first_frames * 10_000, start_seq=1, seed=42,
                                            host_start_s=host_start_s + 0.01, latency_s=0.002, faults=faults), 1.0)
    right = _foot_records("right", FootStream(seed=43, latency_s=0.002), 1.0)
    return [first, *sorted(left + right, key=lambda r: r[2])]


def _every_feed_agrees(records, **kwargs) -> Outcome:
    """Every feed gives what the assembler itself does packet by packet."""
    return _check(records, reference=_per_packet_feed, **kwargs)


@pytest.mark.parametrize("keep_late", [False, True])
def test_a_first_notification_spanning_two_seconds_keeps_no_frame_before_minus_one_second(keep_late):
    """A first notification of 200 frames at 10 ms (the protocol allows 255, up to 65.5 ms apart) lies from
    -1.988 s: its frames before -1 s (EARLIEST_T_S) are not kept and are counted (``frames_before_start``),
    in every feed alike; every frame kept is at the reference's time for it, bit for bit."""
    records = _first_notification_records(200)
    got = _every_feed_agrees(records, keep_late=keep_late)
    want = _reference_feed(LAYOUTS, records, keep_late=keep_late)
    times = np.concatenate([b.t_s for b in _blocks(got)])
    assert times.min() >= EARLIEST_T_S
    ref_first = want.per_record[0][0].t_s
    assert (ref_first < EARLIEST_T_S).sum() == 99  # the reference kept them
    assert got.per_record[0][0].t_s.tobytes() == ref_first[99:].tobytes()
    assert np.array_equal(got.per_record[0][0].pressure_kpa, want.per_record[0][0].pressure_kpa[99:], equal_nan=True)
    for i in range(1, len(records)):
        _same_blocks(got.per_record[i], want.per_record[i], f"record {i}")
    c, ref = got.counters["left"], want.counters["left"]
    assert c["frames_before_start"] == 99 and c["frames_received"] == ref["frames_received"] - 99
    assert {**c, "frames_before_start": 0, "frames_received": 0} == {**ref, "frames_received": 0}
    assert got.counters["right"] == want.counters["right"] and got.gaps == want.gaps == []


def test_frames_before_minus_one_second_are_not_kept_whatever_the_host_times():
    """Host times from -3 s (no raw log has them, the assembler takes them): a foot's packets whose frames
    all lie before -1 s are counted, not kept; a gap before its first frame kept has no NaN rows and starts
    no earlier than -1 s; every feed agrees."""
    records = _first_notification_records(8, host_start_s=-3.0, faults=(("lose", 5, 2),))
    got = _every_feed_agrees(records, keep_late=True)
    times = np.concatenate([b.t_s for b in _blocks(got)])
    assert times.min() >= EARLIEST_T_S
    c = got.counters["left"]
    assert c["frames_before_start"] > 8 * 10 and c["frames_missing"] == 16
    assert c["frames_received"] + c["frames_before_start"] == 119 * 8
    (gap,) = got.gaps
    assert gap[1] >= EARLIEST_T_S and gap[5].endswith("(not filled: before the foot's first frame kept)")
    assert not gap[6]
