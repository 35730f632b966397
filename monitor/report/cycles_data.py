"""The report's cycle curves, computed: region peak pressure and centre of pressure over a time-normalised
cycle (stance for gait, pedal stroke for cycling), mean and standard deviation across cycles. Pure: no
drawing, no files.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from monitor.codebook import ANALYSIS_REGIONS, SensorLayout
from monitor.report.frames_data import FootFrames, missing_rows
from monitor.signal.regions import RegionReducer
from monitor.signal.types import Cycle

#: Points of a time-normalised cycle, 0 to 100 % in steps of 1 %.
CYCLE_POINTS = 101
#: Cycles averaged for the curves, evenly spread over the session (about 30 steps give a stable mean:
#: domain.md section 3 [41] M; more only smooth the band, and cost time on a long session).
MAX_CYCLES = 300


@dataclass(frozen=True)
class CycleCurves:
    """Region peak pressure and centre of pressure over a time-normalised cycle of one foot.

    kind : "stance" (gait: initial contact to toe-off) or "stroke" (cycling: one pedal revolution)
    phase_pct : ndarray (m,), 0 .. 100 %
    regions : the analysis regions the layout resolves, in ANALYSIS_REGIONS order
    mean_kpa, sd_kpa : ndarray (n_regions, m), region peak pressure across cycles (kPa)
    cop_x, cop_y : ndarray (m,), mean centre of pressure (layout frame: x medial -0.5 .. lateral +0.5,
        y heel 0 .. toe 1); NaN where no cycle carried load
    n_cycles : cycles averaged (of n_available whole in the frames and without a missing frame)
    n_total : the foot's cycles of that kind, every one: its steps as the Steps table and ``analyze --json``'s
        ``steps`` count them (stances), its counted strokes (``strokes``)
    n_missing : of n_total, those left out for a missing frame
    n_cut : of n_total, those left out for lying partly outside the foot's frames (cut by the start or the
        end of the recording); n_total - n_available - n_missing - n_cut hold fewer than two frames
    """

    foot: str
    kind: str
    phase_pct: np.ndarray
    regions: tuple[str, ...]
    mean_kpa: np.ndarray
    sd_kpa: np.ndarray
    cop_x: np.ndarray
    cop_y: np.ndarray
    n_cycles: int
    n_available: int
    n_total: int
    n_missing: int
    n_cut: int


def cycle_spans(cycles: Sequence[Cycle], stances: Sequence[tuple[float, float]] | None = None
                ) -> tuple[str, np.ndarray]:
    """The kind of cycle the session is mostly made of and its ``[start_s, end_s)`` spans, shape (k, 2):
    stances (initial contact to toe-off) or whole pedal strokes. ``stances``: the foot's
    ``(initial_contact_s, toe_off_s)`` (FootPipeline.contacts_, of which its steps are made); None: those of
    the strides of ``cycles``, which lack the last stance (a stride ends at the next initial contact)."""
    strides = [(c.start_s, c.toe_off_s) for c in cycles if c.kind == "stride" and c.toe_off_s is not None]
    strokes = [(c.start_s, c.end_s) for c in cycles if c.kind == "stroke"]
    if stances is not None:
        strides = [(float(a), float(b)) for a, b in stances]
    kind, spans = ("stroke", strokes) if len(strokes) >= len(strides) else ("stance", strides)
    arr = np.array(spans, dtype=float).reshape(-1, 2)
    return kind, arr[arr[:, 1] > arr[:, 0]]


def cycle_curves(frames: FootFrames, layout: SensorLayout, cycles: Sequence[Cycle], *,
                 stances: Sequence[tuple[float, float]] | None = None,
                 n_points: int = CYCLE_POINTS, max_cycles: int = MAX_CYCLES) -> CycleCurves | None:
    """Cycle-averaged curves of one foot (None when no complete cycle lies within the frames).

    Each cycle ``[start_s, end_s)`` (:func:`cycle_spans`, ``stances`` as there) is sampled at ``n_points``
    evenly spaced times from start to end; at each time the regional peak pressure and the centre of
    pressure are interpolated linearly between the two frames around it. Cycles partly outside the frames,
    or with a missing frame, are left out (counted in ``n_cut``, ``n_missing``); of the rest, at most
    ``max_cycles`` evenly spread over the session are averaged.
    """
    kind, spans = cycle_spans(cycles, stances)
    t = frames.t_s
    if t.size < 2 or not spans.shape[0]:
        return None
    n_total = int(spans.shape[0])
    spans = spans[(spans[:, 0] >= t[0]) & (spans[:, 1] <= t[-1])]
    n_cut = n_total - int(spans.shape[0])
    lo = np.searchsorted(t, spans[:, 0], side="left")
    hi = np.searchsorted(t, spans[:, 1], side="right")
    gap = missing_rows(frames)
    n_gap = np.concatenate(([0], np.cumsum(gap)))
    ok = (hi - lo >= 2) & (n_gap[np.minimum(hi + 1, t.size)] - n_gap[np.maximum(lo - 1, 0)] == 0)
    n_missing = int((~ok & (hi - lo >= 2)).sum())  # the rest of those left out hold fewer than two frames
    spans = spans[ok]
    n_available = int(spans.shape[0])
    if not n_available:
        return None
    if n_available > max_cycles:
        spans = spans[np.linspace(0, n_available - 1, max_cycles).round().astype(int)]
    frac = np.linspace(0.0, 1.0, n_points)
    tq = spans[:, :1] + frac[None, :] * (spans[:, 1:] - spans[:, :1])  # (k, m)
    j = np.clip(np.searchsorted(t, tq, side="right"), 1, t.size - 1)  # t[j-1] <= tq < t[j]
    dt = t[j] - t[j - 1]
    w = np.clip(np.where(dt > 0, (tq - t[j - 1]) / np.where(dt > 0, dt, 1.0), 0.0), 0.0, 1.0)
    reducer = RegionReducer(layout)
    both = frames.rows(np.concatenate([(j - 1).ravel(), j.ravel()]))
    before = reducer.reduce(both[:j.size].astype(float))
    after = reducer.reduce(both[j.size:].astype(float))
    k, m = tq.shape
    wf = w.ravel()

    def between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Linear interpolation; a frame with no weight does not count (its NaN does not spread)."""
        with np.errstate(invalid="ignore"):
            mixed = (1 - wf) * a + wf * b
        return np.where(wf == 0.0, a, np.where(wf == 1.0, b, mixed)).reshape(k, m)

    regions = tuple(r for r in ANALYSIS_REGIONS if r in reducer.masks)
    with warnings.catch_warnings():  # a phase where no cycle has a value is NaN, which is the answer
        warnings.simplefilter("ignore", RuntimeWarning)
        v = np.stack([between(before.region_peak_kpa[r], after.region_peak_kpa[r]) for r in regions]
                     or [np.empty((k, m))])[:len(regions)]
        mean, sd = np.nanmean(v, axis=1), np.nanstd(v, axis=1)  # (n_regions, m)
        cop_x = np.nanmean(between(before.cop_x, after.cop_x), axis=0)
        cop_y = np.nanmean(between(before.cop_y, after.cop_y), axis=0)
    return CycleCurves(frames.foot, kind, frac * 100.0, regions, mean, sd, cop_x, cop_y, k, n_available, n_total,
                       n_missing, n_cut)
