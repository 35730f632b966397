"""Which of a foot's assessments stand for data: the rule the report's timeline draws a level by, and the
per-second table (monitor.analysis.per_second: the FIT export's and the ride section's levels) leaves a level
out by. Missing stays missing: the detector goes on assessing a window nobody measured, and its level there is
no level of the foot. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from monitor.session.absence import ABSENT_MIN_S

#: A window with less data than this (s) has no point in the timeline: its share and peak would come from a
#: sliver of one cycle (a window that caught the first half second of a gap read a forefoot share of 0.98 on
#: a ride's 0.64). Half the 10 s window step (a guess: a few strokes or strides); the first window of a
#: session, 10 s of data, is kept.
MIN_WINDOW_DATA_S = 5.0


def in_spans(t_s: np.ndarray, spans: Sequence[tuple[float, float]]) -> np.ndarray:
    """Which of the times ``t_s`` (s) fall within one of ``spans`` ((start_s, end_s)) past its first
    ABSENT_MIN_S, end included: bool. A window that ends less than that into a silence was measured to
    within the lag of its frames, as a foot is absent only once it sent nothing for longer."""
    t = np.asarray(t_s, dtype=float)
    inside = np.zeros(t.shape, dtype=bool)
    for start, end in spans:
        inside |= (t > start + ABSENT_MIN_S) & (t <= end)
    return inside


def assessment_has_data(pipe: Any, silent: Sequence[tuple[float, float]]) -> np.ndarray:
    """Per assessment of ``pipe`` (a FootPipeline: its ``assessments_`` and ``windows_``, each window's
    ``valid_fraction`` of its ``window_s``), whether its window held MIN_WINDOW_DATA_S of data and did not end
    in a span of ``silent`` (the foot's AnalysisResult.silent_spans, :func:`in_spans`): bool, shape (a,)."""
    data_s = {w.t_s: w.valid_fraction * w.window_s for w in pipe.windows_}
    t_s = np.array([a.t_s for a in pipe.assessments_], dtype=float)
    enough = np.array([data_s.get(a.t_s, 0.0) >= MIN_WINDOW_DATA_S for a in pipe.assessments_], dtype=bool)
    return enough & ~in_spans(t_s, silent)


def assessed_with_data(feet: Mapping[str, Any], silent_spans: Mapping[str, Sequence[tuple[float, float]]]
                       ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per foot of ``feet`` (AnalysisResult.feet), its assessments' times (s, shape (a,)) and whether each
    stands for data (:func:`assessment_has_data`, shape (a,)), ``silent_spans`` the analysis's: the per-second
    table leaves a foot's level out from an assessment without data to the next with."""
    out = {}
    for foot, pipe in feet.items():
        t_s = np.array([a.t_s for a in pipe.assessments_], dtype=float)
        out[foot] = (t_s, assessment_has_data(pipe, list(silent_spans.get(foot, ()))))
    return out
