"""A session whose feet differ in calibration (the left insole sends kPa, the right one nominal units: an
uncalibrated insole, ORPHE INSOLE or Ukaton Mission, docs/devices.md) never has the two feet on one axis.

What this guards against: the report's figures that draw both feet on one axis said "kPa or units" (the region
bars, the timeline, the average cycle), "left kPa, right units" (the ride figure) or one colour scale from 0
to the higher foot's value (the heatmaps), so a kPa and a nominal unit were read off the same ticks. Each
foot now has its own axis (a twin of the panel, its own panel, or its own colour bar) with its unit on it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.container import BarContainer
from test_ride_share_not_measured import _ride

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.plots.ride import plot_ride_load
from monitor.session.model import Session
from monitor.session.offline import offline_session

UNIT = {"left": "kPa", "right": "units"}


@pytest.fixture(scope="module")
def figures():
    s = offline_session("healthy-ride", duration_s=60, seed=1)
    layouts = dict(s.info.layouts, right=dataclasses.replace(s.info.layouts["right"], calibrated=False))
    s = Session(s.path, dataclasses.replace(s.info, layouts=layouts), s.frames, s.gaps)
    data = report_data(s, analyze(s))
    return data, report_figures(data, only=("heatmaps", "regions", "timeline", "cycles"))


def _words(ax) -> list[str]:
    return [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]


def _no_mixed_label(fig) -> None:
    said = [w for ax in fig.axes for w in _words(ax)] + [t.get_text() for t in fig.texts]
    assert not [w for w in said if " or units" in w or ("kPa" in w and "units" in w)], said


def test_the_timeline_gives_each_foot_its_own_load_axis(figures):
    _, figs = figures
    fig = figs["timeline"]
    _no_mixed_label(fig)
    on = {line.get_label(): ax for ax in fig.axes for line in ax.get_lines() if line.get_label() in UNIT}
    assert set(on) == set(UNIT) and on["left"] is not on["right"], on
    for foot, unit in UNIT.items():
        assert on[foot].get_ylabel().replace("\n", " ") == f"{foot} forefoot peak ({unit})"
        top = np.nanmax(next(ln for ln in on[foot].get_lines() if ln.get_label() == foot).get_ydata())
        assert 0.0 == on[foot].get_ylim()[0] and top <= on[foot].get_ylim()[1] < 1.2 * top  # its own scale


def test_the_region_bars_give_each_foot_its_own_axis(figures):
    _, figs = figures
    fig = figs["regions"]
    _no_mixed_label(fig)
    bars = [(ax, c.get_label()) for ax in fig.axes for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 4, bars  # two panels (peak, PTI), one axis per foot each
    for ax, foot in bars:
        assert {c.get_label() for c in ax.containers} == {foot}
        assert ax.get_xlabel().startswith(f"{foot} ({UNIT[foot]}"), ax.get_xlabel()


def test_the_average_cycle_panels_each_say_their_foots_unit_on_their_own_axis(figures):
    _, figs = figures
    fig = figs["cycles"]
    _no_mixed_label(fig)
    left, right = fig.axes[:2]
    assert left.get_ylabel() == "region peak pressure (kPa)" and right.get_ylabel() == "region peak pressure (units)"
    assert not left.get_shared_y_axes().joined(left, right)


def test_the_heatmaps_give_each_foot_its_own_colour_scale_and_unit(figures):
    data, figs = figures
    fig = figs["heatmaps"]
    _no_mixed_label(fig)
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 4  # two rows (mean, peak), one per foot
    bars = sorted(ax.get_ylabel() for ax in fig.axes if ax.get_ylabel())
    assert bars == ["left foot (kPa)", "left foot (kPa)", "right foot (units)", "right foot (units)"], bars
    for row, stat in enumerate(("mean", "peak")):
        for foot, im in zip(("left", "right"), images[2 * row:2 * row + 2]):
            values = getattr(data.maps[foot], f"{stat}_kpa")
            assert im.norm.vmax == pytest.approx(float(np.nanmax(values))), (stat, foot)


def test_the_ride_figure_gives_each_foot_its_own_peak_axis():
    numbers = _ride(share=0.6)
    fig = plot_ride_load(numbers.joined, numbers.feet, against=numbers.against, peak_units=UNIT)
    _no_mixed_label(fig)
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert "left forefoot peak (kPa)" in labels and "right forefoot peak (units)" in labels, labels
    columns = len(numbers.against)
    peak_row = fig.axes[columns:2 * columns]
    twins = fig.axes[2 * columns:]
    assert len(twins) == columns
    for ax in peak_row:  # the left foot's dots alone on the kPa axis
        assert [c.get_label() for c in ax.collections] == ["left"]
    for ax in twins:
        assert [c.get_label() for c in ax.collections] == ["right"]
