"""A step whose foot's data begin, or come back after a gap the gait detector does not bridge (longer than
``CycleParams.max_gap_s``), too close before its initial contact to read the unloaded level there, or that
end, or stop for such a gap, too close after its toe-off, is cut by the data's start or end or by that gap
(``not_measured`` "cut"), not "holding a short gap". The Moticon walk's left foot, its values blanked before
4.495 s (the rows kept, empty), had its step at 4.523 s said to hold a short gap, as had its step at 5.822 s
with a 1.8-s hole ending 0.027 s before it: the test for "cut" looked at the foot's first frame, an empty
one. A hole the detector bridges, just before an initial contact, is still a short gap the step holds."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.report.steps_section import NOT_MEASURED_WORDS


def _blanked(tmp_path: Path, capsys, *spans: tuple[float, float]) -> Path:
    """moticon-walk with the left foot's values emptied in each ``[from, to)`` s (the rows kept), imported."""
    csv, layout = tmp_path / "x.csv", tmp_path / "x.layout.json"
    assert main(["export", str(SAMPLES / "moticon-walk"), "-o", str(csv)]) == 0
    frames = pd.read_csv(csv)
    cols = [c for c in frames.columns if c.startswith("p")]
    for a, b in spans:
        frames.loc[(frames["foot"] == "left") & (frames["t_s"] >= a) & (frames["t_s"] < b), cols] = np.nan
    frames.to_csv(csv, index=False)
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(tmp_path / "s")]) == 0
    capsys.readouterr()
    return tmp_path / "s"


def _left_steps(session: Path, capsys) -> dict[float, str | None]:
    """The left foot's steps of ``analyze --json``: initial contact s -> not_measured."""
    assert main(["analyze", str(session), "--json"]) == 0
    return {s["initial_contact_s"]: s["not_measured"] for s in json.loads(capsys.readouterr().out)["steps"]["left"]}


def _steps_section(session: Path, tmp_path: Path) -> str:
    out = tmp_path / "r.html"
    assert main(["report", str(session), "-o", str(out)]) == 0
    html = unescape(out.read_text())
    section = html[html.index('<section id="steps-section">'):]
    return " ".join(re.sub(r"<[^>]+>", " ", section[:section.index("</section>")]).split())


def test_a_step_just_after_the_feet_data_begin_is_cut_by_their_start(tmp_path, capsys):
    session = _blanked(tmp_path, capsys, (-2.0, 4.495))
    steps = _left_steps(session, capsys)
    assert steps[4.523] == "cut"  # had: "gap"
    assert all(why is None for ic, why in steps.items() if ic > 5)
    section = _steps_section(session, tmp_path)
    # the right foot's first step holds a missing frame: had "2 steps holding a short gap"
    assert f"1 step {NOT_MEASURED_WORDS['cut']}; 1 step {NOT_MEASURED_WORDS['gap']}." in section


def test_a_step_just_after_a_long_gap_is_cut_by_it_and_the_report_says_it_is_found(tmp_path, capsys):
    session = _blanked(tmp_path, capsys, (4.0, 5.795))
    steps = _left_steps(session, capsys)
    assert steps[5.822] == "cut"  # had: "gap"
    section = _steps_section(session, tmp_path)
    # the right foot's first step holds a missing frame: had "2 steps holding a short gap"
    assert f"1 step {NOT_MEASURED_WORDS['cut']}; 1 step {NOT_MEASURED_WORDS['gap']}." in section
    # the gap's line does not say such a stance is not found
    assert "found but not measured, as is one that begins or ends too close to a longer gap to be measured" in section


def test_a_step_just_before_a_long_gap_is_cut_by_it(tmp_path, capsys):
    steps = _left_steps(_blanked(tmp_path, capsys, (5.36, 5.6)), capsys)  # left stance 4.523-5.327 s
    assert steps[4.523] == "cut"  # had: "gap"


def test_a_short_gap_just_before_an_initial_contact_is_held_not_cut(tmp_path, capsys):
    steps = _left_steps(_blanked(tmp_path, capsys, (5.79, 5.81)), capsys)  # 2 frames, 0.03 s between readings
    assert steps[5.821] == "gap"
