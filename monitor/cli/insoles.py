"""Which insoles a command talks to, and the radio it reaches them through (the OS adapter, or simulated
insoles in this process or in another)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from monitor.errors import UsageError, quote
from monitor.link.ble import Backends
from monitor.session.info import SessionMeta
from monitor.signal.activity_words import ACTIVITY_LABELS, activity_label, activity_option  # noqa: F401

#: What a --fault without --sim is told: only the simulated insoles inject faults.
FAULT_NEEDS_SIM = "--fault needs --sim (faults are injected by the simulated insoles)"


@dataclass(frozen=True)
class Insoles:
    """Which insoles a command talks to, and through what.

    ``sim``: a scenario of simulated insoles in this process (on a virtual radio; a UDP stream on 127.0.0.1 for
    moticon-udp); ``radio``: a transport to simulated insoles served by ``solewatch sim`` in another process
    (``tcp-client:HOST:PORT``); neither: the OS's Bluetooth adapter. ``speed`` (simulated seconds per second),
    ``seed`` and ``faults`` apply to the simulation. ``left``/``right`` name the insoles by address;
    ``nearest`` picks the strongest of a scan. ``insole`` is the insole kind (monitor.codebook.INSOLE_KINDS): the
    kind simulated (default the Solewatch profile), the only kind a scan takes (with ``radio`` or ``nearest``), or
    the kind of insoles named by address.
    """

    sim: str | None = None
    radio: str | None = None
    speed: float = 1.0
    seed: int = 1
    faults: tuple[str, ...] = ()
    left: str | None = None
    right: str | None = None
    nearest: bool = False
    insole: str | None = None
    moticon_udp: int | None = None
    sim_options: tuple[str, ...] = ()  # the simulation's options given on the command line (--speed, --seed)

    @property
    def udp(self) -> bool:
        """The insoles are a Moticon OpenGo UDP stream (listened for, or simulated)."""
        return self.moticon_udp is not None or self.insole == "moticon-udp"
    @property
    def simulated(self) -> bool:
        return bool(self.sim or self.radio)

    def scenario(self):
        """The ``--sim`` scenario (firmware_sim.scenarios.Scenario) simulated in this process; None for real
        insoles or ones reached over ``--radio`` (whose scenario another process runs)."""
        if not self.sim:
            return None
        from monitor.session.offline import resolve_scenario

        return resolve_scenario(self.sim)

    def check(self, *, may_scan: bool, duration_s: float | None = None) -> None:
        """UsageError unless the insoles are said one way (``may_scan``: a scan may choose them), or when a
        fault comes at or after the session's end (``duration_s``; None: until stopped), so never."""
        named = bool(self.left or self.right)
        if self.sim is not None and not self.sim.strip():  # said as what it is, not as no insoles named
            from monitor.session.offline import resolve_scenario

            try:
                resolve_scenario(self.sim)
            except UsageError as exc:
                raise UsageError(f"--sim {quote(self.sim)}: {exc}") from None
        if "--speed" in self.sim_options and not self.simulated:  # had: ignored, a 20m ride took 20 minutes
            raise UsageError("--speed needs --sim or --radio (real insoles stream in real time)")
        if "--seed" in self.sim_options and not self.sim:  # had: ignored
            raise UsageError("--seed needs --sim (real insoles send their own data; simulated insoles served by "
                             "`solewatch sim` take its --seed)")
        if self.moticon_udp is not None:
            if self.sim or self.radio or named or self.nearest:
                raise UsageError("--moticon-udp listens for the Moticon app's stream; leave out --sim, --radio, "
                                 "--scan and --left/--right")
            if self.insole not in (None, "moticon-udp"):
                raise UsageError(f"--moticon-udp is the moticon-udp insole, not {self.insole}")
            if self.faults:  # had: ignored, the app's stream recorded as it came
                raise UsageError(FAULT_NEEDS_SIM)
            return
        if self.insole == "moticon-udp" and not self.sim:
            raise UsageError("--insole moticon-udp needs --moticon-udp PORT (or --sim SCENARIO)")
        if not (self.sim or self.radio or named or self.nearest):
            scan_way = ", --scan," if may_scan else ","
            raise UsageError(f"say which insoles: --sim SCENARIO, --radio TRANSPORT{scan_way} --left/--right ADDR, "
                             "or --moticon-udp PORT")
        if named and self.nearest:
            raise UsageError("--scan picks the insoles itself; leave out --left/--right, or --scan")
        if self.left and self.right and self.left.strip().upper() == self.right.strip().upper():
            raise UsageError(f"--left and --right both name {self.left}: one insole cannot be both feet; give "
                             "each foot's own address (`solewatch scan` lists them)")
        if self.sim is not None and self.nearest:  # a scan would never run: it was ignored without a word
            raise UsageError("--sim SCENARIO makes its own pair of insoles, with no scan; leave out --scan, or --sim")
        if self.sim is None and self.faults:
            raise UsageError(FAULT_NEEDS_SIM)
        if self.sim is not None:
            from monitor.session.offline import resolve_scenario

            resolve_scenario(self.sim)  # an unknown name is said before anything starts
        if self.faults and duration_s is not None:
            from monitor.live.simulated import resolve_faults
            from monitor.util.timefmt import clock_text

            for text, fault in zip(self.faults, resolve_faults(list(self.faults)), strict=True):
                if fault.at_s >= duration_s:
                    raise UsageError(f"--fault {text}: at {clock_text(fault.at_s)}, not before the session ends "
                                     f"(--duration {clock_text(duration_s)}), so it would never happen")


@contextlib.asynccontextmanager
async def open_backends(insoles: Insoles, duration_s: float | None = None
                        ) -> AsyncIterator[tuple[Backends, object | None]]:
    """The radio a command talks through: the simulated insoles (in process or over TCP HCI) or the OS.

    Yields the backends and, for a simulation in this process, the SimulatedInsoles, whose ride ends at
    ``duration_s`` of session time (None: runs on).
    """
    if insoles.sim:
        from monitor.live.simulated import simulated_insoles

        end_s = duration_s if duration_s is not None and math.isfinite(duration_s) else None
        async with simulated_insoles(insoles.sim, speed=insoles.speed, seed=insoles.seed,
                                     faults=list(insoles.faults), insole=insoles.insole or "solewatch",
                                     ride_end_s=end_s) as sim:
            yield sim.backends, sim
    elif insoles.radio:
        from monitor.live.simulated import remote_radio

        async with remote_radio(insoles.radio) as backends:
            yield backends, None
    else:
        yield Backends(), None


async def open_link(insoles: Insoles, backends: Backends, sim, stop, *, speed: float,
                    say: Callable[[str], None] | None = None):
    """The link to the insoles: a Moticon UDP stream (listened for; a simulated one is started on the port
    once it listens, else ``say`` is given stream_waiting_words once the port is bound) or the BLE pair
    (monitor.link.pairing.open_pair); None if ``stop`` came first. The app's stream is awaited until it
    comes or ``stop``: a person starts it after reading what is awaited, which takes what it takes; a
    simulated stream, started here, is given ``LinkConfig.scan_timeout_s``. Datagrams on the port that are
    not the app's whole stream are said once (monitor.link.udp.refused_words) while it waits on."""
    from monitor.link.ble import LinkConfig

    config = LinkConfig(speed=speed)
    if insoles.udp:
        from monitor.link.udp import UdpLink

        link = UdpLink(config, port=insoles.moticon_udp or 0)
        port = await link.listen()
        # the simulated stream must run to be found: its clock starts with it, a little before the session
        if sim is not None:
            await sim.start_stream(port)
            link.on_session_start = sim.start_clock  # the faults' times are session time
        elif say is not None:  # nothing comes until the person starts the app's stream: say what is awaited
            say(stream_waiting_words(port))
        timeout_s = config.scan_timeout_s if sim is not None else None
        # datagrams the monitor cannot read (a stream of some channels only) are said as they come
        return link if await link.wait_for_stream(timeout_s=timeout_s, stop=stop, say=say) else None
    from monitor.link.pairing import open_pair

    link = await open_pair(backends, config, left=insoles.left, right=insoles.right, nearest=insoles.nearest,
                           stop=stop, kind=insoles.insole)
    if link is not None and sim is not None:
        link.on_session_start = sim.start_clock  # simulated time, and the faults' times, are session time
        # so a frame's stamp says its session time: no host's lag moves it (monitor.link.clock, "Known start")
        link.device_us_at_start = sim.stamps_at_start_us()
    return link


def session_meta(insoles: Insoles, sim, label: str | None, activity: str | None = None,
                 rider: str | None = None) -> SessionMeta:
    """What a recording knows before the insoles speak: the simulation's (scenario, ground truth and where
    the simulation's clock stood) or a recording of real insoles or of insoles reached over ``--radio``,
    labelled by its declared ``activity`` (monitor.signal.activity_words.activity_label); ``--label`` overrides the
    label; ``rider`` the ``live --rider NAME`` it is judged for (session.json keeps it)."""
    if sim is not None:
        meta = sim.meta
        meta.ground_truth = {**meta.ground_truth,
                             "scenario_time_at_session_start_s": round(sim.scenario_time_s(), 3)}
    else:
        meta = SessionMeta(source="udp" if insoles.udp else "ble",
                           label=activity_label(activity),
                           radio=f"udp:{insoles.moticon_udp}" if insoles.udp else insoles.radio or "os")
    if label:
        meta.label = label
    if activity:
        meta.activity = activity
    meta.rider = rider
    return meta


def stream_waiting_words(port: int) -> str:
    """What ``record`` and ``live --moticon-udp`` say once, the UDP ``port`` bound, while they wait for the
    Moticon app's stream (monitor.link.udp): the person has to start it, sent to this port."""
    return (f"waiting for the Moticon app's stream on UDP port {port} (127.0.0.1): start streaming all "
            "channels in the app, to this port...")


def connecting_words(insoles: Insoles) -> str:
    """What ``live`` and ``record`` say while they connect to BLE or simulated insoles (the Moticon app's
    stream: stream_waiting_words, once its port is bound)."""
    return f"connecting to the simulated insoles ({insoles.sim})..." if insoles.sim else "connecting to the insoles..."
