"""A walk whose run was too short to be a part of its own (under PART_MIN_S of windows, a guess) is told by the
walk's own steps, and the run's time is said. Had: ``record --sim walk-then-run --speed 30 --duration 6m`` then
``analyze`` said "left: walking, cadence 111 steps/min, ..." and "left steps: 389, cadence 111 steps/min (both
feet), ground contact 637 ms (median), ..." with no word of the run, the report's header "left walking, right
walking", and the Steps figure's dashed median drawn at 637 ms across the running part too: one median and one
cadence over two activities, whose run (170 steps/min, ~270 ms) was not a part (9 windows, 1:30; the recogniser
flips ~30 s late)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from test_analyze import _validate
from test_analyze_walk_then_run import WALK_CADENCE, _report_data, _within
from test_strike_run_steps import _walk_then_run

import monitor
from monitor.report.cycle_words import feet_activities
from monitor.report.plots.steps import median_pieces
from monitor.report.steps_section import _summary_rows, brief_line
from monitor.report.text import analysis_text
from monitor.signal.activity_parts import PART_MIN_S
from monitor.signal.params import DEFAULT_PARAMS

WALK_S, RUN_S = 240.0, 120.0  # the run's windows: ~1:30, under PART_MIN_S


@pytest.fixture(scope="module")
def result():
    return monitor.analyze(_walk_then_run(WALK_S, RUN_S), DEFAULT_PARAMS)


def test_the_summary_gives_the_walks_own_figures_and_the_runs_time(result):
    for foot, s in result.summary().items():
        assert s["activities"] == () and s["activity"] == "walking"
        brief = s["brief_activities"]
        assert [b["activity"] for b in brief] == ["running"], brief  # had: no such key, the run unsaid
        assert 0 < brief[0]["windows_s"] < PART_MIN_S
        main = s["main_part"]
        assert main["activity"] == "walking" and main["cadence_per_min"] == s["cadence_per_min"]
        assert _within(s["cadence_per_min"], WALK_CADENCE)
        # its own steps' figures: a rearfoot walk of ~640 ms; of the forefoot run's steps, only those of its first
        # ~30 s, before the recogniser knew it (a step is the activity's known at its landing): 11 % forefoot
        # strikes, the whole session's 44 %
        assert main["contact_s"] > 0.5 and main["strike_pct"]["forefoot"] < 20.0, main
        assert result.gait()["feet"][foot]["strike_pct"]["forefoot"] > 35.0  # the whole session's: the run's too


def test_analyze_text_says_the_run_briefly_and_the_walks_figures(result):
    text = analysis_text(result)
    line = next(ln for ln in text.splitlines() if ln.startswith("left: "))
    # had: "left: walking, cadence 110 steps/min, forefoot share ..%, no warning"
    assert re.match(r"left: walking, cadence \d+ steps/min \(also \d:\d\d running, too short for figures of its "
                    r"own\), forefoot share \d+% over the session, ", line), line
    steps = next(ln for ln in text.splitlines() if ln.startswith("left steps: "))
    m = re.search(r"walking: cadence \d+ steps/min \(both feet\), ground contact (\d+) ms \(median\) \(also \d:\d\d "
                  r"running, too short for figures of its own\); footstrike .*\(walking rearfoot (\d+) %", steps)
    assert m, steps  # had: "..., ground contact 6.. ms (median), footstrike rearfoot .. %, ..." of every step
    assert int(m[1]) > 500 and int(m[2]) > 80, steps
    assert "after the session ends" in text  # a walk and a run: not "after the walk ends"


def test_analyze_json_says_the_runs_time_and_the_walks_own_figures(result):
    doc = json.loads(json.dumps(result.to_json_dict()))
    _validate(doc)  # docs/analyze-json.schema.json
    left = doc["summary"]["left"]
    assert "activities" not in left
    assert [b["activity"] for b in left["brief_activities"]] == ["running"]  # had: absent
    assert left["main_activity"]["activity"] == "walking" and left["main_activity"]["contact_s"] > 0.5
    assert left["main_activity"]["cadence_per_min"] == left["cadence_per_min"]


def test_the_report_says_the_run_and_draws_a_median_per_activity(result):
    data = _report_data(result)
    # had: "left walking, right walking"
    assert re.fullmatch(r"left walking \(also \d:\d\d running\), right walking \(also \d:\d\d running\)",
                        feet_activities(data.summary))
    rows = {r[0]: r[1:] for r in _summary_rows(data)}
    assert "ground contact time (median)" not in rows  # had: every step's, the run's too
    assert all(int(c.removesuffix(" ms")) > 500 for c in rows["ground contact time (median), walking"])
    said = r"also \d:\d\d running, too short for figures of its own; the rows marked walking are of its walking " \
           r"steps alone\."  # each foot's windows: 1:30 and 1:40
    assert re.fullmatch(rf"Left foot: {said} Right foot: {said}", brief_line(data)), brief_line(data)


def test_the_steps_figures_median_is_drawn_per_activity(result):
    from monitor.report.data import report_data

    session = _walk_then_run(WALK_S, RUN_S)
    data = report_data(session, result)
    steps = result.steps["left"]
    pieces = median_pieces(steps, (), data.step_activity["left"], data.span_activity.get("left"))
    late = [m for a, b, m in pieces if b > WALK_S + 30.0]  # reaching well into the run
    early = [m for a, b, m in pieces if a < WALK_S - 30.0]  # from well before the run
    assert late and all(m < 350.0 for m in late), pieces  # had: one median, ~637 ms, over the run's steps too
    assert early and all(m > 500.0 for m in early), pieces
    assert set(np.unique(data.step_activity["left"])) <= {"walking", "running"}


def test_the_referral_names_the_brief_run_live_and_in_analyze(result):
    from types import SimpleNamespace

    from monitor.analysis.referrals import referrals
    from monitor.live.summary import summary_referrals

    live = summary_referrals(SimpleNamespace(pipeline={f: pipe.summary() for f, pipe in result.feet.items()}))
    assert live == referrals(result.session_activities())
    assert "after the session ends" in live[0], live  # had: "after the walk ends", the run unsaid
