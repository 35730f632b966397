"""A host that runs the simulation slower than its speed: the analysis sees every record at the same session
time live and in replay, so a live session gives the events its replay gives, and no event is dated past the
session's end.

The lagging host is built, not loaded: on a virtual clock (tests/virtual_clock.py) the simulated insoles' clock
runs at ``LAG`` of the speed the link maps host time with, so every notification arrives later, in host time x
speed, than the data it carries, and the last ones after the session's duration, as on a host too busy for
``--speed`` (`live --speed 40 --duration 5m --fault stop:right@200s` on a loaded host).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from firmware_sim.sim_clock import SimClock
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
#: the share of ``SPEED`` the host runs the simulation at (guess: a host busy enough that the data of the
#: session's last minutes arrive after its duration in host time x speed)
LAG = 0.6
DURATION_S = 150.0
STOP_S = 100.0
#: every field of an event line that does not depend on the wall clock or the channels
FIELDS = ("t_s", "foot", "kind", "level", "region", "pattern", "cause", "message")


async def _live_lagging(out: Path):
    out.mkdir(parents=True, exist_ok=True)
    events_path = out / "live-events.jsonl"
    clock = SimClock(SPEED * LAG, paused=True, start_with_stream=True)
    notices = []
    summary = await live_ride_async(out / "sessions", "tight-shoes", speed=SPEED, seed=1,
                                    faults=[f"stop:right@{STOP_S:g}s"], insole="ukaton", ride_end_s=DURATION_S,
                                    clock=clock, duration_s=DURATION_S, params=DEFAULT_PARAMS,
                                    events_path=events_path, on_notice=notices.append)
    lines = [json.loads(line) for line in events_path.read_text().splitlines()]
    return SimpleNamespace(path=summary.record.path, summary=summary, lines=lines, notices=notices)


async def _replay(path: Path):
    sink_path = path.parent.parent / "replay-events.jsonl"
    sink = EventsSink.open(sink_path)
    notices = []
    summary = await replay_session(path, events=sink, on_notice=notices.append)
    sink.close()
    lines = [json.loads(line) for line in sink_path.read_text().splitlines()]
    return SimpleNamespace(summary=summary, lines=lines, notices=notices)


def _fields(lines):
    return [tuple(json.dumps(x.get(k)) for k in FIELDS) for x in lines]


def test_a_foot_stopped_on_a_lagging_host_is_no_data_live_as_in_replay(tmp_path):
    live = run_on_virtual_clock(_live_lagging(tmp_path))
    end_s = live.summary.record.duration_s
    assert end_s >= DURATION_S - 1.0  # the data reached the end: the host lagged, nothing is missing
    # the right foot's last arrivals came after the session's end in host time x speed (the case at issue)
    assert STOP_S / LAG > DURATION_S
    stale = [x for x in live.lines if x["kind"] == "data_stale" and x["foot"] == "right"]
    assert len(stale) == 1, live.lines  # had: none live, "3:31 RIGHT NO DATA" in replay
    assert STOP_S + 5.0 <= stale[0]["t_s"] <= STOP_S + 12.0, stale  # about 10 s after its last frame
    r = run_on_virtual_clock(_replay(live.path))
    assert _fields(r.lines) == _fields(live.lines)
    assert [(n.t_s, n.foot, n.kind, n.text) for n in r.notices] == [
        (n.t_s, n.foot, n.kind, n.text) for n in live.notices]
    # nothing dated after the session's end (had, in replay: "11:14 right insole disconnected" of an 8:00 ride)
    assert all(x["t_s"] <= end_s for x in live.lines + r.lines)
    assert all(n.t_s <= end_s for n in live.notices + r.notices), [(n.t_s, n.kind) for n in r.notices]
