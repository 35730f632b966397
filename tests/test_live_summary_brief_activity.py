"""The head of the live (and replay) summary says a session's activities as analyze says them: a walk with a run
too brief for figures of its own, "Session: 5:30 of walk, also 1:00 running.", in analyze's words of the run
(monitor.analysis.part_words.brief_words), each foot's where they differ; a walk then a run, "of walk then run".
Had: ``live --sim walk-then-run --duration 5m30s`` said "Session: 5:30 of walk." with no word of the run, while
analyze said "walking, cadence 110 steps/min (also 1:00 running, too short for figures of its own)" and the live
referral, counting the run, "after the session ends"; and a whole walk-then-run "Session: 8:00 of walk."."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_strike_run_steps import _walk_then_run

import monitor
from monitor.live.summary import LiveSummary, RecordSummary, summary_referrals, summary_text
from monitor.live.summary_head import end_word
from monitor.report.cycle_words import feet_activities
from monitor.report.text import analysis_text
from monitor.signal.params import DEFAULT_PARAMS


def _live(result, duration_s: float) -> LiveSummary:
    """The live summary of the session ``result`` analysed: its feet's pipeline summaries."""
    return LiveSummary(RecordSummary(Path("unused"), duration_s, {}, 0), [],
                       {f: pipe.summary() for f, pipe in result.feet.items()})


@pytest.mark.parametrize("run_s", [60.0, 120.0])
def test_the_live_head_says_the_brief_run_as_analyze_does(run_s):
    result = monitor.analyze(_walk_then_run(240.0, run_s), DEFAULT_PARAMS)
    text = analysis_text(result)
    said = {}
    for foot in result.feet:
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{foot}: "))
        m = re.match(r"\w+: walking, cadence \d+ steps/min \((also \d:\d\d running), too short for figures of its "
                     r"own\)", line)
        assert m, line
        said[foot] = m[1]
    brief = said["left"] if len(set(said.values())) == 1 else f"left {said['left']}, right {said['right']}"
    live = _live(result, 240.0 + run_s)
    head = summary_text(live).splitlines()[0]
    assert head == f"Session: {(240 + int(run_s)) // 60}:{(240 + int(run_s)) % 60:02d} of walk, {brief}.", head
    # had: "Session: 5:00 of walk." and "Session: 6:00 of walk."
    assert end_word(live) == "session"  # as the referral's end, which counts the run
    assert "after the session ends" in summary_referrals(live)[0] and "after the session ends" in text


def test_the_live_head_says_a_walk_then_a_run_as_the_reports_header():
    result = monitor.analyze(_walk_then_run(240.0, 240.0), DEFAULT_PARAMS)
    live = _live(result, 480.0)
    assert feet_activities({f: p.summary() for f, p in result.feet.items()}) == \
        "left walking then running, right walking then running"
    head = summary_text(live).splitlines()[0]
    assert head == "Session: 8:00 of walk then run.", head  # had: "Session: 8:00 of walk."
    assert end_word(live) == "session"
