"""Sums over an insole's sensor rows in a fixed order, so every per-sample series is the same bits for
any block length; and one block's frames laid out sensor by sensor (``Sensors``).

Shapes: frames per sensor ``pt`` (n_sensors, n) kPa; areas (n_sensors,) mm^2; every result (n,).
"""

from __future__ import annotations

import numpy as np

#: kPa x mm^2 -> N
KPA_MM2_TO_N = 1e-3


class Sensors:
    """One block's frames per sensor: ``pt`` (n_sensors, n) kPa, C-ordered so that each sensor's row is
    contiguous, +-inf made the largest finite numbers; ``missing`` (n_sensors, n) where NaN; ``pa`` the
    pressure times the sensor's area (kPa mm^2, 0 where missing). Built from frames (n_sensors, n) kPa,
    which it copies only to reorder them or to replace an infinity (the caller's array is never
    modified)."""

    def __init__(self, pt: np.ndarray, area_mm2: np.ndarray) -> None:
        pt = np.ascontiguousarray(pt, dtype=float)
        self.n = pt.shape[1]
        if np.isfinite(pt).all():  # nothing missing: no NaN to look for
            self.missing, self.any_missing = np.zeros(pt.shape, dtype=bool), False
        else:
            pt = np.nan_to_num(pt, nan=np.nan)
            self.missing = np.isnan(pt)
            self.any_missing = bool(self.missing.any())
        self.pt = pt
        self.area_mm2 = area_mm2
        self.pa = (np.where(self.missing, 0.0, pt) if self.any_missing else pt) * area_mm2[:, None]
        # mm^2 of sensors that read: only needed per sample when some sensor is missing
        self.aa = (~self.missing).astype(float) * area_mm2[:, None] if self.any_missing else None

    def mean_kpa(self, idx, area_sum_mm2: float | None = None) -> np.ndarray:
        """The area-weighted mean pressure (n,) kPa of the sensors ``idx`` that read, NaN where none
        does. With nothing missing the area is the same at every sample, added in the same order
        (``area_sum_mm2``: that sum, made once per layout)."""
        num = sum_rows(self.pa, idx)
        if self.aa is None:
            den = sum_scalars(self.area_mm2, idx) if area_sum_mm2 is None else area_sum_mm2
            if not den > 0:
                return np.full(self.n, np.nan)
            num /= den
            return num
        den = sum_rows(self.aa, idx)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    def low(self) -> np.ndarray:
        """``pt`` with -inf where missing (for maxima)."""
        return np.where(self.missing, -np.inf, self.pt) if self.any_missing else self.pt


def sum_scalars(values: np.ndarray, rows) -> float:
    """``values[rows]`` added in order as float64, as :func:`sum_rows` adds each sample's."""
    it = iter(rows)
    out = np.float64(values[next(it)])
    for j in it:
        out = out + np.float64(values[j])
    return float(out)


def sum_rows(x: np.ndarray | list[np.ndarray], rows) -> np.ndarray:
    """Sum of the rows ``rows`` (at least one, in order) of ``x`` (k, n), or of a list of k arrays (n,),
    -> a new array (n,), added in that order."""
    return _fold_rows(np.add, x, rows)


def _fold_rows(op: np.ufunc, x: np.ndarray | list[np.ndarray], rows) -> np.ndarray:
    """``op`` (np.add, np.maximum) of the rows ``rows`` (at least one) of ``x``, one after the other in
    that order, into a new array (n,): the same bits for any block length."""
    it = iter(rows)
    first = x[next(it)]
    second = next(it, None)
    if second is None:
        return first.copy()
    out = op(first, x[second])
    for j in it:
        op(out, x[j], out=out)
    return out


def force_moments(pa: np.ndarray, weights: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    """The sensed force (n,) N of pressure times area ``pa`` (k, n) kPa mm^2, each sensor's force
    ``pa * KPA_MM2_TO_N`` added in row order; then for each of ``weights`` ((k,) each) the sum of every
    row's force times its weight (n,), added in row order."""
    force = np.multiply(pa[0], KPA_MM2_TO_N)
    out = [force.copy(), *(np.multiply(force, w[0]) for w in weights)]
    product = np.empty(pa.shape[1])
    for j in range(1, pa.shape[0]):
        np.multiply(pa[j], KPA_MM2_TO_N, out=force)
        out[0] += force
        for w, moment in zip(weights, out[1:]):
            moment += np.multiply(force, w[j], out=product)
    return out


def max_rows(x: np.ndarray | list[np.ndarray], rows) -> np.ndarray:
    """Highest of the rows ``rows`` (at least one, in order) of ``x`` (k, n), or of a list of k arrays
    (n,), at each column -> a new array (n,)."""
    return _fold_rows(np.maximum, x, rows)
