"""The Steps figure of a session of two activities draws each foot's median contact time per activity, over that
activity's steps. Had: a 4-min walk then a 4-min run drew one dashed median per foot at 271 ms (all the steps'),
across the walk whose contacts are ~640 ms, and its caption said "the dashed line its median". Then the walk's
median ran 10-20 s into the run (the recogniser's lag): each is drawn over its activity's span as placed after the
session now, to within 5 s, which the caption says."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_plot_steps_spans import _covered_s, _medians
from test_strike_run_steps import _walk_then_run

import monitor
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.steps_section import steps_section_html
from monitor.signal.params import DEFAULT_PARAMS

WALK_S = RUN_S = 240.0


@pytest.fixture(scope="module")
def walk_then_run():
    session = _walk_then_run(WALK_S, RUN_S)
    return report_data(session, monitor.analyze(session, DEFAULT_PARAMS))


def _pieces(line, unit_s: float) -> list[tuple[float, float, float]]:
    """A median line's pieces: (start_s, end_s, y_ms) each, in time order."""
    y = np.asarray(line.get_ydata(), dtype=float)
    levels = [float(v) for v in y[np.isfinite(y)]]
    spans = _covered_s(line, unit_s)
    out, i = [], 0
    for start_s, end_s in spans:  # each piece a level of its own: its two ends' y
        out.append((start_s, end_s, levels[i]))
        assert levels[i] == levels[i + 1], levels
        i += 2
    return out


def test_each_foots_median_is_drawn_per_activity_over_its_steps(walk_then_run):
    data = walk_then_run
    ax = report_figures(data, only=("steps",))["steps"].axes[1]
    unit_s = 60.0  # an 8-min session's axis is in minutes
    assert "min" in ax.figure.axes[2].get_xlabel()
    medians = _medians(ax)
    assert sorted(medians) == ["left", "right"]
    for foot, line in medians.items():
        parts = {p["activity"]: 1e3 * p["contact_s"] for p in data.summary[foot]["activities"]}
        pieces = _pieces(line, unit_s)
        # had: one piece at 271 ms from the first step to the last, over both the walk and the run
        levels = [y for _, _, y in pieces]
        n_walk = sum(y == pytest.approx(parts["walking"]) for y in levels)
        assert 0 < n_walk < len(levels), (foot, pieces)
        assert all(y == pytest.approx(parts["walking"]) for y in levels[:n_walk]), (foot, pieces)
        assert all(y == pytest.approx(parts["running"]) for y in levels[n_walk:]), (foot, pieces)
        assert parts["walking"] > 500.0 and parts["running"] < 350.0, parts
        # each median over its own activity's span, as placed after the session: the walk's to within 5 s (half
        # the recogniser's 10 s step) and a stride (1.1 s) of the run's start, the run's from then on (had: the
        # walk's line ran to 259.9 s on the left foot, 20 s into the run, the run's from 260.3 s)
        assert abs(pieces[n_walk - 1][1] - WALK_S) <= 5.0 + 1.1, (foot, pieces)
        assert abs(pieces[n_walk][0] - WALK_S) <= 5.0 + 1.1, (foot, pieces)
        steps = data.steps[foot]  # from the first step to the last, as a session of one activity's
        assert pieces[0][0] == pytest.approx(float(steps.initial_contact_s[0]))
        assert pieces[-1][1] == pytest.approx(float(np.nanmax(steps.toe_off_s)))


def test_the_caption_says_the_medians_are_per_activity(walk_then_run):
    html = steps_section_html(walk_then_run, lambda name, caption: caption, lambda head, rows, cols: "")
    assert "the dashed line its median" not in html  # had: one median of all the steps
    assert ("the dashed lines its median in each activity, walking then running, over its steps, each over its "
            "activity's span, the change placed to within 5 s (each line then ends or starts at the step next to "
            "it)") in html  # had: no word of the lag, then "placed to within 5 s of the change" (the run's line
    # starts 5.1-5.7 s after it on the walk-then-run scenario: its first step after the change placed at 245 s)


def test_the_caption_says_the_margin_of_the_sessions_own_recogniser():
    """A session analysed with a recogniser stepping every 4 s places the change to within 2 s, and says so
    (had: "within 5 s", the default recogniser's, whatever the session's)."""
    params = replace(DEFAULT_PARAMS, activity=replace(DEFAULT_PARAMS.activity, step_s=4.0))
    session = _walk_then_run(WALK_S, RUN_S)
    data = report_data(session, monitor.analyze(session, params))
    assert data.span_activity
    html = steps_section_html(data, lambda name, caption: caption, lambda head, rows, cols: "")
    assert "the change placed to within 2 s (each line" in html, html  # had: "placed to within 5 s of the change"


def test_a_session_of_one_activity_has_one_median_and_steps_of_no_part_none(walk_then_run):
    from monitor.report.plots.steps import median_pieces, step_spans

    steps, acts = walk_then_run.steps["left"], walk_then_run.step_activity["left"]
    whole_ms = 1e3 * float(np.nanmedian(steps.contact_s))
    assert median_pieces(steps) == [(a, b, whole_ms) for a, b in step_spans(steps)]  # as before
    walk_only = np.where(acts == "walking", acts, "")
    pieces = median_pieces(steps, (), walk_only)
    last_walk_s = float(np.nanmax(steps.toe_off_s[acts == "walking"]))
    assert pieces and pieces[-1][1] == pytest.approx(last_walk_s), pieces
    assert {y for _, _, y in pieces} == {1e3 * walk_then_run.summary["left"]["activities"][0]["contact_s"]}


def test_the_key_says_the_medians_are_per_activity(walk_then_run):
    """The contact panel's key said "median" beside lines each at one activity's median."""
    from monitor.report.plots.steps import MEDIAN_LABEL, plot_steps

    data = walk_then_run

    def keys(step_activity) -> list[str]:
        fig = plot_steps(data.steps, data.gait, data.timelines, step_activity=step_activity)
        return [t.get_text() for t in fig.axes[1].get_legend().get_texts()]

    assert keys(data.step_activity) == ["left", "right", "median per activity"]  # had: "median"
    walk_only = {f: np.where(a == "walking", a, "") for f, a in data.step_activity.items()}
    assert keys(walk_only) == ["left", "right", MEDIAN_LABEL]  # one activity's steps: one median
    assert keys(None) == ["left", "right", MEDIAN_LABEL]
