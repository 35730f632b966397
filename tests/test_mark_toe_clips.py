"""A numb mark on a bike with toe clips says loosen the toe strap, as the tips do there (domain.md section 6,
"Worse with toe clips or straps ... looser straps" [16][19] W-M): had "loosen the left shoe's strap or dial" on
`--pedals toe-clips`, a cleated shoe's closure, where the table's fix is the toe strap."""

from __future__ import annotations

import pytest
from test_marks_name_the_person import streamed_with_a_mark

from monitor.analysis.marks import RIDER_MARK_KIND, RiderMark, mark_alert, mark_now, mark_says
from monitor.analysis.tips import SUGGESTIONS, words
from monitor.session.offline import offline_session


@pytest.mark.parametrize("activity", ["cycling", "cycling_seated"])
def test_a_mark_on_toe_clips_says_loosen_the_toe_strap(activity):
    said = mark_now("left", activity, pedals="toe-clips")
    assert said == "Unweight the foot 20-60 s; loosen the toe strap on the left foot", said
    assert "the straps on the left foot" in words(SUGGESTIONS["no_toe_clips"], activity, ("left",), "toe-clips")[1]
    assert mark_says("left", activity, pedals="toe-clips").startswith(f"{said}. ")
    mark = mark_alert(RiderMark(125.0, "left"), activity, pedals="toe-clips")
    assert mark.relief is not None and mark.relief.startswith(f"{said}. "), mark.relief


@pytest.mark.parametrize(("activity", "pedals", "loosen"), [
    ("cycling", None, "loosen the left shoe's strap or dial"),
    ("cycling", "clipless", "loosen the left shoe's strap or dial"),
    ("cycling", "flat", "loosen the left shoe's strap or dial"),
    ("running", "toe-clips", "loosen the left shoe's forefoot laces"),  # a bike's pedals are no run's
    (None, "toe-clips", "loosen the left shoe over the forefoot"),
])
def test_other_pedals_and_activities_keep_the_shoe_s_closure(activity, pedals, loosen):
    assert mark_now("left", activity, pedals=pedals).endswith(f"; {loosen}")


def test_a_ride_on_toe_clips_streamed_says_the_toe_strap_at_a_mark():
    """The analysis core (live and replay) takes the declared pedals to the mark's words: had "Unweight the
    foot 20-60 s; loosen the left shoe's strap or dial" with pedals="toe-clips"."""
    out = streamed_with_a_mark(offline_session("healthy-ride", duration_s=40, seed=3), 30.0, activity="cycling",
                               pedals="toe-clips")
    (mark,) = [a for a in out if a.kind == RIDER_MARK_KIND]
    assert mark.relief is not None
    assert mark.relief.startswith("Unweight the foot 20-60 s; loosen the toe strap on the left foot. "), mark.relief
