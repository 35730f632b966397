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
from test_analyze_walk_then_run import RUN_CADENCE, WALK_CADENCE, _report_data, _within
from test_strike_run_steps import _walk_then_run

import monitor
from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.activity_contacts import activity_after_fact, activity_of_steps
from monitor.report.plots.steps import median_pieces
from monitor.report.steps_cadence import cadence_line
from monitor.report.steps_section import _summary_rows
from monitor.report.text import analysis_text
from monitor.session.directory import load_session
from monitor.signal.cadence import cadence_from_durations
from monitor.signal.params import DEFAULT_PARAMS

NAME = "walk-then-run"
#: a quotation of docs/report.md, its words the group
QUOTED = r'"([^"]+)"'


@pytest.fixture(scope="module")
def result():
    return monitor.analyze(monitor.offline_session(NAME, seed=1))


@pytest.fixture(scope="module")
def joined():
    """The tests' joined session docs/report.md quotes beside the scenario: a 4-minute healthy walk then a
    4-minute forefoot-strike run, no activity declared (``one_then_another``)."""
    return monitor.analyze(_walk_then_run(240.0, 240.0), DEFAULT_PARAMS)


def _doc() -> str:
    """docs/report.md, its whitespace runs as one space."""
    return " ".join((Path(__file__).parents[1] / "docs" / "report.md").read_text(encoding="utf-8").split())


def _clock(t_s: float) -> str:
    return f"{int(t_s // 60)}:{t_s % 60:04.1f}"


def _drawn(result) -> dict[str, tuple[float, float]]:
    """Per foot, where its walk's median line ends and its run's starts (s), as the steps figure draws them."""
    drawn = {}
    for foot, s in result.summary().items():
        steps, pipe = result.steps[foot], result.feet[foot]
        pieces = median_pieces(steps, (), activity_of_steps(s["activities"], steps, pipe.known_activities),
                               activity_after_fact(s["activities"], steps, pipe.known_activities,
                                                   result.params.activity), result.params.cycles.max_stride_s)
        assert len(pieces) == 2, (foot, pieces)  # the walk's, then the run's
        drawn[foot] = (pieces[0][1], pieces[1][0])
    return drawn


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
    said = re.search(r"The `walk-then-run` scenario's walk line \(seed 1, .*?\) ends at (\d+:\d\d\.\d) on the left "
                     r"foot and (\d+:\d\d\.\d) on the right, its run's starts at (\d+:\d\d\.\d) and (\d+:\d\d\.\d)",
                     _doc())
    assert said, "docs/report.md no longer says where the walk-then-run scenario's median lines end and start"
    drawn = _drawn(result)
    clock = _clock
    assert said.groups() == (clock(drawn["left"][0]), clock(drawn["right"][0]),
                             clock(drawn["left"][1]), clock(drawn["right"][1])), drawn


def test_the_joined_sessions_walk_lines_end_where_docs_report_says(joined):
    """docs/report.md says where the joined walk and forefoot-strike run's walk lines end (``one_then_another``),
    apart from the scenario's."""
    said = re.search(r"of another session, .*?`one_then_another`.*?: it had one dashed line at (\d+) ms across the "
                     r"walk, .*? and it ends at (\d+:\d\d\.\d) now, the right foot's at (\d+:\d\d\.\d)", _doc())
    assert said, "docs/report.md no longer says where the joined session's walk lines end"
    drawn = _drawn(joined)
    assert said.groups()[1:] == (_clock(drawn["left"][0]), _clock(drawn["right"][0])), drawn
    assert said.group(1) == f"{1e3 * np.nanmedian(joined.steps['left'].contact_s):.0f}"  # all its steps' median


def _lines(result, foot: str = "left") -> tuple[str, str]:
    """``foot``'s verdict line and its steps line of analyze's text."""
    text = analysis_text(result).splitlines()
    return (next(x for x in text if x.startswith(f"{foot}: ")),
            next(x for x in text if x.startswith(f"{foot} steps: ")))


def test_the_figures_docs_report_quotes_of_the_scenario_are_its_own(result):
    """docs/report.md quotes the scenario's (seed 1) cadence, verdict and steps lines as analyze gives them;
    had: "forefoot share 59% ... 78% ... 67% over the session" and "footstrike rearfoot 39 % ... (walking
    rearfoot 89 %" beside the scenario, the joined walk and forefoot-strike run's (58 %, 68 %, 62 % and 100 %
    rearfoot of the scenario's)."""
    said = re.search(r'Analysed \(seed 1, as `monitor.offline_session\("walk-then-run", seed=1\)` makes it\), its PDF '
                     rf'says {QUOTED}, its verdict\'s lines {QUOTED}, and its steps lines {QUOTED}.*?"(footstrike '
                     r'[^"(]+)\(walking rearfoot (\d+) %, \.\.\.; running \.\.\.\)" in the scenario\'s lines', _doc())
    assert said, "docs/report.md no longer quotes the walk-then-run scenario's lines"
    verdict, steps = _lines(result)
    assert said.group(1) == cadence_line(_report_data(result))
    assert said.group(2) == verdict
    assert said.group(3) in steps, steps
    assert f"{said.group(4)}(walking rearfoot {said.group(5)} %, " in steps, steps


def test_the_figures_docs_report_quotes_of_the_joined_session_are_its_own(joined):
    """docs/report.md's figures of the joined walk and forefoot-strike run (``one_then_another``), now and as
    it had said them (every stride's cadence and every step's contact time, the walk's and the run's
    together), are that session's."""
    said = re.search(r"The tests' joined session, .*?`one_then_another`.*?: its left foot's lines say "
                     r'"(footstrike [^"(]+)\(walking rearfoot (\d+) %, \.\.\.; ([^"]+)\)" '
                     rf'and {QUOTED}\. It had said "walking, cadence (\d+) steps/min" and one contact time of (\d+) ms '
                     r".*? only the session's rearfoot (\d+) % and (\d+) %", _doc())
    assert said, "docs/report.md no longer quotes the joined walk and run's lines"
    verdict, steps = _lines(joined)
    assert f"{said.group(1)}(walking rearfoot {said.group(2)} %, " in steps, steps
    assert f"; {said.group(3)})" in steps, steps
    assert verdict.startswith(f"left: {said.group(4)}, "), verdict
    pipe, s = joined.feet["left"], joined.summary()["left"]
    every_stride = cadence_from_durations(np.array([c.duration_s for c in pipe.cycles_]), "stride")
    every_step_ms = 1e3 * np.nanmedian(joined.steps["left"].contact_s)
    rows = {r[0]: r[1:] for r in _summary_rows(_report_data(joined))}
    rearfoot = rows["rearfoot strikes"][0].removesuffix(" %")
    assert said.groups()[4:] == (f"{every_stride:.0f}", f"{every_step_ms:.0f}", rearfoot,
                                 f"{100 * s['forefoot_share']:.0f}"), (every_stride, every_step_ms, rows)
