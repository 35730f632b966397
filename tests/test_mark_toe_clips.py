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


@pytest.mark.parametrize("pedals, loosen", [("toe-clips", "loosen the toe strap on the left foot"),
                                            (None, "loosen the left shoe's strap or dial")])
def test_a_mark_without_its_own_words_says_them_for_the_pedals(pedals, loosen):
    """A mark made without its own words (no ``relief``) is worded by the live views for the activity and the
    declared pedals, as a mark's own are (monitor.analysis.marks.mark_says): the terminal's line and the phone's.
    Had: no pedals taken, "loosen the left shoe's strap or dial" on toe clips."""
    from monitor.analysis.alerts import Alert
    from monitor.cli.console_live import format_event
    from monitor.live.shown import mark_todo_words, mark_words

    bare = Alert(125.0, "left", RIDER_MARK_KIND, None, message="NUMB NOW left foot: marked by the rider")
    said = f"Unweight the foot 20-60 s; {loosen}"
    assert mark_todo_words(bare, "cycling", pedals) == mark_says("left", "cycling", pedals=pedals)
    assert mark_words(bare, "cycling", pedals)[0] == said
    assert f". {said}. If numbness persists" in format_event(bare, ["terminal"], "cycling", pedals=pedals)
