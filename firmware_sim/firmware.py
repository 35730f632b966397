"""Insole firmware, from docs/protocol.md: layout and pressure encoders, packetiser, control point.

Written from the spec alone and sharing no code with the monitor's decoder, so the golden vectors at
the end of docs/protocol.md test two independent readings of the tables. No radio here: the bumble
peripheral calls these.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

import numpy as np

from firmware_sim.layout import REGION_CODE, InsoleSpec

PROTOCOL_VERSION = 1
LAYOUT_VERSION = 1
HEADER_LEN = 13
IMU_LEN_PER_FRAME = 12
MAX_SENSORS = 64
MAX_FRAMES = 255

FLAG_IMU = 0x01
FLAG_16BIT = 0x02
FLAG_TARED = 0x04

CAP_IMU = 0x01
CAP_HAPTIC = 0x02

OP_START = 0x01
OP_STOP = 0x02
OP_SET_RATE = 0x03
OP_TARE = 0x04
OP_HAPTIC = 0x05
RESPONSE = 0x80

RESULT_SUCCESS = 0x01
RESULT_NOT_SUPPORTED = 0x02
RESULT_INVALID_PARAM = 0x03
RESULT_FAILED = 0x04

HAPTIC_DURATION_MS = (1, 2000)
HAPTIC_INTENSITY_PERCENT = (1, 100)
HAPTIC_REPEAT = (1, 5)

_HEADER = struct.Struct("<BBHIHBBB")
_LAYOUT_HEAD = struct.Struct("<BBBBBHHB")
_SENSOR_RECORD = struct.Struct("<hHHB")


def _no_reading(sample_bits: int) -> int:
    return (1 << sample_bits) - 1


def _round_half_up(values: np.ndarray) -> np.ndarray:
    return np.floor(values + 0.5)


# --- Layout --------------------------------------------------------------------------------------------


def encode_layout(spec: InsoleSpec) -> bytes:
    """The layout characteristic value for ``spec`` (docs/protocol.md, layout table)."""
    caps = (CAP_IMU if spec.has_imu else 0) | (CAP_HAPTIC if spec.has_haptic else 0)
    out = bytearray(_LAYOUT_HEAD.pack(
        LAYOUT_VERSION,
        0 if spec.side == "left" else 1,
        spec.n_sensors,
        caps,
        spec.sample_bits,
        spec.kpa_per_count_milli,
        spec.current_rate_hz,
        len(spec.rates_hz),
    ))
    for rate in spec.rates_hz:
        out += struct.pack("<H", rate)
    for s in spec.sensors:
        out += _SENSOR_RECORD.pack(
            int(round(s.x * 10000)), int(round(s.y * 10000)), s.area_mm2, REGION_CODE[s.region]
        )
    return bytes(out)


# --- Pressure samples ----------------------------------------------------------------------------------


def kpa_to_raw(pressure_kpa: np.ndarray, kpa_per_count_milli: int, sample_bits: int) -> np.ndarray:
    """Quantise pressures to raw counts as the insole's ADC path would.

    pressure_kpa : ndarray, shape (K, N), kPa; NaN means no reading.
    Returns uint16, shape (K, N): nearest count (halves up), clipped to [0, all-ones - 1]; NaN becomes
    the all-ones "no reading" value.
    """
    p = np.asarray(pressure_kpa, dtype=float)
    top = _no_reading(sample_bits) - 1
    missing = np.isnan(p)
    counts = _round_half_up(np.where(missing, 0.0, p) * 1000.0 / kpa_per_count_milli)
    raw = np.clip(counts, 0, top).astype(np.uint16)
    raw[missing] = _no_reading(sample_bits)
    return raw


def _pack12(samples: np.ndarray) -> bytes:
    """Pack 12-bit samples (flat, uint16) in pairs: a&0xFF, (a>>8)|((b&0xF)<<4), b>>4; odd tail 2 bytes."""
    s = samples.astype(np.uint16)
    n_pairs = s.size // 2
    a = s[0 : 2 * n_pairs : 2]
    b = s[1 : 2 * n_pairs : 2]
    trip = np.empty((n_pairs, 3), dtype=np.uint8)
    trip[:, 0] = a & 0xFF
    trip[:, 1] = (a >> 8) | ((b & 0x0F) << 4)
    trip[:, 2] = b >> 4
    out = trip.tobytes()
    if s.size % 2:
        last = int(s[-1])
        out += bytes([last & 0xFF, last >> 8])
    return out


def _sample_len(n_samples: int, sample_bits: int) -> int:
    return 2 * n_samples if sample_bits == 16 else (3 * n_samples + 1) // 2


def _imu_bytes(imu: np.ndarray) -> bytes:
    """IMU rows (K, 6) in g and deg/s -> int16 little-endian in 1 mg and 0.1 deg/s, saturating."""
    scaled = np.asarray(imu, dtype=float) * np.array([1000.0, 1000.0, 1000.0, 10.0, 10.0, 10.0])
    return np.clip(_round_half_up(scaled), -32768, 32767).astype("<i2").tobytes()


def encode_pressure(
    seq: int,
    t_us: int,
    frame_period_us: int,
    raw: np.ndarray,
    *,
    first_sensor: int = 0,
    imu: np.ndarray | None = None,
    tared: bool = False,
    sample_bits: int = 12,
) -> bytes:
    """One pressure notification.

    seq : packet sequence number (taken mod 2**16).
    t_us : device time of frame 0 in microseconds (taken mod 2**32).
    raw : ndarray, shape (K, M), raw counts of sensors first_sensor .. first_sensor+M-1.
    imu : ndarray, shape (K, 6), acceleration in g and angular rate in deg/s, or None.
    """
    raw = np.asarray(raw)
    if raw.ndim != 2:
        raise ValueError(f"raw must be 2-D (frames, sensors), not shape {raw.shape}")
    k, m = raw.shape
    if not 1 <= k <= MAX_FRAMES or m < 1 or first_sensor < 0 or first_sensor + m > MAX_SENSORS:
        raise ValueError(f"cannot send {k} frames of sensors {first_sensor}..{first_sensor + m - 1}")
    if sample_bits not in (12, 16):
        raise ValueError(f"sample_bits must be 12 or 16, not {sample_bits}")
    if not 1000 <= frame_period_us <= 0xFFFF:
        raise ValueError(f"frame_period_us {frame_period_us} outside 1000..65535")
    if raw.size and (raw.min() < 0 or raw.max() > _no_reading(sample_bits)):
        raise ValueError(f"raw counts outside 0..{_no_reading(sample_bits)}")
    flags = (FLAG_16BIT if sample_bits == 16 else 0) | (FLAG_TARED if tared else 0)
    if imu is not None:
        imu = np.asarray(imu, dtype=float)
        if imu.shape != (k, 6) or not np.all(np.isfinite(imu)):
            raise ValueError(f"imu must be finite with shape ({k}, 6), not {imu.shape}")
        flags |= FLAG_IMU
    head = _HEADER.pack(PROTOCOL_VERSION, flags, seq & 0xFFFF, t_us & 0xFFFFFFFF, frame_period_us,
                        k, first_sensor, m)
    flat = raw.astype(np.uint16).reshape(-1)
    body = flat.astype("<u2").tobytes() if sample_bits == 16 else _pack12(flat)
    return head + body + (_imu_bytes(imu) if imu is not None else b"")


# --- Packetiser ----------------------------------------------------------------------------------------


def frames_per_packet(n_sensors: int, payload_limit: int, *, imu: bool, sample_bits: int,
                      cap: int = MAX_FRAMES) -> int:
    """How many whole frames of ``n_sensors`` fit one notification of ``payload_limit`` bytes.

    0 when not even one frame fits (the frame must then go out in sensor slices).
    """
    imu_len = IMU_LEN_PER_FRAME if imu else 0
    k = 0
    while k < min(cap, MAX_FRAMES):
        if HEADER_LEN + _sample_len((k + 1) * n_sensors, sample_bits) + imu_len * (k + 1) > payload_limit:
            break
        k += 1
    return k


def sensors_per_slice(payload_limit: int, *, sample_bits: int) -> int:
    """Most sensors of one frame (no IMU) that fit a notification of ``payload_limit`` bytes."""
    m = 0
    while m < MAX_SENSORS and HEADER_LEN + _sample_len(m + 1, sample_bits) <= payload_limit:
        m += 1
    return m


class Packetiser:
    """Turns blocks of frames into pressure notifications; owns the packet sequence counter.

    The counter counts every packet sent (slices too) and wraps 65535 -> 0.
    """

    def __init__(self, n_sensors: int, *, sample_bits: int = 12, start_seq: int = 0) -> None:
        if not 1 <= n_sensors <= MAX_SENSORS:
            raise ValueError(f"n_sensors {n_sensors} outside 1..{MAX_SENSORS}")
        self.n_sensors = n_sensors
        self.sample_bits = sample_bits
        self._seq = start_seq & 0xFFFF

    @property
    def next_seq(self) -> int:
        """The seq the next packet will carry."""
        return self._seq

    def _take_seq(self) -> int:
        seq = self._seq
        self._seq = (seq + 1) & 0xFFFF
        return seq

    def packetise(
        self,
        t_first_us: int,
        frame_period_us: int,
        raw: np.ndarray,
        *,
        payload_limit: int,
        imu: np.ndarray | None = None,
        tared: bool = False,
        max_frames: int | None = None,
    ) -> list[bytes]:
        """Notifications carrying every frame of ``raw``.

        t_first_us : device time of raw[0] in microseconds.
        raw : ndarray, shape (K, n_sensors), raw counts.
        imu : ndarray, shape (K, 6) in g and deg/s, or None; dropped when one frame with it does not fit.
        payload_limit : MTU - 3.
        max_frames : at most this many frames per packet (default: as many as fit, up to 255).
        """
        raw = np.asarray(raw)
        if raw.ndim != 2 or raw.shape[1] != self.n_sensors:
            raise ValueError(f"raw has shape {raw.shape}, expected (K, {self.n_sensors})")
        cap = MAX_FRAMES if max_frames is None else max_frames
        if cap < 1:
            raise ValueError(f"max_frames must be at least 1, not {max_frames}")
        bits = self.sample_bits
        if imu is not None and frames_per_packet(self.n_sensors, payload_limit, imu=True,
                                                 sample_bits=bits, cap=cap) == 0:
            imu = None
        per_packet = frames_per_packet(self.n_sensors, payload_limit, imu=imu is not None,
                                       sample_bits=bits, cap=cap)
        out: list[bytes] = []
        if per_packet > 0:
            for k0 in range(0, raw.shape[0], per_packet):
                k1 = k0 + per_packet
                out.append(encode_pressure(
                    self._take_seq(), t_first_us + k0 * frame_period_us, frame_period_us, raw[k0:k1],
                    imu=None if imu is None else imu[k0:k1], tared=tared, sample_bits=bits,
                ))
            return out
        width = sensors_per_slice(payload_limit, sample_bits=bits)
        if width == 0:
            raise ValueError(f"payload limit {payload_limit} cannot hold a single sample")
        for k in range(raw.shape[0]):
            t_us = t_first_us + k * frame_period_us
            for s in range(0, self.n_sensors, width):
                out.append(encode_pressure(
                    self._take_seq(), t_us, frame_period_us, raw[k : k + 1, s : s + width],
                    first_sensor=s, tared=tared, sample_bits=bits,
                ))
        return out


# --- Control point -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HapticPulse:
    """A haptic pulse the insole played: device time of the command, and its parameters."""

    t_device_us: int
    duration_ms: int
    intensity_percent: int
    repeat: int


class Firmware:
    """The control point state machine of one insole (docs/protocol.md, control point tables).

    Attributes
    ----------
    spec : InsoleSpec
    streaming : bool
        False at power-up.
    rate_hz : int
        The configured sample rate; starts at the spec's current rate.
    tare_count : int
        Successful tare commands since power-up.
    haptic_log : list of HapticPulse
        Pulses played, oldest first.
    """

    def __init__(self, spec: InsoleSpec) -> None:
        self.spec = spec
        self.streaming = False
        self.rate_hz = spec.current_rate_hz
        self.tare_count = 0
        self.haptic_log: list[HapticPulse] = []

    @property
    def frame_period_us(self) -> int:
        """Microseconds between frames at the current rate (nearest integer)."""
        return int(round(1_000_000 / self.rate_hz))

    def layout_bytes(self) -> bytes:
        """The layout characteristic value, with ``current_rate_hz`` = the configured rate."""
        return encode_layout(replace(self.spec, current_rate_hz=self.rate_hz))

    def handle_control(self, data: bytes, now_us: int) -> bytes:
        """Execute one control point write; return the response notification ``0x80, opcode, result``.

        now_us : device time of the write in microseconds (stamped on haptic pulses).
        Raises ValueError on an empty write (the peripheral answers that with an ATT error).
        """
        if len(data) == 0:
            raise ValueError("empty control point write")
        opcode, params = data[0], bytes(data[1:])
        return bytes([RESPONSE, opcode, self._execute(opcode, params, now_us)])

    def _execute(self, opcode: int, params: bytes, now_us: int) -> int:
        if opcode == OP_START:
            if params:
                return RESULT_INVALID_PARAM
            self.streaming = True
            return RESULT_SUCCESS
        if opcode == OP_STOP:
            if params:
                return RESULT_INVALID_PARAM
            self.streaming = False
            return RESULT_SUCCESS
        if opcode == OP_SET_RATE:
            if len(params) != 2:
                return RESULT_INVALID_PARAM
            (rate_hz,) = struct.unpack("<H", params)
            if rate_hz not in self.spec.rates_hz:
                return RESULT_INVALID_PARAM
            self.rate_hz = rate_hz
            return RESULT_SUCCESS
        if opcode == OP_TARE:
            if params:
                return RESULT_INVALID_PARAM
            if not self.streaming:
                return RESULT_FAILED
            self.tare_count += 1
            return RESULT_SUCCESS
        if opcode == OP_HAPTIC:
            if not self.spec.has_haptic:
                return RESULT_NOT_SUPPORTED
            if len(params) != 4:
                return RESULT_INVALID_PARAM
            duration_ms, intensity, repeat = struct.unpack("<HBB", params)
            for value, (lo, hi) in ((duration_ms, HAPTIC_DURATION_MS),
                                    (intensity, HAPTIC_INTENSITY_PERCENT), (repeat, HAPTIC_REPEAT)):
                if not lo <= value <= hi:
                    return RESULT_INVALID_PARAM
            self.haptic_log.append(HapticPulse(now_us, duration_ms, intensity, repeat))
            return RESULT_SUCCESS
        return RESULT_NOT_SUPPORTED
