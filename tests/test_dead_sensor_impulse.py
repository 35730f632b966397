"""A foot with a sensor that had no sample inside its contacts keeps its impulse per step, and the report says
it is an estimate.

A region whose only sensor had no sample was filled in from its group for the loads the gait detector reads,
but not for the hot-spot loads the impulse integrates: every step of that foot had a NaN impulse, the
balance lost its impulse share and the report said "no impulse measured on this insole" of an insole that
measures it. Now the region's hot spot is estimated where it has no sample by the pressure the detector's
load gives it (monitor.analysis.steps), each such step is flagged, and the report says the impulse is an
estimate. A frame whose whole group had no sample still leaves its step's impulse NaN. A sensor without a
sample at the contact's ends or at the strike's frame leaves the step not measured at all
(test_steps_dead_sensor_contact), so the sensor here misses inside each contact only.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from test_dead_sensor import moticon_walk  # noqa: F401 (a fixture)

from monitor.analysis.batch import analyze
from monitor.analysis.steps import foot_steps
from monitor.codebook import SensorLayout
from monitor.report.steps_section import balance_line, steps_section_html
from monitor.util.pressure_units import KPA

#: How far the estimate may lie from the intact walk's mean impulse per step (measured: +3 % with MTH1's
#: sensor dead, -5 % with the hallux's; a guess above those).
ESTIMATE_REL = 0.15


#: How far inside each end of the intact walk's contacts the sensor misses (s; guess: clear of the frames
#: either side of each end, and of the strike's frame a few frames after the contact's start).
INSIDE_S = 0.2


def _walk(moticon_walk, column: str | None = None):  # noqa: F811
    """The walk analysed, the right foot's sensor ``column`` without a sample inside each of its contacts
    (the intact walk's, INSIDE_S from either end)."""
    from monitor.session.directory import load_session

    session = load_session(moticon_walk)
    if column is not None:
        steps = analyze(load_session(moticon_walk)).steps["right"]
        t = session.frames.t_s
        for start, end in zip(steps.contact_start_s, steps.contact_end_s):
            if np.isfinite(start):
                inside = (session.frames.foot == "right") & (t > start + INSIDE_S) & (t < end - INSIDE_S)
                session.frames.loc[inside, column] = np.nan
    return analyze(session)


@pytest.fixture(scope="module")
def whole(moticon_walk):  # noqa: F811
    return _walk(moticon_walk)


@pytest.mark.parametrize("column", ["p08_kpa", "p13_kpa"])  # Moticon's sensors 9, 14 (7 shares its region with
# half of the midfoot sensor 5: monitor.signal.coarse_share)
def test_a_dead_sensor_alone_in_its_region_leaves_an_estimated_impulse(moticon_walk, whole, column):  # noqa: F811
    result = _walk(moticon_walk, column)
    g, want = result.gait(), whole.gait()
    right = g["feet"]["right"]
    assert math.isfinite(right["impulse_n_s"]), "a dead sensor cost its foot every step's impulse"
    assert right["impulse_n_s"] == pytest.approx(want["feet"]["right"]["impulse_n_s"], rel=ESTIMATE_REL)
    steps = result.steps["right"]
    have = np.isfinite(steps.impulse_n_s)
    assert have.sum() >= 5 and steps.impulse_estimated[have].all() and not steps.impulse_estimated[~have].any()
    assert g["balance"]["impulse_left_pct"] is not None
    assert right["impulse_estimated_steps"] == right["impulse_steps"] == int(have.sum())
    # the left foot read every sensor: its impulse is measured, not estimated
    assert g["feet"]["left"]["impulse_estimated_steps"] == 0
    np.testing.assert_array_equal(result.steps["left"].impulse_n_s, whole.steps["left"].impulse_n_s)
    line = balance_line(g)
    assert "no impulse measured on this insole" not in line and "of the impulse per step" in line, line
    assert f"The right foot's impulse is an estimate in {int(have.sum())} of its" in line, line
    assert "left foot's impulse" not in line


def test_the_medial_midfoot_sensor_dead_leaves_the_impulse_measured(moticon_walk, whole):  # noqa: F811
    """Moticon's sensor 7 (p06) shares the medial midfoot with half of the midfoot sensor 5
    (monitor.signal.coarse_share): with it dead the region still reads, nothing is estimated. Had: alone in
    its region, every right step's impulse an estimate, 8.9 % above the intact walk's."""
    g = _walk(moticon_walk, "p06_kpa").gait()["feet"]["right"]
    assert g["impulse_estimated_steps"] == 0
    assert g["impulse_n_s"] == pytest.approx(whole.gait()["feet"]["right"]["impulse_n_s"], rel=0.01)


def test_the_intact_walk_says_no_estimate(whole):
    g = whole.gait()
    assert all(v["impulse_estimated_steps"] == 0 for v in g["feet"].values())
    assert "estimate" not in balance_line(g)


def test_the_steps_section_marks_the_estimated_mean(moticon_walk):  # noqa: F811
    result = _walk(moticon_walk, "p08_kpa")

    class Data:  # what steps_section_html reads of monitor.report.data.ReportData (the walk has no gap)
        steps, gait, summary, timelines = result.steps, result.gait(), result.summary(), {}
        quality = SimpleNamespace(feet={})
        units = KPA

    html = steps_section_html(Data(), lambda name, caption: "", lambda head, rows, cols: repr(rows))
    assert "(estimated)" in html and "is an estimate in" in html
    assert "no impulse measured on this insole" not in html


def _nine_region_foot():
    """A foot with one sensor in each of the nine regions at 100 Hz: three 0.3 s stances every 0.8 s, every
    sensor loaded alike, 3 kPa unloaded."""
    layout = SensorLayout(side="left", x=[0.0] * 9, y=[0.1, 0.1, 0.4, 0.4, 0.75, 0.73, 0.69, 0.9, 0.88],
                          area_mm2=[400.0] * 9,
                          regions=["heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1",
                                   "mth2_3", "mth4_5", "hallux", "lesser_toes"])
    t = np.arange(0, 3.0, 0.01)
    p = np.full((t.size, 9), 3.0)
    contacts = []
    for ic in (0.4, 1.2, 2.0):
        u = (t - ic) / 0.3
        on = (u >= 0) & (u <= 1)
        p[on] += 150.0 * np.sin(np.pi * u[on])[:, None]
        contacts.append((ic + 0.005, ic + 0.29))
    return layout, t, p, contacts


def test_a_region_filled_from_its_group_gives_the_impulse_its_group_reads():
    """MTH1 without a sample inside the second stance: its impulse is the intact one (MTH1 reads as its group
    does) and an estimate; the whole metatarsal group inside the third: no impulse, nothing to estimate it
    from."""
    layout, t, p, contacts = _nine_region_foot()
    intact = foot_steps("left", t, p, layout, contacts)
    gone = p.copy()
    gone[(t > 1.3) & (t < 1.4), 4] = np.nan
    gone[(t > 2.1) & (t < 2.2), 4:7] = np.nan
    s = foot_steps("left", t, gone, layout, contacts)
    assert list(s.impulse_estimated) == [False, True, False]
    assert s.impulse_n_s[:2] == pytest.approx(intact.impulse_n_s[:2], rel=1e-9)
    assert math.isnan(s.impulse_n_s[2]) and math.isfinite(intact.impulse_n_s[2])
