"""A foot's steps measured as its frames come (a live session's and its replay's), as a batch analysis
measures them on the whole session (monitor.analysis.steps.foot_steps), so that an alert is told the
footstrike of the steps before it alike in live, replay and analyze (monitor.analysis.alerts).

A step is measured on the frames around it only: its unloaded level on the ``SWING_WINDOW_S`` before its
initial contact, its contact and strike index on the frames from ``EDGE_MARGIN_S`` before its initial contact
to ``EDGE_MARGIN_S`` after its toe-off, and the run of data holding it (monitor.analysis.data_runs) on the
frames ``max_gap_s`` either side of those. So each stance the gait detector reports
(``FootPipeline.stances_found_``) is measured with :func:`~monitor.analysis.steps.foot_steps` on the frames
kept, once a frame more than ``EDGE_MARGIN_S + max_gap_s`` after its toe-off is in (at the end of the
frames, on those there are, as a batch analysis has no later ones); the frames kept reach back
``BEFORE_S`` before the earliest initial contact not measured yet, or before the earliest a stance not
reported yet can begin (``FootPipeline.stances_from_s``). A measured step is given once the pipeline counts
its stance (``FootPipeline.stances_counted_``: those that join ``contacts_``, which a batch analysis
measures), in their order. Once the pipeline's contacts are decided (``FootPipeline.contacts_decided``) it
counts each stance in the feed that finds it, so a stance found then and not counted never is: it is dropped,
measured or not (a pedal stroke's on a ride), and the stances kept are bounded. The result does not depend
on how the frames are cut into blocks. Pure (no I/O).
"""

from __future__ import annotations

import math

import numpy as np

from monitor.analysis.step_loads import SWING_WINDOW_S, layout_measures
from monitor.analysis.steps import EDGE_MARGIN_S, FootSteps, foot_steps
from monitor.analysis.strike import STRIKE_DTYPE
from monitor.codebook import FrameBlock, SensorLayout
from monitor.signal.pipeline import FootPipeline
from monitor.signal.stage_params import CycleParams

#: Frames kept before a stance's initial contact (s): its unloaded level's window or its edge margin,
#: whichever reaches further, and a gap the data runs bridge, plus 0.05 s (guess: a frame at 20 Hz).
BEFORE_S = max(SWING_WINDOW_S[0], EDGE_MARGIN_S) + CycleParams.max_gap_s + 0.05
#: A stance is measured once a frame this long after its toe-off is in (s): its edge margin and a gap the
#: data runs bridge, so the run holding it is told as on the whole session.
AFTER_S = EDGE_MARGIN_S + CycleParams.max_gap_s


class FootStepsSoFar:
    """One foot's steps measured as its frames come. ``layout``: the foot's insole."""

    def __init__(self, foot: str, layout: SensorLayout) -> None:
        self.foot, self.layout = foot, layout
        self._measures = layout_measures(layout)  # the layout's part of measuring, made once
        self._t = np.empty(0)  # (n,) s: the frames kept
        self._p = np.empty((0, len(layout.regions)))  # (n, n_sensors) kPa
        self._waiting: list[tuple[float, float]] = []  # stances reported, not measured yet
        self._strike: dict[tuple[float, float], str] = {}  # measured stance -> its type, until counted
        self._counted: list[tuple[float, float]] = []  # stances counted, not given yet, in time order
        self._counted_ic_s = -math.inf  # the newest counted stance's initial contact

    def feed(self, block: FrameBlock | None, pipe: FootPipeline,
             final: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The foot's next frames (``block``, None: none), after ``pipe`` (the foot's pipeline, with
        ``stances_found_`` and ``stances_counted_`` kept) was fed them; ``final``: the foot's frames ended.
        Returns the steps the pipeline counts that are measured now and were not given before: their initial
        contacts and toe-offs (session s) and footstrike types (FootSteps.strike), shape (n,) each, in time
        order."""
        if block is not None and block.n_frames:
            self._t = np.concatenate((self._t, block.t_s))
            self._p = np.concatenate((self._p, block.pressure_kpa))
        self._waiting += pipe.stances_found_ or []
        if pipe.stances_found_ is not None:
            pipe.stances_found_ = []
        new = pipe.stances_counted_ or []
        if final and not pipe.contacts_decided:  # no known activity came: the stances held aside count
            new = new + pipe.contacts_
        if pipe.stances_counted_ is not None:
            pipe.stances_counted_ = []
        new = [c for c in new if c[0] > self._counted_ic_s]
        if new:
            self._counted += new
            self._counted_ic_s = new[-1][0]
        if pipe.contacts_decided:  # every stance found so far is counted or never will be (a stroke's)
            counted = set(self._counted)
            self._waiting = [c for c in self._waiting if c in counted]
            self._strike = {c: k for c, k in self._strike.items() if c in counted}
        newest_s = float(self._t[-1]) if self._t.size else -math.inf
        ready = [c for c in self._waiting if final or newest_s > c[1] + AFTER_S]
        if ready:
            self._waiting = [c for c in self._waiting if not (final or newest_s > c[1] + AFTER_S)]
            steps = self._measure(ready)
            self._strike.update(zip(ready, steps.strike.tolist()))
        given: list[tuple[float, float, str]] = []
        while self._counted and self._counted[0] in self._strike:
            c = self._counted.pop(0)
            given.append((c[0], c[1], self._strike.pop(c)))
        self._drop(pipe.stances_from_s)
        return (np.array([ic for ic, _, _ in given], dtype=float), np.array([to for _, to, _ in given], dtype=float),
                np.array([k for _, _, k in given], dtype=STRIKE_DTYPE))

    def _measure(self, stances: list[tuple[float, float]]) -> FootSteps:
        """``stances`` measured on the frames kept around them."""
        lo = int(np.searchsorted(self._t, min(c[0] for c in stances) - BEFORE_S, side="left"))
        hi = int(np.searchsorted(self._t, max(c[1] for c in stances) + AFTER_S, side="right")) + 1
        return foot_steps(self.foot, self._t[lo:hi], self._p[lo:hi], self.layout, stances, self._measures)

    def _drop(self, stances_from_s: float) -> None:
        """Frames no stance waiting or not reported yet reaches back to."""
        keep_s = min([stances_from_s] + [c[0] for c in self._waiting]) - BEFORE_S
        if self._t.size and math.isfinite(keep_s) and keep_s > self._t[0]:
            k = int(np.searchsorted(self._t, keep_s, side="left"))
            self._t, self._p = self._t[k:], self._p[k:]
        elif self._t.size and keep_s == math.inf:
            self._t, self._p = self._t[:0], self._p[:0]
