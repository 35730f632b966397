"""The hot-spot pressure of a region: the mean pressure over its most loaded ``HOT_AREA_MM2`` (its sensors
taken from the highest pressure down, the last one in part), what a sensor of that size centred on the
region's hot spot reads (monitor.signal.regions uses it for every region).

:func:`hot_mean` is the definition, a sorted sum row by row; the other functions are shortcuts that give
the same bits without sorting, for the region shapes insoles have (:func:`hot_plan` picks one per
region, once). tests/test_regions_hot.py holds each to the sorted sum.
"""

from __future__ import annotations

import numpy as np

#: The area a hot-spot pressure is the mean over (mm^2): about one discrete insole sensor (Moticon's are
#: 250 mm^2 [46]; a pedar sensel about 190 mm^2 [2]), so a grid reads what a sensor placed on the head
#: would (guess; on the rider population, 200 mm^2 brings a pedar-like grid's mediolateral index within
#: about 0.05 of discrete layouts', against 0.3 for the plain region mean; docs/detection.md).
HOT_AREA_MM2 = 200.0


def hot_plan(area_mm2: np.ndarray) -> tuple:
    """How a region of sensors with areas ``area_mm2`` (k,) mm^2 reads its hot spot: ("mean",) one sensor
    or no more than HOT_AREA_MM2 in all; ("max",) every sensor covers HOT_AREA_MM2; ("grid", area,
    full, part) equal areas, ``full`` whole sensors and ``part`` mm^2 of the next; ("pair", area0, area1)
    two sensors of unequal areas; ("sorted",) otherwise (:func:`hot_mean`)."""
    if area_mm2.size == 1 or float(area_mm2.sum()) <= HOT_AREA_MM2:
        return ("mean",)
    if float(area_mm2.min()) >= HOT_AREA_MM2:
        return ("max",)
    if float(area_mm2.max()) == float(area_mm2.min()):
        a = float(area_mm2[0])
        full = int(HOT_AREA_MM2 // a)
        return ("grid", a, full, HOT_AREA_MM2 - full * a)
    if area_mm2.size == 2:
        return ("pair", float(area_mm2[0]), float(area_mm2[1]))
    return ("sorted",)


def top_rows(pt: np.ndarray, idx: np.ndarray, k: int) -> list[np.ndarray]:
    """The ``k`` highest of the rows ``idx`` of ``pt`` (n_sensors, n) at each sample, highest first: k
    new arrays (n,), the values ``-np.sort(-pt[idx], axis=0)[:k]`` holds. Two or three rows go through
    max/min (no sort) unless some value is -0.0 (equal to 0.0, so which zero a sort keeps would then
    matter to the sign of an all-zero hot spot)."""
    if idx.size == 2:
        x0, x1 = pt[idx[0]], pt[idx[1]]
        return [np.maximum(x0, x1)] if k == 1 else [np.maximum(x0, x1), np.minimum(x0, x1)][:k]
    if idx.size == 3 and not (negative_zero(pt[idx[0]]) or negative_zero(pt[idx[1]])
                              or negative_zero(pt[idx[2]])):
        x0, x1, x2 = pt[idx[0]], pt[idx[1]], pt[idx[2]]
        hi, lo = np.maximum(x0, x1), np.minimum(x0, x1)
        top = [np.maximum(hi, x2)]
        if k > 1:
            top.append(np.maximum(lo, np.minimum(hi, x2, out=hi), out=hi))
        if k > 2:
            top.append(np.minimum(lo, x2, out=lo))
        return top
    return list(-np.sort(-pt[idx], axis=0)[:k])


#: The bits of -0.0 read as an int64: the lowest int64, so a float64 array holds -0.0 exactly when the
#: lowest of its bits read as int64 is this.
_NEGATIVE_ZERO_BITS = np.float64(-0.0).view(np.int64)


def negative_zero(x: np.ndarray) -> bool:
    """Whether ``x`` (float64) holds a -0.0."""
    return bool(x.size) and bool(x.view(np.int64).min() == _NEGATIVE_ZERO_BITS)


def hot_pair(p0: np.ndarray, p1: np.ndarray, area0_mm2: float, area1_mm2: float) -> np.ndarray:
    """:func:`hot_mean` of a region of two sensors that both read, the same bits without sorting:
    pressures ``p0``, ``p1`` (n,) kPa of sensors of ``area0_mm2``, ``area1_mm2``. The more loaded sensor
    comes first (sensor 0 on a tie, as the stable sort has it) and each order's areas taken are
    constants, added in the order :func:`hot_mean` adds them."""
    n = p0.shape[0]
    scratch = np.empty(n)
    nums, dens = [], []
    for p_first, p_second, a_first, a_second in ((p0, p1, area0_mm2, area1_mm2), (p1, p0, area1_mm2, area0_mm2)):
        take_first = min(a_first, HOT_AREA_MM2)
        take_second = min(a_second, HOT_AREA_MM2 - take_first)
        dens.append((0.0 + take_first) + take_second)
        if not dens[-1] > 0:
            nums.append(np.full(n, np.nan))
            continue
        num = np.multiply(p_first, take_first)
        num += 0.0
        num += np.multiply(p_second, take_second, out=scratch)
        nums.append(num)
    one_den = dens[0] == dens[1] and dens[0] > 0  # then divide only the numerator each sample keeps
    if not one_den:
        for num, den in zip(nums, dens):
            if den > 0:
                num /= den
    np.copyto(nums[1], nums[0], where=p0 >= p1)
    if one_den:
        nums[1] /= dens[1]
    return nums[1]


def hot_mean(pt: np.ndarray, missing: np.ndarray, area_mm2: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Mean pressure (n,) kPa over the most loaded HOT_AREA_MM2 of the sensors ``idx`` of ``pt``
    (n_sensors, n): sensors from the highest pressure down, each counted with its area up to what is left
    of HOT_AREA_MM2. Missing sensors count for nothing; NaN where all are. Row by row, so the same bits
    for any block length."""
    p = pt[idx]
    gone = missing[idx]
    a = np.where(gone, 0.0, area_mm2[idx][:, None])
    order = np.argsort(np.where(gone, -np.inf, -p), axis=0, kind="stable")
    p_sorted = np.take_along_axis(np.where(gone, 0.0, p), order, axis=0)
    a_sorted = np.take_along_axis(a, order, axis=0)
    left = np.full(p.shape[1], HOT_AREA_MM2)
    num = np.zeros(p.shape[1])
    den = np.zeros(p.shape[1])
    for j in range(p.shape[0]):
        take = np.minimum(a_sorted[j], left)
        num += take * p_sorted[j]
        den += take
        left -= take
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
