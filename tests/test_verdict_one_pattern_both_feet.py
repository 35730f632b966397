"""A whole-forefoot pattern warned on both feet is one pattern, whichever head each foot's load was heaviest
under: the verdict names both feet in one phrase, with each foot's heaviest head, as it names both feet of one
pattern under one head. A pattern of one head under different heads, or one pattern of different causes, is
still said per foot. The report's "where" column is per foot and names each foot's own heaviest head.

Had: "Verdict: sustained forefoot load on the left foot across the forefoot, heaviest under MTH1 (pressure that
stays on ...; likely cause: ...), first warned at 5:00; and on the right foot across the forefoot, heaviest under
MTH2-3 (pressure that stays on ...; likely cause: ...), first warned at 5:00." (the pattern and its cause twice).
"""

from __future__ import annotations

from monitor.analysis.advice import advise
from monitor.analysis.advice_verdict import Finding, verdict_sentence
from monitor.analysis.alerts import Alert

FEET = ("left", "right")
CYCLING = {"left": "cycling", "right": "cycling"}
STAYS_ON = ("pressure that stays on when the foot should be unloaded; likely cause: closure too tight; a narrow or "
            "low-volume shoe")


def _warning(foot: str, region: str, t_s: float = 300.0, pattern: str = "residual_unloaded") -> Alert:
    return Alert(t_s, foot, "alert", "warning", region, pattern)


def test_one_whole_forefoot_pattern_on_both_feet_is_one_phrase_with_each_foots_heaviest_head():
    verdict = advise([_warning("left", "mth1"), _warning("right", "mth2_3")], FEET, CYCLING).verdict
    assert verdict == ("Verdict: sustained forefoot load on both feet across the forefoot, heaviest under MTH1 on "
                       f"the left and MTH2-3 on the right ({STAYS_ON}), first warned at 5:00."), verdict


def test_its_times_apart_are_each_foots():
    verdict = advise([_warning("left", "mth1"), _warning("right", "mth2_3", 320.0)], FEET, CYCLING).verdict
    assert verdict.endswith(f"heaviest under MTH1 on the left and MTH2-3 on the right ({STAYS_ON}), first warned "
                            "at 5:00 (left) and 5:20 (right)."), verdict


def test_an_early_sign_of_it_is_said_alike():
    found = {"left": Finding("left", 70.0, "mth1", "forefoot_share_high", "flat insole"),
             "right": Finding("right", 70.0, "mth4_5", "forefoot_share_high", "flat insole")}
    verdict = verdict_sentence(found, FEET, warned=False)
    assert verdict.startswith("Verdict: no warning, but an early sign on both feet across the forefoot, heaviest "
                              "under MTH1 on the left and MTH4-5 on the right (a high share of the load on the "
                              "forefoot; likely cause: flat insole), seen first at 1:10"), verdict


def test_a_pattern_of_one_head_under_different_heads_stays_apart():
    verdict = advise([_warning("left", "mth1", pattern="focal_mth"), _warning("right", "mth2_3", pattern="focal_mth")],
                     FEET, CYCLING).verdict
    assert "on the left foot under MTH1" in verdict and "; and on the right foot under MTH2-3" in verdict, verdict


def test_one_pattern_of_different_causes_stays_apart():
    found = {"left": Finding("left", 300.0, "mth1", "residual_unloaded", "closure too tight"),
             "right": Finding("right", 300.0, "mth2_3", "residual_unloaded", "a narrow shoe")}
    verdict = verdict_sentence(found, FEET, warned=True)
    assert "on the left foot across the forefoot, heaviest under MTH1" in verdict and \
        "; and on the right foot across the forefoot, heaviest under MTH2-3" in verdict, verdict
