"""The live view's clock: the session time its snapshots carry, as the view reads it, never going back.

The recorder's snapshots (monitor.live.record_progress.RecordProgress) do not come in time order at a ride's end:
while it waits past the duration for the last data it dates them at host time x speed (3:02, 3:04 at 30x),
and its final one at the time the recording holds, about the duration (3:00); and a snapshot is older than the
events a view of it shows (a mark at 2:07 beside a clock at 2:06 at 20x). :class:`ViewClock` gives the
one session time every cell of a view reads (header, relief clock): never before the last one shown, nor before
the newest event shown, never past the duration. :class:`PacketRates` measures each foot's packets a second over
the snapshots' own times, leaving out a snapshot that is not after the newest it kept (had: "62 pkt/s" from a
count taken after a time that stepped back, for an insole that sends 12.5). :func:`relief_clock_s` is a foot's relief
clock at that time: run on from its newest window only when that window ends in the data the foot has now, 0
while a relief goes on, and from a relief's end as soon as it ends; :func:`relief_hole_s` what it left out, the
time in holes in the data since the relief, so a view says "of data since relief" rather than "ago" (a clock
time).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

from monitor.analysis.tables import has_data
from monitor.signal.types import WindowFeatures

#: Time in holes in the data (s) since a foot's relief beyond which its relief clock is not said as a clock time
#: ("ago"): a short dropout leaves out a little, a dropped link more (guess). Lost packets are no hole.
RELIEF_HOLE_S = 5.0

#: Session seconds the packet rate counts over (README.md "Reading the live view": about the last 2).
RATE_WINDOW_S = 2.0


class ViewClock:
    """The session time (s) a view shows: the snapshot's, or the newest event the view shows where that is later
    (a mark is dated at its arrival, an event of the data at its frame, both after the snapshot was taken: a
    view must never show an event later than its clock), never back from the last one shown, never past
    ``duration_s`` (None: no end)."""

    def __init__(self, duration_s: float | None) -> None:
        self.duration_s = duration_s
        self._shown_s: float | None = None

    def shown(self, session_s: float, newest_event_s: float = -math.inf) -> float:
        """The time to show for a snapshot at ``session_s`` (s) with events up to ``newest_event_s`` (session s;
        -inf: none)."""
        session_s = max(session_s, newest_event_s)
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


def relief_clock_s(window: WindowFeatures | None, now_s: float, runs: Sequence[tuple[float, float]],
                   relieving: bool = False, unloaded_s: float = math.nan) -> float:
    """A foot's time with data since its last relief (s) at ``now_s`` (session s): its newest ``window``'s
    (None: none yet) run on from the window's end; NaN (none shown) where that would count time without data.
    ``runs``: the ``(first_s, last_s)`` of each run of the foot's readings so far
    (monitor.session.absence.data_runs), the last the data it has now.

    A settled window comes a step and its settling after its end (up to 15 s: FeatureParams step_s, settle_s),
    so the foot's newest samples say more: ``relieving``, a relief going on at its newest sample (the
    forefoot unloaded for ``relief_min_s``, 20 s, or longer: FeatureAccumulator.relief_in_progress), and
    ``unloaded_s``, its last unloading so far (session s, the last sample of a relief or, in a run or walk, of
    a swing: ReliefTracker.unload_t_s; NaN: none). The clock is 0 while a relief goes on, and counts from the
    relief's end once it has ended, before any window ending after it settles (the window then says the
    same). An unloading shorter than ``relief_min_s`` is no relief: the clock runs on through it.

    A window that ends before the foot's data now began ends in a hole: one with no data, or one whose data
    stopped inside it (a link that dropped, then came back), and running on from its end would count the hole
    as time without relief, the clock stepping back once a window with the new data closed. No clock then,
    until a window ending in the new data closes (its time since relief leaves the hole out)."""
    if window is None or not has_data(window.valid_fraction) or not runs or window.t_s < runs[-1][0]:
        return math.nan
    if relieving:
        return 0.0
    if _newer(window, runs, unloaded_s):  # an unloading after the window's, in the data the foot has now: no hole
        return max(now_s - unloaded_s, 0.0)
    return 0.0 if window.relieved_now else window.time_since_relief_s + max(now_s - window.t_s, 0.0)


def _newer(window: WindowFeatures, runs: Sequence[tuple[float, float]], unloaded_s: float) -> bool:
    """Whether the foot's last unloading ``unloaded_s`` is after ``window``'s, in the data it has now."""
    return math.isfinite(unloaded_s) and not unloaded_s <= window.relief_t_s and unloaded_s >= runs[-1][0]


def relief_hole_s(window: WindowFeatures | None, now_s: float, runs: Sequence[tuple[float, float]],
                  since_s: float, unloaded_s: float = math.nan) -> float:
    """The time in holes (s) a foot's relief clock ``since_s`` (:func:`relief_clock_s` at ``now_s``, session
    s, with the same ``window``, ``runs`` and ``unloaded_s``) leaves out: the pauses between two of its
    ``runs`` (readings more than ABSENT_MIN_S apart: monitor.session.absence.data_runs) from the relief
    (``WindowFeatures.relief_t_s``) to ``now_s``; 0 where the clock is 0, none, or runs from an unloading in
    the data the foot has now. A stair climber's left insole dropped for 20 s at 2:00: 20 s from then on.
    Lost packets scattered through the runs are no hole: the clock leaves their samples out too (about 5 s
    in 8 min at 1 % loss), yet is a clock time to within that."""
    if window is None or not math.isfinite(since_s) or since_s == 0.0 or not runs:
        return 0.0
    if _newer(window, runs, unloaded_s) or not math.isfinite(window.relief_t_s):
        return 0.0
    lo_s = window.relief_t_s
    return sum((max(min(first, now_s) - max(last, lo_s), 0.0) for (_, last), (first, _) in zip(runs, runs[1:])),
               0.0)


def relief_words(clock: str, hole_s: float) -> str:
    """A relief clock's words, its time as ``clock`` ("4:54"): "relief 4:54 ago", or "4:54 of data since relief"
    where it left out ``hole_s`` (s) without data beyond RELIEF_HOLE_S (then not a clock time)."""
    return f"{clock} of data since relief" if left_hole_out(hole_s) else f"relief {clock} ago"


def left_hole_out(hole_s: float) -> bool:
    """Whether a relief clock that left ``hole_s`` (s) without data out is not a clock time (beyond
    RELIEF_HOLE_S)."""
    return math.isfinite(hole_s) and hole_s > RELIEF_HOLE_S
