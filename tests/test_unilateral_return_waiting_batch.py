"""One foot's data back after its stale silence: the left-right comparison (monitor.analysis.unilateral)
pairs the other foot's windows as ``analyze`` does, though the returning foot's first frames still wait for
their batch. At 20x the left link dropped for 11 s; its first frames back (1:53.94) were received before the
right's frames that made the right's window ending at 1:49 final (its end plus settle_s: 1:54), but their
batch went to the policy after, so live and replay judged that window alone, its silence still open, where
``analyze`` had paired it: the right foot warned at 1:50, 1:52, ... live and in replay, at 1:49, 1:51, ...
in ``analyze`` (monitor.analysis.streaming: the silence ends at the first frame with data received).

Nothing here depends on the host's speed: the analysis core is driven directly with the arrivals of a link
that delivers each foot's frames as they are made, both feet in time order.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from test_streaming_hold import session_blocks

from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.streaming import AnalysisCore
from monitor.live.config import LiveConfig
from monitor.session.offline import offline_session
from monitor.session.param_files import load_params

pytestmark = pytest.mark.timeout(300)

SPEED = 20.0
SESSION_S = 200.0
#: the detection the reviewer's ride ran with: a window a second, a warning after 80 s, repeated every 2 s
QUICK = {"features": {"step_s": 1.0}, "detector": {"warn_after_s": 80.0}, "alerts": {"quiet_s": 2.0}}
#: frames a notification carries here (guess: a few, as the simulated insole's)
NOTIFICATION_FRAMES = 5


def _dropped(drop_s: float, back_s: float):
    """The one-sided rider's ride, the left foot's frames from ``drop_s`` to ``back_s`` (session s) not there."""
    s = offline_session("one-sided", duration_s=SESSION_S, seed=1)
    f = s.frames
    gone = ((f["foot"] == "left") & (f["t_s"] >= drop_s) & (f["t_s"] < back_s)).to_numpy()
    return dataclasses.replace(s, frames=f[~gone].reset_index(drop=True))


def _core(session, params, checks: list[int] | None = None) -> tuple[list, list[int]]:
    """The alerts of the core fed ``session`` as the live monitor at SPEED: both feet's notifications in time
    order, a check wherever the live timer would post one, then the session's end; and the notifications a
    check came before. ``checks``: those of a live run, for a replay as fast as possible (deferred), which
    makes the checks its raw log recorded."""
    out, made = [], []
    config = LiveConfig()
    core = AnalysisCore(session.info.layouts, speed=SPEED, params=params,
                        max_batch_host_s=config.max_batch_host_s, max_lag_host_s=config.view_interval_s,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity),
                        deferred=checks is not None)
    for i, block in enumerate(session_blocks(session, NOTIFICATION_FRAMES, by_last=True)):
        arrival_s = float(block.t_s[-1])
        if (core.stale_due(arrival_s) if checks is None else i in checks):
            made.append(i)
            core.check_stale(arrival_s)
        core.arrival(arrival_s)
        core.frames(block)
    core.flush()
    core.check_stale(SESSION_S)
    if core.deferred:
        core.run_deferred()
    core.end()
    return out, made


def _key(alerts) -> list[tuple]:
    return [(a.foot, a.level, a.region, round(a.t_s, 3)) for a in alerts if a.kind == "alert"]


@pytest.mark.parametrize(("drop_s", "back_s"), [(100.1, 113.94), (100.2, 113.94), (100.1, 113.8)])
def test_the_other_foots_windows_are_paired_with_the_returning_foots_as_analyze_pairs_them(tmp_path, drop_s,
                                                                                          back_s):
    """The left's first frames back (``back_s``) are received before the right's that make its window ending
    5 s earlier final, and wait for their batch (40 frames at 20x) after those went to the pipeline."""
    path = tmp_path / "quick.json"
    path.write_text(json.dumps(QUICK))
    params = load_params(path)
    assert params.features.settle_s == 5.0
    session = _dropped(drop_s, back_s)
    want = _key(analyze(session, params).alerts)
    assert any(a[0] == "right" and a[1] == "warning" and back_s < a[3] < back_s + 30 for a in want), want
    live, checks = _core(session, params)
    assert [a.foot for a in live if a.kind == "data_back"] == ["left"], live
    assert _key(live) == want  # had: the right foot warned a second later (1:50, 1:52, ... for 1:49, 1:51, ...)
    replayed, _ = _core(session, params, checks)
    assert _key(replayed) == want
