"""Advice on one foot does not lean on a foot watched too briefly (monitor.analysis.watched).

A ride whose right insole sent 1 s of every 7 (1:09 of data in 8 minutes, never silent long enough to be
NO DATA) and whose left foot was warned ended its tips with "Only the left foot: check ... the left cleat
against the other side": a side barely measured is nothing to check against. And an early sign on that
right foot said "no warning followed in the 19:30 of data after it", the left foot's data: the right foot
had 1:30 after it.
"""

from __future__ import annotations

import pytest
from test_brief_foot_summary import QUICK_PARAMS
from test_brief_foot_with_signs import ACTIVITY, FEET, RUNS, WARNING

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session

pytestmark = pytest.mark.timeout(300)


def _tips(alerts: list[Alert], runs: dict = RUNS) -> list[str]:
    return [t.key for t in advise(alerts, FEET, ACTIVITY, data_s=1200.0, warn_after_s=300.0, data_runs=runs,
                                  learnt_s=300.0).tips]


def test_no_side_check_against_a_foot_watched_briefly():
    assert "check_side" not in _tips([WARNING])
    assert _tips([WARNING], {"left": RUNS["left"], "right": RUNS["left"]})[-1] == "check_side"  # both watched
    # a sign on the foot watched briefly is still checked against the foot watched throughout
    assert _tips([Alert(700.0, "right", "alert", "warning", "mth2_3", "focal_mth")],
                 {"left": RUNS["left"], "right": ((600.0, 720.0),)})[-1] == "check_side"


def test_a_ride_whose_right_insole_sent_in_bursts_gets_no_side_check():
    session = offline_session("tight-shoes", duration_s=480.0, seed=1, rate_hz=50)
    f = session.frames  # the right foot: 1 s of every 7, holes shorter than stale_after_s (no NO DATA)
    session.frames = f[~((f["foot"].astype(str) == "right") & ((f["t_s"] % 7.0) >= 1.0))].reset_index(drop=True)
    result = analyze(session, params=QUICK_PARAMS)
    assert not [e for e in result.events if e.kind == "data_stale"]
    advice = result.advice()
    assert "the right foot sent only 1:09 of data" in advice.verdict, advice.verdict
    assert advice.tips and "check_side" not in [t.key for t in advice.tips], [t.key for t in advice.tips]


def test_an_early_sign_on_a_foot_watched_briefly_counts_its_own_data_after_it():
    runs = {"left": ((0.0, 1200.0),), "right": ((0.0, 400.0),)}
    sign = Alert(30.0, "right", "alert", "notice", "mth2_3", "focal_mth")
    text = advise([sign], FEET, ACTIVITY, data_s=1200.0, warn_after_s=300.0, data_runs=runs).verdict
    assert text.endswith("seen first at 0:30; no warning followed in the 6:10 of data after it."), text
    short = {"left": ((0.0, 1200.0),), "right": ((0.0, 120.0),)}
    assert "; a longer session would tell; the right foot sent only 2:00 of data" in advise(
        [sign], FEET, ACTIVITY, data_s=1200.0, warn_after_s=300.0, data_runs=short).verdict
    # signs on both feet: the shorter of each foot's data after its own sign
    both = [sign, Alert(60.0, "left", "alert", "notice", "mth2_3", "focal_mth")]
    assert "no warning followed in the 6:10 of data after it" in advise(
        both, FEET, ACTIVITY, data_s=1200.0, warn_after_s=300.0, data_runs=runs).verdict
