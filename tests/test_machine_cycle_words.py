"""A stepping machine's counted cycles and its cadence say one word: an elliptical's strokes and strokes/min, a
stair-climber's steps and steps/min. Had: ``analyze`` of the elliptical said "left strokes: 419" beside
"cadence 140 steps/min", of the stair-climber "left steps: 239" beside "cadence 80 steps/min": two words for
one cycle on the elliptical, whose 419 strokes a reader could not square with a cadence in steps."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

import monitor
from monitor.report.cycle_words import stroke_noun
from monitor.report.text import analysis_text
from monitor.signal.activity_words import ACTIVITY_WORDS, cadence_unit
from monitor.signal.params import DEFAULT_PARAMS


@pytest.mark.parametrize(("scenario", "noun", "cadence"), [
    ("healthy-elliptical", "strokes", r"cadence 1[34]\d strokes/min"),
    ("stair-climber", "steps", r"cadence [78]\d steps/min"),
])
def test_analyze_says_a_machines_count_and_cadence_in_one_word(scenario, noun, cadence):
    text = analysis_text(monitor.analyze(monitor.offline_session(scenario, duration_s=120.0, seed=1), DEFAULT_PARAMS))
    lines = {ln.partition(":")[0]: ln for ln in text.splitlines() if ln.startswith(("left", "right"))}
    assert f"left {noun}" in lines, lines
    assert re.search(cadence, lines["left"]), lines["left"]  # had: "cadence 140 steps/min" on the elliptical


def test_the_count_noun_and_the_cadence_unit_come_from_one_rule():
    for activity, words in ACTIVITY_WORDS.items():
        if words.detector != "elliptical_or_stair":
            continue
        data = SimpleNamespace(summary={"left": {"activity": "elliptical_or_stair", "activity_said": activity}})
        assert cadence_unit(activity) == f"{stroke_noun(data)}s/min", activity
    assert cadence_unit("cycling_seated") == "rpm" and cadence_unit("running") == "steps/min"
    assert cadence_unit(None) == cadence_unit("unknown") == "steps/min"
