"""The insole seen from above: an outline, where each foot goes, and a pressure field spread from sensors.

Layout coordinates (monitor.codebook): ``x`` mediolateral in [-0.5, +0.5], medial negative on both feet,
``y`` heel 0 .. toe 1. Drawn seen from above, the left foot on the left with its medial side (big toe)
toward the middle, the right foot on the right with its medial side toward the middle: the right foot is
drawn at ``x``, the left foot at ``-x`` (:func:`display_x`), both scaled by :data:`WIDTH_PER_LENGTH`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.path import Path as MplPath

#: Insole width over insole length, for drawing (a guess: about 10 cm by 27 cm for an adult insole).
WIDTH_PER_LENGTH = 0.38
#: How far each sensor's reading reaches in the drawn field, in foot lengths (guesses, about half and about
#: the spacing of neighbouring sensors of the simulated 18-sensor insole): the field keeps full strength
#: within REACH_FOOT_LENGTHS of the nearest sensor and fades with FADE_FOOT_LENGTHS beyond, so that no
#: pressure is drawn where no sensor is.
REACH_FOOT_LENGTHS = 0.04
FADE_FOOT_LENGTHS = 0.04
#: Field resolution (pixels across x, along y).
GRID_NX, GRID_NY = 48, 128

# Corner points of the outline in layout coordinates, from the heel up the medial edge (the arch, the first
# metatarsal head), round the big toe and the lesser toes, and down the lateral edge.
_CORNERS = np.array([
    (0.00, 0.000), (-0.20, 0.015), (-0.30, 0.060), (-0.34, 0.130), (-0.33, 0.220), (-0.28, 0.330),
    (-0.27, 0.420), (-0.33, 0.550), (-0.42, 0.660), (-0.48, 0.740), (-0.47, 0.830), (-0.43, 0.920),
    (-0.34, 0.985), (-0.22, 1.000), (-0.08, 0.990), (0.08, 0.965), (0.22, 0.930), (0.35, 0.870),
    (0.45, 0.790), (0.50, 0.700), (0.50, 0.620), (0.45, 0.500), (0.40, 0.380), (0.37, 0.260),
    (0.36, 0.160), (0.32, 0.080), (0.22, 0.020),
])


def _chaikin(points: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Corner cutting of a closed polygon (m, 2): a smooth outline through the corners' neighbourhood."""
    p = points
    for _ in range(rounds):
        q = np.roll(p, -1, axis=0)
        p = np.stack((0.75 * p + 0.25 * q, 0.25 * p + 0.75 * q), axis=1).reshape(-1, 2)
    return p


OUTLINE = _chaikin(_CORNERS)  # (m, 2) closed outline in layout coordinates (x, y)


def mirror_sign(foot: str) -> float:
    """-1 for the left foot (its medial side drawn to the right, toward the middle), +1 for the right."""
    return -1.0 if foot == "left" else 1.0


def display_x(foot: str, x: np.ndarray) -> np.ndarray:
    """Layout ``x`` (medial negative) -> drawn x, seen from above."""
    return mirror_sign(foot) * np.asarray(x, dtype=float) * WIDTH_PER_LENGTH


def outline_xy(foot: str) -> tuple[np.ndarray, np.ndarray]:
    """The closed outline of one foot's insole in drawn coordinates (x, y), each shape (m + 1,)."""
    closed = np.vstack((OUTLINE, OUTLINE[:1]))
    return display_x(foot, closed[:, 0]), closed[:, 1]


def grid_centres() -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres of the field in layout coordinates: x (GRID_NX,) symmetric about 0, y (GRID_NY,)."""
    return ((np.arange(GRID_NX) + 0.5) / GRID_NX - 0.5, (np.arange(GRID_NY) + 0.5) / GRID_NY)


def pressure_field(x: np.ndarray, y: np.ndarray, values_kpa: np.ndarray) -> np.ndarray:
    """A pressure field over the insole from sensor readings, in layout coordinates.

    x, y, values_kpa : ndarray (n_sensors,); NaN values are left out. Returns (GRID_NY, GRID_NX) kPa,
    row 0 at the heel, column 0 at the medial edge, NaN outside the outline: :func:`spread_field` times
    its reach, so that the field equals each reading at its sensor and fades to 0 away from every sensor.
    """
    field, reach = spread_field(x, y, values_kpa)
    return field * reach


def spread_field(x: np.ndarray, y: np.ndarray, values_kpa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The readings spread over the insole, and how far they reach, in layout coordinates.

    x, y, values_kpa : ndarray (n_sensors,); NaN values are left out. Returns (field, reach), each
    (GRID_NY, GRID_NX), row 0 at the heel, column 0 at the medial edge, NaN outside the outline. field
    (kPa): each pixel the inverse-distance-weighted mean of the readings (power 2; distances in foot
    lengths, x scaled by WIDTH_PER_LENGTH), equal to each reading at its sensor (0 with no reading).
    reach (0..1): 1 within REACH_FOOT_LENGTHS of the nearest sensor, a Gaussian of width FADE_FOOT_LENGTHS
    beyond (0 with no reading): how much of the pixel was measured.
    """
    gx, gy = grid_centres()
    xx, yy = np.meshgrid(gx, gy)
    v = np.asarray(values_kpa, dtype=float)
    ok = ~np.isnan(v)
    field, reach = np.zeros(xx.shape), np.zeros(xx.shape)
    if ok.any():
        sx, sy, v = np.asarray(x, dtype=float)[ok], np.asarray(y, dtype=float)[ok], v[ok]
        d2 = ((xx[..., None] - sx) * WIDTH_PER_LENGTH) ** 2 + (yy[..., None] - sy) ** 2
        w = 1.0 / np.maximum(d2, 1e-12)
        beyond = np.maximum(np.sqrt(d2.min(axis=-1)) - REACH_FOOT_LENGTHS, 0.0)
        reach = np.exp(-0.5 * (beyond / FADE_FOOT_LENGTHS) ** 2)
        field = (w * v).sum(axis=-1) / w.sum(axis=-1)
    outside = ~MplPath(OUTLINE).contains_points(np.column_stack((xx.ravel(), yy.ravel()))).reshape(xx.shape)
    field[outside] = np.nan
    reach[outside] = np.nan
    return field, reach


def field_for_display(foot: str, field: np.ndarray) -> np.ndarray:
    """A field in layout order (column 0 medial) -> columns left to right as drawn for that foot."""
    return field[:, ::-1] if mirror_sign(foot) < 0 else field


def draw_outline(ax: Axes, foot: str, **kw) -> None:
    """The insole outline of ``foot`` on ``ax``, with equal axes and no frame."""
    x, y = outline_xy(foot)
    ax.plot(x, y, color=kw.pop("color", "0.25"), lw=kw.pop("lw", 1.2), **kw)
    half = 0.5 * WIDTH_PER_LENGTH
    ax.set_xlim(-half - 0.02, half + 0.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_axis_off()


def field_extent() -> tuple[float, float, float, float]:
    """imshow extent of a displayed field (left, right, bottom, top) in drawn coordinates."""
    half = 0.5 * WIDTH_PER_LENGTH
    return (-half, half, 0.0, 1.0)
