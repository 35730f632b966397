"""A declared activity is said as it was declared: the detector merges an elliptical and a stair climber
into one class (``elliptical_or_stair``, whose rules they share), but the person said "elliptical", and
the per-foot lines of ``analyze`` and the report say that word. ``analyze --json``'s ``activity`` keeps
the class (its schema's enum, docs/analyze-json.md)."""

from __future__ import annotations

import monitor
from monitor.analysis.batch import analyze
from monitor.report.text import foot_lines


def test_a_declared_elliptical_or_stair_climber_is_said_as_declared():
    """had: "left: elliptical or stair, ..." for a session declared elliptical (session.json's word)."""
    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    assert session.info.activity == "elliptical"
    result = analyze(session)
    assert [line.split(",")[0] for line in foot_lines(result)] == ["left: elliptical", "right: elliptical"]
    summary = result.to_json_dict()["summary"]
    assert {f: (s["activity"], s["activity_source"]) for f, s in summary.items()} == {
        "left": ("elliptical_or_stair", "declared"), "right": ("elliptical_or_stair", "declared")}
    stairs = analyze(session, activity="stair_climber")
    assert foot_lines(stairs)[0].startswith("left: stair climber, cadence 140 steps/min")
    assert stairs.declared_activity == "elliptical_or_stair"


def test_without_a_declared_activity_the_line_says_the_recognised_class():
    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    result = analyze(session, activity="unknown")  # recognise it
    assert result.declared_word is None
    assert foot_lines(result)[0].startswith("left: elliptical or stair,")


def test_the_report_header_says_the_declared_word():
    """had: the header of a session declared elliptical read "left elliptical or stair, right ..."."""
    from monitor.report.data import report_data
    from monitor.report.html import render_html

    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    data = report_data(session, analyze(session))
    header = render_html(data, {}).split("</header>")[0]
    assert "left elliptical, right elliptical" in header and "or stair" not in header
    assert {s["activity"] for s in data.summary.values()} == {"elliptical_or_stair"}  # the class, for the rules
