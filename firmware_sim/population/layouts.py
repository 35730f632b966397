"""Five sensor layouts over the same foot, and their layout JSON (docs/import-csv.md).

Positions are in the anatomical frame of firmware_sim.population.field, the same numbers for both feet
(the left insole is the mirror image of the right). Region labels are the monitor's (docs/protocol.md's
region table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from firmware_sim.layout import SENSORS
from firmware_sim.population.field import (
    FOOT_LENGTH_MM,
    FOOT_WIDTH_MM,
    inside,
    region_at,
)


@dataclass(frozen=True)
class Layout:
    """One insole design: per-sensor position (normalised), area (mm^2), region label."""

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    area_mm2: tuple[float, ...]
    regions: tuple[str, ...]
    model: str
    positions_inferred: bool = False
    resolution_kpa: float = 0.25
    activity: str | None = None  # an activity the layout is made for, when it has one

    @property
    def n_sensors(self) -> int:
        return len(self.x)


def _solewatch18() -> Layout:
    return Layout("solewatch18", tuple(s.x for s in SENSORS), tuple(s.y for s in SENSORS),
                  tuple(float(s.area_mm2) for s in SENSORS), tuple(s.region for s in SENSORS),
                  "Solewatch 18-sensor insole (firmware_sim/layout.py)")


def _moticon16() -> Layout:
    """Moticon-like: 1-4 heel, 5-8 midfoot (7 the medial arch, 6 and 8 lateral), 9-13 the MTH row medial to
    lateral, 14 hallux, 15-16 lesser toes (domain.md section 4 [W, verify]); equal sensors of 250 mm^2 and
    positions are guesses. The pressure step is 0.25 N/cm^2 = 2.5 kPa [46]."""
    pos = [(-0.12, 0.07), (0.12, 0.07), (-0.11, 0.17), (0.13, 0.17),
           (0.12, 0.30), (0.21, 0.38), (-0.13, 0.45), (0.22, 0.50),
           (-0.26, 0.71), (-0.10, 0.72), (0.03, 0.71), (0.17, 0.675), (0.29, 0.64),
           (-0.23, 0.90), (-0.02, 0.88), (0.14, 0.84)]
    regions = ("heel_medial", "heel_lateral", "heel_medial", "heel_lateral",
               "midfoot_lateral", "midfoot_lateral", "midfoot_medial", "midfoot_lateral",
               "mth1", "mth2", "mth3", "mth4", "mth5", "hallux", "lesser_toes", "lesser_toes")
    return Layout("moticon16", tuple(p[0] for p in pos), tuple(p[1] for p in pos), (250.0,) * 16, regions,
                  "Moticon-like 16-sensor insole", positions_inferred=True, resolution_kpa=2.5)


def _fsr8() -> Layout:
    """Eight force-sensing resistors of unequal area: large ones under the heel and midfoot, small round
    ones (about 13 mm across) under the metatarsal heads and hallux (guess)."""
    pos = [(-0.10, 0.11), (0.11, 0.11), (0.21, 0.42), (-0.26, 0.71), (0.02, 0.72), (0.24, 0.655),
           (-0.23, 0.90), (0.08, 0.86)]
    area = (500.0, 500.0, 400.0, 130.0, 130.0, 250.0, 130.0, 250.0)
    regions = ("heel_medial", "heel_lateral", "midfoot_lateral", "mth1", "mth3", "mth4_5", "hallux",
               "lesser_toes")
    return Layout("fsr8", tuple(p[0] for p in pos), tuple(p[1] for p in pos), area, regions,
                  "8-FSR insole", resolution_kpa=0.5)


def _four() -> Layout:
    """Four sensors: one central heel sensor (region ``heel``, which resolves neither heel half), MTH1,
    MTH4-5, hallux (guess)."""
    return Layout("four", (0.0, -0.26, 0.24, -0.23), (0.12, 0.71, 0.655, 0.90), (300.0, 150.0, 150.0, 150.0),
                  ("heel", "mth1", "mth4_5", "hallux"), "4-sensor insole", resolution_kpa=0.5)


#: pedar-like grid: 8 columns x 16 rows over the insole, the sensels whose centre lies inside the outline
#: (99 sensels per insole [2]); each sensel fills 90 % of its cell (guess).
PEDAR_COLUMNS, PEDAR_ROWS, PEDAR_FILL = 8, 16, 0.9


def grid_layout(columns: int = PEDAR_COLUMNS, rows: int = PEDAR_ROWS, name: str = "pedar99") -> Layout:
    """A grid of ``columns`` x ``rows`` cells over the insole's bounding box, keeping the sensels whose
    centre lies inside the outline, each tagged with the region its centre lies in."""
    gx = (np.arange(columns) + 0.5) / columns - 0.5
    gy = (np.arange(rows) + 0.5) / rows
    xx, yy = np.meshgrid(gx, gy)
    xx, yy = xx.ravel(), yy.ravel()
    keep = inside(xx, yy)
    xs, ys = xx[keep], yy[keep]
    area = PEDAR_FILL * (FOOT_WIDTH_MM / columns) * (FOOT_LENGTH_MM / rows)
    regions = tuple(region_at(float(a), float(b)) for a, b in zip(xs, ys, strict=True))
    return Layout(name, tuple(float(v) for v in xs), tuple(float(v) for v in ys),
                  (float(area),) * int(keep.sum()), regions, "pedar-like sensel grid",
                  positions_inferred=True, resolution_kpa=2.5)


LAYOUTS: dict[str, Layout] = {lay.name: lay for lay in
                              (_solewatch18(), _moticon16(), _fsr8(), _four(), grid_layout())}


def get_layout(name: str | Layout) -> Layout:
    """The layout called ``name`` (a Layout is returned as it is)."""
    if isinstance(name, Layout):
        return name
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; known: {', '.join(LAYOUTS)}")
    return LAYOUTS[name]


def layout_json(layout: Layout | str, side: str, rate_hz: int, activity: str | None = None) -> dict[str, Any]:
    """The layout JSON of docs/import-csv.md for one foot: ``{"label", "activity", "caveats", "feet":
    {side: {...}}}``. ``activity`` defaults to the layout's own; with neither, no ``activity`` field."""
    lay = get_layout(layout)
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', not {side!r}")
    foot = {
        "rate_hz": int(rate_hz),
        "x": [round(v, 6) for v in lay.x],
        "y": [round(v, 6) for v in lay.y],
        "area_mm2": [round(v, 3) for v in lay.area_mm2],
        "regions": list(lay.regions),
        "positions_inferred": lay.positions_inferred,
        "resolution_kpa": lay.resolution_kpa,
        "device": {"model": lay.model, "name": f"population {lay.name} {side[0].upper()}"},
    }
    out: dict[str, Any] = {"label": f"population-{lay.name}",
                           "caveats": ["synthetic data from firmware_sim.population, not a measurement"],
                           "feet": {side: foot}}
    act = activity or lay.activity
    if act:
        out["activity"] = act
    return out
