"""The gait detector's levels and release searches (monitor.signal.cycles.GaitCycleDetector), over a piece of
samples that share one typical stance peak. Pure: arrays in, arrays and indices out.

Contact begins when force rises above ``swing + max(min_contact_n, contact_fraction * (peak - swing))`` and
ends (toe-off) when it falls below the higher of ``swing + release_fraction * that height`` (hysteresis) and
``swing + to_fraction * (this stance's peak so far - swing)``: an insole unloads slowly at the end of the
toe-off, so the toe-off is placed relative to the step's own loaded level. Before any stance peak is known
the height is ``min_contact_n``. ``swing`` is the swing level and ``peak`` the typical stance peak of
monitor.signal.cycles, whose docstring says how the defaults (CycleParams) were chosen. :func:`levels`
finds them for a whole piece; :func:`segment_release` finds a stance's release within its segment (from its
rise to the next) where the segment's running peak decides it, :func:`next_release` stance by stance where
it does not.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from monitor.signal.params import CycleParams
from monitor.signal.runs import NONE, segment_running_max


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
