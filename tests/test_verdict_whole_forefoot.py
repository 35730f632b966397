"""A whole-forefoot pattern in the verdict is said of the forefoot, not of one head: the detector names the most
loaded region beside any pattern but a focal or lateral one (monitor.signal.patterns.HEAD_PATTERNS) only as
where the load is heaviest. The simulated high arch on a flat insole read "an early sign on both feet under
MTH1 (a high share of the load on the forefoot ...)", as if MTH1 alone carried it."""

from __future__ import annotations

import pytest

from monitor.analysis.advice_verdict import Finding, verdict_sentence
from monitor.codebook import FEET


def _verdict(pattern: str, region: str | None, *, warned: bool = False) -> str:
    found = {f: Finding(f, 90.0, region, pattern, "flat insole; forward cleat") for f in FEET}
    return verdict_sentence(found, FEET, warned=warned)


@pytest.mark.parametrize("pattern, words", [
    ("forefoot_share_high", "a high share of the load on the forefoot"),
    ("residual_unloaded", "pressure that stays on when the foot should be unloaded"),
    ("creeping_load", "forefoot load creeping up over the session"),
    ("continuous_forefoot_load", "forefoot load with no let-up"),
    ("cop_forward", "the centre of pressure far forward"),
])
def test_a_whole_forefoot_pattern_is_said_across_the_forefoot_heaviest_under_its_region(pattern, words):
    text = _verdict(pattern, "mth1")
    assert f"on both feet across the forefoot, heaviest under MTH1 ({words}; likely cause: " in text, text
    assert "feet under MTH1" not in text, text


def test_a_whole_forefoot_pattern_without_a_region_is_said_across_the_forefoot():
    text = _verdict("residual_unloaded", None, warned=True)
    assert text.startswith("Verdict: sustained forefoot load on both feet across the forefoot (pressure that "), text


@pytest.mark.parametrize("pattern, region, name", [("focal_mth", "mth2_3", "MTH2-3"),
                                                   ("lateral_overload", "mth4_5", "MTH4-5")])
def test_a_pattern_of_one_head_is_still_said_under_it(pattern, region, name):
    text = _verdict(pattern, region, warned=True)
    assert text.startswith(f"Verdict: sustained forefoot load on both feet under {name} ("), text
