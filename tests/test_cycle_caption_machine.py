"""The average-cycle caption of a stepping machine names the machine the session declared: a declared
elliptical's read "(a step on a stair-climber or an elliptical)", naming a machine it was not; a declared
stair climber's names the stair climber, and a machine recognised, not declared, keeps both
(monitor.signal.activity_words.MACHINE_WORD)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pytest

from monitor.analysis.batch import analyze
from monitor.report.cycle_words import cycle_words
from monitor.report.data import report_data
from monitor.session.offline import offline_session


@lru_cache(maxsize=None)
def _caption(scenario: str, declared: bool) -> str:
    session = offline_session(scenario, duration_s=60.0, seed=1, rate_hz=50)
    if not declared:
        session.info = replace(session.info, activity=None)
    data = report_data(session, analyze(session))
    assert {c.kind for c in data.curves.values() if c is not None} == {"stroke"}
    return cycle_words(data)


@pytest.mark.parametrize("scenario, named, not_named", [
    ("healthy-elliptical", "on the elliptical", "stair"),
    ("stair-climber", "on the stair climber", "elliptical"),
])
def test_a_declared_machine_is_the_one_named(scenario, named, not_named):
    caption = _caption(scenario, True)
    assert named in caption and not_named not in caption, caption


def test_a_machine_not_declared_keeps_both():
    caption = _caption("healthy-elliptical", False)
    assert "elliptical or stair climber" in caption, caption
