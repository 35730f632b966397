"""A simulated scenario's words say its cadence in the unit the views say it in
(monitor.signal.activity_words.cadence_unit): ``solewatch scenarios`` and a scenario's ground truth
(``cadence_unit``). Had: "Upright elliptical at 140 steps/min" and ``"cadence_unit": "steps/min"`` of
healthy-elliptical, while analyze, the report and the live views say its cadence "140 strokes/min"."""

from __future__ import annotations

import re

import pytest

from firmware_sim.scenarios import SCENARIOS
from monitor.cli.scenario_list import scenarios_text
from monitor.signal.activity_words import cadence_unit

UNIT = re.compile(r"\d+ (rpm|[a-z]+s/min)\b")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_scenarios_cadence_unit_is_the_views(name):
    sc = SCENARIOS[name]
    assert sc.cadence_unit == cadence_unit(sc.activity), sc.cadence_unit
    assert sc.ground_truth(60.0)["cadence_unit"] == cadence_unit(sc.activity)
    said = set(UNIT.findall(sc.description))
    assert said <= {cadence_unit(s.activity) for s in (sc, sc.then) if s is not None}, (said, sc.description)


def test_the_scenario_list_says_an_ellipticals_strokes():
    line = next(ln for ln in scenarios_text().splitlines() if ln.startswith("healthy-elliptical "))
    assert "140 strokes/min" in line, line  # had: "Upright elliptical at 140 steps/min: ..."
