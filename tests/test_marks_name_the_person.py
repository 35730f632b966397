"""A "numb now" mark names the person in the session's activity: a rider on a bike, a runner on a run, a
walker on a walk, and the neutral "wearer" where the activity is a stepping machine or not known, in the
event's message (the events file, the replay, a FIT export), the live terminal line and the live summary.
The JSON field names (``rider_mark``) stay: they are an interface (docs/events-json.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_streaming_hold import session_blocks

from monitor.analysis.foot_frames import foot_block
from monitor.analysis.marks import RIDER_MARK_EVENT, RIDER_MARK_KIND, RiderMark, mark_alert, mark_event, person
from monitor.analysis.streaming import AnalysisCore
from monitor.cli.console_live import format_event
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS


@pytest.mark.parametrize("activity, who", [
    ("cycling", "rider"), ("cycling_seated", "rider"), ("running", "runner"), ("walking", "walker"),
    ("elliptical_or_stair", "wearer"), ("stair_climber", "wearer"), ("unknown", "wearer"), (None, "wearer"),
])
def test_a_mark_names_the_person_of_its_activity(activity, who):
    alert = mark_alert(RiderMark(12.0, "left"), activity)
    assert alert.kind == RIDER_MARK_KIND == "rider_mark"  # the interface's word stays
    assert alert.message == f"NUMB NOW left foot: marked by the {who}"
    assert alert.to_dict()["kind"] == "rider_mark"
    line = format_event(alert, ["terminal"])
    assert f"NUMB NOW  marked by the {who}" in line
    if who != "rider":
        assert "rider" not in line and "rider" not in alert.message


def test_feet_in_different_activities_get_the_neutral_word():
    assert person(["running", "running"]) == "runner"
    assert person(["running", "unknown"]) == "runner"
    assert person(["running", "walking"]) == "wearer"
    assert person([]) == "wearer"


def streamed_with_a_mark(session, mark_at_s: float, foot: str = "left", deferred: bool = False,
                         **core_kwargs) -> list:
    """``session`` streamed through an AnalysisCore (live's and replay's) in 50-frame blocks, a "numb now" mark of
    ``foot`` made with the first block that reaches ``mark_at_s`` (session s); the events it emits, in order."""
    out: list = []
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: out.append(a), deferred=deferred, **core_kwargs)
    marked = False
    for block in session_blocks(session, 50, feet=("left", "right")):
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
        if not marked and block.t_s[-1] >= mark_at_s:
            core.event(float(block.t_s[-1]), {"event": RIDER_MARK_EVENT, "foot": foot, **mark_event(foot, "terminal")})
            marked = True
    core.flush()
    if deferred:
        core.run_deferred()
    core.end()
    return out


@pytest.mark.parametrize("deferred", [False, True])
def test_a_mark_on_a_run_streamed_names_the_runner(deferred):
    """No activity declared: the core reads it from the run's own windows before the mark."""
    out = streamed_with_a_mark(offline_session("healthy-run", duration_s=80, seed=3), 70.0, deferred=deferred)
    marks = [a for a in out if a.kind == RIDER_MARK_KIND]
    assert [m.message for m in marks] == ["NUMB NOW left foot: marked by the runner"]
    assert np.isclose(marks[0].t_s, 70.0, atol=1.0)


def test_a_declared_walk_names_the_walker_from_the_first_second():
    walk = offline_session("healthy-walk", duration_s=5, seed=1)
    out = []
    core = AnalysisCore(walk.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: out.append(a), activity="walking")
    right = foot_block(walk, "right")  # its first second of data, so the mark does not say it had none
    core.frames(type(right)("right", right.t_s[right.t_s <= 1.0], right.pressure_kpa[right.t_s <= 1.0]))
    core.event(1.0, {"event": RIDER_MARK_EVENT, "foot": "right", **mark_event("right", "web")})
    assert [a.message for a in out] == ["NUMB NOW right foot: marked by the walker"]


def test_the_live_summary_counts_the_marks_of_the_runner():
    from monitor.live.delivery import Delivered

    rec = RecordSummary(Path("s"), 600.0, {"left": {}, "right": {}}, 0)
    mark = mark_alert(RiderMark(100.0, "left"), "running")
    run = LiveSummary(rec, [Delivered(mark, ("terminal",), "2026-12-02T05:00:00Z")],
                      {"left": {"activity": "running"}, "right": {"activity": "running"}})
    text = summary_text(run).replace("--rider NAME", "")  # the option's name, not a word for the runner
    assert "1 numb mark of the runner" in text and "rider" not in text, text
    ride = LiveSummary(rec, [Delivered(mark_alert(RiderMark(100.0, "left"), "cycling"), ("terminal",), "x")],
                       {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}})
    assert "1 numb mark of the rider" in summary_text(ride)


def test_the_progress_line_names_no_rider_unless_one_is_named():
    from monitor.analysis.judged import judged_against, judged_clause
    from monitor.signal.baseline import RiderBaseline

    fed, runs = {"left": True}, {"left": "running"}
    none = judged_clause(judged_against(fed, {}, None, None, runs)).replace("--rider NAME", "")  # the option
    given = judged_clause(judged_against(fed, {"left": True}, RiderBaseline(), None, runs))
    assert none and given and "rider" not in none + given, (none, given)
    named = judged_clause(judged_against(fed, {"left": True}, RiderBaseline(), "anna", runs))
    assert named == ", judged against anna's normal kept from earlier runs"  # the --rider option names her
