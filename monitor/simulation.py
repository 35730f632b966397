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
from monitor.link import Backends
from monitor.recorder import SessionMeta


def _need_bumble() -> None:
    try:
        import bumble  # noqa: F401
    except ImportError:
        raise UsageError("the simulated insoles need the sim extra: pip install 'solewatch[sim]'") from None


def resolve_scenario(name: str):
    """The scenario called ``name``, or a UsageError listing the valid names."""
    from firmware_sim.scenarios import SCENARIOS

    if name not in SCENARIOS:
        raise UsageError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
    return SCENARIOS[name]


def resolve_faults(texts: list[str]) -> list:
    """Parse fault specs (``drop:left@30s``...), or a UsageError naming the bad one."""
    from firmware_sim.faults import parse_fault

    out = []
    for text in texts:
        try:
            out.append(parse_fault(text))
        except ValueError as exc:
            raise UsageError(f"bad --fault {text!r}: {exc}") from None
    return out


@dataclass
class SimulatedInsoles:
    """A running simulated pair: the backends for bleak, what the session should record, the pair."""

    backends: Backends
    meta: SessionMeta
    pair: Any  # firmware_sim.peripheral.SimPair
    radio: Any  # firmware_sim.radio.SimRadio

    def scenario_time_s(self) -> float:
        """Where the simulation's own clock is now (simulated seconds since the insoles powered up)."""
        return self.pair.clock.now_s()


@contextlib.asynccontextmanager
async def simulated_insoles(scenario: str, *, speed: float, seed: int, faults: list[str],
                            **insole_kwargs: Any) -> AsyncIterator[SimulatedInsoles]:
    """Both simulated insoles of ``scenario`` on an in-process virtual radio.

    Simulated time starts when the monitor starts the first insole streaming (``start_with_stream``), so
    the ride, and every fault's time, counts from the first data whatever the host's speed; a ``clock``
    in ``insole_kwargs`` replaces that.
    """
    sc = resolve_scenario(scenario)
    specs = resolve_faults(faults)
    _need_bumble()
    from firmware_sim.peripheral import SimClock, SimPair
    from firmware_sim.radio import SimRadio

    insole_kwargs.setdefault("clock", SimClock(speed, paused=True, start_with_stream=True))
    async with SimRadio() as radio, SimPair(radio, sc, seed=seed, speed=speed, faults=specs,
                                             **insole_kwargs) as pair:
        meta = SessionMeta(source="sim", label=sc.name, radio="local", activity=sc.activity,
                           scenario=sc.name, seed=seed, ground_truth=sc.ground_truth(), faults=list(faults))
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
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot reach the simulated radio at {spec}: {exc}") from None
    try:
        yield Backends(radio.scanner_backend, radio.client_backend, spec)
    finally:
        await radio.__aexit__(None, None, None)


async def serve_simulation(scenario: str, *, hci: str, speed: float, seed: int, faults: list[str],
                           duration_s: float | None, stop, on_ready: Callable[[dict], None]) -> dict:
    """Run both insoles for a monitor in another process (HCI over TCP) until stopped.

    ``duration_s`` is simulated time (None: until ``stop`` is set). Returns each foot's counters.
    """
    sc = resolve_scenario(scenario)
    specs = resolve_faults(faults)
    _need_bumble()
    from firmware_sim.peripheral import serve

    try:
        return await serve(hci, sc, seed=seed, speed=speed, faults=specs, duration_s=duration_s,
                           on_ready=on_ready, stop=stop)
    except OSError as exc:
        raise UsageError(f"cannot serve HCI on {hci}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def offline_session(scenario: str, *, duration_s: float | None = None, seed: int = 1, rate_hz: int = 100,
                    block_s: float = 60.0):
    """A simulated session made straight from the pressure model, without a radio.

    The frames are what the insoles would deliver over a loss-free link: the model's pressure quantised to
    the insole's counts (0.25 kPa) on a regular ``rate_hz`` grid starting at 0, both feet on one clock. For
    validation and tests of the pipeline, where the radio adds nothing but time. Returns an in-memory
    monitor.recording.Session (nothing is written).
    """
    import numpy as np

    from firmware_sim.firmware import encode_layout, kpa_to_raw
    from firmware_sim.layout import InsoleSpec
    from firmware_sim.model import PressureModel
    from monitor import __version__
    from monitor.frames import FrameBlock
    from monitor.protocol import decode_layout
    from monitor.recording import Session, frames_table, gaps_table
    from monitor.session_info import SessionInfo, utc_now_iso

    sc = resolve_scenario(scenario)
    duration_s = sc.default_duration_s if duration_s is None else duration_s
    n = int(round(duration_s * rate_hz))
    t_s = np.arange(n) / rate_hz
    layouts, blocks = {}, {}
    for foot in sc.feet:
        spec = InsoleSpec(foot, current_rate_hz=rate_hz)
        layouts[foot] = decode_layout(encode_layout(spec))
        model = PressureModel(sc, foot, seed=seed, spec=spec)
        step = int(block_s * rate_hz)
        kpa = np.concatenate([model.pressure_kpa(t_s[i:i + step]) for i in range(0, n, step)])
        raw = kpa_to_raw(kpa, spec.kpa_per_count_milli, spec.sample_bits).astype(float)
        blocks[foot] = [FrameBlock(foot, t_s, raw * spec.kpa_per_count)]
    info = SessionInfo(session_id=f"offline-{sc.name}-seed{seed}", start_utc=utc_now_iso(),
                       software_version=__version__, source="sim", layouts=layouts, label=sc.name,
                       activity=sc.activity, radio="none (model only)", scenario=sc.name, seed=seed,
                       ground_truth=sc.ground_truth(duration_s), duration_s=duration_s)
    from pathlib import Path

    return Session(Path(info.session_id), info, frames_table(info, blocks), gaps_table([]))
