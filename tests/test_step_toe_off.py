"""A step of `analyze --json` always has its toe-off: a stance still open at the end is no step.

docs/analyze-json.md said a step's `toe_off_s` was "null while a stance is open at the end", and the schema
allowed null, but the gait detector keeps only the stances that ended (monitor.signal.cycles); a reader
handling null for the open stance waited for a row that never comes.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import jsonschema
import pytest
from test_analyze import SAMPLES, _validate

from monitor import load_session
from monitor.analysis.batch import analyze

ROOT = Path(__file__).resolve().parents[1]


def test_a_walk_cut_mid_stance_lists_only_the_steps_that_ended():
    session = load_session(SAMPLES / "moticon-walk")
    whole = analyze(session).steps["left"]
    ic, to = float(whole.initial_contact_s[-1]), float(whole.toe_off_s[-1])
    cut_s = (ic + to) / 2.0  # the left foot's last stance is open when the frames end
    session.frames = session.frames[session.frames["t_s"] <= cut_s].reset_index(drop=True)
    result = analyze(session)
    doc = result.to_json_dict()
    steps = doc["steps"]["left"]
    assert steps and all(s["toe_off_s"] is not None and math.isfinite(s["toe_off_s"]) for s in steps), steps
    assert max(s["initial_contact_s"] for s in steps) < ic - 0.5, steps  # the open stance is not listed
    _validate(doc)


def test_the_schema_and_the_doc_say_no_null_toe_off():
    doc = analyze(load_session(SAMPLES / "moticon-walk")).to_json_dict()
    broken = copy.deepcopy(doc)
    broken["steps"]["left"][0]["toe_off_s"] = None
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)
    row = next(ln for ln in (ROOT / "docs" / "analyze-json.md").read_text().splitlines()
               if ln.startswith("| `steps.FOOT[]`"))
    assert "null while a stance is open" not in row and "never null" in row, row
