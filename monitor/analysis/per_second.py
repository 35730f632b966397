"""A session's insole metrics second by second: what a FIT activity carries per record (docs/fit.md) and
what the report sets against a bike computer's power and cadence. Pure.

For each whole second ``[s, s + 1)`` of session time and each foot:

* ``<foot>_forefoot_share``: the forefoot's share of the nominal load summed over the second's frames
  (monitor.signal.regions: ``forefoot_force_n / total_force_n``), as the detector's forefoot share is
  per window; NaN when the foot carried no load, had fewer frames that could be analysed than
  MIN_SECOND_FRACTION of a whole second's at its insole's rate (a sliver before a drop, the session's last
  partial second: the share of a sliver of one cycle), or its layout lacks a group of regions;
* ``<foot>_<region>_peak_kpa``: the highest sensor reading of each analysis region the layout resolves
  (``region_peak_kpa``), NaN where no frame had a reading;
* ``<foot>_level``: the alert level standing at the second's end (0 none, 1 notice, 2 warning, 3 alert):
  the level of the foot's last alert, back to 0 where the detector assesses the foot "none" again, as the
  report's timeline does (a warning's or an alert's back-to-normal event is there; a notice has none, and
  stood to the session's end before); NaN in a second where the
  foot had no frame that could be analysed (an insole stopped, a gap, a whole group of its sensors with no
  sample: missing stays missing, as the live view shows a lost foot LOST, not its last level), before the
  foot's first assessment (its level not yet known), and from an
  assessment without data, or not judged, to the next with (a window with less data than the alert policy acts
  on, or ending in a silence; a session's first windows, reaching back before its start, which the detector
  does not judge: monitor.analysis.assessed_data.assessment_judged): monitor.analysis.assessed_data
  .level_seconds, the rule by which the report's timeline draws no level band there either (the first windows'
  band hatched, "not judged", never the level none); so a foot that was not analysed has no level, never 0.

``level`` is the higher of the feet's levels that second, NaN when neither foot has one.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from monitor.analysis.alerts import Alert
from monitor.analysis.assessed_data import level_seconds, mark_analysable
from monitor.codebook import ANALYSIS_REGIONS
from monitor.session.model import Session
from monitor.signal.regions import RegionReducer
from monitor.signal.types import LEVELS

#: Level -> rank: none 0, notice 1, warning 2, alert 3.
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}
#: A second gives a forefoot share only from at least this fraction of the frames a whole second holds at
#: the insole's rate (guess: half a second spans half a pedal revolution at 60 rpm, a whole one at 120; the
#: share over fewer frames is that of a sliver of one cycle, such as the 7 frames before a drop that read
#: 1.7 % beside the ride's 62 %). Its peaks stay: each is a reading the insole made.
MIN_SECOND_FRACTION = 0.5
#: Frames reduced at once (bounded memory).
_CHUNK_FRAMES = 60_000


def foot_regions(session: Session, foot: str) -> tuple[str, ...]:
    """The analysis regions the foot's layout resolves, in ANALYSIS_REGIONS order."""
    masks = RegionReducer(session.info.layouts[foot]).masks
    return tuple(r for r in ANALYSIS_REGIONS if r in masks)


def session_seconds(session: Session) -> np.ndarray:
    """The whole seconds the session covers, shape (n,): 0, 1, ... up to its last frame's second."""
    t_end = session.last_t_s() or 0.0
    if session.info.duration_s:
        t_end = max(t_end, float(session.info.duration_s) - 1e-9)
    return np.arange(int(math.floor(t_end)) + 1, dtype=float) if t_end >= 0 else np.empty(0)


def _foot_seconds(session: Session, foot: str, seconds: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The foot's columns of the table (each shape (n,)), and whether it had a frame that could be analysed
    (a finite total load: no whole group of its sensors without a sample, monitor.signal.sensor_coverage) in
    each second (bool, shape (n,))."""
    layout = session.info.layouts[foot]
    reducer = RegionReducer(layout)
    regions = foot_regions(session, foot)
    t, p = session.foot_arrays(foot)
    n = seconds.shape[0]
    ff_sum, total_sum, counted = np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64)
    loaded = np.zeros(n, dtype=bool)
    peaks = {r: np.full(n, -np.inf) for r in regions}
    read = np.zeros(n, dtype=bool)  # a frame that could be analysed in the second
    for lo in range(0, t.shape[0], _CHUNK_FRAMES):
        sec = np.floor(t[lo:lo + _CHUNK_FRAMES]).astype(np.int64)
        inside = (sec >= 0) & (sec < n)
        chunk = p[lo:lo + _CHUNK_FRAMES]
        series = reducer.reduce(chunk.astype(float), hot=False)
        mark_analysable(read, t[lo:lo + _CHUNK_FRAMES], series.total_force_n)
        valid = inside & np.isfinite(series.total_force_n) & np.isfinite(series.forefoot_force_n)
        np.add.at(ff_sum, sec[valid], series.forefoot_force_n[valid])
        np.add.at(total_sum, sec[valid], series.total_force_n[valid])
        loaded[sec[valid]] = True
        np.add.at(counted, sec[valid], 1)
        for r in regions:
            v = series.region_peak_kpa[r]
            ok = inside & np.isfinite(v)
            np.maximum.at(peaks[r], sec[ok], v[ok])
    enough = counted >= MIN_SECOND_FRACTION * float(layout.current_rate_hz)  # a sliver of a second gives no share
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(loaded & enough & (total_sum > 0), ff_sum / np.where(total_sum > 0, total_sum, 1.0), np.nan)
    if not reducer.complete:
        share = np.full(n, np.nan)
    out = {f"{foot}_forefoot_share": share}
    for r in regions:
        out[f"{foot}_{r}_peak_kpa"] = np.where(np.isneginf(peaks[r]), np.nan, peaks[r])
    return out, read


def assessed_none(feet: Mapping[str, Any]) -> dict[str, list[float]]:
    """Per foot, the session times (s) its detector assessed it "none": ``feet`` an analysis's pipelines
    (AnalysisResult.feet, foot -> FootPipeline, each ``assessments_`` in time order, as the alert policy was
    fed them). An alert standing lapses at the first of them after it (monitor.analysis.alerts), where the
    report's timeline returns to none."""
    return {foot: [float(a.t_s) for a in pipe.assessments_ if a.level == "none"] for foot, pipe in feet.items()}


def level_per_second(alerts: list[Alert], foot: str, seconds: np.ndarray,
                     none_s: Sequence[float] = ()) -> np.ndarray:
    """The foot's alert level (LEVEL_RANK) standing at the end of each second, shape (n,), int: that of its
    last alert, 0 after its back-to-normal event or an assessment "none" (``none_s``, session s:
    :func:`assessed_none`; a notice lapses there, with no event of its own)."""
    changes = [(a.t_s, LEVEL_RANK[a.level] if a.kind == "alert" and a.level else 0)
               for a in alerts if a.foot == foot and (a.kind == "alert" or a.kind == "back_to_normal")]
    changes = sorted([*changes, *((float(t_s), 0) for t_s in none_s)], key=lambda c: c[0])
    level = np.zeros(seconds.shape[0], dtype=np.int64)
    if not changes:
        return level
    times = np.array([c[0] for c in changes])
    ranks = np.array([c[1] for c in changes])
    idx = np.searchsorted(times, seconds + 1.0, side="left") - 1  # changes before the second's end
    level[idx >= 0] = ranks[idx[idx >= 0]]
    return level


def per_second_metrics(session: Session, alerts: list[Alert],
                       none_s: Mapping[str, Sequence[float]] | None = None,
                       assessed: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None) -> pd.DataFrame:
    """The table described above: ``t_s`` (the second's start), then per foot its columns, then
    ``level``. ``alerts``: an analysis's alerts and events (AnalysisResult.alerts + .events); ``none_s``:
    per foot, the times its detector assessed it "none" (:func:`assessed_none` of the same analysis; None:
    none known, the level falls back to 0 at back-to-normal events only); ``assessed``: per foot, its
    assessments' times and whether each stands for data and was judged
    (monitor.analysis.assessed_data.assessed_with_data of the same analysis; None: none known, the level is left
    out only where no frame could be analysed)."""
    seconds = session_seconds(session)
    cols: dict[str, np.ndarray] = {"t_s": seconds}
    levels = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames: NaN is the answer
        for foot in session.info.feet:
            foot_cols, read = _foot_seconds(session, foot, seconds)
            cols.update(foot_cols)
            standing = level_per_second(alerts, foot, seconds, (none_s or {}).get(foot, ()))
            has = level_seconds(read, assessed[foot]) if assessed and foot in assessed else read
            lv = np.where(has, standing, np.nan)  # no data, or judged on none: no level
            cols[f"{foot}_level"] = lv
            levels.append(lv)
        cols["level"] = (np.nanmax(levels, axis=0) if levels
                         else np.full(seconds.shape[0], np.nan))  # all-NaN seconds: NaN
    return pd.DataFrame(cols)
