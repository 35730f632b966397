"""Forefoot relief with smoothing and hysteresis, in kPa. Streaming, bounded state, pure.

The signal is the forefoot pressure read at each forefoot region's hot spot located over the previous step
and combined with the regions' fixed anatomical weights (monitor.signal.hot_spot_track, kPa), the same on
every insole. It is smoothed by a centred-in-the-past running median of ``relief_smooth_s`` (one noisy or
quantised sample cannot start or end anything), then a two-level hysteresis decides whether the forefoot is
unloaded: it becomes unloaded when the smoothed pressure falls below ``relief_enter_kpa`` and stays so until
it rises above ``relief_exit_kpa``. A missing sample (NaN in the median window) or a jump in time of more
than two sample periods ends an unloaded run: no data is not evidence of relief.

- A **relief** is an unloaded run lasting at least ``relief_min_s``; recorded as ``[start_s, end_s)``
  with ``end_s`` one sample period after its last sample.
- In gait (running, walking) an unloaded run of ``gait_unload_min_s`` also *unloads* the forefoot: it
  resets the time since relief without being a relief.

Results are the same for any chunking: the median reads the carried tail of the previous block, and the
hysteresis state and the open run are carried.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def running_median(x: np.ndarray, k: int) -> np.ndarray:
    """The median of each ``k`` consecutive values of ``x`` (k odd), shape (n,) -> (n - k + 1,): the same
    values as ``numpy.median(sliding_window_view(x, k), axis=1)``, NaN where a window holds a NaN.

    A median of an odd count is one of the values, so a rank filter (scipy.ndimage.median_filter)
    selects the same one; only a signed zero could tell the two apart (0.0 and -0.0 compare equal), and
    an input holding one takes numpy's path.
    """
    if x.shape[0] < k:
        return np.empty(0)
    if np.any(np.signbit(x) & (x == 0)):
        return np.median(sliding_window_view(x, k), axis=1)
    from scipy.ndimage import median_filter  # here: commands that analyse nothing do not load scipy

    half = (k - 1) // 2
    missing = np.isnan(x)
    any_missing = bool(missing.any())
    if any_missing:
        x = np.where(missing, 0.0, x)
    out = median_filter(x, size=k, mode="nearest")[half:x.shape[0] - half]
    if any_missing:
        n_missing = np.concatenate(([0], np.cumsum(missing)))
        out[n_missing[k:] > n_missing[:-k]] = np.nan
    return out


def median_sides(x: np.ndarray, k: int, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Where ``running_median(x, k)`` (k odd) is below ``low``, and where it is above ``high`` or NaN: two
    (n - k + 1,) bool arrays, without computing the medians. A median of an odd count ``k`` is below a
    level exactly when at least ``(k + 1) / 2`` of the values are (above likewise), so counting the values
    on each side in each window gives the same answers as comparing the median, signed zeros included."""
    half = (k + 1) // 2
    with np.errstate(invalid="ignore"):
        below = _window_counts(x < low, k) >= half
        above = _window_counts(x > high, k) >= half
    missing = np.isnan(x)
    if missing.any():  # a window holding a NaN has a NaN median
        gap = _window_counts(missing, k) > 0
        below &= ~gap
        above |= gap
    return below, above


def _window_counts(flags: np.ndarray, k: int) -> np.ndarray:
    """How many of each ``k`` consecutive ``flags`` are set: shape (n,) -> (n - k + 1,), int."""
    counts = np.zeros(flags.shape[0] + 1, dtype=np.intp)
    np.cumsum(flags, out=counts[1:])
    return counts[k:] - counts[:-k]


def _carry_forward(flags: np.ndarray, values: np.ndarray, before) -> np.ndarray:
    """At each sample, the value of the last set flag at or before it: ``flags`` (n,) bool, ``values``
    (m,) one for each set flag in order; ``before`` where no flag is set yet. Shape (n,), values' dtype."""
    filled = np.empty(values.shape[0] + 1, dtype=values.dtype)
    filled[0] = before
    filled[1:] = values
    return filled[np.cumsum(flags)]


class ReliefTracker:
    """Parameters: rate_hz; params with relief_smooth_s, relief_enter_kpa, relief_exit_kpa, relief_min_s,
    gait_unload_min_s (monitor.signal.params.FeatureParams).

    Results: ``reliefs_`` (list of ``(start_s, end_s)``).
    """

    def __init__(self, rate_hz: float, params) -> None:
        self.params = params
        self.dt_s = 1.0 / float(rate_hz)
        k = max(1, int(round(params.relief_smooth_s * rate_hz)))
        self.k = k + (k % 2 == 0)  # odd: a true median
        self._tail = np.empty(0)  # last k - 1 raw values
        self._unloaded = False  # hysteresis state after the last sample
        self.run_start_s = math.nan  # start of the unloaded run in progress (NaN: none)
        self.run_last_s = math.nan  # its last sample
        self.unload_t_s = math.nan  # the last unloading so far
        self.reliefs_: list[tuple[float, float]] = []

    def _window(self, kpa: np.ndarray) -> np.ndarray:
        """The carried last ``k - 1`` raw values (the first value repeated at the very start) followed by
        ``kpa`` (n,): shape (k - 1 + n,) kPa, the samples of the n windows ending at ``kpa``'s samples.
        Carries the new last ``k - 1``."""
        x = np.concatenate((self._tail, np.asarray(kpa, dtype=float)))
        pad = self.k - 1 - self._tail.shape[0]
        if pad > 0:  # the session's first samples: repeat the first value (a median of what there is)
            x = np.concatenate((np.full(pad, x[0] if x.size else np.nan), x))
        self._tail = x[-(self.k - 1):] if self.k > 1 else np.empty(0)
        return x

    def smooth(self, kpa: np.ndarray) -> np.ndarray:
        """Running median over the last ``k`` samples (fewer at the very start), shape (n,) -> (n,)."""
        x = self._window(kpa)
        n = kpa.shape[0]
        if not n:
            return np.empty(0)
        return running_median(x, self.k)[-n:]

    def feed(self, t: np.ndarray, kpa: np.ndarray, gait: bool) -> tuple[np.ndarray, np.ndarray]:
        """t (n,) s, kpa (n,) forefoot pressure (NaN = missing) -> (unload_t (n,): the last unloading at
        or before each sample, NaN if none; relief_now (n,) bool: inside a relief of relief_min_s)."""
        p = self.params
        n = t.shape[0]
        dt = self.dt_s
        # the smoothed pressure below relief_enter_kpa; above relief_exit_kpa or missing
        enter, leave = median_sides(self._window(kpa), self.k, p.relief_enter_kpa, p.relief_exit_kpa)
        carry = not math.isnan(self.run_start_s)
        prev_t = np.concatenate([[self.run_last_s if carry else -math.inf], t[:-1]])
        jump = (t - prev_t) > 2.0 * dt
        leave |= jump  # a jump ends a run; what follows starts afresh
        decided = enter | leave
        below = _carry_forward(decided, enter[decided], self._unloaded)  # the hysteresis state
        prev_below = np.concatenate([[carry], below[:-1]])
        starts = below & (~prev_below | jump)
        start = _carry_forward(starts, t[starts], self.run_start_s)  # of the run each sample is in
        held_s = t - start + dt
        relief_now = below & (held_s >= p.relief_min_s)
        unload = (relief_now | (below & (held_s >= p.gait_unload_min_s))) if gait else relief_now
        unload_t = _carry_forward(unload, np.maximum.accumulate(t[unload]), -np.inf)
        if not math.isnan(self.unload_t_s):
            unload_t = np.maximum(unload_t, self.unload_t_s)
        ends = np.flatnonzero(prev_below & (~below | jump))
        if ends.size:
            run_start, run_last = start[ends - 1], t[ends - 1]
            if ends[0] == 0:
                run_start[0], run_last[0] = self.run_start_s, self.run_last_s
            long = run_last + dt - run_start >= p.relief_min_s
            self.reliefs_ += [(a, b + dt) for a, b in zip(run_start[long].tolist(), run_last[long].tolist())]
        if n:
            self._unloaded = bool(below[-1])
            if below[-1]:
                self.run_start_s, self.run_last_s = float(start[-1]), float(t[-1])
            else:
                self.run_start_s = self.run_last_s = math.nan
            if np.isfinite(unload_t[-1]):
                self.unload_t_s = float(unload_t[-1])
        return np.where(np.isfinite(unload_t), unload_t, np.nan), relief_now

    def in_progress(self) -> tuple[float, float] | None:
        """``(start_s, last_s)`` of a relief still going on at the newest sample, else None."""
        if math.isnan(self.run_start_s):
            return None
        if self.run_last_s + self.dt_s - self.run_start_s >= self.params.relief_min_s:
            return (self.run_start_s, self.run_last_s)
        return None
