"""One stray window of another activity is the recogniser's flicker, not an activity of the session: an activity
besides the main one is named (``brief_activities``: "also 0:30 walking") only from BRIEF_MIN_S of its windows.
Had: one window labelled walking in a run gave the foot ``brief_activities`` [walking, 10 s], so that analyze said
"also 0:10 walking, too short for figures of its own", the cadence was the run's own cycles alone, and the
referral ended "after the session ends", not "after the run ends"."""

from __future__ import annotations

import pytest

import monitor
from monitor.report.text import analysis_text
from monitor.signal.activity_parts import BRIEF_MIN_S, brief_activities
from monitor.signal.params import DEFAULT_PARAMS


@pytest.fixture(scope="module")
def run():
    return monitor.analyze(monitor.offline_session("healthy-run", duration_s=120.0, seed=1), DEFAULT_PARAMS)


def test_one_stray_window_is_no_brief_activity(run):
    before = {f: pipe.summary() for f, pipe in run.feet.items()}
    for pipe in run.feet.values():
        pipe._window_activity["walking"] += 1  # one 10-s window misrecognised
    try:
        for foot, pipe in run.feet.items():
            s = pipe.summary()
            assert s["activity"] == "running"
            # had: ({'activity': 'walking', 'windows_s': 10.0},)
            assert s["brief_activities"] == (), s["brief_activities"]
            assert s["main_part"] is None
            assert s["cadence_per_min"] == before[foot]["cadence_per_min"]
        text = analysis_text(run)
        assert "also 0:10 walking" not in text, text
        assert "after the run ends" in text, text  # had: "after the session ends"
    finally:
        for pipe in run.feet.values():
            pipe._window_activity["walking"] -= 1
            del pipe._window_activity["walking"]


def test_an_activity_is_brief_from_three_windows():
    assert BRIEF_MIN_S == 30.0  # a guess: three 10-s windows, past the recogniser's flicker
    assert brief_activities({"running": 40, "walking": 1}, 10.0, "running", ()) == ()
    assert brief_activities({"running": 40, "walking": 2}, 10.0, "running", ()) == ()
    assert brief_activities({"walking": 24, "running": 3}, 10.0, "walking", ()) == ("running",)
    assert brief_activities({"walking": 24, "running": 9, "cycling": 1}, 10.0, "walking", ()) == ("running",)
    # the parts and the main activity are no brief ones
    assert brief_activities({"walking": 25, "running": 21, "cycling": 4}, 10.0, "walking",
                            ("walking", "running")) == ("cycling",)
    assert brief_activities({}, 10.0, "unknown", ()) == ()
