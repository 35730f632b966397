"""The report of a run as a runner reads it: captions and legends in a run's terms (strides and stances, no
pedal strokes, no reliefs that were never drawn), the ride's words kept for a ride."""

from __future__ import annotations

import dataclasses

import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.plots.timeline import plot_timeline
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def run():
    session = offline_session("forefoot-strike-run", duration_s=60, seed=1)
    return report_data(session, analyze(session))


def test_the_timeline_legend_names_reliefs_only_when_some_are_drawn(run):
    """The level panel's legend always listed "relief", a green bar a run never has (nor a ride without a
    stop): a key to nothing on the page. It now lists it only when a relief is drawn."""
    def labels(timelines) -> list[str]:
        fig = plot_timeline(timelines, session_end_s=60.0)
        legend = fig.axes[-1].get_legend()
        return [t.get_text() for t in legend.get_texts()]

    assert all(not tl.reliefs for tl in run.timelines.values())
    assert "relief" not in labels(run.timelines)
    with_relief = {**run.timelines, "left": dataclasses.replace(run.timelines["left"], reliefs=[(20.0, 45.0)])}
    assert "relief" in labels(with_relief)
