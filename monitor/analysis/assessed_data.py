"""Where a foot has a level: the one rule by which the report's timeline draws a level band and the per-second
table (monitor.analysis.per_second: the FIT export's and the ride section's levels) gives a level. Missing
stays missing: the detector goes on assessing a window nobody measured, and its level there is no level of
the foot. Pure.

A second ``[s, s + 1)`` has a level (:func:`level_seconds`) when the foot had a frame in it that could be
analysed (:func:`mark_analysable`: a finite total load, no whole group of its sensors without a sample)
and the foot's last assessment before its end stands for data (:func:`assessment_has_data`: its window held
the data the alert policy acts on, and did not end in a silence; none does on a foot whose load was never
measured), and the detector judged it (:func:`assessment_judged`: a session's first windows, reaching back
before its start, stand for the data since the start but hold less than the alert policy acts on; the timeline
draws them hatched, "not judged", and they give no level, never the level none). The timeline draws no band over
a second without a level (:func:`no_level_spans`) but those of the first windows, nor over a silence (its own
finer cut).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from monitor.session.absence import ABSENT_MIN_S
from monitor.signal.patterns import enough_data
from monitor.signal.sensor_coverage import analysable_frame_seconds

#: A window holding less than this share of its ``window_s`` of data has no point in the timeline and no
#: level: its share and peak would come from a sliver of one cycle (a window that caught the first half
#: second of a gap read a forefoot share of 0.98 on a ride's 0.64). A twelfth (a guess: 5 s of the default
#: 60-s window, a few strokes or strides; the first window of a session, 10 s of data, is kept), a share so
#: that a shorter ``features.window_s`` (a 4-s window holds at most 4 s) keeps its points and levels.
MIN_WINDOW_DATA_SHARE = 1.0 / 12.0


def min_window_data_s(window_s: float) -> float:
    """The least data (s) a window of ``window_s`` (s) must hold to have a point and a level:
    MIN_WINDOW_DATA_SHARE of it (5 s of a 60-s window)."""
    return window_s * MIN_WINDOW_DATA_SHARE


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
    ``valid_fraction`` of its ``window_s``; its ``params.detector.min_valid_fraction``), whether it stands for
    data: its window held the data the alert policy acts on (the detector's ``with_data``, that fraction of
    the window: monitor.signal.detector; the policy skips the others, monitor.analysis.alerts), or, for a
    window reaching back before the session's start, that fraction of its part within the session (a
    session's first windows lack no data, a window after a gap does); at least :func:`min_window_data_s` of it;
    and
    did not end in a span of ``silent`` (the foot's AnalysisResult.silent_spans, :func:`in_spans`): bool,
    shape (a,). None does on a foot whose load was never measured (FootPipeline.load_measured False): nothing
    of it was judged."""
    if not getattr(pipe, "load_measured", True):  # its level was never a reading (a stand-in pipe may lack it)
        return np.zeros(len(pipe.assessments_), dtype=bool)
    windows = {w.t_s: w for w in pipe.windows_}
    frac = float(pipe.params.detector.min_valid_fraction)
    ok = [_stands_for_data(windows.get(a.t_s), bool(a.with_data), frac) for a in pipe.assessments_]
    t_s = np.array([a.t_s for a in pipe.assessments_], dtype=float)
    return np.array(ok, dtype=bool) & ~in_spans(t_s, silent)


def assessment_judged(pipe: Any, silent: Sequence[tuple[float, float]]) -> np.ndarray:
    """Per assessment of ``pipe`` (a FootPipeline), whether it has a level: it stands for data
    (:func:`assessment_has_data`) and the detector judged it (its ``with_data``: the alert policy acts on it).
    A session's first windows stand for the data since its start and are not judged: drawn "not judged", they
    give no level (the per-second table, the study's rows), never the level none. Bool, shape (a,)."""
    judged = np.array([bool(a.with_data) for a in pipe.assessments_], dtype=bool)
    return assessment_has_data(pipe, silent) & judged


def _stands_for_data(w: Any, with_data: bool, frac: float) -> bool:
    """Whether window ``w`` (None: no window) holds the data the alert policy acts on (``with_data``: the
    detector's, ``valid_fraction >= frac``; or, reaching back before the session's start, ``frac`` of its part
    within the session) and at least :func:`min_window_data_s` of it."""
    if w is None:
        return False
    data_s = w.valid_fraction * w.window_s
    young = 0.0 < w.t_s < w.window_s and data_s >= frac * w.t_s
    return data_s >= min_window_data_s(w.window_s) and (with_data or young)


def window_has_data(pipe: Any, silent: Sequence[tuple[float, float]]) -> np.ndarray:
    """Per window of ``pipe`` (a FootPipeline's ``windows_``), whether it stands for data by the rule of
    :func:`assessment_has_data` (the alert policy's share of the window, ``min_valid_fraction`` of it, at
    least :func:`min_window_data_s`, not ending in a span of ``silent``): the report's timeline draws a point only
    for such a window, as it draws a level only for such an assessment. Bool, shape (w,)."""
    frac = float(pipe.params.detector.min_valid_fraction)
    ok = [_stands_for_data(w, enough_data(w.valid_fraction, frac), frac) for w in pipe.windows_]
    t_s = np.array([w.t_s for w in pipe.windows_], dtype=float)
    return np.array(ok, dtype=bool) & ~in_spans(t_s, silent)


def assessed_with_data(feet: Mapping[str, Any], silent_spans: Mapping[str, Sequence[tuple[float, float]]]
                       ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per foot of ``feet`` (AnalysisResult.feet), its assessments' times (s, shape (a,)) and whether each
    stands for data and was judged (:func:`assessment_judged`, shape (a,)), ``silent_spans`` the analysis's: the
    per-second table leaves a foot's level out from an assessment without data, or not judged, to the next with."""
    out = {}
    for foot, pipe in feet.items():
        t_s = np.array([a.t_s for a in pipe.assessments_], dtype=float)
        out[foot] = (t_s, assessment_judged(pipe, list(silent_spans.get(foot, ()))))
    return out


def mark_analysable(read: np.ndarray, t_s: np.ndarray, total_force_n: np.ndarray) -> None:
    """Set ``read`` (bool, shape (n,), one per whole second from 0) True in each second holding one of the
    frames at ``t_s`` (s, shape (m,)) that could be analysed (monitor.signal.sensor_coverage
    .analysable_frame_seconds: a finite ``total_force_n``, N, shape (m,)), as the analysis marks them
    (FootPipeline.analysable). Frames outside ``[0, n)`` s are left out."""
    sec = analysable_frame_seconds(t_s, total_force_n)
    read[sec[sec < read.shape[0]]] = True


def level_seconds(read: np.ndarray, assessed: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Which of the seconds 0 .. n-1 have a level of the foot: ``read`` (bool, (n,), :func:`analysable_seconds`)
    and the foot's last assessment before the second's end stands for data (``assessed``: its assessments'
    times, s, and whether each does, :func:`assessed_with_data`); none before its first assessment (its level
    not yet known). Bool, shape (n,)."""
    t_s, with_data = (np.asarray(x) for x in assessed)
    read = np.asarray(read, dtype=bool)
    out = np.zeros(read.shape[0], dtype=bool)
    if not t_s.size:
        return out
    order = np.argsort(t_s, kind="stable")
    t_s, with_data = t_s[order], with_data[order].astype(bool)
    seconds = np.arange(read.shape[0], dtype=float)
    idx = np.searchsorted(t_s, seconds + 1.0, side="left") - 1  # assessments before the second's end
    out[idx >= 0] = with_data[idx[idx >= 0]]
    return out & read


def no_level_spans(has_level: np.ndarray) -> list[tuple[float, float]]:
    """The runs of seconds without a level (``has_level``: bool per second from 0, :func:`level_seconds`) as
    ``(start_s, end_s)``, in time order: where the timeline draws no level band."""
    gone = np.concatenate(([False], ~np.asarray(has_level, dtype=bool), [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(gone))
    return [(float(a), float(b)) for a, b in zip(edges[::2], edges[1::2])]
