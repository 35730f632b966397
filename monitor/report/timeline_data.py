"""The report's timeline, computed: per analysis window of one foot, forefoot load and share, cadence, the
detector's level, and the reliefs; where the foot sent no data, no value, no level and a break in the lines.
Pure: no drawing, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from monitor.analysis.assessed_data import (
    assessment_has_data,
    assessment_judged,
    in_spans,
    level_seconds,
    min_window_data_s,
    no_level_spans,
    window_has_data,
)
from monitor.analysis.batch import AnalysisResult
from monitor.codebook import FOREFOOT_REGIONS
from monitor.session.absence import ABSENT_MIN_S
from monitor.signal.params import FeatureParams
from monitor.signal.types import LEVELS

LEVEL_CODE = {level: i for i, level in enumerate(LEVELS)}
#: The timeline's level code of an assessment that does not stand for data
#: (monitor.analysis.assessed_data.assessment_has_data): no level is drawn there (the detector went on
#: assessing a window nobody measured).
NO_DATA_LEVEL = -1


@dataclass(frozen=True)
class Timeline:
    """One foot through the session, one point per analysis window (monitor.signal: every
    FeatureParams.step_s, 10 s by default).

    t_s : ndarray (w,), window end
    forefoot_peak_kpa : ndarray (w,), the highest mean per-cycle peak of FOREFOOT_REGIONS in the window
    forefoot_share : ndarray (w,), forefoot FTI / total FTI in the window
    (these, and cadence_per_min, NaN for a window that does not stand for data by the alert policy's rule,
    monitor.analysis.assessed_data.window_has_data: less than the detector's min_valid_fraction of the
    window, or than min_window_data_s, a twelfth of it, or ending in a silence; left out, as its level is)
    level_t_s, level : ndarray (a,), the detector's assessments, level as LEVEL_CODE (0 none .. 3 alert), or
        NO_DATA_LEVEL where the assessment does not stand for data (too little of it for the alert policy to
        act on, or ending in a silence: monitor.analysis.assessed_data.assessment_has_data)
    reliefs : list of (start_s, end_s), the forefoot relieved
    cadence_per_min : ndarray (w,), the window's cadence (rpm cycling, steps/min of both feet in gait; NaN
        in a window whose activity is unknown)
    silent : list of (start_s, end_s), where the foot sent no data for over a second (AnalysisResult.silent_spans):
        a window or assessment whose end falls there has no value and no level (NaN, NO_DATA_LEVEL), its
        lines break there (:func:`broken`) and no level band crosses it (:func:`outside`)
    """

    foot: str
    t_s: np.ndarray
    forefoot_peak_kpa: np.ndarray
    forefoot_share: np.ndarray
    level_t_s: np.ndarray
    level: np.ndarray
    reliefs: list[tuple[float, float]]
    cadence_per_min: np.ndarray = field(default_factory=lambda: np.empty(0))
    silent: list[tuple[float, float]] = field(default_factory=list)
    #: each window's length and the step between two windows' ends (s): the analysis's FeatureParams
    window_s: float = FeatureParams.window_s
    step_s: float = FeatureParams.step_s
    #: (start_s, end_s) of the whole seconds in which the per-second table has no level of the foot
    #: (monitor.analysis.assessed_data.level_seconds, the rule both use), but those of the ``unjudged``
    #: windows (no level there either, drawn hatched): no level band crosses them
    no_level: list[tuple[float, float]] = field(default_factory=list)
    #: windows left out that held min_window_data_s of data or more, less than the alert policy acts on
    #: (the detector's min_valid_fraction of the window, as ``min_valid_fraction``): the caption says so
    partial: int = 0
    min_valid_fraction: float = 0.8
    #: whether some window measured a forefoot share, left out of the timeline or not (False: the insole has no
    #: sensors under the heel or midfoot; None: judged from ``forefoot_share`` alone)
    share_measured: bool | None = None
    #: each level band that this session's first minutes ended, as (from_s, end_s, level code): from from_s (an
    #: assessment's time) the foot was judged against the normal learnt from them (ForefootDetector.baseline_t_s_),
    #: against which a sign they showed is no change, and the band that held then ended at end_s, within the
    #: clear_windows judged windows that end a pattern (docs/detection.md); the caption says why it ends
    ended_by_normal: tuple[tuple[float, float, int], ...] = ()
    #: bool (a,), per assessment: it stands for data (a level band is drawn) but the detector did not judge it,
    #: its window reaching back before the session's start and holding less than the alert policy acts on
    #: (the detector's ``with_data`` False; monitor.analysis.assessed_data): drawn as not judged, not as its
    #: level (none); empty: every assessment drawn was judged
    unjudged: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def broken(t_s: np.ndarray, values: np.ndarray, spans: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """``t_s`` (w,) and ``values`` (w,) with a NaN point within each span of ``spans`` that falls between two
    of the points (ABSENT_MIN_S into it, or at its middle if shorter: after a window :func:`in_spans` keeps),
    so that a line drawn through them breaks where the foot sent no data."""
    breaks = [min(s + ABSENT_MIN_S, (s + e) / 2.0) for s, e in spans]
    breaks = [b for b in breaks if t_s.size and t_s[0] < b < t_s[-1]]
    if not breaks:
        return t_s, values
    at = np.searchsorted(t_s, breaks)
    return np.insert(t_s, at, breaks), np.insert(np.asarray(values, dtype=float), at, np.nan)


def outside(bars: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of ``bars`` ((start_s, width_s)) outside every span of ``spans`` ((start_s, end_s)), as
    (start_s, width_s): a level band does not cross a span without data."""
    out = []
    for start, width in bars:
        pieces = [(start, start + width)]
        for s, e in spans:
            pieces = [p for a, b in pieces for p in ((a, min(b, s)), (max(a, e), b)) if p[1] > p[0]]
        out += [(a, b - a) for a, b in pieces]
    return out


def timeline(result: AnalysisResult, foot: str) -> Timeline:
    """The windows, assessments and reliefs of one foot's pipeline as arrays; a window that does not stand for
    data (monitor.analysis.assessed_data.window_has_data: less than the alert policy's share of it, or than
    min_window_data_s, a twelfth of it, or ending where the foot sent no data, AnalysisResult.silent_spans)
    gives NaN;
    an assessment that does not stand for data gives NO_DATA_LEVEL (missing stays missing); ``no_level`` holds
    the seconds the per-second table gives no level in (monitor.analysis.assessed_data.level_seconds of the
    seconds the pipeline had a frame that could be analysed in, FootPipeline.analysable), and every second
    after the last of those, but the unjudged windows'; ``unjudged`` the assessments drawn that the detector did
    not judge (a session's first windows, with less data than the alert policy acts on: no level in the
    per-second table, monitor.analysis.assessed_data.assessment_judged)."""
    pipe = result.feet[foot]
    wins = pipe.windows_
    silent = list(result.silent_spans.get(foot, []))
    peak = np.array([max((w.peak_kpa.get(r, math.nan) for r in FOREFOOT_REGIONS
                          if not math.isnan(w.peak_kpa.get(r, math.nan))), default=math.nan)
                     for w in wins], dtype=float)
    share = np.array([w.forefoot_share for w in wins], dtype=float)
    cadence = np.array([w.cadence_per_min for w in wins], dtype=float)
    share_measured = bool(np.isfinite(share).any())  # before the windows without data are left out
    few = ~window_has_data(pipe, silent)  # the alert policy's rule: no point where it has no level
    held = np.array([w.valid_fraction * w.window_s >= min_window_data_s(w.window_s) for w in wins], dtype=bool)
    partial = int((few & held & ~in_spans(np.array([w.t_s for w in wins], dtype=float), silent)).sum())
    for values in (peak, share, cadence):
        values[few] = np.nan
    shown = assessment_has_data(pipe, silent)
    t_a = np.array([a.t_s for a in pipe.assessments_], dtype=float)
    read = pipe.analysable.seconds
    no_level = [*no_level_spans(level_seconds(read, (t_a, shown))), (float(read.shape[0]), math.inf)]
    levels = [LEVEL_CODE[a.level] if ok else NO_DATA_LEVEL for a, ok in zip(pipe.assessments_, shown, strict=True)]
    ended = ended_by_normal(pipe, t_a, np.array(levels, dtype=int))
    unjudged = shown & ~assessment_judged(pipe, silent)
    return Timeline(foot, np.array([w.t_s for w in wins], dtype=float), peak, share, t_a,
                    np.array(levels, dtype=int),
                    [(float(s), float(e)) for s, e in pipe.reliefs_], cadence, silent,
                    pipe.params.features.window_s, pipe.params.features.step_s, no_level, partial,
                    float(pipe.params.detector.min_valid_fraction), share_measured, ended, unjudged)


def ended_by_normal(pipe, t_a: np.ndarray, level: np.ndarray) -> tuple[tuple[float, float, int], ...]:
    """Timeline.ended_by_normal of a foot's pipeline (FootPipeline), its assessments' times ``t_a`` (a,) and
    level codes ``level`` (a,): for each normal learnt from the session's first minutes, the band (level code
    above none) that held at the first assessment judged against it and ended, down to none, within the
    detector's ``clear_windows`` judged windows from there."""
    clear = pipe.params.detector.clear_windows
    judged = np.array([a.metrics.get("judged", 0.0) == 1.0 for a in pipe.assessments_], dtype=bool)
    out = []
    for learnt_s in sorted(set(pipe.detector.baseline_t_s_.values())):
        i = int(np.searchsorted(t_a, learnt_s, side="right"))  # the first assessment judged against it
        if not 0 < i < level.size or level[i - 1] <= 0:
            continue
        held = level[i - 1]
        j = i + int(np.argmax(level[i:] != held)) if (level[i:] != held).any() else level.size
        if j < level.size and level[j] == 0 and judged[i:j + 1].sum() <= clear:
            out.append((float(t_a[i]), float(t_a[j]), int(held)))
    return tuple(out)
