"""Features of one foot: per cycle, per rolling window, and forefoot relief. Streaming, bounded state.

``FeatureAccumulator.feed(t_s, series, cycles, activity)`` takes the regional series of a block of
samples (monitor.signal.regions), the cycles completed since the last call, and the activity in effect
for the block; it returns the features of those cycles and the rolling windows that became final.

Definitions (domain.md section 3; docs/detection.md has the rationale):

- **Peak pressure** of a region in a cycle: its highest sensor pressure over the cycle (kPa).
- **PTI**: integral over time of the region's peak pressure (kPa s); per cycle, and per window as a rate
  (kPa s per minute of valid data). **FTI**: integral of the region's force (N s).
- **Shares**: a region's FTI over the foot's total FTI; the forefoot share uses
  monitor.signal.regions.FOREFOOT_SHARE_REGIONS.
- **COP**: force-weighted mean of the longitudinal centre of pressure (0 heel .. 1 toe).
- **Mediolateral index** (MTH4-5 - MTH1) / (MTH4-5 + MTH1) of FTI; NaN when either is unresolved.
- **Residual forefoot pressure**: a low quantile (``residual_quantile``) of the forefoot peak pressure in
  the cycle's unloaded phase: the swing ``[toe_off_s, end_s)`` of a stride, the samples of a stroke below
  the half-way force between the stroke's minimum and peak. A shoe that never lets go keeps it high.
- **Relief**: the forefoot's force below ``relief_floor_n`` for at least ``relief_min_s`` (recorded as
  ``[start_s, end_s)``). During running or
  walking an unloaded swing (below the floor for ``gait_unload_min_s``) also unloads the forefoot: it
  resets ``time_since_relief_s`` but is not a relief (not recorded, not counted). A run ends at a sample
  that is not below the floor, a missing sample or a jump in time; ``end_s`` is its last sample's time
  plus one sample period.

Integrals use the nominal sample period ``1 / rate_hz``: a sample's contribution depends on itself only,
so results are the same for any chunking. Missing samples (NaN) add nothing and lower ``valid_fraction``.

Windows: the window ending at ``t_s = k * step_s`` covers ``[t_s - window_s, t_s)``. It is final, and
returned, once a sample at or after ``t_s + settle_s`` has been fed, so that the cycle detectors (which
report a cycle some time after it ends) have reported every cycle ending inside it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from monitor.codebook import SensorLayout
from monitor.signal.params import FeatureParams
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, RegionSeries
from monitor.signal.types import Cycle, CycleFeatures, WindowFeatures

#: Activity labels of monitor.signal.activity, in the order of their integer codes here.
ACTIVITIES = ("cycling", "running", "walking", "elliptical_or_stair", "unknown")
#: Activities whose cycles are strides with a swing phase that unloads the forefoot.
GAIT_ACTIVITIES = ("running", "walking")

# Fixed columns of the per-sample table; region forces, region peaks (0 where missing) and whether each
# peak is present (1, 0) follow. The columns from _VALID on are the ones summed over bins and cycles.
_T, _FFPEAK, _UNLOAD_T, _RELIEF, _ACT, _VALID, _TOTAL, _FF, _COPW, _COPWY = range(10)
_NFIXED = 10
#: Samples handled at once inside feed() (a minute at 100 Hz): bounds the per-sample table for blocks of any
#: size.
_PIECE = 6000


@dataclass
class _Bin:
    """Sums over the samples of one step ``[k * step_s, (k + 1) * step_s)``."""

    k: int
    sums: np.ndarray  # (n_sums,), see FeatureAccumulator._bin_sums
    unload_t_s: float  # the last unloading at or before the bin's last sample (NaN: none yet)
    relieved: bool  # the bin's last sample was inside a relief
    activity: int  # code of the bin's last sample (last known activity if empty)
    has_samples: bool


class _CycleTable:
    """What a window needs of the cycles counted in it, oldest first, as arrays (m rows)."""

    def __init__(self, n_regions: int) -> None:
        self.end_s = np.empty(0)
        self.duration_s = np.empty(0)
        self.kind = np.empty(0, dtype=object)
        self.peak_kpa = np.empty((0, n_regions))
        self.residual_kpa = np.empty(0)

    def __len__(self) -> int:
        return self.end_s.shape[0]

    def append(self, end_s: np.ndarray, duration_s: np.ndarray, kind: list[str], peak_kpa: np.ndarray,
               residual_kpa: np.ndarray) -> None:
        """Adds cycles: each argument has one row per cycle, ``peak_kpa`` shape (k, n_regions)."""
        if not len(kind):
            return
        self.end_s = np.concatenate((self.end_s, end_s))
        self.duration_s = np.concatenate((self.duration_s, duration_s))
        self.kind = np.concatenate((self.kind, np.array(kind, dtype=object)))
        self.peak_kpa = np.concatenate((self.peak_kpa, peak_kpa))
        self.residual_kpa = np.concatenate((self.residual_kpa, residual_kpa))

    def drop_leading_before(self, horizon_s: float) -> None:
        """Drops the leading cycles (oldest first) that end before ``horizon_s``, up to the first that
        does not."""
        old = self.end_s < horizon_s
        k = old.shape[0] if old.all() else int(np.argmin(old))
        if k:
            self.end_s, self.duration_s, self.kind = self.end_s[k:], self.duration_s[k:], self.kind[k:]
            self.peak_kpa, self.residual_kpa = self.peak_kpa[k:], self.residual_kpa[k:]


@dataclass
class _PendingWindow:
    t_s: float
    sums: np.ndarray
    unload_t_s: float
    relieved: bool
    activity: int


#: Per-cycle arrays of a CycleFeatureArrays, in the order of CycleFeatures' fields.
_CYCLE_FIELDS = ("peak_kpa", "pti_kpa_s", "fti_n_s", "total_fti_n_s", "forefoot_share", "cop_y_mean",
                 "ml_index", "residual_kpa", "valid_fraction")


@dataclass(frozen=True)
class CycleFeatureArrays:
    """The features of several cycles as arrays, one row per cycle (what CycleFeatures holds per cycle).

    Attributes
    ----------
    foot : str
    regions : tuple of region names, the columns of the (m, n_regions) arrays
    cycles : list of the m Cycles, in order of their end
    arrays : dict name -> ndarray
        end_s, duration_s (m,) s; peak_kpa, pti_kpa_s, fti_n_s (m, n_regions), NaN where the region had
        no reading; total_fti_n_s, forefoot_share, cop_y_mean, ml_index, residual_kpa, valid_fraction (m,).
    """

    foot: str
    regions: tuple[str, ...]
    cycles: list[Cycle]
    arrays: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.cycles)

    def objects(self, idx: list[int] | None = None) -> list[CycleFeatures]:
        """CycleFeatures of the cycles at ``idx`` (None: all), in that order."""
        a = self.arrays
        if idx is None:
            cycles, cols = self.cycles, [a[k].tolist() for k in _CYCLE_FIELDS]
        else:
            cycles, cols = [self.cycles[i] for i in idx], [a[k][idx].tolist() for k in _CYCLE_FIELDS]
        regions, foot = self.regions, self.foot
        return [CycleFeatures(foot, c.kind, c.start_s, c.end_s, dict(zip(regions, peak)),
                              dict(zip(regions, pti)), dict(zip(regions, fti)), total, share, cop, ml, resid,
                              vf)
                for c, peak, pti, fti, total, share, cop, ml, resid, vf in zip(cycles, *cols)]

    @staticmethod
    def join(foot: str, regions: tuple[str, ...], parts: list[CycleFeatureArrays]) -> CycleFeatureArrays:
        """The parts one after the other."""
        parts = [b for b in parts if len(b)]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            n_reg = len(regions)
            arrays = {k: np.empty((0, n_reg) if k in ("peak_kpa", "pti_kpa_s", "fti_n_s") else 0)
                      for k in ("end_s", "duration_s", *_CYCLE_FIELDS)}
            return CycleFeatureArrays(foot, regions, [], arrays)
        return CycleFeatureArrays(foot, regions, [c for b in parts for c in b.cycles],
                                  {k: np.concatenate([b.arrays[k] for b in parts]) for k in parts[0].arrays})


class FeatureAccumulator:
    """Per-cycle and rolling-window features of one foot, and forefoot relief tracking.

    Parameters
    ----------
    layout : SensorLayout
        Decides which regions exist (monitor.codebook.SensorLayout.region_masks).
    rate_hz : float
        Nominal sample rate: each sample stands for ``1 / rate_hz`` seconds.
    params : FeatureParams

    Results (ending in ``_``): ``reliefs_`` (list of ``(start_s, end_s)``), ``relief_count_``,
    ``late_cycles_`` (cycles reported after a window that should have held them was final: should stay 0).
    """

    def __init__(self, layout: SensorLayout, rate_hz: float, params: FeatureParams | None = None) -> None:
        self.layout = layout
        self.rate_hz = float(rate_hz)
        self.params = params or FeatureParams()
        self.foot = layout.side
        self.regions = tuple(layout.region_masks())
        self.forefoot_regions = tuple(r for r in FOREFOOT_SHARE_REGIONS if r in self.regions)
        p = self.params
        if not (p.step_s > 0 and p.window_s >= p.step_s):
            raise ValueError("features: need 0 < step_s <= window_s")
        self._dt_s = 1.0 / self.rate_hz
        self._n_win_bins = int(round(p.window_s / p.step_s))
        n_reg = len(self.regions)
        self._ncol = _NFIXED + 3 * n_reg
        self._force_cols = slice(_NFIXED, _NFIXED + n_reg)
        self._peak_cols = slice(_NFIXED + n_reg, _NFIXED + 2 * n_reg)
        self._has_peak_cols = slice(_NFIXED + 2 * n_reg, _NFIXED + 3 * n_reg)
        # per-sample table: a growable ring (rows [self._lo, self._hi) are live)
        self._buf = np.empty((1024, self._ncol))
        self._lo = self._hi = 0
        self._bins: deque[_Bin] = deque(maxlen=self._n_win_bins)
        self._cur_k: int | None = None  # bin of the newest sample
        self._pending: deque[_PendingWindow] = deque()
        self._cycles = _CycleTable(n_reg)  # cycles that a pending or future window may hold
        self._no_cycles = CycleFeatureArrays.join(self.foot, self.regions, [])
        self._last_emitted_t_s = -math.inf
        self._first_t_s: float | None = None
        self._last_t_s = -math.inf
        # relief run state carried between blocks
        self._run_start_s = math.nan  # start of the below-floor run in progress (NaN: none)
        self._run_last_s = math.nan  # last sample of that run
        self._unload_t_s = math.nan
        self._activity = ACTIVITIES.index("unknown")
        self.reliefs_: list[tuple[float, float]] = []
        self.late_cycles_ = 0

    # -- public --------------------------------------------------------------------------------------
    @property
    def relief_in_progress(self) -> tuple[float, float] | None:
        """``(start_s, last_s)`` of a relief still going on at the newest sample, else None."""
        if math.isnan(self._run_start_s):
            return None
        if self._run_last_s + self._dt_s - self._run_start_s >= self.params.relief_min_s:
            return (self._run_start_s, self._run_last_s)
        return None

    @property
    def n_buffered(self) -> int:
        """Samples held for cycles and the open step (bounded by ``cycle_buffer_s`` and ``step_s``)."""
        return self._hi - self._lo

    @property
    def relief_count_(self) -> int:
        """Completed reliefs plus one still in progress."""
        return len(self.reliefs_) + (self.relief_in_progress is not None)

    def feed(self, t_s: np.ndarray, series: RegionSeries, cycles: list[Cycle] = (),
             activity: str = "unknown", *, hold: list[Cycle] = ()
             ) -> tuple[list[CycleFeatures], list[WindowFeatures]]:
        """One block of samples with the cycles completed so far and the activity over the block.

        As :meth:`feed_arrays`, with the cycles' features as CycleFeatures.
        """
        batch, windows = self.feed_arrays(t_s, series, cycles, activity, hold=hold)
        return batch.objects(), windows

    def feed_arrays(self, t_s: np.ndarray, series: RegionSeries, cycles: list[Cycle] = (),
                    activity: str = "unknown", *, hold: list[Cycle] = ()
                    ) -> tuple[CycleFeatureArrays, list[WindowFeatures]]:
        """One block of samples with the cycles completed so far and the activity over the block.

        t_s : ndarray, shape (n,), session seconds, non-decreasing and after every earlier block.
        series : RegionSeries of the same n samples.
        cycles : cycles (monitor.signal.types.Cycle) reported since the last call, in time order; their
            samples must have been fed (this block or earlier, within the last few seconds).
        activity : one of ACTIVITIES, in effect for the whole block.
        hold : cycles whose features are computed like those of ``cycles`` but not counted in the windows
            (the caller may count them later with :meth:`add_cycle_features`).

        Returns the features of ``cycles`` and ``hold`` (in order of their end) and the WindowFeatures
        that became final.
        """
        t = np.asarray(t_s, dtype=float)
        if activity not in ACTIVITIES:
            raise ValueError(f"unknown activity {activity!r}; known: {ACTIVITIES}")
        if t.size and t[0] < self._last_t_s:
            raise ValueError("features: samples must be fed in time order")
        self._activity = ACTIVITIES.index(activity)
        gait = activity in GAIT_ACTIVITIES
        held = {id(c) for c in hold}
        pending = sorted([*cycles, *hold], key=lambda c: c.end_s)
        ends = np.array([c.end_s for c in pending])
        taken = 0
        parts: list[CycleFeatureArrays] = []
        windows: list[WindowFeatures] = []
        n = t.size
        for lo in range(0, max(n, 1), _PIECE):  # bounded pieces: the per-sample table stays small
            hi = min(n, lo + _PIECE)
            if hi > lo:
                if self._first_t_s is None:
                    self._first_t_s = float(t[lo])
                rows = self._rows(t[lo:hi], slice_series(series, lo, hi), gait)
                self._close_bins_before(int(math.floor(t[lo] / self.params.step_s)))
                self._append(rows)
                self._last_t_s = float(t[hi - 1])
            k = len(pending) if hi >= n else max(taken, int(np.searchsorted(ends, t[hi - 1], side="right")))
            done, taken = pending[taken:k], k
            if done:
                arrays = self._cycle_arrays(done)
                counted = np.array([id(c) not in held for c in done])
                self._count(arrays, counted, [c.kind for c in done])
                parts.append(CycleFeatureArrays(self.foot, self.regions, done, arrays))
            windows += self._emit()
            self._trim()
        batch = CycleFeatureArrays.join(self.foot, self.regions, parts) if parts else self._no_cycles
        return batch, windows

    def add_cycle_features(self, cycle_features: list[CycleFeatures]) -> None:
        """Counts cycles (features from an earlier ``feed(..., hold=...)``) in the windows not yet final."""
        if not cycle_features:
            return
        end = np.array([cf.end_s for cf in cycle_features])
        self.late_cycles_ += int(np.count_nonzero(end <= self._last_emitted_t_s))
        self._cycles.append(end, end - np.array([cf.start_s for cf in cycle_features]),
                            [cf.kind for cf in cycle_features],
                            np.array([[cf.peak_kpa[r] for r in self.regions] for cf in cycle_features]),
                            np.array([cf.residual_forefoot_kpa for cf in cycle_features]))

    def _count(self, arrays: dict[str, np.ndarray], counted: np.ndarray, kinds: list[str]) -> None:
        """Counts the cycles of ``arrays`` (see _cycle_arrays) where ``counted`` in the windows."""
        end = arrays["end_s"][counted]
        self.late_cycles_ += int(np.count_nonzero(end <= self._last_emitted_t_s))
        self._cycles.append(end, arrays["duration_s"][counted], [k for k, c in zip(kinds, counted) if c],
                            arrays["peak_kpa"][counted], arrays["residual_kpa"][counted])

    # -- samples -------------------------------------------------------------------------------------
    def _rows(self, t: np.ndarray, s: RegionSeries, gait: bool) -> np.ndarray:
        """The per-sample table of a piece; sums over missing samples add exactly 0."""
        n = t.size
        n_reg = len(self.regions)
        rows = self._reserve(n)
        total = np.asarray(s.total_force_n, dtype=float)
        valid = ~np.isnan(total)
        ff = np.asarray(s.forefoot_force_n, dtype=float)
        cop_y = np.asarray(s.cop_y, dtype=float)
        rows[:, _T] = t
        rows[:, _VALID] = valid
        rows[:, _TOTAL] = total
        rows[:, _FF] = ff
        rows[:, _FFPEAK] = s.forefoot_peak_kpa
        with np.errstate(invalid="ignore"):
            cop_ok = (total > 0) & (cop_y == cop_y)  # NaN compares unequal to itself
        rows[:, _COPW] = np.where(cop_ok, total, 0.0)
        rows[:, _COPWY] = np.where(cop_ok, total * cop_y, 0.0)
        rows[:, _ACT] = self._activity
        for i, region in enumerate(self.regions):
            rows[:, _NFIXED + i] = s.region_force_n[region]
            rows[:, _NFIXED + n_reg + i] = s.region_peak_kpa[region]
        peaks = rows[:, self._peak_cols]
        missing = np.isnan(peaks)
        if missing.any():
            rows[:, self._has_peak_cols] = ~missing
            peaks[missing] = 0.0
        else:
            rows[:, self._has_peak_cols] = 1.0
        if not valid.all():
            rows[~valid, _TOTAL] = 0.0
            rows[~valid, _FF] = 0.0
            rows[~valid, self._force_cols] = 0.0
        self._relief(rows, ff, valid, gait)
        return rows

    def _relief(self, rows: np.ndarray, ff: np.ndarray, valid: np.ndarray, gait: bool) -> None:
        """Fills the unload-time and relief columns; records completed reliefs; carries the run state.

        A run of samples below the floor is broken by a sample that is not below (missing included) and
        by a jump in time of more than two sample periods (no data is not evidence of relief).
        """
        p = self.params
        t = rows[:, _T]
        n = t.size
        dt = self._dt_s
        with np.errstate(invalid="ignore"):
            below = valid & (ff < p.relief_floor_n)
        carry = not math.isnan(self._run_start_s)
        prev_t = np.concatenate([[self._run_last_s if carry else -math.inf], t[:-1]])
        jump = (t - prev_t) > 2.0 * dt
        prev_below = np.concatenate([[carry], below[:-1]])
        starts = below & (~prev_below | jump)
        idx = np.arange(n)
        first = np.maximum.accumulate(np.where(starts, idx, -1))
        start = np.where(first >= 0, t[np.maximum(first, 0)], self._run_start_s)
        held_s = t - start + dt
        relief_now = below & (held_s >= p.relief_min_s)
        unload = (relief_now | (below & (held_s >= p.gait_unload_min_s))) if gait else relief_now
        unload_t = np.maximum.accumulate(np.where(unload, t, -np.inf))
        if not math.isnan(self._unload_t_s):
            unload_t = np.maximum(unload_t, self._unload_t_s)
        rows[:, _UNLOAD_T] = np.where(np.isfinite(unload_t), unload_t, np.nan)
        rows[:, _RELIEF] = relief_now
        ends = np.flatnonzero(prev_below & (~below | jump))  # runs that end before these samples
        if ends.size:
            run_start, run_last = start[ends - 1], t[ends - 1]
            if ends[0] == 0:  # the run carried in from the last block
                run_start[0], run_last[0] = self._run_start_s, self._run_last_s
            long = run_last + dt - run_start >= p.relief_min_s
            self.reliefs_ += [(a, b + dt) for a, b in zip(run_start[long].tolist(), run_last[long].tolist())]
        if below[-1]:
            self._run_start_s, self._run_last_s = float(start[-1]), float(t[-1])
        else:
            self._run_start_s = self._run_last_s = math.nan
        if np.isfinite(unload_t[-1]):
            self._unload_t_s = float(unload_t[-1])

    def _append(self, rows: np.ndarray) -> None:
        """Makes the reserved ``rows`` (see _reserve) live, closing every bin that a later sample in
        ``rows`` completes."""
        step = self.params.step_s
        k = np.floor(rows[:, _T] / step).astype(np.int64)
        bounds = [0, *(np.flatnonzero(np.diff(k)) + 1).tolist(), rows.shape[0]]
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            self._close_bins_before(int(k[lo]))
            self._hi += hi - lo
            self._cur_k = int(k[lo])

    def _reserve(self, n: int) -> np.ndarray:
        """Room for ``n`` rows right after the live ones, returned to be filled (not live yet)."""
        if self._hi + n > self._buf.shape[0]:
            m = self._hi - self._lo
            if 2 * (m + n) > self._buf.shape[0]:
                new = np.empty((2 * (m + n), self._ncol))
                new[:m] = self._buf[self._lo:self._hi]
                self._buf = new
            else:
                self._buf[:m] = self._buf[self._lo:self._hi].copy()
            self._lo, self._hi = 0, m
        return self._buf[self._hi:self._hi + n]

    def _live(self) -> np.ndarray:
        return self._buf[self._lo:self._hi]

    def _trim(self) -> None:
        """Drops samples no cycle or open bin can need (bounded memory)."""
        live = self._live()
        if not live.shape[0]:
            return
        keep_from = self._last_t_s - self.params.cycle_buffer_s
        if self._cur_k is not None:
            keep_from = min(keep_from, self._cur_k * self.params.step_s)
        self._lo += int(np.searchsorted(live[:, _T], keep_from, side="left"))
        horizon = self._last_emitted_t_s - self.params.window_s
        self._cycles.drop_leading_before(horizon)

    # -- bins and windows ----------------------------------------------------------------------------
    def _bin_sums(self, rows: np.ndarray) -> np.ndarray:
        """[n_valid, total, forefoot, cop weight, cop weight * y, region forces..., region peak sums...,
        region peak counts...] over ``rows``; the same rows give the same sums whatever the chunking."""
        head = rows[:, [_VALID, _TOTAL, _FF, _COPW, _COPWY]].sum(axis=0)
        if len(self.regions) > 1:  # one pass; each column is added row after row all the same
            regional = rows[:, _NFIXED:].sum(axis=0)
        else:  # a lone column is summed pairwise: keep each on its own
            regional = np.concatenate([rows[:, cols].sum(axis=0)
                                       for cols in (self._force_cols, self._peak_cols, self._has_peak_cols)])
        return np.concatenate([head, regional])

    def _close_bins_before(self, k_new: int) -> None:
        """Closes the open bin and any empty bins up to (not including) ``k_new``."""
        if self._cur_k is None or k_new <= self._cur_k:
            return
        live = self._live()
        step = self.params.step_s
        lo = int(np.searchsorted(live[:, _T], self._cur_k * step, side="left"))
        rows = live[lo:]
        n_sums = 5 + 3 * len(self.regions)
        last = rows[-1] if rows.shape[0] else None
        if last is not None:
            unload_t, relieved, act = float(last[_UNLOAD_T]), bool(last[_RELIEF]), int(last[_ACT])
            sums = self._bin_sums(rows)
        else:
            unload_t, relieved, act = self._unload_t_s, False, self._activity
            sums = np.zeros(n_sums)
        self._add_bin(_Bin(self._cur_k, sums, unload_t, relieved, act, rows.shape[0] > 0))
        for k in range(self._cur_k + 1, k_new):
            prev = self._bins[-1]
            self._add_bin(_Bin(k, np.zeros(n_sums), prev.unload_t_s, False, prev.activity, False))
        self._cur_k = k_new

    def _add_bin(self, b: _Bin) -> None:
        self._bins.append(b)
        k0 = b.k - self._n_win_bins + 1
        sums = np.zeros_like(b.sums)
        for x in self._bins:  # oldest first: a fixed order, the same for any chunking
            if x.k >= k0:
                sums = sums + x.sums
        self._pending.append(_PendingWindow((b.k + 1) * self.params.step_s, sums, b.unload_t_s, b.relieved,
                                            b.activity))

    def _emit(self) -> list[WindowFeatures]:
        out = []
        while self._pending and self._pending[0].t_s + self.params.settle_s <= self._last_t_s:
            pw = self._pending.popleft()
            out.append(self._window(pw))
            self._last_emitted_t_s = pw.t_s
        return out

    def _window(self, pw: _PendingWindow) -> WindowFeatures:
        p = self.params
        n_reg = len(self.regions)
        s = pw.sums
        n_valid, total, ff, copw, copwy = s[:5]
        forces = s[5:5 + n_reg]
        peak_sum = s[5 + n_reg:5 + 2 * n_reg]
        peak_n = s[5 + 2 * n_reg:]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = {r: _ratio(forces[i], total) for i, r in enumerate(self.regions)}
            pti_rate = {r: (60.0 * peak_sum[i] / peak_n[i] if peak_n[i] else math.nan)
                        for i, r in enumerate(self.regions)}
        lo_s = pw.t_s - p.window_s
        table = self._cycles
        sel = (lo_s <= table.end_s) & (table.end_s < pw.t_s)
        if sel.any():
            peaks = table.peak_kpa[sel]
            ok = ~np.isnan(peaks)
            n_ok = ok.sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                peak_vec = np.where(n_ok > 0, np.where(ok, peaks, 0.0).sum(axis=0) / n_ok, np.nan)
            residual = _nanmedian(table.residual_kpa[sel])
            cadence = _cadence_per_min(table.kind[sel], table.duration_s[sel], ACTIVITIES[pw.activity])
        else:
            peak_vec = np.full(n_reg, np.nan)
            residual = cadence = math.nan
        peak = dict(zip(self.regions, peak_vec.tolist()))
        first = self._first_t_s if self._first_t_s is not None else pw.t_s
        since_s = pw.t_s - (pw.unload_t_s if not math.isnan(pw.unload_t_s) else first)
        return WindowFeatures(
            foot=self.foot, t_s=pw.t_s, window_s=p.window_s, activity=ACTIVITIES[pw.activity],
            cadence_per_min=cadence,
            forefoot_share=_ratio(ff, total), region_share=share, peak_kpa=peak,
            pti_kpa_s_per_min=pti_rate, cop_y_mean=_ratio(copwy, copw),
            ml_index=_ml_index(_at(forces, self.regions, "mth1"), _at(forces, self.regions, "mth4_5")),
            residual_forefoot_kpa=residual, time_since_relief_s=max(since_s, 0.0),
            relieved_now=pw.relieved, valid_fraction=min(1.0, n_valid / (p.window_s * self.rate_hz)),
        )

    # -- cycles --------------------------------------------------------------------------------------
    def _cycle_arrays(self, cycles: list[Cycle]) -> dict[str, np.ndarray]:
        """Features of cycles whose samples are in the table, computed together (segment reductions).

        Returns arrays with one row per cycle: end_s, duration_s, peak_kpa, pti_kpa_s, fti_n_s (each
        (nc, n_regions), NaN where the region had no reading), total_fti_n_s, forefoot_share, cop_y_mean,
        ml_index, residual_kpa, valid_fraction (each (nc,)).
        """
        live = self._live()
        nc = len(cycles)
        start_s = np.array([c.start_s for c in cycles])
        end_s = np.array([c.end_s for c in cycles])
        lo = np.searchsorted(live[:, _T], start_s, side="left")
        hi = np.searchsorted(live[:, _T], end_s, side="left")
        full = np.flatnonzero(hi > lo)  # cycles with samples; hi is non-decreasing (cycles by end)
        rows = live[lo[full].min():hi[full].max()] if full.size else live[:0]
        lo, hi = lo - (lo[full].min() if full.size else 0), hi - (lo[full].min() if full.size else 0)

        def seg(ufunc: np.ufunc, x: np.ndarray, empty: float) -> np.ndarray:
            out = np.full((nc, *x.shape[1:]), empty)
            if full.size:
                out[full] = _reduce_segments(ufunc, x, lo[full], hi[full])
            return out

        n_reg = len(self.regions)
        dt = self._dt_s
        # every sum in one segment reduction (each column is reduced on its own, in the same order):
        # n_valid, total, forefoot, cop weight, cop weight * y, region forces, peak sums, peak counts
        sums = seg(np.add, rows[:, _VALID:], 0.0)
        n_valid = sums[:, 0]
        forces = sums[:, 5:5 + n_reg] * dt
        pti = sums[:, 5 + n_reg:5 + 2 * n_reg] * dt
        peak_n = sums[:, 5 + 2 * n_reg:]
        present = rows[:, self._has_peak_cols] > 0
        peak_max = seg(np.maximum, np.where(present, rows[:, self._peak_cols], -np.inf), -np.inf)
        has = n_valid > 0
        total_fti = np.where(has, sums[:, 1] * dt, np.nan)
        ff_fti = sums[:, 2] * dt
        fti = np.where(has[:, None], forces, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(has & (total_fti > 0) & ~np.isnan(ff_fti), ff_fti / total_fti, np.nan)
            cop = np.where(sums[:, 3] > 0, sums[:, 4] / sums[:, 3], np.nan)
            mth1, mth4_5 = (fti[:, self.regions.index(r)] if r in self.regions else np.full(nc, np.nan)
                            for r in ("mth1", "mth4_5"))
            both = mth1 + mth4_5
            ml = np.where(both > 0, (mth4_5 - mth1) / both, np.nan)
        duration_s = end_s - start_s
        expected = np.maximum(1, np.rint(duration_s * self.rate_hz))
        return {
            "end_s": end_s, "duration_s": duration_s,
            "peak_kpa": np.where(peak_n > 0, peak_max, np.nan),
            "pti_kpa_s": np.where(peak_n > 0, pti, np.nan),
            "fti_n_s": fti, "total_fti_n_s": total_fti, "forefoot_share": share, "cop_y_mean": cop,
            "ml_index": ml, "residual_kpa": self._residuals(cycles, rows, lo, hi, seg),
            "valid_fraction": np.minimum(1.0, n_valid / expected),
        }

    def _residuals(self, cycles: list[Cycle], rows: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   seg) -> np.ndarray:
        """The ``residual_quantile`` of the forefoot peak pressure over each cycle's unloaded phase (NaN
        when it has no such sample), linear interpolation as numpy.quantile. Cycle i has the samples
        ``rows[lo[i]:hi[i]]``.
        """
        nc = len(cycles)
        valid = rows[:, _VALID] > 0
        total = rows[:, _TOTAL]
        low = seg(np.minimum, np.where(valid, total, np.inf), np.inf)
        high = seg(np.maximum, np.where(valid, total, -np.inf), -np.inf)
        lens = np.maximum(hi - lo, 0)
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        at = np.arange(int(lens.sum()))
        idx = at - np.repeat(starts - lo, lens)  # the cycles' rows, one after the other
        cid = np.repeat(np.arange(nc), lens)
        toe_off = np.array([c.toe_off_s if c.toe_off_s is not None else np.nan for c in cycles])
        stride = np.array([c.kind == "stride" for c in cycles])
        total = total[idx]
        with np.errstate(invalid="ignore"):
            unloaded = np.where(stride[cid], rows[idx, _T] >= toe_off[cid], total < 0.5 * (low + high)[cid])
        ffpeak = rows[idx, _FFPEAK]
        use = unloaded & valid[idx] & ~np.isnan(ffpeak)
        k = np.zeros(nc, dtype=int)
        np.add.at(k, cid[use], 1)
        out = np.full(nc, np.nan)
        ok = k > 0
        if not ok.any():
            return out
        # each cycle's values in a row of its own (unused places +inf), sorted
        table = np.full((nc, int(lens.max())), np.inf)
        table[cid[use], (at - starts[cid])[use]] = ffpeak[use]
        table.sort(axis=1)
        which = np.flatnonzero(ok)
        pos = self.params.residual_quantile * (k[ok] - 1)
        f = np.floor(pos).astype(int)
        below = table[which, f]
        above = table[which, np.minimum(f + 1, k[ok] - 1)]
        out[ok] = below + (pos - f) * (above - below)
        return out


def _reduce_segments(ufunc: np.ufunc, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``ufunc.reduceat`` of ``x`` (m, ...) along axis 0 over each ``[lo[i], hi[i])`` (lo < hi <= m, hi
    non-decreasing), without copying the rows: the same result as reducing each segment on its own."""
    m = x.shape[0]
    inner = int(np.searchsorted(hi, m, side="left"))  # segments ending before the last row of x
    out = np.empty((lo.shape[0], *x.shape[1:]))
    if inner:
        bounds = np.empty(2 * inner, dtype=np.intp)
        bounds[0::2], bounds[1::2] = lo[:inner], hi[:inner]
        out[:inner] = ufunc.reduceat(x, bounds, axis=0)[0::2]
    for i in range(inner, lo.shape[0]):  # the last row ends them: reduceat's last segment runs to it
        out[i] = ufunc.reduceat(x, [lo[i]], axis=0)[0]
    return out


def slice_series(s: RegionSeries, lo: int, hi: int) -> RegionSeries:
    """Samples ``[lo, hi)`` of a RegionSeries."""
    return RegionSeries(
        s.total_force_n[lo:hi], s.forefoot_force_n[lo:hi],
        {r: v[lo:hi] for r, v in s.region_force_n.items()},
        {r: v[lo:hi] for r, v in s.region_peak_kpa.items()},
        s.forefoot_peak_kpa[lo:hi], s.cop_x[lo:hi], s.cop_y[lo:hi],
    )


def _at(values: np.ndarray, regions: tuple[str, ...], region: str) -> float:
    return float(values[regions.index(region)]) if region in regions else math.nan


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b > 0 and not math.isnan(a) else math.nan


def _ml_index(mth1: float, mth4_5: float) -> float:
    s = mth1 + mth4_5
    return float((mth4_5 - mth1) / s) if s > 0 else math.nan


def _median(values: np.ndarray) -> float:
    """statistics.median of NaN-free values (at least one), the same value: a stable sort keeps equal
    values (0.0 and -0.0) in their order, as sorted() does."""
    v = np.sort(values, kind="stable")
    n = v.shape[0]
    return float(v[n // 2]) if n % 2 else (float(v[n // 2 - 1]) + float(v[n // 2])) / 2


def _nanmedian(values: np.ndarray) -> float:
    a = values[~np.isnan(values)]
    return _median(a) if a.shape[0] else math.nan


def _cadence_per_min(kinds: np.ndarray, durations_s: np.ndarray, activity: str) -> float:
    """Cycling: revolutions per minute; otherwise steps of both feet per minute (two per cycle of a foot),
    as the scenarios and gym machines count them. From the median cycle duration of the commoner kind
    (the first in alphabetical order on a tie).

    kinds, durations_s : one item per cycle (NaN if there are none).
    """
    if not kinds.shape[0]:
        return math.nan
    names = sorted(set(kinds.tolist()))
    if len(names) > 1:
        counts = [int(np.count_nonzero(kinds == k)) for k in names]
        durations_s = durations_s[kinds == names[counts.index(max(counts))]]
    per_cycle = 60.0 if activity == "cycling" else 120.0
    return float(per_cycle / _median(durations_s))
