"""The host's clock of a live session: the running event loop's time.

That is ``time.monotonic`` in a real session; a test that runs the loop on a virtual clock (looptime,
tests/virtual_clock.py) makes every host time of the link, the recorder and the delivery virtual at once.
"""

from __future__ import annotations

import asyncio
import time


def host_clock_s() -> float:
    """Seconds on the running event loop's clock; ``time.monotonic`` outside a loop."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()
