"""A window without data is "unknown" to the activity classifiers whatever their ``min_valid_fraction``, a
minimum of 0 included, by the detector's one rule (monitor.signal.patterns.enough_data). Had: with
``{"activity": {"min_valid_fraction": 0}}`` a window of a silent foot got past the check (0 < 0 is false) and
`solewatch analyze --params` stopped in a traceback (IndexError in the force classifier's percentiles; the IMU
classifier divided by its zero valid samples)."""

from __future__ import annotations

import numpy as np
from test_alerts_in_silence import _silent_left

from monitor.analysis.batch import analyze
from monitor.signal.activity import classify_window
from monitor.signal.imu_activity import classify_imu_window
from monitor.signal.params import DEFAULT_PARAMS, ActivityParams

RATE_HZ = 100.0
NO_MINIMUM = ActivityParams(min_valid_fraction=0.0)


def test_a_force_window_without_data_is_unknown_with_a_minimum_of_zero():
    n = int(NO_MINIMUM.window_s * RATE_HZ)
    label, ev = classify_window(np.full(n, np.nan), np.full(n, np.nan), RATE_HZ, NO_MINIMUM)
    assert label == "unknown"
    assert ev["valid_fraction"] == 0.0


def test_an_imu_window_without_data_is_unknown_with_a_minimum_of_zero():
    n = int(NO_MINIMUM.window_s * RATE_HZ)
    label, ev = classify_imu_window(np.full((n, 3), np.nan), None, RATE_HZ, NO_MINIMUM)
    assert label == "unknown"
    assert ev["imu_valid_fraction"] == 0.0


def test_a_session_with_a_silence_is_analysed_with_an_activity_minimum_of_zero():
    """The left insole silent from 70 s to 150 s of a 260-s ride: windows of the activity classifier
    (20 s) lie wholly in the silence; the analysis runs, and the feet are still recognised as cycling."""
    params = DEFAULT_PARAMS.override({"activity": {"min_valid_fraction": 0.0}})
    result = analyze(_silent_left(), params)
    assert {foot: s["activity"] for foot, s in result.summary().items()} == {"left": "cycling",
                                                                            "right": "cycling"}
