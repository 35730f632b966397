"""Ukaton Mission insole, firmware side: the sensor-data encoder, configuration parsing and the hardware
description, from ``zakaton/ukaton-mission-firmware`` and ``zakaton/ukaton-mission-python-sdk`` (MIT,
docs/devices.md).

A notification (bleSensorData.cpp): u16 LE timestamp = device ms mod 65536, then the motion block
``00 len ...`` and the pressure block ``01 len (type, value)...``; the simulator sends type 1 (16 x u16 LE
12-bit readings) followed by type 3 (mass, u32 LE, the sum of the readings: pressureSensor.cpp), as the
firmware does when both are configured.
"""

from __future__ import annotations

import struct

import numpy as np

from firmware_sim.layout import InsoleSpec, SensorSpec
from firmware_sim.vendors import adc

N_SENSORS = 16
MAX_COUNT = 4095
MIN_INTERVAL_MS = 10
DEVICE_TYPE = {"left": 1, "right": 2}

#: Left-insole positions in mm (x across, medial +x; y from the toe), pressureSensor.cpp _sensorPositions,
#: over 93.257 x 265.069 mm; regions by position (docs/devices.md).
_POSITIONS_MM = ((59.55, 32.3), (33.1, 42.15), (69.5, 55.5), (44.11, 64.8), (20.3, 71.9), (63.8, 81.1),
                 (41.44, 90.8), (19.2, 102.8), (48.3, 119.7), (17.8, 130.5), (43.3, 177.7), (18.0, 177.0),
                 (43.3, 200.6), (18.0, 200.0), (43.5, 242.0), (18.55, 242.1))
_LABELS = ("hallux", "lesser_toes", "mth1", "mth2_3", "mth4_5", "mth1", "mth2_3", "mth4_5",
           "midfoot_medial", "midfoot_lateral", "midfoot_medial", "midfoot_lateral",
           "heel_medial", "heel_lateral", "heel_medial", "heel_lateral")
SENSORS = tuple(SensorSpec(0.5 - px / 93.257, 1.0 - py / 265.069, 100, label)
                for (px, py), label in zip(_POSITIONS_MM, _LABELS))
KPA_PER_COUNT_MILLI = 250  # the inverse of the monitor's nominal scale (guess)


def spec(side: str, rate_hz: int = 50) -> InsoleSpec:
    """The simulated Ukaton Mission insole as the pressure model sees it."""
    return InsoleSpec(side=side, sensors=SENSORS, kpa_per_count_milli=KPA_PER_COUNT_MILLI, sample_bits=12,
                      rates_hz=(50, 100), current_rate_hz=rate_hz, has_imu=False, has_haptic=True)


def kpa_to_counts(pressure_kpa: np.ndarray) -> np.ndarray:
    """kPa -> 12-bit counts (round half up, clipped to 0..4095)."""
    return adc.kpa_to_counts(pressure_kpa, KPA_PER_COUNT_MILLI, MAX_COUNT)


def encode_sensor_data(timestamp_ms: int, counts: np.ndarray, *, mass: bool = True) -> bytes:
    """One sensor-data notification: no motion data, pressure type 1 (and type 3, the mass, if ``mass``)."""
    counts = np.asarray(counts)
    if counts.shape != (N_SENSORS,) or int(counts.max(initial=0)) > MAX_COUNT:
        raise ValueError("16 readings of 12 bits expected")
    pressure = bytes([1]) + struct.pack("<16H", *(int(c) for c in counts))
    if mass:
        pressure += bytes([3]) + struct.pack("<I", int(counts.astype(np.int64).sum()))
    return struct.pack("<H", timestamp_ms % 65536) + bytes([0, 0, 1, len(pressure)]) + pressure


def parse_configuration(data: bytes) -> int | None:
    """The pressure interval in ms a configuration write asks for (0: off), rounded down to 10 ms as the
    firmware does (sensorData.cpp); None if it does not configure double-byte pressure. Raises ValueError
    for a malformed write."""
    i, interval = 0, None
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError("configuration cut short")
        sensor, size = data[i], data[i + 1]
        block = data[i + 2:i + 2 + size]
        if len(block) != size or size % 3:
            raise ValueError("configuration block cut short")
        for j in range(0, size, 3):
            kind, ms = block[j], int.from_bytes(block[j + 1:j + 3], "little")
            if sensor == 1 and kind == 1:
                interval = ms - ms % MIN_INTERVAL_MS
        i += 2 + size
    return interval


def parse_vibration(data: bytes) -> list[tuple[int, int]]:
    """A vibration write -> [(amplitude 0..127, duration ms)] for a SEQUENCE (type 1; base.py
    ``vibrate_sequence``: amplitude, delay / 10 pairs), [] for a WAVEFORM (type 0). ValueError if malformed."""
    if not data or data[0] not in (0, 1):
        raise ValueError("vibration type must be 0 (waveform) or 1 (sequence)")
    if data[0] == 0:
        return []
    body = data[1:]
    return [(min(body[k], 127), body[k + 1] * 10) for k in range(0, len(body) - 1, 2)]


def corrupt_packet(packet: bytes, variant: int) -> bytes:
    """A detectably invalid copy of a sensor-data notification (for the corrupt fault): variant 0 cuts
    off the last byte (a block cut short), 1 an unknown sensor type at byte 2, 2 a first reading of 0xFFFF
    (above 12 bits); later variants repeat the cycle."""
    out = bytearray(packet)
    match variant % 3:
        case 0:
            del out[-1:]
        case 1:
            if len(out) > 2:
                out[2] = 7
        case _:
            if len(out) > 8:
                out[7:9] = b"\xff\xff"
    return bytes(out)
