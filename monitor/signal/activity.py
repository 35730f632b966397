"""Which activity one foot is doing, from the shape of its load over a rolling window.

Per foot, from total force and heel force (no IMU needed), and where the foot sends an IMU, from its
acceleration and angular rate too (monitor.signal.imu_activity: the IMU decides gait against continuous
contact where it has a verdict, ``combine``). Every ``step_s`` of session time the window
``[t - window_s, t)`` is classified (``classify_window``):

- "unknown": too little valid data, no load variation (standing still, sitting, a long relief), or no
  clear cycle;
- gait ("walking", "running"): the foot leaves the ground. A foot in the air reads a constant, so each
  cycle sits at its floor for the whole swing (~40 % of a walking cycle [15] S). Running has a flight
  phase: the floor takes more than half of each cycle; near half, the step rate decides ([11] M, [15] S);
- continuous contact ("cycling", "elliptical_or_stair"): the foot stays on a pedal. The pedalling leg's
  force falls to its floor through the upstroke and the heel, behind the pedal spindle, never carries a
  real share. On an elliptical the weight rolls onto the heel once a cycle ([1] S), and a stepper or an
  elliptical keeps body weight on the foot so the load rarely sits at its floor; a foot cycling slower
  than cyclists pedal is stepping.

The per-cycle floor share is measured in each period-long slice of the window (period from the
autocorrelation): the share of its samples within ``floor_band_fraction`` of the slice's own range of its
floor (its 12.5th percentile, the middle of its lowest quarter, which a low-pass filter's undershoot
after a sharp toe-off does not move); the median over the slices is taken, so a relief inside the window
(a flat stretch) neither looks like a swing nor hides the floor of the cycles around it. The rules and
their defaults are in ``ActivityParams``; all were set from the physical argument above and checked on
the simulator's scenarios and the two real walking recordings in ../shared/data. No real cycling,
elliptical or stair recording was available, so the continuous-contact rules are the weakest part.
"""

from __future__ import annotations

import statistics

import numpy as np

from monitor.signal.imu_activity import classify_imu_window, combine
from monitor.signal.params import ActivityParams
from monitor.signal.patterns import enough_data
from monitor.signal.runs import period_samples

ACTIVITIES = ("running", "walking", "cycling", "elliptical_or_stair", "unknown")


def _lerp(a, b, gamma: float):
    """numpy.quantile's linear interpolation between neighbouring order statistics, the same bits:
    ``a + (b - a) * gamma``, or ``b - (b - a) * (1 - gamma)`` when ``gamma >= 0.5``."""
    return b - (b - a) * (1.0 - gamma) if gamma >= 0.5 else a + (b - a) * gamma


def _order_index(n: int, q: float) -> tuple[int, int, float]:
    """Where numpy.percentile(..., q) (method "linear") reads a sorted axis of n values: the two
    neighbouring order statistics and the interpolation weight."""
    virtual = (n - 1) * (q / 100.0)
    lo = int(np.floor(virtual))
    if virtual >= n - 1:
        return n - 1, n - 1, virtual - lo
    return lo, lo + 1, virtual - lo


def _percentiles(x: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """numpy.percentile(x, qs) of a NaN-free 1-D array, the same values, without numpy's per-call
    overhead (one partition of a copy)."""
    where = [_order_index(x.shape[0], q) for q in qs]
    part = np.partition(x, sorted({i for lo, hi, _ in where for i in (lo, hi)}))
    return [_lerp(float(part[lo]), float(part[hi]), g) for lo, hi, g in where]


def _row_percentile(x: np.ndarray, q: float) -> np.ndarray:
    """numpy.percentile(x, q, axis=1) of a NaN-free 2-D array (m, k), the same values."""
    lo, hi, g = _order_index(x.shape[1], q)
    part = np.partition(x, sorted({lo, hi}), axis=1)
    return _lerp(part[:, lo], part[:, hi], g)


def classify_window(total_force_n: np.ndarray, heel_force_n: np.ndarray | None, rate_hz: float,
                    params: ActivityParams = ActivityParams()) -> tuple[str, dict[str, float]]:
    """Activity of one foot over one window.

    Parameters
    ----------
    total_force_n : ndarray, shape (m,)
        Total force (N) of the window's samples, NaN where missing.
    heel_force_n : ndarray, shape (m,), or None
        Force under the heel regions (N); None when the layout resolves no heel region.
    rate_hz : float
        Sample rate (Hz); the window is expected to hold ``window_s * rate_hz`` samples.

    Returns
    -------
    activity : one of ACTIVITIES
    evidence : dict
        valid_fraction, load_range_n, periodicity, cycles_per_min (one foot), floor_fraction,
        heel_time (NaN where not computed).
    """
    p = params
    f = np.asarray(total_force_n, dtype=float)
    ev = dict.fromkeys(("valid_fraction", "load_range_n", "periodicity", "cycles_per_min",
                        "floor_fraction", "heel_time"), float("nan"))
    valid = ~np.isnan(f)
    ev["valid_fraction"] = float(valid.sum()) / max(1.0, p.window_s * rate_hz)
    if not enough_data(ev["valid_fraction"], p.min_valid_fraction):  # none is unknown, a minimum of 0 too
        return "unknown", ev
    f_valid = f[valid]
    lo, hi = _percentiles(f_valid, (1.0, 99.0))
    ev["load_range_n"] = float(hi - lo)
    if hi - lo < p.min_load_range_n:
        return "unknown", ev
    mean = np.add.reduce(f_valid) / f_valid.shape[0]  # numpy.mean's sum and division
    centred = f - mean if f_valid.shape[0] == f.shape[0] else np.where(valid, f - mean, 0.0)
    lag, corr = period_samples(centred, max(1, int(p.min_period_s * rate_hz)), int(p.max_period_s * rate_hz))
    ev["periodicity"] = corr
    if lag == 0 or corr < p.min_periodicity:
        return "unknown", ev
    ev["cycles_per_min"] = 60.0 * rate_hz / lag

    n_slices = f.shape[0] // lag
    cycles = f[:n_slices * lag].reshape(n_slices, lag)
    slice_missing = ~valid[:n_slices * lag].reshape(n_slices, lag)
    counts = lag - slice_missing.sum(axis=1)
    with np.errstate(all="ignore"):
        c_range = np.fmax.reduce(cycles, axis=1) - np.fmin.reduce(cycles, axis=1)
    # a slice with too little data, or flat (the foot at rest), says nothing about the cycle
    good = (counts >= lag // 2) & (c_range >= p.min_load_range_n)
    if not good.any() or good.sum() < p.min_valid_fraction * n_slices:
        return "unknown", ev  # the foot was mostly at rest in this window
    cycles, c_range, counts = cycles[good], c_range[good], counts[good]
    # the floor: the median of the lowest quarter of each slice (its 12.5th percentile), which a
    # low-pass filter's undershoot after a sharp toe-off does not move
    if slice_missing[good].any():
        level = np.nanpercentile(cycles, 12.5, axis=1)
    else:
        level = _row_percentile(cycles, 12.5)
    with np.errstate(invalid="ignore"):
        at_floor = np.abs(cycles - level[:, None]) <= (p.floor_band_fraction * c_range)[:, None]
    floor = float(statistics.median((at_floor.sum(axis=1) / counts).tolist()))
    ev["floor_fraction"] = floor

    if floor >= p.gait_min_unloaded_fraction:
        steps_per_min = 2.0 * ev["cycles_per_min"]
        if floor >= p.running_min_unloaded_fraction + 0.05:
            return "running", ev
        if floor >= p.running_min_unloaded_fraction - 0.05 and steps_per_min >= p.running_min_steps_per_min:
            return "running", ev
        return "walking", ev

    if heel_force_n is not None:
        heel = np.asarray(heel_force_n, dtype=float)
        loaded = valid & (f >= lo + 0.25 * (hi - lo)) & ~np.isnan(heel)
        if loaded.any():
            n_heel = np.count_nonzero(heel[loaded] >= p.elliptical_min_heel_share * f[loaded])
            ev["heel_time"] = n_heel / np.count_nonzero(loaded)
            if ev["heel_time"] >= p.elliptical_min_heel_time:
                return "elliptical_or_stair", ev
    if floor < p.cycling_min_floor_fraction or ev["cycles_per_min"] < p.cycling_min_rpm:
        return "elliptical_or_stair", ev
    return "cycling", ev


class ActivityRecognizer:
    """Rolling activity recognition for one foot, streaming.

    Every whole multiple ``g`` of ``step_s`` (session seconds) gets one label for the window
    ``[g - window_s, g)``, emitted once a sample at or after ``g`` has arrived, so the labels are the same
    for any chunking of the input. Where the time axis jumps, the first window without a sample gets its
    label and the empty ones after it none: the work follows the data, not the timestamps.

    Parameters
    ----------
    rate_hz : float
    params : ActivityParams
    times_only : bool
        The caller puts its own label (a declared activity) in place of every label and wants only the
        windows' times: no window is classified, every one comes back labelled None, and ``current`` and
        ``evidence`` keep their initial values.

    Attributes
    ----------
    evidence : dict
        The evidence of the latest label (see ``classify_window``).
    """

    def __init__(self, rate_hz: float, params: ActivityParams = ActivityParams(), *,
                 times_only: bool = False) -> None:
        self.rate_hz = float(rate_hz)
        self.params = params
        self.times_only = times_only
        self._t = np.empty(0)
        self._total = np.empty(0)
        self._heel = np.empty(0)
        self._imu: np.ndarray | None = None  # (n, 6) once any IMU data came, else None
        self._next_g: float | None = None
        self._last_empty = False  # the latest window held no sample (the next empty ones are skipped)
        self.evidence: dict[str, float] = {}
        self.current = "unknown"

    def feed(self, t_s: np.ndarray, total_force_n: np.ndarray, heel_force_n: np.ndarray | None = None,
             imu: np.ndarray | None = None) -> list[tuple[float, str | None]]:
        """Next block: ``t_s``, ``total_force_n``, ``heel_force_n`` each (n,) (s, N, N; NaN = missing), and
        ``imu`` (n, 6): acceleration x, y, z (g) and angular rate x, y, z (deg/s), NaN = missing.

        ``heel_force_n`` None: the layout has no heel region (the heel rule is skipped). ``imu`` None: this
        block has no IMU data (as all NaN). A window with IMU data is also classified from it
        (monitor.signal.imu_activity) and the two labels combined (``imu_activity.combine``); a window
        without any is the force's alone.
        Returns ``(t_s, activity)`` for each window that closed in this block, in time order (activity
        None for a window not classified: see ``times_only``).
        """
        t = np.asarray(t_s, dtype=float)
        total = np.asarray(total_force_n, dtype=float)
        heel = np.full(t.shape, np.nan) if heel_force_n is None else np.asarray(heel_force_n, dtype=float)
        if not (t.shape == total.shape == heel.shape) or t.ndim != 1:
            raise ValueError("t_s, total_force_n and heel_force_n must be equal 1-D shapes")
        if imu is not None:
            imu = np.asarray(imu, dtype=float)
            if imu.shape != (t.shape[0], 6):
                raise ValueError(f"imu has shape {imu.shape}, expected ({t.shape[0]}, 6)")
        out: list[tuple[float, str | None]] = []
        if t.size == 0:
            return out
        p = self.params
        if self._next_g is None:
            self._next_g = float(np.floor(t[0] / p.step_s) + 1) * p.step_s
        if imu is not None and self._imu is None:  # the first IMU data: the samples before had none
            self._imu = np.full((self._t.shape[0], 6), np.nan)
        if self._imu is not None:
            self._imu = np.concatenate((self._imu, np.full((t.shape[0], 6), np.nan) if imu is None else imu))
        self._t = np.concatenate((self._t, t))
        self._total = np.concatenate((self._total, total))
        self._heel = np.concatenate((self._heel, heel))
        last = float(t[-1])
        spans: list[tuple[int, int]] = []  # [a, b) of each window in out
        while last >= self._next_g:
            g = self._next_g
            a = int(np.searchsorted(self._t, g - p.window_s, side="left"))
            b = int(np.searchsorted(self._t, g, side="left"))
            if a == b and self._last_empty:  # a jump in the time axis: on to the window of the next sample
                self._next_g = max(g, float(np.floor(self._t[b] / p.step_s) + 1) * p.step_s)
                continue
            self._last_empty = a == b
            spans.append((a, b))
            out.append((g, None))
            self._next_g = g + p.step_s
        for i in range(0 if self.times_only else len(out)):
            self.current = self._classify(*spans[i])
            out[i] = (out[i][0], self.current)
        keep = int(np.searchsorted(self._t, self._next_g - p.window_s, side="left"))
        self._t, self._total, self._heel = self._t[keep:], self._total[keep:], self._heel[keep:]
        if self._imu is not None:
            self._imu = self._imu[keep:]
        return out

    def classify_open(self) -> tuple[str, float, float] | None:
        """The window not yet closed (``[g - window_s, g)`` for the next ``g``) labelled from the samples it
        holds so far, judged as a whole window (its valid share counts against all of ``window_s``, so a
        few seconds of data are "unknown"): ``(activity, start_s, last_s)``, its start and the time of its
        last sample (s); None when it holds none, or with ``times_only``. Changes no state (``current``,
        ``evidence`` stay those of the latest closed window)."""
        if self.times_only or self._next_g is None:
            return None
        start = self._next_g - self.params.window_s
        a = int(np.searchsorted(self._t, start, side="left"))
        if a == self._t.shape[0]:
            return None
        evidence = self.evidence
        label = self._classify(a, self._t.shape[0])
        self.evidence = evidence
        return label, start, float(self._t[-1])

    def _classify(self, a: int, b: int) -> str:
        """The label of the window of buffered samples [a, b); sets ``evidence``."""
        p = self.params
        no_heel = bool(np.isnan(self._heel[a:b]).all())
        label, self.evidence = classify_window(self._total[a:b], None if no_heel else self._heel[a:b],
                                               self.rate_hz, p)
        if self._imu is not None and not np.isnan(self._imu[a:b, :3]).all():
            imu_label, imu_ev = classify_imu_window(self._imu[a:b, :3], self._imu[a:b, 3:], self.rate_hz, p)
            self.evidence.update(imu_ev)
            label = combine(label, imu_label, imu_ev, p)
        return label
