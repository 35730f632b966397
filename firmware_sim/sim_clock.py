"""Simulated time: the host's clock that paces the simulation (``wall_s``) and the clock the simulated
insoles share (``SimClock``), running ``speed`` simulated seconds per wall second, optionally paused until
started.

One idea: simulated time and how it maps to the host's clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


def wall_s() -> float:
    """The host's clock that paces the simulation (s): the running event loop's, which is
    ``time.monotonic`` unless a test runs the loop on a virtual clock (looptime), so the insoles and the
    central then share one clock that no host load moves; ``time.monotonic`` outside a loop."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return time.monotonic()


class SimClock:
    """Simulated time: ``speed`` simulated seconds per wall second, from 0 at construction.

    A clock built with ``paused=True`` reads 0 until ``start()`` (tests use it to connect before any
    simulated time passes); insoles sharing it are woken when it starts. With ``start_with_stream`` too,
    the first insole told to start streaming starts it: the ride begins with its data, however long the
    central took to scan and connect (at speed S, each wall second of connecting would otherwise be S
    simulated seconds of ride, and of faults, gone before the first packet).
    """

    def __init__(self, speed: float, *, paused: bool = False, start_with_stream: bool = False) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed}")
        self.speed = float(speed)
        self.start_with_stream = paused and start_with_stream
        self._wall0: float | None = None if paused else wall_s()
        self._listeners: list[Callable[[], None]] = []

    @property
    def paused(self) -> bool:
        return self._wall0 is None

    def start(self) -> None:
        """Let a paused clock run from 0 now."""
        if self._wall0 is None:
            self._wall0 = wall_s()
            for listener in self._listeners:
                listener()

    def on_start(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def now_us(self) -> int:
        """Simulated microseconds since the clock started."""
        if self._wall0 is None:
            return 0
        return int((wall_s() - self._wall0) * self.speed * 1e6)

    def now_s(self) -> float:
        return self.now_us() / 1e6

    def wall_delay_s(self, sim_us: int) -> float | None:
        """Wall seconds until simulated time ``sim_us`` (0 if it has passed, None while paused)."""
        if self._wall0 is None and sim_us > 0:
            return None
        return max(0.0, (sim_us - self.now_us()) / 1e6 / self.speed)
