"""What a step is measured on besides the sensors' pressures (monitor.analysis.steps): the foot's loads per
frame, and each sensor's and load's unloaded level before an initial contact.

- :func:`frame_loads`: per frame, the nominal total load that times the strike index, the hot-spot load the
  impulse integrates (monitor.signal.regions.RegionReducer.hot_loads; a region whose own sensors all had no
  sample estimated by the pressure the detector's load gives it, monitor.signal.region_fill), and where that
  estimate was made.
- :func:`swing_levels`: the unloaded level, the median of the readings late in the swing before an initial
  contact (``SWING_WINDOW_S``, guess: the foot in the air).
- :class:`LayoutMeasures`: what measuring steps takes of the insole's layout alone (its region reducer, the
  strike index's weights), made once for a foot whose steps are measured again and again as its frames come.

Pure: arrays in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from monitor.analysis.strike import strike_unmeasurable, strike_weights
from monitor.codebook import SensorLayout
from monitor.signal.regions import RegionReducer

#: The unloaded readings before an initial contact: the median over [IC - start, IC - end] (s) (guess:
#: late swing; 20 ms before contact keeps the first rise of the load out).
SWING_WINDOW_S = (0.10, 0.02)
#: Frames reduced to a nominal load at once (bounded memory on a session of hours).
_CHUNK = 1 << 16


@dataclass(frozen=True, eq=False)
class LayoutMeasures:
    """What measuring a layout's steps takes of the layout alone (:func:`layout_measures`): its region
    reducer; the strike index's load and moment weights, shape (n_sensors,) each
    (monitor.analysis.strike.strike_weights); why it cannot tell a footstrike type ("" where it can,
    monitor.analysis.strike.strike_unmeasurable). Read only."""

    reducer: RegionReducer
    strike_w: np.ndarray
    strike_m: np.ndarray
    strike_unmeasured: str


def layout_measures(layout: SensorLayout) -> LayoutMeasures:
    """:class:`LayoutMeasures` of ``layout``."""
    strike_w, strike_m = strike_weights(layout)
    return LayoutMeasures(RegionReducer(layout), strike_w, strike_m, strike_unmeasurable(layout))


def swing_levels(t_s: np.ndarray, values: np.ndarray, ic_s: np.ndarray) -> np.ndarray:
    """The median of ``values`` (n, ...) over the frames in ``[IC - 0.10 s, IC - 0.02 s]`` of each initial
    contact ``ic_s`` (m,), missing readings left out; NaN where there is none. Shape (m, ...). All steps at
    once: each window's frames sorted (NaN last) and the middle of the readings taken."""
    lo = np.searchsorted(t_s, ic_s - SWING_WINDOW_S[0], side="left")
    hi = np.searchsorted(t_s, ic_s - SWING_WINDOW_S[1], side="right")
    width = int(max((hi - lo).max(initial=0), 1))
    idx = lo[:, None] + np.arange(width)[None, :]  # (m, width)
    inside = idx < hi[:, None]
    rows = values[np.minimum(idx, max(values.shape[0] - 1, 0))].astype(float)  # (m, width, ...)
    rows[~inside] = np.nan
    rows = np.sort(rows, axis=1)
    n = (~np.isnan(rows)).sum(axis=1)  # (m, ...) readings in each window
    below = np.take_along_axis(rows, np.maximum((n - 1) // 2, 0)[:, None], axis=1)[:, 0]
    above = np.take_along_axis(rows, np.maximum(n // 2, 0)[:, None], axis=1)[:, 0]
    out = 0.5 * (below + above)
    out[n == 0] = np.nan
    return out


def frame_loads(reducer: RegionReducer, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nominal total load (n,) N that times the strike, the hot-spot load (n,) N the impulse integrates
    (all NaN unless the layout resolves every region), and where that load holds a region whose own sensors
    all had no sample, its hot spot estimated by its filled-in load pressure (n,) bool; of frames ``p``
    (n, n_sensors) kPa."""
    total, hot, estimated = [], [], []
    for lo in range(0, p.shape[0], _CHUNK):
        series = reducer.reduce(p[lo:lo + _CHUNK].astype(float), hot=True)
        n = len(series.total_force_n)
        total.append(series.total_force_n)
        spots, filled = dict(series.region_hot_kpa or {}), series.region_load_kpa or {}
        est = np.zeros(n, dtype=bool)
        for r, h in spots.items():  # a region with no sample of its own: what the detector's load gives it
            gone = np.isnan(h) & ~np.isnan(filled[r])
            if gone.any():
                est |= gone
                spots[r] = np.where(gone, filled[r], h)
        loads = reducer.hot_loads(spots)
        hot.append(np.sum(list(loads.values()), axis=0) if loads else np.full(n, np.nan))
        estimated.append(est)
    return np.concatenate(total), np.concatenate(hot), np.concatenate(estimated)
