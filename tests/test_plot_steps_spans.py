"""The Steps figure draws a foot only where it has data: each foot's median contact line spans that foot's steps
(broken where it has none), and the cadence panel draws both feet in one style, as the timeline does."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.plots.regions import FOOT_COLOURS
from monitor.report.plots.steps import plot_steps
from monitor.report.timeline_data import Timeline
from monitor.session.offline import offline_session

#: The right insole's data: from the start to 40 s, lost, back at 70 s, lost for good at 100 s of a 120-s run.
RIGHT_SENT_S = ((0.0, 40.0), (70.0, 100.0))
RUN_S = 120.0


@pytest.fixture(scope="module")
def right_lost_twice():
    session = offline_session("healthy-run", duration_s=RUN_S, seed=1)
    frames = session.frames
    t_s = frames["t_s"].to_numpy()
    sent = np.zeros(len(frames), dtype=bool)
    for start_s, end_s in RIGHT_SENT_S:
        sent |= (t_s >= start_s) & (t_s < end_s)
    session = replace(session, frames=frames[(frames["foot"] != "right") | sent].reset_index(drop=True))
    return report_data(session, analyze(session))


def _medians(ax) -> dict:
    """Each foot's median line on the contact panel: {foot: its Line2D}."""
    lines = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    by_colour = {FOOT_COLOURS[f]: f for f in FOOT_COLOURS}
    return {by_colour[ln.get_color()]: ln for ln in lines}


def _covered_s(line, unit_s: float) -> list[tuple[float, float]]:
    """The (start_s, end_s) pieces a median line spans in session time (an axhline's x are fractions of the
    axis, 0 to 1, whatever the data: read as the axis's limits)."""
    x = np.asarray(line.get_xdata(), dtype=float)
    if not line.get_transform().contains_branch(line.axes.transData):
        lo, hi = line.axes.get_xlim()
        x = lo + x * (hi - lo)
    x = x * unit_s
    pieces, start = [], None
    for v in [*x, np.nan]:
        if np.isfinite(v) and start is None:
            start = prev = v
        elif np.isfinite(v):
            prev = v
        elif start is not None:
            pieces.append((start, prev))
            start = None
    return pieces


def test_each_foots_median_line_spans_only_where_that_foot_has_steps(right_lost_twice):
    """With the right insole lost at 2:00 of a 6:00 run, the right foot's dashed median contact line still ran
    across the whole panel (an axhline), over 4 minutes without a right-foot step. Each median spans the
    foot's steps, broken where the foot sent no data: the right's two pieces here, the left's one."""
    data = right_lost_twice
    fig = plot_steps(data.steps, data.gait, data.timelines, session_end_s=data.quality.duration_s)
    ax = fig.axes[1]
    unit_s = 1.0  # a 2-min session's axis is in seconds
    assert fig.axes[2].get_xlabel() == "session time (s)"
    medians = _medians(ax)
    assert sorted(medians) == ["left", "right"]
    right = _covered_s(medians["right"], unit_s)
    assert len(right) == 2, right  # had: [(0.0, 120.0)], the whole axis
    for foot, line in medians.items():
        steps = data.steps[foot]
        first_s, last_s = float(steps.initial_contact_s[0]), float(np.nanmax(steps.toe_off_s))
        pieces = _covered_s(line, unit_s)
        assert pieces[0][0] == pytest.approx(first_s) and pieces[-1][1] == pytest.approx(last_s), (foot, pieces)
    (_, end_1), (start_2, end_2) = right
    assert end_1 <= RIGHT_SENT_S[0][1] and start_2 >= RIGHT_SENT_S[1][0] and end_2 <= RIGHT_SENT_S[1][1], right
    left = _covered_s(medians["left"], unit_s)
    assert len(left) == 1 and left[0][1] > RIGHT_SENT_S[1][1], left
    # every step of a foot lies on a piece of its median
    for foot, line in medians.items():
        pieces = _covered_s(line, unit_s)
        ic = data.steps[foot].initial_contact_s
        assert all(any(a <= t <= b for a, b in pieces) for t in ic), foot


def _timeline(foot: str, n_windows: int) -> Timeline:
    """A foot's timeline of ``n_windows`` 10-s windows at a steady 170 steps/min."""
    t_s = 10.0 * np.arange(1, n_windows + 1)
    nan = np.full(n_windows, np.nan)
    return Timeline(foot, t_s, nan, nan, t_s, np.zeros(n_windows, dtype=int), [],
                    cadence_per_min=np.full(n_windows, 170.0))


def test_both_feet_have_one_style_in_the_cadence_panel(right_lost_twice):
    """The dot-or-line choice of the cadence panel was made per foot: a run whose right insole was lost at
    2:00 of 6:00 had its right foot (11 windows) in dots and its left (35) as a plain line. One style for
    both feet, as the timeline draws them: a line when any foot has many windows, dots when all have few."""
    data = right_lost_twice
    for n_left, n_right, dots in ((35, 11, False), (11, 35, False), (11, 8, True)):
        timelines = {"left": _timeline("left", n_left), "right": _timeline("right", n_right)}
        cadence = plot_steps(data.steps, data.gait, timelines).axes[2]
        markers = {ln.get_label(): ln.get_marker() for ln in cadence.get_lines()}
        assert markers == dict.fromkeys(("left", "right"), "o" if dots else "None"), (n_left, n_right, markers)
