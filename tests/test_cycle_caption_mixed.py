"""The average-cycle caption of feet whose cycles differ (a stance on one foot, a stroke on the other) names
the activities the session had: it read "(a pedal revolution when cycling; a step on a stair-climber or
elliptical)" whatever they were, naming machines the session never had, and the stair climber and the
elliptical as one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from monitor.report.cycle_words import cycle_words


def _mixed(*feet: tuple[str | None, str | None]) -> SimpleNamespace:
    """Report data whose left foot's cycles are stances and right foot's strokes, each foot's (activity,
    activity_said) as given."""
    kinds = ("stance", "stroke")
    return SimpleNamespace(curves={f: SimpleNamespace(kind=k) for f, k in zip(("left", "right"), kinds)},
                           summary={f: {"activity": a, "activity_said": said}
                                    for f, (a, said) in zip(("left", "right"), feet)})


@pytest.mark.parametrize("feet, said, not_said", [
    ((("walking", "walking"), ("cycling", "cycling")),
     "the stance (initial contact to toe-off) when walking, else the stroke from one force minimum to the next "
     "(a pedal revolution when cycling)", ("stair", "elliptical", "running")),
    ((("running", "running"), ("elliptical_or_stair", "elliptical")),
     "when running, else the stroke from one force minimum to the next (one foot's stroke on the elliptical)",
     ("stair", "walking", "cycling")),
    ((("walking", "stair_climber"), ("elliptical_or_stair", "stair_climber")),
     "(one foot's step on the stair climber)", ("elliptical", "cycling")),
    ((("walking", "walking"), ("elliptical_or_stair", "elliptical_or_stair")),
     "(one foot's stroke on the elliptical or stair climber)", ("cycling",)),
])
def test_a_mixed_caption_names_the_activities_the_session_had(feet, said, not_said):
    caption = cycle_words(_mixed(*feet))
    assert said in caption and not any(w in caption for w in not_said), caption


def test_a_mixed_caption_of_activities_not_known_names_none():
    caption = cycle_words(_mixed((None, None), (None, None)))
    assert caption == ("cycle: the stance (initial contact to toe-off) when walking or running, else the stroke "
                       "from one force minimum to the next"), caption
