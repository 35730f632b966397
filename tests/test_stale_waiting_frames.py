"""Frames received but still waiting for their batch are the foot's data at a stale-data check: received is
not missing. At 40x a batch holds 80 frames (100 Hz x 40 x 0.02 s of host time); when both insoles stop,
no other foot's data push a foot's last batch through, so a check that judged without its waiting frames
found the foot stale ~0.8 s early, and those frames, given at the session's end, said "DATA BACK ... after
10.0 s" with no new data (`live --sim cleat-forward --speed 40 --fault stop:left@90s --fault
stop:right@100s`: "1:49 RIGHT NO DATA" then "1:49 RIGHT DATA BACK", the right foot's last frame at 100.01 s).

The analysis core is driven directly, without a clock: notifications of 8 frames at 40x, a check wherever
the live timer would post one (a tick every 4 s of session time once the data stop), then the session's
end as the live monitor makes it. A live ride on the virtual clock (tests/virtual_clock.py) and its replay
give the same.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from live_ride import live_ride_async
from test_streaming_hold import feed_notifications, session_blocks
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FrameBlock
from monitor.live.config import LiveConfig
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

AFTER_S = DEFAULT_PARAMS.alerts.stale_after_s  # 10 s
SPEED = 40.0
#: frames of one notification of the simulated insole (docs/protocol.md, "Sizes")
NOTIFICATION_FRAMES = 8
SESSION_S = 150.0
#: frames of a batch at SPEED: 100 Hz x SPEED x LiveConfig.max_batch_host_s (0.02 s)
BATCH_FRAMES = 80
#: the session time between two of the live timer's ticks at SPEED (LiveConfig.view_interval_s x speed)
TICK_S = LiveConfig().view_interval_s * SPEED


def _stopped(stops_s: dict[str, float]):
    """A 150-s cleat-forward ride whose feet send nothing from ``stops_s[foot]`` (session s) on."""
    s = offline_session("cleat-forward", duration_s=SESSION_S, seed=1)
    f = s.frames
    gone = np.zeros(len(f), bool)
    for foot, stop_s in stops_s.items():
        gone |= ((f["foot"] == foot) & (f["t_s"] >= stop_s)).to_numpy()
    return dataclasses.replace(s, frames=f[~gone].reset_index(drop=True))


def _core_at_40x(session, deferred: bool) -> AnalysisCore:
    """The core fed ``session`` as a live session at SPEED: its feet's notifications interleaved in time, each
    arriving at its last frame; a check wherever the timer would post one; then the session's end."""
    out = []
    core = AnalysisCore(session.info.layouts, speed=SPEED, params=DEFAULT_PARAMS,
                        max_batch_host_s=LiveConfig().max_batch_host_s, max_lag_host_s=LiveConfig().view_interval_s,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity),
                        deferred=deferred)
    core.out = out
    assert set(core.batch_frames.values()) == {BATCH_FRAMES}
    arrival_s = feed_notifications(core, session_blocks(session, NOTIFICATION_FRAMES, by_last=True))
    for tick_s in np.arange(arrival_s + TICK_S, SESSION_S, TICK_S):  # no data: the timer's ticks go on
        if core.stale_due(float(tick_s)):
            core.check_stale(float(tick_s))  # posted through the link: a record among the others
    core.flush()  # the session's end (monitor.live.session.run_live): the last tick, then the drain's frames
    core.check_stale(SESSION_S)
    if deferred:
        core.run_deferred()
    core.end()
    return core


def _key(events) -> list[tuple]:
    return sorted((round(a.t_s, 3), a.foot, a.kind, a.level, a.region, a.pattern) for a in events)


def _data_events(events) -> list[tuple]:
    return [(round(a.t_s, 3), a.foot, a.kind) for a in sorted(events, key=lambda a: (a.t_s, a.foot))
            if a.kind in ("data_stale", "data_back")]


@pytest.mark.parametrize("deferred", [False, True])
@pytest.mark.parametrize("stops_s", [{"left": 90.0, "right": 100.3}, {"left": 90.0, "right": 90.0}],
                         ids=["one-then-the-other", "both-at-once"])
def test_feet_that_stop_at_40x_are_no_data_at_their_last_frame_plus_stale_after_s_and_never_back(stops_s,
                                                                                                deferred):
    session = _stopped(stops_s)
    last = {foot: float(foot_block(session, foot).t_s[-1]) for foot in stops_s}
    # the foot that stops last ends on a batch not full: frames wait for it (9000 and 10030 frames, 80 a batch)
    assert foot_block(session, "right").n_frames % BATCH_FRAMES
    core = _core_at_40x(session, deferred)
    expected = sorted((round(last[foot] + AFTER_S, 3), foot, "data_stale") for foot in stops_s)
    # had, one then the other: the right foot NO DATA 10 s after its last full batch, then DATA BACK at the
    # same time "after 10.0 s" when the session's end gave its waiting frames; both at once: each foot so
    assert _data_events(core.out) == expected, core.out
    # what stands at the end is each foot's NO DATA (the phone's last state; had: dropped by the DATA BACK)
    assert {foot: a.kind for foot, a in core.current_.items()} == dict.fromkeys(stops_s, "data_stale")
    assert core.is_stale("left") and core.is_stale("right")
    # streaming equals batch: `analyze` gives the same events, alerts and data events alike
    result = analyze(session)
    assert _key(core.out) == _key(result.alerts + result.events)


def test_a_check_is_due_only_where_it_would_find_a_foot_stale_counting_the_frames_waiting():
    # frames stamped up to 0.59 s that arrived at 0.0 s (a device clock ahead of the host's), waiting for
    # their batch: at 10.3 s neither foot has been silent for 10 s
    s = offline_session("cleat-forward", duration_s=30.0, seed=1)
    out = []
    core = AnalysisCore(s.info.layouts, speed=SPEED, params=DEFAULT_PARAMS, max_batch_host_s=0.02,
                        emit=lambda a, since: out.append(a))
    core.arrival(0.0)
    for foot in ("left", "right"):
        b = foot_block(s, foot)
        core.frames(FrameBlock(foot, b.t_s[:60], b.pressure_kpa[:60]))
    assert not core.stale_due(10.3)  # had: due, both feet counted silent from the session's start
    core.check_stale(10.3)
    core.flush()
    core.end()
    assert [a for a in out if a.kind in ("data_stale", "data_back")] == []  # had: NO DATA then DATA BACK


async def _live(out: Path, faults: list[str]):
    out.mkdir(parents=True, exist_ok=True)
    events_path = out / "live-events.jsonl"
    views = []
    summary = await live_ride_async(out / "sessions", "cleat-forward", speed=SPEED, seed=1, faults=faults,
                                    duration_s=60.0, params=DEFAULT_PARAMS, events_path=events_path,
                                    on_view=views.append)
    return summary, [json.loads(line) for line in events_path.read_text().splitlines()], views


async def _replay(path: Path, deferred: bool) -> list[dict]:
    sink_path = path.parent.parent / f"replay-{deferred}.jsonl"
    sink = EventsSink.open(sink_path)
    await replay_session(path, events=sink, deferred=deferred)
    sink.close()
    return [json.loads(line) for line in sink_path.read_text().splitlines()]


def test_a_live_ride_whose_insoles_both_stop_at_40x_is_no_data_once_per_foot_live_and_in_replay(tmp_path):
    summary, lines, views = run_on_virtual_clock(_live(tmp_path, ["stop:left@30s", "stop:right@35s"]))
    data = [(x["foot"], x["kind"], x["t_s"]) for x in lines if x["kind"] in ("data_stale", "data_back")]
    assert [(foot, kind) for foot, kind, _ in data] == [("left", "data_stale"), ("right", "data_stale")], data
    session = load_session(summary.record.path)
    for foot, _, t_s in data:  # dated at the foot's last frame with data + stale_after_s
        ft, p = session.foot_arrays(foot)
        assert t_s == round(float(ft[~np.isnan(p).all(axis=1)][-1]) + AFTER_S, 3), (foot, t_s)
    # the last view still shows both feet's NO DATA (had: the right foot's gone with its DATA BACK)
    shown = {a.foot: a.kind for a in (views[-1].current_alert, *views[-1].others) if a is not None}
    assert shown == {"left": "data_stale", "right": "data_stale"}, views[-1]
    fields = ("t_s", "foot", "kind", "message")
    for deferred in (False, True):
        replayed = run_on_virtual_clock(_replay(summary.record.path, deferred))
        assert [[x[k] for k in fields] for x in replayed] == [[x[k] for k in fields] for x in lines], deferred
