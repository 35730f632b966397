"""``solewatch sim``: simulated insoles served over HCI (TCP) to another process's monitor, with the line that
says how to monitor them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from monitor.cli.insoles import activity_option
from monitor.cli.reader_console import cli_console
from monitor.util.words import counted

Command = Callable[[asyncio.Event], Awaitable[int]]


def sim_command(scenario: str, *, hci: str, speed: float = 1.0, seed: int = 1, faults: tuple[str, ...] = (),
                duration_s: float | None = None, insole: str = "solewatch") -> Command:
    """``solewatch sim``: serve simulated insoles of kind ``insole`` over HCI (TCP) to another process's monitor."""

    async def run(stop: asyncio.Event) -> int:
        from monitor.live.simulated import serve_simulation
        from monitor.session.insole_kinds import kind_name  # the kind as every view says it: "ORPHE"

        err = cli_console(stderr=True)

        def ready(info: dict) -> None:  # the monitor cannot know the activity nor a vendor kind: the hint says them
            word = activity_option(info.get("activity") or "")
            err.print(f"simulated {kind_name(insole)} insoles ready: {scenario} at {speed:g}x; left {info['left']}, "
                      f"right {info['right']}; monitor with: solewatch record --radio {info['hci']}"
                      f"{'' if insole == 'solewatch' else ' --insole ' + insole} --speed {speed:g}"
                      + (f" --activity {word}" if word else ""), markup=False, soft_wrap=True)

        counters = await serve_simulation(scenario, hci=hci, speed=speed, seed=seed, faults=list(faults),
                                          duration_s=duration_s, stop=stop, on_ready=ready, insole=insole)
        for foot, c in counters.items():
            err.print(f"{foot}: {counted(c.packets_sent, 'packet')} sent, {counted(c.frames_sent, 'frame')}",
                      markup=False)
        return 0

    return run
