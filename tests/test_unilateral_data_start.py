"""The left-against-right check (monitor.analysis.unilateral) gathers its evidence as the detector does: never
from before the feet's data began (docs/detection.md, "Start and end of a pattern" and "Left against right").

The claims, each a test that fails if it is wrong:

- a foot beyond the other from the first judged window is not warned before ``warn_after_s`` of data, its
  ``since_s`` is not before the later foot's first data, and its "s under load" is no more than the time
  since then;
- a ride judged against a kept normal whose left foot shows a focal MTH2-3 peak from the first windows
  (the simulator's cleat-forward ride after its one-sided one) is first warned at ``warn_after_s`` after its
  data began, not a window earlier, and no assessment of it starts before its data;
- so are a foot whose first windows hold no data (valid_fraction 0: its sensors read nothing yet) and the
  other foot judged against it: the data start is the first window with data, on the detector and the
  left-against-right check alike (monitor.signal.patterns.first_data_s), and live and replay (the streaming
  core) warn where ``analyze`` does.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from test_streaming_hold import session_blocks
from test_unilateral import _a, _alerts

from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.unilateral import UnilateralCheck
from monitor.codebook import sensor_columns
from monitor.signal.detector import ForefootDetector
from monitor.signal.params import DEFAULT_PARAMS

WINDOW_S = DEFAULT_PARAMS.features.window_s
STEP_S = DEFAULT_PARAMS.features.step_s
WARN_S = DEFAULT_PARAMS.detector.warn_after_s


def _under_load_s(reason: str) -> float:
    return float(re.search(r"; (\d+) s under load", reason).group(1))


@pytest.mark.parametrize("leading", ["none", "empty"])
@pytest.mark.parametrize("right_from_s", [0.0, 30.0, 49.0])
def test_a_pattern_from_the_first_window_gathers_no_exposure_before_the_data_began(right_from_s, leading):
    """``leading``: what a foot sends before its data: no window ("none") or windows without data ("empty")."""
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    first = {"left": 0.0, "right": right_from_s}  # where each foot's data began (session s)
    raised = []
    for k in range(1, int(10 * 60 / STEP_S) + 1):
        t = k * STEP_S
        for foot, ratio in (("left", 1.6), ("right", 1.0)):
            if t <= first[foot]:
                if leading == "empty":  # a window without data: not judged
                    a = _a(foot, t, ratio, judged=False)
                    a.metrics["valid_fraction"] = 0.0
                    raised += [b for b, _ in check.feed(a, "cycling") if b.pattern == "lateral_overload"]
                continue
            a = _a(foot, t, ratio)
            a.metrics["valid_fraction"] = min(1.0, (t - first[foot]) / WINDOW_S)
            raised += [b for b, _ in check.feed(a, "cycling") if b.pattern == "lateral_overload"]
    raised += [b for b, _ in check.flush() if b.pattern == "lateral_overload"]
    data_from_s = max(first.values())
    assert raised and {b.foot for b in raised} == {"left"}
    warned = [b for b in raised if b.level in ("warning", "alert")]
    assert warned and warned[0].t_s - data_from_s >= WARN_S
    for b in raised:
        assert b.since_s >= data_from_s
        assert _under_load_s(b.reasons[0]) <= b.t_s - data_from_s


def test_a_ride_against_a_kept_normal_is_first_warned_once_its_data_have_lasted_the_warning_time():
    from monitor.session.offline import offline_session

    kept = analyze(offline_session("one-sided", duration_s=420.0, seed=1)).baseline
    result = analyze(offline_session("cleat-forward", duration_s=360.0, seed=1), baseline=kept)
    left = result.feet["left"]
    w = left.windows_[0]
    data_from_s = w.t_s - w.window_s * w.valid_fraction
    against = [a for a in left.assessments_ if a.reasons and "(against the other foot)" in a.reasons[0]]
    for a in left.assessments_:
        if a.level != "none" and a.since_s == a.since_s:
            assert a.since_s >= data_from_s, (a.t_s, a.since_s, a.reasons[:1])
    for a in against:
        assert _under_load_s(a.reasons[0]) <= a.t_s - data_from_s
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and warned[0].foot == "left" and warned[0].region == "mth2_3"
    assert warned[0].t_s - data_from_s >= WARN_S
    assert result.feet["left"].summary()["first_warning_s"] == warned[0].t_s


# -- a foot whose first windows hold no data ---------------------------------------------------------------
#: Where the late foot's data begin (s): inside a window, a few seconds after the end of one without data.
LATE_S = 49.0


@pytest.mark.parametrize("min_valid_fraction", [DEFAULT_PARAMS.detector.min_valid_fraction, 0.0])
def test_the_detector_counts_a_foots_data_from_its_first_window_with_data(min_valid_fraction):
    """Windows without data (valid_fraction 0) before a focal MTH2-3 peak from the first data: no evidence,
    no exposure and no warning before the data began (had: the first window's end, 10 s, taken as it), and
    none of them judged, even with a ``min_valid_fraction`` of 0 (had: TypeError, judged with no data start)."""
    from test_detector import FOCAL_EXTREME, stream

    windows = [replace(w, valid_fraction=0.0 if w.t_s <= LATE_S else min(1.0, (w.t_s - LATE_S) / WINDOW_S))
               for w in stream(12, peaks=FOCAL_EXTREME)[0]]
    params = replace(DEFAULT_PARAMS.detector, min_valid_fraction=min_valid_fraction)
    out = ForefootDetector("left", params).feed(windows)
    for a in out:
        if a.t_s <= LATE_S:  # no data
            assert a.metrics["judged"] == 0.0 and not a.with_data, a.t_s
    shown = [a for a in out if a.level != "none"]
    warned = [a for a in shown if a.level in ("warning", "alert")]
    assert warned and warned[0].pattern == "focal_mth"
    assert warned[0].t_s - LATE_S >= WARN_S
    for a in shown:
        assert a.since_s >= LATE_S, (a.t_s, a.since_s)
        assert _under_load_s(a.reasons[0]) <= a.t_s - LATE_S


def _late(session, foot: str, until_s: float):
    """``session`` with ``foot``'s sensor cells emptied (NaN) before ``until_s``: its rows still come, empty."""
    frames = session.frames
    cols = sensor_columns(session.info.layouts[foot].n_sensors)
    frames[cols] = frames[cols].astype(float)
    frames.loc[(frames["foot"] == foot) & (frames["t_s"] < until_s), cols] = np.nan
    return session


def _streamed(session, baseline) -> list:
    """The alerts of the live and replay analysis core fed ``session``'s frames in blocks of both feet."""
    out = []
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity),
                        baseline=baseline)
    for block in session_blocks(session, 250, feet=("left", "right")):
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
    core.flush()
    core.end()
    return out


#: (the ride, whether it is judged against the normal kept from the simulator's one-sided ride, the foot
#: whose sensors read nothing before LATE_S, the foot warned): the late foot warned by its own detector, and
#: a first ride's right foot warned against the left (monitor.analysis.unilateral), the late foot either.
LATE_RIDES = (("cleat-forward", True, "left", "left"), ("one-sided", False, "left", "right"),
              ("one-sided", False, "right", "right"))


@pytest.mark.parametrize(("scenario", "against_kept", "late_foot", "warned_foot"), LATE_RIDES)
def test_a_ride_whose_first_windows_hold_no_data_is_warned_once_its_data_have_lasted_the_warning_time(
        scenario, against_kept, late_foot, warned_foot):
    """One foot's sensor cells empty before 0:49: the warned foot is first warned ``warn_after_s`` after the
    data it is judged on began (its own, or both feet's against the other foot), none of those assessments
    starts before them, and the streaming core of live and replay gives the alerts and data events
    ``analyze`` gives (had: the cleat-forward ride's left foot warned at 5:40 with since_s 40, 291 s after its
    data; the one-sided ride's right foot, against the left, a window early alike)."""
    from monitor.session.offline import offline_session

    kept = analyze(offline_session("one-sided", duration_s=420.0, seed=1)).baseline if against_kept else None
    session = _late(offline_session(scenario, duration_s=480.0, seed=1), late_foot, LATE_S)
    result = analyze(session, baseline=kept)
    for a in result.feet[warned_foot].assessments_:
        against = bool(a.reasons) and "(against the other foot)" in a.reasons[0]
        if a.level != "none" and a.since_s == a.since_s and (against or warned_foot == late_foot):
            assert a.since_s >= LATE_S, (a.t_s, a.since_s, a.reasons[:1])
            assert _under_load_s(a.reasons[0]) <= a.t_s - LATE_S, (a.t_s, a.reasons[:1])
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and warned[0].foot == warned_foot and warned[0].region == "mth2_3"
    assert warned[0].t_s - LATE_S >= WARN_S
    events = [e for e in result.events if e.kind in ("data_stale", "data_back")]
    assert [(e.foot, e.kind) for e in events] == [(late_foot, "data_stale"), (late_foot, "data_back")]
    assert _alerts(_streamed(session, kept)) == _alerts(result.alerts + events)


@pytest.mark.parametrize("late_foot", ["left", "right"])
def test_with_a_minimum_of_no_data_a_window_without_data_is_still_never_judged(late_foot):
    """``detector.min_valid_fraction`` 0 (the parameter checks allow 0..1) on a ride with one foot's cells empty
    before 0:49: ``analyze`` runs (had: TypeError comparing None, the data start of a window without data,
    with a time), judges no window without data on either check, and the late foot is judged against the
    other from its first data on, as with the default minimum."""
    from monitor.session.offline import offline_session

    params = replace(DEFAULT_PARAMS, detector=replace(DEFAULT_PARAMS.detector, min_valid_fraction=0.0))
    session = _late(offline_session("one-sided", duration_s=480.0, seed=1), late_foot, LATE_S)
    result = analyze(session, params=params)
    for foot, pipe in result.feet.items():
        for w, a in zip(pipe.windows_, pipe.assessments_):
            if not w.valid_fraction > 0.0:
                assert a.metrics["judged"] == 0.0 and not a.with_data, (foot, a.t_s)
    against = [a for pipe in result.feet.values() for a in pipe.assessments_
               if a.level != "none" and a.reasons and "(against the other foot)" in a.reasons[0]]
    assert against
    for a in against:
        assert a.since_s >= LATE_S, (a.foot, a.t_s, a.since_s, a.reasons[:1])
