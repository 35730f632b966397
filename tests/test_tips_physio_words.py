"""The advice words a physiotherapist would sign: a break where the activity is not known that either a rider or
a walker can take, each tip's tags those its own words rest on (domain.md's entries), its grade the weakest of
them, and a grade that says where its evidence comes from."""

from __future__ import annotations

import pytest

from monitor.analysis.tips import SUGGESTIONS, evidence_for, strength_for, words


@pytest.mark.parametrize("activity", [None, "unknown"])
@pytest.mark.parametrize("feet", [("left",), ("left", "right"), ()])
def test_an_unknown_activity_s_break_is_one_a_rider_and_a_walker_can_take(activity, feet):
    """Had "Take the weight off both feet for 20-60 s ... every 15-30 minutes (stand up or stop)": on a bike
    standing loads the pedals (pedal force up to 3x body weight standing, domain.md section 1 [10]); on foot
    standing keeps the weight on. Lifting each foot in turn, or stopping and sitting, unloads the foot in either."""
    text = words(SUGGESTIONS["unweight"], activity, feet)[1]
    assert "stand up" not in text, text
    assert "(lift each foot in turn, or stop and sit)" in text, text
    assert "every 15-30 minutes" in text, text
