"""A live session, its replay and solewatch analyze tell a run the same strike-pattern advice: each alert is
told the footstrike of the foot's steps measured with an initial contact before its time (monitor.analysis.strike,
monitor.analysis.steps_so_far), and the session's advice the footstrike of all its steps. Had: live and replay
measured no strike, so a forefoot-striking runner's live alerts said no "strike pattern" cause and no gradual
change of the strike, where analyze of the same session said both; and analyze told an alert at 1:10 the
footstrike of the whole session's steps, those after it included."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from live_ride import live_ride
from test_streaming_hold import session_blocks
from test_strike_advice import LOW_SHARE
from test_unilateral import feed_in_time_order

import monitor
from monitor.analysis.alerts import AlertPolicy
from monitor.analysis.streaming import AnalysisCore
from monitor.live.replay import replay_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment

FEET = ("left", "right")
#: Each scenario with the parameters that give its run alerts: the forefoot-strike run's focal peak, and the
#: rearfoot run's high forefoot share under a lowered limit (test_strike_advice).
RUNS = {"forefoot-strike-run": DEFAULT_PARAMS, "healthy-run": DEFAULT_PARAMS.override(LOW_SHARE)}


def _said(alerts) -> list[tuple]:
    return [(a.t_s, a.foot, a.level, a.cause, a.suggestion_keys) for a in alerts if a.kind == "alert"]


def test_an_alert_is_told_the_footstrike_of_the_steps_before_it():
    policy = AlertPolicy(DEFAULT_PARAMS.alerts)
    rear, fore = np.arange(0.5, 100.0, 1.0), np.arange(100.25, 300.0, 0.25)  # rearfoot to 100 s, then forefoot
    policy.steps("left", np.concatenate((rear, fore)),
                 np.array(["rearfoot"] * rear.size + ["forefoot"] * fore.size))
    alerts = [x for t in range(0, 300, 5) for level in ["notice" if t < 100 else "warning" if t < 200 else "alert"]
              for x in policy.feed(Assessment("left", float(t), level, "focal_mth", "mth1",
                                              shown=(("focal_mth", level, "mth1"),)), "running")]
    causes = {a.t_s: a.cause for a in alerts if a.kind == "alert"}
    # at 1:40 half the steps so far are rearfoot strikes (100 of 200 by 2:05): no forefoot-striking runner yet
    assert causes and all((c == "strike pattern") is (t > 125.0) for t, c in causes.items()), causes
    assert {c == "strike pattern" for c in causes.values()} == {True, False}, causes


def _record_steps(core: AnalysisCore) -> dict[str, list[tuple[float, float, str]]]:
    """Per foot, the steps the core measures as the frames come (FootStepsSoFar.feed), filled as it runs: each
    (initial contact s, toe-off s, footstrike type), in the order given."""
    given = {foot: [] for foot in FEET}
    for foot in FEET:
        measure = core._steps[foot].feed

        def feed(*args, _measure=measure, _foot=foot, **kwargs):
            out = _measure(*args, **kwargs)
            given[_foot] += zip(*(x.tolist() for x in out))
            return out

        core._steps[foot].feed = feed
    return given


def _streamed(session, params, chunk: int | None, deferred: bool,
              given: dict[str, list[tuple[float, float, str]]] | None = None) -> AnalysisCore:
    """``session`` through the analysis core of live (paced) and the replay (deferred), in blocks of ``chunk``
    frames (None: one block per foot); ``given``, where passed, filled with the steps measured
    (:func:`_record_steps`)."""
    core = AnalysisCore(session.info.layouts, speed=1.0, params=params, max_batch_host_s=0.05,
                        emit=lambda a, since: None, deferred=deferred)
    if given is not None:
        given.update(_record_steps(core))
    feed_in_time_order(core, session_blocks(session, chunk, feet=FEET), deferred)
    return core


@pytest.mark.parametrize("scenario", sorted(RUNS))
def test_streaming_measures_the_steps_footstrike_as_analyze_does_however_the_frames_come(scenario):
    session = monitor.offline_session(scenario, duration_s=120, seed=1)
    result = monitor.analyze(session, RUNS[scenario])
    assert all(len(result.steps[f]) > 100 for f in FEET)
    for chunk in (1, 7, None):
        for deferred in (False, True):
            given = {}
            core = _streamed(session, RUNS[scenario], chunk, deferred, given)
            for foot in FEET:
                steps = result.steps[foot]
                # each step, its initial contact, toe-off and type, as analyze measured it
                assert given[foot] == list(zip(steps.initial_contact_s.tolist(), steps.toe_off_s.tolist(),
                                               steps.strike.tolist())), (chunk, deferred, foot)
            assert _said(core.alerts_) == _said(result.alerts), (chunk, deferred)
            assert core.policy.measured.whole() == result.strikes()


@pytest.mark.parametrize("scenario, strike", [("forefoot-strike-run", "forefoot"), ("healthy-run", "rearfoot")])
def test_live_replay_and_analyze_give_a_run_the_same_strike_advice(tmp_path, scenario, strike):
    live = live_ride(tmp_path, scenario, speed=40.0, seed=1, duration_s=120.0, channels=[], params=RUNS[scenario])
    replay = asyncio.run(replay_session(live.record.path))
    analysed = monitor.analyze(monitor.load_session(live.record.path), RUNS[scenario])
    assert analysed.strikes() == {"left": strike, "right": strike}
    said = _said(analysed.alerts)
    assert said and _said(live.alerts) == said and _said(replay.alerts) == said, (said, _said(live.alerts))
    assert {c for _, _, _, c, _ in said} == ({"strike pattern"} if strike == "forefoot" else
                                             {"flat insole; little midfoot contact"}), said
    tips = [t.key for t in analysed.advice().tips]
    assert [t.key for t in live.top_suggestions()] == [t.key for t in replay.top_suggestions()] == tips[:len(
        live.top_suggestions())], tips
    assert ("strike_gradually" in tips) is (strike == "forefoot"), tips
