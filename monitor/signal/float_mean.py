"""numpy's float64 mean of a short list of floats, the same bits, in plain Python (cheaper than making an
array): the forefoot detector's creeping-load average (monitor.signal.detector_rules)."""

from __future__ import annotations

import numpy as np


def mean_as_numpy(values: list[float] | tuple[float, ...]) -> float:
    """numpy.mean of a non-empty list or tuple of floats, the same bits, without making an array (cheaper
    in Python)."""
    return _pairwise_sum(values, 0, len(values)) / len(values) if values else float(np.mean(values))


def _pairwise_sum(values: list[float], lo: int, n: int) -> float:
    """The sum of ``values[lo:lo + n]`` as numpy's float64 ``add.reduce`` adds it: fewer than 8 items one
    after the other to 0.0; up to 128 in 8 interleaved partial sums, combined pairwise, then the rest one
    by one; more split in two halves (the first a multiple of 8 long) summed the same way."""
    if n < 8:
        total = 0.0
        for v in values[lo:lo + n]:
            total += v
        return total
    if n <= 128:
        r0, r1, r2, r3, r4, r5, r6, r7 = values[lo:lo + 8]
        end = lo + n - n % 8
        for i in range(lo + 8, end, 8):
            r0 += values[i]
            r1 += values[i + 1]
            r2 += values[i + 2]
            r3 += values[i + 3]
            r4 += values[i + 4]
            r5 += values[i + 5]
            r6 += values[i + 6]
            r7 += values[i + 7]
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        for v in values[end:lo + n]:
            total += v
        return total
    half = n // 2
    half -= half % 8
    return _pairwise_sum(values, lo, half) + _pairwise_sum(values, lo + half, n - half)
