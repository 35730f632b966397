"""A live session on both simulated insoles of a scenario, as the tests drive one: the insoles on an
in-process virtual radio (monitor.live.simulated.simulated_insoles), a scan and connection of the pair
(monitor.link.pairing.open_pair), then ``run_live`` for ``duration_s`` of session time, recording into
``out_dir`` while detecting and alerting. :func:`live_ride` runs it on the virtual clock
(virtual_clock.run_on_virtual_clock: the event loop's time jumps to the next timer whenever every task waits,
so the ride is the same on any host); :func:`live_ride_async` is the same ride for a test already in an
event loop (a ``pytest.mark.looptime`` test, or a ride inside a test's own coroutine). Both return
``run_live``'s LiveSummary.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from virtual_clock import run_on_virtual_clock

from firmware_sim.sim_clock import SimClock
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import EventsSink
from monitor.live.session import mark_numb, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import LiveSummary


async def live_ride_async(out_dir: Path, scenario: str = "healthy-ride", *, duration_s: float, speed: float,
                          seed: int = 1, faults: Sequence[str] = (), insole: str = "solewatch",
                          kind: str | None = None, ride_end_s: float | None = None, clock: SimClock | None = None,
                          meta_changes: Mapping[str, Any] | None = None, events_path: Path | None = None,
                          link_config: LinkConfig | None = None, marks: Sequence[tuple[float, str]] = (),
                          **run_live_kwargs: Any) -> LiveSummary:
    """``run_live`` of ``duration_s`` (s of session time) on ``scenario``'s simulated insoles, recorded under
    ``out_dir``, in the running event loop.

    The ride: ``speed`` (simulated s per host s), ``seed``, ``faults`` (``--fault`` specs such as
    ``"drop:left@40s+20s"``), ``insole`` (the simulated insoles' kind), ``ride_end_s`` (s; the insoles send
    nothing past it and a margin) and ``clock`` (a SimClock in place of the one starting with the session),
    as ``simulated_insoles`` takes them. The link: ``kind`` (the insole kind ``open_pair`` scans for; None:
    any) and ``link_config`` (default ``LinkConfig(speed=speed)``). ``meta_changes``: fields of the
    simulated SessionMeta replaced (e.g. ``{"activity": "walking"}``). ``events_path``: an events.jsonl the
    session writes (an EventsSink opened there and closed once the session returns). ``marks``: the rider's
    "numb now" marks, each (s of session time after the session starts, foot), made as the terminal's key
    makes one (monitor.live.session.mark_numb). Every other keyword
    (``params``, ``channels``, ``on_view``, ``on_notice``, ``baseline`` ...) goes to ``run_live``.
    """
    sim_kwargs: dict[str, Any] = {} if clock is None else {"clock": clock}
    async with simulated_insoles(scenario, speed=speed, seed=seed, faults=list(faults), insole=insole,
                                 ride_end_s=ride_end_s, **sim_kwargs) as sim:
        link = await open_pair(sim.backends, link_config or LinkConfig(speed=speed), kind=kind)
        if marks:
            _mark_after_start(link, marks, speed)
        meta = sim.meta if meta_changes is None else dataclasses.replace(sim.meta, **meta_changes)
        if events_path is None:
            return await run_live(link, meta, duration_s=duration_s, out_dir=out_dir, **run_live_kwargs)
        sink = EventsSink.open(events_path)
        try:
            return await run_live(link, meta, duration_s=duration_s, out_dir=out_dir, events=sink,
                                  **run_live_kwargs)
        finally:
            sink.close()


def _mark_after_start(link, marks: Sequence[tuple[float, str]], speed: float) -> None:
    """Each of ``marks`` (session s, foot) made from the terminal that long after ``link``'s session starts
    (host s: session s over ``speed``), the link's own start hook kept."""
    start = link.on_session_start

    def starting() -> None:
        if start is not None:
            start()
        for at_s, foot in marks:
            asyncio.get_running_loop().call_later(at_s / speed, mark_numb, link, foot, "terminal")

    link.on_session_start = starting


def live_ride(out_dir: Path, scenario: str = "healthy-ride", *, duration_s: float, speed: float,
              **ride: Any) -> LiveSummary:
    """:func:`live_ride_async` (the same keywords) run to its end on the virtual clock, from a test outside
    any event loop: its LiveSummary."""
    return run_on_virtual_clock(live_ride_async(out_dir, scenario, duration_s=duration_s, speed=speed, **ride))
