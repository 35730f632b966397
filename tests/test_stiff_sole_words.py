"""The stiff-sole row of domain.md's recommendation table ("Very stiff sole with a focal peak", [5][8] W,
conflicting) rests on cycling shoes alone: a carbon against a plastic cycling sole [5], a stiff cycling shoe
against a running shoe on a bike [8]. Domain.md has no row on sole stiffness in running, so a runner whose
focal peak gets that row (a rearfoot strike, or one not measured) is told plainly where its evidence comes
from. Had: "If the sole of the left shoe is very stiff, a slightly more compliant sole or a cushioned
contoured insole (the evidence conflicts)." with nothing to say it was about cycling shoes."""

from __future__ import annotations

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.suggestions import SUGGESTIONS, referrals, suggest, words


def _running_focal_peak(strike: str | None):
    alert = Alert(400.0, "left", "alert", "warning", "mth1", "focal_mth")
    strikes = {} if strike is None else {"left": strike}
    return advise([alert], ("left", "right"), {"left": "running", "right": "running"}, strikes=strikes)


@pytest.mark.parametrize("strike", ["rearfoot", None])
def test_a_runner_told_of_a_stiff_sole_is_told_its_evidence_is_from_cycling_shoes(strike):
    advice = _running_focal_peak(strike)
    (tip,) = [t for t in advice.tips if t.key == "compliant_sole"]
    assert "evidence" in tip.text and "cycling shoes" in tip.text, tip.text
    assert "cycling" in tip.short and len(tip.short) <= 40, tip.short
    assert tip.evidence == "[5][8]" and tip.strength == "weak"
    # what helped in running [2] M is the first fix, after the warning's break; the referral rules stay as they were
    assert [t.key for t in advice.tips][:2] == ["unweight", "forefoot_cushioning"]
    assert referrals(["running"])[0].startswith("If numbness persists after the run ends, see a clinician")


@pytest.mark.parametrize("activity", ["walking", "elliptical_or_stair", "unknown"])
def test_off_the_bike_the_stiff_sole_says_its_evidence_is_cycling_shoes(activity):
    (tip,) = [s for s in suggest("focal_mth", "hallux", activity) if s.key == "compliant_sole"]
    short, text = words(tip, activity, ("left",))
    assert "cycling shoes" in text and "cycling" in short, (short, text)


def test_a_rider_reads_the_stiff_sole_row_as_it_was():
    short, text = words(SUGGESTIONS["compliant_sole"], "cycling", ("left",))
    assert short == "A less rigid sole or cushioned insole"
    assert text == ("If the sole of the left shoe is very stiff, a slightly more compliant sole or a cushioned "
                    "contoured insole (the evidence conflicts).")
