"""A deferred run (``AnalysisCore(deferred=True)``, a replay as fast as possible) hands each assessment to the
policy at the batch that would have produced it also where an uncalibrated insole's foot held its frames for
its first loaded level (monitor.signal.nominal_scale): those windows are final at the frame that released
them (``FootPipeline.released_s``), not at their end plus ``settle_s``.

Had: a first step held past about 15 s (the left forefoot sensors empty for the ride's first 90 s: held until
HOLD_STEPS ended at 60 s) raised DeferredMismatch ("left window at 10.0 s became final outside the frames that
complete it"), and the replay ran again batch by batch: twice the work.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from test_streaming_hold import feed_blocks, link_blocks

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FEET, FrameBlock
from monitor.link import orphe
from monitor.signal.params import DEFAULT_PARAMS

RIDE_S = 240.0


def _blocks(empty_s: float) -> tuple[dict, list[FrameBlock]]:
    """The simulated tight-shoes ride through ORPHE INSOLE on both feet, the left forefoot sensors with no sample
    for the first ``empty_s``, in blocks of 1 to 40 frames interleaved in time as a link delivers them."""
    layouts, frames = {}, {}
    for foot in FEET:
        layout = layouts[foot] = orphe.layout(foot)
        t = np.arange(int(RIDE_S * layout.current_rate_hz)) / layout.current_rate_hz
        model = PressureModel(SCENARIOS["tight-shoes"], foot, seed=2, spec=orphe_sim.spec(foot))
        p = orphe_sim.kpa_to_counts(model.pressure_kpa(t)) * layout.kpa_per_count
        if foot == "left":
            forefoot = [i for i, region in enumerate(layout.regions) if region != "heel"]
            p[np.ix_(t < empty_s, forefoot)] = np.nan
        frames[foot] = t, p
    return layouts, link_blocks(frames, np.random.default_rng(5))


def _events(layouts: dict, blocks: list[FrameBlock], deferred: bool, pending: int = 3000) -> list[tuple]:
    """Every event and notice: ``(arrival stamp, kind, foot, session time, level, pattern)``, in order; a
    deferred core runs every ``pending`` frames."""
    out: list[tuple] = []
    where = {"block": 0}
    core = AnalysisCore(layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.02, deferred=deferred,
                        emit=lambda a, since: out.append((since, a.kind, a.foot, a.t_s, a.level, a.pattern)),
                        notice=lambda n: out.append((None, n.kind, n.foot, n.t_s, None, None)),
                        stamp=lambda: float(where["block"]))

    def run_when_pending() -> None:
        if deferred and core.pending_frames >= pending:
            core.run_deferred()

    feed_blocks(core, blocks, where, after_each=run_when_pending)
    core.flush()
    core.check_stale(RIDE_S + 30.0)
    if deferred:
        core.run_deferred()
    core.end()
    assert core.analysis_error is None
    return out


@pytest.mark.parametrize(("empty_s", "pending"), [(90.0, 3000), (45.0, 500)])
def test_a_deferred_run_gives_the_held_windows_at_their_release_as_the_eager_run_does(empty_s, pending):
    layouts, blocks = _blocks(empty_s)
    eager = _events(layouts, blocks, deferred=False)
    assert any(e[1] == "alert" and e[2] == "left" for e in eager)  # the left foot's windows are judged
    assert _events(layouts, blocks, deferred=True, pending=pending) == eager  # had: DeferredMismatch


def test_a_foot_whose_level_never_comes_delays_the_other_foots_alerts_by_the_first_hold_only(monkeypatch):
    """The left forefoot empty all ride (its level never known): the right foot's alerts, which the live policy
    pairs with the left's windows, come with the frames of at most the first hold after their time, not a
    minute late all session (had, with the frames held again in one-minute blocks to the end: the right foot's
    notice at 70 s given with the frames of 120 s, its warning at 300 s with those of 360 s; 5 s otherwise)."""
    monkeypatch.setattr(sys.modules[__name__], "RIDE_S", 420.0)
    layouts, blocks = _blocks(420.0)
    ends = [float(b.t_s[-1]) for b in blocks]
    given = [(t_s, ends[min(int(at), len(ends) - 1)]) for at, kind, foot, t_s, _, _ in
             _events(layouts, blocks, deferred=False) if kind == "alert" and foot == "right" and at is not None]
    late = [(t_s, at_s) for t_s, at_s in given if t_s > 90.0]  # past the first hold (HOLD_STEPS, a minute)
    assert late, given
    assert all(at_s - t_s <= 15.0 for t_s, at_s in late), late
