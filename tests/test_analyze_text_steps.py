"""``solewatch analyze SESSION``'s text says each foot's steps, as the report's Steps table says them and
with the same numbers (count measured, cadence of both feet, median ground contact, footstrike shares), or
its pedal strokes on a ride, one line per foot: the README promised "alerts, steps, summary" and ``analyze
--help`` "gait events or pedal strokes", but the text gave neither (only ``--json`` and the report did)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.report.data import report_data
from monitor.report.steps_section import _summary_rows

SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"


def _lines(session_dir: Path, capsys, *options: str) -> list[str]:
    assert main(["analyze", *options, str(session_dir)]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_walk_s_text_has_one_steps_line_per_foot_with_the_steps_table_s_numbers(capsys):
    # declared: undeclared, its 17.5 s stay unknown and have no cadence (tests/test_unknown_activity_cadence.py)
    lines = _lines(SAMPLES / "moticon-walk", capsys, "--activity", "walking")
    session = monitor.load_session(SAMPLES / "moticon-walk")
    result = analyze(session, activity="walking")
    table = {row[0]: [unescape(c) for c in row[1:]] for row in _summary_rows(report_data(session, result))}
    for i, foot in enumerate(("left", "right")):
        mine = [ln for ln in lines if ln.startswith(f"{foot} steps: ")]
        assert len(mine) == 1, lines
        line = mine[0]
        assert line.startswith(f"{foot} steps: {table['steps measured'][i]}, ")
        assert f"cadence {table['cadence (steps/min, both feet)'][0]} steps/min (both feet)" in line
        assert f"ground contact {table['ground contact time (median)'][i]} (median)" in line
        strikes = ", ".join(f"{k} {table[f'{k} strikes'][i]}" for k in ("rearfoot", "midfoot", "forefoot"))
        assert line.endswith(f"footstrike {strikes}"), line


@pytest.mark.parametrize("sample", ["sim-healthy-ride", "sim-cleat-forward"])
def test_a_ride_s_text_counts_each_foot_s_pedal_strokes_as_json_does(sample, capsys):
    lines = _lines(SAMPLES / sample, capsys)
    doc = analyze(monitor.load_session(SAMPLES / sample)).to_json_dict()
    for foot in ("left", "right"):
        assert [ln for ln in lines if re.match(rf"{foot} (pedal strokes|steps): ", ln)] == [
            f"{foot} pedal strokes: {len(doc['strokes'][foot]):,}"]
