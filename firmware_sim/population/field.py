"""A continuous plantar pressure field over the normalised foot plane, built from anatomical load patches.

Frame (as firmware_sim/layout.py and docs/protocol.md): ``x`` mediolateral in [-0.5, 0.5], medial
negative, the same anatomy at the same ``x`` on both feet (so the left foot is the mirror image of the
right in a lab frame); ``y`` heel (0) to the tip of the longest toe (1).

The field is ``p(x, y, t) = sum_k A_k(t) * g_k(x, y)`` in kPa: each patch ``k`` has a fixed shape
``g_k`` (1 on its plateau, falling to 0 at its edge) and a time-varying amplitude ``A_k(t)`` in kPa
(firmware_sim.population.activity makes the amplitudes). A sensor reads the mean of the field over its
area, approximated by a few sample points inside it, so a layout is a matrix ``G`` (patches x sensors)
and a rendering is ``A @ G``: the foot is the same whatever the sensors.

Patch centres and sizes are a plausible anatomy, not a measurement (guess); the forefoot row lies within
51-81 % of foot length, the forefoot mask of domain.md section 3 [43].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Foot length and width used to turn a sensor's area (mm^2) into a patch of the normalised plane: a
#: men's EU 42-43 foot, about 265 mm long and 100 mm wide at the metatarsal heads (guess).
FOOT_LENGTH_MM = 265.0
FOOT_WIDTH_MM = 100.0


@dataclass(frozen=True)
class Patch:
    """One anatomical load patch: centre (normalised), half-sizes ``sx``, ``sy`` (normalised; the shape is
    exp(-q^2 / 2) with q = (dx/sx)^2 + (dy/sy)^2: flat near the centre, 0.61 at one half-size, below 0.001
    at two)."""

    name: str
    x: float
    y: float
    sx: float
    sy: float


#: The patches, in amplitude-column order. ``focal_mth2_3`` is the narrow extra peak of a cleat set too
#: far forward (COP at the front of the ball of the foot, domain.md section 1 [7] W); its amplitude is 0
#: unless the rider has that condition; it spans the second and third heads, a little distal and narrower
#: than the MTH2-3 patch (guess). Positions follow the sensor design of firmware_sim/layout.py
#: (MTH1 most distal, MTH5 most proximal; guess).
PATCHES: tuple[Patch, ...] = (
    Patch("heel", 0.00, 0.12, 0.20, 0.09),
    Patch("midfoot_medial", -0.14, 0.42, 0.09, 0.10),
    Patch("midfoot_lateral", 0.20, 0.42, 0.12, 0.11),
    Patch("mth1", -0.26, 0.715, 0.09, 0.06),
    Patch("mth2_3", -0.03, 0.715, 0.10, 0.06),
    Patch("mth4_5", 0.25, 0.645, 0.13, 0.065),
    Patch("hallux", -0.23, 0.905, 0.08, 0.055),
    Patch("lesser_toes", 0.10, 0.835, 0.19, 0.06),
    Patch("focal_mth2_3", -0.03, 0.73, 0.09, 0.045),
)
PATCH_NAMES = tuple(p.name for p in PATCHES)
PATCH_INDEX = {name: i for i, name in enumerate(PATCH_NAMES)}
#: Patches under the forefoot (metatarsal heads and toes), where the forefoot conditions act.
FOREFOOT_PATCHES = ("mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes", "focal_mth2_3")

#: Insole outline: half-width (normalised) at heel-to-toe stations; the heel is about two thirds of the
#: forefoot's width and the toes taper to the tip (guess).
_OUTLINE_Y = np.array([0.0, 0.04, 0.15, 0.30, 0.45, 0.60, 0.70, 0.80, 0.90, 0.97, 1.0])
_OUTLINE_HALF = np.array([0.18, 0.29, 0.33, 0.33, 0.36, 0.46, 0.50, 0.48, 0.40, 0.25, 0.10])
#: The outline's centre line shifts medially at the toes (the hallux is the longest toe; guess).
_CENTRE_Y = np.array([0.0, 0.80, 1.0])
_CENTRE_X = np.array([0.0, 0.0, -0.15])


def outline(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(centre x, half-width) of the insole at longitudinal positions ``y`` (normalised)."""
    y = np.asarray(y, dtype=float)
    return np.interp(y, _CENTRE_Y, _CENTRE_X), np.interp(y, _OUTLINE_Y, _OUTLINE_HALF)


def inside(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Boolean: which points lie inside the insole outline."""
    c, h = outline(y)
    return (np.abs(np.asarray(x) - c) <= h) & (np.asarray(y) >= 0) & (np.asarray(y) <= 1)


def region_at(x: float, y: float) -> str:
    """The monitor region label (monitor.frames.REGION_LABELS) of the point (x, y): heel below 30 % of
    foot length, midfoot to 58 %, the metatarsal row to the toe line (which runs from 82 % medially to
    74 % laterally, following the staggered heads), toes beyond; medial/lateral splits at the patch
    boundaries above (guess)."""
    toe_line = 0.82 - 0.08 * (x + 0.5)
    if y < 0.30:
        return "heel_medial" if x < 0.0 else "heel_lateral"
    if y < 0.58:
        return "midfoot_medial" if x < 0.03 else "midfoot_lateral"
    if y < toe_line:
        if x < -0.15:
            return "mth1"
        return "mth2_3" if x < 0.12 else "mth4_5"
    return "hallux" if x < -0.10 else "lesser_toes"


def shape(px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Patch shapes at points: shape (n_points, n_patches), each in [0, 1]."""
    px = np.asarray(px, dtype=float)[:, None]
    py = np.asarray(py, dtype=float)[:, None]
    cx = np.array([p.x for p in PATCHES])
    cy = np.array([p.y for p in PATCHES])
    sx = np.array([p.sx for p in PATCHES])
    sy = np.array([p.sy for p in PATCHES])
    q = ((px - cx) / sx) ** 2 + ((py - cy) / sy) ** 2
    return np.exp(-0.5 * q * q)


def sample_offsets(area_mm2: float, n_side: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (normalised dx, dy) of ``n_side`` x ``n_side`` points spread over a square sensor of
    ``area_mm2``, each point at the centre of its sub-square."""
    side_mm = float(np.sqrt(area_mm2))
    u = (np.arange(n_side) + 0.5) / n_side - 0.5
    dx, dy = np.meshgrid(u * side_mm / FOOT_WIDTH_MM, u * side_mm / FOOT_LENGTH_MM)
    return dx.ravel(), dy.ravel()


def sensor_matrix(x: np.ndarray, y: np.ndarray, area_mm2: np.ndarray) -> np.ndarray:
    """``G``, shape (n_patches, n_sensors): each patch's mean shape over each sensor's area.

    A sensor's pressure is then ``A @ G`` for amplitudes ``A`` of shape (n_times, n_patches) in kPa.
    Sample points outside the insole outline read 0 (an edge sensor half off the foot reads less)."""
    cols = []
    for xi, yi, ai in zip(np.asarray(x, float), np.asarray(y, float), np.asarray(area_mm2, float),
                          strict=True):
        dx, dy = sample_offsets(ai)
        px, py = xi + dx, yi + dy
        g = shape(px, py) * inside(px, py)[:, None]
        cols.append(g.mean(axis=0))
    return np.array(cols).T


def field_kpa(amplitudes_kpa: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The field at points: ``amplitudes_kpa`` shape (n_times, n_patches), points shape (n_points,) ->
    shape (n_times, n_points) in kPa (0 outside the outline)."""
    g = shape(x, y) * inside(np.asarray(x), np.asarray(y))[:, None]
    return np.asarray(amplitudes_kpa) @ g.T
