"""ORPHE INSOLE's wire format, monitor side: UUIDs, the SENSOR_VALUES and DEVICE_INFORMATION decoders, the
streaming-mode command, and the insole's layout. Pure: bytes in, values out; every malformed input raises
:class:`monitor.errors.ProtocolError` and nothing else.

Sources (docs/devices.md): ``Orphe-OSS/ORPHE-INSOLE.py`` ``orphe_insole.py`` (MIT) and the facts of
``Orphe-OSS/ORPHE-INSOLE.js`` ``docs/SENSOR_SPEC.md``, ``README.md`` and ``src/InsoleUtils.js`` (no code
taken: that repository is free for non-commercial use only).

SENSOR_VALUES is a 104-byte big-endian notification (SENSOR_SPEC.md "パケット共通部")::

    0      u8   header: 56 = mode 4, 100 Hz, 2 samples; 55 = mode 3, 200 Hz, 4 samples
    1-2    u16  serial number (packet counter, wraps 65535 -> 0)
    3,4,5  u8   device time of day: hours, minutes, seconds
    6-7    u16  device time of day: milliseconds
    then per sample slot n (stride 32 for header 56, 24 for header 55) six u16 pressures at
    28 + 32 n (header 56) or 20 + 24 n (header 55), raw ADC counts.

The slot at the highest offset is the oldest sample (``packet_number`` 0 in both references; the
vendor's parser test puts pressures 101..106 at slot 1 and reads them as sample 0). All samples of a
packet carry the packet's one timestamp (SENSOR_SPEC.md, known constraint); here it is taken as the
oldest sample's time, the others following at the mode's nominal period (not verified on hardware).
The device time has no date, so it jumps back by a day at midnight (SENSOR_SPEC.md):
:class:`OrpheRows` unwraps it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from monitor.codebook import SensorLayout
from monitor.errors import ProtocolError
from monitor.link.protocol import PressureRows, as_bytes, refuse_above

# --- UUIDs (orphe_insole.py; ORPHE-INSOLE.js README "BLE情報") ----------------------------------------

#: The service that holds SENSOR_VALUES (orphe_insole.py ``SERVICE_OTHER_UUID``).
SERVICE_UUID = "db1b7aca-cda5-4453-a49b-33a53d3f0833"
#: The device-information service (orphe_insole.py ``SERVICE_ORPHE_INFORMATION_UUID``).
INFORMATION_SERVICE_UUID = "01a9d6b5-ff6e-444a-b266-0be75e85c064"
SENSOR_VALUES_CHAR_UUID = "f3f9c7ce-46ee-4205-89ac-abe64e626c0f"
DEVICE_INFORMATION_CHAR_UUID = "24354f22-1c46-430e-a4ab-a1eeabbcdfc0"
#: Advertised names start with "INS" (ORPHE-INSOLE.js ``requestDevice`` filter ``namePrefix: 'INS'``;
#: orphe_insole.py connects to a name containing "INS").
NAME_PREFIX = "INS"
#: The advertisement's manufacturer data (company ID 0x0000, the bytes after it): the mounting position at
#: byte 6, as DEVICE_INFORMATION's byte 1 (bit 0: 0 left, 1 right; bit 1: 0 plantar, 1 dorsal), the battery
#: level at byte 14 (ORPHE-INSOLE.js ``docs/SENSOR_SPEC.md``, advertisement; ``onAdvertisementReceived``).
ADVERT_COMPANY_ID = 0x0000
ADVERT_MOUNT_AT = 6
ADVERT_BATTERY_AT = 14


def advertised_side(manufacturer_data: Mapping[int, bytes]) -> str | None:
    """The foot an ORPHE INSOLE's advertisement names: None if it carries no mounting position, or one of a
    module on the shoe's upper (dorsal), or a byte that is none (above 3)."""
    data = manufacturer_data.get(ADVERT_COMPANY_ID)
    if data is None or len(data) <= ADVERT_MOUNT_AT:
        return None
    mount = data[ADVERT_MOUNT_AT]
    if mount > 3 or mount & 2:
        return None
    return "right" if mount & 1 else "left"

# --- SENSOR_VALUES -----------------------------------------------------------------------------------

PACKET_BYTES = 104
HEADER_100HZ = 56
HEADER_200HZ = 55
N_SENSORS = 6
DAY_MS = 86_400_000


@dataclass(frozen=True)
class _Mode:
    header: int
    streaming_mode: int  # the byte after 0x0D in the mode command
    rate_hz: int
    samples: int
    stride: int
    press_offset: int


#: Per header: the streaming mode that sends it, nominal rate, samples per packet, slot stride, offset of
#: P0 in slot 0 (SENSOR_SPEC.md "header 別レイアウト"; orphe_insole.py ``SensorValuesData``).
MODES: dict[int, _Mode] = {
    HEADER_100HZ: _Mode(HEADER_100HZ, 4, 100, 2, 32, 28),
    HEADER_200HZ: _Mode(HEADER_200HZ, 3, 200, 4, 24, 20),
}
RATES_HZ = (100, 200)


@dataclass(frozen=True, eq=False)
class OrphePacket:
    """One decoded SENSOR_VALUES notification.

    Attributes
    ----------
    header : 55 or 56
    serial : int, 0..65535 (wraps)
    time_of_day_ms : int, 0..86_399_999
        Device time of day of the packet, in ms (no date).
    frame_period_us : int
        The mode's nominal sample period: 10000 (100 Hz) or 5000 (200 Hz).
    raw : ndarray of uint16, shape (samples, 6)
        Pressures P0..P5 in raw ADC counts, oldest sample first; read-only.
    """

    header: int
    serial: int
    time_of_day_ms: int
    frame_period_us: int
    raw: np.ndarray


def decode_sensor_values(data: bytes | bytearray | memoryview) -> OrphePacket:
    """A SENSOR_VALUES notification of header 55 or 56 -> :class:`OrphePacket`; ProtocolError otherwise
    (wrong length, a header without pressure such as 50, a time of day out of range)."""
    buf = as_bytes(data)
    if len(buf) != PACKET_BYTES:
        raise ProtocolError(f"ORPHE sensor-values notification of {len(buf)} bytes, expected {PACKET_BYTES}")
    mode = MODES.get(buf[0])
    if mode is None:
        raise ProtocolError(f"ORPHE header {buf[0]} carries no pressure (expected 55 or 56)")
    hours, minutes, seconds = buf[3], buf[4], buf[5]
    ms = int.from_bytes(buf[6:8], "big")
    if hours > 23 or minutes > 59 or seconds > 59 or ms > 999:
        raise ProtocolError(f"ORPHE device time {hours}:{minutes}:{seconds}.{ms} is not a time of day")
    slots = np.frombuffer(buf, dtype=">u2", count=(mode.stride * mode.samples) // 2, offset=8)
    slots = slots.reshape(mode.samples, mode.stride // 2)
    first = (mode.press_offset - 8) // 2
    raw = slots[::-1, first:first + N_SENSORS].astype(np.uint16)  # highest offset = oldest
    raw.setflags(write=False)
    return OrphePacket(
        header=mode.header, serial=int.from_bytes(buf[1:3], "big"),
        time_of_day_ms=((hours * 60 + minutes) * 60 + seconds) * 1000 + ms,
        frame_period_us=1_000_000 // mode.rate_hz, raw=raw)


# --- DEVICE_INFORMATION --------------------------------------------------------------------------------

#: Battery levels as the insole reports them (ORPHE-INSOLE.js ``device_information.battery``: 0 low,
#: 1 normal, 2 high); no percentage is published.
BATTERY_LEVELS = ("low", "normal", "high")
DEVICE_INFORMATION_MIN_BYTES = 19


@dataclass(frozen=True)
class OrpheDeviceInformation:
    """DEVICE_INFORMATION as read (orphe_insole.py ``DeviceInformation``): battery byte 0, mount position
    byte 1 (bit 0: 0 left, 1 right; bit 1: 0 plantar, 1 dorsal), acc and gyro range codes bytes 8 and 9,
    firmware version byte 18."""

    battery_level: int
    side: str
    plantar: bool
    acc_range_code: int
    gyro_range_code: int
    version: int

    @property
    def battery(self) -> str:
        return BATTERY_LEVELS[self.battery_level]


def decode_device_information(data: bytes | bytearray | memoryview) -> OrpheDeviceInformation:
    buf = as_bytes(data)
    if len(buf) < DEVICE_INFORMATION_MIN_BYTES:
        raise ProtocolError(f"ORPHE device information of {len(buf)} bytes, expected at least "
                            f"{DEVICE_INFORMATION_MIN_BYTES}")
    if buf[0] >= len(BATTERY_LEVELS):
        raise ProtocolError(f"ORPHE battery level {buf[0]} (expected 0, 1 or 2)")
    if buf[1] > 3:
        raise ProtocolError(f"ORPHE mount position {buf[1]} (expected 0..3)")
    if buf[8] > 3 or buf[9] > 3:
        raise ProtocolError(f"ORPHE range codes {buf[8]}, {buf[9]} (expected 0..3)")
    return OrpheDeviceInformation(battery_level=buf[0], side="right" if buf[1] & 1 else "left",
                                  plantar=not buf[1] & 2, acc_range_code=buf[8], gyro_range_code=buf[9],
                                  version=buf[18])


def command_streaming_mode(rate_hz: int) -> bytes:
    """The DEVICE_INFORMATION write that starts streaming at ``rate_hz`` (100: ``0D 04``, header 56;
    200: ``0D 03``, header 55; orphe_insole.py ``set_data_streaming_mode``)."""
    for mode in MODES.values():
        if mode.rate_hz == rate_hz:
            return bytes([0x0D, mode.streaming_mode])
    raise ValueError(f"ORPHE INSOLE streams at {' or '.join(map(str, RATES_HZ))} Hz, not {rate_hz}")


# --- Layout --------------------------------------------------------------------------------------------

#: P0..P5 as image ratios of the right insole (ORPHE-INSOLE.js src/InsoleUtils.js ``SENSOR_LAYOUT_IMAGE``,
#: "実機採寸値", the vendor's measured positions) and the foot-local scale (``FOOT_LOCAL_X_RANGE`` 0.58,
#: ``FOOT_LOCAL_Y_RANGE`` 0.9, foot length about 1). README: 1 toe-medial, 2 ball-medial, 3 toe-lateral,
#: 4 ball-centre, 5 midfoot-lateral, 6 heel.
_IMAGE_XY = ((0.7596, 0.1680), (0.7513, 0.3320), (0.4024, 0.2210), (0.5245, 0.3483), (0.2884, 0.3681),
             (0.5552, 0.8206))
_X_RANGE, _Y_RANGE = 0.58, 0.9
#: Regions from the README's names and the positions: sensor 5 ("midfoot-lateral") lies on the row of the
#: ball (62 % of foot length from the heel, within the 51-81 % forefoot band of firmware_sim/layout.py
#: [43]), lateral of the ball-centre sensor, so it is read as MTH4-5.
REGIONS = ("hallux", "mth1", "lesser_toes", "mth2_3", "mth4_5", "heel")
#: No sensing area is published (guess: a 10 mm x 10 mm element).
AREA_MM2 = 100.0
#: No calibration is published: counts are raw ADC (SENSOR_SPEC.md "ADC 生値（物理量ではない）"). Nominal
#: scale (guess): the Solewatch profile's 0.25 kPa per count, so the simulator's kPa come back as kPa.
KPA_PER_COUNT = 0.25


def layout(side: str, rate_hz: int = 100) -> SensorLayout:
    """The ORPHE INSOLE layout of ``side`` in the anatomical frame of docs/protocol.md (medial negative,
    heel 0 to toe 1). The vendor's frame is the right insole with medial towards +x; the left insole is
    its mirror, so both feet have the same anatomical x."""
    x = [-(ix - 0.5) * _X_RANGE for ix, _ in _IMAGE_XY]
    y = [(0.5 - iy) * _Y_RANGE + 0.5 for _, iy in _IMAGE_XY]
    return SensorLayout(side=side, x=x, y=y, area_mm2=[AREA_MM2] * N_SENSORS, regions=REGIONS,
                        kpa_per_count=KPA_PER_COUNT, rates_hz=RATES_HZ, current_rate_hz=rate_hz,
                        sample_bits=16, has_imu=False, has_haptic=False, insole="orphe", calibrated=False)


# --- Notifications -> rows for the frame assembler ------------------------------------------------------


class OrpheRows:
    """One foot's SENSOR_VALUES notifications -> :class:`PressureRows`, in arrival order.

    ``seq`` is the packet serial; ``t_us`` the device time of the oldest sample in microseconds, unwrapped
    over midnight (a time of day more than half a day behind the last one is the next day), then reduced
    mod 2**32 as the Solewatch profile's device clock (monitor.link.clock unwraps that). A packet from
    behind the stream (reordered) does not move the day count. Samples are kPa at ``kpa_per_count``.
    """

    def __init__(self, kpa_per_count: float, most_kpa: float = math.inf) -> None:
        self.kpa_per_count = float(kpa_per_count)
        self.most_kpa = float(most_kpa)
        self._day_ms = 0
        self._last_tod_ms: int | None = None

    def rows(self, host_s: float, data: bytes | bytearray | memoryview) -> PressureRows:
        del host_s  # the time of day needs no host time: a day is longer than any gap the link keeps
        packet = decode_sensor_values(data)
        kpa = refuse_above(packet.raw * self.kpa_per_count, self.most_kpa)  # before the day count moves
        tod = packet.time_of_day_ms
        day = self._day_ms
        if self._last_tod_ms is not None:
            delta = tod - self._last_tod_ms
            if delta < -DAY_MS // 2:
                day += DAY_MS
                self._day_ms, self._last_tod_ms = day, tod
            elif delta > DAY_MS // 2:  # behind the stream, across midnight
                day -= DAY_MS
            elif delta >= 0:
                self._last_tod_ms = tod
        else:
            self._last_tod_ms = tod
        t_us = ((day + tod) * 1000) % (1 << 32)
        return PressureRows(packet.serial, t_us, packet.frame_period_us, 0, kpa)
