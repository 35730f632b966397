"""A comparison says both sessions' declared setups and what changed between them: a rider who moved a cleat
between two rides and asks "did it help?" sees the change beside the numbers, in the report's "Before and
after" (HTML and PDF). Had: SESSION's setup alone, in its advice; B's setup.json not read, the change nowhere."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from test_report_compare_own_inputs import SESSION, _compared

from monitor.analysis.advice import Setup
from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.report.compare_pdf import compare_pages
from monitor.report.compare_section import compare_section_html
from monitor.session.offline import offline_session

pytestmark = pytest.mark.timeout(600)

NEUTRAL = Setup("clipless", "road shoes, 43, cleats neutral")
MOVED = Setup("clipless", "road shoes, 43, cleats 5 mm back")


@pytest.fixture(scope="module")
def rides():
    session = offline_session("healthy-ride", duration_s=6 * 60, seed=3)
    result = analyze(session)
    return session, result


def _with(result, setup: Setup):
    return dataclasses.replace(result, setup=setup)


def test_both_setups_and_the_change_are_said(rides):
    from monitor.analysis.compare_setup import setup_text

    s, r = rides
    c = compare(_with(r, NEUTRAL), _with(r, MOVED), s, s)
    assert (c.before.setup, c.after.setup) == (NEUTRAL, MOVED)
    text = setup_text(c)
    assert text == ('Setup before: clipless pedals; shoes: road shoes, 43, cleats neutral. After: clipless pedals; '
                    'shoes: road shoes, 43, cleats 5 mm back. Changed: the shoes, from "road shoes, 43, cleats '
                    'neutral" to "road shoes, 43, cleats 5 mm back".')
    assert "cleats 5 mm back" in compare_section_html(c)  # had: nowhere
    said = [t.get_text() for page in compare_pages(c) for t in page.texts]
    assert any("cleats 5 mm back" in t for t in said), said


def test_the_same_setup_or_none_is_said_so(rides):
    from monitor.analysis.compare_setup import setup_text

    s, r = rides
    assert setup_text(compare(_with(r, NEUTRAL), _with(r, NEUTRAL), s, s)) == \
        "Setup, the same in both sessions: clipless pedals; shoes: road shoes, 43, cleats neutral."
    assert setup_text(compare(r, r, s, s)) == "Setup: none declared for either session."
    assert setup_text(compare(_with(r, Setup("toe-clips")), _with(r, Setup("clipless", "road shoes")), s, s)) == \
        ("Setup before: toe clips and straps. After: clipless pedals; shoes: road shoes. Changed: the pedals, from "
         "toe clips and straps to clipless pedals. Declared after only, so no change can be told: the shoes.")
    # had: "...; the shoes, declared after only." among the changes


def test_a_side_with_nothing_declared_is_never_a_change(rides):
    """A rider reads "Changed" as "I changed it": where one session declared nothing (B without a setup.json),
    no change can be told, and the words say so. Had: "After: none declared. Changed: the pedals, declared
    before only; the shoes, declared before only."."""
    from monitor.analysis.compare_setup import setup_text

    s, r = rides
    before = setup_text(compare(_with(r, NEUTRAL), r, s, s))
    assert before == ("Setup before: clipless pedals; shoes: road shoes, 43, cleats neutral. After: none declared, "
                      "so no change can be told.")
    after = setup_text(compare(r, _with(r, MOVED), s, s))
    assert after == ("Setup before: none declared, so no change can be told. After: clipless pedals; shoes: road "
                     "shoes, 43, cleats 5 mm back.")
    assert "Changed" not in before + after
    one_part = setup_text(compare(_with(r, Setup("clipless")), _with(r, Setup("clipless", "road shoes")), s, s))
    assert one_part == ("Setup before: clipless pedals. After: clipless pedals; shoes: road shoes. Declared after "
                        "only, so no change can be told: the shoes.")


def test_pedals_on_foot_are_said_not_to_apply_as_analyze_says(rides):
    """The setup line says a session's pedals as analyze does (Setup.words with its activities): pedals
    declared for a session on foot are said not to apply. Had: the note nowhere in the comparison."""
    from monitor.analysis.compare_setup import setup_text

    s, r = rides
    run = dataclasses.replace(_with(r, NEUTRAL), declared_activity="running")
    assert NEUTRAL.words(run.activities().values()).startswith("clipless pedals (not applied: a session on foot)")
    text = setup_text(compare(_with(r, NEUTRAL), run, s, s))
    assert text == ("Setup before: clipless pedals; shoes: road shoes, 43, cleats neutral. After: clipless pedals "
                    "(not applied: a session on foot); shoes: road shoes, 43, cleats neutral.")


def test_report_compare_reads_b_setup_json(tmp_path, monkeypatch):
    """B's setup.json is read as ``analyze B`` reads it, and its words reach the report."""
    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": "cleats 5 mm back"}), encoding="utf-8")
    before, after = _compared(tmp_path, monkeypatch, str(SESSION), "--compare", str(b), "--shoes", "cleats neutral")
    assert (before[3].shoes, after[3].pedals, after[3].shoes) == ("cleats neutral", "clipless", "cleats 5 mm back")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "cleats 5 mm back" in html  # had: B's setup nowhere


def test_a_setup_remembered_from_earlier_sessions_is_said_so_not_as_declared(rides):
    """A setup.json whose ``remembered`` names a key took it from the rider's earlier sessions: nothing was
    declared for this one. Had: "Setup before: clipless pedals; shoes: road shoes. After: ..." said alike."""
    from monitor.analysis.compare_setup import setup_text

    s, r = rides
    remembered = Setup("clipless", "road shoes", remembered=("pedals", "shoes"))
    text = setup_text(compare(_with(r, remembered), _with(r, Setup("clipless", "road shoes")), s, s))
    assert text == ("Setup before: clipless pedals (remembered from earlier sessions); shoes: road shoes "
                    "(remembered from earlier sessions). After: clipless pedals; shoes: road shoes."), text
    shoes_only = Setup("flat", "trainers", remembered=("shoes",))
    assert shoes_only.words(("cycling",)) == "flat pedals; shoes: trainers (remembered from earlier sessions)"
