"""Features of one foot: per cycle, per rolling window, and forefoot relief. Streaming, bounded state.

One idea: the rolling features of one foot (the per-sample table, its bins and windows; the cycle
reductions, the relief and the tables it fills are modules of their own).

``FeatureAccumulator.feed(t_s, series, cycles, activity)`` takes the regional series of a block of
samples (monitor.signal.regions), the cycles completed since the last call, and the activity in effect
for the block; it returns the features of those cycles and the rolling windows that became final.

Definitions (domain.md section 3; docs/detection.md has the rationale). Every one is the same on any
insole: it is built on hot-spot pressures, region pressures and nominal loads (monitor.signal.regions),
never on the sum of sensor forces of a particular layout.

- **Peak pressure** of a region in a cycle: the highest hot-spot pressure of the region (the mean over
  its most loaded ``HOT_AREA_MM2``, regions.region_hot_kpa; kPa) over the cycle.
- **PTI**: integral over time of the region's hot-spot pressure (kPa s); per cycle, and per window as a
  rate (kPa s per minute of valid data). **FTI**: integral of the region's nominal load (N s).
- **Forefoot share**: the forefoot regions' (FOREFOOT_SHARE_REGIONS) nominal-load integral over the foot's
  total: a pressure-time share with fixed anatomical region weights (regions.NOMINAL_WEIGHTS); NaN for a
  layout missing a whole group (heel, midfoot, metatarsal heads or toes).
- **Region shares** (reported, never read by the detector): a region's hot-spot PTI with its fixed weight
  over the sum of the nine regions' (regions.RegionReducer.hot_loads), so a grid's edge sensels do not
  dilute them; NaN for every region unless the layout has a sensor in each of the nine (a region filled
  in from its group, or a group left out, would move every share with the layout).
- **COP**: the load-weighted mean nominal centre of pressure (regions.NOMINAL_CENTRE_Y; 0 heel .. 1 toe).
- **Mediolateral index** (MTH4-5 - MTH1) / (MTH4-5 + MTH1) of the regions' PTI (pressure, not force);
  NaN when either is unresolved.
- **Residual forefoot pressure**: a low quantile (``residual_quantile``) of the forefoot hot spot located
  over the previous step (monitor.signal.hot_spot_track) in the cycle's unloaded phase: the swing ``[toe_off_s, end_s)``
  of a stride, the samples of a stroke below the half-way load between the stroke's minimum and peak; never below
  0 kPa (the low-pass filter's tail after an unloading dips under it). A shoe that never lets go keeps it high.
- **Relief** (monitor.signal.relief): the smoothed forefoot pressure below ``relief_enter_kpa`` until it
  rises above ``relief_exit_kpa``, for at least ``relief_min_s``. During running or walking an unloaded
  swing (``gait_unload_min_s``) resets ``time_since_relief_s`` but is not a relief.

Integrals use the nominal sample period ``1 / rate_hz``: a sample's contribution depends on itself only,
so results are the same for any chunking. Missing samples (NaN) add nothing and lower ``valid_fraction``; nor
does a sample not analysed (its total load NaN: a whole group of sensors with no sample) add its regions'
hot-spot pressures, so a window without an analysed sample has NaN PTI and mediolateral index, as its shares.

Windows: the window ending at ``t_s = k * step_s`` covers ``[t_s - window_s, t_s)``. It is final, and
returned, once a sample at or after ``t_s + settle_s`` has been fed, so that the cycle detectors (which
report a cycle at most ``cycle_report_delay_s`` after it ends) have reported every cycle in it. Where the time axis
jumps (no samples, not even missing ones, for longer than a window), its windows are those the same span
of missing samples gives (``valid_fraction`` 0, every reading missing, the activity then in effect as
``activity_before`` says it) as long as it spans at most the
foot's steps with samples so far plus ``GAP_WINDOWS_ALLOWANCE_S``; past that, the first window without a
sample is returned and the later ones are not made until the data resume: the number of windows follows
the data, not the timestamps (docs/reliability.md).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from monitor.codebook import SensorLayout
from monitor.signal.cycle_reductions import (
    _ACT,
    _COPW,
    _COPWY,
    _FF,
    _FFPEAK,
    _NFIXED,
    _PIECE,
    _RELIEF,
    _T,
    _TOTAL,
    _UNLOAD_T,
    _VALID,
    CycleReductions,
)
from monitor.signal.feature_tables import (
    CycleFeatureArrays,
    CycleTable,
    cadence_per_min,
    ml_index,
    nanmedian,
    ratio,
    slice_series,
)
from monitor.signal.params import FeatureParams
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, RegionReducer, RegionSeries
from monitor.signal.relief import ReliefTracker
from monitor.signal.types import Cycle, CycleFeatures, WindowFeatures

#: Activity labels of monitor.signal.activity, in the order of their integer codes here.
ACTIVITIES = ("cycling", "running", "walking", "elliptical_or_stair", "unknown")
#: Activities whose cycles are strides with a swing phase that unloads the forefoot.
GAIT_ACTIVITIES = ("running", "walking")
#: A jump in the time axis has every window of its span when it spans at most the foot's steps with samples so
#: far plus this (s; a guess: an hour of windows without data, 360 rows, costs little beside any data); a
#: longer one (a file's stray timestamp 10^6 s away) has its first window without a sample alone.
GAP_WINDOWS_ALLOWANCE_S = 3600.0



@dataclass
class _Bin:
    """Sums over the samples of one step ``[k * step_s, (k + 1) * step_s)``."""

    k: int
    sums: np.ndarray  # (n_sums,), see FeatureAccumulator._bin_sums
    unload_t_s: float  # the last unloading at or before the bin's last sample (NaN: none yet)
    hole_s: float  # time without data since that unloading (or the first sample), through this bin (s)
    relieved: bool  # the bin's last sample was inside a relief
    activity: int  # code of the bin's last sample (if empty: FeatureAccumulator.activity_before's)
    has_samples: bool


@dataclass
class _PendingWindow:
    t_s: float
    sums: np.ndarray
    unload_t_s: float
    hole_s: float
    relieved: bool
    activity: int


class FeatureAccumulator(CycleReductions):
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
        #: every anatomical group has a sensor: the forefoot share is comparable (monitor.signal.regions)
        reducer = RegionReducer(layout)
        self.complete = reducer.complete
        #: the regions' hot-spot loads from their hot-spot pressures (or PTI), None unless the layout resolves
        #: every region: what the region shares are made of
        self._hot_loads = reducer.hot_loads
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
        #: the regions of the mediolateral index (None: not resolved)
        self._ml_cols = tuple(self.regions.index(r) if r in self.regions else None for r in ("mth1", "mth4_5"))
        # per-sample table: a growable ring (rows [self._lo, self._hi) are live)
        self._buf = np.empty((1024, self._ncol))
        self._lo = self._hi = 0
        self._bins: deque[_Bin] = deque(maxlen=self._n_win_bins)
        self._cur_k: int | None = None  # bin of the newest sample
        self._n_sampled_bins = 0  # closed bins with a sample (missing or not)
        self._pending: deque[_PendingWindow] = deque()
        self._cycles = CycleTable(n_reg)  # cycles that a pending or future window may hold
        self._no_cycles = CycleFeatureArrays.join(self.foot, self.regions, [])
        self._last_emitted_t_s = -math.inf
        self._first_t_s: float | None = None
        self._first_read_t_s = math.nan  # the first sample with a reading (NaN: none yet)
        self._last_t_s = -math.inf
        self._hole_unload_t_s = math.nan  # the unloading the hole time counts from (NaN: the first sample)
        self._hole_s = 0.0  # time without data since then, through the last closed bin (s)
        # relief run state carried between blocks
        self.relief = ReliefTracker(self.rate_hz, self.params)
        self._activity = ACTIVITIES.index("unknown")
        #: the activity in effect at the last sample before a session time (s), for the steps of a jump without
        #: samples (the pipeline's labels), so that they have the activity the same gap of missing samples has;
        #: None: each has the step's before it
        self.activity_before: Callable[[float], str] | None = None
        self.late_cycles_ = 0

    # -- public --------------------------------------------------------------------------------------
    @property
    def relief_in_progress(self) -> tuple[float, float] | None:
        """``(start_s, last_s)`` of a relief still going on at the newest sample, else None."""
        return self.relief.in_progress()

    @property
    def reliefs_(self) -> list[tuple[float, float]]:
        return self.relief.reliefs_

    @property
    def n_buffered(self) -> int:
        """Samples held for cycles and the open step (bounded by ``cycle_buffer_s`` and ``step_s``)."""
        return self._hi - self._lo

    @property
    def next_final_s(self) -> float:
        """The earliest frame time at which a window can become final (session s): a feed whose samples
        are all before it returns no window. A window is final once a sample at or after its end plus
        ``settle_s`` is fed; the earliest window not yet returned ends at the open step's end, or earlier
        if one is waiting. -inf before the first sample."""
        if self._cur_k is None:
            return -math.inf
        end_s = (self._cur_k + 1) * self.params.step_s  # as _add_bin computes a window's end
        if self._pending:
            end_s = min(end_s, self._pending[0].t_s)
        return end_s + self.params.settle_s

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
                    step = self.params.step_s  # the first step's span before the first sample is no hole
                    self._hole_s = -(self._first_t_s - math.floor(self._first_t_s / step) * step)
                rows = self._rows(t[lo:hi], slice_series(series, lo, hi), gait)
                self._close_bins_before(int(math.floor(t[lo] / self.params.step_s)))
                self._append(rows, t[lo:hi])
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
        """The per-sample table of a piece of n samples, (n, n_columns) (the columns of
        monitor.signal.cycle_reductions, then the regions'); sums over missing samples add exactly 0. The
        columns are made each contiguous in a (n_columns, n) array, then copied into the table at once."""
        n = t.size
        n_reg = len(self.regions)
        cols = np.empty((self._ncol, n))
        total = np.asarray(s.total_force_n, dtype=float)
        valid = ~np.isnan(total)
        if math.isnan(self._first_read_t_s) and valid.any():
            self._first_read_t_s = float(t[int(valid.argmax())])
        ff = np.asarray(s.forefoot_force_n, dtype=float)
        cop_y = np.asarray(s.nominal_cop_y, dtype=float)
        cols[_T] = t
        cols[_VALID] = valid
        cols[_TOTAL] = total
        cols[_FF] = ff
        cols[_FFPEAK] = s.forefoot_peak_kpa if s.forefoot_spot_kpa is None else s.forefoot_spot_kpa
        with np.errstate(invalid="ignore"):
            cop_ok = (total > 0) & (cop_y == cop_y)  # NaN compares unequal to itself
        cols[_COPW] = np.where(cop_ok, total, 0.0)
        cols[_COPWY] = np.where(cop_ok, total * cop_y, 0.0)
        cols[_ACT] = self._activity
        for i, region in enumerate(self.regions):
            cols[_NFIXED + i] = s.region_force_n[region]
            cols[_NFIXED + n_reg + i] = (s.region_hot_kpa or s.region_kpa)[region]
        peaks = cols[self._peak_cols]
        missing = np.isnan(peaks)
        if not valid.all():  # a frame not analysed (no total load) adds no hot-spot pressure either
            missing |= ~valid
        if missing.any():
            cols[self._has_peak_cols] = ~missing
            peaks[missing] = 0.0
        else:
            cols[self._has_peak_cols] = 1.0
        if not valid.all():
            cols[_TOTAL, ~valid] = 0.0
            cols[_FF, ~valid] = 0.0
            cols[self._force_cols][:, ~valid] = 0.0
        relief_kpa = s.forefoot_kpa if s.forefoot_relief_kpa is None else s.forefoot_relief_kpa
        cols[_UNLOAD_T], cols[_RELIEF] = self.relief.feed(t, np.asarray(relief_kpa, dtype=float), gait)
        rows = self._reserve(n)
        rows[:] = cols.T
        return rows

    def _append(self, rows: np.ndarray, t: np.ndarray) -> None:
        """Makes the reserved ``rows`` (see _reserve) live, closing every bin that a later sample in
        ``rows`` completes. ``t`` (n,) s: the rows' times (their _T column), contiguous."""
        k = np.floor(t / self.params.step_s)  # whole numbers: the bin of each row
        bounds = [0, *(np.flatnonzero(k[1:] != k[:-1]) + 1).tolist(), rows.shape[0]]
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
        sums = np.empty(5 + 3 * len(self.regions))
        # the head columns each made contiguous, so that each is summed pairwise
        np.add.reduce(rows[:, _VALID:_COPWY + 1].T.copy(), axis=1, out=sums[:5])
        if len(self.regions) > 1:  # one pass; each column is added row after row all the same
            np.add.reduce(rows[:, _NFIXED:], axis=0, out=sums[5:])
        else:  # a lone column is summed pairwise: keep each on its own
            sums[5:] = np.concatenate([rows[:, cols].sum(axis=0)
                                       for cols in (self._force_cols, self._peak_cols, self._has_peak_cols)])
        return sums

    def _close_bins_before(self, k_new: int) -> None:
        """Closes the open bin and any empty bins up to (not including) ``k_new``."""
        if self._cur_k is None or k_new <= self._cur_k:
            return
        live = self._live()
        step = self.params.step_s
        rows = live[int(live[:, _T].searchsorted(self._cur_k * step, side="left")):]
        n_sums = 5 + 3 * len(self.regions)
        if rows.shape[0]:
            last = rows[-1].tolist()
            unload_t, relieved, act = last[_UNLOAD_T], bool(last[_RELIEF]), int(last[_ACT])
            sums = self._bin_sums(rows)
        else:
            unload_t, relieved, act = self.relief.unload_t_s, False, self._activity
            sums = np.zeros(n_sums)
        hole_s = self._hole_through(unload_t, step - float(sums[0]) / self.rate_hz, rows)
        self._add_bin(_Bin(self._cur_k, sums, unload_t, hole_s, relieved, act, rows.shape[0] > 0))
        self._n_sampled_bins += rows.shape[0] > 0
        # a gap's windows, as missing samples would give them; past the allowance only the first without a
        # sample, which marks the hole, so that a jump in the time axis costs what its data cost, not its span
        last_k = k_new - 1
        if last_k - self._cur_k > self._n_sampled_bins + GAP_WINDOWS_ALLOWANCE_S / step:
            last_k = min(last_k, self._cur_k + self._n_win_bins)
        for k in range(self._cur_k + 1, last_k + 1):
            prev = self._bins[-1]
            act = prev.activity if self.activity_before is None else ACTIVITIES.index(self.activity_before(
                (k + 1) * step))
            self._add_bin(_Bin(k, np.zeros(n_sums), prev.unload_t_s, prev.hole_s + step * (k - prev.k), False,
                               act, False))
        self._hole_s = self._hole_s + step * (k_new - self._cur_k - 1)  # the steps with no sample at all
        self._cur_k = k_new

    def _hole_through(self, unload_t_s: float, missing_s: float, rows: np.ndarray) -> float:
        """Time without data since the last unloading through the bin being closed, which misses
        ``missing_s`` of its span (s; < 0 for a device that samples a little fast), its ``rows`` (m, n_columns)
        the per-sample table's. An unloading in that bin starts the count afresh: the bin's span from the
        unloading to its end less the time of its samples with a reading from the unloading on (the samples
        it misses before the unloading are not counted, those after it are)."""
        if unload_t_s != self._hole_unload_t_s and not math.isnan(unload_t_s):
            end_s = (self._cur_k + 1) * self.params.step_s
            after = rows[int(rows[:, _T].searchsorted(unload_t_s, side="left")):, _VALID]
            self._hole_unload_t_s = unload_t_s
            self._hole_s = (end_s - unload_t_s) - float(after.sum()) / self.rate_hz
        else:
            self._hole_s += missing_s
        return self._hole_s

    def _add_bin(self, b: _Bin) -> None:
        self._bins.append(b)
        k0 = b.k - self._n_win_bins + 1
        sums = np.zeros(b.sums.shape[0])
        for x in self._bins:  # oldest first: a fixed order, the same for any chunking
            if x.k >= k0:
                np.add(sums, x.sums, out=sums)
        self._pending.append(_PendingWindow((b.k + 1) * self.params.step_s, sums, b.unload_t_s, b.hole_s,
                                            b.relieved, b.activity))

    def _emit(self) -> list[WindowFeatures]:
        out = []
        end = self._cycles.end_s
        ordered = bool((end[1:] >= end[:-1]).all())  # held cycles counted late may break the order
        while self._pending and self._pending[0].t_s + self.params.settle_s <= self._last_t_s:
            pw = self._pending.popleft()
            out.append(self._window(pw, ordered))
            self._last_emitted_t_s = pw.t_s
        return out

    def _window(self, pw: _PendingWindow, ordered: bool) -> WindowFeatures:
        """The features of a window; ``ordered``: the cycle table is sorted by end time."""
        p = self.params
        regions = self.regions
        n_reg = len(regions)
        # the sums as Python floats: the same IEEE divisions as numpy's scalars, without their overhead
        n_valid = pw.sums[0]  # a numpy scalar: valid_fraction keeps its type
        s = pw.sums.tolist()
        total, ff, copw, copwy = s[1:5]
        peak_sum = s[5 + n_reg:5 + 2 * n_reg]
        peak_n = s[5 + 2 * n_reg:]
        pti_rate = {r: (np.float64(60.0 * ps / pn) if pn else math.nan)
                    for r, ps, pn in zip(regions, peak_sum, peak_n)}
        share = self._region_shares(pti_rate)
        peak_vec, residual, cadence = self._window_cycles(pw.t_s - p.window_s, pw.t_s, pw.activity, ordered)
        peak = dict(zip(regions, peak_vec.tolist()))
        mth1, mth4_5 = _ml_pair(peak_sum, peak_n, self._ml_cols)
        # the time with data since the last unloading, or since the first sample (the samples before the
        # first reading add nothing to it: they are hole); when that was, and so that time: NaN before the
        # first reading (a foot that has sent none has no relief clock, not one at 0)
        first = self._first_t_s if self._first_t_s is not None else pw.t_s
        base_t = pw.unload_t_s if not math.isnan(pw.unload_t_s) else first
        since_s = min(max(pw.t_s - base_t - pw.hole_s, 0.0), pw.t_s - base_t)
        relief_t = pw.unload_t_s if not math.isnan(pw.unload_t_s) else (
            self._first_read_t_s if self._first_read_t_s < pw.t_s else math.nan)
        return WindowFeatures(
            foot=self.foot, t_s=pw.t_s, window_s=p.window_s, activity=ACTIVITIES[pw.activity],
            cadence_per_min=cadence,
            forefoot_share=ratio(ff, total) if self.complete else math.nan, region_share=share, peak_kpa=peak,
            pti_kpa_s_per_min=pti_rate, cop_y_mean=ratio(copwy, copw),
            ml_index=ml_index(mth1, mth4_5),
            residual_forefoot_kpa=residual, relief_t_s=relief_t,  # before the first reading: no time, NaN
            time_since_relief_s=max(since_s, 0.0) if relief_t == relief_t else math.nan,
            relieved_now=pw.relieved, valid_fraction=min(1.0, n_valid / (p.window_s * self.rate_hz)),
        )

    def _region_shares(self, pti_rate: dict[str, float]) -> dict[str, float]:
        """Each region's share (0-1) of the window's hot-spot load-time integral: its hot-spot PTI rate
        (kPa s per minute) with its fixed weight over the sum of the nine regions' (module docstring); NaN
        for every region unless the layout resolves every one."""
        loads = self._hot_loads(pti_rate)
        if loads is None:
            return {r: math.nan for r in self.regions}
        total = sum(loads.values())
        return {r: ratio(loads[r], total) if r in loads else math.nan for r in self.regions}

    def _window_cycles(self, lo_s: float, hi_s: float, activity: int, ordered: bool
                       ) -> tuple[np.ndarray, float, float]:
        """Mean peak pressure per region (n_regions,) kPa, median residual (kPa) and cadence of the
        counted cycles that end in ``[lo_s, hi_s)``, taken from the table in its order (a slice of it
        when ``ordered``: the same rows)."""
        table = self._cycles
        if ordered:
            i, j = table.end_s.searchsorted((lo_s, hi_s), side="left").tolist()
            sel, m = slice(i, j), max(j - i, 0)
        else:
            sel = (lo_s <= table.end_s) & (table.end_s < hi_s)
            m = int(np.count_nonzero(sel))
        if not m:
            return np.full(len(self.regions), np.nan), math.nan, math.nan
        peaks = table.peak_kpa[sel]
        sums = np.add.reduce(peaks, axis=0)
        # a NaN sum: a region unread in some cycle (or +inf met -inf, which the masked mean gives alike)
        if math.isnan(np.add.reduce(sums)):
            missing = np.isnan(peaks)
            n_ok = m - missing.sum(axis=0)
            peak_vec = np.divide(np.where(missing, 0.0, peaks).sum(axis=0), n_ok,
                                 out=np.full(len(self.regions), np.nan), where=n_ok > 0)
        else:
            peak_vec = sums / m
        residual = nanmedian(table.residual_kpa[sel])
        return peak_vec, residual, cadence_per_min(table.kind[sel], table.duration_s[sel], ACTIVITIES[activity])


def _ml_pair(peak_sum: list[float], peak_n: list[float], cols: tuple[int | None, int | None]) -> tuple[float, float]:
    """MTH1's and MTH4-5's hot-spot sums over a window (kPa, summed over their samples) for the mediolateral
    index, which only their ratio enters: the sums where both regions read in as many samples (every
    sample of an intact insole, the bits as ever); their means where one had no sample in some of them (a
    sensor with no sample: monitor.signal.region_fill), so a region missing part of the time weighs as one
    present; NaN where either had none, or the layout lacks it (never a region's missing sum read as 0 kPa,
    which put the index at +-1)."""
    i, j = cols
    if i is None or j is None or not peak_n[i] or not peak_n[j]:
        return math.nan, math.nan
    if peak_n[i] == peak_n[j]:
        return peak_sum[i], peak_sum[j]
    return peak_sum[i] / peak_n[i], peak_sum[j] / peak_n[j]
