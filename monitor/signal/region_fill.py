"""A region whose own sensors all miss in a frame, filled in for that frame from its group: the rule for a
region a layout lacks (monitor.signal.regions), applied sample by sample. Pure.

A sensor with no sample that is alone in its region (one of Moticon's sensors 9 and 14: columns p08 and p13;
the Solewatch-18 insole's medial midfoot sensor p04; any sensor of an insole with one a region)
would otherwise leave its region,
and so the foot's nominal total load, NaN in every frame: no step, no forefoot share, no warning, for a
whole foot. Filled in from the regions of its group that read, it costs the total and the forefoot share
only what the layout-lacks-it rule costs. Only the loads are filled: the region's own outputs (its hot
spot, peak, PTI) stay NaN, never invented; a frame whose whole group misses stays NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def fill_from_group(groups: Mapping[str, Sequence[str]], own: Mapping[str, np.ndarray],
                    region_kpa: dict[str, np.ndarray], coarse_kpa: Mapping[str, np.ndarray]) -> None:
    """Fills ``region_kpa`` (region -> (n,) kPa, as the loads are made of) in place where a region is NaN
    and its group reads: with the plain mean of the ``own`` pressures (region -> (n,) kPa, the regions the
    layout resolves: never modified) of the group's other regions that read in that frame, else with the
    group's coarse sensors' pressure ``coarse_kpa`` (group -> (n,) kPa, for groups that have coarse
    sensors). A filled region gets a new array: ``own`` and any array it shares with ``region_kpa`` keep
    their NaN. ``groups``: group -> its regions (monitor.signal.regions.GROUPS)."""
    for group, regions in groups.items():
        present = [r for r in regions if r in own]
        coarse = coarse_kpa.get(group)
        for r in regions:
            value = region_kpa.get(r)
            if value is None:
                continue
            gone = np.isnan(value)
            if not gone.any():
                continue
            mates = [own[m][gone] for m in present if m != r]
            estimate = mean_of_reading(mates) if mates else np.full(int(gone.sum()), np.nan)
            if coarse is not None:
                estimate = np.where(np.isnan(estimate), coarse[gone], estimate)
            region_kpa[r] = value = value.copy()
            value[gone] = estimate


def mean_of_reading(values: Sequence[np.ndarray]) -> np.ndarray:
    """The plain mean (k,) of the arrays ``values`` (at least one, each (k,)) that are not NaN at each place,
    added in their order; NaN where none is."""
    total = np.zeros(values[0].shape[0])
    count = np.zeros(values[0].shape[0])
    for v in values:
        reads = ~np.isnan(v)
        total += np.where(reads, v, 0.0)
        count += reads
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)
