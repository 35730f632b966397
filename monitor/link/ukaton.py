"""Ukaton Mission insoles' wire format, monitor side: UUIDs, the sensor-data decoder, the configuration and
vibration commands, and the insole's layout. Pure: bytes in, values out; every malformed input raises
:class:`monitor.errors.ProtocolError` and nothing else.

Sources (docs/devices.md, all MIT): ``zakaton/ukaton-mission-firmware`` (``src/ble/sensor/bleSensorData.cpp``,
``src/sensor/pressureSensor.cpp``, ``src/ble/ble.h``, ``src/ble/bleHaptics.cpp``, ``src/information/type.h``)
and ``zakaton/ukaton-mission-python-sdk`` (``UkatonMissionSDK/base.py``, ``parsers.py``, ``ble.py``,
``enumerations.py``).

A sensor-data notification is little-endian (bleSensorData.cpp ``updateDataCharacteristic``)::

    u16 timestamp, ms mod 65536 | 00 | motion length | motion payload | 01 | pressure length | pressure payload

and the pressure payload is ``(type, value)`` pairs (base.py ``_parse_pressure_data``): type 0 = 16 x u8
(the 12-bit reading >> 4, pressureSensor.cpp), type 1 = 16 x u16 of 12 bits, 2 = centre of mass
(2 x f32), 3 = mass (u32, the sum of the 16 readings), 4 = heel-to-toe (f64). The timestamp is the device's
``millis()`` truncated to 16 bits; samples come every configured interval, a multiple of 10 ms
(sensorData.h ``min_delay_ms``). There is no packet counter: :class:`UkatonRows` derives one from the
unwrapped timestamp.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

from monitor.codebook import SensorLayout
from monitor.errors import OutOfTime, ProtocolError
from monitor.link.clock import HELD_BURST_HOST_S
from monitor.link.protocol import PressureRows, as_bytes, refuse_above


def _uuid(value: str) -> str:
    """ble.h ``GENERATE_UUID``."""
    return f"5691eddf-{value}-4420-b7a5-bb8751ab5181"


DEVICE_TYPE_CHAR_UUID = _uuid("3001")
SENSOR_CONFIGURATION_CHAR_UUID = _uuid("6001")
SENSOR_DATA_CHAR_UUID = _uuid("6002")
VIBRATION_CHAR_UUID = _uuid("d000")
#: The firmware's own service is created as "0000" (ble.cpp ``createService("0000")``), a 16-bit UUID
#: under the Bluetooth base; its advertised service data is [device type, Wi-Fi connected, ...].
SERVICE_UUID = "00000000-0000-1000-8000-00805f9b34fb"
BATTERY_SERVICE_UUID = "0000180f-0000-1000-8000-00805f9b34fb"
BATTERY_LEVEL_CHAR_UUID = "00002a19-0000-1000-8000-00805f9b34fb"

#: Device types (type.h): 0 motion module, 1 left insole, 2 right insole.
DEVICE_TYPES = {0: "motion_module", 1: "left", 2: "right"}
SENSOR_MOTION, SENSOR_PRESSURE = 0, 1
PRESSURE_SINGLE_BYTE, PRESSURE_DOUBLE_BYTE, CENTER_OF_MASS, MASS, HEEL_TO_TOE = range(5)
#: Bytes of each pressure data type's value (base.py ``_parse_pressure_data``).
_PRESSURE_VALUE_BYTES = {PRESSURE_SINGLE_BYTE: 16, PRESSURE_DOUBLE_BYTE: 32, CENTER_OF_MASS: 8, MASS: 4,
                         HEEL_TO_TOE: 8}
N_SENSORS = 16
MAX_COUNT = 4095  # 12-bit ADC (pressureSensor.cpp ``analogRead``; the SDK's scale 1 / 2**12)
MIN_INTERVAL_MS = 10
TIMESTAMP_MOD = 1 << 16


@dataclass(frozen=True, eq=False)
class UkatonSample:
    """One decoded sensor-data notification.

    Attributes
    ----------
    timestamp_ms : int, 0..65535 (device ms mod 65536)
    raw : ndarray of uint16, shape (16,)
        The 16 pressure readings in 12-bit counts (single-byte readings scaled by 16); read-only.
    mass : int or None
        The insole's mass value (the sum of the 16 readings) when sent.
    """

    timestamp_ms: int
    raw: np.ndarray
    mass: int | None = None


def _pressure(block: bytes) -> tuple[np.ndarray | None, int | None]:
    raw, mass, i = None, None, 0
    while i < len(block):
        kind = block[i]
        size = _PRESSURE_VALUE_BYTES.get(kind)
        if size is None:
            raise ProtocolError(f"Ukaton pressure data type {kind} is unknown")
        if i + 1 + size > len(block):
            raise ProtocolError(f"Ukaton pressure data type {kind} cut short")
        value = block[i + 1:i + 1 + size]
        if kind == PRESSURE_DOUBLE_BYTE:
            raw = np.frombuffer(value, dtype="<u2").astype(np.uint16)
            if int(raw.max()) > MAX_COUNT:
                raise ProtocolError(f"Ukaton pressure reading {int(raw.max())} above 12 bits")
        elif kind == PRESSURE_SINGLE_BYTE:
            raw = np.frombuffer(value, dtype="u1").astype(np.uint16) << 4
        elif kind == MASS:
            mass = struct.unpack("<I", value)[0]
        i += 1 + size
    return raw, mass


def decode_sensor_data(data: bytes | bytearray | memoryview) -> UkatonSample:
    """A sensor-data notification -> :class:`UkatonSample`; ProtocolError for anything malformed, or one
    that carries no pressure readings."""
    buf = as_bytes(data)
    if len(buf) < 2:
        raise ProtocolError(f"Ukaton sensor-data notification of {len(buf)} bytes")
    i, raw, mass, seen = 2, None, None, set()
    while i < len(buf):
        if i + 2 > len(buf):
            raise ProtocolError("Ukaton sensor block header cut short")
        sensor, size = buf[i], buf[i + 1]
        if sensor not in (SENSOR_MOTION, SENSOR_PRESSURE) or sensor in seen:
            raise ProtocolError(f"Ukaton sensor type {sensor} unknown or repeated")
        seen.add(sensor)
        if i + 2 + size > len(buf):
            raise ProtocolError(f"Ukaton sensor block of {size} bytes cut short")
        if sensor == SENSOR_PRESSURE:
            raw, mass = _pressure(buf[i + 2:i + 2 + size])
        i += 2 + size
    if raw is None:
        raise ProtocolError("Ukaton notification without pressure readings")
    raw.setflags(write=False)
    return UkatonSample(timestamp_ms=int.from_bytes(buf[:2], "little"), raw=raw, mass=mass)


def decode_device_type(data: bytes | bytearray | memoryview) -> str:
    """The device-type characteristic (one byte, type.h) -> "left", "right" or "motion_module"."""
    buf = as_bytes(data)
    if len(buf) < 1 or buf[0] not in DEVICE_TYPES:
        raise ProtocolError(f"Ukaton device type {buf[:1].hex() or 'missing'}")
    return DEVICE_TYPES[buf[0]]


def command_configure(interval_ms: int) -> bytes:
    """The sensor-configuration write that sends 12-bit pressure every ``interval_ms`` and no motion data
    (parsers.py ``serialize_sensor_data_configurations``: [sensor type][length][(data type, u16 ms)...];
    the firmware rounds the interval down to a multiple of 10 ms)."""
    if not (MIN_INTERVAL_MS <= interval_ms <= 0xFFFF and interval_ms % MIN_INTERVAL_MS == 0):
        raise ValueError(f"interval {interval_ms} ms is not a multiple of {MIN_INTERVAL_MS} ms up to 65535")
    return bytes([SENSOR_PRESSURE, 3, PRESSURE_DOUBLE_BYTE]) + interval_ms.to_bytes(2, "little")


def command_stop() -> bytes:
    """The configuration write that stops the pressure data (interval 0)."""
    return bytes([SENSOR_PRESSURE, 3, PRESSURE_DOUBLE_BYTE, 0, 0])


#: Pause between repeated pulses, ms (guess: long enough to feel them apart).
VIBRATION_GAP_MS = 100
#: The firmware plays at most 20 sequence bytes (haptics.cpp ``max_sequence_length``): 10 segments.
MAX_SEQUENCE_SEGMENTS = 10


def command_vibrate(intensity_percent: int, duration_ms: int, repeat: int = 1) -> bytes:
    """A vibration write of type SEQUENCE (base.py ``vibrate_sequence``: [1][amplitude, delay / 10 ...]):
    ``repeat`` pulses at ``intensity_percent`` of 127 for ``duration_ms``
    each (10 ms steps, at most 2550 ms), ``VIBRATION_GAP_MS`` apart, then off. The range 0..127 is not the
    firmware's: haptics.cpp hands the amplitude byte to ``drv.setRealtimeValue``, the DRV2605 driver's
    real-time playback value, which its datasheet (TI DRV2605, RTP_INPUT register) reads as signed by
    default, 127 the full positive drive (guess that the insole keeps that default)."""
    if not 1 <= intensity_percent <= 100:
        raise ValueError(f"intensity {intensity_percent} % outside 1..100")
    if not 1 <= repeat <= MAX_SEQUENCE_SEGMENTS // 2:
        raise ValueError(f"repeat {repeat} outside 1..{MAX_SEQUENCE_SEGMENTS // 2}")
    steps = max(1, min(255, round(duration_ms / 10)))
    amplitude = math.ceil(127 * intensity_percent / 100)
    return bytes([1]) + bytes([amplitude, steps, 0, VIBRATION_GAP_MS // 10]) * repeat


# --- Layout --------------------------------------------------------------------------------------------

#: The 16 sensor positions of the left insole in mm, x across, y from the toe (pressureSensor.cpp
#: ``_sensorPositions`` = parsers.py ``pressure_positions``), normalised by 93.257 mm and 265.069 mm; the
#: right insole is the mirror (parsers.py ``get_pressure_position``: x -> 1 - x). In the left insole's
#: frame the medial side is +x (sensor 0, the most distal medial, is under the hallux).
POSITIONS_MM = ((59.55, 32.3), (33.1, 42.15), (69.5, 55.5), (44.11, 64.8), (20.3, 71.9), (63.8, 81.1),
                (41.44, 90.8), (19.2, 102.8), (48.3, 119.7), (17.8, 130.5), (43.3, 177.7), (18.0, 177.0),
                (43.3, 200.6), (18.0, 200.0), (43.5, 242.0), (18.55, 242.1))
WIDTH_MM, LENGTH_MM = 93.257, 265.069
#: Regions by position (the SDK names none): y from the heel within the 51-81 % forefoot band of
#: firmware_sim/layout.py [43] splits into medial (MTH1), centre (MTH2-3) and lateral (MTH4-5) columns; the
#: two most distal are hallux and lesser toes; 8 (55 %, centre) and 9 (51 %, lateral) at the band's edge
#: are read as midfoot; 10-13 midfoot and front heel by column; 14-15 heel.
REGIONS = ("hallux", "lesser_toes", "mth1", "mth2_3", "mth4_5", "mth1", "mth2_3", "mth4_5",
           "midfoot_medial", "midfoot_lateral", "midfoot_medial", "midfoot_lateral",
           "heel_medial", "heel_lateral", "heel_medial", "heel_lateral")
#: No sensing area is published (guess: a 10 mm x 10 mm force-sensing element).
AREA_MM2 = 100.0
#: No calibration is published: readings are 12-bit ADC counts. Nominal scale (guess): the Solewatch
#: profile's 0.25 kPa per count, so the simulator's kPa come back as kPa.
KPA_PER_COUNT = 0.25
#: Pressure intervals the driver asks for: 20 ms (50 Hz, guess: half the firmware's fastest, 10 ms) and 10.
RATES_HZ = (50, 100)
DEFAULT_RATE_HZ = 50


def layout(side: str, rate_hz: int = DEFAULT_RATE_HZ) -> SensorLayout:
    """The Ukaton Mission layout of ``side`` in the anatomical frame of docs/protocol.md (medial
    negative, heel 0 to toe 1); both feet have the same anatomical x."""
    x = [0.5 - px / WIDTH_MM for px, _ in POSITIONS_MM]
    y = [1.0 - py / LENGTH_MM for _, py in POSITIONS_MM]
    return SensorLayout(side=side, x=x, y=y, area_mm2=[AREA_MM2] * N_SENSORS, regions=REGIONS,
                        kpa_per_count=KPA_PER_COUNT, rates_hz=RATES_HZ, current_rate_hz=rate_hz,
                        sample_bits=12, has_imu=False, has_haptic=True, insole="ukaton", calibrated=False)


# --- Notifications -> rows for the frame assembler ------------------------------------------------------


def intervals(delta_ms: int, period_ms: int) -> int:
    """How many intervals of ``period_ms`` a stamp ``delta_ms`` after the last one (either sign) is on from
    it: the nearest whole number, a half rounded towards 0, and at least 1 for any other stamp.

    The firmware stamps a sample with the 10-ms tick it is sent at, after testing the tick before it for
    its interval (ukaton-mission-firmware ``src/sensor/sensorData.cpp``, ``updateData``; the notification's
    stamp is the new tick, ``bleSensorData.cpp``). A loop that stalls for 10 ms or more can shift the phase
    of the stamps on the interval grid: stamps ... 970, 1000, 1010, 1030 ... at 20 ms, one sample each,
    none missed. Counted on from the last stamp, the 30 ms are one interval and the 10 ms the next one, so
    every notification has a ``seq`` of its own and none is counted lost; counted from the first stamp,
    1000 and 1010 would both be interval 50 (a duplicate) and one lost."""
    if delta_ms == 0:
        return 0
    whole = max(1, -((period_ms - 2 * abs(delta_ms)) // (2 * period_ms)))  # a half rounded down
    return whole if delta_ms > 0 else -whole


#: Intervals a stamp may lie ahead of where the stream's own pace puts it (the most any stamp has been ahead
#: of its arrival) before it is out of the stream's time. Notifications arrive in order, so each one's stamp
#: is ahead of the pace by at most its step from the one before (an interval, one more per notification
#: lost): a host that hears a backlog at once catches up an interval at a time. Three lets two notifications
#: in a row be lost as a new fastest arrival comes (guess; the Moticon stream's rule, monitor.link.moticon).
OUT_OF_PACE_INTERVALS = 3


class UkatonRows:
    """One foot's sensor-data notifications -> :class:`PressureRows` (one frame each), in arrival order.

    The 16-bit ms timestamp is unwrapped against the previous one. When more host time than half the
    counter's range (32.8 s of device time at ``speed``) has passed since the host time the previous
    timestamp stands for (the link down, or up and the host paused: a laptop suspended, a recorder stopped
    with Ctrl-Z), the timestamp may have wrapped unseen, and the wraps the host time says were missed are
    added; unless it is the very next sample of the stream (``seq`` one on): a sample a buffer held through
    the pause and delivered first after it, placed on from the one before, with no wraps. The host time such
    a held-back sample stands for is where its frame lies (the previous one's plus the interval), not its
    arrival, so the wraps of the first sample after a held-back burst are counted from there. After one
    held back, the next sample is held back too only if it arrives sooner after it than half its interval
    or ``HELD_BURST_HOST_S`` (monitor.link.clock, the frame assembler's floor for its held-back packets too),
    whichever is longer (guess: a buffer delivers what it kept well within that, a stream comes at its
    pace, which at a high --speed is faster than 2 ms: the limit in docs/devices.md): else it is the
    stream after the pause, whose first stamp happened to read as the next (a pause of whole 327.68-s
    turns), and gets the wraps the host time says (docs/session-format.md, "Host time that jumps ahead",
    with the rule's limits). ``seq`` is the number of intervals since the first sample, mod 65536, counted
    on from the last stamp (:func:`intervals`: a phase shift of the stamps after a stall of the firmware's
    loop is neither a duplicate nor a loss), so a lost notification is a sequence jump to the frame
    assembler; ``t_us`` the unwrapped device time in microseconds mod 2**32. A timestamp behind the last
    one (reordered) moves nothing; its ``seq`` is counted back from the last.

    After the link went down (:meth:`note_link_down`), until a stamp moves the stream, a stamp takes the
    wrap count whose device time is nearest the host's elapsed time x ``speed`` however short the silence,
    and its pace afresh: right while the two differ by less than half a wrap (32.768 s of device time; at
    20x, 1.6 s of host time a busy host's clock may lag), where the nearest wrap to the last stamp read a
    device time that moved more than 32.8 s, the host's under that, as one wrap behind (docs/devices.md).
    The host's elapsed time is counted from where the stream's pace (its least late arrivals) puts the last
    stamp, where that is earlier than its arrival: a host that heard the samples before the drop late
    (busy) and the first after it on time is not taken to lag by as much.

    A stamp ahead of the stream's pace by more than ``OUT_OF_PACE_INTERVALS`` intervals (the pace: the most
    any stamp, unwrapped, has been ahead of its arrival, x ``speed``) is an OutOfTime (a ProtocolError:
    counted out of time, not corrupt) and moves nothing, unless the notification before it was one such
    and it continues from it (its stamp after that one's, by no more than its own arrival allows and the
    same intervals): then the insole's time jumped (it restarted while the link was down), and the stream
    goes on from it. So one bad stamp costs its sample, where it read as a gap and made every sample after
    it late. Not after a silence (the stamp unwrapped by the host time), where the pace starts afresh.

    Why here and not in the frame assembler, which tells held-back packets too (``FootAssembler._held_back``):
    its rule answers whether an arrival says anything of the device's clock (more than ``HELD_LATE_HOST_S``,
    5 s of host time, late), this one whether the stamp may have wrapped (a silence of 32.8 s of device
    time: 1.1 s of host time at 30x, where the assembler sees a busy host, not a held-back burst); and the
    ``seq`` the assembler's every rule starts from can only be counted once the stamp is unwrapped (65,536 ms
    is 3,276.8 intervals of 20 ms). The two rules share the burst floor, ``HELD_BURST_HOST_S``.
    """

    #: ``seq`` counts intervals of the insole's clock, not notifications sent: it runs on while none is
    #: heard, the link down too (monitor.link.assembly)
    seq_counts_time = True

    def __init__(self, kpa_per_count: float, rate_hz: int, speed: float = 1.0, most_kpa: float = math.inf) -> None:
        self.kpa_per_count = float(kpa_per_count)
        self.most_kpa = float(most_kpa)
        self.period_ms = 1000 // int(rate_hz)
        self.speed = float(speed)
        self._first_ms: int | None = None
        self._last_ms = 0
        self._last_seq = 0  # the intervals from the first sample to the last stamp, not wrapped
        self._last_host_s = 0.0  # the host time the last timestamp stands for (a held-back one's: its frame's)
        self._arrival_s = 0.0  # the host time the last sample arrived
        self._held = False  # the last sample was the next one, late: held back by a buffer
        self._pace_ms = 0.0  # the most a stamp (unwrapped, ms) has been ahead of its arrival (host ms x speed)
        self._suspect: tuple[int, float] | None = None  # stamp and arrival of the last one out of pace
        self._down = False  # the link went down since the last stamp that moved the stream
        self._keep_pace = False  # ... or bytes of the raw log were skipped: the insole ran on, its pace holds

    def note_link_down(self) -> None:
        """The link dropped: forget a stamp out of pace, and take the next stamp's wraps from the host time
        (the wrap count nearest it, not the one nearest the last stamp), its pace afresh. Whether the next
        timestamp may have wrapped unseen after a silence is the host time's to say, the link down or up (a
        paused host hears nothing either)."""
        self._suspect = None
        self._down = True
        self._keep_pace = False

    def note_log_damaged(self) -> None:
        """Bytes of the raw log were skipped as damaged here: as after a drop, the next stamp takes its wraps from
        the host time (it may have wrapped in the span), but the pace holds (the insole ran on, its clock with
        it): a first stamp out of it (corrupt) costs its sample, not the stream's place; one the next continues
        from is a time that jumped, as ever."""
        self.note_link_down()
        self._keep_pace = True

    def rows(self, host_s: float, data: bytes | bytearray | memoryview) -> PressureRows:
        sample = decode_sensor_data(data)
        kpa = refuse_above(sample.raw * self.kpa_per_count, self.most_kpa)  # before the clock moves
        ts = sample.timestamp_ms
        if self._first_ms is None:
            self._first_ms = self._last_ms = ts
            self._last_host_s = self._arrival_s = host_s if math.isfinite(host_s) else 0.0
            unwrapped, seq = ts, 0
            self._pace_ms = ts - self._last_host_s * 1000 * self.speed
        else:
            delta = (ts - self._last_ms) % TIMESTAMP_MOD
            elapsed_ms = (host_s - self._last_host_s) * 1000 * self.speed if math.isfinite(host_s) else 0.0
            silence = elapsed_ms > TIMESTAMP_MOD // 2  # long enough for a wrap unseen, the link up or down
            # the next sample, however late: held back; after one held back, only as a buffer delivers them,
            # sooner than half its frame took or HELD_BURST_HOST_S (at the stream's pace it is the stream of
            # then, its stamp wrapped)
            held = silence and intervals(delta, self.period_ms) == 1 and not (
                self._held and host_s - self._arrival_s >= max(delta / 2 / 1000 / self.speed, HELD_BURST_HOST_S))
            by_host = (silence or self._down) and not held
            if by_host:  # the wraps whose device time is nearest the host's elapsed time (after a silence: >= 0)
                if self._down and math.isfinite(host_s):  # after a drop, where the stream's pace puts this arrival
                    elapsed_ms = max(elapsed_ms, host_s * 1000 * self.speed + self._pace_ms - self._last_ms)
                delta += TIMESTAMP_MOD * round((elapsed_ms - delta) / TIMESTAMP_MOD)
            elif delta >= TIMESTAMP_MOD // 2:  # behind the stream
                delta -= TIMESTAMP_MOD
            unwrapped = self._last_ms + delta
            if delta > 0 and math.isfinite(host_s):
                self._check_pace(ts, unwrapped, host_s, restart=by_host and not self._keep_pace)
            seq = self._last_seq + intervals(delta, self.period_ms)
            if delta >= 0:
                self._last_ms, self._last_seq = unwrapped, seq
                self._held, self._down, self._keep_pace = held, False, False
                if held:  # it stands for its frame's time, not its arrival
                    self._last_host_s += delta / 1000 / self.speed
                elif math.isfinite(host_s):
                    self._last_host_s = host_s
            if math.isfinite(host_s):
                self._arrival_s = host_s
        t_us = (unwrapped * 1000) % (1 << 32)
        return PressureRows(seq % (1 << 16), t_us, self.period_ms * 1000, 0, kpa.reshape(1, N_SENSORS))

    def _check_pace(self, ts: int, unwrapped: int, host_s: float, restart: bool) -> None:
        """Move the pace for a stamp ``ts`` (ms mod 65536; ``unwrapped``: ms, the stream's) arriving at
        ``host_s``, ahead of the last; OutOfTime if it is out of the stream's pace and does not continue
        from one that was (class docstring). ``restart``: after a silence, the pace starts from it."""
        ahead_ms = unwrapped - host_s * 1000 * self.speed
        margin_ms = OUT_OF_PACE_INTERVALS * self.period_ms
        if not restart and ahead_ms > self._pace_ms + margin_ms:
            suspect, self._suspect = self._suspect, (ts, host_s)
            if suspect is None or not 0 < (ts - suspect[0]) % TIMESTAMP_MOD <= \
                    (host_s - suspect[1]) * 1000 * self.speed + margin_ms:
                raise OutOfTime(f"Ukaton stamp {ts} ms out of the stream's time ({self._last_ms % TIMESTAMP_MOD}"
                                    f" ms last)")
            restart = True  # it continues from the one out of pace: the insole's time jumped
        self._pace_ms = ahead_ms if restart else max(self._pace_ms, ahead_ms)
        self._suspect = None
