"""One rule for dots on the lines over a session's windows: the timeline's panels and the steps figure's cadence
panel both draw them when every foot has fewer than FEW_WINDOWS windows, the one named constant of
monitor.report.plots.timeline (a guess, said there). Had: a bare 30 in the timeline beside the steps figure's own
FEW_WINDOWS = 30."""

from __future__ import annotations

from test_plot_steps_contrast import walk  # noqa: F401
from test_plot_steps_spans import _timeline

from monitor.report.plots import steps as steps_plot
from monitor.report.plots import timeline as timeline_plot
from monitor.report.plots.steps import plot_steps
from monitor.report.plots.timeline import FEW_WINDOWS, plot_timeline


def _markers(ax) -> set[str]:
    return {ln.get_marker() for ln in ax.get_lines() if ln.get_label() in ("left", "right")}


def test_the_timeline_and_the_cadence_panel_share_one_rule(walk):  # noqa: F811
    assert steps_plot.FEW_WINDOWS is timeline_plot.FEW_WINDOWS
    for n, marker in ((FEW_WINDOWS - 1, "o"), (FEW_WINDOWS, "None")):
        timelines = {f: _timeline(f, n) for f in ("left", "right")}
        ax_load = plot_timeline(timelines).axes[0]
        assert _markers(ax_load) == {marker}, (n, _markers(ax_load))
        ax_cadence = plot_steps(walk.steps, walk.gait, timelines).axes[2]
        assert _markers(ax_cadence) == {marker}, (n, _markers(ax_cadence))
