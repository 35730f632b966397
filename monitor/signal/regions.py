"""Per-sample regional quantities from a sensor layout. Stateless and pure: the same for any chunking.

Force from pressure: a sensor of area A (mm^2) under p (kPa) carries p * A * 1e-3 N
(1 kPa * 1 mm^2 = 1e3 Pa * 1e-6 m^2 = 1e-3 N). Regions come from the layout (monitor.frames); a region
the layout cannot resolve is absent, never invented.

Missing data: a sample whose sensors are all NaN gives NaN everywhere. A single missing sensor (no
reading) counts as missing for the peak and is left out of the forces (its region force is the sum over
the sensors that read), so one dead sensor does not blank a whole foot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from monitor.frames import SensorLayout

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

    def reduce(self, pressure_kpa: np.ndarray) -> RegionSeries:
        """pressure_kpa : ndarray, shape (n, n_sensors), kPa, NaN where missing.

        Every sum adds the sensor columns in index order, element-wise, so the result is bit-identical
        for any block length (a matrix product may round differently for another n).
        """
        p = np.asarray(pressure_kpa, dtype=float)
        n = p.shape[0]
        all_missing = np.isnan(p).all(axis=1)
        force = np.nan_to_num(p, nan=0.0) * self.area_mm2 * KPA_MM2_TO_N  # (n, n_sensors) N
        total = row_sum(force)
        region_force, region_peak = {}, {}
        low = np.where(np.isnan(p), -np.inf, p)
        for region, mask in self.masks.items():
            region_force[region] = row_sum(force[:, mask])
            region_peak[region] = low[:, mask].max(axis=1)
        ff = row_sum(force[:, self.forefoot_mask]) if self.forefoot_mask.any() else np.zeros(n)
        ff_peak = low[:, self.forefoot_mask].max(axis=1) if self.forefoot_mask.any() else np.full(n, -np.inf)
        with np.errstate(invalid="ignore", divide="ignore"):
            cop_x = row_sum(force * self.layout.x) / total
            cop_y = row_sum(force * self.layout.y) / total
        no_load = ~(total > 0)
        cop_x[no_load] = np.nan
        cop_y[no_load] = np.nan
        for arr in (total, ff, *region_force.values()):
            arr[all_missing] = np.nan
        for arr in (ff_peak, *region_peak.values()):
            arr[np.isneginf(arr)] = np.nan
        return RegionSeries(total, ff, region_force, region_peak, ff_peak, cop_x, cop_y)


def row_sum(x: np.ndarray) -> np.ndarray:
    """Sum over columns, shape (n, k) -> (n,), adding the columns in order: the same bits for any n."""
    if x.shape[1] == 0:
        return np.zeros(x.shape[0])
    out = x[:, 0].copy()
    for j in range(1, x.shape[1]):
        out += x[:, j]
    return out
