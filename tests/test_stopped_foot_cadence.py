"""A foot that stops sending part way through a session reports the cadence of its own strokes or steps,
in the unit of the session's activity, or none when it has too few: never its strides counted as steps
(181 "rpm" for a 90-rpm ride)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.text import foot_lines
from monitor.session.model import Session
from monitor.session.offline import offline_session
from monitor.signal.cycles import MIN_CADENCE_CYCLES, cadence_from_durations

RIDE_RPM = 90.0  # the healthy-ride scenario's cadence (firmware_sim.scenarios)


def _stopped(scenario: str, foot: str, stop_s: float, duration_s: float = 120.0) -> Session:
    """An offline session whose ``foot`` sends nothing from ``stop_s`` on (an insole lost for good: its
    frames end, no NaN rows stand for them)."""
    s = offline_session(scenario, duration_s=duration_s, seed=1)
    f = s.frames
    keep = ~((f["foot"] == foot) & (f["t_s"] >= stop_s)).to_numpy()
    return Session(s.path, s.info, f[keep].reset_index(drop=True), s.gaps)


@pytest.mark.parametrize("stop_s", [0.8, 3.0, 5.0, 8.0, 20.0, 60.0])
def test_a_ride_foot_that_stops_reports_its_own_strokes_cadence_or_none(stop_s):
    result = analyze(_stopped("healthy-ride", "right", stop_s))
    right = result.summary()["right"]
    cadence = right["cadence_per_min"]
    assert math.isnan(cadence) or cadence == pytest.approx(RIDE_RPM, rel=0.03), cadence
    if stop_s <= 0.8:  # one stroke at most: too few to tell
        assert math.isnan(cadence)
    if stop_s >= 3.0:  # three strokes, a cadence
        assert cadence == pytest.approx(RIDE_RPM, rel=0.03)
    if stop_s >= 20.0:  # a dozen strokes and more: enough for a cadence
        assert right["activity"] == "cycling" and cadence == pytest.approx(RIDE_RPM, rel=0.03)
    line = next(ln for ln in foot_lines(result) if ln.startswith("right:"))
    assert "18" not in line.split("forefoot")[0], line  # no 181 rpm
    assert result.summary()["left"]["cadence_per_min"] == pytest.approx(RIDE_RPM, rel=0.03)


def test_too_few_cycles_give_no_cadence():
    one_short = np.full(MIN_CADENCE_CYCLES - 1, 0.66)
    assert math.isnan(cadence_from_durations(one_short, "stroke"))
    assert cadence_from_durations(np.full(MIN_CADENCE_CYCLES, 0.66), "stroke") == pytest.approx(60 / 0.66)


@pytest.mark.parametrize("activity", [None, "unknown"], ids=["declared-ride", "recognised"])
def test_the_windows_before_the_activity_is_known_give_no_cadence(activity):
    """The first window of a ride, before its activity was recognised, gave a cadence of about 181: the pedal
    revolutions counted as strides, as steps of both feet. It gives none; the ride's windows give its rpm.
    A declared ride (the session's own `activity`) is cycling from its first frame: no window is unknown
    (tests/test_declared_first_window.py)."""
    from monitor.analysis.tables import windows_table

    result = analyze(offline_session("healthy-ride", duration_s=60.0, seed=1), activity=activity)
    table = windows_table(result)
    unknown = table[table["activity"] == "unknown"]
    if activity is None:
        assert unknown.empty, unknown
    else:
        assert len(unknown) >= 2 and unknown["cadence_per_min"].isna().all(), unknown
    ride = table[table["activity"] == "cycling"]
    assert len(ride) >= 4
    assert ride["cadence_per_min"].to_numpy() == pytest.approx(RIDE_RPM, rel=0.03)


def test_a_walk_s_cadence_is_the_rate_of_its_counted_strides_not_steps_over_the_session():
    """A 3-minute walk at 110 steps/min read "cadence 110 steps/min" where its steps counted over the
    session's length give 109 or less: the cadence is a rate over the counted strides (docs/report.md,
    Cadence), which the seconds before the first initial contact do not lower. Each foot's median-stride
    cadence agrees with its stride count over the strides' own span to within 1 % (the simulator's
    cadence wobbles by about that over minutes), and the count over the whole session is the lower."""
    s = offline_session("healthy-walk", duration_s=180.0, seed=1)
    result = analyze(s)
    for foot, pipe in result.feet.items():
        strides = [c for c in pipe.cycles_ if c.kind == "stride"]
        span_rate = 2 * 60.0 * len(strides) / (strides[-1].end_s - strides[0].start_s)
        shown = result.summary()[foot]["cadence_per_min"]
        assert shown == pytest.approx(span_rate, rel=0.01), (foot, shown, span_rate)
        assert 2 * 60.0 * len(strides) / 180.0 < span_rate, foot
