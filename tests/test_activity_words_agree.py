"""Every view says an activity in the words of one table (monitor.signal.activity_words): the live terminal
and the phone, the summaries of live and replay, analyze's lines and the report's header say an undeclared
stepping machine, a session with no activity recognised, and relief for an activity not known alike."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import monitor
from monitor.analysis.alerts import Alert, AlertPolicy, relief_now
from monitor.analysis.batch import analyze
from monitor.cli.console_live import format_event, render_view
from monitor.live.shown import now_and_after
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.live.summary_head import session_word
from monitor.live.view import FootView, LiveView, activity_words
from monitor.live.web.state import page_state
from monitor.report.text import foot_lines
from monitor.signal.activity_words import ACTIVITY_WORDS, MACHINE_WORD, activity_word, shows_relief_clock
from monitor.signal.types import Assessment


def _screen(view: LiveView, width: int = 120) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(view))
    return " ".join(console.export_text().replace("┃", " ").replace("│", " ").split())


def test_an_undeclared_machine_is_said_alike_live_in_the_summary_analyze_and_the_report(tmp_path):
    """had: the live views, analyze's lines and the report's header said the detector's "elliptical or
    stair" where the summaries of live and replay said "elliptical or stair climber"."""
    from monitor.report.data import report_data
    from monitor.report.html import render_html

    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    result = analyze(session, activity="unknown")  # recognise it
    assert set(result.activities().values()) == {"elliptical_or_stair"}
    summary = LiveSummary(RecordSummary(tmp_path, 30.0, {}, 0), [],
                          {f: {"activity": a} for f, a in result.activities().items()})
    word = session_word(summary)
    assert word == MACHINE_WORD == "elliptical or stair climber"
    foot = FootView("left", True, activity="elliptical_or_stair")
    assert activity_words(foot) == word
    view = LiveView(30.0, 60.0, feet={"left": foot})
    assert page_state(view)["feet"]["left"]["activity"] == word
    assert f" {word} " in f" {_screen(view)} "
    assert [line.split(",")[0] for line in foot_lines(result)] == [f"left: {word}", f"right: {word}"]
    header = render_html(report_data(session, result), {}).split("</header>")[0]
    assert f"left {word}, right {word}" in header


def test_a_summary_with_no_activity_recognised_calls_it_what_activity_word_calls_it(tmp_path):
    """had: "Session: 1:00 of ride." where nothing was recognised, though activity_word (a recording's label,
    record's and the rider's lines) calls a session of an activity not known a "session": a run or a walk is
    no ride; "1:00 of session" would say nothing, so it says none was recognised."""
    nothing = LiveSummary(RecordSummary(tmp_path, 60.0, {}, 0), [], {"left": {"activity": "unknown"}})
    assert session_word(nothing) == activity_word(None) == activity_word("unknown") == "session"
    assert summary_text(nothing).splitlines()[0] == "Session: 1:00 with no activity recognised."
    riding = LiveSummary(RecordSummary(tmp_path, 60.0, {}, 0), [], {"left": {"activity": "cycling"}})
    assert summary_text(riding).splitlines()[0] == "Session: 1:00 of ride."  # a ride recognised stays one


WARNING = Alert(310.0, "left", "alert", "warning", "mth2_3", "focal_mth",
                suggestions=("Move the left cleat back 2-10 mm",), suggestion_keys=("cleat_back",))


def test_relief_for_an_activity_not_known_is_asked_for_as_the_relief_clock_reads_it():
    """had: an alert without relief words of its own (made elsewhere than the alert policy) was worded "Take a
    20-60 s break" where the activity is not known, while the same views keep the relief clock there as on a
    bike: the words now follow the clock, the foot unweighted as one goes, as on a bike, in words for a bike or a
    run: "Take the weight off the foot 20-60 s" (had, after that: "Unweight the foot 20-60 s", a bike's)."""
    assert WARNING.relief is None
    assert shows_relief_clock("unknown") and shows_relief_clock("cycling") and not shows_relief_clock("running")
    assert now_and_after(WARNING)[0] == "Take the weight off the foot 20-60 s"
    assert now_and_after(WARNING, "cycling")[0] == "Unweight the foot 20-60 s"
    assert now_and_after(WARNING, "running")[0] == "Take a 20-60 s break"
    foot = FootView("left", True, activity="unknown", time_since_relief_s=100.0)
    page = page_state(LiveView(320.0, 480.0, feet={"left": foot}, current_alert=WARNING))
    assert page["feet"]["left"]["relief_s"] is not None  # the relief clock, as on a bike
    assert page["todo"] == "Take the weight off the foot 20-60 s"
    assert "Take the weight off the foot 20-60 s. After: Move the left cleat back" in format_event(WARNING, [])
    # the alert policy words its own alerts alike where the activity is not known
    assert relief_now(None) == relief_now("unknown") == "Take the weight off the foot 20-60 s"
    assert relief_now("cycling_seated") == "Unweight the foot 20-60 s"
    assert relief_now("walking") == "Take a 20-60 s break"
    assert relief_now("elliptical_or_stair") == "Slow down, step off for 20-60 s"  # a machine moves under the feet


@pytest.mark.parametrize("activity", [None, "unknown", "cycling", "running", "elliptical_or_stair"])
def test_the_alert_policy_words_relief_as_the_views_keep_the_relief_clock(activity):
    policy = AlertPolicy()
    alerts = [x for t in range(0, 120, 5)
              for x in policy.feed(Assessment("left", float(t), "warning", "focal_mth", "mth2_3"), activity)]
    assert alerts and alerts[0].relief == relief_now(activity)
    if activity == "elliptical_or_stair":  # the feet stay on a machine that moves: off it first, no runner's break
        assert alerts[0].relief == "Slow down, step off for 20-60 s"
        return
    clock = shows_relief_clock(activity)
    assert ("break" not in alerts[0].relief) == clock  # the foot unweighted as one goes, not a break


def test_every_activity_has_its_words():
    for code, w in ACTIVITY_WORDS.items():
        assert w.name and w.noun and w.person, code
        assert w.detector is None or ACTIVITY_WORDS[w.detector].detector == w.detector, code
