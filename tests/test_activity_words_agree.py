"""Every view says an activity in the words of one table (monitor.signal.activity_words): the live terminal
and the phone, the summaries of live and replay, analyze's lines and the report's header say an undeclared
stepping machine and a session with no activity recognised alike."""

from __future__ import annotations

import io

from rich.console import Console

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.console_live import render_view
from monitor.live.summary import LiveSummary, RecordSummary, session_word, summary_text
from monitor.live.view import FootView, LiveView, activity_words
from monitor.live.web.state import page_state
from monitor.report.text import foot_lines
from monitor.signal.activity_words import ACTIVITY_WORDS, MACHINE_WORD, activity_word


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
    no ride."""
    nothing = LiveSummary(RecordSummary(tmp_path, 60.0, {}, 0), [], {"left": {"activity": "unknown"}})
    assert session_word(nothing) == activity_word(None) == activity_word("unknown") == "session"
    assert summary_text(nothing).splitlines()[0] == "Session: 1:00 of session."
    riding = LiveSummary(RecordSummary(tmp_path, 60.0, {}, 0), [], {"left": {"activity": "cycling"}})
    assert summary_text(riding).splitlines()[0] == "Session: 1:00 of ride."  # a ride recognised stays one


def test_every_activity_has_its_words():
    for code, w in ACTIVITY_WORDS.items():
        assert w.name and w.noun and w.person, code
        assert w.detector is None or ACTIVITY_WORDS[w.detector].detector == w.detector, code
