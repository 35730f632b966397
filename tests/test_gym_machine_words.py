"""On a gym machine the words say what to do on it, and a run's or a walk's break says how to stop a treadmill.

An elliptical or a stair climber moves under the feet: the relief a warning asks for now, as the alert's line,
the terminal's banner and the phone view say it, is to slow down and step off (domain.md section 6's elliptical
row, "take breaks" [1] W, with the relief's times [38] W), not the runner's "Take a 20-60 s break". A run or a
walk may be on a treadmill (declared running or walking): its break says to slow the belt to a stop or step
onto its side rails first, with the tip's tags kept.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.tips import SUGGESTIONS, evidence_for, words
from monitor.cli.console_live import format_event, level_key, render_view
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.live.view import FootView, LiveView
from monitor.live.web.state import page_state
from monitor.signal.params import AlertParams
from monitor.signal.types import Assessment

MACHINES = ["elliptical", "stair_climber", "elliptical_or_stair"]
#: A machine's relief now: the short line of the break its tip says (step off, or slow and stop it, first).
ON_A_MACHINE = "Slow down, step off for 20-60 s"
#: What a treadmill's break adds to a run's or a walk's: the belt stopped, or the feet off it, first.
TREADMILL = "on a treadmill, first slow the belt to a stop or step onto its side rails"


def _warning(activity: str):
    """The alert policy's first warning on the left foot, judged in ``activity``, as live raises it."""
    alerts = AlertPolicy(AlertParams()).feed(Assessment("left", 400.0, "warning", "continuous_forefoot_load",
                                                        "mth2_3"), activity)
    (warning,) = [a for a in alerts if a.kind == "alert"]
    return warning


def _view(activity: str, alert) -> LiveView:
    feet = {name: FootView(name, True, region_kpa={"mth2_3": 150.0, "heel_medial": 60.0}, activity=activity,
                           level="warning", pattern="continuous_forefoot_load", region="mth2_3")
            for name in ("left", "right")}
    return LiveView(410.0, 900.0, feet=feet, current_alert=alert, alerts=1)


@pytest.mark.parametrize("activity", MACHINES)
def test_a_machine_s_warning_says_slow_down_and_step_off_in_every_view(activity):
    # had: "Take a 20-60 s break" on the alert line, the banner and the phone, a runner's words on a machine
    warning = _warning(activity)
    assert warning.relief == ON_A_MACHINE, warning.relief
    assert f": {ON_A_MACHINE}. After: " in warning.message, warning.message
    assert f": {ON_A_MACHINE}. After: " in format_event(warning, ["terminal"], activity)  # the plain line
    view = _view(activity, warning)
    assert page_state(view)["todo"] == ON_A_MACHINE  # the phone's banner
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(render_view(view))
    said = " ".join(console.export_text().replace("┃", " ").split())
    assert f"> {ON_A_MACHINE}" in said and "Take a 20-60 s break" not in said, said
    # the key above the view says the same relief for a warning
    assert f"{ON_A_MACHINE[:1].lower()}{ON_A_MACHINE[1:]} now, then the fix" in level_key(activity)[1]
    # the tip it is the short line of keeps its words and its tags: the machine row's [1], the times' [38]
    short, text = words(SUGGESTIONS["unweight"], activity, ("left",))
    assert short == ON_A_MACHINE and text.startswith("Step off the machine (or slow and stop it) first"), text
    assert evidence_for(SUGGESTIONS["unweight"], activity) == "[1][38]"


@pytest.mark.parametrize(("activity", "now"), [("running", "Take a 20-60 s break"),
                                               ("walking", "Take a 20-60 s break"),
                                               ("cycling", "Unweight the foot 20-60 s")])
def test_off_a_machine_the_short_line_is_unchanged(activity, now):
    assert _warning(activity).relief == now


def _summary(activity: str) -> str:
    record = RecordSummary(Path("unused"), 900.0, {}, 0)
    warned = Delivered(_warning(activity), ("terminal",), "2026-01-01T00:06:40Z")
    return summary_text(LiveSummary(record, [warned], {"left": {"activity": activity},
                                                       "right": {"activity": activity}}))


@pytest.mark.parametrize("activity", ["running", "walking"])
def test_a_run_s_or_a_walk_s_break_says_how_to_stop_on_a_treadmill(activity):
    # had: "Stop for 20-60 s ... every 15-30 minutes (sit, or stand and lift each foot in turn)", nothing of a
    # belt that keeps moving under the feet
    said = _summary(activity)
    line = next(ln for ln in said.splitlines() if ln.startswith("  - Stop for 20-60 s"))
    assert f"Solewatch counts): sit, or stand and lift each foot in turn; {TREADMILL}; " in line, line
    assert line.endswith("(evidence weak: [16][38])"), line  # the break's tags, as before
    for machine in MACHINES:  # a machine's break says its own: step off it, or slow and stop it, first
        assert "treadmill" not in words(SUGGESTIONS["unweight"], machine)[1]
    assert "treadmill" not in words(SUGGESTIONS["unweight"], "cycling")[1]
    assert "treadmill" not in words(SUGGESTIONS["unweight"], "unknown")[1]


@pytest.mark.parametrize(("activity", "word"), [("elliptical", "elliptical"), ("stair_climber", "stair climber"),
                                                ("elliptical_or_stair", "elliptical or stair climber")])
def test_a_summary_whose_feet_give_a_declared_machine_alone_says_it(activity, word):
    # had: "Session: 15:00 with no activity recognised." of feet info {"activity": "elliptical"} with no
    # declared word beside it: the declared machine's word is no class of the detector's, and was dropped
    head = _summary(activity).splitlines()[0]
    assert head == f"Session: 15:00 of {word}.", head
    record = RecordSummary(Path("unused"), 900.0, {}, 0)
    nothing = LiveSummary(record, [], {"left": {"activity": "unknown"}, "right": {"activity": "unknown"}})
    assert summary_text(nothing).splitlines()[0] == "Session: 15:00 with no activity recognised."


STEP_OFF = "reminders to slow down and step off the machine"


@pytest.mark.parametrize(("activity", "nudge"), [*((m, STEP_OFF) for m in MACHINES),
                                               ("running", "reminders to take a break"),
                                               ("walking", "reminders to take a break")])
def test_a_verdict_of_reminders_alone_on_a_machine_says_step_off_as_its_relief_does(activity, nudge):
    # had on a machine: "reminders to take a break", a runner's words beside the tip "Slow down, step off for
    # 20-60 s"; the tip keeps the machine row's tags [1][38]
    reminder = Alert(1300.0, "left", "alert", "notice", None, "no_relief", None, (), (), "NOTICE")
    advice = advise([reminder], ("left", "right"), {"left": activity, "right": activity})
    assert f"Verdict: no sustained forefoot overload; {nudge}." in advice.verdict, advice.verdict
    tip = advice.tips[0]
    if nudge.endswith("machine"):
        assert (tip.short, tip.evidence, tip.strength) == (ON_A_MACHINE, "[1][38]", "weak"), tip
    else:
        assert tip.short == "Take a 20-60 s break", tip
