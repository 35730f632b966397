"""The table of every step marks each impulse that is an estimate (a region whose sensors had no sample in the
step, filled in from its group), as ``monitor.steps_table`` and ``analyze --json`` say per step; had: only the
foot's mean and the balance line said "estimate", the steps' impulses read as measured. And with both feet's
steps but no impulse share, the balance line says why: it said "no impulse measured on this insole" of an
insole that measures it, whose steps each lost a whole group of its sensors."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
from test_dead_sensor import moticon_walk  # noqa: F401 (a fixture)
from test_dead_sensor_impulse import _nine_region_foot, _walk

from monitor.analysis.steps import foot_steps, steps_summary
from monitor.analysis.tables import steps_table
from monitor.report.steps_section import ESTIMATE_MARK, balance_line, steps_section_html
from monitor.util.pressure_units import KPA


def test_the_table_of_every_step_marks_each_estimated_impulse(moticon_walk):  # noqa: F811
    result = _walk(moticon_walk, "p08_kpa")  # the right foot's MTH1 sensor dead inside its contacts

    class Data:  # what steps_section_html reads of monitor.report.data.ReportData
        steps, gait, summary, timelines = result.steps, result.gait(), result.summary(), {}
        quality = SimpleNamespace(feet={})
        units = KPA

    tables = []
    html = steps_section_html(Data(), lambda name, caption: "", lambda head, rows, cols: tables.append(rows) or "")
    rows = tables[-1]  # the table of every step: time, foot, contact, strike index, strike, impulse
    right = [r[-1] for r in rows if r[1] == "right" and r[-1] != "-"]
    left = [r[-1] for r in rows if r[1] == "left" and r[-1] != "-"]
    assert right and all(c.endswith(ESTIMATE_MARK) for c in right), right  # had: "31.2", as measured
    assert left and not any(c.endswith(ESTIMATE_MARK) for c in left), left
    assert f"* an estimate ({len(right)} steps listed)" in html
    table = steps_table(result)
    estimated = table.loc[table["impulse_estimated"], "foot"]
    assert len(estimated) == len(right) and set(estimated) == {"right"}
    assert [s["impulse_estimated"] for s in result.to_json_dict()["steps"]["right"] if s["impulse_n_s"] is not None] \
        == [True] * len(right)


def _feet(right_gone: bool = True, measurable: tuple[bool, bool] = (True, True)):
    layout, t, p, contacts = _nine_region_foot()
    left = foot_steps("left", t, p, layout, contacts)
    gone = p.copy()
    if right_gone:
        for ic, _ in contacts:  # the whole metatarsal group mid-stance: no impulse, nothing to estimate it from
            gone[(t > ic + 0.1) & (t < ic + 0.2), 4:7] = np.nan
    right = foot_steps("right", t, gone, layout, contacts)
    feet = {}
    for foot, s, ok in (("left", left, measurable[0]), ("right", right, measurable[1])):
        # an insole without a sensor in each of the nine regions: no impulse
        feet[foot] = s if ok else dataclasses.replace(s, impulse_n_s=np.full(len(s), np.nan), impulse_measurable=ok)
    return steps_summary(feet)


def test_the_balance_line_says_why_there_is_no_impulse_share():
    gait = _feet()
    assert gait["balance"]["impulse_left_pct"] is None and gait["balance"]["contact_time_left_pct"] is not None
    line = balance_line(gait)
    assert "no impulse measured on this insole" not in line, line  # had: so, of an insole that measures it
    assert "none of the right foot's steps has an impulse" in line and "whole group" in line, line
    line = balance_line(_feet(False, (True, False)))  # two insoles, the right one without nine regions
    assert "no impulse measured on the right insole" in line, line
    assert "no impulse measured on this insole" in balance_line(_feet(False, (False, False)))


def test_both_feet_with_steps_but_one_without_any_measurement_is_not_one_foot_only():
    # the right foot's every stance holds missing frames: its steps are found, none measured. Had: "One foot
    # only: no left/right balance." of a session with both feet's steps
    layout, t, p, contacts = _nine_region_foot()
    gone = p.copy()
    for ic, _ in contacts:
        gone[(t > ic + 0.1) & (t < ic + 0.2), :] = np.nan
    gait = steps_summary({"left": foot_steps("left", t, p, layout, contacts),
                          "right": foot_steps("right", t, gone, layout, contacts)})
    assert gait["balance"] == {"impulse_left_pct": None, "contact_time_left_pct": None, "not_compared": None}
    line = balance_line(gait)
    assert "One foot only" not in line, line
    assert line.startswith("No left/right balance: none of the right foot's steps has a measured contact time "
                           "or impulse (each held a missing frame"), line
    # one foot's steps alone: as before
    assert balance_line(steps_summary({"left": foot_steps("left", t, p, layout, contacts)})) \
        == "One foot only: no left/right balance."
