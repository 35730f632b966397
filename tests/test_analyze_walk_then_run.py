"""A session of two activities is told as two. Had: a 4 min walk then a 4 min run (no activity declared) was
said to be a walk at the run's cadence, "left: walking, cadence 169 steps/min", its Steps line and table a
ground contact of 271 ms (median of all the steps, the run's ~270 ms; the walk's are ~640 ms), the report's
header "left walking, right walking" and the referral "after the walk ends": the activity was the most common
window label, the cadence and the contact time the median of every counted stride and step."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from test_analyze import _validate
from test_strike_run_steps import _walk_then_run

import monitor
from monitor.report.cycle_words import feet_activities
from monitor.report.steps_cadence import cadence_line
from monitor.report.steps_section import _summary_rows, foot_lines
from monitor.report.text import analysis_text
from monitor.signal.activity_parts import PART_MIN_S, session_parts
from monitor.signal.params import DEFAULT_PARAMS

WALK_CADENCE = (95.0, 125.0)  # steps/min: the simulated healthy walk's ~110
RUN_CADENCE = (155.0, 185.0)  # the simulated run's ~170


@pytest.fixture(scope="module")
def result():
    return monitor.analyze(_walk_then_run(240.0, 240.0), DEFAULT_PARAMS)


def _within(x: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= x <= bounds[1]


def test_the_summary_names_each_activity_with_its_own_cadence_and_contact_time(result):
    for foot, s in result.summary().items():
        parts = {p["activity"]: p for p in s["activities"]}
        assert list(parts) == ["walking", "running"], (foot, s["activities"])  # had: no per-activity figures
        assert _within(parts["walking"]["cadence_per_min"], WALK_CADENCE), parts
        assert _within(parts["running"]["cadence_per_min"], RUN_CADENCE), parts
        assert parts["walking"]["contact_s"] > 0.5 and parts["running"]["contact_s"] < 0.35, parts
        # the main activity's name goes with its own strides' cadence alone
        assert s["activity"] == "walking"
        assert _within(s["cadence_per_min"], WALK_CADENCE), s["cadence_per_min"]  # had: 169


def test_analyze_json_lists_the_activities_and_keeps_its_fields(result):
    doc = json.loads(json.dumps(result.to_json_dict()))
    _validate(doc)  # docs/analyze-json.schema.json
    summary = doc["summary"]["left"]
    assert summary["activity"] == "walking" and summary["activity_source"] == "recognised"
    assert _within(summary["cadence_per_min"], WALK_CADENCE)  # had: 169.0
    parts = summary["activities"]
    assert [p["activity"] for p in parts] == ["walking", "running"]
    assert set(parts[0]) == {"activity", "windows_s", "cadence_per_min", "cycles", "contact_s", "strike_pct",
                             "steps_measured", "strike_steps", "forefoot_share", "regions", "relief_count"}
    assert all(p["strike_steps"] == p["steps_measured"] > 0 for p in parts), parts  # every step's strike read
    assert parts[0]["windows_s"] >= PART_MIN_S and parts[1]["cycles"] > 0
    assert "after the session ends" in doc["referrals"][0]


def test_analyze_text_says_each_activity_with_its_own_figures(result):
    text = analysis_text(result)
    line = next(ln for ln in text.splitlines() if ln.startswith("left: "))
    m = re.match(r"left: walking, cadence (\d+) steps/min, forefoot share \d+%, then running, cadence (\d+) "
                 r"steps/min, forefoot share \d+%, ", line)
    assert m, line  # had: "left: walking, cadence 169 steps/min, forefoot share 67%, no warning"
    assert _within(float(m[1]), WALK_CADENCE) and _within(float(m[2]), RUN_CADENCE), line
    steps = next(ln for ln in text.splitlines() if ln.startswith("left steps: "))
    m = re.search(r"walking: cadence \d+ steps/min \(both feet\), ground contact (\d+) ms \(median\); "
                  r"running: cadence \d+ steps/min \(both feet\), ground contact (\d+) ms \(median\); ", steps)
    assert m, steps  # had: "..., cadence 169 steps/min (both feet), ground contact 271 ms (median), ..."
    assert int(m[1]) > 500 and int(m[2]) < 350, steps
    assert "after the session ends" in text and "after the walk ends" not in text


def _report_data(result) -> SimpleNamespace:
    """What the report's header and Steps section read of ReportData (monitor.report.data.report_data)."""
    summary = {f: {**s, "activity_said": s["activity"]} for f, s in result.summary().items()}
    return SimpleNamespace(steps=dict(result.steps), gait=result.gait(), summary=summary,
                           units=SimpleNamespace(impulse="N s"))


def test_the_report_header_and_steps_table_name_each_activity(result):
    data = _report_data(result)
    # had: "left walking, right walking"
    assert feet_activities(data.summary) == "left walking then running, right walking then running"
    rows = {r[0]: r[1:] for r in _summary_rows(data)}
    assert "ground contact time (median)" not in rows  # had: 271 ms, the two activities' steps together
    walk, run = rows["ground contact time (median), walking"], rows["ground contact time (median), running"]
    assert all(int(c.removesuffix(" ms")) > 500 for c in walk) and all(int(c.removesuffix(" ms")) < 350 for c in run)
    assert _within(float(rows["cadence (steps/min, both feet), walking"][0]), WALK_CADENCE), rows
    assert _within(float(rows["cadence (steps/min, both feet), running"][0]), RUN_CADENCE), rows
    assert re.fullmatch(r"Cadence: walking \d+ steps/min, running \d+ steps/min \(both feet\)\.", cadence_line(data))
    assert "walking: ground contact" in foot_lines(data)[0]


def test_a_session_of_one_activity_says_it_as_before():
    r = monitor.analyze(monitor.offline_session("healthy-walk", duration_s=240.0, seed=1), DEFAULT_PARAMS)
    assert all(s["activities"] == () for s in r.summary().values())
    assert all("activities" not in s for s in r.to_json_dict()["summary"].values())
    assert "ground contact time (median)" in {row[0] for row in _summary_rows(_report_data(r))}
    assert feet_activities(_report_data(r).summary) == "left walking, right walking"


def test_an_activity_is_a_part_of_its_own_for_two_minutes_and_a_fifth_of_the_windows():
    assert session_parts({"walking": 25, "running": 21}, 10.0) == ("walking", "running")
    assert session_parts({"walking": 25, "running": 11}, 10.0) == ()  # 110 s: too short (a guess)
    assert session_parts({"walking": 100, "running": 20}, 10.0) == ()  # 200 s but a sixth
    assert session_parts({"running": 40}, 10.0) == ()  # one activity: the session's
    assert session_parts({}, 10.0) == ()
