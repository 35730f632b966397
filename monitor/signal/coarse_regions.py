"""An insole's one sensor for a part of the foot it does not split medial/lateral: a sensor labelled only
``heel`` or ``midfoot`` (ORPHE INSOLE's heel sensor, docs/devices.md). No analysis region is that sensor's
alone (monitor.codebook: nothing is invented), but it reads: a live view shows its number in the cells of
the regions it stands for, and a report says the insole has one sensor there with no medial/lateral split,
not that it has none. Beside regions of its group the layout resolves (PhysioNet's heel sensor, Moticon's
midfoot sensor 5) it stands in for none: it counts in each of them (monitor.signal.coarse_share).
"""

from __future__ import annotations

import numpy as np

from monitor.codebook import ANALYSIS_REGIONS, SensorLayout
from monitor.signal.regions import RegionReducer

#: Each coarse sensor label and the analysis regions it stands for (their medial and lateral halves).
COARSE_REGIONS: dict[str, tuple[str, ...]] = {
    "heel": ("heel_medial", "heel_lateral"),
    "midfoot": ("midfoot_medial", "midfoot_lateral"),
}
#: Each analysis region with a coarse sensor label, and that label.
COARSE_OF: dict[str, str] = {r: label for label, regions in COARSE_REGIONS.items() for r in regions}


def coarse_masks(layout: SensorLayout) -> dict[str, np.ndarray]:
    """Boolean sensor mask, shape (n_sensors,), for each coarse label (COARSE_REGIONS) ``layout`` has a
    sensor of; absent where it has none."""
    labels = np.array(layout.regions)
    return {label: labels == label for label in COARSE_REGIONS if (labels == label).any()}


def coarse_stand_ins(layout: SensorLayout) -> dict[str, list[str]]:
    """The coarse labels ``layout`` reads and the analysis regions each stands in for: those of the
    regions it has no sensor of its own for (``{"heel": ["heel_medial", "heel_lateral"]}`` on ORPHE INSOLE;
    {} on a layout that resolves them)."""
    unresolved = set(layout.unresolved_regions())
    out = {label: [r for r in COARSE_REGIONS[label] if r in unresolved] for label in coarse_masks(layout)}
    return {label: regions for label, regions in out.items() if regions}


def unmeasured_regions(layout: SensorLayout) -> tuple[str, ...]:
    """The analysis regions, in ANALYSIS_REGIONS' order, that ``layout`` has no sensor for, neither its own
    nor a coarse one standing in (:func:`shown_masks` holds neither): a live view has no number for them
    whatever the data, and says they are not measured, not missing (ORPHE INSOLE's midfoot)."""
    shown = shown_masks(layout)
    return tuple(r for r in ANALYSIS_REGIONS if r not in shown and COARSE_OF.get(r) not in shown)


def region_value(values: dict[str, float], region: str) -> float:
    """A region's number in ``values`` (region or coarse label -> value), else its coarse sensor's (the
    one sensor of an insole that does not split it); NaN where neither is there."""
    if region in values:
        return values[region]
    return values.get(COARSE_OF.get(region, ""), float("nan"))


def shown_masks(layout: SensorLayout) -> dict[str, np.ndarray]:
    """What a live view shows a number for, as boolean sensor masks (n_sensors,): each analysis region the
    layout resolves, with the sensors the analysis counts in it (RegionReducer.masks: its own, and a part
    of a coarse sensor beside it, monitor.signal.coarse_share; a cell shows the highest pressure of its
    sensors, so a sensor read in two cells counts no force twice), then each coarse sensor label standing in
    for regions it does not (:func:`coarse_stand_ins`)."""
    coarse = coarse_masks(layout)
    return RegionReducer(layout).masks | {label: coarse[label] for label in coarse_stand_ins(layout)}
