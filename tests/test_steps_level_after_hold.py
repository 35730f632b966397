"""An uncalibrated insole's foot whose loaded level becomes known only after the first hold of its frames
ended (monitor.signal.pipeline, ``HOLD_STEPS``): its frames are held again, a hold as long as the first, so
the steps from where it reads a load are counted with that level.

Had: the simulated Ukaton run whose left foot reads 0 for its first 90 s (the insoles connected before the
shoes went on) ran its frames from 60 s on with no level, so its gait detector could start no contact until
the level was known: its first step was at 100.0 s, about 14 steps (90-100 s) lost.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_streaming import assert_same, random_chunks, results

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import ukaton as ukaton_sim
from monitor.codebook import FrameBlock
from monitor.link import ukaton
from monitor.signal.nominal_scale import HOLD_STEPS
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

EMPTY_S, RUN_S = 90.0, 150.0


@pytest.fixture(scope="module")
def late_run() -> tuple[np.ndarray, np.ndarray, object]:
    """(t_s (n,), pressure (n, 16) nominal units, layout): the simulated Ukaton run's left foot, 0 until 90 s."""
    layout = ukaton.layout("left")
    t = np.arange(int(RUN_S * layout.current_rate_hz)) / layout.current_rate_hz
    model = PressureModel(SCENARIOS["healthy-run"], "left", seed=2, spec=ukaton_sim.spec("left"))
    p = ukaton_sim.kpa_to_counts(model.pressure_kpa(t)) * layout.kpa_per_count
    p[t < EMPTY_S] = 0.0
    return t, p, layout


def _run(layout, t: np.ndarray, p: np.ndarray, bounds: list[int]) -> FootPipeline:
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        pipe.feed(FrameBlock("left", t[lo:hi], p[lo:hi]))
    pipe.finish()
    return pipe


def test_steps_from_where_the_foot_reads_a_load_count_after_the_first_hold_ended(late_run):
    t, p, layout = late_run
    assert not layout.calibrated and EMPTY_S > HOLD_STEPS * DEFAULT_PARAMS.features.step_s
    steps = [c for c in _run(layout, t, p, [0, t.size]).cycles_ if c.kind == "stride"]
    assert steps and steps[0].start_s < EMPTY_S + 1.0, steps[0]  # had: 100.1 s
    assert len(steps) >= 0.95 * (RUN_S - EMPTY_S) / np.median([c.end_s - c.start_s for c in steps]) - 1


@pytest.mark.parametrize("seed", [1, 2])
def test_the_second_hold_streams_as_one_block(late_run, seed):
    t, p, layout = late_run
    assert_same(results(_run(layout, t, p, random_chunks(t.size, seed))), results(_run(layout, t, p, [0, t.size])))
