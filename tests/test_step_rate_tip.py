"""The step-rate tip ("raise the step rate by 5-10 %", domain.md section 6's forefoot-striking runner [2][13])
is for a run under the optimum step rate, ~170 steps/min at 3 m/s [12] M (domain.md section 2). Had: the
forefoot-strike-run scenario, at 170 steps/min, was told to raise it, by its alerts (live, replay) and by
analyze's "what to try"."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from test_streaming_hold import session_blocks
from test_unilateral import feed_in_time_order

import monitor
from monitor.analysis.alerts import AlertPolicy
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.suggestions import OPTIMUM_STEPS_PER_MIN, SUGGESTIONS, for_step_rate
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment

RUN = "forefoot-strike-run"  # forefoot strike at 170 steps/min: its alerts' rule has the step-rate tip
KEYS = ("forefoot_cushioning", "step_rate")


def test_the_bound_is_the_optimum_step_rate_of_domain_md():
    assert OPTIMUM_STEPS_PER_MIN == 170.0  # domain.md: "optimum ~170 steps/min at 3 m/s [12] M"
    assert for_step_rate(KEYS, 169.0) == KEYS and for_step_rate(KEYS, 169.4) == KEYS  # under it
    rest = ("forefoot_cushioning", "strike_gradually")  # the row's gradual change without the step rate
    assert for_step_rate(KEYS, 170.0) == rest  # at it
    assert for_step_rate(KEYS, 169.6) == rest  # 170 as a person reads it
    assert for_step_rate(KEYS, 182.0) == rest
    assert for_step_rate(KEYS, None) == for_step_rate(KEYS, math.nan) == rest  # not known
    assert for_step_rate(("unweight",), 150.0) == ("unweight",)


def _gradually(keys) -> list[str]:
    """The keys of ``keys`` whose tip says to change the strike pattern gradually, citing the row's [13]."""
    return [k for k in keys if "strike pattern gradually" in SUGGESTIONS[k].text and "[13]" in SUGGESTIONS[k].evidence]


@pytest.mark.parametrize("rate", [150.0, 169.0, 170.0, 182.0, None, math.nan])
def test_a_forefoot_striker_is_told_to_change_the_strike_gradually_whatever_the_step_rate(rate):
    """domain.md's forefoot-striking runner's row: "forefoot-cushioning insole ...; step rate +5-10%; change
    strike gradually [2][13]". The step-rate tip is left out at the optimum or above it [12], and it held the
    gradual change: a run at 170 steps/min lost it and its [13]. It is said at any step rate (known or not)."""
    keys = for_step_rate(KEYS, rate)
    assert len(_gradually(keys)) == 1, keys
    assert keys[0] == "forefoot_cushioning"


@pytest.mark.parametrize("rate, told", [(169.0, True), (170.0, False)])
def test_an_alert_of_a_runner_has_the_tip_only_under_the_bound(rate, told):
    policy = AlertPolicy(DEFAULT_PARAMS.alerts, strikes={"left": "forefoot"})  # a forefoot striker's row
    policy.step_rates("left", [(t, rate) for t in range(0, 200, 5)])
    alerts = [x for t in range(0, 200, 5) for x in policy.feed(
        Assessment("left", float(t), "warning", "focal_mth", "mth1", shown=(("focal_mth", "warning", "mth1"),)),
        "running") if x.kind == "alert"]
    assert alerts and all(("step_rate" in a.suggestion_keys) is told for a in alerts), alerts
    (shown,) = policy.shown()["left"]
    assert shown.steps_per_min == rate


def _run(monkeypatch, steps_per_min: float):
    from firmware_sim.scenarios import SCENARIOS

    monkeypatch.setitem(SCENARIOS, RUN, replace(SCENARIOS[RUN], cadence_per_min=steps_per_min))
    return monitor.offline_session(RUN, duration_s=120, seed=1)


def _streamed(session, deferred: bool, strikes=None) -> list:
    """The alerts of ``session`` through the analysis core of live (paced) and the replay (deferred);
    ``strikes``: a footstrike its policy is told instead of the one it measures (AlertPolicy.strikes)."""
    out = []
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: out.append(a), deferred=deferred)
    core.policy.strikes.update(strikes or {})
    feed_in_time_order(core, session_blocks(session, 50, feet=("left", "right")), deferred)
    return [a for a in out if a.kind == "alert"]


@pytest.mark.parametrize("steps_per_min, told", [(160.0, True), (170.0, False)])
def test_a_forefoot_striking_run_is_told_to_raise_its_step_rate_only_under_the_optimum(monkeypatch, steps_per_min,
                                                                                       told):
    session = _run(monkeypatch, steps_per_min)
    result = monitor.analyze(session)
    assert result.alerts and all(a.pattern == "focal_mth" for a in result.alerts), result.alerts
    assert all(("step_rate" in a.suggestion_keys) is told for a in result.alerts), result.alerts
    tips = [t.key for t in result.advice().tips]
    assert "forefoot_cushioning" in tips and ("step_rate" in tips) is told, tips
    assert len(_gradually(tips)) == 1, tips
    for deferred in (False, True):  # live's and the replay's alerts say it alike, on the strikes they measure
        streamed = _streamed(session, deferred)
        assert streamed and all(("step_rate" in a.suggestion_keys) is told for a in streamed), streamed
        assert all(a.cause == "strike pattern" for a in streamed), streamed
        # told a footstrike not measured (None), no strike-pattern row: no step-rate tip
        assert all("step_rate" not in a.suggestion_keys and a.cause != "strike pattern"
                   for a in _streamed(session, deferred, {"left": None, "right": None}))
