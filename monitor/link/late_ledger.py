"""One foot's late frames kept as what they take from its gaps, not as frames: bounded memory however many
come (a rebuild fills their rows from the raw log, monitor.session.frames_file).

A late frame takes itself from the missing frames of the gap whose ``[start_s - half, end_s - half)`` holds its
time (half a frame period), and its packet from the gap's lost packets: what
:func:`monitor.session.model.gaps_after_late` does with the frames themselves, given the same gaps. A foot's
gaps begin after the frames before them, and only the last one grows (coalesced once the list is full, its
``filled`` only ever cleared), so a late packet's frames are counted into the gaps once no later gap can hold
them: the frames before the newest frame (less half a period), and, once the list is full, the frames within
its last gap (or all of them once that gap is not filled: it never is again). The packets not yet counted wait
(a few near the newest frame, or after the full list's last gap).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

import numpy as np

from monitor.codebook import Gap


@dataclass
class LateLedger:
    """Per gap (its index in the foot's list) the late frames and packets it holds.

    ``half_s``: half the foot's frame period (s, 0.5 / its layout's rate).
    """

    half_s: float
    taken: dict[int, list[int]] = field(default_factory=dict)  # gap index -> [late frames, late packets]
    waiting: list[np.ndarray] = field(default_factory=list)  # session s (k,) of each late packet not yet counted
    starts_s: list[float] = field(default_factory=list)  # start_s of the gaps seen so far, in their order

    def add(self, t_s: np.ndarray, gaps: list[Gap], last_t_s: float, max_gaps: int) -> None:
        """A late packet's frames at session s ``t_s`` (k,); ``gaps``: the foot's so far (at most ``max_gaps``,
        the last coalescing the newer ones past it); ``last_t_s``: session s of its newest frame."""
        self.waiting.append(t_s)
        self._see(gaps)
        keep = []
        for t in self.waiting:
            if self._final(t, gaps, last_t_s, max_gaps):
                _count(t, gaps, self.starts_s, self.half_s, self.taken)
            else:
                keep.append(t)
        self.waiting = keep

    def gaps_after(self, gaps: list[Gap]) -> list[Gap]:
        """The foot's ``gaps`` once its late frames fill their rows (gaps_after_late's)."""
        self._see(gaps)
        taken = {i: list(v) for i, v in self.taken.items()}
        for t in self.waiting:
            _count(t, gaps, self.starts_s, self.half_s, taken)
        out = list(gaps)
        for i, (frames, packets) in taken.items():
            g = out[i]
            if g.filled:
                out[i] = replace(g, frames_missing=g.frames_missing - frames,
                                 packets_lost=max(g.packets_lost - packets, 0))
        return [g for g in out if g.frames_missing > 0]

    def copy(self) -> LateLedger:
        return LateLedger(self.half_s, {i: list(v) for i, v in self.taken.items()}, list(self.waiting),
                          list(self.starts_s))

    def _see(self, gaps: list[Gap]) -> None:
        """Keep the starts of ``gaps`` (a gap's start never changes; the list only grows)."""
        self.starts_s.extend(g.start_s for g in gaps[len(self.starts_s):])

    def _final(self, t: np.ndarray, gaps: list[Gap], last_t_s: float, max_gaps: int) -> bool:
        """Whether no gap to come, nor the last one grown, can hold a frame of ``t`` it does not hold now."""
        if len(gaps) < max_gaps:  # a gap to come begins after the newest frame
            return float(t.max()) <= last_t_s - self.half_s
        last = gaps[-1]
        if not last.filled:  # for good: what it holds takes nothing from it (gaps_after)
            return True
        after = t[t >= last.start_s - self.half_s]
        return bool((after < last.end_s - self.half_s).all())


def _count(t: np.ndarray, gaps: list[Gap], starts_s: list[float], half_s: float,
           taken: dict[int, list[int]]) -> None:
    """Count one late packet's frames ``t`` (k,) into ``taken`` per gap of ``gaps`` holding any (its packet
    once per such gap)."""
    for j in {bisect_right(starts_s, float(x) + half_s) - 1 for x in t} - {-1}:
        g = gaps[j]
        inside = int(((t >= g.start_s - half_s) & (t < g.end_s - half_s)).sum())
        if inside:
            tally = taken.setdefault(j, [0, 0])
            tally[0] += inside
            tally[1] += 1
