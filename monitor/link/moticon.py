"""Moticon OpenGo's live UDP stream, monitor side: the datagram decoder and the insole's layout. Pure:
bytes in, values out; every malformed datagram raises :class:`monitor.errors.ProtocolError`.

Moticon's desktop app sends each frame as one ASCII datagram of 51 whitespace-separated numbers. Moticon
does not publish the order; the one used here is that of ``maximyudayev/hermes-moticon``
``src/hermes/moticon/producer.py`` (MIT, docs/devices.md): value 0 the time, then per foot, left first,
acceleration (3), angular rate (3), centre of pressure (2), the 16 pressures and the total force. It gives
no units: the time is read as seconds and the pressures as N/cm², the units of Moticon's file exports
(domain.md section 4 [46]; guess for the stream). One datagram holds both feet: the raw log keeps it
under each foot, and each foot's decoder reads its half: pressures, and acceleration and angular rate
for the activity recogniser (monitor.signal.imu_activity).

A foot's half whose 25 values are all ``nan`` is an insole that sent no sample (guess: Moticon does not
publish what its app streams while one insole is away; its exports leave a missing sample's fields empty,
../shared/data/README.md, and a field cannot be empty in a whitespace-separated datagram): the other
foot's half is read as ever, and the link says that foot down (monitor.link.udp).
"""

from __future__ import annotations

import math

import numpy as np

from monitor.codebook import SensorLayout
from monitor.errors import OutOfTime, ProtocolError
from monitor.link.protocol import PressureRows, refuse_above

N_VALUES = 51
N_SENSORS = 16
#: Where each foot's 16 pressures start in the datagram (hermes-moticon producer.py: 9:25 and 34:50).
PRESSURE_START = {"left": 9, "right": 34}
#: Where each foot's total force is (producer.py: 25 and 50).
TOTAL_FORCE_AT = {"left": 25, "right": 50}
#: Where each foot's half of the datagram starts, and its length: acceleration (3), angular rate (3),
#: centre of pressure (2), 16 pressures, total force (producer.py: 1:26 and 26:51).
HALF_START = {"left": 1, "right": 26}
HALF_LEN = 25
#: Where each foot's acceleration x, y, z and angular rate x, y, z start (producer.py: 1:7 and 26:32), in g
#: and deg/s as in the exports (domain.md section 4 [46]; the stream's units are not published: guess).
IMU_START = {"left": 1, "right": 26}
#: 1 N/cm^2 = 1e4 Pa = 10 kPa.
KPA_PER_N_CM2 = 10.0
#: The exports step by 0.25 N/cm^2 (domain.md section 4 [46]) = 2.5 kPa.
KPA_STEP = 2.5
#: The stream's rate is the app's setting and no datagram says it; 100 Hz is the rate of the Moticon
#: sample files (domain.md section 4) (guess for the stream). ``--moticon-rate`` would change it.
DEFAULT_RATE_HZ = 100
RATES_HZ = (10, 25, 50, 100)
MAX_DATAGRAM_BYTES = 2048

#: Anatomical positions (docs/protocol.md frame) of sensors 1..16, fitted from the exports' COP
#: (monitor/importers/moticon.py) [W, inferred]. x: medial -0.5 .. lateral +0.5; y: heel 0 .. toe 1.
SENSOR_X = (-0.109, 0.166, -0.089, 0.224, -0.061, 0.273, -0.242, 0.392,
            -0.274, -0.064, 0.116, 0.294, 0.462, -0.178, 0.082, 0.312)
SENSOR_Y = (0.097, 0.083, 0.234, 0.213, 0.375, 0.348, 0.581, 0.488,
            0.756, 0.740, 0.726, 0.707, 0.670, 0.914, 0.908, 0.858)
#: Region of sensors 1..16: 1-4 heel (medial/lateral by the fitted x), 5 midfoot near the midline (too
#: central to call: half of it counts in each midfoot region, monitor.signal.coarse_share), 6 and 8 lateral
#: midfoot, 7 the medial arch, 9-13 the metatarsal heads MTH1..MTH5, 14 hallux, 15-16 lesser toes (data
#: README; domain.md section 4) [W, inferred].
SENSOR_REGIONS = ("heel_medial", "heel_lateral", "heel_medial", "heel_lateral",
                  "midfoot", "midfoot_lateral", "midfoot_medial", "midfoot_lateral",
                  "mth1", "mth2", "mth3", "mth4", "mth5", "hallux", "lesser_toes", "lesser_toes")
#: Effective sensor areas (mm^2) of a size-7 insole: the weights that make the export's total force the
#: sum of pressure x area (fit on 230927_102114.txt, both feet). They tile the insole (205 cm^2 in all),
#: so they are each sensor's share of the sole, not the size of its sensing element.
SIZE7_AREA_MM2 = (1236, 1105, 1337, 1312, 1313, 1301, 1798, 1822,
                  1566, 1242, 1250, 1268, 1023, 1013, 1250, 647)

#: The model of an OpenGo insole whose size nobody said (an export without a ``# Size`` line): the model
#: of one with a size is ``f"{OPENGO_MODEL} size {size}"``. Insoles of each size differ, so this names no
#: one insole model (monitor.analysis.compare_facts.insole_difference: not known to be the same).
OPENGO_MODEL = "OpenGo insole"


#: The last datagram that decoded and its values: each datagram comes once per foot, one after the
#: other (the raw log keeps it under each foot), so the second foot's decoding is a comparison. One
#: tuple, replaced whole, so a thread never sees one datagram's bytes with another's values.
_last_decoded: tuple[bytes, np.ndarray] | None = None


def decode_datagram(data: bytes | bytearray | memoryview) -> np.ndarray:
    """A datagram -> its 51 values, float64 (read-only); ProtocolError unless it is ASCII with exactly 51
    numbers, each finite but for a foot's half that is all ``nan`` (that insole sent no sample:
    :func:`feet_in`)."""
    global _last_decoded
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ProtocolError(f"expected bytes, not {type(data).__name__}")
    buf = bytes(data)
    last = _last_decoded
    if last is not None and last[0] == buf:
        return last[1]
    if len(buf) > MAX_DATAGRAM_BYTES:
        raise ProtocolError(f"Moticon datagram of {len(buf)} bytes")
    try:
        words = buf.decode("ascii").split()
        values = np.array([float(w) for w in words], dtype=float)
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("Moticon datagram is not whitespace-separated ASCII numbers") from None
    if values.shape != (N_VALUES,):
        raise ProtocolError(f"Moticon datagram of {values.size} values, expected {N_VALUES}")
    finite = np.isfinite(values)
    if not finite.all():
        absent = [foot for foot, at in HALF_START.items() if np.isnan(values[at:at + HALF_LEN]).all()]
        for foot in absent:
            finite[HALF_START[foot]:HALF_START[foot] + HALF_LEN] = True
        if not finite.all():
            raise ProtocolError("Moticon datagram holds a value that is not a finite number")
    values.setflags(write=False)
    _last_decoded = (buf, values)
    return values


def count_values(data: bytes | bytearray | memoryview) -> int | None:
    """How many whitespace-separated words a datagram holds; None if it is not ASCII or too long to be one
    of Moticon's (what :func:`decode_datagram` refuses first)."""
    buf = bytes(data)
    if len(buf) > MAX_DATAGRAM_BYTES:
        return None
    try:
        return len(buf.decode("ascii").split())
    except UnicodeDecodeError:
        return None


def feet_in(values: np.ndarray) -> tuple[str, ...]:
    """The feet whose insole sent a sample in a decoded datagram (left first): those whose half is not
    all ``nan``."""
    return tuple(foot for foot, at in HALF_START.items() if not np.isnan(values[at]))


def foot_pressure_n_cm2(values: np.ndarray, foot: str) -> np.ndarray:
    """One foot's 16 pressures (N/cm²) of a decoded datagram; ProtocolError if any is negative, or if that
    insole sent no sample in it."""
    start = PRESSURE_START[foot]
    p = values[start:start + N_SENSORS]
    if np.isnan(p).any():
        raise ProtocolError(f"Moticon datagram without a sample of the {foot} insole")
    if (p < 0).any():
        raise ProtocolError("Moticon pressure below 0 N/cm²")
    return p


def foot_imu(values: np.ndarray, foot: str) -> np.ndarray | None:
    """One foot's acceleration (g) and angular rate (deg/s) of a decoded datagram, shape (1, 6); None
    when all six are 0: a sender without motion data (the simulator), since a real accelerometer reads
    1 g at rest and never 0 on every axis."""
    start = IMU_START[foot]
    imu = values[start:start + 6]
    if not imu.any():
        return None
    return imu.reshape(1, 6).copy()


def layout(side: str, rate_hz: int = DEFAULT_RATE_HZ, has_imu: bool = True) -> SensorLayout:
    """The Moticon OpenGo layout of ``side`` (positions inferred, as for imports; areas of a size 7);
    ``has_imu``: its datagrams carry acceleration and angular rate (:func:`foot_imu`)."""
    return SensorLayout(side=side, x=SENSOR_X, y=SENSOR_Y, area_mm2=SIZE7_AREA_MM2, regions=SENSOR_REGIONS,
                        kpa_per_count=KPA_STEP, rates_hz=RATES_HZ, current_rate_hz=rate_hz, sample_bits=16,
                        has_imu=has_imu, has_haptic=False, positions_inferred=True, insole="moticon-udp")


#: Host seconds (x the session's speed) a datagram's time may lie behind the newest time heard before the
#: datagram is out of the stream's time (guess: a network that reorders datagrams does so by milliseconds),
#: and the most the datagram after one out of time may run ahead of it beyond its own arrival and still
#: continue from it (guess: the device clock drifts by much less).
OUT_OF_TIME_HOST_S = 1.0
#: Sample periods a datagram's time may lie ahead of where the stream's own pace puts it (the most any
#: datagram's time has been ahead of its arrival) before it is out of the stream's time. Datagrams arrive
#: in order, so each one's time is ahead of the pace by at most its step from the one before (a period,
#: one more per datagram lost): a host that reads a backlog at once catches up a period at a time. Three
#: lets two datagrams in a row be lost as a new fastest arrival comes (guess).
OUT_OF_PACE_PERIODS = 3
#: Host seconds (x the session's speed) a datagram's time may also run ahead of the stream's pace, where that
#: is more than ``OUT_OF_PACE_PERIODS``: the pace is measured on the host's reads, which a loaded host makes a
#: few milliseconds late, each millisecond 20 ms of the stream's time at 20x, so the first datagram after a
#: pause, read at once, runs that far ahead of it (guess: a few scheduler delays; had: 2 ms at 20x, a datagram
#: in time counted out of time after every pause of the simulated stream). Up to 3x, 3 periods as ever.
OUT_OF_PACE_HOST_S = 0.01


class MoticonRows:
    """One foot's half of each datagram -> :class:`PressureRows` (one frame), in arrival order.

    The datagram's time (s, the exports' unit: guess for the stream) is the device time; ``seq`` counts
    sample periods since the first datagram (mod 65536), so a lost datagram is a sequence jump; ``t_us`` is
    the time in microseconds mod 2**32. A foot's half with a pressure above ``most_kpa`` (its layout's
    SensorLayout.most_kpa) is a ProtocolError.

    A datagram out of the stream's time is an OutOfTime (a ProtocolError: counted out of time, not corrupt),
    and moves neither ``seq`` nor the time: one whose time runs ahead of the stream's pace by more than
    ``OUT_OF_PACE_PERIODS`` sample periods, or ``OUT_OF_PACE_HOST_S`` of host time (x ``speed``) where that is
    more (arrival times say how far the stream's time can have gone on, pauses included), or lies behind its
    newest time by more than ``OUT_OF_TIME_HOST_S`` of host time (x ``speed``). The datagram after it tells what it
    was: one that continues from it (its time after it, by no more than its own arrival allows, and
    ``OUT_OF_TIME_HOST_S``) shows the app's time really jumped,
    and is read, the stream going on from there: after a jump ahead, as after a pause (the frames missing a
    gap); after a jump back (the app's time restarted), from where the host's clock puts it.
    """

    stateless = False
    #: ``seq`` counts periods of the stream's time, not datagrams sent: it runs on while none is heard
    #: (monitor.link.assembly)
    seq_counts_time = True
    #: both feet are halves of one datagram with one time: the stream has one mapping of it to session time,
    #: both feet's (monitor.link.assembly.FootAssembler.partner)
    one_stream = True
    #: the stream's first datagrams may be a backlog the OS kept while the host was busy (a session starting),
    #: handed over at once: the clock settles on them before their frames get a time (monitor.link.clock)
    start_backlog = True

    def __init__(self, foot: str, rate_hz: int, most_kpa: float = math.inf, speed: float = 1.0) -> None:
        self.foot = foot
        self.most_kpa = float(most_kpa)
        self.period_us = int(round(1e6 / rate_hz))
        self.speed = float(speed)
        self._first_us: int | None = None
        self._shift_us = 0  # added to the datagrams' times since the app's time restarted
        self._ahead_us = 0  # the most a datagram's time (shifted) has been ahead of its arrival (device us)
        self._newest_us = 0  # the newest time (shifted) read
        self._suspect: tuple[int, float] | None = None  # time and arrival of the last one out of time
        #: device us a datagram's time may run ahead of the stream's pace (OUT_OF_PACE_PERIODS, or at a high
        #: speed OUT_OF_PACE_HOST_S of host time)
        self._pace_slack_us = max(OUT_OF_PACE_PERIODS * self.period_us, int(OUT_OF_PACE_HOST_S * self.speed * 1e6))

    def note_link_down(self) -> None:
        self._suspect = None

    def rows(self, host_s: float, data: bytes | bytearray | memoryview) -> PressureRows:
        values = decode_datagram(data)
        kpa = refuse_above(foot_pressure_n_cm2(values, self.foot) * KPA_PER_N_CM2, self.most_kpa)
        t_us = int(round(values[0] * 1e6))
        if not -(1 << 62) < t_us < (1 << 62):
            raise OutOfTime("Moticon time out of range")
        t_us = self._in_time(t_us, host_s)
        if self._first_us is None:
            self._first_us = t_us
        seq = math.floor((t_us - self._first_us) / self.period_us + 0.5) % (1 << 16)
        return PressureRows(seq, t_us % (1 << 32), self.period_us, 0, kpa.reshape(1, N_SENSORS),
                            foot_imu(values, self.foot))

    def _in_time(self, t_us: int, host_s: float) -> int:
        """A datagram's time ``t_us`` (as sent) arriving at ``host_s`` -> its time in the stream (the
        shift since the app's time restarted added); OutOfTime if it is out of the stream's time."""
        host_us = int(round(host_s * self.speed * 1e6))
        tol_us = int(OUT_OF_TIME_HOST_S * self.speed * 1e6)
        t_us += self._shift_us
        if self._first_us is None:
            self._ahead_us, self._newest_us = t_us - host_us, t_us
        elif self._newest_us - tol_us <= t_us <= host_us + self._ahead_us + self._pace_slack_us:
            self._ahead_us = max(self._ahead_us, t_us - host_us)
            self._newest_us = max(self._newest_us, t_us)
        else:
            suspect, self._suspect = self._suspect, (t_us, host_s)
            if suspect is None or not 0 < t_us - suspect[0] <= (host_s - suspect[1]) * self.speed * 1e6 + tol_us:
                raise OutOfTime(f"Moticon time {(t_us - self._shift_us) * 1e-6:.3f} s out of the stream's "
                                    f"time ({(self._newest_us - self._shift_us) * 1e-6:.3f} s last)")
            if t_us < self._newest_us:  # the app's time restarted: on from where the host's clock puts it
                to_us = max(host_us + self._ahead_us, self._newest_us + self.period_us)
                self._shift_us += to_us - t_us
                t_us = to_us
            self._ahead_us, self._newest_us = t_us - host_us, t_us
        self._suspect = None
        return t_us
