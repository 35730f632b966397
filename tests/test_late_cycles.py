"""Streaming equals batch for a rider of the population (not the simulator), across stops and coasting.

Rider r00128 of ``draw_population(130, seed=1)`` (a tuning rider) stops pedalling several times in its
first 15 minutes, rendered through moticon16 at 100 Hz. A window is final once a sample ``settle_s`` (5 s)
past its end has been fed, so every cycle must be reported within that time of its end, whatever follows
it. The stroke before a pause used to wait for pedalling to resume: fed in 1,000-frame chunks, a stroke
that ended at 12.4 s came out once 50 s had been fed, after its window was final
(``features.late_cycles_`` 2 on the right foot, 1 on the left), and the windows of 20-60 s differed from
one block's. The stroke detector now closes a stroke once the longest stroke has gone by without a next
peak (monitor/signal/strokes.py), so no chunking reports a cycle late.
"""

from __future__ import annotations

import pytest

from firmware_sim.population import draw_population
from monitor.analysis.foot_frames import foot_block
from monitor.codebook import FrameBlock
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline
from monitor.tools.population_sessions import ride_session
from monitor.tools.population_wiring import render_ride


def _fed(session, foot: str, chunk: int | None) -> FootPipeline:
    block, layout = foot_block(session, foot), session.info.layouts[foot]
    pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS)
    size = chunk or block.n_frames
    for lo in range(0, block.n_frames, size):
        pipe.feed(FrameBlock(foot, block.t_s[lo:lo + size], block.pressure_kpa[lo:lo + size]))
    return pipe


@pytest.fixture(scope="module")
def session():
    rider = next(r for r in draw_population(130, seed=1) if r.rider_id == "r00128")
    assert not rider.held_out
    return ride_session(render_ride(rider, "moticon16", 100, 0.0, 0.0, min(900.0, float(rider.ride_s)), 7))


@pytest.fixture(scope="module")
def whole(session):
    return {foot: _fed(session, foot, None) for foot in ("left", "right")}


@pytest.mark.parametrize("foot", ["left", "right"])
@pytest.mark.parametrize("chunk", [1000, 997, 250])
def test_any_chunking_gives_the_windows_and_assessments_of_one_block(session, whole, foot, chunk):
    batch, chunked = whole[foot], _fed(session, foot, chunk)
    assert chunked.features.late_cycles_ == 0
    assert [repr(w) for w in chunked.windows_] == [repr(w) for w in batch.windows_]
    assert [repr(a) for a in chunked.assessments_] == [repr(a) for a in batch.assessments_]
    assert [repr(c) for c in chunked.cycles_] == [repr(c) for c in batch.cycles_]


def test_the_ride_stops_pedalling_and_every_cycle_reaches_its_window(whole):
    """The ride has what used to break the contract (pauses with the stroke before them open), and fed
    whole or in the pipeline's own slices no cycle is late."""
    for pipe in whole.values():
        assert pipe.features.late_cycles_ == 0
        acts = [a for _, a in pipe.activity_]
        assert "cycling" in acts and "unknown" in acts  # pedalling, and stops the recogniser calls unknown
