"""The report's timeline, computed: per analysis window of one foot, forefoot load and share, cadence, the
detector's level, and the reliefs. Pure: no drawing, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from monitor.analysis.batch import AnalysisResult
from monitor.codebook import FOREFOOT_REGIONS
from monitor.signal.types import LEVELS

LEVEL_CODE = {level: i for i, level in enumerate(LEVELS)}
#: A window with less data than this (s) has no point in the timeline: its share and peak would come from a
#: sliver of one cycle (a window that caught the first half second of a gap read a forefoot share of 0.98 on
#: a ride's 0.64). Half the 10 s window step (a guess: a few strokes or strides); the first window of a
#: session, 10 s of data, is kept.
MIN_WINDOW_DATA_S = 5.0
#: The timeline's level code of an assessment whose window holds less than MIN_WINDOW_DATA_S of data: no
#: level is drawn there (the detector went on assessing a window nobody measured).
NO_DATA_LEVEL = -1


@dataclass(frozen=True)
class Timeline:
    """One foot through the session, one point per analysis window (monitor.signal: every
    FeatureParams.step_s, 10 s by default).

    t_s : ndarray (w,), window end
    forefoot_peak_kpa : ndarray (w,), the highest mean per-cycle peak of FOREFOOT_REGIONS in the window
    forefoot_share : ndarray (w,), forefoot FTI / total FTI in the window
    (these, and cadence_per_min, NaN for a window with less than MIN_WINDOW_DATA_S of data: a gap)
    level_t_s, level : ndarray (a,), the detector's assessments, level as LEVEL_CODE (0 none .. 3 alert), or
        NO_DATA_LEVEL where the assessment's window holds less than MIN_WINDOW_DATA_S of data
    reliefs : list of (start_s, end_s), the forefoot relieved
    cadence_per_min : ndarray (w,), the window's cadence (rpm cycling, steps/min of both feet in gait; NaN
        in a window whose activity is unknown)
    """

    foot: str
    t_s: np.ndarray
    forefoot_peak_kpa: np.ndarray
    forefoot_share: np.ndarray
    level_t_s: np.ndarray
    level: np.ndarray
    reliefs: list[tuple[float, float]]
    cadence_per_min: np.ndarray = field(default_factory=lambda: np.empty(0))


def timeline(result: AnalysisResult, foot: str) -> Timeline:
    """The windows, assessments and reliefs of one foot's pipeline as arrays; a window with less than
    MIN_WINDOW_DATA_S of data gives NaN (missing stays missing)."""
    pipe = result.feet[foot]
    wins = pipe.windows_
    peak = np.array([max((w.peak_kpa.get(r, math.nan) for r in FOREFOOT_REGIONS
                          if not math.isnan(w.peak_kpa.get(r, math.nan))), default=math.nan)
                     for w in wins], dtype=float)
    share = np.array([w.forefoot_share for w in wins], dtype=float)
    cadence = np.array([w.cadence_per_min for w in wins], dtype=float)
    few = np.array([w.valid_fraction * w.window_s < MIN_WINDOW_DATA_S for w in wins], dtype=bool)
    for values in (peak, share, cadence):
        values[few] = np.nan
    data_s = {w.t_s: w.valid_fraction * w.window_s for w in wins}
    levels = [LEVEL_CODE[a.level] if data_s.get(a.t_s, 0.0) >= MIN_WINDOW_DATA_S else NO_DATA_LEVEL
              for a in pipe.assessments_]
    return Timeline(foot, np.array([w.t_s for w in wins], dtype=float), peak, share,
                    np.array([a.t_s for a in pipe.assessments_], dtype=float),
                    np.array(levels, dtype=int),
                    [(float(s), float(e)) for s, e in pipe.reliefs_], cadence)
