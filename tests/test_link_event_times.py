"""One time for one link event in every view, on a host that runs the simulation slower than its speed: the
terminal's notice, the session's events (the report's list of every event, its data-quality figure, a FIT
export), the end's "Note:" lines and the replay all say the time the recorder dated it at, no later than
the newest frame received (docs/session-format.md, link events' ``t_s``), never after the session's end.

Had: the terminal said "1:53 left insole lost ... 2:09 back" while the Note and the report said lost 2:19,
back 2:33 (host time x speed), and one report listed "6:11 left foot lost" in a 1:40 session.

The lagging host is built, not loaded (as tests/test_live_lagging_host.py): on a virtual clock the insoles'
clock runs at ``LAG`` of the speed the link maps host time with, so host time x speed runs ahead of the data.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from firmware_sim.sim_clock import SimClock
from monitor.link.records import link_event_s, timed_event
from monitor.live.replay import replay_session
from monitor.report.event_list import link_events
from monitor.session.directory import load_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
#: the share of ``SPEED`` the host runs the simulation at (guess: a host busy enough for host time x speed
#: to run tens of seconds ahead of the data by the time the left foot drops)
LAG = 0.6
DURATION_S = 100.0
#: the left insole drops at 40 s of its clock and stays away 20 s (lost 10 s after), the right's battery
#: falls to 10 % at 30 s
FAULTS = ["drop:left@40s+20s", "battery:right@30s=10"]
KINDS = ("disconnected", "foot_lost", "reconnected", "battery_low")


async def _live_lagging(out: Path):
    clock = SimClock(SPEED * LAG, paused=True, start_with_stream=True)
    notices = []
    summary = await live_ride_async(out, "healthy-ride", speed=SPEED, seed=1, faults=FAULTS, ride_end_s=DURATION_S,
                                    clock=clock, duration_s=DURATION_S, params=DEFAULT_PARAMS,
                                    on_notice=notices.append)
    return SimpleNamespace(path=summary.record.path, summary=summary, notices=notices)


async def _replay(path: Path):
    notices = []
    await replay_session(path, on_notice=notices.append)
    return notices


def _times(notices) -> list[tuple[str, str, float]]:
    return [(n.kind, n.foot, n.t_s) for n in notices if n.kind in KINDS]


def test_a_link_event_has_one_time_in_every_view_on_a_lagging_host(tmp_path):
    live = run_on_virtual_clock(_live_lagging(tmp_path))
    end_s = live.summary.record.duration_s
    said = _times(live.notices)  # the terminal's
    assert [k for k, _, _ in said] == ["battery_low", "disconnected", "foot_lost", "reconnected"], said
    assert all(t <= end_s for _, _, t in said), (said, end_s)
    # the session's events, as the report's list of every event reads them
    session = load_session(live.path)
    listed = [(e.kind, e.foot, e.t_s) for e in link_events(session.events, ["left", "right"])]
    assert listed == said  # had: each at its host time x speed, seconds to minutes later
    # the end's Note line says the foot lost and back at the terminal's times
    lost = next(t for k, _, t in said if k == "foot_lost")
    back = next(t for k, _, t in said if k == "reconnected")
    note = next(n for n in live.summary.record.notes if n.startswith("left insole"))
    assert re.search(rf"lost at {clock_text(lost)}, back at {clock_text(back)}$", note), (note, said)
    assert note in session.info.notes
    # the host ran behind the data: the times said are the data's, not host time x speed
    assert lost < 50.0 + 2.0 < 50.0 / LAG
    assert _times(run_on_virtual_clock(_replay(live.path))) == said  # and the replay says the same


def test_a_link_event_is_dated_by_the_data_and_moved_on_by_the_host_while_no_foot_sends():
    assert link_event_s(30.0, 20.0, 29.5) == 20.5  # frames coming: at the newest, the time since it came on
    assert link_event_s(30.0, 20.0, 18.0) == 30.0  # never later than its own arrival
    assert link_event_s(30.0, 20.0, 25.0) == 25.0  # no foot sending for 5 s: 5 s after the newest frame
    assert link_event_s(30.0, float("-inf"), float("-inf")) == 30.0  # before any frame: its arrival


def test_an_event_of_a_log_without_dated_link_events_stands_at_its_arrival():
    assert timed_event(12.5, {"event": "disconnected", "foot": "left"}) == {
        "t_s": 12.5, "event": "disconnected", "foot": "left"}
    assert timed_event(12.5, {"event": "disconnected", "t_s": 10.0})["t_s"] == 10.0
    for damaged in ("10", None, True, float("nan"), float("inf")):  # a hand-edited or foreign log
        assert timed_event(12.5, {"event": "disconnected", "t_s": damaged})["t_s"] == 12.5
