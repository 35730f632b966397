"""Gap-free runs of a force series and the small numeric helpers the cycle detectors share.

A detector's ``feed`` hands each run of valid samples (time and force both not NaN) to the detector and
tells it where missing samples interrupt the series; what a detector does at a gap is its own rule.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable

import numpy as np

from monitor.signal.types import Cycle

#: "No such index": a search that found nothing.
NONE = np.iinfo(np.int64).max


def valid_runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True in ``valid`` (n,) bool."""
    n = valid.shape[0]
    if not n:
        return []
    edges = [0, *(np.flatnonzero(valid[1:] != valid[:-1]) + 1).tolist(), n]  # where the value changes
    k = 0 if valid[0] else 1  # runs of True are every other span, from the first True one
    return list(zip(edges[k:-1:2], edges[k + 1::2]))


def segment_running_max(x: np.ndarray, starts: list[int]) -> np.ndarray:
    """Running maximum of ``x`` (n,) that starts afresh at 0 and at each index in ``starts`` (sorted):
    element i is ``max(x[s:i + 1])``, s the last start at or before i. Shape (n,)."""
    out = np.empty_like(x)
    for s, e in zip([0, *starts], [*starts, x.shape[0]]):
        np.maximum.accumulate(x[s:e], out=out[s:e])
    return out


def trailing(filt, x: np.ndarray, w: int) -> np.ndarray:
    """``filt`` (minimum/maximum_filter1d) over the window [i - w + 1, i] of each sample."""
    return filt(x, size=w, origin=(w - 1) // 2, mode="nearest")


def median(values) -> float:
    """statistics.median of a few floats, the same value, without its per-call overhead."""
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def crossing_s(tp: float, fp: float, tj: float, fj: float, level: float) -> float:
    """Time at which the line through (tp, fp) and (tj, fj) passes ``level``, within [tp, tj]."""
    d = fj - fp
    frac = (level - fp) / d if d != 0 else 1.0
    return tp + min(max(frac, 0.0), 1.0) * (tj - tp)


def split(t_s: np.ndarray, force_n: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    t = np.asarray(t_s, dtype=float)
    f = np.asarray(force_n, dtype=float)
    if t.ndim != 1 or t.shape != f.shape:
        raise ValueError(f"t_s {t.shape} and force {f.shape} must be equal 1-D shapes")
    return t, f, valid_runs(~np.isnan(f) & ~np.isnan(t))


def feed_runs(t_s: np.ndarray, total_force_n: np.ndarray,
               run: Callable[[np.ndarray, np.ndarray, list[Cycle]], None],
               gap: Callable[[], None], *, max_step_s: float = math.inf,
               last_t_s: float = math.nan) -> list[Cycle]:
    """A detector's ``feed``: each gap-free run of the block to ``run`` (which appends the cycles it
    closes), ``gap()`` where missing samples interrupt the series: NaN samples, and with ``max_step_s``
    (s) a step in time longer than that (rows left out), also from ``last_t_s``, the time of the sample
    fed before the block (NaN: none). Returns the cycles, in time order."""
    t, f, runs = split(t_s, total_force_n)
    jumps: list[int] = []  # samples that come more than max_step_s after the one before them
    if math.isfinite(max_step_s) and t.shape[0] > 1:
        jumps = (np.flatnonzero(np.diff(t) > max_step_s) + 1).tolist()
    if jumps:
        runs = [piece for lo, hi in runs for piece in _split_at(lo, hi, jumps)]
    out: list[Cycle] = []
    pos = 0
    if runs and runs[0][0] == 0 and float(t[0]) - last_t_s > max_step_s:
        gap()
    for start, stop in runs:
        if start > pos or start in jumps:
            gap()
        run(t[start:stop], f[start:stop], out)
        pos = stop
    if pos < f.shape[0]:
        gap()
    return out


def _split_at(lo: int, hi: int, cuts: list[int]) -> list[tuple[int, int]]:
    """The run ``[lo, hi)`` cut before each index of ``cuts`` (ascending) inside it."""
    edges = [lo, *(c for c in cuts if lo < c < hi), hi]
    return list(zip(edges[:-1], edges[1:]))


def period_samples(x: np.ndarray, lag_lo: int, lag_hi: int) -> tuple[int, float]:
    """Dominant period (samples) of x (NaN-free, mean removed) in [lag_lo, lag_hi], and its correlation."""
    n = x.shape[0]
    lag_hi = min(lag_hi, n // 2)
    if lag_hi <= lag_lo:
        return 0, 0.0
    size = 1 << (2 * n - 1).bit_length()  # the power of two at or above 2 n
    spec = np.fft.rfft(x, size)
    acov = np.fft.irfft(spec * np.conj(spec), size)[:lag_hi + 2]
    if acov[0] <= 0:
        return 0, 0.0
    r = acov / acov[0]
    seg = r[lag_lo:lag_hi + 1]
    best = float(seg.max())
    # The first local maximum reaching 80 % of the best one: the fundamental, not a multiple of it.
    before = r[lag_lo - 1:lag_hi] if lag_lo > 0 else r[np.arange(-1, lag_hi)]  # r[-1] before lag 0
    hits = np.flatnonzero((seg >= before) & (seg >= r[lag_lo + 1:lag_hi + 2]) & (seg >= 0.8 * best))
    lag = lag_lo + int(hits[0] if hits.size else np.argmax(seg))
    return lag, float(r[lag])


class RecentMedian:
    """Median of the latest ``size`` values added: statistics.median of them, the same value, kept in
    order as values come and go instead of sorted anew."""

    def __init__(self, size: int) -> None:
        self._recent: deque[float] = deque()
        self._ranked: list[float] = []  # the same values, ascending
        self._size = size

    def add(self, value: float) -> float:
        """Add ``value`` (the oldest leaves once ``size`` are kept); returns the median of those kept."""
        ranked = self._ranked
        if len(self._recent) == self._size:
            del ranked[bisect_left(ranked, self._recent.popleft())]
        self._recent.append(value)
        insort(ranked, value)
        n = len(ranked)
        return ranked[n // 2] if n % 2 else (ranked[n // 2 - 1] + ranked[n // 2]) / 2
