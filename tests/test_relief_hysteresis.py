"""The relief's two levels (monitor.signal.relief.ReliefTracker): the forefoot becomes unloaded below
``relief_enter_kpa`` and stays so until it rises above ``relief_exit_kpa``; a relief is an unloaded run of
at least ``relief_min_s``. Values are set relative to the parameters, so a retuned level keeps its test."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.signal.params import FeatureParams
from monitor.signal.relief import ReliefTracker

P = FeatureParams()
RATE_HZ = 100.0
LOADED_KPA = 80.0
BELOW = P.relief_enter_kpa - 1.0
BETWEEN = (P.relief_enter_kpa + P.relief_exit_kpa) / 2.0
ABOVE = P.relief_exit_kpa + 1.0


def _reliefs(*spans: tuple[float, float]) -> list[tuple[float, float]]:
    """The reliefs of a ride made of ``(seconds, kPa)`` spans, fed in one block."""
    kpa = np.concatenate([np.full(int(round(s * RATE_HZ)), v) for s, v in spans])
    t = np.arange(kpa.size) / RATE_HZ
    tracker = ReliefTracker(RATE_HZ, P)
    tracker.feed(t, kpa, gait=False)
    return tracker.reliefs_


def test_between_the_levels_an_unloaded_forefoot_stays_unloaded():
    # 10 s below the entry level, then 30 s between the levels: one relief of 40 s
    [(start, end)] = _reliefs((60, LOADED_KPA), (10, BELOW), (30, BETWEEN), (30, LOADED_KPA))
    assert start == pytest.approx(60.0, abs=0.2) and end == pytest.approx(100.0, abs=0.2)


def test_between_the_levels_a_loaded_forefoot_is_not_unloaded():
    assert _reliefs((60, LOADED_KPA), (40, BETWEEN), (30, LOADED_KPA)) == []


def test_a_relief_ends_just_above_the_exit_level():
    [(start, end)] = _reliefs((60, LOADED_KPA), (25, BELOW), (30, ABOVE))
    assert start == pytest.approx(60.0, abs=0.2) and end == pytest.approx(85.0, abs=0.2)


@pytest.mark.parametrize("seconds, reliefs", [(P.relief_min_s - 1.0, 0), (P.relief_min_s + 1.0, 1)])
def test_an_unloaded_run_is_a_relief_from_its_least_length(seconds, reliefs):
    assert len(_reliefs((60, LOADED_KPA), (seconds, BELOW), (30, LOADED_KPA))) == reliefs
