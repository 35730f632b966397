"""A foot whose link comes back but which sends no data after it is said so, once, as a link event is: "right
insole reconnected but has sent no data since 0:20", live in `record`'s lines (and `live`'s, which say every
link notice alike), in the raw log's events and in the recording's notes, "right insole reconnected at 0:35 but
sent no data after it (its data ended at 0:20)". Had: the reconnection alone was said, and the foot read as fine
to the end. The silence is judged with the data-stale rule's delay (``stale_after_s``, 10 s) from the
reconnection. A drop and a return whose data come is said no such thing. The event loop runs on the virtual
clock (tests/virtual_clock.py): a reconnection takes the host no time whatever its load."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.cli.console import ProgressView
from monitor.link.silent_back import SILENT_BACK_EVENT
from monitor.report.event_list import link_events
from monitor.report.text import analysis_text
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

SPEED, DURATION_S = 20.0, 60.0
#: the right insole's link down from 20 s for 15 s: longer than stale_after_s, so its NO DATA came meanwhile
DROP = "drop:right@20s+15s"


def _no_notifications_after_a_drop(monkeypatch, foot: str) -> None:
    """The simulated insole of ``foot`` takes its first subscription only: once its link has dropped, the
    monitor's subscription on reconnecting does not take (its firmware sends no notification again)."""
    from firmware_sim.peripheral import SimInsole

    subscribe = SimInsole._on_pressure_subscription

    def first_only(self, bearer, notify_enabled, indicate_enabled):
        if self.side == foot and self._counts["drops_injected"]:
            return None
        return subscribe(self, bearer, notify_enabled, indicate_enabled)

    monkeypatch.setattr(SimInsole, "_on_pressure_subscription", first_only)


async def _record(out, lines):
    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles

    view = ProgressView(Console(file=lines, width=200), plain=True)
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[DROP]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        link.on_session_start = sim.start_clock
        return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=out, on_frames=view.frames,
                                    on_event=view.link_event)


def test_a_foot_back_on_its_link_that_sends_nothing_is_said_so_once(tmp_path, monkeypatch):
    _no_notifications_after_a_drop(monkeypatch, "right")
    lines = io.StringIO()
    summary = run_on_virtual_clock(_record(tmp_path, lines))
    session = load_session(summary.path)
    (back,) = [e["t_s"] for e in session.events if e["event"] == "reconnected" and e["foot"] == "right"]
    right = session.foot_frames("right")["t_s"]
    assert right.iloc[-1] < back, (right.iloc[-1], back)  # the case at issue: nothing after it
    (said,) = [e for e in session.events if e["event"] == SILENT_BACK_EVENT]  # had: none
    assert said["foot"] == "right"
    assert said["t_s"] == pytest.approx(back + DEFAULT_PARAMS.alerts.stale_after_s)
    printed = [line for line in lines.getvalue().splitlines() if "has sent no data" in line]
    assert printed == ["   0:45  right insole reconnected but has sent no data since 0:20"], lines.getvalue()
    note = "right insole reconnected at 0:35 but sent no data after it (its data ended at 0:20)"
    assert note in session.info.notes, session.info.notes
    # analyze says it as the recording's notes do, and the report lists it with the link's events
    assert f"Note: {note}" in analysis_text(analyze(session)).splitlines()
    listed = [(e.t_s, e.message) for e in link_events(session.events, ["left", "right"]) if e.kind == SILENT_BACK_EVENT]
    assert listed == [(said["t_s"], "right insole reconnected but has sent no data since 0:20")], listed


def test_a_foot_back_whose_data_come_is_said_nothing_more(tmp_path):
    lines = io.StringIO()
    summary = run_on_virtual_clock(_record(tmp_path, lines))
    session = load_session(summary.path)
    (back,) = [e["t_s"] for e in session.events if e["event"] == "reconnected" and e["foot"] == "right"]
    assert (session.foot_frames("right")["t_s"] > back).any()
    assert not [e for e in session.events if e["event"] == SILENT_BACK_EVENT]
    assert "no data" not in lines.getvalue() and not [n for n in session.info.notes if "sent no data" in n]
    assert not [line for line in analysis_text(analyze(session)).splitlines() if "sent no data" in line]


async def _live(out):
    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.session import run_live
    from monitor.live.simulated import simulated_insoles

    notices = []
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[DROP]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        link.on_session_start = sim.start_clock
        summary = await run_live(link, sim.meta, duration_s=DURATION_S, out_dir=out, on_notice=notices.append)
    return summary, notices


def test_live_and_its_replay_say_it_as_a_notice(tmp_path, monkeypatch):
    from monitor.live.replay import replay_session

    _no_notifications_after_a_drop(monkeypatch, "right")
    summary, notices = run_on_virtual_clock(_live(tmp_path))
    said = [(n.t_s, n.text) for n in notices if n.kind == SILENT_BACK_EVENT]
    (back,) = [e["t_s"] for e in load_session(summary.record.path).events
               if e["event"] == "reconnected" and e["foot"] == "right"]
    assert said == [(back + DEFAULT_PARAMS.alerts.stale_after_s,
                     "right insole reconnected but has sent no data since 0:20")], said  # had: none
    again = []
    run_on_virtual_clock(replay_session(summary.record.path, on_notice=again.append))
    assert [(n.t_s, n.text) for n in again if n.kind == SILENT_BACK_EVENT] == said


def test_the_note_says_when_the_data_came_again():
    import numpy as np

    from monitor.link.silent_back import silent_back_notes

    events = [{"event": "reconnected", "foot": "right", "t_s": 35.0},
              {"event": SILENT_BACK_EVENT, "foot": "right", "t_s": 45.0, "back_s": 35.0, "since_s": 20.0}]
    data_t = {"right": np.array([19.99, 20.0, 52.3, 52.31])}
    assert silent_back_notes(events, data_t) == ["right insole reconnected at 0:35 but sent no data until 0:52"]
    assert silent_back_notes(events, {"right": np.array([20.0])}) == [
        "right insole reconnected at 0:35 but sent no data after it (its data ended at 0:20)"]
