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
from monitor.analysis.referrals import referrals
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


#: what the verdict says of a numb mark on a foot with no sign on a ride (tests/test_marks_without_cause.py)
NO_CAUSE = "with no pressure cause in the data: if numbness persists after the ride ends, see a clinician [18][36]"


def test_a_numb_mark_on_the_foot_without_a_sign_is_not_given_the_other_foots_advice():
    # had: "...: for the numbness marked, try what is suggested." over suggestions all for the right cleat,
    # while the left foot was the one marked numb and nothing was found on it
    marked = advise([Alert(70.0, "right", "alert", "notice", region="mth2_3", pattern="focal_mth"),
                     mark_alert(RiderMark(150.0, "left"), "cycling")], ("left", "right"), RIDE,
                    data_s=240.0, warn_after_s=300.0, learnt_s=300.0)
    assert "for the numbness marked" not in marked.verdict, marked.verdict
    assert marked.verdict.endswith(f"if the right foot goes numb, try what is suggested; yet the left foot was "
                                   f"marked numb at 2:30, {NO_CAUSE}."), marked.verdict
    assert marked.tips and all(t.feet == ("right",) for t in marked.tips), marked.tips
    assert marked.marked_without_cause == ("left",)


@pytest.fixture(scope="module")
def one_sided():
    """A 4-minute ride whose right cleat is too far forward: a notice on the right foot in its first minutes,
    nothing on the left."""
    result = analyze(offline_session("one-sided", duration_s=240, seed=1))
    assert {a.foot for a in result.alerts} == {"right"}, result.alerts
    return result


def test_analyze_says_a_numb_left_foot_had_no_pressure_cause_and_keeps_the_right_foots_advice(one_sided):
    plain = one_sided.advice()
    one_sided.marks = [RiderMark(150.0, "left", "numb", "terminal")]  # as the raw log's rider_mark gives it
    try:
        advice = one_sided.advice()
    finally:
        one_sided.marks = []
    assert advice.verdict.endswith(f"; yet the left foot was marked numb at 2:30, {NO_CAUSE}."), advice.verdict
    assert "for the numbness marked" not in advice.verdict
    assert [t.text for t in advice.tips] == [t.text for t in plain.tips]  # the right foot's, as without the mark
    assert all(t.feet == ("right",) for t in advice.tips)
    # a mark on the right foot too: its numbness is the one the suggestions are for
    one_sided.marks = [RiderMark(150.0, "left", "numb", "terminal"), RiderMark(160.0, "right", "numb", "terminal")]
    try:
        both = one_sided.advice().verdict
    finally:
        one_sided.marks = []
    assert f"for the numbness marked on the right foot, try what is suggested; yet the left foot was marked numb " \
           f"at 2:30, {NO_CAUSE}." in both, both


@pytest.mark.parametrize(("activity", "said"), [
    ("cycling", "if numbness persists after the ride ends, see a clinician [18][36]"),
    ("running", "if numbness persists after the run ends, see a clinician [36]"),
])
def test_the_verdict_refers_a_numb_mark_in_the_words_of_the_referrals(activity, said):
    """The verdict's referral after a mark no sign explains is the referrals' own (monitor.analysis.referrals):
    after the ride or the run ends, [36] alone on foot. Had: "if the numbness persists after the session, see a
    clinician [18][36]" whatever the activity, where the referrals said "after the run ends ... [36]"."""
    feet = {"left": activity, "right": activity}
    advice = advise([mark_alert(RiderMark(150.0, "left"), activity)], ("left", "right"), feet, data_s=600.0,
                    warn_after_s=300.0)
    assert advice.verdict == ("Verdict: no sustained forefoot load found; yet the left foot was marked numb at 2:30, "
                              f"with no pressure cause in the data: {said}."), advice.verdict
    first = referrals([activity])[0]
    assert first.startswith(f"I{said[1:].rpartition(' see a clinician')[0]} see a clinician;"), first
    assert first.endswith(f"{said.rpartition(' ')[2]}."), first
