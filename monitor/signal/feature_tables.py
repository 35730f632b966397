"""Tables and reductions behind monitor.signal.features: the per-cycle arrays, the table of counted
cycles a window reads, segment reductions, medians and cadence. Pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from monitor.signal.regions import RegionSeries
from monitor.signal.types import Cycle, CycleFeatures


class CycleTable:
    """What a window needs of the cycles counted in it, oldest first, as arrays (m rows)."""

    def __init__(self, n_regions: int) -> None:
        self.end_s = np.empty(0)
        self.duration_s = np.empty(0)
        self.kind = np.empty(0, dtype=object)
        self.peak_kpa = np.empty((0, n_regions))
        self.residual_kpa = np.empty(0)

    def __len__(self) -> int:
        return self.end_s.shape[0]

    def append(self, end_s: np.ndarray, duration_s: np.ndarray, kind: list[str], peak_kpa: np.ndarray,
               residual_kpa: np.ndarray) -> None:
        """Adds cycles: each argument has one row per cycle, ``peak_kpa`` shape (k, n_regions)."""
        if not len(kind):
            return
        self.end_s = np.concatenate((self.end_s, end_s))
        self.duration_s = np.concatenate((self.duration_s, duration_s))
        self.kind = np.concatenate((self.kind, np.array(kind, dtype=object)))
        self.peak_kpa = np.concatenate((self.peak_kpa, peak_kpa))
        self.residual_kpa = np.concatenate((self.residual_kpa, residual_kpa))

    def drop_leading_before(self, horizon_s: float) -> None:
        """Drops the leading cycles (oldest first) that end before ``horizon_s``, up to the first that
        does not."""
        old = self.end_s < horizon_s
        k = old.shape[0] if old.all() else int(np.argmin(old))
        if k:
            self.end_s, self.duration_s, self.kind = self.end_s[k:], self.duration_s[k:], self.kind[k:]
            self.peak_kpa, self.residual_kpa = self.peak_kpa[k:], self.residual_kpa[k:]


#: Per-cycle arrays of a CycleFeatureArrays, in the order of CycleFeatures' fields.
_CYCLE_FIELDS = ("peak_kpa", "pti_kpa_s", "fti_n_s", "total_fti_n_s", "forefoot_share", "cop_y_mean",
                 "ml_index", "residual_kpa", "valid_fraction")


@dataclass(frozen=True)
class CycleFeatureArrays:
    """The features of several cycles as arrays, one row per cycle (what CycleFeatures holds per cycle).

    Attributes
    ----------
    foot : str
    regions : tuple of region names, the columns of the (m, n_regions) arrays
    cycles : list of the m Cycles, in order of their end
    arrays : dict name -> ndarray
        end_s, duration_s (m,) s; peak_kpa, pti_kpa_s, fti_n_s (m, n_regions), NaN where the region had
        no reading; total_fti_n_s, forefoot_share, cop_y_mean, ml_index, residual_kpa, valid_fraction (m,).
    """

    foot: str
    regions: tuple[str, ...]
    cycles: list[Cycle]
    arrays: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.cycles)

    def objects(self, idx: list[int] | None = None) -> list[CycleFeatures]:
        """CycleFeatures of the cycles at ``idx`` (None: all), in that order."""
        a = self.arrays
        if idx is None:
            cycles, cols = self.cycles, [a[k].tolist() for k in _CYCLE_FIELDS]
        else:
            cycles, cols = [self.cycles[i] for i in idx], [a[k][idx].tolist() for k in _CYCLE_FIELDS]
        regions, foot = self.regions, self.foot
        return [CycleFeatures(foot, c.kind, c.start_s, c.end_s, dict(zip(regions, peak)),
                              dict(zip(regions, pti)), dict(zip(regions, fti)), total, share, cop, ml, resid,
                              vf)
                for c, peak, pti, fti, total, share, cop, ml, resid, vf in zip(cycles, *cols)]

    @staticmethod
    def join(foot: str, regions: tuple[str, ...], parts: list[CycleFeatureArrays]) -> CycleFeatureArrays:
        """The parts one after the other."""
        parts = [b for b in parts if len(b)]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            n_reg = len(regions)
            arrays = {k: np.empty((0, n_reg) if k in ("peak_kpa", "pti_kpa_s", "fti_n_s") else 0)
                      for k in ("end_s", "duration_s", *_CYCLE_FIELDS)}
            return CycleFeatureArrays(foot, regions, [], arrays)
        return CycleFeatureArrays(foot, regions, [c for b in parts for c in b.cycles],
                                  {k: np.concatenate([b.arrays[k] for b in parts]) for k in parts[0].arrays})


def reduce_segments(ufunc: np.ufunc, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``ufunc.reduceat`` of ``x`` (m, ...) along axis 0 over each ``[lo[i], hi[i])`` (lo < hi <= m, hi
    non-decreasing), without copying the rows: the same result as reducing each segment on its own."""
    m = x.shape[0]
    inner = int(np.searchsorted(hi, m, side="left"))  # segments ending before the last row of x
    out = np.empty((lo.shape[0], *x.shape[1:]))
    if inner:
        bounds = np.empty(2 * inner, dtype=np.intp)
        bounds[0::2], bounds[1::2] = lo[:inner], hi[:inner]
        out[:inner] = ufunc.reduceat(x, bounds, axis=0)[0::2]
    for i in range(inner, lo.shape[0]):  # the last row ends them: reduceat's last segment runs to it
        out[i] = ufunc.reduceat(x, [lo[i]], axis=0)[0]
    return out


def slice_series(s: RegionSeries, lo: int, hi: int) -> RegionSeries:
    """Samples ``[lo, hi)`` of a RegionSeries."""
    return RegionSeries(
        s.total_force_n[lo:hi], s.forefoot_force_n[lo:hi],
        {r: v[lo:hi] for r, v in s.region_force_n.items()},
        {r: v[lo:hi] for r, v in s.region_kpa.items()},
        {r: v[lo:hi] for r, v in s.region_peak_kpa.items()},
        s.forefoot_kpa[lo:hi], s.forefoot_peak_kpa[lo:hi], s.cop_x[lo:hi], s.cop_y[lo:hi], s.complete,
        None if s.region_hot_kpa is None else {r: v[lo:hi] for r, v in s.region_hot_kpa.items()},
        None if s.forefoot_spot_kpa is None else s.forefoot_spot_kpa[lo:hi],
        None if s.forefoot_relief_kpa is None else s.forefoot_relief_kpa[lo:hi],
        None if s.nominal_cop_y is None else s.nominal_cop_y[lo:hi],
        None if s.region_load_kpa is None else {r: v[lo:hi] for r, v in s.region_load_kpa.items()},
    )


def ratio(a: float, b: float) -> float:
    return float(a / b) if b > 0 and not math.isnan(a) else math.nan


def ml_index(mth1: float, mth4_5: float) -> float:
    s = mth1 + mth4_5
    return float((mth4_5 - mth1) / s) if s > 0 else math.nan


def median(values: np.ndarray) -> float:
    """statistics.median of NaN-free values (at least one), the same value: a stable sort keeps equal
    values (0.0 and -0.0) in their order, as sorted() does."""
    v = np.sort(values, kind="stable")
    n = v.shape[0]
    return float(v[n // 2]) if n % 2 else (float(v[n // 2 - 1]) + float(v[n // 2])) / 2


def nanmedian(values: np.ndarray) -> float:
    a = values[~np.isnan(values)]
    return median(a) if a.shape[0] else math.nan


def cadence_per_min(kinds: np.ndarray, durations_s: np.ndarray, activity: str) -> float:
    """Cycling: revolutions per minute; otherwise steps of both feet per minute (two per cycle of a foot),
    as the scenarios and gym machines count them. From the median cycle duration of the commoner kind
    (the first in alphabetical order on a tie).

    kinds, durations_s : one item per cycle (NaN if there are none).
    activity : the window's; ``"unknown"`` gives NaN: before the activity is recognised a cadence has no
    unit (a pedal revolution counts as a stride then, and a 90-rpm ride read as 181 steps/min).
    """
    if not kinds.shape[0] or activity == "unknown":
        return math.nan
    names = sorted(set(kinds.tolist()))
    if len(names) > 1:
        counts = [int(np.count_nonzero(kinds == k)) for k in names]
        durations_s = durations_s[kinds == names[counts.index(max(counts))]]
    per_cycle = 60.0 if activity == "cycling" else 120.0
    return float(per_cycle / median(durations_s))
