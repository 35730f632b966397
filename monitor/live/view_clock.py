"""The live view's clock: the session time its snapshots carry, as the view reads it, never going back.

The recorder's snapshots (monitor.live.recorder.RecordProgress) do not come in time order at a ride's end:
while it waits past the duration for the last data it dates them at host time x speed (3:02, 3:04 at 30x),
and its final one at the time the recording holds, about the duration (3:00). :class:`ViewClock` gives the
one session time every cell of a view reads (header, relief clock): never before the last one shown, never
past the duration. :class:`PacketRates` measures each foot's packets a second over the snapshots' own
times, leaving out a snapshot that is not after the newest it kept (had: "62 pkt/s" from a count taken
after a time that stepped back, for an insole that sends 12.5).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

#: Session seconds the packet rate counts over (README.md "Reading the live view": about the last 2).
RATE_WINDOW_S = 2.0


class ViewClock:
    """The session time (s) a view shows: the snapshot's, never back from the last one shown, never past
    ``duration_s`` (None: no end)."""

    def __init__(self, duration_s: float | None) -> None:
        self.duration_s = duration_s
        self._shown_s: float | None = None

    def shown(self, session_s: float) -> float:
        """The time to show for a snapshot at ``session_s`` (s)."""
        now_s = session_s if self._shown_s is None else max(session_s, self._shown_s)
        if self.duration_s is not None:
            now_s = min(now_s, self.duration_s)
        self._shown_s = now_s
        return now_s


class PacketRates:
    """Per foot, packets a second over about the last ``RATE_WINDOW_S`` of the snapshots' session time."""

    def __init__(self, feet: Iterable[str]) -> None:
        self._hist: dict[str, deque[tuple[float, int]]] = {f: deque(maxlen=64) for f in feet}
        self.per_s: dict[str, float] = dict.fromkeys(self._hist, 0.0)

    def add(self, session_s: float, packets: Mapping[str, int]) -> None:
        """A snapshot at ``session_s`` (s) with each foot's packets so far; one not after the newest kept
        leaves the rates as they were (its count is not of its time)."""
        for foot, hist in self._hist.items():
            if hist and session_s <= hist[-1][0]:
                continue
            hist.append((session_s, packets.get(foot, 0)))
            while len(hist) > 2 and session_s - hist[1][0] >= RATE_WINDOW_S:
                hist.popleft()
            span_s = hist[-1][0] - hist[0][0]
            self.per_s[foot] = (hist[-1][1] - hist[0][1]) / span_s if span_s > 0 else 0.0
