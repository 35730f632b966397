"""A declared activity the data contradict for most of the session gets a caution (analyze's text and JSON,
the report's "What to know"), and the declared activity still decides every detection result: real walks
imported as rides, a ride declared a run; the sample sessions, declared rightly, get none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from monitor.analysis.batch import analyze
from monitor.session.directory import load_session
from monitor.signal.pipeline import FootPipeline
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
DATA = shared_data_dir()
SCHEMA = json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text())
#: Real walks (../shared/data): the Moticon OpenGo export (17.5 s, both feet, with IMU) and the PhysioNet
#: gaitpdb control subject (121 s, 8 force sensors a foot).
WALKS = {"moticon": DATA / "moticon_opengo" / "230927_102114.txt",
         "physionet": DATA / "physionet_gaitpdb" / "GaCo01_01.txt"}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@pytest.fixture(scope="module", params=sorted(WALKS))
def walk_as_ride(request, tmp_path_factory) -> Path:
    """A real walk imported with --activity cycling (a mislabelled export)."""
    out = tmp_path_factory.mktemp("walk") / request.param
    proc = _cli("import", request.param, str(WALKS[request.param]), "-o", str(out), "--activity", "cycling")
    assert proc.returncode == 0, proc.stderr
    return out


def test_a_real_walk_declared_cycling_gets_the_caution_in_analyze_json_and_text(walk_as_ride):
    proc = _cli("analyze", str(walk_as_ride), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    mismatch = doc.get("declared_mismatch")
    assert mismatch is not None, "no caution for a walk declared cycling"
    assert mismatch["declared"] == "cycling" and mismatch["looks_like"] == "walking"
    assert mismatch["share"] >= 0.9, mismatch
    assert 0 < mismatch["contradicting_s"] <= mismatch["judged_s"]
    # the declared activity still decides: a ride's summary, from the declaration
    for foot in ("left", "right"):
        assert doc["summary"][foot]["activity"] == "cycling"
        assert doc["summary"][foot]["activity_source"] == "declared"
    text = _cli("analyze", str(walk_as_ride))
    assert text.returncode == 0, text.stderr
    line = next((x for x in text.stdout.splitlines() if x.startswith("caveat: the session is declared cycling")),
                None)
    assert line is not None, text.stdout
    assert "looks like walking" in line and line == f"caveat: {mismatch['note']}"


def test_the_caution_is_in_the_reports_what_to_know(walk_as_ride):
    from monitor.report.data import report_data

    session = load_session(walk_as_ride)
    result = analyze(session)
    caveats = report_data(session, result).quality.caveats
    assert result.mismatch_note and result.mismatch_note in caveats


@pytest.mark.parametrize("name,activity", [("sim-healthy-ride", None), ("sim-cleat-forward", None),
                                           ("moticon-walk", "walking")])
def test_the_sample_sessions_declared_rightly_get_no_caution(name, activity):
    """Two rides declared cycling and a walk declared walking (the Moticon walk, imported declaring nothing,
    as `analyze --activity walking`): no caution, and the JSON has no key for it (their output is as before)."""
    result = analyze(load_session(SAMPLES / name), activity=activity)
    assert result.declared_activity in ("cycling", "walking")
    assert result.declared_mismatch is None and result.mismatch_note == ""
    assert "declared_mismatch" not in result.to_json_dict()
    # the recogniser did judge them, and agreed
    judged = {foot: dict(pipe.recognised_s()) for foot, pipe in result.feet.items()}
    assert all(judged.values()) and all(max(s, key=s.get) == result.declared_activity for s in judged.values())


def test_a_ride_declared_running_gets_the_caution_that_it_looks_like_pedalling():
    result = analyze(load_session(SAMPLES / "sim-healthy-ride"), activity="running")
    m = result.declared_mismatch
    assert m is not None and m.declared == "running" and m.looks_like == "cycling", m
    assert "looks like pedalling" in result.mismatch_note


def test_an_undeclared_session_runs_no_second_recogniser():
    result = analyze(load_session(SAMPLES / "sim-healthy-ride"), activity="unknown")
    assert result.declared_activity is None and result.declared_mismatch is None
    assert all(not pipe.recognised_s() for pipe in result.feet.values())


@pytest.mark.parametrize("activity", ["cycling", "walking"])
def test_the_check_changes_no_detection_result(walk_as_ride, activity):
    """The recogniser run beside a declared activity: the same windows, assessments, cycles and summary
    as without it."""
    session = load_session(walk_as_ride)
    from monitor.analysis.foot_frames import foot_blocks

    for foot in session.info.feet:
        layout = session.info.layouts[foot]
        pipes = [FootPipeline(foot, layout, float(layout.current_rate_hz), activity=activity,
                              recognise_declared=check) for check in (False, True)]
        for pipe in pipes:
            for block in foot_blocks(session, foot):
                pipe.feed(block)
        plain, checked = pipes
        assert checked.recognised_s() and not plain.recognised_s()
        assert list(checked.assessments_) == list(plain.assessments_)
        assert list(checked.windows_) == list(plain.windows_)
        assert list(checked.cycles_) == list(plain.cycles_)
        assert checked.activity_ == plain.activity_
        assert repr(checked.summary()) == repr(plain.summary())


def test_more_than_half_of_the_judged_time_is_needed():
    from monitor.analysis.declared_check import MISMATCH_MIN_SHARE, declared_mismatch

    assert MISMATCH_MIN_SHARE == 0.5
    assert declared_mismatch("cycling", {"left": {"walking": 50.0, "cycling": 50.0}}) is None
    m = declared_mismatch("cycling", {"left": {"walking": 60.0, "unknown": 40.0}})
    assert m is not None and m.share == pytest.approx(0.6) and m.contradicting_s == 60.0
    # "unknown" (standing, coasting, too little data) counts against a caution, both feet pooled
    assert declared_mismatch("cycling", {"left": {"walking": 60.0, "unknown": 40.0},
                                         "right": {"unknown": 100.0}}) is None
    m = declared_mismatch("walking", {"left": {"cycling": 30.0, "elliptical_or_stair": 40.0, "walking": 10.0},
                                      "right": {"cycling": 80.0}})
    assert m is not None and m.looks_like == "cycling"
    assert m.contradicting_s == pytest.approx(75.0) and m.judged_s == pytest.approx(80.0)  # per foot
    # the same family is no contradiction; nothing declared, nothing judged: no caution
    assert declared_mismatch("walking", {"left": {"running": 100.0}}) is None
    assert declared_mismatch("cycling", {"left": {"elliptical_or_stair": 100.0}}) is None
    assert declared_mismatch(None, {"left": {"walking": 100.0}}) is None
    assert declared_mismatch("cycling", {"left": {}, "right": {}}) is None


def test_a_share_just_over_half_keeps_the_json_valid():
    # 0.5001 is more than half (a caution) and is written rounded to 0.5: still valid output
    from monitor.analysis.declared_check import declared_mismatch

    m = declared_mismatch("cycling", {"left": {"walking": 1000.2, "unknown": 999.8}})
    assert m is not None and m.to_dict()["share"] == 0.5
    schema = SCHEMA["properties"]["declared_mismatch"]
    jsonschema.validate(m.to_dict(), {**schema, "$defs": SCHEMA.get("$defs", {})})
