"""Pedal strokes of one foot (one per crank revolution) from its total force, streaming.

``.feed(t_s, total_force_n)`` takes the next block and returns the strokes that closed in it; the
concatenated output is the same for any chunking of the input. A NaN sample, or a step in time of more than
``MAX_STEP_PERIODS`` sample periods (rows left out), ends the stroke in progress.

Pedal strokes (domain.md section 3: cycling by per-revolution force peak)
    A sample is a candidate peak (minimum) once no higher (lower) force came within
    ``w = stroke_lookahead_fraction * 60 / max_cadence_rpm`` before or after it, so it is known ``w``
    after it happened. Candidates then alternate like a zig-zag: a peak counts only if it rises
    ``max(min_stroke_n, stroke_prominence_fraction * typical amplitude)`` (the prominence) above the
    lowest minimum before it, a minimum only if it falls that much below the peak before it; lesser ones
    are merged (the higher peak is kept). Minima within ``stroke_floor_tolerance_fraction`` of the
    prominence of a valley's lowest are one floor: the stroke after the valley opens at the last of them,
    where the force starts to rise, and the stroke before it closes at the first, where the force reached
    the floor (only a minimum clearly lower moves it), so a stroke next to a pause does not take in the
    flat of the pause. A stroke runs from one minimum to the next, ``peak_s`` at the peak
    between, and is emitted if its length is within ``[60 / max_cadence_rpm, 60 / min_cadence_rpm]`` once
    its closing minimum is final: when the next stroke's peak counts, or when the longest stroke
    (``60 / min_cadence_rpm``) has gone by after that minimum without one (the rider stopped pedalling:
    coasting, standing still, a break on a stepper). The last minimum on the pause's floor then opens the
    next stroke. So every
    stroke is emitted at most ``60 / min_cadence_rpm + w`` (and a sample) after its end, whatever follows
    it; the windows of the features wait ``settle_s`` for that (monitor.signal.features). Extreme times are
    refined by a parabola through the sample and its neighbours.

Filter delay: fed a causally low-passed force, every event comes out late by about the filter's group
delay; ``delay_s`` (e.g. ``CausalLowpass.delay_s``) is taken off every reported time.
"""

from __future__ import annotations

import math

import numpy as np

from monitor.signal.params import CycleParams
from monitor.signal.runs import RecentMedian, feed_runs
from monitor.signal.types import Cycle

#: A step in time longer than this many sample periods is rows left out: a gap, as a NaN sample is (the
#: importers' rule, docs/import-csv.md: time jumps over 1.5 sample periods).
MAX_STEP_PERIODS = 1.5


class StrokeDetector:
    """Pedal strokes of one foot (one per crank revolution) from its total force, streaming.

    Parameters
    ----------
    rate_hz : float
        Nominal sample rate (Hz); sets the candidate window in samples.
    params : CycleParams
    foot : "left" or "right"
    delay_s : float
        Subtracted from every reported time (the delay of an upstream causal filter).
    keep_strokes : bool
        Keep ``strokes``; False for a consumer that reads the emitted Cycles' ``peak_s`` instead.

    Attributes
    ----------
    strokes : list of float
        Downstroke peak time (s) of every emitted stroke (empty when ``keep_strokes`` is False).
    """

    def __init__(self, rate_hz: float, params: CycleParams = CycleParams(), *, foot: str,
                 delay_s: float = 0.0, keep_strokes: bool = True) -> None:
        self.rate_hz = float(rate_hz)
        self.params = params
        self.foot = foot
        self.delay_s = float(delay_s)
        self._w = max(1, int(round(params.stroke_lookahead_fraction * 60.0 / params.max_cadence_rpm
                                   * self.rate_hz)))
        self._longest_s = 60.0 / params.min_cadence_rpm  # the longest stroke (s)
        self._shortest_s = 60.0 / params.max_cadence_rpm  # the shortest stroke (s)
        self._max_step_s = MAX_STEP_PERIODS / self.rate_hz  # a longer step in time is a gap (s)
        self._amps = RecentMedian(max(1, int(params.peak_memory)))  # of the recent strokes' amplitudes
        self._delta_min_n = params.min_stroke_n
        self._delta_n = params.min_stroke_n
        self.keep_strokes = keep_strokes  # False: no ``strokes`` list (a consumer reads Cycle.peak_s)
        self.strokes: list[float] = []
        self._gap()

    def set_min_stroke_n(self, min_stroke_n: float) -> None:
        """The smallest stroke amplitude from now on (N; CycleParams.min_stroke_n as an uncalibrated insole's
        level makes it, monitor.signal.nominal_scale): the prominence a candidate needs is at least it, and
        where it was that floor it follows it."""
        old, self._delta_min_n = self._delta_min_n, float(min_stroke_n)
        self._delta_n = self._delta_min_n if self._delta_n <= old else max(self._delta_n, self._delta_min_n)

    def _gap(self) -> None:
        self._t = np.empty(0)  # this run's latest samples: the w not yet judged and up to w + 1 before
        self._f = np.empty(0)
        self._pending = 0  # how many of the last samples are not judged yet
        self._start: tuple[float, float] | None = None  # (t, f) minimum opening the stroke
        self._peak: tuple[float, float] | None = None  # its peak
        self._end: tuple[float, float] | None = None  # the minimum that will close it
        self._floor = float("nan")  # the lowest force of the valley that opens it (N)

    def feed(self, t_s: np.ndarray, total_force_n: np.ndarray) -> list[Cycle]:
        """Next block: ``t_s`` (n,) session seconds, ``total_force_n`` (n,) N (NaN = missing).

        Returns the strokes (kind "stroke") closed in this block, in time order.
        """
        return feed_runs(t_s, total_force_n, self._run, self._gap, max_step_s=self._max_step_s,
                         last_t_s=float(self._t[-1]) if self._t.shape[0] else math.nan)

    def _run(self, t: np.ndarray, f: np.ndarray, out: list[Cycle]) -> None:
        w = self._w
        et = np.concatenate((self._t, t))
        ef = np.concatenate((self._f, f))
        n = ef.shape[0]
        first = n - f.shape[0] - self._pending  # first sample not judged yet
        last = n - w  # samples [first, last) now have w samples after them
        if last > first:
            self._judge(et, ef, first, last, out)
            self._pending = n - last
        else:
            self._pending = n - first
        keep = min(n, self._pending + w + 1)
        self._t, self._f = et[n - keep:], ef[n - keep:]

    def _judge(self, t: np.ndarray, f: np.ndarray, first: int, last: int, out: list[Cycle]) -> None:
        """Find the candidates among samples [first, last) and run them through the zig-zag."""
        # Candidate peaks are the tops of the force, candidate minima those of its negative (exact).
        w = self._w
        lo = max(0, first - w)
        x = f[lo:last + w]
        pad = np.full(w, -np.inf)
        judged = (first - lo + w, last - lo + w)  # samples [first, last) in x padded by w on each side
        flag = np.zeros(last - first, dtype=np.int8)  # 1 a candidate minimum, 2 a peak (also if both)
        flag[_tops(np.concatenate((pad, -x, pad)), w, *judged) - judged[0]] = 1
        flag[_tops(np.concatenate((pad, x, pad)), w, *judged) - judged[0]] = 2
        idx = np.flatnonzero(flag)
        kinds = flag[idx] == 2
        idx += first
        times = self._refine(t, f, idx)
        # The zig-zag, one candidate at a time: (time, force) of the opening minimum, its peak and the
        # minimum that will close the stroke (None until known), and the prominence a candidate needs.
        start, peak, end, delta = self._start, self._peak, self._end, self._delta_n
        floor = self._floor  # the lowest force of the valley that opens the stroke (N)
        longest_s, tol = self._longest_s, self.params.stroke_floor_tolerance_fraction
        for value, when, is_max in zip(f[idx].tolist(), times.tolist(), kinds.tolist()):
            if end is not None and when - end[0] > longest_s:  # no next peak within a stroke: final
                delta = self._close(start, peak, end, delta, out)
                start, peak, end, floor = end, None, None, end[1]
            if is_max:
                if start is None:
                    continue
                if peak is None:
                    if value - floor >= delta:
                        peak = (when, value)
                elif end is None:
                    if value > peak[1]:
                        peak = (when, value)  # the higher peak is kept
                elif value - end[1] >= delta:  # the next stroke's peak counts: this stroke is closed
                    delta = self._close(start, peak, end, delta, out)
                    start, peak, end, floor = end, (when, value), None, end[1]
            elif start is None:
                start, floor = (when, value), value
            elif peak is None:  # the valley before the first peak goes on: the stroke opens at its last
                if value <= floor + tol * delta:  # minimum on its floor, where the force starts to rise
                    start, floor = (when, value), min(floor, value)
            elif end is None:
                if peak[1] - value >= delta:
                    end = (when, value)
            elif value < end[1] - tol * delta:  # a minimum clearly lower closes the stroke; one on the
                end = (when, value)  # same floor does not: the stroke ends where the force first reached it
        # Judged up to t[last - 1] without a next peak: a candidate after it would find the minimum final
        # first (a refined time lies between its sample's neighbours), so any chunking closes it alike.
        if end is not None and float(t[last - 1]) - end[0] > longest_s:
            delta = self._close(start, peak, end, delta, out)
            start, peak, end, floor = end, None, None, end[1]
        self._start, self._peak, self._end, self._delta_n, self._floor = start, peak, end, delta, floor

    @staticmethod
    def _refine(t: np.ndarray, f: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Extreme times refined by a parabola through each sample and its neighbours."""
        times = t[idx].copy()
        ok = (idx > 0) & (idx < f.shape[0] - 1)
        i = idx[ok]
        fm, f0, fp = f[i - 1], f[i], f[i + 1]
        den = fm - 2.0 * f0 + fp
        with np.errstate(divide="ignore", invalid="ignore"):
            shift = np.where(den != 0, 0.5 * (fm - fp) / den, 0.0)
        shift = np.clip(shift, -0.5, 0.5)
        step = np.where(shift >= 0, t[i + 1] - t[i], t[i] - t[i - 1])
        times[ok] = t[i] + shift * step
        return times

    def _close(self, start: tuple[float, float], peak: tuple[float, float], end: tuple[float, float],
               delta_n: float, out: list[Cycle]) -> float:
        """Emit the stroke from minimum ``start`` over ``peak`` to minimum ``end`` (each (t_s, force_n)) if
        its length is a stroke's; returns the prominence the next candidates need (N), ``delta_n`` until
        now."""
        (t0, f0), (tp, fp), (t1, _) = start, peak, end
        if self._shortest_s <= t1 - t0 <= self._longest_s:
            d = self.delay_s
            out.append(Cycle(self.foot, "stroke", t0 - d, t1 - d, None, tp - d))
            if self.keep_strokes:
                self.strokes.append(tp - d)
            delta = self.params.stroke_prominence_fraction * self._amps.add(fp - f0)
            return delta if delta > self._delta_min_n else self._delta_min_n
        return delta_n


def _tops(a: np.ndarray, w: int, lo: int, hi: int) -> np.ndarray:
    """Positions ``p`` in [lo, hi) of ``a`` (n,) higher than each of ``a[p - w:p]`` and at least as high as
    each of ``a[p + 1:p + w + 1]`` (needs ``lo >= w`` and ``hi + w <= n``), ascending.

    The highest value of a stretch of ``a`` is at one of its ends or at a local top inside it (higher
    than the sample before it, at least as high as the one after), so only the local tops near ``p`` and
    the ends of its two windows are compared with it.
    """
    s, e = lo - w + 1, hi + w - 1  # the local tops inside the windows of [lo, hi) lie in [s, e)
    mid = a[s:e]
    pos = np.flatnonzero((mid > a[s - 1:e - 1]) & (mid >= a[s + 1:e + 1])) + s
    val = a[pos]
    ok = (pos >= lo) & (pos < hi)
    r = 1  # compare each local top with the r-th one after it, while any of those is within w
    while r < pos.shape[0]:
        near = pos[r:] - pos[:-r] <= w
        if not near.any():
            break
        ok[:-r] &= ~near | (val[:-r] >= val[r:])
        ok[r:] &= ~near | (val[r:] > val[:-r])
        r += 1
    p = pos[ok]
    top = a[p]
    return p[(top > a[p - w]) & (top >= a[p + w])]
