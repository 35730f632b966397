"""An early sign the first minutes took as normal, in a session where the wearer marked a foot numb: the
verdict speaks of the numbness that happened ("for the numbness marked, try what is suggested"), not of a
numbness that might come ("if a foot goes numb")."""

from __future__ import annotations

import pytest
from test_kept_normal_activity import FIRST_MINUTES

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.session.offline import offline_session

MARKED = FIRST_MINUTES.replace("if a foot goes numb", "for the numbness marked")
RIDE = {"left": "cycling", "right": "cycling"}


def _sign() -> Alert:
    return Alert(120.0, "left", "alert", "notice", region="mth2_3", pattern="focal_mth")


def test_a_first_minutes_sign_with_a_numb_mark_speaks_of_the_numbness_marked():
    # had: "...: if a foot goes numb, try what is suggested." though the left foot was marked numb
    marked = advise([_sign(), mark_alert(RiderMark(200.0, "left"), "cycling")], ("left", "right"), RIDE,
                    data_s=600.0, warn_after_s=300.0, learnt_s=300.0)
    assert marked.verdict.endswith(MARKED), marked.verdict
    plain = advise([_sign()], ("left", "right"), RIDE, data_s=600.0, warn_after_s=300.0, learnt_s=300.0)
    assert plain.verdict.endswith(FIRST_MINUTES), plain.verdict


@pytest.fixture(scope="module")
def elliptical():
    """A 4-minute elliptical session leaning forward: an early sign in its first minutes
    (tests/test_kept_normal_activity.py)."""
    return offline_session("elliptical-leaning", duration_s=240, seed=1)


def test_analyze_of_a_session_with_a_numb_mark_says_the_numbness_marked(elliptical):
    result = analyze(elliptical)
    assert result.advice().verdict.endswith(FIRST_MINUTES)
    result.marks = [RiderMark(150.0, "right", "numb", "terminal")]  # as the raw log's rider_mark gives it
    assert result.advice().verdict.endswith(MARKED), result.advice().verdict
