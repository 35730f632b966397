"""The Solewatch insole GATT profile (docs/protocol.md), monitor side: UUIDs, decoders, control commands.

Pure: bytes in, values out. Every malformed input raises :class:`monitor.errors.ProtocolError` and
nothing else. Pressure samples are unpacked with numpy; :func:`decode_pressure_batch` unpacks many
notifications of one geometry with a single array operation (log rebuild, replay).

The frame assembler wants pressure in kPa, not counts: :func:`decode_pressure_kpa` (one notification,
the live path) and :func:`decode_pressure_kpa_batch` (many, replay and rebuild) read the samples straight
into kPa through a table of every count's value, the same bits as ``PressurePacket.pressure_kpa``.

One idea: the wire format of docs/protocol.md, every characteristic's decoder and the control
commands, kept in one module as the spec is one document.
"""

from __future__ import annotations

import enum
import functools
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from monitor.codebook import MOST_KPA_PER_COUNT, REGION_LABELS, LayoutError, SensorLayout
from monitor.errors import ProtocolError

# --- UUIDs -----------------------------------------------------------------------------------------

_BT_BASE = "0000{:04x}-0000-1000-8000-00805f9b34fb"

PRESSURE_SERVICE_UUID = "5013a7c0-0001-4f1e-9e1d-0b5e7a11ed00"
LAYOUT_CHAR_UUID = "5013a7c0-0002-4f1e-9e1d-0b5e7a11ed00"
PRESSURE_CHAR_UUID = "5013a7c0-0003-4f1e-9e1d-0b5e7a11ed00"
CONTROL_CHAR_UUID = "5013a7c0-0004-4f1e-9e1d-0b5e7a11ed00"
BATTERY_SERVICE_UUID = _BT_BASE.format(0x180F)
BATTERY_LEVEL_CHAR_UUID = _BT_BASE.format(0x2A19)
DEVICE_INFO_SERVICE_UUID = _BT_BASE.format(0x180A)
MANUFACTURER_CHAR_UUID = _BT_BASE.format(0x2A29)
MODEL_CHAR_UUID = _BT_BASE.format(0x2A24)
SERIAL_CHAR_UUID = _BT_BASE.format(0x2A25)
FIRMWARE_CHAR_UUID = _BT_BASE.format(0x2A26)

#: Notification payload at the ATT MTU of 247 the central requests (MTU - 3).
MAX_PAYLOAD_MTU247 = 244

# --- Pressure notifications --------------------------------------------------------------------------

PROTOCOL_VERSION = 1
HEADER_SIZE = 13
MAX_SENSORS = 64
MIN_FRAME_PERIOD_US = 1000
IMU_BYTES_PER_FRAME = 12
#: Wire units of the IMU block: acceleration in 1 mg, angular rate in 0.1 deg/s.
_IMU_SCALE = np.array([1e-3, 1e-3, 1e-3, 0.1, 0.1, 0.1])
_HEADER = struct.Struct("<BBHIHBBB")


class Flags(enum.IntFlag):
    """Pressure notification flag bits."""

    IMU = 0x01
    SAMPLES_16BIT = 0x02
    TARED = 0x04


# Plain ints for the hot paths (IntFlag arithmetic costs microseconds per operation).
_F_IMU = int(Flags.IMU)
_F_16BIT = int(Flags.SAMPLES_16BIT)
_F_TARED = int(Flags.TARED)
_RESERVED_FLAGS = 0xFF & ~(_F_IMU | _F_16BIT | _F_TARED)


@dataclass(frozen=True, eq=False)
class PressurePacket:
    """One decoded pressure notification.

    Attributes
    ----------
    seq : int
        Packet sequence number, 0..65535 (wraps).
    t_us : int
        Device time of frame 0 in microseconds, 0..2**32-1 (wraps).
    frame_period_us : int
        Time between frames in microseconds.
    first_sensor : int
        Sensor index of column 0 of ``raw``.
    raw : ndarray of uint16, shape (frame_count, sensor_count)
        Raw samples in counts, frame-major; read-only.
    valid : ndarray of bool, shape (frame_count, sensor_count)
        False where the sample is the all-ones "no reading" value.
    imu : ndarray of float64, shape (frame_count, 6), or None
        Acceleration x, y, z in g, then angular rate x, y, z in deg/s.
    tared : bool
        The insole had zeroed its sensor offsets.
    sample_bits : int
        12 or 16.
    """

    seq: int
    t_us: int
    frame_period_us: int
    first_sensor: int
    raw: np.ndarray
    valid: np.ndarray
    imu: np.ndarray | None
    tared: bool
    sample_bits: int

    @property
    def frame_count(self) -> int:
        return int(self.raw.shape[0])

    @property
    def sensor_count(self) -> int:
        return int(self.raw.shape[1])

    def pressure_kpa(self, kpa_per_count: float) -> np.ndarray:
        """Pressure in kPa, shape (frame_count, sensor_count), float64; NaN where not valid."""
        out = self.raw * float(kpa_per_count)
        out[~self.valid] = np.nan
        return out

    def frame_times_us(self) -> np.ndarray:
        """Device time of each frame in microseconds, int64, shape (frame_count,).

        ``t_us + i * frame_period_us``, not reduced mod 2**32: the caller unwraps device time.
        """
        return self.t_us + np.arange(self.frame_count, dtype=np.int64) * self.frame_period_us

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PressurePacket):
            return NotImplemented
        same_imu = (self.imu is None and other.imu is None) or (
            self.imu is not None and other.imu is not None and np.array_equal(self.imu, other.imu)
        )
        return (
            (self.seq, self.t_us, self.frame_period_us, self.first_sensor, self.tared, self.sample_bits)
            == (other.seq, other.t_us, other.frame_period_us, other.first_sensor, other.tared,
                other.sample_bits)
            and np.array_equal(self.raw, other.raw)
            and np.array_equal(self.valid, other.valid)
            and same_imu
        )

    __hash__ = None  # type: ignore[assignment]


class _Header(NamedTuple):
    seq: int
    t_us: int
    frame_period_us: int
    frame_count: int
    first_sensor: int
    sensor_count: int
    flags: int
    sample_bytes: int
    length: int


def as_bytes(data: bytes | bytearray | memoryview) -> bytes:
    """A notification's payload as bytes; anything else (or an unreadable buffer) is a ProtocolError."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray):
        return bytes(data)
    if isinstance(data, memoryview):
        try:
            return data.tobytes()
        except (TypeError, ValueError) as exc:
            raise ProtocolError(f"unreadable buffer: {exc}") from None
    raise ProtocolError(f"expected bytes, bytearray or memoryview, not {type(data).__name__}")


def _sample_bytes(n_samples: int, sample_bits: int) -> int:
    return 2 * n_samples if sample_bits == 16 else (3 * n_samples + 1) // 2


def _parse_header(buf: bytes) -> _Header:
    """Validate a notification's header and length against docs/protocol.md."""
    if len(buf) < HEADER_SIZE:
        raise ProtocolError(f"pressure notification of {len(buf)} bytes, shorter than {HEADER_SIZE}")
    version, flags, seq, t_us, period_us, k, s, m = _HEADER.unpack_from(buf)
    if version != PROTOCOL_VERSION:
        raise ProtocolError(f"pressure notification version {version}, expected {PROTOCOL_VERSION}")
    if flags & _RESERVED_FLAGS:
        raise ProtocolError(f"reserved flag bits set: 0x{flags:02x}")
    if k == 0:
        raise ProtocolError("frame_count is 0")
    if m == 0:
        raise ProtocolError("sensor_count is 0")
    if s + m > MAX_SENSORS:
        raise ProtocolError(f"sensor slice {s}+{m} exceeds {MAX_SENSORS} sensors")
    if period_us < MIN_FRAME_PERIOD_US:
        raise ProtocolError(f"frame_period_us {period_us} below {MIN_FRAME_PERIOD_US}")
    bits = 16 if flags & _F_16BIT else 12
    n_sample_bytes = _sample_bytes(k * m, bits)
    length = HEADER_SIZE + n_sample_bytes + (IMU_BYTES_PER_FRAME * k if flags & _F_IMU else 0)
    if len(buf) != length:
        raise ProtocolError(
            f"pressure notification of {len(buf)} bytes; K={k}, M={m}, flags 0x{flags:02x} need {length}"
        )
    return _Header(seq, t_us, period_us, k, s, m, flags, n_sample_bytes, length)


def _unpack12(packed: np.ndarray, n: int) -> np.ndarray:
    """12-bit samples from packed bytes.

    packed : uint8, shape (..., ceil(3n/2)); returns uint16, shape (..., n).
    The high nibble of an odd trailing sample's second byte is ignored.
    """
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


def _decode_samples(body: np.ndarray, n: int, bits: int) -> np.ndarray:
    """Raw samples, uint16 shape (..., n), from the sample bytes ``body`` uint8 shape (..., nbytes)."""
    if bits == 16:
        return np.ascontiguousarray(body).view("<u2").astype(np.uint16, copy=False)
    return _unpack12(body, n)


def _decode_imu(block: np.ndarray, k: int) -> np.ndarray:
    """IMU block uint8 (..., 12k) -> float64 (..., k, 6) in g and deg/s."""
    ints = np.ascontiguousarray(block).view("<i2")
    return ints.reshape(block.shape[:-1] + (k, 6)) * _IMU_SCALE


def _readonly(*arrays: np.ndarray | None) -> None:
    for a in arrays:
        if a is not None:
            a.setflags(write=False)


def decode_pressure(data: bytes | bytearray | memoryview) -> PressurePacket:
    """Decode one pressure notification.

    Raises
    ------
    ProtocolError
        For any input that breaks docs/protocol.md (and for a non-bytes argument).
    """
    buf = as_bytes(data)
    h = _parse_header(buf)
    u8 = np.frombuffer(buf, dtype=np.uint8)
    bits = 16 if h.flags & _F_16BIT else 12
    n = h.frame_count * h.sensor_count
    end = HEADER_SIZE + h.sample_bytes
    raw = _decode_samples(u8[HEADER_SIZE:end], n, bits).reshape(h.frame_count, h.sensor_count)
    imu = _decode_imu(u8[end:], h.frame_count) if h.flags & _F_IMU else None
    valid = raw != (1 << bits) - 1
    _readonly(raw, valid, imu)
    return PressurePacket(
        seq=h.seq, t_us=h.t_us, frame_period_us=h.frame_period_us, first_sensor=h.first_sensor,
        raw=raw, valid=valid, imu=imu, tared=bool(h.flags & _F_TARED), sample_bits=bits,
    )


#: Header fields as a numpy record, for vectorised header reads in decode_pressure_batch.
_HEADER_DTYPE = np.dtype([
    ("version", "u1"), ("flags", "u1"), ("seq", "<u2"), ("t_us", "<u4"), ("frame_period_us", "<u2"),
    ("frame_count", "u1"), ("first_sensor", "u1"), ("sensor_count", "u1"),
])


def _batch_error(i: int, packet: object) -> ProtocolError:
    """The ProtocolError for packet ``i`` of a batch, with the message decode_pressure would give."""
    try:
        decode_pressure(packet)  # type: ignore[arg-type]
    except ProtocolError as exc:
        return ProtocolError(f"packet {i}: {exc}")
    raise AssertionError(f"packet {i} was flagged but decodes")  # pragma: no cover


def _fast_packet(fields: dict) -> PressurePacket:
    """A PressurePacket without the frozen-dataclass __init__ (about 4x cheaper); fields already valid."""
    obj = object.__new__(PressurePacket)
    obj.__dict__.update(fields)
    return obj


def decode_pressure_batch(packets: Sequence[bytes | bytearray | memoryview]) -> list[PressurePacket]:
    """Decode many notifications; equal to ``[decode_pressure(p) for p in packets]``, faster.

    Packets of the same geometry (flags, frame count, sensor count, length) are joined into one
    (n_packets, length) byte array whose headers are checked and whose samples are unpacked with one
    numpy operation per group.

    Raises
    ------
    ProtocolError
        At the first malformed packet; the message names its index.
    """
    packets = list(packets)
    bufs: list[bytes] = []
    groups: dict[tuple[int, int, int, int], list[int]] = {}
    first_bad: int | None = None
    for i, p in enumerate(packets):
        try:
            buf = as_bytes(p)
        except ProtocolError:
            first_bad = i
            break
        bufs.append(buf)
        if len(buf) < HEADER_SIZE:
            first_bad = i
            break
        groups.setdefault((buf[1], buf[10], buf[12], len(buf)), []).append(i)
    n = len(bufs)
    if first_bad is None:
        first_bad = n

    decoded = []
    for (flags, k, m, length), idx in groups.items():
        # Geometry is constant within the group: check it once, on the group's first packet.
        try:
            h0 = _parse_header(bufs[idx[0]])
        except ProtocolError:
            h0 = None
        if h0 is None or h0.length != length:
            first_bad = min(first_bad, idx[0])
            continue
        u8 = np.frombuffer(b"".join([bufs[i] for i in idx]), dtype=np.uint8).reshape(len(idx), length)
        head = np.ascontiguousarray(u8[:, :HEADER_SIZE]).view(_HEADER_DTYPE)[:, 0]
        bad = ((head["version"] != PROTOCOL_VERSION)
               | (head["first_sensor"].astype(np.int32) + m > MAX_SENSORS)
               | (head["frame_period_us"] < MIN_FRAME_PERIOD_US))
        if bad.any():
            first_bad = min(first_bad, idx[int(np.argmax(bad))])
            continue
        decoded.append((flags, k, m, h0.sample_bytes, idx, u8, head))
    if first_bad < len(packets):
        raise _batch_error(first_bad, packets[first_bad])

    out: list[PressurePacket] = [None] * n  # type: ignore[list-item]
    for flags, k, m, sample_bytes, idx, u8, head in decoded:
        bits = 16 if flags & _F_16BIT else 12
        end = HEADER_SIZE + sample_bytes
        raw = _decode_samples(u8[:, HEADER_SIZE:end], k * m, bits).reshape(len(idx), k, m)
        valid = raw != (1 << bits) - 1
        imu = _decode_imu(u8[:, end:], k) if flags & _F_IMU else None
        _readonly(raw, valid, imu)
        tared = bool(flags & _F_TARED)
        for j, (i, seq, t_us, period_us, s) in enumerate(zip(
            idx, head["seq"].tolist(), head["t_us"].tolist(), head["frame_period_us"].tolist(),
            head["first_sensor"].tolist(),
        )):
            out[i] = _fast_packet(dict(
                seq=seq, t_us=t_us, frame_period_us=period_us, first_sensor=s, raw=raw[j],
                valid=valid[j], imu=None if imu is None else imu[j], tared=tared, sample_bits=bits,
            ))
    return out


# --- Pressure in kPa, for the frame assembler --------------------------------------------------------


class PressureRows(NamedTuple):
    """A pressure notification's header fields and its samples in kPa.

    ``pressure_kpa``: float64, shape (frame_count, sensor_count), NaN where the sample is the "no reading"
    value; equal to ``PressurePacket.pressure_kpa(kpa_per_count)``. ``imu``: float64, shape (frame_count,
    6), acceleration x, y, z (g) and angular rate x, y, z (deg/s), where a driver reads them (the Moticon
    UDP stream), else None.
    """

    seq: int
    t_us: int
    frame_period_us: int
    first_sensor: int
    pressure_kpa: np.ndarray
    imu: np.ndarray | None = None


@functools.lru_cache(maxsize=16)
def _kpa_tables(kpa_per_count: float, bits: int) -> tuple[np.ndarray, ...]:
    """Tables of kPa indexed by a little-endian uint16 read from the sample bytes.

    16-bit samples: one table, ``count * kpa_per_count`` (NaN for 0xFFFF). 12-bit samples: a pair of
    samples is 3 bytes ``a_lo, a_hi | b_lo << 4, b_hi``; the uint16 at the pair's first byte holds ``a`` in
    its low 12 bits, the one at its second byte ``b`` in its high 12 bits, so two tables of 65536 entries
    give each sample's kPa from those reads (NaN for 0xFFF). Each value is ``count * kpa_per_count``
    computed as ``PressurePacket.pressure_kpa`` does (uint16 times a float, in float64).
    """
    per_count = np.arange(1 << bits, dtype=np.uint16) * float(kpa_per_count)
    per_count[-1] = np.nan
    if bits == 16:
        tables: tuple[np.ndarray, ...] = (per_count,)
    else:
        word = np.arange(1 << 16, dtype=np.uint16)
        tables = (per_count[word & 0x0FFF], per_count[word >> 4])
    for t in tables:
        t.setflags(write=False)
    return tables


def _samples_kpa(buf: bytes, offset: int, stride: int, n_packets: int, n: int, bits: int,
                 kpa_per_count: float) -> np.ndarray:
    """kPa of ``n`` samples in each of ``n_packets`` packets laid out ``stride`` bytes apart in ``buf``,
    the samples starting at ``offset``; float64, shape (n_packets, n)."""
    tables = _kpa_tables(float(kpa_per_count), bits)
    if bits == 16:
        words = np.ndarray((n_packets, n), dtype="<u2", buffer=buf, offset=offset, strides=(stride, 2))
        return tables[0][words]
    n_even, n_odd = (n + 1) // 2, n // 2
    out = np.empty((n_packets, n))
    lo = np.ndarray((n_packets, n_even), dtype="<u2", buffer=buf, offset=offset, strides=(stride, 3))
    out[:, 0::2] = tables[0][lo]
    if n_odd:
        hi = np.ndarray((n_packets, n_odd), dtype="<u2", buffer=buf, offset=offset + 1, strides=(stride, 3))
        out[:, 1::2] = tables[1][hi]
    return out


def refuse_above(kpa: np.ndarray, most_kpa: float) -> np.ndarray:
    """``kpa`` (any shape, NaN where no reading) itself; ProtocolError if a sample is above ``most_kpa``, the
    most the insole's layout reads (:attr:`monitor.codebook.SensorLayout.most_kpa`). A session's reader
    refuses a frames table holding such a value (monitor.session.tables.check_pressures), so the link
    counts the notification corrupt rather than store what could not be read back."""
    if (kpa > most_kpa).any():
        raise ProtocolError(f"pressure sample of {np.nanmax(kpa):g} kPa, above {most_kpa:g} kPa, the most "
                            "the insole's layout reads")
    return kpa


def _may_exceed(kpa_per_count: float, bits: int, most_kpa: float) -> bool:
    """Whether a sample of ``bits`` bits (its top count the "no reading" value) at ``kpa_per_count`` can
    read above ``most_kpa``: a 16-bit notification from an insole whose layout says 12 bits."""
    return ((1 << bits) - 2) * float(kpa_per_count) > most_kpa


def decode_pressure_kpa(data: bytes | bytearray | memoryview, kpa_per_count: float,
                        most_kpa: float = math.inf) -> PressureRows:
    """Decode one pressure notification into :class:`PressureRows` (the IMU block, if any, is skipped).

    Raises
    ------
    ProtocolError
        For exactly the inputs :func:`decode_pressure` rejects, and for a sample above ``most_kpa``
        (:func:`refuse_above`).
    """
    buf = as_bytes(data)
    h = _parse_header(buf)
    bits = 16 if h.flags & _F_16BIT else 12
    kpa = _samples_kpa(buf, HEADER_SIZE, 0, 1, h.frame_count * h.sensor_count, bits, kpa_per_count)
    if _may_exceed(kpa_per_count, bits, most_kpa):
        refuse_above(kpa, most_kpa)
    return PressureRows(h.seq, h.t_us, h.frame_period_us, h.first_sensor,
                        kpa.reshape(h.frame_count, h.sensor_count))


def decode_pressure_kpa_batch(packets: Sequence[bytes | bytearray | memoryview],
                              kpa_per_count: float, most_kpa: float = math.inf) -> list[PressureRows | None]:
    """:func:`decode_pressure_kpa` of every packet (``most_kpa`` as there), None where it would raise; faster.

    Packets of one geometry (flags, frame count, sensor count, length) are joined into one byte string and
    their headers checked and samples read with one numpy operation each. The ``pressure_kpa`` arrays of
    one geometry are views into one array, one packet's rows each. Packets all of one length and geometry
    (an insole's ordinary stream) are told so from their joined bytes, without a look at each.
    """
    n = len(packets)
    if n and all(type(p) is bytes for p in packets):
        lengths = set(map(len, packets))
        length = lengths.pop()
        if not lengths and length >= HEADER_SIZE:
            joined = b"".join(packets)
            geometry = np.frombuffer(joined, dtype=np.uint8).reshape(n, length)[:, [1, 10, 12]]
            if (geometry == geometry[0]).all():  # flags (byte 1), frame count (10), sensor count (12)
                flags, k, m = geometry[0].tolist()
                out: list[PressureRows | None] = [None] * n
                _decode_group(joined, range(n), flags, k, m, length, kpa_per_count, most_kpa, out)
                return out
    out = [None] * n
    groups: dict[tuple[int, int, int, int], list[int]] = {}
    bufs: list[bytes] = []
    for i, p in enumerate(packets):
        try:
            buf = as_bytes(p)
        except ProtocolError:
            buf = b""
        bufs.append(buf)
        if len(buf) >= HEADER_SIZE:
            groups.setdefault((buf[1], buf[10], buf[12], len(buf)), []).append(i)
    for (flags, k, m, length), idx in groups.items():
        _decode_group(b"".join([bufs[i] for i in idx]), idx, flags, k, m, length, kpa_per_count, most_kpa, out)
    return out


def _decode_group(joined: bytes, idx: Sequence[int], flags: int, k: int, m: int, length: int,
                  kpa_per_count: float, most_kpa: float, out: list[PressureRows | None]) -> None:
    """Packets ``idx`` of a batch, all of one geometry (``flags``, ``k`` frames, ``m`` sensors, ``length``
    bytes), joined in ``joined``: ``out[i]`` their PressureRows, left None where decode_pressure_kpa
    would raise (``most_kpa`` as there)."""
    bits = 16 if flags & _F_16BIT else 12
    if (flags & _RESERVED_FLAGS or k == 0 or m == 0 or length != HEADER_SIZE
            + _sample_bytes(k * m, bits) + (IMU_BYTES_PER_FRAME * k if flags & _F_IMU else 0)):
        return
    n = len(idx)
    head = np.ndarray((n,), dtype=_HEADER_DTYPE, buffer=joined, strides=(length,))
    good = ((head["version"] == PROTOCOL_VERSION)
            & (head["first_sensor"].astype(np.int32) + m <= MAX_SENSORS)
            & (head["frame_period_us"] >= MIN_FRAME_PERIOD_US))
    kpa = _samples_kpa(joined, HEADER_SIZE, length, n, k * m, bits, kpa_per_count).reshape(n, k, m)
    if _may_exceed(kpa_per_count, bits, most_kpa):
        good &= ~(kpa > most_kpa).any(axis=(1, 2))
    fields = (head["seq"].tolist(), head["t_us"].tolist(), head["frame_period_us"].tolist(),
              head["first_sensor"].tolist(), kpa)
    if good.all() and type(idx) is range and len(idx) == len(out):
        out[:] = map(PressureRows, *fields)
        return
    for i, ok, seq, t_us, period_us, s, rows in zip(idx, good.tolist(), *fields):
        if ok:
            out[i] = PressureRows(seq, t_us, period_us, s, rows)


# --- Layout characteristic ---------------------------------------------------------------------------

LAYOUT_VERSION = 1
_LAYOUT_HEAD = struct.Struct("<BBBBBHHB")
_SENSOR_RECORD = np.dtype([("x", "<i2"), ("y", "<u2"), ("area_mm2", "<u2"), ("region", "u1")])
_CAP_IMU = 0x01
_CAP_HAPTIC = 0x02
#: Normalised position units on the wire: 1/10000 of the insole width or length.
_POSITION_SCALE = 10000


def decode_layout(data: bytes | bytearray | memoryview) -> SensorLayout:
    """Decode the layout characteristic into a :class:`monitor.codebook.SensorLayout`.

    Raises
    ------
    ProtocolError
        If any rule of docs/protocol.md is broken, or SensorLayout rejects the result.
    """
    buf = as_bytes(data)
    if len(buf) < _LAYOUT_HEAD.size:
        raise ProtocolError(f"layout of {len(buf)} bytes, shorter than {_LAYOUT_HEAD.size}")
    version, side, n, caps, bits, scale_milli, current_hz, r = _LAYOUT_HEAD.unpack_from(buf)
    if version != LAYOUT_VERSION:
        raise ProtocolError(f"layout version {version}, expected {LAYOUT_VERSION}")
    if side > 1:
        raise ProtocolError(f"layout side {side}, expected 0 (left) or 1 (right)")
    if not 8 <= n <= MAX_SENSORS:
        raise ProtocolError(f"layout sensor count {n} outside 8..{MAX_SENSORS}")
    if caps & ~(_CAP_IMU | _CAP_HAPTIC):
        raise ProtocolError(f"reserved capability bits set: 0x{caps:02x}")
    if bits not in (12, 16):
        raise ProtocolError(f"layout sample_bits {bits}, expected 12 or 16")
    if scale_milli == 0:
        raise ProtocolError("layout kpa_per_count_milli is 0")
    if not 1 <= r <= 8:
        raise ProtocolError(f"layout rate count {r} outside 1..8")
    expected = _LAYOUT_HEAD.size + 2 * r + _SENSOR_RECORD.itemsize * n
    if len(buf) != expected:
        raise ProtocolError(f"layout of {len(buf)} bytes; {n} sensors and {r} rates need {expected}")
    rates = struct.unpack_from(f"<{r}H", buf, _LAYOUT_HEAD.size)
    if any(not 16 <= f <= 1000 for f in rates):
        raise ProtocolError(f"layout rates {rates} outside 16..1000 Hz")
    if any(b <= a for a, b in zip(rates, rates[1:])):
        raise ProtocolError(f"layout rates {rates} not ascending")
    if current_hz not in rates:
        raise ProtocolError(f"layout current rate {current_hz} Hz not among {rates}")
    rec = np.frombuffer(buf, dtype=_SENSOR_RECORD, count=n, offset=_LAYOUT_HEAD.size + 2 * r)
    if np.any(np.abs(rec["x"].astype(np.int32)) > _POSITION_SCALE // 2):
        raise ProtocolError("layout sensor x outside -5000..5000")
    if np.any(rec["y"] > _POSITION_SCALE):
        raise ProtocolError("layout sensor y above 10000")
    if np.any(rec["area_mm2"] == 0):
        raise ProtocolError("layout sensor area 0")
    if np.any(rec["region"] > max(REGION_LABELS)):
        raise ProtocolError(f"layout region code above {max(REGION_LABELS)}")
    if scale_milli / 1000.0 > MOST_KPA_PER_COUNT:
        raise ProtocolError(f"layout scale {scale_milli / 1000.0:g} kPa per count above {MOST_KPA_PER_COUNT:g}")
    try:
        return SensorLayout(
            side="left" if side == 0 else "right",
            x=rec["x"] / _POSITION_SCALE,
            y=rec["y"] / _POSITION_SCALE,
            area_mm2=rec["area_mm2"].astype(float),
            regions=tuple(REGION_LABELS[int(c)] for c in rec["region"]),
            kpa_per_count=scale_milli / 1000.0,
            rates_hz=rates,
            current_rate_hz=current_hz,
            sample_bits=bits,
            has_imu=bool(caps & _CAP_IMU),
            has_haptic=bool(caps & _CAP_HAPTIC),
        )
    except (LayoutError, ValueError, TypeError) as exc:
        raise ProtocolError(f"layout rejected: {exc}") from None


# --- Control point -----------------------------------------------------------------------------------

RESPONSE_CODE = 0x80


class Opcode(enum.IntEnum):
    """Control point command opcodes."""

    START = 0x01
    STOP = 0x02
    SET_RATE = 0x03
    TARE = 0x04
    HAPTIC = 0x05


class ResultCode(enum.IntEnum):
    """Control point response result codes."""

    SUCCESS = 0x01
    NOT_SUPPORTED = 0x02
    INVALID_PARAMETER = 0x03
    FAILED = 0x04


def _check_int(name: str, value: int, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ValueError(f"{name} must be an integer in {lo}..{hi}, not {value!r}")
    return int(value)


def command_start() -> bytes:
    """Control point write that starts streaming."""
    return bytes([Opcode.START])


def command_stop() -> bytes:
    """Control point write that stops streaming."""
    return bytes([Opcode.STOP])


def command_set_rate(rate_hz: int) -> bytes:
    """Control point write that sets the sample rate (16..1000 Hz; the insole accepts only its list)."""
    return struct.pack("<BH", Opcode.SET_RATE, _check_int("rate_hz", rate_hz, 16, 1000))


def command_tare() -> bytes:
    """Control point write that zeroes every sensor's offset at the current load."""
    return bytes([Opcode.TARE])


def command_haptic(duration_ms: int, intensity_percent: int, repeat: int = 1) -> bytes:
    """Control point write for a haptic pulse: 1..2000 ms, 1..100 %, repeated 1..5 times."""
    return struct.pack(
        "<BHBB",
        Opcode.HAPTIC,
        _check_int("duration_ms", duration_ms, 1, 2000),
        _check_int("intensity_percent", intensity_percent, 1, 100),
        _check_int("repeat", repeat, 1, 5),
    )


@dataclass(frozen=True)
class ControlResponse:
    """A control point response notification.

    ``opcode`` is an :class:`Opcode` when known, else the echoed int (unknown opcodes are answered too).
    """

    opcode: int
    result: ResultCode
    params: bytes = b""

    @property
    def ok(self) -> bool:
        return self.result == ResultCode.SUCCESS


def decode_control_response(data: bytes | bytearray | memoryview) -> ControlResponse:
    """Decode ``0x80, opcode, result, params...``; ProtocolError if malformed."""
    buf = as_bytes(data)
    if len(buf) < 3:
        raise ProtocolError(f"control response of {len(buf)} bytes, shorter than 3")
    if buf[0] != RESPONSE_CODE:
        raise ProtocolError(f"control response starts with 0x{buf[0]:02x}, expected 0x{RESPONSE_CODE:02x}")
    try:
        result = ResultCode(buf[2])
    except ValueError:
        raise ProtocolError(f"unknown control result code 0x{buf[2]:02x}") from None
    op = buf[1]
    opcode: int = Opcode(op) if op in Opcode._value2member_map_ else op
    return ControlResponse(opcode=opcode, result=result, params=buf[3:])


# --- Standard characteristics ------------------------------------------------------------------------


def decode_battery_level(data: bytes | bytearray | memoryview) -> int:
    """Battery Level (0x2A19): one byte, percent 0..100."""
    buf = as_bytes(data)
    if len(buf) != 1:
        raise ProtocolError(f"battery level of {len(buf)} bytes, expected 1")
    if buf[0] > 100:
        raise ProtocolError(f"battery level {buf[0]} % above 100")
    return buf[0]


def decode_utf8(data: bytes | bytearray | memoryview) -> str:
    """A Device Information string (UTF-8); trailing NUL padding is dropped."""
    buf = as_bytes(data)
    try:
        return buf.decode("utf-8").rstrip("\x00")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"not UTF-8: {exc}") from None
