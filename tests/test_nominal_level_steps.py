"""Which 10-s steps make an uncalibrated insole's loaded level (monitor.signal.nominal_scale.LoadedLevel), the
median of its latest loaded steps.

A foot that reads near zero for its first steps: those steps set its first level (there is no level before
them to be unloaded against), and the loaded steps after them join it. Had: the near-zero steps stayed in the
median until the loaded steps outnumbered them: one near-zero first step, then steps at 80 units, gave a level
of 40.1 after the first loaded step (the limits of the next 10 s at half their share), two or three near-zero
steps 40.1 after as many loaded ones (80 one step later).
Then a step in the level left it once it was below LOADED_STEP_FRACTION of the level's median: once the loaded
steps were as many as the near-zero ones (a 50-s near-zero start kept the limits of the next 50 s at a hundredth
of their share). Now a level of fewer than LEVEL_STEPS steps, every one of them below LOADED_STEP_FRACTION of a
loaded step that closes, is left for that step at once: the near-zero start leaves with the first loaded step.
A level of LEVEL_STEPS steps still keeps its median: an excursion of 10 times the level for up to 50 s does not
move it.

A step with a fraction of a second of data (frames around a dropout) counted as one of the 12 steps as much as
a whole one; now a step joins the level only when its readings cover STEP_COVER_FRACTION of it.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_nominal_scale_verdict import orphe_ride
from test_streaming import assert_same, chunks, results

from monitor.codebook import FrameBlock
from monitor.signal.nominal_scale import STEP_COVER_FRACTION, LoadedLevel
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

STEP_S = DEFAULT_PARAMS.features.step_s
RATE_HZ = 100.0
NEAR_ZERO, LOADED = 0.2, 80.0


def levels(step_values: list[float], covered_s: list[float] | None = None) -> list[float]:
    """The level that applies after each step: step k's samples (at RATE_HZ, from its start, for ``covered_s[k]``
    s, a whole step when None) read ``step_values[k]`` (nominal units) in the first half of each second and half
    of it in the other (a load's rhythm, nominal_scale.rhythm; the step's level is ``step_values[k]``)."""
    level = LoadedLevel(STEP_S, RATE_HZ)
    out = []
    for k, value in enumerate(step_values):
        span_s = STEP_S if covered_s is None else covered_s[k]
        t = k * STEP_S + np.arange(int(round(span_s * RATE_HZ))) / RATE_HZ
        level.feed(t, np.where(t % 1.0 < 0.5, value, value / 2))
        out.append(level.level_at((k + 1) * STEP_S))
    return out


@pytest.mark.parametrize("near_zero_steps", [1, 2, 3, 5, 11])
def test_near_zero_first_steps_leave_the_level_at_the_first_loaded_step(near_zero_steps):
    got = levels([NEAR_ZERO] * near_zero_steps + [LOADED] * 6)
    assert got[near_zero_steps - 1] == pytest.approx(NEAR_ZERO)  # the first level is theirs: nothing else yet
    assert got[near_zero_steps:] == pytest.approx([LOADED] * 6), got


@pytest.mark.parametrize("excursion", [2.5, 10.0, 50.0])
def test_an_excursion_of_up_to_50_s_still_does_not_move_the_level(excursion):
    """A harder effort (a walk loads the forefoot 2.5 times more than riding), or a sensor reading 10 or 50 times
    the level, for five steps after twelve loaded ones: the level stays."""
    got = levels([LOADED] * 12 + [LOADED * excursion] * 5 + [LOADED] * 3)
    assert got[11:] == pytest.approx([LOADED] * 9), got


def test_a_step_with_a_fraction_of_a_second_of_data_does_not_count_as_a_step():
    """Twelve whole steps at 80 units, then seven steps each with 0.3 s of data at 20 (a link that delivers a few
    frames a step): had, each counted as one of the 12 in the median and the level fell to 20, the limits to a
    quarter. Now a step counts when its samples cover at least STEP_COVER_FRACTION of it."""
    got = levels([LOADED] * 12 + [20.0] * 7, [STEP_S] * 12 + [0.3] * 7)
    assert got[11:] == pytest.approx([LOADED] * 8), got


def test_a_step_with_half_of_its_data_still_counts():
    got = levels([LOADED] * 12 + [20.0] * 7, [STEP_S] * 12 + [STEP_COVER_FRACTION * STEP_S] * 7)
    assert got[-1] == pytest.approx(20.0), got


def test_near_zero_and_sparse_steps_stream_as_one_block():
    """The simulated ORPHE healthy ride reading near zero for its first 20 s, with 0.3 s of frames in each of
    its steps from 40 to 60 s: fed in chunks of 1 and of 7 it gives what one block gives."""
    t, p, layout = orphe_ride("healthy-ride", 80.0)
    p = p.copy()
    p[t < 20.0] = np.random.default_rng(1).uniform(0.0, 0.5, p[t < 20.0].shape) * layout.kpa_per_count
    keep = ~((t >= 40.0) & (t < 60.0) & (t % STEP_S >= 0.3))
    t, p = t[keep], p[keep]

    def run(bounds: list[int]) -> FootPipeline:
        pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            pipe.feed(FrameBlock("left", t[lo:hi], p[lo:hi]))
        pipe.finish()
        return pipe

    one = run([0, t.size])
    assert one.assessments_ and one.strokes_
    for size in (1, 7):
        assert_same(results(run(chunks(t.size, size))), results(one))
