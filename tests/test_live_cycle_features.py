"""The live analysis core keeps no cycle's features: nothing on the live path reads them (its summary comes from
running sums), and each foot kept its latest 2,000 (monitor.signal.pipeline.CYCLE_FEATURES_KEPT), filled from
20 to 40 minutes into a ride (docs/performance.md)."""

from __future__ import annotations

from test_streaming_hold import session_blocks

import monitor
from monitor.analysis.streaming import AnalysisCore
from monitor.signal.params import DEFAULT_PARAMS


def test_a_live_ride_keeps_no_cycle_features_and_still_counts_its_strokes():
    session = monitor.offline_session("healthy-ride", duration_s=120.0, seed=1, rate_hz=50)
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: None, deferred=True)
    for block in session_blocks(session, 500, feet=("left", "right")):
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
    core.flush()
    core.run_deferred()
    summary = core.pipeline.summary()
    for foot, pipe in core.pipeline.feet.items():
        assert summary[foot]["cycles"] > 100, (foot, summary[foot]["cycles"])  # 90 rpm for 2 minutes
        assert len(pipe.cycle_features_) == 0, (foot, len(pipe.cycle_features_))
