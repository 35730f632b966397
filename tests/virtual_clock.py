"""Running a simulated ride on a virtual clock: the event loop's time (which the simulated insoles and the
link both read, firmware_sim.sim_clock.wall_s and monitor.link.ble.host_clock_s) moves only when every
task waits, jumping to the next timer (looptime). What the host's speed or load would change, the time a
reconnection takes, how late a notification arrives, then changes nothing: the ride is the same on any
machine. Async tests get the same clock from ``pytest.mark.looptime``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any, TypeVar

import looptime

T = TypeVar("T")


def run_on_virtual_clock(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)`` on an event loop whose time is virtual."""
    with asyncio.Runner(loop_factory=looptime.new_event_loop) as runner:
        return runner.run(coro)


def stall(loop: asyncio.AbstractEventLoop, seconds: float) -> None:
    """The whole process stops for ``seconds`` of host time, as on a host too busy to run it: the virtual
    clock jumps while no task runs (on the wall clock, a blocking sleep)."""
    if getattr(loop, "looptime_on", False):
        loop.setup_looptime(start=loop.time() + seconds)
    else:
        time.sleep(seconds)


def main(argv: list[str]) -> int:
    """``solewatch ARGV`` as a process whose event loop runs on the virtual clock: what a simulated ride
    records and alerts is then the same on a loaded host as on an idle one (the command-line tests start
    ``python tests/virtual_clock.py live --sim ...`` instead of ``python -m monitor live --sim ...``)."""
    from monitor.cli import main as cli

    asyncio.run = run_on_virtual_clock  # the command's one event loop (monitor/cli/main.py)
    return cli.main(argv)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
