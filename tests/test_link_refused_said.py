"""A reconnection the insole refuses (back with another layout, side or rate) is retried, as
docs/reliability.md says, and the person is told why once: a ``reconnection_refused`` event whose note names
the foot and the reason, given as a notice by ``record``, ``live`` and ``replay`` (had: only "lost")."""

from __future__ import annotations

import pytest
from test_link_repeated_faults import _link_events, _reboot_on_drop, _record

from monitor.analysis.streaming import notice_for
from monitor.link.ble import LinkConfig

pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]  # a virtual clock (tests/virtual_clock.py)


async def test_a_refused_reconnection_is_said_once_with_its_reason(tmp_path):
    session, truth, pending = await _record(
        tmp_path, faults=["drop:left@10s+0.5s"], config=LinkConfig(speed=20.0, lost_after_session_s=5.0),
        during=_reboot_on_drop("left", spec={"kpa_per_count_milli": 500}))
    assert truth["left"].connections > 2  # tried again after the refusal, and let go each time
    refused = [e for e in session.events if e["event"] == "reconnection_refused"]
    assert len(refused) == 1, refused
    (event,) = refused
    assert event["foot"] == "left" and "another layout" in event["error"]
    notice = notice_for(event["t_s"], event)
    assert notice is not None and notice.text.startswith("left insole refused at its reconnection ("), notice
    assert "another layout than the session's" in notice.text and notice.text.endswith("it is still tried")
    assert _link_events(session, "left") == ["connected", "disconnected", "foot_lost"]
    assert pending == []
