"""A step whose contact time or strike index would read a sensor that had no sample is not measured, and says
so (``not_measured`` "no_sample"), rather than measured on the other sensors and silently different.

The contact's ends are where the foot's most loaded sensor crosses the contact level, and the strike index
weighs every sensor's load at one frame: a sensor without a sample there was skipped (the contact ended when
the others fell below the level) or read as unloaded (0 kPa over its region). On the real Moticon walk with
the right hallux's sensor (p13) dead, the median contact time read 0.755 s instead of 0.803 s, and with the
medial heel's two sensors dead every strike index read 15.5 % instead of 16.1-16.3 %, each as if measured.
"""

from __future__ import annotations

import math

import numpy as np
from test_dead_sensor import moticon_walk  # noqa: F401 (a fixture)
from test_dead_sensor_impulse import _nine_region_foot

from monitor.analysis.batch import analyze
from monitor.analysis.steps import NOT_MEASURED, foot_steps, measured
from monitor.report.steps_section import left_out_line


def _dead(moticon_walk, columns: list[str]):  # noqa: F811
    """The walk analysed, the right foot's sensors ``columns`` without a sample all along."""
    from monitor.session.directory import load_session

    session = load_session(moticon_walk)
    session.frames.loc[session.frames.foot == "right", columns] = np.nan
    return analyze(session)


def test_a_dead_hallux_sensor_leaves_the_contact_time_unmeasured_not_shorter(moticon_walk):  # noqa: F811
    result = _dead(moticon_walk, ["p13_kpa"])  # the right hallux's one sensor
    s = result.steps["right"]
    # had: 6 steps measured, median 0.755 s against the intact walk's 0.803 s
    assert not np.isfinite(s.contact_s).any(), s.contact_s
    assert "no_sample" in NOT_MEASURED
    assert set(s.not_measured.tolist()) <= {"no_sample", "gap", "cut"} and "no_sample" in s.not_measured.tolist()
    assert result.gait()["feet"]["right"]["steps_measured"] == 0
    steps = result.to_json_dict()["steps"]["right"]
    assert all(x["contact_s"] is None and x["impulse_n_s"] is None for x in steps)
    assert [x["not_measured"] for x in steps] == s.not_measured.tolist()
    # the left foot read every sensor: as measured as before
    assert result.gait()["feet"]["left"]["steps_measured"] == 6


def test_a_dead_heel_sensor_leaves_the_strike_index_unmeasured_not_read_as_unloaded(moticon_walk):  # noqa: F811
    s = _dead(moticon_walk, ["p00_kpa", "p02_kpa"]).steps["right"]  # the medial heel's two sensors
    assert not np.isfinite(s.strike_index_pct).any(), s.strike_index_pct  # had: 15.5 % on every step
    assert (s.strike == "").all()


def test_the_line_under_the_steps_says_why(moticon_walk):  # noqa: F811
    result = _dead(moticon_walk, ["p13_kpa"])

    class Data:
        steps = result.steps

    line = left_out_line(Data())
    assert "a sensor that had no sample" in line, line


def test_a_sensor_missing_only_inside_the_contact_leaves_the_step_measured():
    """The rule is no wider than what the sensor could change: a sensor missing mid-stance, away from the
    contact's ends and the strike's frame, leaves the contact time and strike index as they were (the
    impulse an estimate, its region filled in from its group); missing at the toe-off, the step is not
    measured."""
    layout, t, p, contacts = _nine_region_foot()
    intact = foot_steps("left", t, p, layout, contacts)
    gone = p.copy()
    ic = [c[0] for c in contacts]
    gone[(t > ic[0] + 0.1) & (t < ic[0] + 0.2), 7] = np.nan  # the hallux mid-stance
    gone[(t > ic[1] + 0.25) & (t < ic[1] + 0.4), 7] = np.nan  # the hallux about the toe-off
    s = foot_steps("left", t, gone, layout, contacts)
    assert s.contact_s[0] == intact.contact_s[0] and s.strike_index_pct[0] == intact.strike_index_pct[0]
    assert s.impulse_estimated[0] and s.not_measured[0] == ""
    assert math.isnan(s.contact_s[1]) and math.isnan(s.impulse_n_s[1]) and s.not_measured[1] == "no_sample"
    assert not measured(s)[1]
    assert s.contact_s[2] == intact.contact_s[2] and s.not_measured[2] == ""


def test_no_contact_is_not_said_of_a_stance_whose_sensors_had_no_sample():
    """A stance in which every sensor that had a sample stayed unloaded, but one had none: that one may have
    carried the foot; "no_sample", not "no_contact"."""
    layout, t, p, contacts = _nine_region_foot()
    gone = p.copy()
    ic = contacts[1][0]
    stance = (t > ic - 0.01) & (t < ic + 0.31)
    gone[stance, :7] = 3.0  # unloaded
    gone[stance, 7:] = np.nan  # the toes without a sample
    s = foot_steps("left", t, gone, layout, contacts)
    assert s.not_measured.tolist() == ["", "no_sample", ""]
