"""The heatmaps of a session whose feet differ in calibration (one insole kPa, the other nominal units) keep
every text inside the figure, in the report's desktop drawing and in its phone drawing.

What this guards against: each foot's own colour bar stood at a fixed share of the figure's width from its
edge, with its tick labels and its label ("left foot (kPa)") outside it. Peak pressures of three digits
pushed the left bar's label to -3 px of the desktop drawing (x from -2.6 to 11.7 px of 640); the phone
drawing, 4.2 in wide for 6.4, keeps the text's size, so both bars' labels ran off both edges there (-12 px
and 432 of 420), as did the row's title, "Mean pressure while loaded (each foot in its own unit and scale)"
(-34 to 454 px of 420).
"""

from __future__ import annotations

import dataclasses

import pytest
from test_phone_figures import assert_fits_a_phone

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.plots.heatmap import plot_pressure_maps
from monitor.session.model import Session
from monitor.session.offline import offline_session


def _mixed(uncalibrated: str):
    """A minute of the simulated ride with a cleat too far forward, ``uncalibrated``'s insole said to send
    nominal units (``calibrated`` false): its report data."""
    s = offline_session("cleat-forward", duration_s=60, seed=1)
    layouts = dict(s.info.layouts, **{uncalibrated: dataclasses.replace(s.info.layouts[uncalibrated],
                                                                        calibrated=False)})
    s = Session(s.path, dataclasses.replace(s.info, layouts=layouts), s.frames, s.gaps)
    return report_data(s, analyze(s))


@pytest.fixture(scope="module", params=["right", "left"])
def mixed(request):
    return _mixed(request.param)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_mixed_units_heatmaps_keep_their_text_inside_the_figure(mixed, phone):
    fig = plot_pressure_maps(mixed.maps, mixed.layouts)
    assert [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]  # the feet's own colour bars
    assert_fits_a_phone(fig, phone=phone)


@pytest.mark.parametrize("scale", [100.0, 0.01], ids=["five-digit ticks", "decimal ticks"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_long_colour_bar_ticks_stay_inside_the_figure(mixed, scale, phone):
    """Nominal units of a raw count's scale reach thousands (docs/devices.md: 16,383 counts at 0.25), and
    a nearly unloaded foot's ticks have decimals: the bar moves in as far as its ticks need."""
    maps = {f: dataclasses.replace(m, mean_kpa=m.mean_kpa * scale, peak_kpa=m.peak_kpa * scale)
            for f, m in mixed.maps.items()}
    assert_fits_a_phone(plot_pressure_maps(maps, mixed.layouts), phone=phone)
