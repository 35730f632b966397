"""ORPHE INSOLE, firmware side: the SENSOR_VALUES and DEVICE_INFORMATION encoders and the hardware
description, from ``Orphe-OSS/ORPHE-INSOLE.py`` (MIT) and the facts of ``Orphe-OSS/ORPHE-INSOLE.js``
``docs/SENSOR_SPEC.md`` (docs/devices.md).

SENSOR_VALUES (104 bytes, big-endian): header, u16 serial, device time of day (h, m, s, u16 ms), then the
sample slots; the highest slot holds the oldest sample. Header 56 (mode 4): 2 slots of 32 bytes from byte
8, quaternion (4 x i16), gyro (3 x i16), acc (3 x i16), pressures P0..P5 (6 x u16) at slot offset 20.
Header 55 (mode 3): 4 slots of 24 bytes, gyro, acc, pressures at slot offset 12. The simulator sends no
motion: those fields are 0 (quaternion w 1.0 in Q14 for header 56).
"""

from __future__ import annotations

import struct

import numpy as np

from firmware_sim.layout import InsoleSpec, SensorSpec
from firmware_sim.vendors import adc

PACKET_BYTES = 104
#: header -> (streaming mode, rate Hz, samples per packet, slot stride, pressure offset within a slot).
MODES = {56: (4, 100, 2, 32, 20), 55: (3, 200, 4, 24, 12)}
HEADER_OF_MODE = {mode: header for header, (mode, *_rest) in MODES.items()}
HEADER_OF_RATE = {rate: header for header, (_m, rate, *_rest) in MODES.items()}
N_SENSORS = 6
MAX_COUNT = 0xFFFF
Q14_ONE = 16384

#: P0..P5 in the anatomical frame (x medial negative, y heel 0 -> toe 1), from the vendor's right-insole
#: image ratios (ORPHE-INSOLE.js src/InsoleUtils.js SENSOR_LAYOUT_IMAGE, scale 0.58 x 0.9) and README names:
#: toe-medial, ball-medial, toe-lateral, ball-centre, lateral on the ball row, heel.
_IMAGE_XY = ((0.7596, 0.1680), (0.7513, 0.3320), (0.4024, 0.2210), (0.5245, 0.3483), (0.2884, 0.3681),
             (0.5552, 0.8206))
_LABELS = ("hallux", "mth1", "lesser_toes", "mth2_3", "mth4_5", "heel")
SENSORS = tuple(SensorSpec(-(ix - 0.5) * 0.58, (0.5 - iy) * 0.9 + 0.5, 100, label)
                for (ix, iy), label in zip(_IMAGE_XY, _LABELS))
#: Counts per kPa of the simulated ADC: the inverse of the monitor's nominal 0.25 kPa per count (guess: the
#: real insole's scale is not published).
KPA_PER_COUNT_MILLI = 250


def spec(side: str, rate_hz: int = 100) -> InsoleSpec:
    """The simulated ORPHE INSOLE as the pressure model sees it."""
    return InsoleSpec(side=side, sensors=SENSORS, kpa_per_count_milli=KPA_PER_COUNT_MILLI, sample_bits=16,
                      rates_hz=(100, 200), current_rate_hz=rate_hz, has_imu=False, has_haptic=False)


def kpa_to_counts(pressure_kpa: np.ndarray) -> np.ndarray:
    """kPa -> u16 counts (round half up, clipped to 0..65535, where the vendor's SDK flags saturation)."""
    return adc.kpa_to_counts(pressure_kpa, KPA_PER_COUNT_MILLI, MAX_COUNT)


def encode_sensor_values(header: int, serial: int, time_of_day_ms: int, counts: np.ndarray) -> bytes:
    """One SENSOR_VALUES packet. ``counts`` (samples, 6) u16, oldest sample first; ``time_of_day_ms`` the
    oldest sample's device time of day (taken mod one day)."""
    _mode, _rate, samples, stride, press = MODES[header]
    counts = np.asarray(counts)
    if counts.shape != (samples, N_SENSORS):
        raise ValueError(f"header {header} carries ({samples}, {N_SENSORS}) samples, not {counts.shape}")
    tod = int(time_of_day_ms) % 86_400_000
    hours, rest = divmod(tod, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, ms = divmod(rest, 1000)
    buf = bytearray(PACKET_BYTES)
    struct.pack_into(">BHBBBH", buf, 0, header, serial & 0xFFFF, hours, minutes, seconds, ms)
    for age in range(samples):  # age 0 = oldest, at the highest slot
        slot = 8 + stride * (samples - 1 - age)
        if header == 56:
            struct.pack_into(">h", buf, slot, Q14_ONE)
        struct.pack_into(">6H", buf, slot + press, *(int(c) for c in counts[age]))
    return bytes(buf)


def encode_device_information(side: str, battery_level: int = 2, version: int = 1) -> bytes:
    """DEVICE_INFORMATION as the insole answers a read (orphe_insole.py ``DeviceInformation``): battery
    level (0 low, 1 normal, 2 high), mount position (bit 0 right, plantar), acc range code 3 (16 g), gyro
    range code 3 (2000 deg/s), firmware version at byte 18; 20 bytes with the checksum of bytes 0-18."""
    buf = bytearray(20)
    buf[0] = battery_level
    buf[1] = 1 if side == "right" else 0
    buf[8], buf[9] = 3, 3
    buf[18] = version
    buf[19] = sum(buf[:19]) & 0xFF
    return bytes(buf)


def corrupt_packet(packet: bytes, variant: int) -> bytes:
    """A detectably invalid copy of a SENSOR_VALUES packet (for the corrupt fault): variant 0 cuts off
    the last byte (not 104 bytes), 1 writes header 0 (no pressure), 2 an hour of 99 (not a time of day);
    later variants repeat the cycle."""
    out = bytearray(packet)
    match variant % 3:
        case 0:
            del out[-1:]
        case 1:
            if out:
                out[0] = 0
        case _:
            if len(out) > 3:
                out[3] = 99
    return bytes(out)
