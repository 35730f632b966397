"""The live view's recent peaks: per analysis region (and coarse sensor label), the mean over the last few
seconds of each second's peak pressure (kPa), as the view's region cells show it (monitor.live.session)."""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from monitor.codebook import ANALYSIS_REGIONS
from monitor.signal.coarse_regions import COARSE_REGIONS


class RecentPeaks:
    """Per analysis region (and coarse sensor label: monitor.signal.coarse_regions), the mean over the last
    few seconds of each second's peak pressure (kPa)."""

    def __init__(self, masks: dict[str, np.ndarray], window_s: float) -> None:
        self.regions = [r for r in (*ANALYSIS_REGIONS, *COARSE_REGIONS) if r in masks]
        self._idx = [np.flatnonzero(masks[r]) for r in self.regions]
        # each region's sensors in a row, padded with its first one (a maximum is the same with repeats):
        # every region's peak in one reduction
        k = max((i.size for i in self._idx), default=0)
        self._rows = np.array([np.r_[i, np.full(k - i.size, i[0])] for i in self._idx], dtype=np.intp) \
            if all(i.size for i in self._idx) else None
        self.window_s = window_s
        self._buckets: deque[tuple[int, np.ndarray]] = deque(maxlen=int(window_s) + 2)

    def add(self, t_s: np.ndarray, pressure_kpa: np.ndarray) -> None:
        """Frames with data: ``t_s`` (n,), ``pressure_kpa`` (n, n_sensors)."""
        if not t_s.size:
            return
        sec = np.floor(t_s).astype(np.int64)
        cuts = np.flatnonzero(np.diff(sec)) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, sec.size], strict=True):
            col = np.fmax.reduce(pressure_kpa[lo:hi], axis=0)
            peak = (np.fmax.reduce(col[self._rows], axis=1) if self._rows is not None
                    else np.array([np.fmax.reduce(col[i]) for i in self._idx]))
            s = int(sec[lo])
            if self._buckets and self._buckets[-1][0] == s:
                self._buckets[-1] = (s, np.fmax(self._buckets[-1][1], peak))
            elif not self._buckets or s > self._buckets[-1][0]:
                self._buckets.append((s, peak))

    def now(self, t_s: float) -> dict[str, float]:
        """Mean peak per region over the complete seconds of the last ``window_s`` (NaN where none)."""
        done = [p for s, p in self._buckets if t_s - self.window_s - 1 <= s < math.floor(t_s)]
        if not done and self._buckets:
            done = [self._buckets[-1][1]]
        if not done:
            return {r: math.nan for r in self.regions}
        stack = np.vstack(done)
        ok = ~np.isnan(stack)
        n = ok.sum(axis=0)
        mean = np.where(n > 0, np.where(ok, stack, 0.0).sum(axis=0) / np.maximum(n, 1), np.nan)
        return {r: float(v) for r, v in zip(self.regions, mean, strict=True)}
