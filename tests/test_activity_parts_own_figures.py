"""Each activity of a session of several is told with its own forefoot share, regions, reliefs and footstrike,
and a step is the activity's that was known when it landed, for its contact time and its footstrike alike.
Had: a 4 min walk then a 4 min run gave each activity its cadence and contact time only; its forefoot share (67 %)
and footstrike (rearfoot 39 %, forefoot 61 %) were the walk's and the run's together. And a step landing in the
walk's last window and lifting off in the run's first (the right foot's at 169.96 s of a 2.5 min walk then a
2.5 min run) had its contact time counted as the run's (known at its toe-off) and its footstrike as the walk's
(the window of its landing)."""

from __future__ import annotations

import json
import math
from collections import Counter

import numpy as np
import pytest
from test_analyze import _validate
from test_strike_run_steps import _by_landing, _walk_then_run, one_then_another

import monitor
from monitor.analysis.activity_contacts import activity_of_steps
from monitor.report.text import analysis_text
from monitor.signal.cadence import cadence_from_durations
from monitor.signal.params import DEFAULT_PARAMS


@pytest.fixture(scope="module")
def walk_then_run():
    return monitor.analyze(_walk_then_run(240.0, 240.0), DEFAULT_PARAMS)


def _ride_then_run(ride_s: float, run_s: float):
    """A healthy seated ride of ``ride_s`` (its relief at 6:00) then a healthy run of ``run_s`` (s), no activity
    declared."""
    return one_then_another("healthy-ride", ride_s, "healthy-run", run_s)


def test_each_activity_has_its_own_forefoot_share_regions_and_footstrike(walk_then_run):
    for foot, s in walk_then_run.summary().items():
        walk, run = s["activities"]
        assert (walk["activity"], run["activity"]) == ("walking", "running")
        # had: no such figure per activity, only the session's 0.67 and rearfoot 39 %
        assert walk["forefoot_share"] < 0.62 < 0.75 < run["forefoot_share"], (foot, walk, run)
        assert walk["forefoot_share"] < s["forefoot_share"] < run["forefoot_share"]  # the session's stays
        assert walk["regions"]["mth1"]["peak_kpa"] + 50.0 < run["regions"]["mth1"]["peak_kpa"], (foot, walk, run)
        assert walk["strike_pct"]["rearfoot"] > 80.0 and run["strike_pct"]["forefoot"] > 99.0, (foot, walk, run)
        assert walk["relief_count"] == run["relief_count"] == s["relief_count"] == 0


def test_analyze_json_and_text_give_each_activitys_figures(walk_then_run):
    doc = json.loads(json.dumps(walk_then_run.to_json_dict()))
    _validate(doc)  # docs/analyze-json.schema.json
    walk, run = doc["summary"]["left"]["activities"]
    assert {"strike_pct", "forefoot_share", "regions", "relief_count"} <= set(walk)
    assert run["strike_pct"]["forefoot"] == 100.0 and walk["strike_pct"]["rearfoot"] > 80.0
    assert set(walk["regions"]) == set(doc["summary"]["left"]["regions"])
    lines = analysis_text(walk_then_run).splitlines()
    line = next(ln for ln in lines if ln.startswith("left: "))
    # had: "left: walking, cadence 110 steps/min, then running, cadence 170 steps/min, forefoot share 67%, ..."
    assert line.startswith(f"left: walking, cadence 110 steps/min, forefoot share {walk['forefoot_share']:.0%}, "
                           f"then running, cadence 170 steps/min, forefoot share {run['forefoot_share']:.0%}, "
                           f"forefoot share 67% over the session, "), line
    steps = next(ln for ln in lines if ln.startswith("left steps: "))
    assert f"(walking rearfoot {walk['strike_pct']['rearfoot']:.0f} %" in steps, steps
    assert "; running rearfoot 0 %, midfoot 0 %, forefoot 100 %)" in steps, steps


def test_a_rides_relief_counts_under_the_ride_not_the_run_after_it():
    result = monitor.analyze(_ride_then_run(420.0, 240.0), DEFAULT_PARAMS)
    for foot, s in result.summary().items():
        ride, run = s["activities"]
        assert (ride["activity"], run["activity"]) == ("cycling", "running")
        assert (ride["relief_count"], run["relief_count"], s["relief_count"]) == (1, 0, 1), (foot, s)
        assert math.isnan(ride["contact_s"]) and all(math.isnan(x) for x in ride["strike_pct"].values())
        assert math.isfinite(ride["forefoot_share"]) and math.isfinite(run["forefoot_share"])


def test_a_step_landing_in_the_walk_and_lifting_off_in_the_run_is_the_walks_for_every_figure():
    result = monitor.analyze(_walk_then_run(150.0, 150.0), DEFAULT_PARAMS)
    for foot, s in result.summary().items():
        parts, steps, pipe = s["activities"], result.steps[foot], result.feet[foot]
        of_step = activity_of_steps(parts, steps, pipe.known_activities)
        if foot == "right":  # landing at 169.96 s under the walk, its toe-off at 170.21 s in the run
            i = int(((steps.initial_contact_s > 169.9) & (steps.initial_contact_s < 170.0)).argmax())
            assert steps.initial_contact_s[i] < 170.0 < steps.toe_off_s[i]
            assert of_step[i] == "walking", of_step[i]  # had: running (known at its toe-off)
        # the steps each activity's contact time and footstrike are of are those the strike-pattern advice
        # counts as its own, under the window that holds their landing (those before the first label the first
        # activity's in both; up to the last window)
        last_s = pipe.windows_[-1].t_s
        mine = Counter((str(a), str(k)) for a, k, t in zip(of_step, steps.strike, steps.initial_contact_s)
                       if t < last_s)
        landing = _by_landing(result, foot)
        assert mine == landing, (foot, mine, landing)
        # had (right): ("running", "forefoot") 171 against 170, ("walking", "forefoot") 28 against 29
        for p in parts:
            known = sum(n for (a, k), n in Counter(zip(of_step.tolist(), steps.strike.tolist())).items()
                        if a == p["activity"] and k)
            ff = sum(1 for a, k in zip(of_step, steps.strike) if a == p["activity"] and k == "forefoot")
            assert known and p["strike_pct"]["forefoot"] == pytest.approx(100.0 * ff / known), (foot, p)


def test_a_stride_from_a_landing_in_the_walk_to_one_in_the_run_is_the_walks_as_its_step():
    result = monitor.analyze(_walk_then_run(150.0, 150.0), DEFAULT_PARAMS)
    for foot, s in result.summary().items():
        pipe = result.feet[foot]
        cycles = pipe.cycles_
        # the stride over the change: it starts at a step landing in the walk, ends at one landing in the run
        across = [c for c in cycles if pipe.known_activities([c.start_s, c.end_s]) == ["walking", "running"]]
        assert len(across) == 1, (foot, across)
        of_start = pipe.known_activities([c.start_s for c in cycles])
        for p in s["activities"]:
            durations = np.array([c.duration_s for c, a in zip(cycles, of_start) if a == p["activity"]])
            # had: walking 164 against 165 (left), 165 against 166 (right); running 184 against 183 (both)
            assert p["cycles"] == durations.size, (foot, p["activity"], p["cycles"], durations.size)
            assert p["cadence_per_min"] == cadence_from_durations(durations, "stride"), (foot, p)
