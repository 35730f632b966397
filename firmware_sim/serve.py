"""Two-process mode: both simulated insoles served to a monitor in another process as HCI over TCP
(``serve``), and its command line (``main``; run as ``python -m firmware_sim.peripheral --hci
tcp-server:127.0.0.1:0``).

One idea: serving the pair of insoles over HCI/TCP until a stop or a simulated duration.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from collections.abc import Callable, Sequence
from dataclasses import asdict

from firmware_sim.faults import FaultSpec, parse_duration_s, parse_fault
from firmware_sim.insole_counters import InsoleCounters
from firmware_sim.peripheral import SimInsole
from firmware_sim.radio import SimRadio
from firmware_sim.scenarios import Scenario
from firmware_sim.sim_clock import SimClock
from firmware_sim.sim_pair import SimPair


async def serve(
    hci_spec: str,
    scenario: Scenario | str = "healthy-ride",
    *,
    seed: int = 0,
    speed: float = 20.0,
    faults: Sequence[FaultSpec] = (),
    duration_s: float | None = None,
    on_ready: Callable[[dict], None] | None = None,
    stop: asyncio.Event | None = None,
    insole_cls: type[SimInsole] | None = None,
) -> dict[str, InsoleCounters]:
    """Run both insoles (``insole_cls``, default SimInsole: the Solewatch profile) and serve HCI over TCP
    (``SimRadio.serve_hci``) until ``duration_s`` simulated seconds pass or ``stop`` is set. ``on_ready``
    gets {"hci": client spec, "left": address, "right": ...}. Returns each foot's counters.

    Simulated time starts when a monitor starts the first insole streaming (``start_with_stream``), as in
    a monitor's own process: the ride, its faults and ``duration_s`` count from the first data, not from
    when this began serving (at speed S each host second before a monitor connects would be S seconds of
    ride, and of faults, gone before the session).
    """
    clock = SimClock(speed, paused=True, start_with_stream=True)
    async with SimRadio() as radio:
        server = await radio.serve_hci(hci_spec)
        async with SimPair(radio, scenario, seed=seed, speed=speed, faults=faults, clock=clock,
                           insole_cls=insole_cls) as pair:
            if on_ready is not None:
                on_ready({"hci": server.client_spec, "left": pair.left.address, "right": pair.right.address,
                          "speed": speed, "seed": seed})
            await _serve_until(stop or asyncio.Event(), clock, duration_s)
            return {foot: insole.counters for foot, insole in pair.insoles.items()}


async def _serve_until(stop: asyncio.Event, clock: SimClock, duration_s: float | None) -> None:
    """Until ``stop`` is set, or ``duration_s`` simulated seconds (None: no limit) have passed on ``clock``
    since it started."""
    started = asyncio.Event()
    clock.on_start(started.set)
    if not clock.paused:
        started.set()
    stopped = asyncio.ensure_future(stop.wait())
    try:
        if duration_s is None:
            await stopped
            return
        starting = asyncio.ensure_future(started.wait())
        await asyncio.wait([stopped, starting], return_when=asyncio.FIRST_COMPLETED)
        starting.cancel()
        if not stop.is_set():
            await asyncio.wait([stopped], timeout=clock.wall_delay_s(int(round(duration_s * 1e6))))
    finally:
        stopped.cancel()


def _seed(text: str) -> int:
    """``--seed``: a whole number from 0 (numpy's generators take no negative seed)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid seed {text!r} (a whole number from 0)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: serve both simulated insoles over HCI/TCP; prints one JSON line when ready, one at the end."""
    parser = argparse.ArgumentParser(
        prog="python -m firmware_sim.peripheral",
        description="Serve two simulated insoles to a monitor in another process, as HCI over TCP. "
                    "Example: python -m firmware_sim.peripheral --hci tcp-server:127.0.0.1:0 --speed 30",
    )
    parser.add_argument("--hci", default="tcp-server:127.0.0.1:0", help="tcp-server:HOST:PORT (PORT 0 = free)")
    parser.add_argument("--scenario", default="healthy-ride")
    parser.add_argument("--seed", type=_seed, default=0, help="random seed, a whole number from 0")
    parser.add_argument("--speed", type=float, default=20.0, help="simulated seconds per wall second")
    parser.add_argument("--duration", type=parse_duration_s, default=None,
                        help="simulated, from the first data, e.g. 10m")
    parser.add_argument("--fault", action="append", type=parse_fault, default=[], help="e.g. drop:left@30s+2s")
    args = parser.parse_args(argv)

    def ready(info: dict) -> None:
        print(json.dumps(info), flush=True)

    async def run() -> dict[str, InsoleCounters]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        return await serve(args.hci, args.scenario, seed=args.seed, speed=args.speed, faults=args.fault,
                           duration_s=args.duration, on_ready=ready, stop=stop)

    counters = asyncio.run(run())
    print(json.dumps({foot: asdict(c) for foot, c in counters.items()}), flush=True)
    return 0
