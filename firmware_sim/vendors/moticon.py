"""Moticon OpenGo's live UDP stream, sender side: the datagram encoder and a paced sender of the seeded
pressure model, for ``--sim SCENARIO --insole moticon-udp``.

A datagram is 51 whitespace-separated ASCII numbers (field order of ``maximyudayev/hermes-moticon``
``src/hermes/moticon/producer.py``, MIT; docs/devices.md): time (s); per foot, left first, acceleration
(3), angular rate (3), centre of pressure (2), 16 pressures (N/cm², in 0.25 steps as the exports) and the
total force (N). The simulator sends no motion (zeros) unless ``encode_datagrams`` is given each foot's
acceleration and angular rate, and a centre of pressure of 0, 0.

Faults (firmware_sim.faults) act on the stream, as a datagram carries both feet: a fault names a foot
but changes the datagrams of both, except ``stop``. ``lose``, ``duplicate``, ``reorder`` and ``corrupt``
act on the next datagrams from their time on; ``drop`` is the app pausing its stream for DOWN (nothing
sent, then the stream goes on where the time has got to: UDP has no link to drop); ``stop`` is the named
foot's insole stopping for good: the datagrams go on with that foot's half all ``nan`` (no sample of it,
monitor.link.moticon), and stop once every foot has stopped. A battery fault is refused: the stream says
nothing of batteries.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

import numpy as np

from firmware_sim.faults import PACKET_KINDS, FaultSpec, PacketMangler
from firmware_sim.layout import InsoleSpec, SensorSpec
from firmware_sim.model import PressureModel
from firmware_sim.scenarios import Scenario, get_scenario
from firmware_sim.sim_clock import SimClock

N_SENSORS = 16
#: Sensors 1..16 in the anatomical frame, inferred from exports (monitor/importers/moticon.py) [W].
_X = (-0.109, 0.166, -0.089, 0.224, -0.061, 0.273, -0.242, 0.392,
      -0.274, -0.064, 0.116, 0.294, 0.462, -0.178, 0.082, 0.312)
_Y = (0.097, 0.083, 0.234, 0.213, 0.375, 0.348, 0.581, 0.488,
      0.756, 0.740, 0.726, 0.707, 0.670, 0.914, 0.908, 0.858)
_LABELS = ("heel_medial", "heel_lateral", "heel_medial", "heel_lateral", "midfoot", "midfoot_lateral",
           "midfoot_medial", "midfoot_lateral", "mth1", "mth2", "mth3", "mth4", "mth5", "hallux",
           "lesser_toes", "lesser_toes")
_AREA_MM2 = (1236, 1105, 1337, 1312, 1313, 1301, 1798, 1822, 1566, 1242, 1250, 1268, 1023, 1013, 1250, 647)
SENSORS = tuple(SensorSpec(x, y, a, label) for x, y, a, label in zip(_X, _Y, _AREA_MM2, _LABELS))
STEP_N_CM2 = 0.25


def spec(side: str, rate_hz: int = 100) -> InsoleSpec:
    return InsoleSpec(side=side, sensors=SENSORS, kpa_per_count_milli=2500, sample_bits=16,
                      rates_hz=(10, 25, 50, 100), current_rate_hz=rate_hz, has_imu=False, has_haptic=False)


def encode_datagram(t_s: float, pressure_n_cm2: dict[str, np.ndarray]) -> bytes:
    """One datagram: time ``t_s`` and each foot's 16 pressures (N/cm², rounded to 0.25), total force from
    the areas."""
    one = {foot: np.asarray(pressure_n_cm2[foot], dtype=float)[None, :] for foot in ("left", "right")}
    return encode_datagrams(np.array([t_s], dtype=float), one)[0]


#: A datagram's text: time (ms), then per foot 8 motion and centre-of-pressure fields (0), 16 pressures
#: and the total force.
_DATAGRAM_FORMAT = "%.3f" + (" 0" * 8 + " %g" * N_SENSORS + " %.1f") * 2
#: The same with each foot's acceleration (g) and angular rate (deg/s) in its first 6 fields.
_DATAGRAM_FORMAT_IMU = "%.3f" + (" %.6f" * 6 + " 0" * 2 + " %g" * N_SENSORS + " %.1f") * 2


def encode_datagrams(t_s: np.ndarray, pressure_n_cm2: dict[str, np.ndarray],
                     imu: dict[str, np.ndarray] | None = None) -> list[bytes]:
    """The datagrams of ``n`` frames: times ``t_s`` (n,) and each foot's pressures (n, 16) in N/cm²,
    rounded to 0.25; total force (N) from the areas. ``imu``: each foot's acceleration x, y, z (g) and
    angular rate x, y, z (deg/s), shape (n, 6); None sends zeros (no motion)."""
    fields = [np.asarray(t_s, dtype=float)[:, None]]
    for foot in ("left", "right"):
        if imu is not None:
            fields.append(np.asarray(imu[foot], dtype=float))
        p = np.round(np.asarray(pressure_n_cm2[foot], dtype=float) / STEP_N_CM2) * STEP_N_CM2
        force_n = (p * np.asarray(_AREA_MM2) / 100.0).sum(axis=1)
        fields += [p, force_n[:, None]]
    fmt = _DATAGRAM_FORMAT if imu is None else _DATAGRAM_FORMAT_IMU
    return [(fmt % tuple(row)).encode("ascii") for row in np.hstack(fields).tolist()]


#: A foot's half of a datagram (acceleration, angular rate, centre of pressure, 16 pressures, total force):
#: its first word's index (word 0 is the time) and its length.
_HALF_START = {"left": 1, "right": 26}
_HALF_LEN = 25


def without_feet(data: bytes, feet: Iterable[str]) -> bytes:
    """A datagram with the halves of ``feet`` all ``nan``: those insoles sent no sample."""
    words = data.split(b" ")
    for foot in feet:
        at = _HALF_START[foot]
        words[at:at + _HALF_LEN] = [b"nan"] * _HALF_LEN
    return b" ".join(words)


def corrupt_datagram(data: bytes, variant: int) -> bytes:
    """A malformed copy of a datagram, which the decoder must reject: variant 0 cuts off the last value
    (50 values), 1 makes the first pressure a word that is not a number, 2 a byte that is not ASCII;
    other variants repeat the cycle."""
    words = data.split(b" ")
    match variant % 3:
        case 0:
            return b" ".join(words[:-1])
        case 1:
            return b" ".join(words[:9] + [b"x"] + words[10:])
        case _:
            return data[:1] + b"\xff" + data[2:]


#: The fault kinds the simulated stream carries out (module docstring).
FAULT_KINDS = (*PACKET_KINDS, "drop", "stop")


class _Protocol(asyncio.DatagramProtocol):
    pass


class MoticonSender:
    """Sends both feet of ``scenario`` as Moticon datagrams to ``127.0.0.1:port`` at ``rate_hz`` of
    simulated time, paced by ``clock`` (started with the first datagram). ``lose``: frame numbers not
    sent (a lost datagram); ``faults``: FaultSpecs of FAULT_KINDS, fired at their time from
    :meth:`session_starts` (from the first frame if never called; both feet but for ``stop``: the module
    docstring); ``t0_s``: the stream's time at its first frame (near 2**32 us to see the
    link's 32-bit microseconds wrap); ``ride_end_s``: the ride ends there, in session time (None: never):
    the stream sends up to the first frame at or past it, then nothing. ValueError for a fault the stream
    cannot carry out."""

    def __init__(self, scenario: Scenario | str, *, seed: int, clock: SimClock, rate_hz: int = 100,
                 lose: frozenset[int] = frozenset(), faults: Iterable[FaultSpec] = (),
                 t0_s: float = 0.0, ride_end_s: float | None = None) -> None:
        sc = get_scenario(scenario) if isinstance(scenario, str) else scenario
        self.models = {foot: PressureModel(sc, foot, seed=seed, spec=spec(foot, rate_hz))
                       for foot in ("left", "right")}
        self.clock = clock
        self.period_us = int(round(1e6 / rate_hz))
        self.lose = lose
        self.t0_s = float(t0_s)
        self.ride_end_s = ride_end_s
        self._faults = sorted(faults, key=lambda f: f.at_s)
        for f in self._faults:
            if f.kind not in FAULT_KINDS:
                raise ValueError(f"the simulated Moticon stream cannot carry out a {f.kind} fault "
                                 f"(it takes {', '.join(FAULT_KINDS)})")
        self._mangler = PacketMangler(corrupt_datagram)
        #: Stream time (s from the first frame) at which the session started: the faults' times count from
        #: it (the stream runs before, so that the link finds it).
        self._session_zero_s = 0.0
        self._paused_until_s = -1.0
        self._stopped: set[str] = set()  # the feet whose insole stopped
        #: Datagrams put on the wire (duplicates included), frames produced, frames a drop, or every foot's
        #: stop, kept back.
        self.sent = 0
        self.frames = 0
        self.unsent = 0
        self._task: asyncio.Task | None = None
        self._transport: asyncio.DatagramTransport | None = None
        self._wake = asyncio.Event()
        self._prompt = False
        self._next_k = 0  # the next frame to send
        #: How far the stream's time runs behind the clock (us): the sender's lag as the session started.
        self._lag_us = 0

    async def start(self, port: int) -> None:
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(_Protocol, remote_addr=("127.0.0.1", port))
        if self.clock.paused:
            self.clock.start()
        self._task = loop.create_task(self._run(), name="sim-moticon-udp")

    def session_starts(self) -> None:
        """Session time starts now: each fault fires at its time from here, so ``drop:left@30s`` pauses
        the stream at 30 s of session time however long the link took to find the stream and start.

        The session's first datagram is the next frame, sent now or when due: the link's clock starts from its
        arrival. A sender behind its clock (the host busy as the session starts: up to 5 ms of host time between
        bursts, each millisecond many frames at high speed) sends its next frame now, and its stream's time
        goes on from there, behind the clock by as much: the app skips no frame (had: the frames due meanwhile
        were skipped, and a datagram of before still unread as the session started made them a hole in its data,
        counted lost: 96 datagrams at 40x)."""
        now_us = self._stream_us()
        next_us = self._next_k * self.period_us
        if next_us < now_us:
            self._lag_us += now_us - next_us
            now_us = next_us
        self._session_zero_s = now_us / 1e6
        self._prompt = True
        self._wake.set()

    def _datagrams(self, k: int, t_s: float, data: bytes) -> list[bytes]:
        """What goes on the wire for frame ``k`` at stream time ``t_s`` (faults fired and applied)."""
        while self._faults and self._session_zero_s + self._faults[0].at_s <= t_s:
            f = self._faults.pop(0)
            if f.kind == "drop":
                self._paused_until_s = self._session_zero_s + f.at_s + f.down_s
            elif f.kind == "stop":
                self._stopped.add(f.foot)
            else:
                self._mangler.arm(f)
        if k in self.lose:
            return []
        if len(self._stopped) == len(self.models) or t_s < self._paused_until_s:
            self.unsent += 1
            return []
        if self._stopped:
            data = without_feet(data, self._stopped)
        return self._mangler.apply([data])

    def _stream_us(self) -> int:
        """The stream's time now (us from its first frame): the clock's, less the lag taken as the session
        started."""
        return self.clock.now_us() - self._lag_us

    async def _run(self) -> None:
        while True:
            n = self._next_k
            now_us = self._stream_us()
            due = now_us // self.period_us + 1
            if self.ride_end_s is not None:  # up to the first frame at or past the ride's end
                end_us = int(round((self._session_zero_s + self.ride_end_s) * 1e6))
                due = min(due, -(-end_us // self.period_us) + 1)
            if due > n:
                t = np.arange(n, due, dtype=np.int64) * self.period_us / 1e6
                kpa = {foot: m.pressure_kpa(t) for foot, m in self.models.items()}
                datagrams = encode_datagrams(self.t0_s + t, {foot: kpa[foot] / 10.0 for foot in kpa})
                self._prompt = False
                for i in range(due - n):
                    if (n + i) * self.period_us > self._stream_us():
                        break  # the session started meanwhile, and its stream's time runs behind the clock
                    self._next_k = n + i + 1
                    self.frames += 1
                    for data in self._datagrams(n + i, float(t[i]), datagrams[i]):
                        self._transport.sendto(data)
                        self.sent += 1
                        await asyncio.sleep(0)  # the receiver in this loop reads one datagram per turn
            delay = self.clock.wall_delay_s(self._next_k * self.period_us + self._lag_us) or 0.0
            self._wake.clear()
            # 5 ms of host time between bursts (guess: a few hundred frames at most at high speeds), except
            # for the session's first datagram: the link's clock starts from its arrival
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay if self._prompt else max(0.005, delay))

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._transport is not None:
            self._transport.close()
