"""A stepping machine's cadence is of both feet, and the line that counts one foot's strokes says so beside it,
as running's steps line does ("left steps: 253, cadence 170 steps/min (both feet)"). Had: an elliptical's
"left: elliptical, cadence 140 strokes/min" and "left strokes: 209" in 3:00, 70 a minute for that foot, with
nothing saying the 140 is both feet's."""

from __future__ import annotations

import re

import monitor
from monitor.report.text import analysis_text
from monitor.signal.params import DEFAULT_PARAMS


def _lines(scenario: str) -> dict[str, str]:
    text = analysis_text(monitor.analyze(monitor.offline_session(scenario, duration_s=120.0, seed=1),
                                         DEFAULT_PARAMS))
    return {ln.partition(":")[0]: ln for ln in text.splitlines() if ln.startswith(("left", "right"))}


def test_an_elliptical_s_stroke_count_says_the_cadence_of_both_feet_beside_it():
    lines = _lines("healthy-elliptical")
    assert re.fullmatch(r"left strokes: [\d,]+, cadence 1[34]\d strokes/min \(both feet\)", lines["left strokes"]), \
        lines
    strokes = int(lines["left strokes"].split(":")[1].split(",")[0])
    cadence = int(re.search(r"cadence (\d+)", lines["left strokes"]).group(1))
    per_foot_per_min = strokes / 2.0  # in 2:00
    assert abs(per_foot_per_min - cadence / 2.0) < 0.15 * cadence / 2.0, (strokes, cadence)  # half of both feet


def test_a_ride_s_pedal_strokes_say_no_cadence_of_both_feet():
    lines = _lines("healthy-ride")
    counts = [ln for key, ln in lines.items() if key.endswith("pedal strokes")]
    assert counts and all("both feet" not in ln for ln in counts), lines
