"""Every figure of a report that runs over session time speaks of it in one unit, picked by the session's
duration (monitor.report.plots.timeline.time_unit): seconds up to 3 minutes, minutes beyond, as
docs/report.md says. Each figure picked it from its own last point (the timeline its last window, Steps its
last toe-off, Data quality the session's end), so that a walk of 3:01 had its timeline in seconds and its
Steps and Data-quality figures in minutes."""

from __future__ import annotations

import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.session.offline import offline_session


def _time_labels(duration_s: float) -> dict[str, set[str]]:
    """The x-axis labels that name session time in each time figure of a simulated walk of ``duration_s``."""
    session = offline_session("healthy-walk", duration_s=duration_s, seed=1)
    data = report_data(session, analyze(session))
    figures = report_figures(data, only=("timeline", "steps", "quality"))
    assert set(figures) == {"timeline", "steps", "quality"}
    return {name: {ax.get_xlabel() for ax in fig.axes if ax.get_xlabel().startswith("session time")}
            for name, fig in figures.items()}


@pytest.mark.parametrize("duration_s, unit", [(181.0, "min"), (170.0, "s")])
def test_every_time_figure_has_the_unit_of_the_sessions_duration(duration_s, unit):
    labels = _time_labels(duration_s)
    assert labels == {name: {f"session time ({unit})"} for name in labels}, labels
