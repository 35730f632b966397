"""``solewatch report --activity`` declares what the session is, as ``analyze --activity`` does: the report's
caution of a declared activity the data contradict tells the person to analyse it "with --activity", and the
report takes the same option, so the report of a mislabelled import can be made right without re-importing it.
The report's data (ReportData.activity) carry the activity it judged with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_malformed_files import SAMPLES

from monitor import analyze, figure_data, load_session
from monitor.analysis.declared_check import DeclaredMismatch
from monitor.cli.main import build_parser, main
from monitor.importers import import_file
from monitor.report.data import report_data
from monitor.util.shared_data import shared_data_dir

WALK = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"
CAUTION = "the session is declared cycling, but the pressure looks like walking"


@pytest.fixture(scope="module")
def walk_as_ride(tmp_path_factory) -> Path:
    """The real PhysioNet walk (121 s) imported as a ride: a mislabelled import."""
    return import_file("physionet", WALK, tmp_path_factory.mktemp("walk") / "s", activity="cycling")


def _report(session: Path, out: Path, *args: str) -> str:
    assert main(["report", str(session), "-o", str(out), "--plain", *args]) == 0
    return out.read_text(encoding="utf-8")


def test_the_report_of_a_mislabelled_import_says_the_caution_naming_the_option(walk_as_ride, tmp_path, capsys):
    page = _report(walk_as_ride, tmp_path / "r.html")
    assert CAUTION in page and "with --activity" in page
    assert "left cycling, right cycling" in page


def test_report_with_activity_reports_the_session_as_declared_there(walk_as_ride, tmp_path, capsys):
    page = _report(walk_as_ride, tmp_path / "r.html", "--activity", "walking")
    assert CAUTION not in page
    assert "left walking, right walking" in page


def test_report_takes_the_words_analyze_takes():
    parser = build_parser()
    sub = {a.dest: a for a in parser._subparsers._group_actions[0].choices["report"]._actions}
    analyze = {a.dest: a for a in parser._subparsers._group_actions[0].choices["analyze"]._actions}
    assert sub["activity"].choices == analyze["activity"].choices


def test_the_caution_names_an_option_the_report_has_too():
    note = DeclaredMismatch("cycling", "walking", 120.0, 121.0, 0.99).note()
    assert note.endswith("analyze it with --activity")
    report = build_parser()._subparsers._group_actions[0].choices["report"]
    assert "--activity" in report._option_string_actions


def test_the_reports_data_carry_the_activity_it_judged_with(walk_as_ride, tmp_path, capsys, monkeypatch):
    """had: ReportData.activity was session.json's "cycling" whatever ``report --activity`` said."""
    import monitor.report.writer as writer

    made = []
    monkeypatch.setattr(writer, "report_data", lambda *a, **k: made.append(report_data(*a, **k)) or made[-1])
    _report(walk_as_ride, tmp_path / "r.html", "--activity", "walking")
    _report(walk_as_ride, tmp_path / "s.html")
    assert [data.activity for data in made] == ["walking", "cycling"]


def test_figure_data_carry_the_activity_of_the_analysis_given():
    session = load_session(SAMPLES / "sim-healthy-ride")  # session.json: cycling_seated
    assert figure_data(session, analyze(session, declared_activity="running")).activity == "running"
    assert figure_data(session, analyze(session)).activity == "cycling_seated"
    assert figure_data(session, analyze(session, declared_activity="unknown")).activity == "unknown"  # recognised
