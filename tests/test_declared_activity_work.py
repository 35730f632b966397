"""A declared activity's pipeline leaves out the work whose results it drops (the cycle detector of the
other kind, the recogniser's replaced labels), and its results are the same as with that work done."""

from __future__ import annotations

import math

import pytest

from monitor.analysis.batch import declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline


def _run(session, foot, chunk, skip=True):
    """The foot's pipeline fed in blocks of ``chunk`` frames, and the last time fed to each detector;
    ``skip=False`` feeds both detectors throughout, as without a declared activity."""
    layout = session.info.layouts[foot]
    pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS,
                        activity=declared_activity(session.info.activity))
    if not skip:
        pipe._strides_unused = pipe._strokes_unused = lambda: False
    fed = {"gait": -math.inf, "stroke": -math.inf}
    for kind in fed:
        detector = getattr(pipe, kind)

        def feed(t_s, force_n, _feed=detector.feed, kind=kind):
            fed[kind] = float(t_s[-1]) if len(t_s) else fed[kind]
            return _feed(t_s, force_n)
        detector.feed = feed
    block = foot_block(session, foot)
    for lo in range(0, block.n_frames, chunk):
        pipe.feed(type(block)(foot, block.t_s[lo:lo + chunk], block.pressure_kpa[lo:lo + chunk]))
    return pipe, fed


def _results(pipe):
    """Everything the pipeline reports, as text (repr of a float is exact, NaN included)."""
    return repr((list(pipe.windows_), list(pipe.assessments_), list(pipe.cycles_), list(pipe.contacts_),
                 list(pipe.strokes_), list(pipe.cycle_features_), pipe.activity_, pipe.summary()))


@pytest.mark.parametrize("name,idle", [("healthy-ride", "gait"), ("forefoot-strike-run", "stroke")])
@pytest.mark.parametrize("chunk", [8, 997])
def test_the_detector_a_declared_activity_drops_stops_and_nothing_changes(name, idle, chunk):
    session = offline_session(name, duration_s=90, seed=3)
    skipping, fed = _run(session, "left", chunk)
    full, fed_full = _run(session, "left", chunk, skip=False)
    assert _results(skipping) == _results(full)
    assert skipping.cycles_ and len(skipping.windows_) >= 7
    # the other detector was fed only the first blocks (the declared activity is in effect from the first
    # frame; 997 frames at 100 Hz is 10 s), the declared one all along
    end_s = fed_full[idle]
    assert fed[idle] < 21.0 < end_s - 60.0
    assert fed["stroke" if idle == "gait" else "gait"] == end_s
