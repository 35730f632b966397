"""Cycles of one foot from its total force: gait strides (initial contact, toe-off) and pedal strokes.

One idea: the gait detector, one foot's strides from its total force (``GaitCycleDetector``); its length is
the rules of where a stance begins and ends, said below. The pedal strokes, the cadence, the stance
levels and the crossings and medians it reads are modules of their own (monitor.signal.strokes, cadence,
stance_levels, runs).

Both detectors are causal and streaming: ``.feed(t_s, total_force_n)`` takes the next block and returns
the cycles that closed in it, and the concatenated output is the same for any chunking of the input.
Times are session seconds. Missing samples (NaN) for at most ``max_gap_s`` are bridged by the gait
detector: the stance or swing in progress goes on, but no event is placed inside the gap (an event whose
crossing falls in it drops that stance), so a stride may hold a short gap; a longer gap ends the cycle in
progress, and the detector starts again from its next clearly observed event (the learnt force levels are
kept: they were learnt on valid data). The stroke detector ends its stroke at any gap.

Gait (domain.md section 3: force-threshold heel-strike/toe-off)
    The swing level is the running minimum of total force over ``max_stride_s`` (a stride always holds a swing; a
    shoe that stays tight in swing lifts it above 0, and the threshold with it), valid only while it is at most
    ``max_swing_fraction`` of the running maximum: a foot that never gets near unloaded is standing or shifting
    weight, and no contact starts or ends until it unloads again. A running minimum at most ``swing_floor_n`` is a
    swing level whatever the maximum: at the start of the data, or after a gap longer than ``max_gap_s``, the window
    holds only the swing before the next stance, and an insole that reads a little above zero unloaded would
    otherwise lose that whole stance. When the detector starts again (the data start, a gap longer than
    ``max_gap_s``, a contact that began inside a gap), the first contact needs ``FIRST_SWING_SAMPLES`` samples of
    swing before it in the data (below the toe-off level, and at most ``swing_floor_n`` unless the running maximum
    makes the swing level), however short the swing they show: data that begin at an initial contact read their
    first sample at the swing level and the next already rising, and that stance is not held whole. Nor is the
    stance they begin in, released less than ``min_swing_s`` before that contact (a midstance dip): it goes on, its
    peak kept. The typical stance peak is the median of the last ``peak_memory`` stance peaks, brought up to date at
    each multiple of ``peak_update_s`` of session time (and at once when the first stance ends). Contact begins and
    ends (toe-off) at levels above the swing level (monitor.signal.stance_levels); both crossing times are
    interpolated linearly between the samples around them.

    An uncalibrated insole's force (``calibrated=False``: counts at a nominal scale, its newtons a guess) has no
    absolute level: once its typical stance peak is known, ``min_contact_n`` is ``nominal_min_contact_fraction`` of
    that peak and ``swing_floor_n`` is ``nominal_swing_floor_fraction`` of it, so the same walk at any scale gives
    the same events. Before it is known (the data's first stance) they are shares of the foot's level of total force
    (``set_first_levels``), and once that stance ends its initial contact is placed again at the contact level of
    its own peak (stance_levels.FirstStanceSamples), as the next stances' are at the typical peak; its toe-off stays
    where its own peak's share (``to_fraction``) or the hysteresis level placed it.

    How the defaults were chosen: 5 % of the stance peak and 20 N are the usual order of force-threshold
    gait segmentation and were set before any reference events were looked at; the hysteresis only has to
    exceed sensor noise and quantisation. ``to_fraction`` (6 % of the stance's own peak; CycleParams says
    why) and the bridging of short gaps were set after comparing with Moticon's gait report of the sample
    walk in ../shared/data, where toe-off at 4 % of the typical peak came out 34 ms late (median) and the
    first step of each foot held a dropout (tests/test_gait_events_real.py says what was measured before
    and after).

    A stance counts once a sample at least ``min_stance_s`` after its initial contact is still in
    contact (shorter "stances" are ignored and the swing goes on); a stance longer than ``max_stride_s``
    is standing, not a step. A stride ``[IC, next IC)``, with its toe-off, is emitted once the stance at its end
    is kept as a step (in ``contacts``), if its length is within ``[min_stride_s, max_stride_s]``: a landing into
    standing as a walk ends, a stance whose toe-off falls in a gap, or one the data stop in ends no stride.

Pedal strokes: ``StrokeDetector`` in monitor/signal/strokes.py; cadence from the cycles in
monitor/signal/cadence.py (both re-exported here).

Filter delay: fed a causally low-passed force, every event comes out late by about the filter's group
delay. Both detectors take ``delay_s`` (e.g. ``CausalLowpass.delay_s``) and report times that much
earlier; their decisions are unchanged.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import deque

import numpy as np

from monitor.signal.cadence import MIN_CADENCE_CYCLES, cadence_from_durations, cadence_per_min
from monitor.signal.params import CycleParams
from monitor.signal.runs import NONE, crossing_s, feed_runs, median, trailing
from monitor.signal.stance_levels import FirstStanceSamples, levels, next_release, segment_release
from monitor.signal.strokes import StrokeDetector
from monitor.signal.types import Cycle

__all__ = ["MIN_CADENCE_CYCLES", "GaitCycleDetector", "StrokeDetector", "cadence_from_durations", "cadence_per_min"]

_UNKNOWN, _SWING, _STANCE = 0, 1, 2

#: Samples of swing the data must show before the first contact the gait detector takes after it starts
#: again from an unknown state (the data start, a gap longer than max_gap_s, a contact inside a gap): one
#: is not enough, since data that begin at an initial contact read its first sample at the swing level and
#: the next already rising (the simulated runs); two are a swing seen, at 25 Hz the last 0.04 s of it
#: (guess).
FIRST_SWING_SAMPLES = 2


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
    calibrated : bool
        False for an uncalibrated insole's nominal force: the absolute levels become shares of the typical
        stance peak once it is known (module docstring).

    Attributes
    ----------
    contacts : list of (initial_contact_s, toe_off_s)
        Every accepted stance (lasting at least ``min_stance_s``, at most ``max_stride_s``, with no gap
        longer than ``max_gap_s``).
    """

    #: a piece's release searches (monitor.signal.stance_levels), each a stance's toe-off: the one per segment,
    #: the one stance by stance
    _segment_release = staticmethod(segment_release)
    _next_release = staticmethod(next_release)

    def __init__(self, rate_hz: float, params: CycleParams = CycleParams(), *, foot: str,
                 delay_s: float = 0.0, calibrated: bool = True) -> None:
        self.rate_hz = float(rate_hz)
        self.calibrated = bool(calibrated)
        self.params = params
        self.foot = foot
        self.delay_s = float(delay_s)
        self._win = max(1, int(round(params.max_stride_s * self.rate_hz)))
        self._peaks: deque[float] = deque(maxlen=max(1, int(params.peak_memory)))
        self._peak_n: float | None = None
        self._first_n = (params.swing_floor_n, params.min_contact_n)  # set_first_levels
        self._cell = None  # the peak_update_s cell the typical peak was last brought up to date in
        self.contacts: list[tuple[float, float]] = []  # every stance found (see take_contacts)
        self._last_t: float | None = None  # time of the last valid sample fed
        self._in_gap = False  # missing samples came after it
        #: an uncalibrated insole's latest samples while no typical peak is known (its first stance is placed
        #: again with its own peak, stance_levels.FirstStanceSamples); None once one is
        self._first = None if self.calibrated else FirstStanceSamples(2 * self._win)
        self._reset()

    def _gap(self) -> None:
        """Missing samples: whether they are bridged is decided when the next valid sample arrives."""
        self._in_gap = True

    def _reset(self) -> None:
        self._hist = np.empty(0)  # last (win - 1) valid forces of this run
        self._prev: tuple[float, float] | None = None  # last sample of this run fed so far
        self._state = _UNKNOWN
        #: samples of swing seen since the state last left _UNKNOWN, until the next contact (None after it):
        #: the first contact then needs FIRST_SWING_SAMPLES of them
        self._swing_seen: int | None = None
        self._swing_from_s = -np.inf  # the release the data show before that swing (-inf: they begin in it)
        #: the stance at _ic is held whole: not a first contact within min_swing_s of a release the data show
        #: (that ends a dip of the stance they begin in, which goes on: its peak is kept, but it is no step)
        self._whole = True
        self._ic = np.nan
        self._ic_sample_s = np.nan  # time of the first sample at the contact level of the stance at _ic
        if self._first is not None:
            self._first = FirstStanceSamples(self._first.keep)
        self._stance_peak = -np.inf
        self._release_n = np.nan  # toe-off level at the release found last
        self._confirmed = False
        self._last_step: tuple[float, float] | None = None  # (IC, TO) awaiting the next IC
        self._stride: Cycle | None = None  # the stride ending at the last confirmed stance, until it is a step
        #: (IC, TO, peak, confirmed) of the last stance while less than min_swing_s has passed since its
        #: toe-off: a contact within that time continues it (a confirmed whole one's contact is kept once none does)
        self._pending: tuple[float, float, float, bool] | None = None

    @property
    def complete_before_s(self) -> float:
        """Every stride ending (as reported, ``end_s``) before this time has been returned (session s; -inf
        before the first valid sample). A stride ends at the next stance's initial contact and is returned once
        that stance is a step, released within ``max_stride_s`` and ``min_swing_s`` before the latest valid
        sample (else it ends no stride); ``max_gap_s`` more is kept as a margin."""
        if self._last_t is None:
            return -math.inf
        p = self.params
        return self._last_t - p.max_stride_s - p.min_swing_s - p.max_gap_s - self.delay_s

    @property
    def typical_peak_n(self) -> float | None:
        """The typical stance peak in use (N), None before the first stance."""
        return self._peak_n

    def feed(self, t_s: np.ndarray, total_force_n: np.ndarray) -> list[Cycle]:
        """Next block: ``t_s`` (n,) session seconds, ``total_force_n`` (n,) N (NaN = missing).

        Returns the strides (kind "stride") closed in this block, in time order. A force below zero is a
        low-pass filter's undershoot after a steep unloading (a 40 Hz series is filtered at 15 Hz, close to
        its Nyquist rate), not less than no load: it is read as 0 N, so the swing level, a running minimum,
        stays at the foot's real unloaded level and the filter's ringing back up does not open a contact.
        """
        f = np.asarray(total_force_n, dtype=float)
        with np.errstate(invalid="ignore"):
            if (f < 0).any():
                f = np.where(f < 0, 0.0, f)  # NaN stays NaN
        return feed_runs(t_s, f, self._run, self._gap)

    def _run(self, t: np.ndarray, f: np.ndarray, out: list[Cycle]) -> None:
        """A gap-free stretch, continuing the current run."""
        from scipy.ndimage import maximum_filter1d, minimum_filter1d  # here: a command analysing nothing skips scipy

        p, w = self.params, self._win
        if self._in_gap:
            self._in_gap = False
            if self._last_t is not None and float(t[0]) - self._last_t <= p.max_gap_s:
                self._prev = None  # bridged: the state goes on, but no crossing is interpolated over it
            else:
                self._keep_pending(out)
                self._reset()
        self._last_t = float(t[-1])
        ext = np.concatenate((self._hist, f))
        k = self._hist.shape[0]
        swing = trailing(minimum_filter1d, ext, w)[k:]
        known = swing <= p.max_swing_fraction * trailing(maximum_filter1d, ext, w)[k:]
        self._hist = ext[max(0, ext.shape[0] - (w - 1)):] if w > 1 else np.empty(0)
        if self._first is not None:
            self._first.add(t, f, swing, known, after_gap=self._prev is None)
        cells = np.floor(t / p.peak_update_s)
        bounds = np.concatenate(([0], np.flatnonzero(cells[1:] != cells[:-1]) + 1, [f.shape[0]]))
        for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            if cells[a] != self._cell:
                self._cell = cells[a]
                if self._peaks:
                    self._peak_n = float(median(self._peaks))
            while a < b:  # a piece ends early when the very first stance peak becomes known
                floor = self._absolute_n()[0]  # the typical peak's share on nominal force, once it is known
                stepping = known | (swing <= floor)  # needs no history: the swing before a run's first stance
                shows_swing = known | (f <= floor)  # a sample at the swing level, not the foot of a rise
                a = self._piece(t, f, swing, stepping, shows_swing, a, b, out)
        if self._first is not None:
            self._first.trim()
        self._prev = (float(t[-1]), float(f[-1]))
        if self._pending is not None and self._last_t - self._pending[1] >= p.min_swing_s:
            self._keep_pending(out)  # no contact can come within min_swing_s of that toe-off any more

    def set_first_levels(self, swing_floor_n: float, min_contact_n: float) -> None:
        """An uncalibrated insole's ``swing_floor_n`` and ``min_contact_n`` (its units) while no typical peak
        is known: shares of the foot's level of total force (monitor.signal.nominal_scale.gait_first_levels;
        -inf and inf while that is unknown: no contact starts)."""
        self._first_n = (float(swing_floor_n), float(min_contact_n))

    def _absolute_n(self) -> tuple[float, float]:
        """``swing_floor_n`` and ``min_contact_n`` (N), or on an uncalibrated insole's force the levels set by
        ``set_first_levels`` (as they are if none was) and, once a typical peak is known,
        ``nominal_swing_floor_fraction`` and ``nominal_min_contact_fraction`` of that peak."""
        p = self.params
        if self.calibrated:
            return p.swing_floor_n, p.min_contact_n
        if self._peak_n is None:
            return self._first_n
        return p.nominal_swing_floor_fraction * self._peak_n, p.nominal_min_contact_fraction * self._peak_n

    def _piece(self, t: np.ndarray, f: np.ndarray, swing: np.ndarray, stepping: np.ndarray,
               shows_swing: np.ndarray, a: int, b: int, out: list[Cycle]) -> int:
        """Samples [a, b) of the stretch with the same typical peak; returns where it stopped.

        The piece's levels are found for all its samples at once, and with them where force rises to the
        contact level and where each stance opening at such a rise is released (stance_levels.levels); the state
        machine then only steps from event to event (indices into t and f). ``shows_swing`` (bool, as f):
        below the toe-off level, the sample is a swing seen (see ``FIRST_SWING_SAMPLES``)."""
        p = self.params
        fb = f[a:b]
        on, off, above, rises, level, peak = levels(fb, swing[a:b], stepping[a:b], p, self._peak_n,
                                                    self._absolute_n()[1])
        rises = [a + k for k in rises]  # f comes up to on
        hit = fb < level  # released, if the stance opened at the rise before
        hit_starts = (np.flatnonzero(hit[1:] & ~hit[:-1]) + (a + 1)).tolist()
        below_off: list[int] | None = None  # f below the hysteresis level, found when first needed
        seen: np.ndarray | None = None  # swing samples seen in the piece before each index, when first needed

        def before(j: int) -> tuple[float, float] | None:
            """The sample before j; None right after a bridged gap (the crossing lies in the gap)."""
            return (float(t[j - 1]), float(f[j - 1])) if j > 0 else self._prev

        i = a
        while i < b:
            if self._state == _UNKNOWN:
                if below_off is None:
                    below_off = (np.flatnonzero(fb < off) + a).tolist()
                n = bisect_left(below_off, i)
                if n == len(below_off):
                    return b
                self._state = _SWING
                self._swing_seen = 0
                i = below_off[n]  # the first swing sample: counted below
                prev = before(i)  # a release seen before it: the swing began in the data (see _swing_from_s)
                self._swing_from_s = (crossing_s(*prev, float(t[i]), float(f[i]), float(off[i - a]))
                                      if prev is not None and prev[1] >= off[i - a] else -np.inf)
            elif self._state == _SWING:
                if above[i - a]:
                    j = i
                else:
                    n = bisect_right(rises, i)
                    j = rises[n] if n < len(rises) else b
                if self._swing_seen is not None:
                    if seen is None:
                        seen = np.concatenate(([0], np.cumsum(shows_swing[a:b] & (fb < off))))
                    self._swing_seen += int(seen[j - a] - seen[i - a])
                if j == b:
                    return b
                prev = before(j)
                if prev is None or (self._swing_seen is not None and self._swing_seen < FIRST_SWING_SAMPLES):
                    # contact began inside a gap, or the data show no swing before it (they begin at, or come
                    # back at, its initial contact): the stance is not held whole
                    self._keep_pending(out)
                    self._state = _UNKNOWN
                    i = j
                    continue
                ic = crossing_s(*prev, float(t[j]), float(f[j]), float(on[j - a]))
                self._state = _STANCE
                i = j
                if self._pending is not None and ic - self._pending[1] < p.min_swing_s:
                    self._resume_pending()  # too short a swing: the stance goes on
                    continue
                self._keep_pending(out)
                self._whole = self._swing_seen is None or ic - self._swing_from_s >= p.min_swing_s
                self._swing_seen = None
                self._ic, self._ic_sample_s = ic, float(t[j])
                self._stance_peak = -np.inf
                self._confirmed = False
            else:
                j = -1
                if self._stance_peak == -np.inf and (i == a or not above[i - a - 1]):  # opens a segment
                    j = self._segment_release(i, b, rises, hit_starts, bool(hit[i - a]))
                if j != -1:  # released within its segment (or the segment runs to the end of the piece)
                    end = b if j == NONE else j
                    if end > i:
                        self._stance_peak = float(peak[end - 1 - a])
                    if j != NONE:
                        self._release_n = float(level[j - a])
                else:
                    r, release_n = self._next_release(fb, swing[a:b], off, i - a, self._stance_peak, p.to_fraction)
                    if r != NONE:
                        self._release_n = release_n
                    j = NONE if r == NONE else r + a
                    end = b if j == NONE else j
                    if end > i:
                        self._stance_peak = max(self._stance_peak, float(fb[i - a:end - a].max()))
                if not self._confirmed and end > i and t[end - 1] >= self._ic + p.min_stance_s:
                    self._confirmed = True
                    self._close_stride(self._ic)
                if j == NONE:
                    return b
                prev = before(j)
                self._state = _SWING
                i = j + 1
                if prev is None:  # toe-off inside a gap: the stance has no known end, and is no step
                    self._last_step = self._stride = None
                    continue
                to = crossing_s(*prev, float(t[j]), float(f[j]), self._release_n)
                if not self._confirmed:  # too short a stance so far; a contact within min_swing_s continues it
                    self._pending = (self._ic, to, self._stance_peak, False)
                else:
                    if self._first is not None and self._whole and to - self._ic <= p.max_stride_s:  # its own peak
                        self._ic = self._first.first_contact_s(p, self._ic_sample_s, float(t[j]), self._stance_peak,
                                                               self._ic)
                    self._end_stance(self._ic, to)
                    if self._peak_n is None and self._peaks:  # a stance too long to be a step keeps none
                        self._peak_n = float(self._peaks[-1])
                        self._first = None
                        return i
        return b

    def _close_stride(self, next_ic_s: float) -> None:
        """The stance at ``next_ic_s`` counts: the stride from the last step to it waits for it to be a step."""
        p, d, last, self._stride, self._last_step = self.params, self.delay_s, self._last_step, None, None
        if last is not None and p.min_stride_s <= next_ic_s - last[0] <= p.max_stride_s:
            self._stride = Cycle(self.foot, "stride", last[0] - d, next_ic_s - d, toe_off_s=last[1] - d)

    def take_contacts(self) -> list[tuple[float, float]]:
        """The stances found since the last call, ``(initial_contact_s, toe_off_s)``, removed from ``contacts``:
        for a consumer that keeps its own record (the pipeline), so that a session of hours holds them once."""
        taken, self.contacts = self.contacts, []
        return taken

    def _end_stance(self, ic: float, to: float) -> None:
        """A confirmed stance released at ``to``: its peak and step are taken now; its contact is kept once no
        contact follows within ``min_swing_s`` (``_keep_pending``), else it goes on (``_resume_pending``)."""
        if to - ic <= self.params.max_stride_s:
            self._pending = (ic, to, self._stance_peak, True)
            self._peaks.append(self._stance_peak)
            self._last_step = (ic, to) if self._whole else None
        else:
            self._last_step = self._stride = None

    def _keep_pending(self, out: list[Cycle]) -> None:
        """The pending stance ended at its toe-off: a confirmed one's contact is kept if it is held whole (a step)."""
        if self._pending is not None:
            ic, to, _, confirmed = self._pending
            if confirmed and self._whole:  # the pending stance is the last one opened
                self.contacts.append((ic - self.delay_s, to - self.delay_s))
                if self._stride is not None:  # the stride from the step before ends at it
                    out.append(self._stride)
            self._pending = self._stride = None

    def _resume_pending(self) -> None:
        """Contact came back within ``min_swing_s`` of the pending stance's toe-off: that stance goes on,
        as if it had not been released (its peak and step, taken at the release, are given back)."""
        ic, _, peak, confirmed = self._pending
        self._pending = None
        if confirmed:
            if self._peaks and self._peaks[-1] == peak:
                self._peaks.pop()
            self._last_step = None
        self._ic, self._stance_peak, self._confirmed = ic, peak, confirmed
