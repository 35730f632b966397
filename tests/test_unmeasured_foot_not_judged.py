"""A foot whose load was never measured (FootPipeline.load_measured False) was never judged: no warning could
come for it, so its line in ``analyze`` says it was not judged, not "no warning" (which reads as a foot watched
and found well). The end of ``live`` and ``replay`` says no "no warning" of it either: its verdict names it.

Had: "left: cycling seated, load never measured (its forefoot read nothing above the insole's noise), no warning".
"""

from __future__ import annotations

import pytest
from test_nominal_unmeasured_foot import _zero_left_ride
from test_sensor_gaps_live import _summary

from monitor import analyze
from monitor.live.summary import summary_text
from monitor.report.text import foot_lines


@pytest.fixture(scope="module")
def zero_left():
    """The ride with every left reading 0, uncalibrated (its forefoot read nothing above the insole's noise) and
    calibrated (its insole read 0 on every sensor): {calibrated: (session, result)}."""
    return {calibrated: (s, analyze(s)) for calibrated in (False, True) for s in [_zero_left_ride(calibrated)]}


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_foot_line_says_a_foot_whose_load_was_never_measured_was_not_judged(zero_left, calibrated):
    _, result = zero_left[calibrated]
    assert not result.feet["left"].load_measured and result.feet["right"].load_measured
    left, right = (next(x for x in foot_lines(result) if x.startswith(f"{foot}:")) for foot in ("left", "right"))
    why = "its insole read 0 on every sensor" if calibrated else "its forefoot read nothing above the insole's noise"
    # had: "..., load never measured (...), no warning"
    assert left == f"left: cycling seated, load never measured ({why}), not judged", left
    assert right.endswith(", no warning"), right  # a foot judged and not warned


def test_the_live_summary_says_no_no_warning_of_it(zero_left, tmp_path):
    session, _ = zero_left[False]
    text = summary_text(_summary(session, tmp_path, deferred=False))
    assert "the left foot's load was never measured" in text and "no warning" not in text, text


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_report_counts_no_alerts_of_it(zero_left, calibrated):
    """The report's "What happened under each foot" and the PDF's lines give such a foot no count (had, in both:
    "left: 0 notices, 0 warnings, 0 alerts; no warning" under a headline saying its load was never measured),
    as the study leaves its counts NaN; the judged foot keeps its counts."""
    from monitor.report.verdict_data import analysed, verdict

    _, result = zero_left[calibrated]
    v = verdict(result, ["left", "right"])
    assert v.unwatched == {"left": "load never measured"}, v.unwatched
    assert v.alert_counts["left"] is None and not analysed(v, "left")
    assert analysed(v, "right") and v.alert_counts["right"] is not None
