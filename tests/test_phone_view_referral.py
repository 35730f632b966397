"""The phone view says Solewatch is not a medical device, and when numbness needs a clinician.

The page gave advice ("After: Move the left cleat back 2-10 mm") and took "numb now" marks, yet never said it
is not a medical device, nor domain.md section 6's last row ([18][36]: numbness that persists after the
session, or any user with diabetes or neuropathy: see a clinician), which analyze and the live summary end
with. The page now says the disclaimer always, the referral after a numb mark, and the summary's referrals
once the session ended, in the very words analyze and the summary use (monitor.analysis.suggestions)."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from test_phone_view_stale import _foot

from monitor.analysis.alerts import Alert
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.live.view import LiveView
from monitor.live.web.server import PhoneView
from monitor.live.web.state import ended_fields, page_state

STATIC = Path(__file__).resolve().parents[1] / "monitor" / "live" / "web" / "static"
MARK = Alert(724.0, "left", "rider_mark", None, None, None, message="NUMB NOW  marked by the rider")


def _view(marks: tuple[Alert, ...] = ()) -> LiveView:
    return LiveView(session_s=730.0, duration_s=1800.0, marks=marks,
                    feet={f: _foot(f) for f in ("left", "right")})


def test_every_state_says_it_is_not_a_medical_device():
    state = page_state(_view())
    assert state["disclaimer"] == NOT_A_MEDICAL_DEVICE
    assert state["referral"] is None  # no mark, no referral on the screen


def test_a_numb_mark_brings_the_referral_in_analyze_s_words():
    referral = page_state(_view((MARK,)))["referral"]
    assert referral == referrals(["cycling_seated"])[0], referral
    assert "If numbness persists after the ride ends, see a clinician" in referral
    assert "diabetes or neuropathy" in referral


def _summary() -> LiveSummary:
    rec = RecordSummary(Path("s"), 1800.0, {"left": {}, "right": {}}, 0)
    return LiveSummary(rec, [Delivered(MARK, ("terminal",), "2026-12-07T05:00:00Z")],
                       {f: {"activity": "cycling"} for f in ("left", "right")})


def test_the_ended_page_gets_the_summary_s_referrals():
    summary = _summary()
    said = ended_fields(summary)["referrals"]
    lines = summary_text(summary).splitlines()
    assert said and said == lines[-1 - len(said):-1], (said, lines[-4:])  # before the disclaimer, its last line
    assert lines[-1] == NOT_A_MEDICAL_DEVICE


def test_the_static_page_holds_the_disclaimer_and_draws_what_the_state_says():
    html = (STATIC / "index.html").read_text()
    assert f'<div id="disclaimer">{NOT_A_MEDICAL_DEVICE}</div>' in html  # before the first state, too
    assert re.search(r'<div id="referral"[^>]*>', html)
    app = (STATIC / "app.js").read_text()
    for read in ("state.referral", "state.disclaimer", "state.referrals"):
        assert read in app, read


def test_the_served_states_carry_them_on_127_0_0_1():
    """A page's WebSocket: a live state after a mark, then the ended one with the summary's referrals."""
    import websockets

    async def go() -> list[dict]:
        phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)
        await phone.start()
        assert phone.url.startswith("http://127.0.0.1:"), phone.url
        got: list[dict] = []
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            phone.publish(_view((MARK,)))
            got.append(json.loads(await asyncio.wait_for(ws.recv(), 30)))
            closing = asyncio.ensure_future(phone.aclose(ended_fields(_summary())))
            async for message in ws:
                got.append(json.loads(message))
            await closing
        return got

    got = asyncio.run(go())
    live = next(m for m in got if m.get("type") == "state" and m.get("marks"))
    assert live["referral"] == referrals(["cycling_seated"])[0] and live["disclaimer"] == NOT_A_MEDICAL_DEVICE
    ended = next(m for m in got if m.get("ended"))
    assert ended["referrals"] == list(referrals(["cycling"])), ended.get("referrals")
