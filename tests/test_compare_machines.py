"""A comparison of an elliptical with a stair climber is one of two activities (their declared words, not
the detector's one class of both), and says each session's length as the report's header does
(monitor.analysis.compare_facts, docs/compare.md)."""

from __future__ import annotations

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.report.compare_section import sessions_text
from monitor.session.model import Session
from monitor.session.offline import offline_session


def _late_start(session: Session, first_s: float = 0.6) -> Session:
    """``session`` whose frames start ``first_s`` after the recording did, as a live recording's do (its
    insoles' first frames come a moment after it starts; session.json's duration_s counts from its start)."""
    frames = session.frames[session.frames["t_s"] >= first_s].reset_index(drop=True)
    return Session(session.path, session.info, frames, session.gaps)


@pytest.fixture(scope="module")
def machines():
    """(session, analysis) of a healthy elliptical and of a healthy stair climber, 8 minutes each, both
    declared (the scenarios'), their frames starting 0.6 s in."""
    out = []
    for name in ("healthy-elliptical", "stair-climber"):
        session = _late_start(offline_session(name, duration_s=8 * 60, seed=2))
        out.append((session, analyze(session)))
    return out


def test_an_elliptical_and_a_stair_climber_differ_in_activity(machines):
    """Their forefoot shares differ (61 and 76 % here): judged as one activity, the stair climber was
    "10 measures better, 12 worse" than the elliptical, with no caveat."""
    (se, re_), (ss, rs) = machines
    c = compare(re_, rs, se, ss)
    assert c.before.activity == {"left": "elliptical", "right": "elliptical"}
    assert c.after.activity == {"left": "stair_climber", "right": "stair_climber"}
    said = c.sentences()
    assert any(s.startswith("Caveat: the sessions differ in activity (elliptical before, stair climber after)")
               for s in said), said
    share = [ch for ch in c.changes if ch.metric == "forefoot_share"]
    assert share and all(ch.verdict in ("same", "neutral") for ch in share)  # reported, not judged
    assert not [ch for ch in c.changes if ch.metric in ("peak_kpa", "pti_kpa_s", "forefoot_share")
                and ch.verdict in ("better", "worse")]
    assert "(elliptical, 8:00)" in sessions_text(c) and "(stair climber, 8:00)" in sessions_text(c)


def test_the_same_machine_compares_without_an_activity_caveat(machines):
    (se, re_), _ = machines
    c = compare(re_, re_, se, se)
    assert not [s for s in c.sentences() if "differ in activity" in s]


def test_an_undeclared_machine_session_is_not_taken_for_either_machine(machines):
    """Recognised as the class (which machine not known), it is another activity than a declared one."""
    (se, re_), _ = machines
    undeclared = analyze(se, activity="unknown")
    c = compare(re_, undeclared, se, se)
    assert c.after.activity == {"left": "elliptical_or_stair", "right": "elliptical_or_stair"}
    assert any("differ in activity" in s for s in c.sentences())


def test_the_session_line_says_the_length_the_header_says(machines):
    """The header says session.json's duration (8:00); the line said its frames' span (7:59)."""
    (se, re_), _ = machines
    c = compare(re_, re_, se, se)
    assert c.before.duration_s == se.info.duration_s == 480
    assert sessions_text(c).startswith(f"Before: {se.info.session_id} (elliptical, 8:00)")
