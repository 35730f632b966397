"""What the link tells after a simulated ride's duration, while the recorder waits on for its insoles, reads
as the session's end, not as a session that goes on: a reconnection that fails then says the insole was
not back by the end (``monitor.live.record_notes.failed_after_end``). The rides run on the virtual clock
(tests/virtual_clock.py): host speed changes nothing.
"""

from __future__ import annotations

import pytest
from test_link_repeated_faults import _record

from monitor.analysis.streaming import notice_for
from monitor.link.ble import LinkConfig

pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]

SPEED = 20.0
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
    # the left insole drops at 20 s for good and the right stops sending then (still connected): the recorder
    # waits past the 30-s duration for their data, and the left's reconnection fails then. Had: "left insole
    # lost: its reconnection failed (RuntimeError: the driver broke) and is not tried again; the session goes
    # on with the right", of a session that was over
    session, _, pending = await _record(
        tmp_path, duration_s=DURATION_S, speed=SPEED, faults=["drop:left@20s+600s", "stop:right@20s"],
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
