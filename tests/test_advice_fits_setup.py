"""The advice fits the session's activity and kit, and cites only what domain.md's recommendation table holds.

* "Shift weight toward the heels" is the elliptical row's ([1] W): a run, a walk or a bike with the centre of
  pressure far forward has no row of its own, so it gets a break, not the stepping machine's advice.
* A bike on flat pedals or toe clips has no cleat: no cause, alert line or tip speaks of one.
* The metatarsal pad names the heads the pattern was found under, and a focal peak under the hallux gets
  none (the pads' evidence is for the metatarsal heads [21][22]).
"""

from __future__ import annotations

import pytest

from monitor.analysis.advice import Setup, advise
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.suggestions import (
    CYCLING_ACTIVITIES,
    PATTERN_WORDS,
    SUGGESTIONS,
    rule_for,
    suggest,
    words,
)
from monitor.codebook import FOREFOOT_REGIONS
from monitor.signal.types import Assessment

PATTERNS = tuple(PATTERN_WORDS)
REGIONS = (*FOREFOOT_REGIONS, None)


def _alerts(pattern: str, region: str | None, activity: str, pedals: str | None = None,
            foot: str = "left") -> list[Alert]:
    """The alerts a warning held on one foot raises, through the alert policy."""
    policy = AlertPolicy(pedals=pedals)
    out: list[Alert] = []
    for t_s in range(0, 200, 5):
        a = Assessment(foot, float(t_s), "warning", pattern, region, 0.0, shown=((pattern, "warning", region),))
        out += policy.feed(a, activity)
    return [a for a in out if a.kind == "alert"]


def _said(alerts: list[Alert], activity: str, pedals: str | None = None) -> str:
    """Everything the person reads of the alerts: their lines, causes, and the session's verdict and tips."""
    advice = advise(alerts, ("left", "right"), {"left": activity, "right": activity}, Setup(pedals=pedals))
    return " ".join([advice.verdict, *(t.short + " " + t.text for t in advice.tips),
                     *(a.message + " " + (a.cause or "") + " " + " ".join(a.suggestions) for a in alerts)])


@pytest.mark.parametrize("activity", ["running", "walking", "cycling"])
def test_weight_forward_off_the_elliptical_is_not_told_to_shift_it_to_the_heels(activity):
    alerts = _alerts("cop_forward", "mth2_3", activity, pedals="flat" if activity == "cycling" else None)
    assert alerts
    said = _said(alerts, activity, "flat" if activity == "cycling" else None)
    assert "heels" not in said.lower(), said
    assert "heels_back" not in {k for a in alerts for k in a.suggestion_keys}
    assert [s.key for s in suggest("cop_forward", "mth1", activity, "flat")] == ["unweight"]


@pytest.mark.parametrize("pattern", ["cop_forward", "continuous_forefoot_load", "forefoot_share_high"])
def test_the_elliptical_row_is_for_the_elliptical(pattern):
    for activity in ("running", "walking", *CYCLING_ACTIVITIES):
        assert "heels_back" not in [s.key for s in suggest(pattern, "mth1", activity)], activity
    assert suggest(pattern, "mth1", "elliptical_or_stair")[0].key == "heels_back"


@pytest.mark.parametrize("pedals", ["flat", "toe-clips"])
@pytest.mark.parametrize("activity", [*CYCLING_ACTIVITIES, "unknown", None])
def test_pedals_without_cleats_hear_no_cleat(activity, pedals):
    for pattern in PATTERNS:
        for region in REGIONS:
            rule = rule_for(pattern, region, activity, pedals)
            texts = [rule.cause if rule else ""]
            for s in suggest(pattern, region, activity, pedals):
                texts += words(s, activity, ("left",), pedals, region)
            said = " ".join(texts).lower()
            assert "cleat" not in said, (pattern, region, said)


@pytest.mark.parametrize("region", ["mth1", "hallux", "mth2_3"])
def test_a_flat_pedal_bike_with_a_focal_peak_hears_no_cleat_end_to_end(region):
    for activity in ("cycling", "unknown"):
        alerts = _alerts("focal_mth", region, activity, pedals="flat")
        said = _said(alerts, activity, "flat")
        assert alerts and "cleat" not in said.lower(), said


def test_one_side_on_a_flat_pedal_bike_checks_its_shoe_not_a_cleat():
    alerts = _alerts("focal_mth", "mth1", "cycling", pedals="flat", foot="right")
    tips = advise(alerts, ("left", "right"), {"left": "cycling", "right": "cycling"}, Setup(pedals="flat")).tips
    assert tips[-1].key == "check_side"
    assert "cleat" not in (tips[-1].short + tips[-1].text).lower()
    assert "the right shoe" in tips[-1].text


@pytest.mark.parametrize("region, heads", [("mth1", "MTH1"), ("mth2_3", "MTH2-3")])
def test_the_metatarsal_pad_names_the_region_it_was_found_under(region, heads):
    alerts = _alerts("focal_mth", region, "walking")
    assert alerts[0].suggestions[1] == f"Metatarsal pad just behind {heads}"  # after the warning's break
    tips = advise(alerts, ("left", "right"), {"left": "walking", "right": "walking"}).tips
    pad = next(t for t in tips if t.key == "met_pad")
    named = {"mth1": "the 1st metatarsal head", "mth2_3": "the 2nd-3rd metatarsal heads"}[region]
    assert named in pad.text
    others = {"MTH1", "MTH2-3", "MTH4-5"} - {heads}
    assert not any(o in pad.short for o in others)


def test_a_pad_is_not_given_under_the_hallux():
    for activity in ("walking", "elliptical_or_stair", "unknown", "cycling"):
        for pedals in (None, "flat"):
            keys = [s.key for s in suggest("focal_mth", "hallux", activity, pedals)]
            assert "met_pad" not in keys, (activity, pedals, keys)


def test_a_pad_for_a_whole_forefoot_pattern_names_its_region_or_the_heads():
    short, text = words(SUGGESTIONS["met_pad"], "walking", ("left",), None, "hallux")
    assert short == "Metatarsal pad just behind the heads" and "the metatarsal heads" in text
    assert "2nd-3rd" not in text
    assert "MTH4-5" in words(SUGGESTIONS["met_pad"], "walking", (), None, "mth4_5")[0]


def test_the_referral_of_a_bike_names_no_gear_to_rule_out():
    """domain.md section 6's last row names no gear to rule out: on a bike, whatever its pedals, the referral
    is numbness that persists after the ride ends."""
    from monitor.analysis.suggestions import referrals

    first = referrals(["cycling"])[0]
    assert "after the ride ends" in first and "cleat" not in first and "strap" not in first


def test_a_flat_pedal_bike_loosens_its_shoes_closure_and_hears_of_no_toe_straps():
    """Flat pedals change the pedal, not the shoe: "loosen the forefoot strap or dial" is the shoe's own
    closure (a cycling shoe's strap or dial) and stays; straps on the pedal (toe clips) are spoken of only
    with ``--pedals toe-clips``."""
    said = []
    for pattern in PATTERNS:
        for region in REGIONS:
            rule = rule_for(pattern, region, "cycling", "flat")
            said.append(rule.cause if rule else "")
            for s in suggest(pattern, region, "cycling", "flat"):
                said += words(s, "cycling", ("left",), "flat", region)
    text = " ".join(said).lower()
    assert "toe clip" not in text and "toe strap" not in text and "clipless" not in text, text
    assert "loosen the forefoot strap or dial of the left shoe" in text
    toe = " ".join(words(s, "cycling", ("left",), "toe-clips")[1] for s in suggest("residual_unloaded", None,
                                                                                     "cycling", "toe-clips"))
    assert "loosen the straps on the left foot" in toe
