"""The report's heatmap caption counts each foot's loaded frames (a share of its own highest force) only where
the foot's load was measured: for an uncalibrated insole's foot reading only its noise (its load never measured,
monitor.signal.nominal_scale) it says its load was not measured, as the verdict and the foot's line do.

Had: "left 3,1xx of the 6,000 frames with a reading" carried load beside "load never measured"."""

from __future__ import annotations

from html import escape

from test_nominal_noise_foot import _ride

from monitor import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html

#: Long enough for the first minutes' level (guess: 2 min of the simulated ride).
RIDE_S = 120.0


def test_a_foot_whose_load_was_never_measured_has_no_loaded_frames_counted(monkeypatch):
    import test_nominal_noise_foot

    monkeypatch.setattr(test_nominal_noise_foot, "RIDE_S", RIDE_S)
    session = _ride(noise=True)
    result = analyze(session)
    assert not result.feet["left"].load_measured and result.feet["right"].load_measured
    data = report_data(session, result)
    html = render_html(data, {"heatmaps": b"\x89PNG"})
    left, right = data.maps["left"], data.maps["right"]
    assert left.loaded_frames > 0 and f"left {left.loaded_frames:,} of the" not in html
    assert not left.load_measured and right.load_measured
    assert escape(f"(the left foot's load not measured, right {right.loaded_frames:,} of the {right.valid_frames:,} "
                  "frames with a reading)") in html
