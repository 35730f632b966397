"""A heel region whose sensors had no sample leaves the activity recogniser its heel rule and its gait.

The recogniser (monitor.signal.activity) tells walking and running from the total load's floor alone; its
heel rule (the weight rolling onto the heel once a cycle: an elliptical, not a bike) reads the heel's load.
That load was the heel regions' own loads, NaN in every frame where one heel region's sensors all missed,
so one dead heel region left the heel rule out for the whole session, though the total the recogniser
reads was filled in from the other heel region. Now the heel load is the total's own (monitor.signal.regions
``RegionReducer.load_n``). A whole heel with no sample cannot be filled: the foot is not analysed, and
its line says why, never an activity.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from test_dead_sensor import moticon_walk  # noqa: F401 (a fixture)

import monitor
from monitor.analysis.batch import analyze
from monitor.report.text import foot_lines
from monitor.signal.params import DEFAULT_PARAMS

#: The Solewatch-18 insole's heel sensors: medial p00, p01; lateral p02, p03.
HEEL_MEDIAL, HEEL_LATERAL = ("p00_kpa", "p01_kpa"), ("p02_kpa", "p03_kpa")


def _undeclared(scenario: str, blank: tuple[str, ...], duration_s: float = 60.0):
    """The simulated ``scenario`` with nothing declared (the recogniser decides) and the right foot's
    ``blank`` columns NaN throughout, analysed."""
    s = monitor.offline_session(scenario, duration_s=duration_s)
    s.info.activity = "unknown"
    for col in blank:
        s.frames.loc[s.frames.foot == "right", col] = np.nan
    return analyze(s)


@pytest.mark.parametrize("blank", [HEEL_MEDIAL, HEEL_LATERAL])
def test_a_dead_heel_region_keeps_the_heel_rule_of_an_elliptical(blank):
    intact = _undeclared("healthy-elliptical", ())
    result = _undeclared("healthy-elliptical", blank)
    want = intact.feet["right"].recognizer.evidence["heel_time"]
    got = result.feet["right"].recognizer.evidence["heel_time"]
    assert math.isfinite(want)
    assert math.isfinite(got), "one dead heel region left the recogniser's heel rule out"
    assert got == pytest.approx(want, abs=0.03)
    limit = intact.params.activity.elliptical_min_heel_time
    assert (got >= limit) == (want >= limit)  # the rule's verdict is the intact foot's
    assert result.activities()["right"] == intact.activities()["right"] == "elliptical_or_stair"


def test_an_intact_foots_heel_load_is_its_heel_regions_own():
    """Where every heel sensor reads, the heel load is the heel regions' own loads summed, the same bits."""
    result = _undeclared("healthy-run", (), duration_s=5.0)
    pipe = result.feet["right"]
    s = monitor.offline_session("healthy-run", duration_s=5.0)
    p = s.frames[s.frames.foot == "right"][[c for c in s.frames.columns if c.endswith("_kpa")]].to_numpy(float)
    series = pipe.reducer.reduce(p)
    np.testing.assert_array_equal(pipe.reducer.load_n(series, ["heel_medial", "heel_lateral"]),
                                  series.region_force_n["heel_medial"] + series.region_force_n["heel_lateral"])


@pytest.mark.parametrize("blank", [HEEL_MEDIAL, HEEL_LATERAL, HEEL_MEDIAL + HEEL_LATERAL])
def test_a_run_with_dead_heel_sensors_is_still_running_or_said_not_analysed(blank):
    result = _undeclared("healthy-run", blank)
    line = next(x for x in foot_lines(result) if x.startswith("right:"))
    if len(blank) == 4:  # the whole heel: nothing stands in for it
        assert "not analysed: no sample from any sensor of its heel" in line, line
    else:
        assert result.activities()["right"] == "running" and line.startswith("right: running"), line


@pytest.mark.parametrize("blank", [("p00_kpa", "p02_kpa"), ("p01_kpa", "p03_kpa")])  # Moticon's heel halves
def test_the_real_moticon_walk_with_a_dead_heel_half_is_still_walking(moticon_walk, blank):  # noqa: F811
    """The walk is 17 s: no 20 s window of the recogniser closes on enough of it (its one label is "unknown",
    intact or not), so its windows here are 8 s, one every 4 s (six of its strides of 1.3 s)."""
    from monitor.session.directory import load_session

    session = load_session(moticon_walk)
    session.info.activity = "unknown"
    for col in blank:
        session.frames.loc[session.frames.foot == "right", col] = np.nan
    params = replace(DEFAULT_PARAMS, activity=replace(DEFAULT_PARAMS.activity, window_s=8.0, step_s=4.0))
    result = analyze(session, params=params)
    assert result.activities()["right"] == "walking"
    assert next(x for x in foot_lines(result) if x.startswith("right:")).startswith("right: walking")
