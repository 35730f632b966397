"""A foot whose activity was never known (an import declaring none, shorter than the recogniser's window) has no
cadence in any output: its windows' cadence is NaN under ``unknown`` (docs/detection.md, "cadence": a cadence has
no unit then, a ride's pedal revolutions read as strides), and so is its summary's. The real Moticon walk analysed
without ``--activity`` said "left: unknown, cadence 94 steps/min" and ``--json`` 93.9 and 93.5, while its windows
had none."""

from __future__ import annotations

import json
import math
from pathlib import Path

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.report.data import report_data
from monitor.report.steps_cadence import cadence_line

SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"
WALK = SAMPLES / "moticon-walk"  # 17.5 s of a real walk imported declaring nothing: its activity stays unknown


def test_an_unknown_activity_s_summary_and_json_have_no_cadence():
    result = analyze(monitor.load_session(WALK))
    for foot, s in result.summary().items():
        assert s["activity"] == "unknown"
        assert math.isnan(s["cadence_per_min"]), (foot, s["cadence_per_min"])
        assert result.to_json_dict()["summary"][foot]["cadence_per_min"] is None


def test_an_unknown_activity_s_text_and_json_say_no_steps_per_minute(capsys):
    assert main(["analyze", str(WALK)]) == 0
    text = capsys.readouterr().out
    assert "steps/min" not in text, text
    assert main(["analyze", "--json", str(WALK)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [doc["summary"][f]["cadence_per_min"] for f in ("left", "right")] == [None, None]


def test_an_unknown_activity_s_report_says_why_it_has_no_cadence():
    session = monitor.load_session(WALK)
    line = cadence_line(report_data(session, analyze(session)))
    assert line == "Cadence: none (the activity was not recognised, so a cadence has no unit)."


def test_a_declared_walk_keeps_its_cadence():
    result = analyze(monitor.load_session(WALK), activity="walking")
    assert all(90 < s["cadence_per_min"] < 100 for s in result.summary().values())
