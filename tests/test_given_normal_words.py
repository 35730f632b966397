"""The line under the verdict says where a kept normal came from: one given by the caller
(``monitor.analyze(s, baseline=)``, ``replay_session(path, baseline=)``) is said as given, a session's own
baseline.json as that file, only where it was read from it (docs/api.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from virtual_clock import run_on_virtual_clock

import monitor
from monitor.live.summary import replay_text
from monitor.report.writer import write_report

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward"
GIVEN_WORDS = "the normal given (baseline=)"  # monitor.analysis.normal_words.GIVEN_WORDS
FROM_FILE = "(the live session's baseline.json)"

@pytest.fixture(scope="module")
def normal():
    return monitor.analyze(monitor.offline_session("healthy-ride", duration_s=540)).baseline

def test_a_normal_given_to_analyze_is_said_as_given(normal, tmp_path):
    # had: "Judged against the rider's normal kept from earlier rides (the live session's baseline.json)."
    # with no baseline.json and no live run
    s = monitor.load_session(SAMPLE)
    result = monitor.analyze(s, baseline=normal)
    assert result.judged_words() == f"Judged against {GIVEN_WORDS}, kept from earlier rides."
    html = write_report(s, result, tmp_path / "k.html").read_text()
    assert GIVEN_WORDS in html and "baseline.json" not in html

def test_a_sessions_own_baseline_json_is_said_as_that_file(normal, tmp_path):
    path = tmp_path / "live"
    shutil.copytree(SAMPLE, path)
    (path / "baseline.json").write_text(json.dumps(normal.to_dict(), indent=1) + "\n")
    said = monitor.analyze(path).judged_words()
    assert said == f"Judged against the rider's normal kept from earlier rides {FROM_FILE}."
    given = monitor.analyze(path, baseline=normal).judged_words()  # the caller's, though the file holds the same
    assert GIVEN_WORDS in given and "baseline.json" not in given

def test_a_normal_given_to_a_replay_is_said_as_given(normal):
    text = replay_text(run_on_virtual_clock(monitor.replay_session(SAMPLE, baseline=normal)))
    assert f"Judged against {GIVEN_WORDS}, kept from earlier rides." in text and "baseline.json" not in text
