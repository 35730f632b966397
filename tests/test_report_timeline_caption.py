"""The caption under the report's timeline figure says what that figure draws for this session, and only
that: the triangles named by the levels they stand for (notice, warning, alert), the rider's stars only
when there are marks, the reliefs only when there are some."""

from __future__ import annotations

import dataclasses
import re

import matplotlib
import pytest
from known_rider import rider_normal

from monitor.analysis.batch import analyze
from monitor.analysis.marks import MarkCheck, RiderMark
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.plots.timeline import LEVEL_COLOURS, plot_timeline
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def cleat():
    """An 8-minute ride with notices and warnings on both feet, one relief per foot, no marks."""
    session = offline_session("cleat-forward", duration_s=480, seed=1)
    return report_data(session, analyze(session, baseline=rider_normal(1)))


def caption(data) -> str:
    html = render_html(data, {"timeline": b"png"})
    return re.search(r'<figure id="timeline">.*?<figcaption>(.*?)</figcaption>', html, re.S).group(1)


def triangle_levels(data) -> set[str]:
    """The levels of the triangles the figure draws, by their colour."""
    ax = plot_timeline(data.timelines, data.alerts, marks=data.marks,
                       session_end_s=data.quality.duration_s).axes[2]
    by_colour = {matplotlib.colors.to_hex(c): lv for lv, c in LEVEL_COLOURS.items()}
    return {by_colour[matplotlib.colors.to_hex(ln.get_color())] for ln in ax.get_lines() if ln.get_marker() == "v"}


def test_a_ride_with_notices_only_has_its_triangles_called_notices_and_no_stars(cleat):
    data = dataclasses.replace(cleat, alerts=[a for a in cleat.alerts if a.level == "notice"], marks=[])
    assert triangle_levels(data) == {"notice"}
    text = caption(data)
    assert "notice" in text and "triangle" in text
    assert "alert" not in text and "warning" not in text  # no level the figure does not draw
    assert "star" not in text and "numb" not in text  # the rider made no mark


def test_the_triangles_are_named_by_the_levels_drawn(cleat):
    drawn = triangle_levels(cleat)
    assert drawn == {"notice", "warning"}  # the cleat-forward ride reaches no alert level
    text = caption(cleat)
    assert "each notice and warning as a triangle" in text
    assert "alert" not in text and "star" not in text


def test_a_session_without_alerts_or_marks_mentions_neither_triangles_nor_stars(cleat):
    text = caption(dataclasses.replace(cleat, alerts=[], marks=[]))
    assert "triangle" not in text and "star" not in text and "dotted" not in text
    assert "detector's level per foot" in text and "reliefs" in text  # what is drawn is still said


def test_reliefs_are_said_only_when_there_are_some(cleat):
    tls = {f: dataclasses.replace(tl, reliefs=[]) for f, tl in cleat.timelines.items()}
    assert "relief" not in caption(dataclasses.replace(cleat, timelines=tls))


def test_the_riders_marks_are_said_when_the_figure_draws_them(cleat):
    one = [MarkCheck(RiderMark(300.0, "left"), first_warning_s=None, first_sign_s=None)]
    text = caption(dataclasses.replace(cleat, marks=one))
    assert "the \u201cnumb now\u201d mark as a black star" in text and "rider" not in text  # runners mark too
    two = one + [MarkCheck(RiderMark(400.0, "right"), first_warning_s=None, first_sign_s=None)]
    assert "each \u201cnumb now\u201d mark as a black star" in caption(
        dataclasses.replace(cleat, marks=two))


def test_a_riders_mark_given_as_such_is_drawn_as_a_star(cleat):
    """plot_timeline takes RiderMarks as well as MarkChecks: a RiderMark's own ``mark`` is the word "numb",
    which was taken for the mark itself (AttributeError: 'str' object has no attribute 'foot')."""
    ax = plot_timeline(cleat.timelines, marks=[RiderMark(300.0, "left")]).axes[2]
    stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
    assert len(stars) == 1 and stars[0].get_xdata()[0] == pytest.approx(5.0)  # 5:00, drawn in minutes


def test_the_window_step_said_is_the_sessions_own(cleat):
    """The caption said "every 10 s" whatever step the session's params gave its windows."""
    assert "One point per analysis window (every 10 s)." in caption(cleat)
    tls = {f: dataclasses.replace(tl, t_s=tl.t_s / 2) for f, tl in cleat.timelines.items()}
    assert "One point per analysis window (every 5 s)." in caption(dataclasses.replace(cleat, timelines=tls))
    one = {f: dataclasses.replace(tl, t_s=tl.t_s[:1]) for f, tl in cleat.timelines.items()}
    assert "One point per analysis window. Top:" in caption(dataclasses.replace(cleat, timelines=one))


def test_a_session_too_short_for_a_window_says_the_mark_its_figure_draws():
    """A 5-s walk has no analysis window, but its figure draws a "numb now" mark as a star: the caption said
    only that there was no point to show."""
    session = offline_session("healthy-walk", duration_s=5.0, seed=1)
    data = report_data(session, analyze(session))
    assert not any(len(tl.t_s) for tl in data.timelines.values())
    ax = plot_timeline(data.timelines, marks=[RiderMark(3.0, "left")],
                       session_end_s=data.quality.duration_s).axes[2]
    assert [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
    one = [MarkCheck(RiderMark(3.0, "left"), first_warning_s=None, first_sign_s=None)]
    marked = caption(dataclasses.replace(data, marks=one))
    assert "too short for one" in marked and "the \u201cnumb now\u201d mark as a black star" in marked
    assert "numb now" not in caption(data)


def test_a_session_too_short_for_a_window_says_the_reliefs_its_figure_draws():
    """With a relief shorter than the default's (``relief_min_s`` 3 s), an 8-s walk whose left forefoot
    is unloaded from 1 to 7 s has a relief and no window: the figure keys "relief", the caption said only
    that there was no point to show."""
    import monitor

    session = offline_session("healthy-walk", duration_s=8.0, seed=1)
    frames = session.frames
    lifted = (frames["foot"] == "left") & (frames["t_s"] >= 1.0) & (frames["t_s"] < 7.0)
    frames.loc[lifted, [c for c in frames.columns if c.endswith("_kpa")]] = 0.0
    data = report_data(session, monitor.analyze(session, features={"relief_min_s": 3.0}))
    assert not any(len(tl.t_s) for tl in data.timelines.values())
    assert data.timelines["left"].reliefs
    legend = plot_timeline(data.timelines, session_end_s=data.quality.duration_s).axes[2].get_legend()
    assert "relief" in [t.get_text() for t in legend.get_texts()]
    text = caption(data)
    assert "too short for one" in text and "reliefs (the forefoot unloaded) in sky blue" in text
