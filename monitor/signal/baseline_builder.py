"""How a session learns the rider's own normal: one foot's, per activity, from its first judged windows. Pure.

A :class:`BaselineBuilder` keeps the measures (monitor.signal.baseline_measures.window_measures) of a foot's
judged windows from the first of each activity on, and once they span ``DetectorParams.baseline_s`` gives
their medians (:func:`summarise`) as that activity's normal (an ActivityBaseline).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from monitor.signal.baseline_measures import MTH_REGIONS, SCALARS, ActivityBaseline, window_measures
from monitor.signal.types import WindowFeatures


class BaselineBuilder:
    """Learns one foot's baseline per activity from its first ``baseline_s`` of judged windows.

    ``add(activity, w)`` takes a judged window; ``get(activity)`` gives the finished baseline, or None
    while it is still being learnt. ``add(activity, w, kept=True)``: a window of an activity judged against
    a kept normal, learnt only to be told apart from that normal (:meth:`own`: whether the kept normal is
    what this session's first minutes give), never as the session's normal (:meth:`learnt`, :meth:`get`).
    Memory: the measures of at most ``baseline_s / step_s`` windows per activity, while learning.
    """

    def __init__(self, baseline_s: float, min_windows: int = 6) -> None:
        self.baseline_s = baseline_s
        self.min_windows = min_windows
        self._start: dict[str, float] = {}
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._done: dict[str, ActivityBaseline] = {}
        self._kept: set[str] = set()  # the activities added with kept=True
        self._last: dict[str, float] = {}  # the newest judged window's time, by activity (s)
        self._done_t_s: dict[str, float] = {}  # the end of the window that finished each activity's (s)

    def get(self, activity: str) -> ActivityBaseline | None:
        return None if activity in self._kept else self._done.get(activity)

    def learning(self, activity: str) -> bool:
        return activity not in self._done

    def add(self, activity: str, w: WindowFeatures, kept: bool = False) -> ActivityBaseline | None:
        """Takes a judged window of ``activity`` (``kept``: judged against a kept normal of it); returns the
        baseline when this window finishes it."""
        if kept:
            self._kept.add(activity)
        if activity in self._done:
            return None
        start = self._start.setdefault(activity, w.t_s)
        self._last[activity] = w.t_s
        rows = self._rows.setdefault(activity, [])
        if w.t_s - start >= self.baseline_s and len(rows) >= self.min_windows:
            self._done[activity] = done = summarise(rows)
            self._done_t_s[activity] = w.t_s
            del self._rows[activity]
            return done
        rows.append(window_measures(w))
        return None

    def learnt(self) -> dict[str, ActivityBaseline]:
        """The session's normal, by activity: of the activities judged against none kept."""
        return {act: b for act, b in self._done.items() if act not in self._kept}

    def learnt_t_s(self) -> dict[str, float]:
        """When each normal of :meth:`learnt` was finished, by activity: the end (s, session time) of the
        window that finished it; the windows after it are judged against it."""
        return {act: self._done_t_s[act] for act in self.learnt()}

    def judged_s(self) -> float:
        """How far the judged windows of the activity furthest along reach past its first one (s; 0: none
        judged), of the activities judged against no kept normal (those a session's normal is learnt of,
        :meth:`learnt`): how much of the ``baseline_s`` a normal takes this foot gave. ``baseline_s`` where
        one was learnt; an activity whose windows spanned it but were too few (``min_windows``, holes in its
        data) reads just short of it, as it gave no normal."""
        spans = [self.baseline_s if a in self._done else
                 min(self._last[a] - self._start[a], math.nextafter(self.baseline_s, 0.0))
                 for a in self._start if a not in self._kept]
        return max(spans, default=0.0)

    def judged_any(self) -> bool:
        """Whether any window was judged towards a normal of this session's own (:meth:`judged_s` is 0 for
        none and for a single window of each activity alike)."""
        return any(a not in self._kept for a in self._start)

    def own(self) -> dict[str, ActivityBaseline]:
        """What the first ``baseline_s`` of judged windows gave, by activity, a normal kept of it or not."""
        return dict(self._done)


def summarise(rows: list[dict[str, Any]]) -> ActivityBaseline:
    """The median of each measure over ``rows`` (missing values left out)."""
    def med(values: list[float]) -> float:
        a = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
        return float(np.median(a)) if a.size else math.nan

    focal = {}
    for r in MTH_REGIONS:
        v = med([row["focal"].get(r, math.nan) for row in rows])
        if not math.isnan(v) and v > 0:
            focal[r] = v
    return ActivityBaseline(len(rows), focal=focal, **{k: med([row[k] for row in rows]) for k in SCALARS})
