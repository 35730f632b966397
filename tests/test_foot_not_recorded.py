"""A session with no insole for one foot says so, in the analysis and in the report's "What to know".

`record --sim tight-shoes --fault stop:right@0s` said at recording "only the left insole connected; no right
data" and kept it in session.json's notes, but its report's verdict read "sustained forefoot load on the left
foot ...", its Data quality table had a left column alone and "What to know" nothing; `analyze` said nothing
of the right foot either. An imported one-foot export says it too, without alarm.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import jsonschema

from monitor.analysis.batch import analyze
from monitor.report.html import render_html
from monitor.report.quality_data import quality_of
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

ROOT = Path(__file__).resolve().parents[1]
RECORDED = "right: not recorded, no insole connected: the verdict and the advice are of the left foot alone"
IMPORTED = "right: not in the imported file, a recording of the left foot alone"


def _left_only(source: str = "sim", caveats: tuple[str, ...] = ()):
    session = offline_session("tight-shoes", duration_s=60.0, seed=1, rate_hz=50)
    info = replace(session.info, layouts={"left": session.info.layouts["left"]},
                   devices={k: v for k, v in session.info.devices.items() if k == "left"}, source=source,
                   imported_from={"format": "moticon", "caveats": list(caveats)} if source == "import" else None)
    session.info = info
    session.frames = session.frames[session.frames["foot"].astype(str) == "left"].reset_index(drop=True)
    return session


@lru_cache(maxsize=None)
def _recorded():
    session = _left_only()
    return session, analyze(session)


def test_analyze_says_the_right_foot_was_not_recorded():
    _, result = _recorded()
    lines = analysis_text(result).splitlines()
    assert lines[lines.index("") + 1].startswith("left: "), lines
    assert RECORDED in lines, lines
    out = result.to_json_dict()
    assert out["feet_not_recorded"] == ["right"] and out["not_recorded_note"] == RECORDED
    jsonschema.validate(out, json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text()))


def test_the_reports_what_to_know_says_it():
    session, _ = _recorded()
    quality = quality_of(session, {}, 60.0)
    assert quality.caveats[0] == RECORDED, quality.caveats
    from monitor.report.data import report_data

    html = render_html(report_data(session, _recorded()[1]), {})
    assert "<h3>What to know</h3><ul><li>" + RECORDED in html


def test_an_imported_one_foot_export_says_it_without_alarm():
    session = _left_only("import")
    assert session.not_recorded_note() == IMPORTED
    assert quality_of(session, {}, 60.0).caveats == [IMPORTED]
    said = "the right insole has no samples in the file; the session has no right foot"  # Moticon's importer
    assert quality_of(_left_only("import", (said,)), {}, 60.0).caveats == [said]  # said once


def test_a_two_foot_session_has_no_such_note():
    session = offline_session("tight-shoes", duration_s=10.0, seed=1, rate_hz=50)
    assert session.feet_not_recorded() == () and session.not_recorded_note() == ""
    assert analyze(session).to_json_dict()["feet_not_recorded"] == []


def test_the_verdict_headline_says_it_is_of_one_foot():
    """The verdict's first words named the left foot alone, reading as a verdict on both feet; it says whose
    it is, in analyze and as the report's headline, and a two-foot verdict keeps its words."""
    session, result = _recorded()
    head = analysis_text(result).splitlines()[0]
    assert head.startswith("Verdict (left foot only; the right foot was not recorded): "), head
    from monitor.report.data import report_data

    assert report_data(session, result).verdict.headline == head
    both = analyze(offline_session("tight-shoes", duration_s=10.0, seed=1, rate_hz=50))
    assert both.advice().verdict.startswith("Verdict: "), both.advice().verdict
