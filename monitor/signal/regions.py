"""Per-sample regional quantities from a sensor layout. Stateless and pure: the same for any chunking.

Force from pressure: a sensor of area A (mm^2) under p (kPa) carries p * A * 1e-3 N
(1 kPa * 1 mm^2 = 1e3 Pa * 1e-6 m^2 = 1e-3 N). Regions come from the layout (monitor.codebook); a region
the layout cannot resolve is absent, never invented.

Missing data: a sample whose sensors are all NaN gives NaN everywhere. A single missing sensor (no
reading) counts as missing for the peak and is left out of the forces (its region force is the sum over
the sensors that read), so one dead sensor does not blank a whole foot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from monitor.codebook import SensorLayout

#: Regions distal to the midfoot: what "forefoot" means for the forefoot share (the metatarsal heads and
#: the toes; the forefoot mask of domain.md section 3 runs 51-81 % of foot length [43], the toes beyond).
FOREFOOT_SHARE_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes")
#: The metatarsal-head regions (the nerves squeezed between them: domain.md section 2 [17]).
MTH_REGIONS = ("mth1", "mth2_3", "mth4_5")

KPA_MM2_TO_N = 1e-3


@dataclass(frozen=True)
class RegionSeries:
    """Regional quantities for n samples of one foot.

    Attributes
    ----------
    total_force_n : ndarray, shape (n,)
    forefoot_force_n : ndarray, shape (n,)
        Force under FOREFOOT_SHARE_REGIONS that the layout resolves.
    region_force_n : dict region -> ndarray (n,)
    region_peak_kpa : dict region -> ndarray (n,)
        Highest sensor pressure in the region at each sample.
    forefoot_peak_kpa : ndarray, shape (n,)
        Highest pressure under any forefoot region.
    cop_x, cop_y : ndarray, shape (n,)
        Centre of pressure in the layout's normalised frame (x medial -0.5 .. lateral +0.5, y heel 0 ..
        toe 1); NaN when the foot carries no force.
    """

    total_force_n: np.ndarray
    forefoot_force_n: np.ndarray
    region_force_n: dict[str, np.ndarray]
    region_peak_kpa: dict[str, np.ndarray]
    forefoot_peak_kpa: np.ndarray
    cop_x: np.ndarray
    cop_y: np.ndarray


class RegionReducer:
    """Reduces pressure frames (n, n_sensors) to regional series with one layout's masks."""

    def __init__(self, layout: SensorLayout) -> None:
        self.layout = layout
        self.masks = layout.region_masks()
        self.area_mm2 = np.asarray(layout.area_mm2, dtype=float)
        forefoot = np.zeros(layout.n_sensors, dtype=bool)
        for region in FOREFOOT_SHARE_REGIONS:
            if region in self.masks:
                forefoot |= self.masks[region]
        self.forefoot_mask = forefoot
        self._index = {region: np.flatnonzero(mask) for region, mask in self.masks.items()}
        self._forefoot_index = np.flatnonzero(forefoot)
        self._x = np.asarray(layout.x, dtype=float)[:, None]
        self._y = np.asarray(layout.y, dtype=float)[:, None]

    def reduce(self, pressure_kpa: np.ndarray) -> RegionSeries:
        """pressure_kpa : ndarray, shape (n, n_sensors), kPa, NaN where missing.

        Every sum adds the sensor columns in index order, element-wise, so the result is bit-identical
        for any block length (a matrix product may round differently for another n). The work is done
        on the transposed block, one contiguous row per sensor.
        """
        p = np.asarray(pressure_kpa, dtype=float)
        n = p.shape[0]
        pt = p.T.copy()  # (n_sensors, n), C order
        missing = np.isnan(pt)
        any_missing = bool(missing.any())
        force = (np.where(missing, 0.0, pt) if any_missing else pt) * self.area_mm2[:, None]
        force *= KPA_MM2_TO_N  # (n_sensors, n) N
        total = _sum_rows(force, range(force.shape[0]))
        if not np.isfinite(total).all() and np.isinf(pt).any():  # as numpy.nan_to_num: +-inf to the
            force = np.nan_to_num(np.where(missing, 0.0, pt))   # largest finite numbers
            force *= self.area_mm2[:, None]
            force *= KPA_MM2_TO_N
            total = _sum_rows(force, range(force.shape[0]))
        low = pt
        if any_missing:
            np.copyto(low, -np.inf, where=missing)  # a missing sensor is lower than any reading
        region_force, region_peak = {}, {}
        for region, idx in self._index.items():
            region_force[region] = _sum_rows(force, idx)
            region_peak[region] = _max_rows(low, idx)
        if self._forefoot_index.size:
            ff = _sum_rows(force, self._forefoot_index)
            ff_peak = _max_rows(low, self._forefoot_index)
        else:
            ff, ff_peak = np.zeros(n), np.full(n, -np.inf)
        with np.errstate(invalid="ignore", divide="ignore"):
            cop_x = _sum_rows(force * self._x, range(force.shape[0])) / total
            cop_y = _sum_rows(force * self._y, range(force.shape[0])) / total
        no_load = ~(total > 0)
        cop_x[no_load] = np.nan
        cop_y[no_load] = np.nan
        if any_missing:
            all_missing = missing.all(axis=0)
            for arr in (total, ff, *region_force.values()):
                arr[all_missing] = np.nan
        for arr in (ff_peak, *region_peak.values()):
            arr[np.isneginf(arr)] = np.nan
        return RegionSeries(total, ff, region_force, region_peak, ff_peak, cop_x, cop_y)


def _sum_rows(x: np.ndarray, rows) -> np.ndarray:
    """Sum of the rows ``rows`` (at least one, in order) of ``x`` (k, n) -> (n,), added in that order."""
    it = iter(rows)
    out = x[next(it)].copy()
    for j in it:
        out += x[j]
    return out


def _max_rows(x: np.ndarray, rows) -> np.ndarray:
    """Highest of the rows ``rows`` (at least one, in order) of ``x`` (k, n) at each column -> (n,)."""
    it = iter(rows)
    out = x[next(it)].copy()
    for j in it:
        np.maximum(out, x[j], out=out)
    return out


def row_sum(x: np.ndarray) -> np.ndarray:
    """Sum over columns, shape (n, k) -> (n,), adding the columns in order: the same bits for any n."""
    if x.shape[1] == 0:
        return np.zeros(x.shape[0])
    out = x[:, 0].copy()
    for j in range(1, x.shape[1]):
        out += x[:, j]
    return out
