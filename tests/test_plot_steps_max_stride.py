"""The Steps figure's median contact lines break where a foot's steps pause longer than the analysis's longest
stride (``cycles.max_stride_s``, the gait detector's), the value the analysis ran with: had, the default 3 s
whatever ``--params`` said, so a run analysed with strides of at most 1.2 s had its median drawn straight over
a 2-s pause in its steps."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_plot_steps_spans import _covered_s, _medians

import monitor
from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.plots.steps import median_pieces
from monitor.session.offline import offline_session
from monitor.signal.stage_params import CycleParams

#: The analysis's longest stride (s): under the default 3 s, over the run's strides (about 0.7 s of a foot at
#: 170 steps/min); a made-up setting for the test, not a recommended one.
MAX_STRIDE_S = 1.2
#: How much later each step from the middle on is put (s): a pause of about 2.2 s in every foot's steps, over
#: MAX_STRIDE_S and under the default 3 s.
PAUSE_S = 1.5


@pytest.fixture(scope="module")
def run():
    session = offline_session("healthy-run", duration_s=60.0, seed=1)
    params = monitor.make_params({"cycles": {"max_stride_s": MAX_STRIDE_S}})
    return report_data(session, analyze(session, params))


def _paused(steps):
    """``steps`` with every step from the middle one on ``PAUSE_S`` later."""
    later = np.where(np.arange(len(steps)) >= len(steps) // 2, PAUSE_S, 0.0)
    return replace(steps, initial_contact_s=steps.initial_contact_s + later, toe_off_s=steps.toe_off_s + later,
                   contact_start_s=steps.contact_start_s + later, contact_end_s=steps.contact_end_s + later)


def test_the_report_data_holds_the_analysis_s_longest_stride(run):
    assert run.max_stride_s == MAX_STRIDE_S != CycleParams.max_stride_s


def test_median_pieces_break_at_the_longest_stride_given():
    steps = _paused(report_data(*_default_run()).steps["left"])
    assert len(median_pieces(steps)) == 1  # the default 3 s: the pause is a stride
    assert len(median_pieces(steps, max_stride_s=MAX_STRIDE_S)) == 2


def test_the_steps_figure_breaks_each_median_where_the_analysis_s_strides_end(run):
    data = replace(run, steps={foot: _paused(s) for foot, s in run.steps.items()})
    ax = report_figures(data, only=("steps",))["steps"].axes[1]
    medians = _medians(ax)
    assert sorted(medians) == ["left", "right"]
    for foot, line in medians.items():
        assert len(_covered_s(line, 1.0)) == 2, (foot, _covered_s(line, 1.0))  # had 1: cut at 3 s


def _default_run():
    session = offline_session("healthy-run", duration_s=20.0, seed=1)
    return session, analyze(session)
