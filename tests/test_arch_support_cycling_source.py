"""Arch support rests on [20] alone (domain.md: contoured orthoses, more midfoot contact), whose rows in the
recommendation table are riding's ("steady riding", "with power or on climbs"): off the bike it says its evidence
comes from cycling, as the other tips of cycling sources do (``Suggestion.studied_in``).

Had, of a walker's or runner's high forefoot share: "A contoured insole in the left shoe that conforms to the arch
and stops short of the toes, to bring the midfoot into contact." cited [20] with nothing to say it is a cycling
source. The short label (at most 40 characters) says no source anywhere: the live views show it with no
evidence, and every place that shows the evidence shows the long text (analyze's and the live summary's what
to try, the report)."""

from __future__ import annotations

import pytest
from test_advice_cycling_sources import FROM_CYCLING, _tips

from monitor.analysis.suggestions import SUGGESTIONS, words


@pytest.mark.parametrize("activity", ["running", "walking", "unknown"])
def test_off_the_bike_arch_support_says_its_evidence_is_from_cycling(activity):
    tip = _tips(activity, "forefoot_share_high")["arch_support"]
    assert tip.evidence == "[20]"
    assert tip.text.endswith("; the evidence for this comes from cycling only."), tip.text
    assert FROM_CYCLING in tip.text


def test_on_a_bike_its_words_are_as_they_were():
    short, text = words(SUGGESTIONS["arch_support"], "cycling", ("left",))
    assert text == ("A contoured insole in the left shoe that conforms to the arch and stops short of the toes, to "
                    "bring the midfoot into contact."), text
    assert short == "Arch support, stopping short of toes"
