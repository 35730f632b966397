"""The break asked for is never shorter than domain.md's 15 s, whatever `relief_min_s` the params give; and the
live summary's referral names a session of several activities as analyze does.

Had: `relief_words(5)` "5-60 s" (a --params relief_min_s of 5 asked for a 5-s break, under domain.md's 15-60 s);
the live summary of a walk then a run "If numbness persists after the walk ends" where analyze said "after the
session ends" (it read each foot's main activity only, not its summary's `activities`).
"""

from __future__ import annotations

from types import SimpleNamespace

from monitor.analysis.suggestions import referrals, relief_words
from monitor.live.summary import summary_referrals


def test_the_break_is_never_asked_for_under_domain_md_s_15_s():
    assert relief_words(5) == "15-60 s"
    assert relief_words(0) == "15-60 s"
    assert relief_words(20) == "20-60 s"
    assert relief_words(90) == "90 s"


def _walk_then_run_foot():
    return {"activity": "walking", "activities": [{"activity": "walking"}, {"activity": "running"}]}


def test_the_live_referral_names_every_activity_of_a_foot_as_analyze_does():
    s = SimpleNamespace(pipeline={"left": _walk_then_run_foot(), "right": _walk_then_run_foot()})
    said = summary_referrals(s)
    assert said == referrals(["walking", "running", "walking", "running"])
    assert said != referrals(["walking", "walking"])  # the main activity alone: "after the walk ends"


def test_a_foot_of_one_activity_is_named_as_before():
    s = SimpleNamespace(pipeline={"left": {"activity": "running"}, "right": {"activity": "running"}})
    assert summary_referrals(s) == referrals(["running", "running"])
