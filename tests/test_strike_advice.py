"""A run's strike-pattern advice is for the forefoot-striking runner of domain.md's recommendation table
("Forefoot-striking runner with high MTH1 PTI -> strike pattern", [2][13] M): it is given only where the foot's
steps are measured midfoot or forefoot strikes. Had: a rearfoot-strike run (its own Steps line "footstrike
rearfoot 100 %") with a high forefoot share was told "likely cause: strike pattern" and "Change the strike
pattern gradually"; the same for a focal peak on any run."""

from __future__ import annotations

import numpy as np
import pytest

import monitor
from monitor.analysis.strike import NON_REARFOOT, foot_strike
from monitor.analysis.suggestions import rule_for, suggest
from monitor.signal.params import DEFAULT_PARAMS

#: The running forefoot-share limit lowered so that a healthy rearfoot-strike run shows the pattern (the other
#: activities' limits as they are).
LOW_SHARE = {"detector": {"forefoot_share_high": {"running": 0.60, "cycling": 0.72, "walking": 0.70,
                                                  "elliptical_or_stair": 0.86, "unknown": 0.72}}}


def _strikes(*kinds: str) -> np.ndarray:
    return np.array(kinds, dtype="<U8")


def test_a_foot_strikes_as_most_of_its_measured_steps_do():
    assert foot_strike(_strikes("rearfoot", "rearfoot", "forefoot")) == "rearfoot"
    assert foot_strike(_strikes("rearfoot", "forefoot")) == "rearfoot"  # half: no forefoot-striking runner
    assert foot_strike(_strikes("rearfoot", "midfoot", "forefoot", "forefoot")) == "forefoot"
    assert foot_strike(_strikes("midfoot", "midfoot", "", "")) == "midfoot"  # steps not known do not count
    assert foot_strike(_strikes("", "")) is None and foot_strike(_strikes()) is None  # not measured
    assert NON_REARFOOT == ("midfoot", "forefoot")


@pytest.mark.parametrize("pattern, region", [("forefoot_share_high", "mth2_3"), ("focal_mth", "mth1"),
                                             ("focal_mth", "mth2_3"), ("focal_mth", "hallux"),
                                             ("focal_mth", None)])
def test_the_strike_pattern_is_a_cause_only_on_a_foot_measured_midfoot_or_forefoot(pattern, region):
    for strike in NON_REARFOOT:
        rule = rule_for(pattern, region, "running", strike=strike)
        assert rule is not None and rule.cause == "strike pattern", (strike, rule)
    for strike in ("rearfoot", None):  # a heel strike, or a strike not measured (an insole without a heel sensor)
        rule = rule_for(pattern, region, "running", strike=strike)
        assert rule is not None and "strike" not in rule.cause, (strike, rule)
        keys = [s.key for s in suggest(pattern, region, "running", steps_per_min=160.0, strike=strike)]
        assert not {"step_rate", "strike_gradually"} & set(keys), (strike, keys)
        assert "met_pad" not in keys  # a metatarsal pad failed in running [2] M
        assert "forefoot_cushioning" in keys, keys  # what helped in running [2] M


def test_a_rearfoot_run_with_a_high_forefoot_share_is_told_of_its_insole_not_its_strike():
    session = monitor.offline_session("healthy-run", duration_s=120, seed=1)
    result = monitor.analyze(session, DEFAULT_PARAMS.override(LOW_SHARE))
    assert [result.gait()["feet"][f]["strike_pct"]["rearfoot"] for f in ("left", "right")] == [100.0, 100.0]
    assert result.alerts and all(a.pattern == "forefoot_share_high" for a in result.alerts), result.alerts
    assert [a.cause for a in result.alerts] == ["flat insole; little midfoot contact"] * len(result.alerts)
    advice = result.advice()
    assert "strike pattern" not in advice.verdict, advice.verdict
    assert "likely cause: flat insole; little midfoot contact" in advice.verdict, advice.verdict
    assert [t.key for t in advice.tips] == ["arch_support", "forefoot_cushioning"], advice.tips
    assert not any("strike" in t.text for t in advice.tips), advice.tips


def test_a_forefoot_strike_run_is_still_told_of_its_strike_pattern():
    result = monitor.analyze(monitor.offline_session("forefoot-strike-run", duration_s=120, seed=1))
    assert [result.gait()["feet"][f]["strike_pct"]["forefoot"] for f in ("left", "right")] == [100.0, 100.0]
    assert result.alerts and {a.cause for a in result.alerts} == {"strike pattern"}, result.alerts
    advice = result.advice()
    assert "likely cause: strike pattern" in advice.verdict, advice.verdict
    assert [t.key for t in advice.tips] == ["forefoot_cushioning", "strike_gradually"], advice.tips
