"""The host's clock of a live session: the running event loop's time.

That is ``time.monotonic`` in a real session; a test that runs the loop on a virtual clock (looptime,
tests/virtual_clock.py) makes every host time of the link, the recorder and the delivery virtual at once.
"""

from __future__ import annotations

import asyncio
import time

#: The host ran a task later than it asked by more than this (host s): the process stalled or was busy. Up to it,
#: the host's ordinary scheduling: a simulated insole's notifications held back that long are no sign that the
#: insole stopped (guess: ten of the simulated radio's 5-ms bursts). The recorder's loop that wakes this late
#: counts a foot's silence from then (monitor.live.recorder); a rider's mark allows its foot's data this long,
#: times the session's speed, to arrive (monitor.analysis.marks.delivery_allowance_s).
LATE_WAKE_HOST_S = 0.05


def host_clock_s() -> float:
    """Seconds on the running event loop's clock; ``time.monotonic`` outside a loop."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()
