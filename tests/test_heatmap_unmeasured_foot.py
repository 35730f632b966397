"""The report's heatmap caption counts each foot's loaded frames (a share of its own highest force) only where
the foot's load was measured: for an uncalibrated insole's foot reading only its noise (its load never measured,
monitor.signal.nominal_scale) it says its load was not measured, as the verdict and the foot's line do, and the
top heatmap draws no mean for it: missing stays missing, an empty panel as for a foot with no reading.

Had: "left 3,1xx of the 6,000 frames with a reading" carried load beside "load never measured"; and the top
heatmap drew the mean of its noise over the frames its own highest force picked, a coloured foot beside a
caption saying its load was not measured."""

from __future__ import annotations

from html import escape

import numpy as np
from test_nominal_noise_foot import _ride

from monitor import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.plots.heatmap import plot_pressure_maps

#: Long enough for the first minutes' level (guess: 2 min of the simulated ride).
RIDE_S = 120.0


def _noise_left(monkeypatch):
    """The simulated ride of RIDE_S whose left foot reads only its noise: (session, report data)."""
    import test_nominal_noise_foot

    monkeypatch.setattr(test_nominal_noise_foot, "RIDE_S", RIDE_S)
    session = _ride(noise=True)
    result = analyze(session)
    assert not result.feet["left"].load_measured and result.feet["right"].load_measured
    return session, report_data(session, result)


def test_a_foot_whose_load_was_never_measured_has_no_loaded_frames_counted(monkeypatch):
    _, data = _noise_left(monkeypatch)
    html = render_html(data, {"heatmaps": b"\x89PNG"})
    left, right = data.maps["left"], data.maps["right"]
    assert left.loaded_frames == 0 and "left 0 of the" not in html and left.valid_frames > 0
    assert not left.load_measured and right.load_measured
    assert escape(f"(the left foot's load not measured, right {right.loaded_frames:,} of the {right.valid_frames:,} "
                  "frames with a reading)") in html


def test_the_top_heatmap_draws_no_mean_for_a_foot_whose_load_was_never_measured(monkeypatch):
    _, data = _noise_left(monkeypatch)
    left, right = data.maps["left"], data.maps["right"]
    assert np.isnan(left.mean_kpa).all(), left.mean_kpa  # had the mean of its noise over 'loaded' frames
    assert np.isfinite(left.peak_kpa).any() and np.isfinite(right.mean_kpa).any()  # its peaks are readings
    fig = plot_pressure_maps(data.maps, data.layouts)
    mean_left, mean_right = fig.axes[0], fig.axes[1]  # the top row: left, right
    assert float(np.nansum(mean_left.images[0].get_alpha())) == 0.0  # nothing drawn: an empty panel
    assert float(np.nansum(mean_right.images[0].get_alpha())) > 0.0
