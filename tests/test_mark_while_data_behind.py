"""A mark made while the host delivers the ride's data late is checked on the data its foot sent by the mark,
not on the data received by then: at 40x on a busy host, a live mark said "1:47 RIGHT NUMB NOW marked by the
rider; the foot had sent no data since 1:38 (its load then unknown)" while frames.parquet held right frames
every 10 ms from 95 to 110 s and the report said nothing of a silence: both feet's data were on their way, the
analysis 15-36 s behind the session's time, far beyond the allowance for a pause of the host's delivery
(monitor.analysis.marks.delivery_allowance_s, 2 s at 40x). The mark's data check now waits for the data to
reach its time (monitor.analysis.streaming.AnalysisCore); a foot that really sent nothing still says since
when, live and in the replay alike.

Here both insoles' notifications from 19.5 s to 28.5 s of the session are held back and delivered at once, as a
host too busy to read them does (9 s behind at 40x, under the 10 s after which a foot's data are stale), and the
right foot is marked at 27 s, in the hold.
"""

from __future__ import annotations

import asyncio

import pytest
from test_brief_foot_summary import QUICK_PARAMS
from test_mark_data_late import hold_notifications
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import mark_numb, run_live
from monitor.live.simulated import simulated_insoles

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
HOLD_FROM_S, HOLD_TO_S = 19.5, 28.5  # session s (host s x SPEED) both feet's notifications are held back
MARK_S = 27.0  # session s the right foot is marked, in the hold: 7.5 s after its last frame delivered


def _hold_notifications(monkeypatch, started: list) -> None:
    """Both insoles' notifications between HOLD_FROM_S and HOLD_TO_S are held back, as a busy host delivers them
    (test_mark_data_late.hold_notifications)."""
    hold_notifications(monkeypatch, started, SPEED, HOLD_FROM_S, HOLD_TO_S)


async def _right_marked_at(out, mark_s: float, faults: list[str], started: list):
    """A live session of the one-sided ride at SPEED whose right foot is marked at ``mark_s`` (session s);
    ``started`` gets the link as its session starts."""
    async with simulated_insoles("one-sided", speed=SPEED, seed=1, faults=faults) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        start = link.on_session_start

        def starting() -> None:
            if start is not None:
                start()
            started.append(link)
            asyncio.get_running_loop().call_later(mark_s / SPEED, mark_numb, link, "right", "terminal")

        link.on_session_start = starting
        return await run_live(link, sim.meta, duration_s=45.0, out_dir=out, params=QUICK_PARAMS)


def _mark(summary):
    (mark,) = [a for a in summary.alerts if a.kind == "rider_mark"]
    return mark


def test_a_mark_while_both_feet_s_data_are_late_says_no_silence_live_and_in_the_replay(tmp_path, monkeypatch):
    started: list = []
    _hold_notifications(monkeypatch, started)
    live = run_on_virtual_clock(_right_marked_at(tmp_path, MARK_S, [], started))
    frames = load_session(live.record.path).frames
    right_t = frames[frames.foot == "right"].t_s.to_numpy()
    assert ((right_t > MARK_S - 0.05) & (right_t < MARK_S + 0.05)).any()  # the foot's frames cover the mark
    replayed = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    for summary in (live, replayed):
        mark = _mark(summary)
        assert mark.t_s == pytest.approx(MARK_S, abs=0.05) and mark.foot == "right"
        assert "no data" not in mark.message, mark.message
    (checked,) = analyze(load_session(live.record.path), params=QUICK_PARAMS).mark_checks()
    assert checked.no_data_since_s is None


def test_a_mark_while_the_data_are_late_on_a_foot_that_really_sent_nothing_says_since_when(tmp_path, monkeypatch):
    started: list = []
    _hold_notifications(monkeypatch, started)
    live = run_on_virtual_clock(_right_marked_at(tmp_path, MARK_S, ["drop:right@15s+30s"], started))
    replayed = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    for summary in (live, replayed):
        assert "; the foot had sent no data since 0:15 (its load then unknown)" in _mark(summary).message
    (checked,) = analyze(load_session(live.record.path), params=QUICK_PARAMS).mark_checks()
    assert checked.no_data_since_s == pytest.approx(15.0, abs=0.5)
