"""Wiring the simulated insoles (firmware_sim) to the monitor: for ``--sim``, ``--radio`` and ``sim``.

The monitor's link code never changes: it gets bleak backend classes, either the OS default or the ones
of the virtual radio built here. The simulator needs the ``sim`` extra (bumble).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from monitor.errors import UsageError
from monitor.link.ble import Backends
from monitor.live.ride_end import RIDE_END_MARGIN_S
from monitor.session.info import SessionMeta
from monitor.session.offline import resolve_scenario
from monitor.util.outputs import os_reason


def _need_bumble() -> None:
    try:
        import bumble  # noqa: F401
    except ImportError:
        raise UsageError("the simulated insoles need the sim extra: pip install 'solewatch[sim]'") from None


def resolve_faults(texts: list[str]) -> list:
    """Parse fault specs (``drop:left@30s``...), or a UsageError naming the bad one."""
    from firmware_sim.faults import parse_fault

    out = []
    for text in texts:
        try:
            out.append(parse_fault(text))
        except ValueError as exc:
            raise UsageError(f"--fault: {exc}") from None
    return out


@dataclass
class SimulatedInsoles:
    """A running simulated pair: the backends for bleak, what the session should record, the pair."""

    backends: Backends
    meta: SessionMeta
    pair: Any  # firmware_sim.sim_pair.SimPair (None for a UDP stream)
    radio: Any  # firmware_sim.radio.SimRadio (None for a UDP stream)
    sender: Any = None  # firmware_sim.vendors.moticon.MoticonSender, for --insole moticon-udp

    def scenario_time_s(self) -> float:
        """Where the simulation's own clock is now (simulated seconds since it started)."""
        return self._clock().now_s()

    def start_clock(self) -> None:
        """Start the simulation's clock now, unless it runs already: called as session time starts
        (``PairLink.on_session_start``), it makes simulated time, and every fault's time, session time. A
        UDP stream's clock runs already (the link had to find the stream): its faults count from now."""
        self._clock().start()
        if self.sender is not None:
            self.sender.session_starts()

    def stamps_at_start_us(self) -> dict[str, int]:
        """Per foot whose insole's stamp at session time 0 is known (the Solewatch profile's device clock, an ORPHE
        INSOLE's time of day, each as its decoder reads it), the stamp (us, mod 2**32) of a frame at simulated time
        0, which :meth:`start_clock` makes session time 0: the link maps that foot's frames by it
        (monitor.link.clock, "Known start"). None of a UDP stream, nor of a Ukaton insole, whose decoder unwraps
        its 16-bit stamp from its first frame's (firmware_sim.vendors.peripheral)."""
        if self.pair is None:
            return {}
        stamps = {foot: insole.stamp_at_start_us() for foot, insole in self.pair.insoles.items()}
        return {foot: stamp for foot, stamp in stamps.items() if stamp is not None}

    def _clock(self):
        return self.sender.clock if self.sender is not None else self.pair.clock

    async def start_stream(self, port: int) -> None:
        """A UDP stream's sender starts sending to ``port`` on this host."""
        await self.sender.start(port)


@contextlib.asynccontextmanager
async def simulated_insoles(scenario: str, *, speed: float, seed: int, faults: list[str],
                            insole: str = "solewatch", ride_end_s: float | None = None,
                            **insole_kwargs: Any) -> AsyncIterator[SimulatedInsoles]:
    """Both simulated insoles of ``scenario`` on an in-process virtual radio, of the kind ``insole``
    (the Solewatch profile, or a vendor's: firmware_sim.vendors.peripheral). ``ride_end_s``: the session's
    length (s; None: none): the insoles sample up to ``RIDE_END_MARGIN_S`` past it and send no more, so
    both feet end there however far one ran ahead of the other on a host too busy for ``speed``.

    Simulated time starts with the session (:meth:`SimulatedInsoles.start_clock`, which the command
    hands to the link), else when the monitor starts the first insole streaming (``start_with_stream``),
    so the ride, and every fault's time, counts from the session's start whatever the host's speed and
    however long scanning and connecting took; a ``clock`` in ``insole_kwargs`` replaces that.
    """
    sc = resolve_scenario(scenario)
    specs = resolve_faults(faults)
    _need_bumble()
    if ride_end_s is not None:
        ride_end_s += RIDE_END_MARGIN_S
    from firmware_sim.radio import SimRadio
    from firmware_sim.sim_clock import SimClock
    from firmware_sim.sim_pair import SimPair

    if insole == "moticon-udp":
        from firmware_sim.vendors.moticon import MoticonSender

        try:
            sender = MoticonSender(sc, seed=seed, clock=SimClock(speed, paused=True), faults=specs,
                                   ride_end_s=ride_end_s, **insole_kwargs)
        except ValueError as exc:
            raise UsageError(f"bad --fault: {exc}") from None
        meta = SessionMeta(source="sim", label=sc.name, radio="udp", activity=sc.session_activity,
                           scenario=sc.name, seed=seed, ground_truth=sc.ground_truth(), truth_for=sc.ground_truth,
                           faults=list(faults))
        try:
            yield SimulatedInsoles(Backends(name="udp"), meta, None, None, sender)
        finally:
            await sender.aclose()
        return
    insole_kwargs.setdefault("insole_cls", insole_class(insole))
    _check_faults(insole_kwargs["insole_cls"], insole, specs)
    if ride_end_s is not None:
        insole_kwargs["ride_end_s"] = ride_end_s
    insole_kwargs.setdefault("clock", SimClock(speed, paused=True, start_with_stream=True))
    async with SimRadio() as radio, SimPair(radio, sc, seed=seed, speed=speed, faults=specs,
                                             **insole_kwargs) as pair:
        meta = SessionMeta(source="sim", label=sc.name, radio="local", activity=sc.session_activity,
                           scenario=sc.name, seed=seed, ground_truth=sc.ground_truth(), truth_for=sc.ground_truth,
                           faults=list(faults))
        yield SimulatedInsoles(Backends(radio.scanner_backend, radio.client_backend, "sim"), meta, pair, radio)


@contextlib.asynccontextmanager
async def remote_radio(spec: str) -> AsyncIterator[Backends]:
    """Backends over a virtual controller served by ``solewatch sim`` in another process."""
    _need_bumble()
    from firmware_sim.radio import RemoteRadio

    if not spec.startswith("tcp-client:"):
        raise UsageError(f"bad --radio {spec!r}: expected tcp-client:HOST:PORT")
    try:
        radio = RemoteRadio(spec)
        await radio.__aenter__()
    except (OSError, ValueError, OverflowError) as exc:  # OverflowError: a port beyond 65535
        reason = (os_reason(exc) if isinstance(exc, OSError) else
                  "a port is 1 to 65535" if isinstance(exc, OverflowError) else str(exc))
        raise UsageError(f"cannot reach the simulated radio at {spec}: {reason}") from None
    try:
        yield Backends(radio.scanner_backend, radio.client_backend, spec)
    finally:
        await radio.__aexit__(None, None, None)


def insole_class(insole: str) -> type:
    """The simulated BLE insole of kind ``insole`` (firmware_sim.vendors.peripheral.SIM_INSOLES); UsageError
    for a kind with none."""
    from firmware_sim.vendors.peripheral import SIM_INSOLES

    if insole not in SIM_INSOLES:
        raise UsageError(f"no simulated {insole!r} insole (known: {', '.join(SIM_INSOLES)})")
    return SIM_INSOLES[insole]


def _check_faults(cls: type, insole: str, specs: list) -> None:
    """UsageError for a fault the simulated ``insole`` (class ``cls``) cannot carry out, naming the insole as
    every view does (monitor.session.insole_kinds.kind_name: "the simulated ORPHE insole")."""
    from monitor.session.insole_kinds import kind_name

    for f in specs:
        if f.kind not in cls.FAULT_KINDS:
            raise UsageError(f"bad --fault {f}: the simulated {kind_name(insole)} insole cannot carry out a "
                             f"{f.kind} fault ({cls.NO_FAULT_WHY}; it takes {', '.join(cls.FAULT_KINDS)})")


async def serve_simulation(scenario: str, *, hci: str, speed: float, seed: int, faults: list[str],
                           duration_s: float | None, stop, on_ready: Callable[[dict], None],
                           insole: str = "solewatch") -> dict:
    """Run both insoles of kind ``insole`` (firmware_sim.vendors.peripheral.SIM_INSOLES) for a monitor in
    another process (HCI over TCP) until stopped.

    ``duration_s`` is simulated time (None: until ``stop`` is set). ``on_ready`` gets firmware_sim.serve's
    {"hci", "left", "right", "speed", "seed"} and the scenario's "activity". Returns each foot's counters.
    """
    sc = resolve_scenario(scenario)
    specs = resolve_faults(faults)
    _need_bumble()
    from firmware_sim.serve import serve

    cls = insole_class(insole)
    _check_faults(cls, insole, specs)
    try:
        return await serve(hci, sc, seed=seed, speed=speed, faults=specs, duration_s=duration_s,
                           on_ready=lambda info: on_ready({**info, "activity": sc.session_activity}), stop=stop,
                           insole_cls=cls)
    except OSError as exc:
        raise UsageError(f"cannot serve HCI on {hci}: {os_reason(exc)}") from None
    except OverflowError:
        raise UsageError(f"cannot serve HCI on {hci}: a port is 0 to 65535") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
