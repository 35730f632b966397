"""A coarse sensor beside resolved regions of its group: how much of it each of those regions holds. Pure.

A coarse sensor is one labelled only ``heel`` or ``midfoot`` (monitor.signal.coarse_regions): the layout
puts it in a group (heel, midfoot) but cannot say on which side of the foot's long axis it lies, because
it lies on or near the midline (PhysioNet gaitpdb's sensor 1 at x = 0, between its lateral and medial
rearfoot sensors; Moticon's sensor 5 at x = -0.06, "too central to call", beside its lateral and medial
midfoot sensors). Where its group has no region of its own in the layout (ORPHE's heel), the group's
regions are read from it (monitor.signal.regions, ``("coarse", idx)``). Where the group has some, the
coarse sensor counts in each of them: it is read as that many equal parts of its area at its place, one
in each (two halves, one medial, one lateral, where both are resolved; the whole of it where one is), and
each region weighs it by that part of the area, as it weighs its own sensors. So a coarse sensor of area A
on the midline beside one medial and one lateral sensor of area A makes each region's pressure
(p_side + p_coarse / 2) / 1.5 and the group's area-weighted mean the plain mean of the three, as it would
be were the sensor split in two halves at its place (tests/test_regions_coarse_beside.py), and its force
is counted once in the regions' sum. The split in equal parts is the one the fixed nominal weights already
make of Moticon's midfoot sensor (monitor.signal.regions.NOMINAL_WEIGHTS).

A layout without a coarse sensor beside a resolved region of its group reads as before: one row per sensor,
``rows`` None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CoarseShare:
    """The rows a reducer reads and what each region holds of them.

    Attributes
    ----------
    rows : ndarray (n_rows,) int, or None
        The sensor each row reads: the layout's sensors 0..n_sensors-1 in order, then one more row for each
        further part of a split coarse sensor; None where no coarse sensor is split (one row per sensor).
    area_mm2 : ndarray (n_rows,), mm^2
        Each row's area: a sensor's own, a split coarse sensor's share of it (its area over the number of
        regions it counts in).
    index : dict region -> ndarray int, ascending
        The rows of each region the layout resolves: its own sensors, and its part of a coarse sensor.
    masks : dict region -> ndarray (n_sensors,) bool
        Each region's sensors as the layout's: its own, and a coarse sensor it holds a part of.
    """

    rows: np.ndarray | None
    area_mm2: np.ndarray
    index: dict[str, np.ndarray]
    masks: dict[str, np.ndarray]

    def mean_weights(self, region: str) -> np.ndarray:
        """Each sensor's weight (n_sensors,) in ``region``'s area-weighted mean pressure, adding to 1: the area
        of its rows in the region (a split coarse sensor's part of it) over the region's, 0 outside it; so
        ``pressure_kpa @ w`` (kPa) is the region's pressure as the reducer reads it."""
        idx = self.index[region]
        rows = idx if self.rows is None else self.rows[idx]
        area = self.area_mm2[idx]
        w = np.zeros(self.masks[region].size)
        np.add.at(w, rows, area)
        return w / float(area.sum())


def share_coarse(masks: Mapping[str, np.ndarray], labels: Sequence[str], area_mm2: np.ndarray,
                 groups: Mapping[str, Sequence[str]], coarse_labels: Mapping[str, Sequence[str]]) -> CoarseShare:
    """Each region's rows with the coarse sensors shared out (module docstring).

    ``masks``: region -> (n_sensors,) bool, the regions the layout resolves (SensorLayout.region_masks);
    ``labels``: each sensor's region label (n_sensors,); ``area_mm2`` (n_sensors,) mm^2; ``groups``: group ->
    its regions (monitor.signal.regions.GROUPS); ``coarse_labels``: group -> the labels of its coarse sensors.
    """
    n = len(labels)
    area = [float(a) for a in np.asarray(area_mm2, dtype=float)]
    rows = list(range(n))
    members = {r: np.flatnonzero(m).tolist() for r, m in masks.items()}
    label_array = np.array(labels)
    for group, regions in groups.items():
        resolved = [r for r in regions if r in members]
        words = coarse_labels.get(group, ())
        coarse = np.flatnonzero(np.isin(label_array, words)).tolist() if words and resolved else []
        for c in coarse:
            part = area[c] / len(resolved)
            area[c] = part
            members[resolved[0]].append(c)
            for r in resolved[1:]:
                rows.append(c)
                area.append(part)
                members[r].append(len(rows) - 1)
    if len(rows) == n and all(len(members[r]) == int(m.sum()) for r, m in masks.items()):
        return CoarseShare(None, np.asarray(area_mm2, dtype=float), {r: np.flatnonzero(m) for r, m in masks.items()},
                           dict(masks))
    row_array = np.array(rows)
    index = {r: np.array(sorted(idx), dtype=np.intp) for r, idx in members.items()}
    shared = {}
    for r, idx in index.items():
        mask = np.zeros(n, dtype=bool)
        mask[row_array[idx]] = True
        shared[r] = mask
    return CoarseShare(row_array if len(rows) > n else None, np.array(area), index, shared)
