"""Each step measured (monitor/analysis/steps.py) and the runner's report of it, against the simulator's
ground truth: its run scenarios know their ground contact time (firmware_sim.model.RUN_CONTACT_S, the
stance of every stride), their strike (Scenario.strike), their cadence, and that both feet are loaded
alike (a 50/50 balance). The real walk's contact times are checked against Moticon's own gait report in
tests/test_gait_events_real.py.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from report_sessions import layout4

from firmware_sim.model import RUN_CONTACT_S
from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.batch import analyze
from monitor.analysis.steps import STRIKE_BOUNDS_PCT, STRIKES, foot_steps, steps_summary, strike_type
from monitor.analysis.tables import steps_table
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.session.offline import offline_session

#: The done-when of the runner's report: within 5 % of the simulator's ground truth.
REL = 0.05


@pytest.fixture(scope="module")
def forefoot_run():
    session = offline_session("forefoot-strike-run", duration_s=90, seed=1)
    result = analyze(session)
    return session, result, render_html(report_data(session, result), {})


def _cell(html: str, row: str) -> list[str]:
    """The cells after the row's name in the Steps section's summary table (one, spanning the feet's
    columns, for the cadence of both feet)."""
    section = html[html.index('<section id="steps-section">'):]
    m = re.search(rf"<tr><td>{re.escape(row)}</td>(.*?)</tr>", section)
    assert m, row
    return re.findall(r"<td(?: colspan=\d+)? class=\"?num[^>]*>([^<]*)</td>", m.group(1))


def test_the_runners_report_shows_contact_time_strike_and_balance_as_the_simulator_ran_them(forefoot_run):
    _, _, html = forefoot_run
    scenario = SCENARIOS["forefoot-strike-run"]
    contact_ms = [float(c.split()[0]) for c in _cell(html, "ground contact time (median)")]
    assert len(contact_ms) == 2
    for ms in contact_ms:
        assert ms == pytest.approx(1e3 * RUN_CONTACT_S, rel=REL)
    truth = {kind: 100.0 if kind == scenario.strike else 0.0 for kind in ("rearfoot", "midfoot", "forefoot")}
    for kind, pct in truth.items():
        for shown in _cell(html, f"{kind} strikes"):
            assert float(shown.split()[0]) == pytest.approx(pct, abs=100 * REL)
    shown = _cell(html, "cadence (steps/min, both feet)")
    assert len(shown) == 1 and float(shown[0]) == pytest.approx(scenario.cadence_per_min, rel=REL)
    m = re.search(r"Left/right balance: left ([\d.]+) % / right ([\d.]+) % of the impulse per step", html)
    assert m and float(m.group(1)) == pytest.approx(50.0, rel=REL) and float(m.group(2)) == pytest.approx(50.0, rel=REL)
    assert "Every measured step (" in html and 'href="#steps-section"' in html


def test_the_json_and_the_table_hold_the_same_steps(forefoot_run):
    _, result, _ = forefoot_run
    doc = result.to_json_dict()
    table = steps_table(result)
    for foot in ("left", "right"):
        steps = doc["steps"][foot]
        rows = table[table["foot"] == foot]
        assert len(steps) == len(rows) == len(result.steps[foot]) > 100
        assert {s["strike"] for s in steps} == {"forefoot"}
        assert np.allclose([s["contact_s"] for s in steps], rows["contact_s"], atol=1e-3)
        g = doc["gait"]["feet"][foot]
        assert g["contact_s"] == pytest.approx(RUN_CONTACT_S, rel=REL) and g["strike_pct"]["forefoot"] == 100.0
    assert doc["gait"]["balance"]["impulse_left_pct"] == pytest.approx(50.0, rel=REL)


@pytest.mark.parametrize("name", [n for n, s in SCENARIOS.items() if s.activity == "running"])
def test_every_simulated_run_is_read_with_its_own_strike_and_contact_time(name):
    session = offline_session(name, duration_s=40, seed=2)
    result = analyze(session)
    strike = SCENARIOS[name].strike
    for foot in ("left", "right"):
        s = result.steps[foot]
        assert len(s) > 40
        assert np.mean(s.strike == strike) >= 1 - REL, (name, foot, np.unique(s.strike, return_counts=True))
        assert np.nanmedian(s.contact_s) == pytest.approx(RUN_CONTACT_S, rel=REL)


def test_a_ride_has_no_steps_and_its_report_no_steps_section():
    session = offline_session("healthy-ride", duration_s=40, seed=1)
    result = analyze(session)
    assert result.steps == {} and result.to_json_dict()["gait"] == {
        "feet": {}, "balance": {"impulse_left_pct": None, "contact_time_left_pct": None, "not_compared": None}}
    html = render_html(report_data(session, result), {})
    assert "steps-section" not in html and steps_table(result).empty


def test_the_strike_types_follow_cavanagh_and_lafortunes_thirds():
    assert STRIKE_BOUNDS_PCT == pytest.approx((33.333, 66.667), abs=1e-3)
    assert [strike_type(x) for x in (0.0, 33.0, 34.0, 66.0, 67.0, 100.0, math.nan)] == [
        "rearfoot", "rearfoot", "midfoot", "midfoot", "forefoot", "forefoot", ""]


def _synthetic_steps(missing: slice | None = None):
    """Four-sensor foot (heel y 0.1, midfoot 0.4, MTH2 0.7, hallux 0.9) at 100 Hz: three 0.3 s stances,
    every 0.8 s, loaded heel first; 3 kPa unloaded offsets on every sensor."""
    t = np.arange(0, 3.0, 0.01)
    p = np.full((t.size, 4), 3.0)
    contacts = []
    for ic in (0.4, 1.2, 2.0):
        u = (t - ic) / 0.3
        on = (u >= 0) & (u <= 1)
        p[on, 0] += 200.0 * np.sin(np.pi * np.clip(u[on] / 0.5, 0, 1))  # heel: the first half
        p[on, 2] += 250.0 * np.sin(np.pi * u[on]) ** 2  # MTH2 later
        contacts.append((ic + 0.005, ic + 0.29))
    if missing is not None:
        p[missing] = np.nan
    return t, p, contacts


def test_steps_on_a_synthetic_foot_read_the_heel_strike_and_the_contact():
    t, p, contacts = _synthetic_steps()
    s = foot_steps("left", t, p, layout4("left"), contacts)
    assert list(s.strike) == ["rearfoot"] * 3
    # the heel (y 0.1) carries the first load; MTH2 has just begun, under STRIKE_SENSOR_KPA (without taking
    # the 3 kPa offsets off, the four sensors' offsets alone would pull the centre to 45 %)
    assert np.all((s.strike_index_pct >= 10.0) & (s.strike_index_pct < 20.0)), s.strike_index_pct
    # in contact while a sensor reads 20 kPa above its offset: from the heel's 200 sin(2 pi u) reaching 20
    # to MTH2's 250 sin(pi u)^2 falling to 20, u the fraction of the 0.3 s stance
    start_u = math.asin(0.1) / (2 * math.pi)
    end_u = 1 - math.asin(math.sqrt(20 / 250)) / math.pi
    assert np.allclose(s.contact_s, 0.3 * (end_u - start_u), atol=0.005), s.contact_s
    # four sensors leave regions without one: the impulse, a sum over the nine regions, is not measured
    # (monitor.analysis.steps; tests/test_layout_numbers.py measures it on layouts that resolve them)
    assert np.isnan(s.impulse_n_s).all(), s.impulse_n_s


def test_every_array_of_the_steps_has_the_dtype_of_its_values():
    """had: FootSteps.strike was an object array (numpy and pandas treat such a column as opaque Python
    objects: no vectorised comparison or string methods, a pandas column of dtype object); it is numpy text
    (STRIKE_DTYPE), with and without steps, and every time and measure is float64."""
    t, p, contacts = _synthetic_steps(missing=slice(130, 132))
    for s in (foot_steps("left", t, p, layout4("left"), contacts),
              foot_steps("left", t, p, layout4("left"), []),
              foot_steps("left", np.empty(0), np.empty((0, 4)), layout4("left"), contacts)):
        assert s.strike.dtype.kind == "U", s.strike.dtype
        for name in ("initial_contact_s", "toe_off_s", "contact_start_s", "contact_end_s", "contact_s",
                     "strike_index_pct", "impulse_n_s"):
            assert getattr(s, name).dtype == np.float64, name
    assert pd.Series(s.strike).dtype != object
    from monitor.analysis.steps import STRIKE_DTYPE
    assert s.strike.dtype == STRIKE_DTYPE and STRIKE_DTYPE.itemsize // 4 == max(map(len, STRIKES))


def test_a_missing_frame_in_a_stance_leaves_that_step_unmeasured_never_invented():
    t, p, contacts = _synthetic_steps(missing=slice(130, 132))  # inside the second stance
    s = foot_steps("left", t, p, layout4("left"), contacts)
    assert np.isnan(s.contact_s[1]) and np.isnan(s.impulse_n_s[1]) and s.strike[1] == ""
    assert np.isfinite(s.contact_s[[0, 2]]).all()
    summary = steps_summary({"left": s})
    assert summary["feet"]["left"]["steps"] == 3 and summary["balance"]["impulse_left_pct"] is None


def _one_foot_run(stop_right_s: float):
    """A 60-s run whose right insole sends nothing from ``stop_right_s`` on (0: nothing at all)."""
    from monitor.session.model import Session

    s = offline_session("healthy-run", duration_s=60, seed=1)
    f = s.frames
    keep = ~((f["foot"] == "right") & (f["t_s"] >= stop_right_s)).to_numpy()
    s = Session(s.path, s.info, f[keep].reset_index(drop=True), s.gaps)
    return render_html(report_data(s, analyze(s)), {})


@pytest.mark.parametrize("stop_right_s", [0.0, 1.5])
def test_a_cadence_from_one_foot_is_labelled_with_that_foot_not_both(stop_right_s):
    """The right insole sent nothing (or two steps, one stride: 1.5 s): the only cadence is the left foot's
    strides, said so."""
    html = _one_foot_run(stop_right_s)
    section = html[html.index('<section id="steps-section">'):]
    assert "cadence (steps/min, both feet)" not in section
    shown = [c for c in _cell(html, "cadence (steps/min, from the left foot alone)") if c != "-"]
    assert len(shown) == 1 and float(shown[0]) == pytest.approx(SCENARIOS["healthy-run"].cadence_per_min, rel=REL)


def test_a_cadence_from_each_foot_keeps_both_feet_in_its_label():
    html = _one_foot_run(30.0)
    shown = _cell(html, "cadence (steps/min, both feet)")
    truth = SCENARIOS["healthy-run"].cadence_per_min
    assert len(shown) == 1 and float(shown[0]) == pytest.approx(truth, rel=REL)  # one figure over both feet
