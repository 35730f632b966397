"""A foot's runs of data: the stretches of its frames with a reading that no gap longer than the gait
detector's ``CycleParams.max_gap_s`` breaks (a shorter one it bridges, and a step may hold it), and, around
each step, where the run holding it begins and ends. A step whose span reaches past those is cut by the
data's start or end or by a gap before or after it (monitor.analysis.steps ``not_measured`` "cut"), not one
holding a short gap. Pure: arrays in, arrays out."""

from __future__ import annotations

import numpy as np

from monitor.signal.stage_params import CycleParams

#: Frames checked for a reading at once (bounded memory on a session of hours).
_CHUNK = 1 << 16


def has_reading(pressure: np.ndarray) -> np.ndarray:
    """Which frames of ``pressure`` (n, n_sensors), NaN where missing, hold a reading of some sensor: (n,)
    bool."""
    return np.concatenate([~np.isnan(pressure[a:a + _CHUNK]).all(axis=1) for a in range(0, pressure.shape[0],
                                                                                          _CHUNK)] or
                          [np.empty(0, dtype=bool)])


def runs_around(t_s: np.ndarray, reading: np.ndarray, start_s: np.ndarray, end_s: np.ndarray,
                max_gap_s: float = CycleParams.max_gap_s) -> tuple[np.ndarray, np.ndarray]:
    """For each step from ``start_s`` to ``end_s`` (m,) s: the first frame with a reading of the run of data
    holding its start, and the last of the run holding its end (each (m,) s). ``t_s`` (n,) s, ``reading``
    (n,) bool (:func:`has_reading`); a run ends where the next reading comes more than ``max_gap_s`` after
    the last. A step before every reading has a run from +inf; one whose end is before every reading, a run
    to -inf."""
    tv = np.asarray(t_s, dtype=float)[reading]
    if not tv.size:
        return np.full(start_s.shape, np.inf), np.full(end_s.shape, -np.inf)
    breaks = np.flatnonzero(np.diff(tv) > max_gap_s)
    firsts = np.concatenate((tv[:1], tv[breaks + 1]))
    lasts = np.concatenate((tv[breaks], tv[-1:]))
    i = np.searchsorted(firsts, start_s, side="right") - 1  # the run begun last at or before the step's start
    j = np.searchsorted(firsts, end_s, side="right") - 1
    return (np.where(i >= 0, firsts[np.maximum(i, 0)], np.inf), np.where(j >= 0, lasts[np.maximum(j, 0)], -np.inf))
