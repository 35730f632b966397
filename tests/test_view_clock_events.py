"""A view never shows an event later than the clock beside it: its session time is at least the newest event
it shows (the banner's, the other feet's, the marks'), never past the duration.

The recorder's snapshot a view is made of was taken a little before the events it shows: a mark is dated at
its arrival, an event of the data at its frame's time, both after the snapshot's host time x speed. At 20x the
phone's state held a mark at 126.78 s ("2:07") beside ``session_s`` 126.2 ("2:06"), and DATA BACK at 213.7 s
beside 211.5.
"""

from __future__ import annotations

from types import SimpleNamespace

from test_live import _fake_link, _packets
from test_live_view_clock import _snapshot

from monitor.analysis.marks import RIDER_MARK_EVENT, mark_event
from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.session import LiveMonitor
from monitor.live.view_clock import ViewClock
from monitor.live.web.state import page_state
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SPEED = 20.0
DURATION_S = 30.0  # test_live_view_clock's snapshots' duration
SNAPSHOT_S, MARK_S = 12.2, 12.78  # the snapshot's time, and the mark's arrival after it (session s)


async def test_the_phones_clock_is_never_behind_a_mark_it_shows():
    session = offline_session("cleat-forward", duration_s=DURATION_S, seed=2)
    feet = tuple(session.info.layouts)
    views, dispatcher = [], Dispatcher([])
    live = LiveMonitor(_fake_link(session.info.layouts, SPEED),
                       SimpleNamespace(label="t", activity=session.info.activity), duration_s=DURATION_S,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(),
                       on_view=views.append, on_notice=None)
    for block in _packets(session, feet, t_max_s=MARK_S):
        live.on_frames(block)
    live.tick(_snapshot(SNAPSHOT_S, 150, feet))
    live.on_event(MARK_S, {"event": RIDER_MARK_EVENT, "foot": "left", **mark_event("left", "web")})
    await dispatcher.aclose()
    marked = [v for v in views if v.marks]
    assert marked, [v.session_s for v in views]
    for view in marked:
        state = page_state(view)
        assert [m["t_s"] for m in state["marks"]] == [MARK_S]
        assert state["session_s"] >= MARK_S, state["session_s"]


def test_the_clock_runs_to_the_newest_event_shown_and_no_further_than_the_duration():
    clock = ViewClock(DURATION_S)
    assert clock.shown(12.2, 12.78) == 12.78  # a mark dated after the snapshot
    assert clock.shown(12.5) == 12.78  # never back
    assert clock.shown(13.0, 12.9) == 13.0  # an event before the snapshot: the snapshot's time
    assert clock.shown(29.5, 31.0) == DURATION_S  # never past the end



async def test_the_clock_is_never_behind_an_event_told_before_it():
    """Every event told, standing or not (DATA BACK never stands; the terminal's line tells it), is at or before
    the time of every view after it, though the view is made of a snapshot taken a second before the data."""
    session = offline_session("cleat-forward", duration_s=DURATION_S, seed=2)
    feet = tuple(session.info.layouts)
    seen, dispatcher = [], Dispatcher([])
    live = LiveMonitor(_fake_link(session.info.layouts, SPEED),
                       SimpleNamespace(label="t", activity=session.info.activity), duration_s=DURATION_S,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(),
                       on_view=lambda v: seen.append((v, tuple(live.alerts_))), on_notice=None)
    blocks = [b for b in _packets(session, feet) if b.foot == "left" or not 8.0 <= b.t_s[0] < 20.0]  # right silent
    snapped_s = 0.0
    for block in sorted(blocks, key=lambda b: b.t_s[0]):
        live.on_frames(block)
        if block.t_s[0] - 1.0 >= snapped_s + 0.5:
            snapped_s = block.t_s[0] - 1.0
            live.tick(_snapshot(snapped_s, 10, feet))  # half-second snapshots a second behind the data
    await dispatcher.aclose()
    (back,) = [a for a in live.alerts_ if a.kind == "data_back"]
    assert any(back in told for _, told in seen)
    late = [(v.session_s, a.kind, a.t_s) for v, told in seen for a in told if a.t_s > v.session_s]
    assert late == [], late
