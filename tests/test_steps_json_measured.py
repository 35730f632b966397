"""``analyze --json`` says which steps are measured and why the others are not, as the text and the report
count them. The Moticon walk's left foot: the text said "6 (and 1 not measured)" while ``gait.feet.left.steps``
was 7 with no measured count, and the unmeasured step was recognisable only by its null contact time. Now
``gait.feet.FOOT.steps_measured`` is the text's count and ``steps.FOOT[].not_measured`` each step's reason
(monitor.analysis.steps.NOT_MEASURED), null where measured."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from test_malformed_files import SAMPLES

from monitor.analysis.steps import NOT_MEASURED
from monitor.cli.main import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())


def test_the_json_counts_the_measured_steps_and_says_why_each_other_is_not(capsys):
    walk = str(SAMPLES / "moticon-walk")
    assert main(["analyze", walk, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, SCHEMA)
    assert main(["analyze", walk]) == 0
    text = capsys.readouterr().out
    left = out["gait"]["feet"]["left"]
    assert left["steps"] == 7 and left["steps_measured"] == 6
    assert "left steps: 6 (and 1 not measured)" in text
    gone = [s for s in out["steps"]["left"] if s["not_measured"] is not None]
    assert len(gone) == 1 and gone[0]["not_measured"] in NOT_MEASURED and gone[0]["contact_s"] is None
    for foot, steps in out["steps"].items():
        measured = [s for s in steps if s["not_measured"] is None]
        assert len(measured) == out["gait"]["feet"][foot]["steps_measured"]
        assert all(s["contact_s"] is not None or s["impulse_n_s"] is not None for s in measured)
