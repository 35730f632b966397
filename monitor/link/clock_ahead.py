"""What a run of arrivals will do to a device clock's buckets (monitor.link.clock), found before they are
observed: the drift each new bucket sets (a least-squares line through the window of one-second bucket
minima, the very bits of ``np.polyfit(t - t[0], v, 1)[0]``) and the buckets that can hold the lower
envelope's minimum then (``ClockMapper._candidates``). Pure (no I/O).

A clock starts a bucket once a device second, about 7,000 an hour of a two-foot session, and each time
fits the drift again and finds the envelope's candidates anew. Both depend on the buckets only (never on
the mapping), and a bucket's minimum goes down only while it is the newest, so the whole run's are found
first (:func:`buckets_ahead`): the fits solved in one call per window length (:func:`slopes`: the
least-squares solver numpy's ``lstsq`` runs, LAPACK gelsd, taken on a stack of matrices, one matrix at a
time inside) and the candidates with one numpy operation per window length, on the same values with the
same operations: the same bits as one bucket at a time (tests/test_clock_ahead.py).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

_EPS = float(np.finfo(float).eps)
try:  # the gufunc behind np.linalg.lstsq (numpy >= 2), which takes a stack of matrices
    from numpy.linalg._umath_linalg import lstsq as _stacked_lstsq
except ImportError:  # another numpy: one np.linalg.lstsq call per fit
    _stacked_lstsq = None

#: A fit: (first bucket, end bucket, the new bucket's minimum when it started), indices into the lists
#: of every bucket start and minimum.
Fit = tuple[int, int, float]


class Ahead(NamedTuple):
    """What a new bucket sets: the drift from then on, and the envelope's candidate buckets
    ``(start, low, key)`` with the least key and its tolerance (``ClockMapper._candidates``)."""

    drift: float
    cands: list
    key_min: float
    key_tol: float


def buckets_ahead(buckets: Iterable[tuple[float, float]], device_s: Sequence[float], host_s: Sequence[float],
                  *, speed: float, window_s: float, drift: float, max_drift_ppm: float) -> list[Ahead]:
    """What each new bucket of these arrivals sets, in order, found before they are observed.

    ``buckets``: the clock's (start device s, minimum of host s x speed - device s) now, ``drift`` its
    drift; ``device_s``, ``host_s``: the arrivals (last frame's device time, host arrival), as
    ``ClockMapper.observe`` takes them. The buckets are followed as the clock will follow them: a sample
    that is not finite joins none, a sample within a second of the newest bucket's start may lower it, any
    other starts a bucket and drops those more than ``window_s`` older; with ten or more left the drift
    (device s per s, clamped to ``max_drift_ppm``) is fitted again. Each new bucket's buckets are the
    earlier ones at their final minimum and the new one at its first sample.
    """
    starts = [b[0] for b in buckets]
    lows = [b[1] for b in buckets]
    head = 0
    news: list[Fit] = []  # every new bucket: (first bucket, end, its first sample)
    for d, h in zip(device_s, host_s):
        sample = h * speed - d
        if not math.isfinite(sample):
            continue
        if len(starts) > head and d - starts[-1] < 1.0:
            if sample < lows[-1]:
                lows[-1] = sample
            continue
        starts.append(d)
        lows.append(sample)
        while d - starts[head] > window_s:
            head += 1
        news.append((head, len(starts), sample))
    if not news:
        return []
    limit = max_drift_ppm * 1e-6
    fitted = iter(slopes(starts, lows, [f for f in news if f[1] - f[0] >= 10]))
    drifts = []
    for first, end, _ in news:
        if end - first >= 10:
            drift = min(max(next(fitted), -limit), limit)
        drifts.append(drift)
    return [Ahead(dr, *c) for dr, c in zip(drifts, candidates(starts, lows, news, drifts))]


def candidates(starts: list[float], lows: list[float], news: list[Fit],
               drifts: list[float]) -> list[tuple[list, float, float]]:
    """``ClockMapper._candidates`` for each new bucket ``(first, end, low)`` of ``news`` with the drift
    of ``drifts``: the buckets ``starts[first:end]`` with minima ``lows[first:end]`` (the last one's
    replaced by ``low``) whose key ``low - drift * start`` is within the tolerance of the least, as
    ``(start, low, key)``; the least key; the tolerance. One numpy operation per window length."""
    out: list = [None] * len(news)
    start_arr, low_arr = np.asarray(starts, dtype=float), np.asarray(lows, dtype=float)
    by_length: dict[int, list[int]] = {}
    for k, (first, end, _) in enumerate(news):
        by_length.setdefault(end - first, []).append(k)
    for n, which in by_length.items():
        rows = np.asarray([news[k][0] for k in which])[:, None] + np.arange(n)
        start_s = start_arr[rows]
        low = low_arr[rows]
        low[:, -1] = [news[k][2] for k in which]
        drift = np.asarray([drifts[k] for k in which])
        keys = low - drift[:, None] * start_s
        key_min = keys.min(axis=1)
        # a bucket within tolerance has |low| <= |key| + |drift * start| <= scale
        scale = np.abs(key_min) + 2.0 * np.abs(drift) * np.maximum(np.abs(start_s[:, 0]),
                                                                    np.abs(start_s[:, -1])) + 1.0
        tol = scale * 1e-12
        near = keys <= (key_min + tol)[:, None]
        counts = near.sum(axis=1).tolist()
        c_start, c_low, c_key = start_s[near].tolist(), low[near].tolist(), keys[near].tolist()
        at = 0
        for k, c, km, tl in zip(which, counts, key_min.tolist(), tol.tolist()):
            out[k] = (list(zip(c_start[at:at + c], c_low[at:at + c], c_key[at:at + c])), km, tl)
            at += c
    return out


def slopes(starts: list[float], lows: list[float], fits: list[Fit]) -> list[float]:
    """:func:`slope` of each fit ``(first, end, low)``: the buckets ``starts[first:end]`` (s) with minima
    ``lows[first:end]`` (s), the last one's minimum replaced by ``low``. Fits of one length go to the
    solver together; a fit it cannot make is made alone (where np.linalg.lstsq raises LinAlgError)."""
    out = [0.0] * len(fits)
    start_arr, low_arr = np.asarray(starts, dtype=float), np.asarray(lows, dtype=float)
    by_length: dict[int, list[int]] = {}
    for k, (first, end, _) in enumerate(fits):
        by_length.setdefault(end - first, []).append(k)
    for n, which in by_length.items():
        if _stacked_lstsq is None:
            got = [math.nan] * len(which)
        else:
            rows = np.asarray([fits[k][0] for k in which])[:, None] + np.arange(n)
            x_s = start_arr[rows]
            y = low_arr[rows]
            y[:, -1] = [fits[k][2] for k in which]
            # the scaled Vandermonde matrix of np.polyfit, as in slope(), one per fit
            lhs = np.empty((len(which), n, 2))
            lhs[:, :, 0] = (x_s - x_s[:, :1]) + 0.0
            lhs[:, :, 1] = 1
            scale = np.sqrt((lhs * lhs).sum(axis=1))
            lhs /= scale[:, None, :]
            with np.errstate(all="ignore"):
                c = _stacked_lstsq(lhs, y[:, :, None], n * _EPS, signature="ddd->ddid")[0]
            got = (c[:, 0, 0] / scale[:, 0]).tolist()
        for k, s in zip(which, got):
            if not math.isfinite(s):
                first, end, low = fits[k]
                s = slope(deque(zip(starts[first:end], [*lows[first:end - 1], low])))
            out[k] = s
    return out


def slope(buckets: Iterable[tuple[float, float]]) -> float:
    """Slope of the least-squares line through the buckets (start s, low s), exactly as
    ``np.polyfit(t - t[0], v, 1)[0]`` computes it (the same operations on the same arrays: its scaled
    Vandermonde matrix and ``lstsq``), without its argument checks."""
    buckets = list(buckets)
    a = np.fromiter(chain.from_iterable(buckets), dtype=float, count=2 * len(buckets)).reshape(-1, 2)
    x = (a[:, 0] - a[0, 0]) + 0.0
    y = a[:, 1] + 0.0
    n = x.shape[0]
    lhs = np.empty((n, 2))
    lhs[:, 0] = x
    lhs[:, 1] = 1
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs /= scale
    c = np.linalg.lstsq(lhs, y, n * _EPS)[0]
    return float(c[0] / scale[0])


#: The unit roundoff of a float (2**-53), and an absolute term above the error of a product that underflows:
#: the rounding bounds of :class:`Front` (IEEE 754 double precision, round to nearest).
_U = 2.0 ** -53
_TINY = 2.0 ** -1020
#: How many unit roundoffs a bound of :class:`Front` allows per magnitude: each of its values and keys is
#: off by at most 4 (3 roundings, 1 + u factors included); 16 leaves room for the roundings of the bounds.
_ROUNDOFFS = 16.0


def _start_of(cand: tuple[float, float, float]) -> float:
    return cand[0]


class Front(list):
    """:func:`envelope_front`'s buckets ``(start, low)`` (s, s), in the order of the least their key
    ``low - drift * start`` can be, and what :func:`envelope` needs to look at the few of them that can
    hold the minimum (:meth:`reach`).

    The value ``low + drift * (d - start)`` of a bucket is, exactly, ``key + drift * d``, and as rounded
    it is off by at most ``_ROUNDOFFS * u * (|low| + |drift * (d - start)|)`` (``error``, the same bound
    for every bucket, from the front's largest ``|low|`` and farthest start from ``d``); its key as
    rounded is off by at most ``_ROUNDOFFS * u * (|drift * start| + |key|)``. A bucket whose key can be no
    less than ``lower`` holds the least value only if ``lower <= least_upper + 2 * error``: the least
    value is no more than the least upper bound of a key plus ``drift * d + error``. A drifting clock
    with arrivals of one latency puts every bucket of the window in the front, their keys apart by
    rounding of the arrivals (about 1e-13 s an hour in), their bounds a thousand times closer: one or
    two are looked at instead of 60 (1.6 on average in benchmarks/bench_clock.py's stream of an hour).
    """

    __slots__ = ("lower", "least_upper", "low_max", "start_min", "start_max")

    def reach(self, d: float, drift: float) -> int:
        """How many of the front's first buckets can hold the least value at ``d``: every other one's
        value is above another's, as rounded."""
        after, before = d - self.start_min, self.start_max - d  # the larger: the farthest start from d
        far = after if after > before else before
        limit = self.least_upper + 2.0 * (_ROUNDOFFS * _U * (self.low_max + abs(drift) * far) + _TINY)
        return bisect_right(self.lower, limit) if limit == limit else len(self)


def envelope_front(cands: Sequence[tuple[float, float, float]], drift: float) -> list[tuple[float, float]]:
    """Of the candidate buckets ``(start, low, key)`` (s, s, s), as ``(start, low)``, those whose
    ``low + drift * (d - start)`` no other bucket's is sure to beat at every ``d``. Each of its three
    roundings is monotonic, so a bucket of no higher low and no earlier start (drift >= 0; no later
    start where drift < 0) is never above: only the buckets whose low is below that of every bucket
    after them (before them) are kept. Arrivals of one latency (a simulated or replayed insole) give
    every bucket of the window the same low, or lows a few units in the last place apart: 60
    candidates become one or a handful. Two or more as a :class:`Front`, whose keys are found here from
    ``start`` and ``low`` (the candidates' own are not read)."""
    spread = _ROUNDOFFS * _U
    rows = []  # (least key, most key, start, low) of each bucket kept, in the order of their starts
    least = math.inf
    for start, low, _ in sorted(cands, key=_start_of, reverse=drift >= 0):
        if low < least:
            least = low
            key = low - drift * start
            err = spread * (abs(drift * start) + abs(key)) + _TINY
            rows.append((key - err, key + err, start, low))
    if len(rows) < 2:  # one bucket (or none) is looked at whole: no bounds needed
        return [(r[2], r[3]) for r in rows]
    front = Front()
    # the starts run one way and the lows down: each's extremes are the first and the last bucket's
    first, last = rows[0], rows[-1]
    front.low_max = max(abs(first[3]), abs(last[3]))
    front.start_min, front.start_max = min(first[2], last[2]), max(first[2], last[2])
    rows.sort()
    front.extend([(r[2], r[3]) for r in rows])
    front.lower = [r[0] for r in rows]
    front.least_upper = min([r[1] for r in rows])
    return front


def envelope(d: float, drift: float, front: Sequence[tuple[float, float]],
             cands: Sequence[tuple[float, float, float]]) -> float:
    """``d + min(low + drift * (d - start) for start, low, _ in cands)``, the same bits, from ``front``
    (:func:`envelope_front` of ``cands``): the least value is one of the front's, and of those only the
    ones a :class:`Front` can reach (:meth:`Front.reach`) are looked at; equal floats are the same bits
    but for the sign of a zero, which the sum keeps only where ``d`` is a zero too (then, as for a NaN or
    an infinity, which finite buckets never give, the least is taken over every candidate in order)."""
    if len(front) == 1:
        start, low = front[0]
        v = low + drift * (d - start)
    else:
        n = front.reach(d, drift) if isinstance(front, Front) else len(front)
        v = math.inf
        for k in range(n):
            start, low = front[k]
            x = low + drift * (d - start)
            if x < v:
                v = x
    if v != v or (v == 0.0 and d == 0.0) or v == math.inf:
        v = min(low + drift * (d - start) for start, low, _ in cands)
    return d + v
