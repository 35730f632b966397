"""The gait detector's levels and release searches (monitor.signal.cycles.GaitCycleDetector), over a piece of
samples that share one typical stance peak. Pure functions: arrays in, arrays and indices out.

Contact begins when force rises above ``swing + max(min_contact_n, contact_fraction * (peak - swing))`` and
ends (toe-off) when it falls below the higher of ``swing + release_fraction * that height`` (hysteresis) and
``swing + to_fraction * (this stance's peak so far - swing)``: an insole unloads slowly at the end of the
toe-off, so the toe-off is placed relative to the step's own loaded level. Before any stance peak is known
the height is ``min_contact_n``. ``swing`` is the swing level and ``peak`` the typical stance peak of
monitor.signal.cycles, whose docstring says how the defaults (CycleParams) were chosen. :func:`levels`
finds them for a whole piece; :func:`segment_release` finds a stance's release within its segment (from its
rise to the next) where the segment's running peak decides it, :func:`next_release` stance by stance where
it does not. On an uncalibrated insole's force, :class:`FirstStanceSamples` keeps the samples before the data's
first stance, whose initial contact :func:`first_contact_index` places again at the level of its own peak once
it has one (the one state here: the latest samples of one run).
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from monitor.signal.params import CycleParams
from monitor.signal.runs import NONE, crossing_s, segment_running_max


def segment_release(i: int, b: int, rises: list[int], hit_starts: list[int], hit_now: bool) -> int:
    """Release of a fresh stance opening the segment at sample i of a piece ending at b: the first
    hit at or after i (``hit_now``: i itself is one; else the first of ``hit_starts``, the sorted
    samples where a run of hits begins, after i) if it lies before the next of the sorted ``rises``
    (see GaitCycleDetector._piece); NONE if the segment runs to b without one; -1 if the segment's running
    peak does not decide it (the stance outlives its segment: :func:`next_release` does)."""
    if hit_now:
        first = i
    else:
        n = bisect_right(hit_starts, i)
        first = hit_starts[n] if n < len(hit_starts) else NONE
    m = bisect_right(rises, i)
    seg_end = rises[m] if m < len(rises) else b
    if first != NONE:
        return first if first < seg_end else -1
    return NONE if seg_end == b else -1


def levels(fb: np.ndarray, sw: np.ndarray, stepping: np.ndarray, p: CycleParams, peak_n: float | None,
           min_contact_n: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int], np.ndarray, np.ndarray]:
    """Levels of a piece's m samples, all arrays (m,): force ``fb`` and swing level ``sw`` (N),
    ``stepping`` (bool); ``peak_n``: the typical stance peak (N; None before the first stance);
    ``min_contact_n``: the least contact height (N: ``p.min_contact_n``, or its share of ``peak_n`` on an
    uncalibrated insole's force, GaitCycleDetector._absolute_n). Returns the
    contact level ``on`` (N, +inf when not stepping), the hysteresis toe-off level ``off`` (N, -inf when not
    stepping), ``above`` (fb >= on), the ``rises`` (list of the indices k >= 1 where fb comes up to on), and
    for a stance opening at the piece's first sample or at a rise (a segment's start, up to the next rise)
    its toe-off ``level`` (N, -inf when not stepping; see :func:`next_release`) and its ``peak`` so far (N)."""
    if peak_n is None:
        height = np.full(fb.shape[0], min_contact_n)
    else:
        height = np.maximum(min_contact_n, p.contact_fraction * (peak_n - sw))
    on = np.where(stepping, sw + height, np.inf)
    off = np.where(stepping, sw + p.release_fraction * height, -np.inf)
    above = fb >= on
    rises = (np.flatnonzero(above[1:] & ~above[:-1]) + 1).tolist()
    peak = segment_running_max(fb, rises)
    own = sw + p.to_fraction * (peak - sw)
    return on, off, above, rises, np.where(stepping, np.maximum(off, own), -np.inf), peak


def next_release(fb: np.ndarray, sw: np.ndarray, off: np.ndarray, k: int, stance_peak_n: float,
                 to_fraction: float) -> tuple[int, float]:
    """First index >= k of the piece (arrays (m,) as :func:`levels`'s) where force falls below the toe-off
    level, which is the higher of ``off`` and ``swing + to_fraction * (stance peak so far - swing)``, the
    peak so far starting at ``stance_peak_n`` (N; -inf: none yet); and that index's level (N). (NONE, NaN)
    if none."""
    peak = np.maximum.accumulate(np.concatenate(([stance_peak_n], fb[k:])))[1:]
    own = sw[k:] + to_fraction * (peak - sw[k:])
    level = np.where(off[k:] > -np.inf, np.maximum(off[k:], own), -np.inf)  # -inf: not stepping
    hits = np.flatnonzero(fb[k:] < level)
    if not hits.size:
        return NONE, float("nan")
    return k + int(hits[0]), float(level[hits[0]])


class FirstStanceSamples:
    """The latest samples of an uncalibrated insole's run before its typical stance peak is known, to place the
    data's first initial contact again once its own peak is known (GaitCycleDetector; :func:`first_contact_index`).

    ``add(t, f, sw, known, after_gap)`` appends a stretch's m samples: times (s), force (N), swing level (N),
    ``known`` (bool: the running minimum is a swing level by the running maximum alone) and ``after_gap``
    (its first sample follows a bridged gap: nothing is interpolated across it). ``trim()`` keeps the latest
    ``keep`` samples (2 x ``max_stride_s``: a step's contact lies within ``max_stride_s`` of its toe-off), so
    the samples searched up to a toe-off are the same for any chunking."""

    def __init__(self, keep: int) -> None:
        self.keep = int(keep)
        self.t = self.f = self.sw = np.empty(0)
        self.known = self.brk = np.empty(0, dtype=bool)

    def add(self, t: np.ndarray, f: np.ndarray, sw: np.ndarray, known: np.ndarray, after_gap: bool) -> None:
        brk = np.zeros(t.shape[0], dtype=bool)
        brk[:1] = after_gap
        self.t, self.f, self.sw = (np.concatenate((a, b)) for a, b in ((self.t, t), (self.f, f), (self.sw, sw)))
        self.known, self.brk = np.concatenate((self.known, known)), np.concatenate((self.brk, brk))

    def trim(self) -> None:
        n = max(0, self.t.shape[0] - self.keep)
        self.t, self.f, self.sw, self.known, self.brk = (a[n:] for a in (self.t, self.f, self.sw, self.known,
                                                                           self.brk))

    def first_contact_s(self, p: CycleParams, ic_sample_s: float, to_sample_s: float, peak_n: float,
                        ic_s: float) -> float:
        """The first stance's initial contact (s) judged with its own peak ``peak_n`` (N): the crossing of its
        contact level before the sample :func:`first_contact_index` finds, between the stance's first sample at
        the level it was found with (at ``ic_sample_s``) and its toe-off's sample (at ``to_sample_s``); ``ic_s``
        as it is where these samples do not hold that crossing."""
        j = int(np.searchsorted(self.t, ic_sample_s))
        e = int(np.searchsorted(self.t, to_sample_s))
        if j >= self.t.shape[0] or self.t[j] != ic_sample_s or e >= self.t.shape[0]:
            return ic_s
        lo = max(0, e - self.keep)
        if j < lo:
            return ic_s
        k = first_contact_index(self.f[lo:e + 1], self.sw[lo:e + 1], self.known[lo:e + 1], self.brk[lo:e + 1], p,
                                peak_n, j - lo)
        if k is None:
            return ic_s
        k += lo
        on = float(contact_level_n(self.sw[k], p, peak_n))
        return crossing_s(float(self.t[k - 1]), float(self.f[k - 1]), float(self.t[k]), float(self.f[k]), on)


def contact_level_n(sw: np.ndarray | float, p: CycleParams, peak_n: float) -> np.ndarray | float:
    """The contact level (N) over swing level ``sw`` (N) of an uncalibrated insole's force whose typical stance
    peak is ``peak_n`` (N), as :func:`levels` places it: the height is ``p.nominal_min_contact_fraction`` of the
    peak, or ``p.contact_fraction`` of the peak over the swing level if more."""
    return sw + np.maximum(p.nominal_min_contact_fraction * peak_n, p.contact_fraction * (peak_n - sw))


def first_contact_index(f: np.ndarray, sw: np.ndarray, known: np.ndarray, brk: np.ndarray, p: CycleParams,
                        peak_n: float, j: int) -> int | None:
    """The data's first stance judged with its own peak: over m samples (arrays (m,) as
    :class:`FirstStanceSamples` holds them, the last the stance's toe-off) whose sample ``j`` is the first at
    the contact level the stance was found with (before any peak was known: ``p.min_contact_n`` as it is),
    the first sample k of the rise at the contact level of the peak ``peak_n`` (N), found from j (back while
    the samples before are at it, or on until one is): force crosses that level between samples k - 1 and k.
    None where no such pair of samples without a gap between them is there."""
    stepping = known | (sw <= p.nominal_swing_floor_fraction * peak_n)
    above = stepping & (f >= contact_level_n(sw, p, peak_n))
    m = f.shape[0]
    k = j
    if above[j]:
        while k > 0 and above[k - 1] and not brk[k]:
            k -= 1
    else:
        while k < m and not above[k]:
            k += 1
    if k == 0 or k >= m or brk[k] or above[k - 1]:
        return None
    return k
