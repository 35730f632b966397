"""Cycles of one foot from its total force: gait strides (initial contact, toe-off) and pedal strokes.

Both detectors are causal and streaming: ``.feed(t_s, total_force_n)`` takes the next block and returns
the cycles that closed in it, and the concatenated output is the same for any chunking of the input.
Times are session seconds. A NaN sample ends the cycle in progress: no cycle spans a gap, and after a gap
a detector starts again from its next clearly observed event (the learnt force levels are kept: they were
learnt on valid data).

Gait (domain.md section 3: force-threshold heel-strike/toe-off)
    The swing level is the running minimum of total force over ``max_stride_s`` (a stride always holds a
    swing; a shoe that stays tight in swing lifts it above 0, and the threshold with it), valid only while
    it is at most ``max_swing_fraction`` of the running maximum: a foot that never gets near unloaded is
    standing or shifting weight, and no contact starts or ends until it unloads again. The typical
    stance peak is the median of the last ``peak_memory`` stance peaks, brought up to date at each
    multiple of ``peak_update_s`` of session time (and at once when the first stance ends). Contact
    begins when force rises above ``swing + max(min_contact_n, contact_fraction * (peak - swing))`` and
    ends (toe-off) when it falls below ``swing + release_fraction * that height`` (hysteresis). Both
    crossing times are interpolated linearly between the samples around them. Before any stance peak is
    known the height is ``min_contact_n``.

    How the defaults were chosen: 5 % of the stance peak and 20 N are the usual order of force-threshold
    gait segmentation and were set before any reference events were looked at; the hysteresis only has to
    exceed sensor noise and quantisation. They were checked once, not tuned, against Moticon's gait report
    of the sample walk in ../shared/data (tests/test_gait_events_real.py).

    A stance counts once a sample at least ``min_stance_s`` after its initial contact is still in
    contact (shorter "stances" are ignored and the swing goes on); a stance longer than ``max_stride_s``
    is standing, not a step. A stride ``[IC, next IC)``, with its toe-off, is emitted once the next stance
    counts, if its length is within ``[min_stride_s, max_stride_s]``.

Pedal strokes (domain.md section 3: cycling by per-revolution force peak)
    A sample is a candidate peak (minimum) once no higher (lower) force came within
    ``w = stroke_lookahead_fraction * 60 / max_cadence_rpm`` before or after it, so it is known ``w``
    after it happened. Candidates then alternate like a zig-zag: a peak counts only if it rises
    ``max(min_stroke_n, stroke_prominence_fraction * typical amplitude)`` above the minimum before it, a
    minimum only if it falls that much below the peak before it; lesser ones are merged (the higher peak,
    the lower minimum is kept). A stroke runs from one minimum to the next, ``peak_s`` at the peak
    between, and is emitted when the next stroke's peak counts (the closing minimum is then final) if its
    length is within ``[60 / max_cadence_rpm, 60 / min_cadence_rpm]``. Extreme times are refined by a
    parabola through the sample and its neighbours.

Filter delay: fed a causally low-passed force, every event comes out late by about the filter's group
delay. Both detectors take ``delay_s`` (e.g. ``CausalLowpass.delay_s``) and report times that much
earlier; their decisions are unchanged.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d

from monitor.signal.params import CycleParams
from monitor.signal.types import Cycle

_UNKNOWN, _SWING, _STANCE = 0, 1, 2
_NONE = np.iinfo(np.int64).max


def _valid_runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], valid, [False])).astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _next_true(mask: np.ndarray, offset: int) -> np.ndarray:
    """For each i, ``offset +`` the first j >= i with mask[j], or _NONE."""
    idx = np.where(mask, np.arange(offset, offset + mask.shape[0]), _NONE)
    return np.minimum.accumulate(idx[::-1])[::-1]


def _trailing(filt, x: np.ndarray, w: int) -> np.ndarray:
    """``filt`` (minimum/maximum_filter1d) over the window [i - w + 1, i] of each sample."""
    return filt(x, size=w, origin=(w - 1) // 2, mode="nearest")


def _median(values) -> float:
    """statistics.median of a few floats, the same value, without its per-call overhead."""
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _crossing_s(tp: float, fp: float, tj: float, fj: float, level: float) -> float:
    """Time at which the line through (tp, fp) and (tj, fj) passes ``level``, within [tp, tj]."""
    d = fj - fp
    frac = (level - fp) / d if d != 0 else 1.0
    return tp + min(max(frac, 0.0), 1.0) * (tj - tp)


def _split(t_s: np.ndarray, force_n: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    t = np.asarray(t_s, dtype=float)
    f = np.asarray(force_n, dtype=float)
    if t.ndim != 1 or t.shape != f.shape:
        raise ValueError(f"t_s {t.shape} and force {f.shape} must be equal 1-D shapes")
    return t, f, _valid_runs(~np.isnan(f) & ~np.isnan(t))


class GaitCycleDetector:
    """Strides of one foot (walking, running) from its total force, streaming.

    Parameters
    ----------
    rate_hz : float
        Nominal sample rate (Hz); sets the swing-level window in samples.
    params : CycleParams
    foot : "left" or "right"
        Written into each Cycle.
    delay_s : float
        Subtracted from every reported time (the delay of an upstream causal filter).

    Attributes
    ----------
    contacts : list of (initial_contact_s, toe_off_s)
        Every accepted stance (lasting at least ``min_stance_s``, at most ``max_stride_s``, with no gap).
    """

    def __init__(self, rate_hz: float, params: CycleParams = CycleParams(), *, foot: str,
                 delay_s: float = 0.0) -> None:
        self.rate_hz = float(rate_hz)
        self.params = params
        self.foot = foot
        self.delay_s = float(delay_s)
        self._win = max(1, int(round(params.max_stride_s * self.rate_hz)))
        self._peaks: deque[float] = deque(maxlen=max(1, int(params.peak_memory)))
        self._peak_n: float | None = None
        self._cell = None  # the peak_update_s cell the typical peak was last brought up to date in
        self.contacts: list[tuple[float, float]] = []  # every stance found (see take_contacts)
        self._gap()

    def _gap(self) -> None:
        self._hist = np.empty(0)  # last (win - 1) valid forces of this run
        self._prev: tuple[float, float] | None = None  # last sample of this run fed so far
        self._state = _UNKNOWN
        self._ic = np.nan
        self._stance_peak = -np.inf
        self._confirmed = False
        self._last_step: tuple[float, float] | None = None  # (IC, TO) awaiting the next IC

    @property
    def typical_peak_n(self) -> float | None:
        """The typical stance peak in use (N), None before the first stance."""
        return self._peak_n

    def feed(self, t_s: np.ndarray, total_force_n: np.ndarray) -> list[Cycle]:
        """Next block: ``t_s`` (n,) session seconds, ``total_force_n`` (n,) N (NaN = missing).

        Returns the strides (kind "stride") closed in this block, in time order.
        """
        return _feed_runs(t_s, total_force_n, self._run, self._gap)

    def _run(self, t: np.ndarray, f: np.ndarray, out: list[Cycle]) -> None:
        """A gap-free stretch, continuing the current run."""
        p, w = self.params, self._win
        ext = np.concatenate((self._hist, f))
        k = self._hist.shape[0]
        swing = _trailing(minimum_filter1d, ext, w)[k:]
        stepping = swing <= p.max_swing_fraction * _trailing(maximum_filter1d, ext, w)[k:]
        self._hist = ext[max(0, ext.shape[0] - (w - 1)):] if w > 1 else np.empty(0)
        cells = np.floor(t / p.peak_update_s)
        bounds = np.concatenate(([0], np.flatnonzero(cells[1:] != cells[:-1]) + 1, [f.shape[0]]))
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            if cells[a] != self._cell:
                self._cell = cells[a]
                if self._peaks:
                    self._peak_n = float(_median(self._peaks))
            while a < b:  # a piece ends early when the very first stance peak becomes known
                a = self._piece(t, f, swing, stepping, a, b, out)
        self._prev = (float(t[-1]), float(f[-1]))

    def _piece(self, t: np.ndarray, f: np.ndarray, swing: np.ndarray, stepping: np.ndarray, a: int, b: int,
               out: list[Cycle]) -> int:
        """Samples [a, b) of the stretch with the same typical peak; returns where it stopped."""
        p = self.params
        sw = swing[a:b]
        if self._peak_n is None:
            height = np.full(b - a, p.min_contact_n)
        else:
            height = np.maximum(p.min_contact_n, p.contact_fraction * (self._peak_n - sw))
        on = np.where(stepping[a:b], sw + height, np.inf)
        off = np.where(stepping[a:b], sw + p.release_fraction * height, -np.inf)
        fb = f[a:b]
        next_on = _next_true(fb >= on, a)
        next_off = _next_true(fb < off, a)

        def before(j: int) -> tuple[float, float]:
            if j > 0:
                return float(t[j - 1]), float(f[j - 1])
            assert self._prev is not None
            return self._prev

        i = a
        while i < b:
            if self._state == _UNKNOWN:
                j = int(next_off[i - a])
                if j == _NONE:
                    return b
                self._state = _SWING
                i = j + 1
            elif self._state == _SWING:
                j = int(next_on[i - a])
                if j == _NONE:
                    return b
                tp, fp = before(j)
                self._ic = _crossing_s(tp, fp, float(t[j]), float(f[j]), float(on[j - a]))
                self._state = _STANCE
                self._stance_peak = -np.inf
                self._confirmed = False
                i = j
            else:
                j = int(next_off[i - a])
                end = b if j == _NONE else j
                if not self._confirmed and end > i and t[end - 1] >= self._ic + p.min_stance_s:
                    self._confirmed = True
                    self._close_stride(self._ic, out)
                if end > i:
                    self._stance_peak = max(self._stance_peak, float(fb[i - a:end - a].max()))
                if j == _NONE:
                    return b
                tp, fp = before(j)
                to = _crossing_s(tp, fp, float(t[j]), float(f[j]), float(off[j - a]))
                self._state = _SWING
                i = j + 1
                if self._confirmed:
                    self._end_stance(self._ic, to)
                    if self._peak_n is None:
                        self._peak_n = float(self._peaks[-1])
                        return i
        return b

    def _close_stride(self, next_ic_s: float, out: list[Cycle]) -> None:
        p = self.params
        if self._last_step is not None:
            ic, to = self._last_step
            if p.min_stride_s <= next_ic_s - ic <= p.max_stride_s:
                d = self.delay_s
                out.append(Cycle(self.foot, "stride", ic - d, next_ic_s - d, toe_off_s=to - d))
        self._last_step = None

    def take_contacts(self) -> list[tuple[float, float]]:
        """The stances found since the last call, ``(initial_contact_s, toe_off_s)``, removed from
        ``contacts``: for a consumer that keeps its own record (the pipeline), so that a session of hours
        does not hold them twice."""
        taken, self.contacts = self.contacts, []
        return taken

    def _end_stance(self, ic: float, to: float) -> None:
        if to - ic <= self.params.max_stride_s:
            self.contacts.append((ic - self.delay_s, to - self.delay_s))
            self._peaks.append(self._stance_peak)
            self._last_step = (ic, to)
        else:
            self._last_step = None


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
        self._amps: deque[float] = deque(maxlen=max(1, int(params.peak_memory)))
        self._delta_n = params.min_stroke_n
        self.keep_strokes = keep_strokes  # False: no ``strokes`` list (a consumer reads Cycle.peak_s)
        self.strokes: list[float] = []
        self._gap()

    def _gap(self) -> None:
        self._t = np.empty(0)  # this run's latest samples: the w not yet judged and up to w + 1 before
        self._f = np.empty(0)
        self._pending = 0  # how many of the last samples are not judged yet
        self._start: tuple[float, float] | None = None  # (t, f) minimum opening the stroke
        self._peak: tuple[float, float] | None = None  # its peak
        self._end: tuple[float, float] | None = None  # the minimum that will close it

    def feed(self, t_s: np.ndarray, total_force_n: np.ndarray) -> list[Cycle]:
        """Next block: ``t_s`` (n,) session seconds, ``total_force_n`` (n,) N (NaN = missing).

        Returns the strokes (kind "stroke") closed in this block, in time order.
        """
        return _feed_runs(t_s, total_force_n, self._run, self._gap)

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
        w = self._w
        lo = max(0, first - w)
        x = f[lo:last + w]
        up = np.concatenate((np.full(w, -np.inf), x, np.full(w, -np.inf)))
        dn = np.concatenate((np.full(w, np.inf), x, np.full(w, np.inf)))
        m = x.shape[0]
        # before[i] = extreme of x[i - w .. i - 1], after[i] = extreme of x[i + 1 .. i + w]
        up_max, dn_min = _trailing(maximum_filter1d, up, w), _trailing(minimum_filter1d, dn, w)
        max_before, max_after = up_max[w - 1:w - 1 + m], up_max[2 * w:2 * w + m]
        min_before, min_after = dn_min[w - 1:w - 1 + m], dn_min[2 * w:2 * w + m]
        sel = slice(first - lo, last - lo)
        xs = x[sel]
        is_peak = (xs > max_before[sel]) & (xs >= max_after[sel])
        is_min = (xs < min_before[sel]) & (xs <= min_after[sel])
        idx = np.flatnonzero(is_peak | is_min) + first
        if idx.size == 0:
            return
        times = self._refine(t, f, idx)
        kinds = is_peak[idx - first]
        for value, when, peak in zip(f[idx].tolist(), times.tolist(), kinds.tolist()):
            if peak:
                self._on_peak(when, value, out)
            else:
                self._on_min(when, value)

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

    def _on_min(self, when: float, value: float) -> None:
        if self._start is None or (self._peak is None and value <= self._start[1]):
            self._start = (when, value)  # the valley before the first peak goes on
        elif self._peak is not None:
            if self._end is None:
                if self._peak[1] - value >= self._delta_n:
                    self._end = (when, value)
            elif value <= self._end[1]:
                self._end = (when, value)

    def _on_peak(self, when: float, value: float, out: list[Cycle]) -> None:
        if self._start is None:
            return
        if self._peak is None:
            if value - self._start[1] >= self._delta_n:
                self._peak = (when, value)
        elif self._end is None:
            if value > self._peak[1]:
                self._peak = (when, value)
        elif value - self._end[1] >= self._delta_n:
            self._close(out)
            self._start, self._peak, self._end = self._end, (when, value), None

    def _close(self, out: list[Cycle]) -> None:
        p = self.params
        assert self._start is not None and self._peak is not None and self._end is not None
        (t0, f0), (tp, fp), (t1, _) = self._start, self._peak, self._end
        if 60.0 / p.max_cadence_rpm <= t1 - t0 <= 60.0 / p.min_cadence_rpm:
            d = self.delay_s
            out.append(Cycle(self.foot, "stroke", t0 - d, t1 - d, peak_s=tp - d))
            if self.keep_strokes:
                self.strokes.append(tp - d)
            self._amps.append(fp - f0)
            self._delta_n = max(p.min_stroke_n, p.stroke_prominence_fraction * float(_median(self._amps)))


def _feed_runs(t_s: np.ndarray, total_force_n: np.ndarray,
               run: Callable[[np.ndarray, np.ndarray, list[Cycle]], None],
               gap: Callable[[], None]) -> list[Cycle]:
    """A detector's ``feed``: each gap-free run of the block to ``run`` (which appends the cycles it
    closes), ``gap()`` where missing samples interrupt the series. Returns the cycles, in time order."""
    t, f, runs = _split(t_s, total_force_n)
    out: list[Cycle] = []
    pos = 0
    for start, stop in runs:
        if start > pos:
            gap()
        run(t[start:stop], f[start:stop], out)
        pos = stop
    if pos < f.shape[0]:
        gap()
    return out


def cadence_per_min(cycles: list[Cycle], kind: str) -> float:
    """Cadence from the median length of the cycles of ``kind`` (NaN if there are none).

    "stroke": crank revolutions per minute (one stroke per revolution per foot). "stride": steps per
    minute of both feet, 2 * strides per minute (the convention of domain.md section 1).
    """
    if kind not in ("stride", "stroke"):
        raise ValueError(f"kind must be 'stride' or 'stroke', not {kind!r}")
    return cadence_from_durations(np.array([c.duration_s for c in cycles if c.kind == kind], dtype=float), kind)


def cadence_from_durations(durations_s: np.ndarray, kind: str) -> float:
    """:func:`cadence_per_min` from the cycles' durations (s), shape (n,), all of ``kind``."""
    if not durations_s.size:
        return float("nan")
    per_min = 60.0 / float(np.median(durations_s))
    return 2.0 * per_min if kind == "stride" else per_min
