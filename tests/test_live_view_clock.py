"""The live view's time at a ride's end (monitor.live.view_clock; README.md "Reading the live view").

The recorder's snapshots step back at the end: while it waits past the duration for the last data it dates
them at host time x speed (past the duration), and its final one at the time the recording holds, about
the duration. The claims, each a test that fails if it is wrong:

- the terminal's and the phone's session time never goes back and never passes the duration;
- the relief clock reads that same time: never "relief 0:34 ago" in a 0:30 ride;
- the packet rate leaves out a snapshot that steps back: 12-13 pkt/s for the simulated insole to the last
  view, not a count taken after a time that went back.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

from test_live import _fake_link, _packets

from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.record_progress import RecordProgress
from monitor.live.session import LiveMonitor
from monitor.live.view_clock import PacketRates, ViewClock
from monitor.live.web.state import page_state
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

DURATION_S = 30.0
#: the simulated Solewatch insole's packets a second (README.md "Reading the live view": about 12.5)
PACKETS_PER_S = 12.5
#: session times of the recorder's snapshots at 30x (one per 0.2 s of host time, or less to reach the
#: duration): up to the duration, on past it while it waits for the last data, then its final one at the
#: time the recording holds
SNAPSHOTS_S = (18.0, 24.0, 29.7, 30.3, 33.3, 36.3, 29.98)
#: how far the frames received are behind a snapshot's time (s; guess: a host that lags at 30x)
LAG_S = 4.0


def _snapshot(session_s: float, packets: int, feet: tuple[str, ...]) -> RecordProgress:
    zero = dict.fromkeys(feet, 0)
    return RecordProgress(session_s, DURATION_S, zero, dict.fromkeys(feet, packets), zero, zero,
                          dict.fromkeys(feet, True), dict.fromkeys(feet, 80), zero, None)


async def test_the_views_time_relief_and_rate_hold_when_the_recorders_snapshots_step_back():
    session = offline_session("cleat-forward", duration_s=DURATION_S, seed=2)
    feet = tuple(session.info.layouts)
    views, dispatcher = [], Dispatcher([])
    live = LiveMonitor(_fake_link(session.info.layouts, 30.0),
                       SimpleNamespace(label="t", activity=session.info.activity), duration_s=DURATION_S,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(),
                       on_view=views.append, on_notice=None)
    blocks, counted = list(_packets(session, feet)), 0
    for at_s in SNAPSHOTS_S:
        while blocks and (blocks[0].t_s[-1] <= at_s - LAG_S or at_s == SNAPSHOTS_S[-1]):  # received by then
            live.on_frames(blocks.pop(0))
        counted = max(counted, math.floor(PACKETS_PER_S * at_s))  # the count only grows, whenever it is taken
        live.tick(_snapshot(at_s, counted, feet))
    await dispatcher.aclose()
    shown = [v.session_s for v in views]
    assert shown == sorted(shown) and max(shown) == DURATION_S, shown
    for view in views:
        state = page_state(view)
        assert state["session_s"] == view.session_s
        for foot in feet:
            relief_s = view.feet[foot].time_since_relief_s
            assert not relief_s > view.session_s, (view.session_s, relief_s)  # NaN: no window yet
            assert state["feet"][foot]["relief_s"] == (None if math.isnan(relief_s) else round(relief_s))
    assert all(math.isfinite(views[-1].feet[foot].time_since_relief_s) for foot in feet)
    for view in views:
        for foot in feet if view.session_s > SNAPSHOTS_S[0] else ():  # a rate from the second snapshot on
            assert 12.0 <= view.feet[foot].packets_per_s <= 13.0, (view.session_s, view.feet[foot].packets_per_s)


def test_the_clock_without_an_end_only_goes_forward():
    clock = ViewClock(None)
    assert [clock.shown(t_s) for t_s in (5.0, 7.0, 6.0, 9.0)] == [5.0, 7.0, 7.0, 9.0]


def test_a_rate_keeps_its_value_through_a_snapshot_that_steps_back():
    rates = PacketRates(["left"])
    for at_s, packets in ((10.0, 125), (11.0, 137), (12.0, 150), (11.5, 170)):
        rates.add(at_s, {"left": packets})
    assert rates.per_s["left"] == 12.5
