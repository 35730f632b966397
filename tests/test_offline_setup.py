"""A session made offline keeps its scenario's setup as ``record --sim`` keeps it in setup.json
(monitor.cli.inputs.scenario_setup): had, ``offline_session("toe-clips")`` kept none, so ``monitor.analyze`` gave it
the tight-shoe advice where a recording of the same scenario got domain.md's toe-clip row ("worse with toe clips
or straps" [16][19])."""

from __future__ import annotations

from functools import lru_cache

import pytest
from known_rider import rider_normal

import monitor
from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.advice import given_setup
from monitor.analysis.batch import analyze
from monitor.cli.inputs import scenario_setup
from monitor.session.offline import offline_session

#: Past the 300 s warning of a condition present from the start (docs/detection.md), at 50 Hz as
#: tests/test_advice_scenarios.py makes them.
DURATION_S, RATE_HZ = 320.0, 50


@lru_cache(maxsize=None)
def _offline(name: str):
    return offline_session(name, duration_s=DURATION_S, seed=1, rate_hz=RATE_HZ)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_an_offline_session_keeps_what_a_recording_of_its_scenario_keeps(name):
    kept = offline_session(name, duration_s=1.0, rate_hz=25).setup
    assert kept == scenario_setup(None, SCENARIOS[name], (None, None))  # had None for toe-clips


def test_the_toe_clip_scenario_offline_and_recorded_gives_the_same_advice():
    session = _offline("toe-clips")
    recorded = given_setup(scenario_setup(None, SCENARIOS["toe-clips"], (None, None)))  # its setup.json
    offline = monitor.analyze(session, baseline=rider_normal(1)).advice()
    as_recorded = analyze(session, baseline=rider_normal(1), setup=recorded).advice()
    keys = [t.key for t in offline.tips]
    assert keys == [t.key for t in as_recorded.tips]  # had: ['unweight', 'loosen_closure', 'roomier_shoe']
    assert "no_toe_clips" in keys, keys


def test_what_is_declared_now_goes_over_the_scenario_s():
    result = monitor.analyze(_offline("toe-clips"), baseline=rider_normal(1), pedals="clipless")
    assert result.setup.pedals == "clipless"
    assert "no_toe_clips" not in [t.key for t in result.advice().tips]
