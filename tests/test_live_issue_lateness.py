"""How late a live session's alerts, marks and events came (monitor.live.analysis_lag.AnalysisLag): from the data
that raised each to its being issued to the channels, not to the channels' finishing (a slow phone or haptic
motor is their delivery, given per channel apart: Delivered.latency_s), and for every kind.

Deterministic: the host's clock is a number the test sets (at 1x, host s = session s), and the one channel
finishes only when the test lets it.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from test_live import _fake_link

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RIDER_MARK_EVENT, mark_event
from monitor.live.analysis_lag import AnalysisLag, late_words
from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.session import LiveMonitor
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SETTLE_S = DEFAULT_PARAMS.features.settle_s


class _SlowChannel:
    """A channel that finishes an alert only when ``gate`` is set."""

    name = "slow"

    def __init__(self) -> None:
        self.gate = asyncio.Event()

    def wants(self, alert: Alert) -> bool:
        return True

    async def deliver(self, alert: Alert) -> bool:
        await self.gate.wait()
        return True


async def test_lateness_is_taken_as_an_alert_or_a_mark_is_issued_not_as_its_channels_finish():
    session = offline_session("cleat-forward", duration_s=20.0, seed=2)
    host = [100.0]
    link = _fake_link(session.info.layouts, 1.0)
    link.host_s = lambda: host[0]
    slow = _SlowChannel()
    dispatcher = Dispatcher([slow])
    live = LiveMonitor(link, SimpleNamespace(label="t", activity=session.info.activity), duration_s=None,
                       params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(), on_view=None,
                       on_notice=None, post_check=lambda: None)
    # a warning about a window ending at 70 s, issued at 100 s: 30 s after its time, the window's settling in it
    live._emit(Alert(70.0, "left", "alert", "warning", message="w"), None)
    # the rider's mark posted at 96 s, given back by the analysis at 100 s
    live.on_event(96.0, {"event": RIDER_MARK_EVENT, "foot": "right", **mark_event("right", "web")})
    issued = [(kind, round(s, 3)) for kind, s in live.lag.issued_s]
    assert issued == [("alert", 30.0 - SETTLE_S), ("rider_mark", 4.0)], issued  # had: nothing at issue
    host[0] = 160.0  # the channel takes a minute
    slow.gate.set()
    await dispatcher.aclose()
    # had: the alert 90 s - settle, the channel's minute counted in, and the mark never timed
    assert [(kind, round(s, 3)) for kind, s in live.lag.issued_s] == issued
    assert len(dispatcher.delivered_) == 2 and dispatcher.delivered_[0].latency_s["slow"] >= 0.0


def test_the_note_says_how_late_the_alerts_marks_and_events_came():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.handed(110.0, 160.0)  # the analysis 50 s behind
    lag.issued("alert", 110.0, 160.0)  # 45 s beyond its window's settling
    lag.issued("alert", 150.0, 156.0)  # 1 s beyond it: on time
    lag.issued("rider_mark", 130.0, 160.0)
    lag.issued("data_stale", 150.0, 160.0)  # 10 s: not beyond the bound
    assert lag.note() == (
        "the analysis fell up to 50 s behind the session's time (the host was too busy for the session's "
        "speed); issued late: 1 alert of 2 up to 45 s (after 5 s for its window to settle), 1 mark of 1 up to "
        "30 s; the views say it beyond 10 s behind (a guess)")


@pytest.mark.parametrize("kind", ["alert", "back_to_normal"])
def test_a_window_s_event_is_late_only_beyond_its_settling(kind):
    lag = AnalysisLag(settle_s=5.0)
    lag.issued(kind, 10.0, 14.0)
    assert lag.issued_s == [(kind, 0.0)]


async def test_the_line_of_an_event_issued_late_says_how_late_in_seconds():
    """had: `live --plain` on a host too busy for its speed printed "5:10  LEFT  WARNING ..." after "8:41
    analysis caught up with the session's time", with no word that it came 82 s after its data; the line above
    the terminal's view alike. Now the line says it after its words; one on time, within the bound, says nothing."""
    from rich.console import Console

    from monitor.cli.console_live import LiveDisplay
    from monitor.live.analysis_lag import late_words

    session = offline_session("cleat-forward", duration_s=20.0, seed=2)
    host = [100.0]
    link = _fake_link(session.info.layouts, 1.0)
    link.host_s = lambda: host[0]
    console = Console(record=True, width=400, force_terminal=False)
    with LiveDisplay(console, plain=True) as display:
        dispatcher = Dispatcher([], on_done=lambda d: display.event(d.alert, d.delivered,
                                                                    late_words(d.late_s, d.after_end)))
        live = LiveMonitor(link, SimpleNamespace(label="t", activity=session.info.activity), duration_s=None,
                           params=DEFAULT_PARAMS, dispatcher=dispatcher, config=LiveConfig(), on_view=None,
                           on_notice=None, post_check=lambda: None)
        live._emit(Alert(10.0, "left", "alert", "warning", message="w"), None)  # 90 s after its data
        live._emit(Alert(92.0, "right", "alert", "notice", message="n"), None)  # 3 s beyond its settling
        await dispatcher.aclose()
    late, on_time = console.export_text().splitlines()
    assert late.startswith("   0:10  LEFT") and f"(issued {90.0 - SETTLE_S:.0f} s late)  [delivered: none]" in late
    assert on_time.startswith("   1:32  RIGHT") and "issued" not in on_time


def test_an_event_issued_after_the_end_says_its_lateness_is_to_that_end():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0, end_s=120.0)
    assert lag.issued("alert", 60.0, 200.0) == (55.0, True)  # counted to the end only
    assert late_words(*lag.issued("data_stale", 100.0, 115.0)) == "issued 15 s late"
    assert late_words(55.0, True) == "issued after the session's end, at least 55 s late"
    assert late_words(10.0) == late_words(None) == ""  # within the bound (10 s, a guess), or not measured
    assert late_words(10.04) == "issued 10.1 s late"  # as the views say the lag beside the bound


def test_an_event_issued_after_the_end_says_so_whatever_its_lateness():
    """A warning about 1:58 of a 2:00 ride issued 3 minutes later is late by 2 s to the end only (its lateness is
    counted to the end), within the bound: its line still says it came after the session's end. Had: ""."""
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0, end_s=120.0)
    assert lag.issued("alert", 118.0, 300.0) == (0.0, True)
    assert late_words(0.0, True) == "issued after the session's end"
    assert late_words(None, True) == "issued after the session's end"
    assert late_words(0.0, False) == ""  # on time, before the end: nothing
