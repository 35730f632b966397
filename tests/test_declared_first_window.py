"""A declared activity is in effect from a foot's first frame: the windows that end before the recogniser's
first label (10 s in) carry it, with a cadence, in analyze and in the live analysis core alike; they hold
too little data to be judged, as before."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from test_streaming_hold import session_blocks

from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.session.directory import load_session
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"


@pytest.fixture(scope="module")
def ride():
    """90 s of a healthy ride, the session declared cycling (seated)."""
    return offline_session("healthy-ride", duration_s=90, seed=3)


def _first_frame_s(session, foot: str) -> float:
    return float(foot_block(session, foot).t_s[0])


def test_a_declared_rides_first_window_is_cycling_with_a_cadence_and_not_judged(ride):
    assert declared_activity(ride.info.activity) == "cycling"
    result = analyze(ride)
    for foot, pipe in result.feet.items():
        assert pipe.activity_ == [(_first_frame_s(ride, foot), "cycling")]
        windows = list(pipe.windows_)
        assert len(windows) >= 7
        assert [w.activity for w in windows] == ["cycling"] * len(windows)
        first = windows[0]
        assert first.t_s == 10.0
        # strokes, not strides, counted from the start: the ride's cadence (80-100 rpm), not steps a minute
        assert 80.0 <= first.cadence_per_min <= 100.0, first.cadence_per_min
        # a sixth of its 60 s: under min_valid_fraction, so not judged (the guard the windows already had)
        a = pipe.assessments_[0]
        assert first.valid_fraction < DEFAULT_PARAMS.detector.min_valid_fraction
        assert a.metrics["judged"] == 0.0 and a.level == "none"


def test_a_declared_walks_first_window_is_walking_with_a_cadence():
    session = load_session(SAMPLES / "moticon-walk")  # 17.5 s of a real walk, imported declaring nothing
    result = analyze(session, activity="walking")  # as `analyze --activity walking`
    for foot, pipe in result.feet.items():
        windows = list(pipe.windows_)
        assert windows and all(w.activity == "walking" for w in windows), [w.activity for w in windows]
        assert 80.0 <= windows[0].cadence_per_min <= 120.0, windows[0].cadence_per_min


def _core(session, chunk: int, deferred: bool):
    """The live analysis core fed each foot's frames ``chunk`` at a time, the feet taking turns (interleaved
    in time: both feet's frames have the same times)."""
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.5,
                        emit=lambda alert, since: None, deferred=deferred,
                        activity=declared_activity(session.info.activity))
    for part in session_blocks(session, chunk):
        core.arrival(float(part.t_s[0]))
        core.frames(part)
    core.flush()
    if deferred:
        core.run_deferred()
    return core


@pytest.mark.parametrize("chunk,deferred", [(7, False), (997, False), (997, True)])
def test_the_live_core_on_a_declared_ride_equals_analyze(ride, chunk, deferred):
    whole = analyze(ride)
    core = _core(ride, chunk, deferred)
    for foot, pipe in core.pipeline.feet.items():
        batch = whole.feet[foot]
        assert pipe.activity_ == batch.activity_
        # the live pipeline keeps the latest windows only (keep_history=False): these 90 s are all of them
        assert repr(list(pipe.windows_)) == repr(list(batch.windows_))
        assert repr(list(pipe.assessments_)) == repr(list(batch.assessments_))
        assert repr(pipe.summary()) == repr(batch.summary())
        assert not any(w.activity == "unknown" or math.isnan(w.cadence_per_min) for w in pipe.windows_)
