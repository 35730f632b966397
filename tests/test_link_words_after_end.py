"""A simulated ride's end with its insoles down: what the link tells after the duration, while the recorder
waits on for them, reads as the session's end, not as a session that goes on (a reconnection that fails
then says the insole was not back by the end: ``monitor.live.record_notes.failed_after_end``); insoles all
down past the end are given up there (``PairLink.give_up_down``), not at the link's host-time floor, once
the simulation's own clock has passed the end too (``monitor.live.record_span.data_clock_s``: on a host
that lags, they may be back within the ride). The rides run on the virtual clock (tests/virtual_clock.py):
host speed changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_link_repeated_faults import _received_frames, _record
from virtual_clock import run_on_virtual_clock

from monitor.analysis.streaming import notice_for
from monitor.link.ble import LinkConfig

pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]

SPEED = 5.0
DURATION_S = 30.0


def _fails_after_the_end(monkeypatch, foot):
    """A ``during`` hook: ``foot``'s reconnection meets an error the link does not expect (a driver's bug) at
    its first attempt that starts once the host's clock x speed has passed the session's duration."""
    from monitor.link import ble

    def during(_sim, link):
        find = ble.find_address

        async def failing(backends, address, *, timeout_s):
            if address == link.feet[foot].address and link.host_s() * SPEED >= DURATION_S:
                raise RuntimeError("the driver broke")
            return await find(backends, address, timeout_s=timeout_s)

        monkeypatch.setattr(ble, "find_address", failing)

    return during


async def test_a_reconnection_that_fails_after_the_end_says_the_insole_was_not_back_by_it(tmp_path, monkeypatch):
    # both insoles drop at 25 s of a 30-s ride for good: the recorder waits past the end until they are down
    # long enough to be given up (lost_after_session_s), and the left's reconnection fails then. Had: "left
    # insole lost: its reconnection failed (RuntimeError: the driver broke) and is not tried again; the right
    # insole is down too: nothing is recorded until it comes back", of a session that was over
    session, _, pending = await _record(
        tmp_path, duration_s=DURATION_S, speed=SPEED, faults=["drop:left@25s+600s", "drop:right@25s+600s"],
        config=LinkConfig(speed=SPEED), during=_fails_after_the_end(monkeypatch, "left"))
    failed = [e for e in session.events if e.get("event") == "reconnection_failed"]
    assert [e["foot"] for e in failed] == ["left"], session.events
    note = failed[0]["note"]
    assert note == ("left insole lost: its reconnection failed (RuntimeError: the driver broke), told at the "
                    "session's end: the insole was not back by the end"), note
    assert failed[0]["t_s"] <= DURATION_S
    notice = notice_for(failed[0]["t_s"], failed[0])  # the line record, live and replay print
    assert notice is not None and notice.text == note
    assert not any("goes on" in n or "until" in n for n in session.info.notes), session.info.notes
    assert pending == []


def _host_s_of(session, kind: str) -> dict[str, float]:
    """foot -> host s its ``kind`` event reached the raw log."""
    from monitor.link.records import KIND_EVENT
    from monitor.session.directory import RAW_LOG
    from monitor.session.rawlog import iter_raw_log

    return {rec.foot: rec.host_s for rec in iter_raw_log(session.path / RAW_LOG)
            if rec.kind == KIND_EVENT and rec.event.get("event") == kind}


async def test_insoles_both_down_past_the_end_are_given_up_at_the_end_not_at_the_hosts_floor(tmp_path):
    # both insoles drop at 1:00 of a 2:00 ride at 40x and stay away: their losses are dated 1:10 (their last
    # frames + lost_after_session_s), and the recording ends at 2:00 of the host's clock x speed. Had: the
    # recorder waited for the link's host-time floor and its next reconnection attempt, 8.6 s of host time
    # after the start, 343 s of a 120-s ride (`record --sim healthy-ride --speed 40 --duration 2m
    # --fault drop:left@60s+600s --fault drop:right@60s+600s`)
    speed, duration_s = 40.0, 120.0
    after_s = LinkConfig().lost_after_session_s
    session, truth, pending = await _record(
        tmp_path, duration_s=duration_s, speed=speed, faults=["drop:left@60s+600s", "drop:right@60s+600s"])
    told = _host_s_of(session, "foot_lost")
    assert sorted(told) == ["left", "right"], session.events
    assert max(told.values()) * speed <= duration_s + 2.0, told  # given up at the end, not ~340 s
    for e in (e for e in session.events if e.get("event") == "foot_lost"):  # dated as before
        last_s = float(session.foot_frames(e["foot"])["t_s"].iloc[-1])
        assert last_s + after_s - 0.5 <= e["t_s"] <= last_s + after_s + 1e-6, e
        assert "told at the session's end" in e["note"], e
    assert session.info.duration_s == pytest.approx(duration_s, abs=1.0)  # the whole ride, not cut short
    assert any(n.startswith("both insoles lost (their data ended: left at 1:00, right at 1:00)")
               for n in session.info.notes), session.info.notes
    for foot in ("left", "right"):  # every frame sent is recorded
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert pending == []


async def _record_lagging(out: Path, speed: float, lag: float, duration_s: float, faults: list[str]):
    """A recording on the virtual clock whose simulated insoles run at ``lag`` of ``speed``, as on a host too
    busy for the speed (tests/test_live_lagging_host.py): the session summary and what the insoles sent."""
    from firmware_sim.sim_clock import SimClock
    from monitor.link.pairing import open_pair
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles

    clock = SimClock(speed * lag, paused=True, start_with_stream=True)
    async with simulated_insoles("healthy-ride", speed=speed, seed=1, faults=faults, ride_end_s=duration_s,
                                 clock=clock) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=speed))
        summary = await record_session(link, sim.meta, duration_s=duration_s, out_dir=out)
        truth = {foot: ins.counters for foot, ins in sim.pair.insoles.items()}
    return summary, truth


def test_insoles_both_down_past_the_hosts_end_on_a_lagging_host_are_waited_for_to_the_rides_end(tmp_path):
    # the host runs the simulation at 0.6 of its 40x: both insoles drop at 1:00 of the ride for 20 s, when the
    # host's clock x speed says 1:40, and are still down as it passes the 2:00 end (the ride's 1:12). The ride
    # is not over: they are back at its 1:20 and their data reach its 2:00, all recorded (what a foot samples past
    # the end while the ride waits for the other's data too: the insoles sample up to RIDE_END_MARGIN_S past it,
    # and a foot takes notifications up to that margin, tests/test_session_end_past_backlog.py)
    from monitor.session.directory import load_session

    duration_s = 120.0
    summary, truth = run_on_virtual_clock(_record_lagging(
        tmp_path, 40.0, 0.6, duration_s, ["drop:left@60s+20s", "drop:right@60s+20s"]))
    session = load_session(summary.path)
    assert not [e for e in session.events if e.get("event") == "foot_lost"], session.events
    for foot in ("left", "right"):
        assert float(session.foot_frames(foot)["t_s"].iloc[-1]) >= duration_s
        assert _received_frames(session, foot) == truth[foot].frames_sent  # had, at the duration: 8 short


def test_a_failed_reconnections_error_on_several_lines_is_read_on_one():
    # a session recorded while the link kept the exception's message as it was: its error and note hold
    # line breaks and a tab. The replay's notice, the note told at the session's end and the report's event
    # list each read them on one line (had: the line broke, and the rest read as a line of its own)
    from monitor.live.record_notes import failed_after_end
    from monitor.report.event_list import link_events

    error = "RuntimeError: the driver broke:\n  handle 0x2a\r\n\tnot found"
    event = {"t_s": 12.0, "event": "reconnection_failed", "foot": "left", "error": error, "down_session_s": 2.0,
             "note": f"left insole lost: its reconnection failed ({error}) and is not tried again; the session "
                     "goes on with the right"}
    one = "RuntimeError: the driver broke: handle 0x2a not found"
    texts = [notice_for(12.0, event).text, notice_for(12.0, {**event, "note": None}).text,
             failed_after_end(event, 30.0, 30.0)["note"], link_events([event], ("left", "right"))[0].message]
    for text in texts:
        assert one in text and not any(c in text for c in "\n\r\t"), text
