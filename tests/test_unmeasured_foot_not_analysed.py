"""A foot whose load was never measured (FootPipeline.load_measured False) is not said to be analysed, nor
given an activity in the windows table: nothing of it was judged, and missing stays missing.

Had, on an 11-min ride declared as cycling with every left reading 0: ``analyze --json``'s
``summary.left.analysed`` true beside a ``first_warning_s`` null (read as "judged, no warning"), the left foot
in ``judged_against.feet`` as judged against the first minutes, and ``windows_table``'s left rows' activity
"cycling" (the declared one) in all 65 windows.
"""

from __future__ import annotations

import pytest
from test_nominal_unmeasured_foot import _zero_left_ride

from monitor import analyze
from monitor.analysis.tables import windows_table


@pytest.fixture(scope="module")
def zero_left():
    """{calibrated: the analysis of the ride whose every left reading is 0}."""
    return {calibrated: analyze(_zero_left_ride(calibrated)) for calibrated in (False, True)}


@pytest.mark.parametrize("calibrated", [False, True])
def test_json_does_not_say_it_was_analysed(zero_left, calibrated):
    result = zero_left[calibrated]
    summary = result.to_json_dict()["summary"]
    assert summary["left"]["analysed"] is False, summary["left"]  # had True
    assert summary["left"]["first_warning_s"] is None and summary["left"]["relief_count"] is None
    assert summary["right"]["analysed"] is True
    assert result.summary()["left"]["analysed"] is False
    assert result.feet["left"].analysed  # its frames were read: only nothing of it was judged


@pytest.mark.parametrize("calibrated", [False, True])
def test_it_is_not_said_judged_against_anything(zero_left, calibrated):
    judged = zero_left[calibrated].to_json_dict()["judged_against"]
    assert set(judged["feet"]) == {"right"}, judged["feet"]  # had {"left", "right"}


@pytest.mark.parametrize("calibrated", [False, True])
def test_its_windows_have_no_activity(zero_left, calibrated):
    result = zero_left[calibrated]
    assert result.declared_activity == "cycling"
    w = windows_table(result)
    left, right = w[w.foot == "left"], w[w.foot == "right"]
    assert (left["activity"] == "unknown").all(), left["activity"].value_counts()  # had "cycling" in 65 windows
    assert (right["activity"] == "cycling").any()
