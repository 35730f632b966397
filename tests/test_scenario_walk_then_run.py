"""The simulated walk that turns into a run (firmware_sim.scenarios ``walk-then-run``): a healthy treadmill walk
at 110 steps/min for 4 minutes, then a rearfoot-strike run at 170 steps/min. Had: no such scenario (``record
--sim walk-then-run``: "unknown scenario"), and ``--activity`` takes one activity, so a session of two
activities could not be simulated.

A session of it declares no activity: the analysis recognises the walk and the run and tells them apart, each
with its own cadence, and the healthy session has no warning."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
import pytest

import monitor
from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.activity_contacts import activity_after_fact, activity_of_steps
from monitor.report.plots.steps import median_pieces
from monitor.report.text import analysis_text
from monitor.session.directory import load_session
from test_analyze_walk_then_run import RUN_CADENCE, WALK_CADENCE, _within

NAME = "walk-then-run"


@pytest.fixture(scope="module")
def result():
    return monitor.analyze(monitor.offline_session(NAME, seed=1))


def test_the_scenario_walks_then_runs_and_declares_no_activity():
    sc = SCENARIOS[NAME]
    assert (sc.activity, sc.cadence_per_min, sc.then.activity, sc.then.cadence_per_min) == (
        "walking", 110.0, "running", 170.0)
    assert sc.session_activity == "unknown" and SCENARIOS["healthy-walk"].session_activity == "walking"
    truth = sc.ground_truth()
    assert truth["then"] == {"from_s": 240.0, "scenario": "healthy-run", "activity": "running",
                             "strike": "rearfoot", "cadence_per_min": 170.0, "speed_m_s": 2.78}
    assert monitor.offline_session(NAME, duration_s=10.0).info.activity == "unknown"


@pytest.mark.parametrize("side", ["left", "right"])
def test_each_foot_turns_to_the_run_at_its_own_next_heel_strike(side):
    """The cycle count and the phase run on across the switch: no half stance at 240 s."""
    model = PressureModel(SCENARIOS[NAME], side, seed=3)
    t = np.arange(230.0, 250.0, 0.001)
    truth = model.truth(t)
    cadence, cycle, phase = truth["cadence_per_min"], truth["cycle"], truth["phase"]
    switch = int(np.flatnonzero(cadence > 140.0)[0])
    assert 240.0 <= t[switch] < 240.0 + 60.0 / 55.0  # within one walking stride of 240 s
    assert phase[switch] < 0.01 and phase[switch - 1] > 0.99  # a cycle starts there
    assert cycle[switch] == cycle[switch - 1] + 1 and (np.diff(cycle) >= 0).all()
    assert np.allclose(cadence[:switch], 110.0, rtol=0.02) and np.allclose(cadence[switch:], 170.0, rtol=0.02)
    # any split of the times gives the same pressure (the model's blocks)
    whole = model.pressure_kpa(t)
    assert np.array_equal(np.concatenate([model.pressure_kpa(b) for b in np.array_split(t, 7)]), whole)


def test_the_analysis_tells_the_walk_from_the_run_and_stays_silent(result):
    for foot, s in result.summary().items():
        parts = {p["activity"]: p for p in s["activities"]}
        assert list(parts) == ["walking", "running"], (foot, s["activities"])
        assert _within(parts["walking"]["cadence_per_min"], WALK_CADENCE), parts
        assert _within(parts["running"]["cadence_per_min"], RUN_CADENCE), parts
        assert s["first_warning_s"] is None
    assert not [a for a in result.alerts if a.level in ("warning", "alert")]
    assert {f: src for f, (_, src) in result.activity_sources().items()} == {"left": "recognised",
                                                                             "right": "recognised"}
    line = next(ln for ln in analysis_text(result).splitlines() if ln.startswith("left: "))
    assert re.match(r"left: walking, cadence 110 steps/min, forefoot share \d+%, then running, cadence 17", line), line


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_recording_of_it_declares_no_activity(command, tmp_path, monkeypatch, capsys):
    """Over the simulated radio, on the virtual clock: the session keeps the scenario's ground truth with its
    run, and no activity (had: the scenario did not exist)."""
    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    more = ["--no-sound", "--no-report"] if command == "live" else []
    code = main([command, "--sim", NAME, "--speed", "100", "--duration", "20s", "--plain", *more,
                 "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr()
    info = load_session(next(tmp_path.iterdir())).info
    assert info.activity == "unknown" and info.scenario == NAME
    assert info.ground_truth["then"]["activity"] == "running"


def test_the_walk_and_run_lines_end_and_start_where_docs_report_says(result):
    """docs/report.md quotes where the scenario's (seed 1) walk line ends and its run's starts on each foot; had:
    it quoted 4:05.1 and 3:55.1, a joined walk and forefoot-strike run's (tests' ``one_then_another``), as if
    the scenario's."""
    doc = " ".join((Path(__file__).parents[1] / "docs" / "report.md").read_text(encoding="utf-8").split())
    said = re.search(r"The `walk-then-run` scenario's walk line \(seed 1, .*?\) ends at (\d+:\d\d\.\d) on the left "
                     r"foot and (\d+:\d\d\.\d) on the right, its run's starts at (\d+:\d\d\.\d) and (\d+:\d\d\.\d)",
                     doc)
    assert said, "docs/report.md no longer says where the walk-then-run scenario's median lines end and start"
    drawn = {}
    for foot, s in result.summary().items():
        steps, pipe = result.steps[foot], result.feet[foot]
        pieces = median_pieces(steps, (), activity_of_steps(s["activities"], steps, pipe.known_activities),
                               activity_after_fact(s["activities"], steps, pipe.known_activities,
                                                   result.params.activity), result.params.cycles.max_stride_s)
        assert len(pieces) == 2, (foot, pieces)  # the walk's, then the run's
        drawn[foot] = (pieces[0][1], pieces[1][0])

    def clock(t_s: float) -> str:
        return f"{int(t_s // 60)}:{t_s % 60:04.1f}"

    assert said.groups() == (clock(drawn["left"][0]), clock(drawn["right"][0]),
                             clock(drawn["left"][1]), clock(drawn["right"][1])), drawn
