"""Sensor zero offsets, learnt only while the whole foot is unloaded, and removed from the readings.

Pressure insoles drift: a sensor may read a few kPa with nothing on it, and the reading wanders over a
long session (domain.md section 0: compare within device). :class:`OffsetTracker` learns each sensor's
offset as an exponential average of its reading, but ONLY on samples where the whole foot is unloaded
(total force below ``TareParams.unloaded_total_n``: the foot in the air in swing, or lifted off the
pedal). The offset removed is that average clipped to ``[0, max_offset_kpa]``; the result is clipped at 0.

What it never does: learn while the foot carries load. A clipped-in cyclist's foot, or a foot in a shoe
closed so tight that it never reads "unloaded", keeps the offsets it had, so a residual pressure that is
really there (a tight closure, domain.md section 6) stays in the data for the detector to see.

Missing samples: a NaN reading outputs NaN and never enters the state; a sample whose total force is
NaN is not unloaded. The tracker is exact under any chunking: the average runs sample by sample over the
unloaded samples, ``alpha = 1 - exp(-1 / (rate_hz * offset_tau_s))`` per sample.
"""

from __future__ import annotations

import numpy as np

from monitor.signal.params import TareParams


class OffsetTracker:
    """Per-sensor offsets of one foot, streaming.

    Parameters
    ----------
    n_sensors : int
    rate_hz : float
        Sample rate (Hz); each unloaded sample moves the average by ``alpha`` toward its reading.
    params : TareParams
    """

    def __init__(self, n_sensors: int, rate_hz: float, params: TareParams = TareParams()) -> None:
        self.n_sensors = int(n_sensors)
        self.rate_hz = float(rate_hz)
        self.params = params
        self.alpha = 1.0 - float(np.exp(-1.0 / (self.rate_hz * params.offset_tau_s)))
        self._state = np.zeros(self.n_sensors)  # exponential average of unloaded readings (kPa)
        n_recent = max(1, int(round(params.tare_window_s * self.rate_hz)))
        self._recent = np.full((n_recent, self.n_sensors), np.nan)  # latest raw readings, for tare_now

    @property
    def offsets_kpa(self) -> np.ndarray:
        """The offsets now removed from each sensor (kPa), shape (n_sensors,)."""
        return np.clip(self._state, 0.0, self.params.max_offset_kpa)

    def tare_now(self) -> None:
        """Explicit tare: the foot is unloaded now. Each sensor's offset becomes its mean reading over the
        last ``tare_window_s`` (sensors without a reading there keep their offset); the cap still applies.
        """
        seen = ~np.isnan(self._recent).all(axis=0)
        if seen.any():
            self._state[seen] = np.nanmean(self._recent[:, seen], axis=0)

    def feed(self, pressure_kpa: np.ndarray, total_force_n: np.ndarray) -> np.ndarray:
        """Tare the next block.

        Parameters
        ----------
        pressure_kpa : ndarray, shape (n, n_sensors)
            Raw pressure (kPa), NaN where missing.
        total_force_n : ndarray, shape (n,)
            The foot's total force from the same raw samples (N), NaN where missing.

        Returns
        -------
        ndarray, shape (n, n_sensors)
            ``max(pressure - offset, 0)`` (kPa), each row's offset including that row if it was
            unloaded; NaN exactly where ``pressure_kpa`` is NaN.
        """
        p = np.asarray(pressure_kpa, dtype=float)
        if p.ndim != 2 or p.shape[1] != self.n_sensors:
            raise ValueError(f"expected pressure (n, {self.n_sensors}) and total (n,), got {p.shape}, "
                             f"{np.shape(total_force_n)}")
        return self.feed_by_sensor(p.T, total_force_n).T

    def feed_by_sensor(self, pt: np.ndarray, total_force_n: np.ndarray) -> np.ndarray:
        """:meth:`feed` of a block laid out sensor by sensor: ``pt`` (n_sensors, n) raw kPa, each sensor's
        samples best contiguous (C order), NaN where missing; ``total_force_n`` (n,) N. Returns the tared
        (n_sensors, n) kPa: the numbers of ``feed(pt.T, total_force_n).T``."""
        pt = np.asarray(pt, dtype=float)
        total = np.asarray(total_force_n, dtype=float)
        if pt.ndim != 2 or pt.shape[0] != self.n_sensors or total.shape != (pt.shape[1],):
            raise ValueError(f"expected pressure ({self.n_sensors}, n) and total (n,), got {pt.shape}, "
                             f"{total.shape}")
        if pt.shape[1] == 0:
            return pt.copy()
        with np.errstate(invalid="ignore"):
            unloaded = total < self.params.unloaded_total_n  # NaN -> False
        if unloaded.any() and np.isnan(pt[:, unloaded]).any():
            out = np.empty_like(pt)  # some unloaded sample misses a sensor: each sensor on its own samples
            for s in range(self.n_sensors):
                row = pt[s:s + 1]
                out[s:s + 1] = self._track(row, unloaded & ~np.isnan(row[0]), [s])
        else:
            out = self._track(pt, unloaded, slice(None))
        self._remember(pt)
        return out

    def _track(self, pt: np.ndarray, learn: np.ndarray, sensors: slice | list[int]) -> np.ndarray:
        """Learn from samples ``learn`` of ``pt`` (k, n) for ``sensors``; return them tared (k, n)."""
        cap = self.params.max_offset_kpa
        before = np.clip(self._state[sensors], 0.0, cap)
        cols = np.flatnonzero(learn)
        if cols.size == 0:
            if not before.any():
                return _at_least_zero(pt, np.empty_like(pt))
            out = pt - before[:, None]
            return _at_least_zero(out, out)
        from scipy.signal import lfilter  # here: commands that analyse nothing do not load scipy

        a = self.alpha
        y, _ = lfilter([a], [1.0, -(1.0 - a)], pt[:, cols], axis=-1,
                              zi=((1.0 - a) * self._state[sensors])[:, None])
        self._state[sensors] = y[:, -1]
        table = np.empty((pt.shape[0], cols.size + 1))  # offset after 0, 1, 2, ... learning samples
        table[:, 0] = before
        np.clip(y, 0.0, cap, out=table[:, 1:])
        counts = np.diff(np.concatenate(([0], cols, [pt.shape[1]])))  # samples under each table entry
        out = pt - np.repeat(table, counts, axis=1)
        return _at_least_zero(out, out)

    def _remember(self, pt: np.ndarray) -> None:
        """Keep the latest ``tare_window_s`` of raw readings, (n_recent, n_sensors), from ``pt``
        (n_sensors, n)."""
        k = self._recent.shape[0]
        n = pt.shape[1]
        if n >= k:
            self._recent = pt[:, n - k:].T.copy()
        else:
            self._recent = np.concatenate((self._recent[n:], pt.T))


def _at_least_zero(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``numpy.maximum(x, 0.0)`` of ``x`` (k, n) into ``out``: NaN stays NaN. The zero is given as a row
    of n zeros, for which numpy has a vectorised loop (about twice as fast as against a scalar)."""
    return np.maximum(x, np.zeros(x.shape[-1]), out=out)
