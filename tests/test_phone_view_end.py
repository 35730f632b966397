"""The phone view as a ride ends, and a new alert while an older one stands.

Once the recording has ended the pages are told at once that the session is ending (no "NO UPDATE" while it
is being finished); the ended page says what the session found, in the summary's own lines, a foot's badge
the highest level it was given (not OK for a foot warned, then relieved), and the session's saved length, the
summary's; the banner says when its event was raised and how long ago, and a new one is marked NEW.

Pages are headless Chromium (tests/test_phone_view_stale.py's) or WebSocket clients of a phone view served in
the test's own process, and one `solewatch live --web` process. Every wait is on a condition, polled.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
import time

import pytest
import websockets
from live_ride import live_ride_async
from test_phone_view import ROOT
from test_phone_view_delivery import _connected, _read
from test_phone_view_stale import _foot, _open, _wait, browser, served  # noqa: F401 - fixtures
from websockets.sync.client import connect

from monitor.analysis.alerts import Alert
from monitor.live.summary import found_lines
from monitor.live.view import LiveView
from monitor.live.web.server import PhoneView
from monitor.live.web.state import ended_fields
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(600)


def _alert(t_s: float) -> Alert:
    return Alert(t_s, "right", "alert", "alert", "mth2_3", "focal_mth", suggestions=("Move the right cleat back",))


def _view(session_s: float, current: Alert | None = None, duration_s: float = 1800.0, **right) -> LiveView:
    return LiveView(session_s=session_s, duration_s=duration_s, current_alert=current,
                    feet={"left": _foot("left"), "right": _foot("right", **right)})


def _text(page, element: str) -> str:
    return page.evaluate(f"document.getElementById('{element}').innerText")


def test_a_new_alert_while_an_older_one_stands_shows_its_time_and_is_marked_new(browser, served):
    # had: the page's text was the same before and after the 12:10 alert replaced the 2:10 one (same words);
    # only an unstyled data-t attribute changed
    served.publish(_view(700.0, _alert(130.0), level="alert", pattern="focal_mth", region="mth2_3"))
    page, errors = _open(browser, served)
    _wait(page, "document.getElementById('banner').dataset.level === 'alert'")
    before = _text(page, "banner")
    assert "at 2:10 (9:30 ago)" in before  # the terminal's banner: "(9:30 ago)"
    assert page.evaluate("document.getElementById('banner').dataset.new") == "0"  # opened on it: not new
    served.publish(_view(746.0, _alert(730.0), level="alert", pattern="focal_mth", region="mth2_3"))
    _wait(page, "document.getElementById('banner').dataset.t === '730'")
    after = _text(page, "banner")
    assert after != before and "at 12:10 (0:16 ago)" in after
    assert page.evaluate("document.getElementById('banner').dataset.new") == "1"
    assert page.evaluate("document.getElementById('banner-new').textContent") == "NEW"
    assert page.evaluate("document.getElementById('banner-title').textContent") == "ALERT right foot MTH2-3 focal peak"
    assert not errors


def test_an_event_shown_under_the_banner_is_not_new_when_it_moves_up_into_it(browser, served):
    # had: a left notice shown under the right foot's warning from the page's first state flashed NEW for 10 s
    # when the warning lapsed and the notice moved up into the banner (only the banner's events were noted)
    warning = Alert(100.0, "right", "warning", "warning", "mth2_3", "focal_mth")
    notice = Alert(90.0, "left", "notice", "notice", "mth2_3", "focal_mth")
    view = LiveView(session_s=110.0, duration_s=1800.0, current_alert=warning, others=(notice,),
                    feet={"left": _foot("left", level="notice"), "right": _foot("right", level="warning")})
    served.publish(view)
    page, errors = _open(browser, served)
    _wait(page, "document.getElementById('banner').dataset.level === 'warning'")
    assert "LEFT NOTICE" in _text(page, "others")
    served.publish(LiveView(session_s=111.0, duration_s=1800.0, current_alert=notice,
                            feet={"left": _foot("left", level="notice"), "right": _foot("right")}))
    _wait(page, "document.getElementById('banner').dataset.level === 'notice'")
    assert page.evaluate("document.getElementById('banner').dataset.new") == "0"
    assert "NEW" not in _text(page, "banner")
    assert not errors


def test_an_ending_session_never_says_no_update_and_the_ended_page_says_what_was_found(browser, served):
    # had: from the recording's end until the session had been finished no state came, and the page said "NO
    # UPDATE from the monitor ... not live" for seconds; the ended page said nothing of the right foot's alert
    # relieved before the end (its badge read OK) and "SESSION ENDED at 12:00" against the summary's 12:01
    served.publish(_view(720.4, duration_s=720.0))
    page, errors = _open(browser, served)

    async def ending() -> None:
        served.phone.ending()
    served.call(ending())
    _wait(page, "document.body.dataset.ending === '1'")
    assert "SESSION ENDING at 12:00" in _text(page, "stale")
    # no state comes while the session is finished: past the page's 3 s of no update, it still says ending
    _wait(page, "performance.now() - lastStateAt > STALE_AFTER_MS + 1500")
    assert "NO UPDATE" not in page.evaluate("document.body.innerText")
    assert "SESSION ENDING" in _text(page, "stale")
    found = ["Alerts: right foot 1 alert, 1 warning, 1 notice, 1 back to normal.",
             "Judged against this session's first minutes."]
    end = {"recorded_s": 720.535, "found": found, "found_levels": {"right": "alert"}}
    served.call(served.phone.aclose(end))
    _wait(page, "document.body.dataset.ended === '1'")
    assert "SESSION ENDED at 12:01" in _text(page, "stale")
    others = _text(page, "others")
    assert "Found in the session:" in others and all(line in others for line in found)
    badges = page.evaluate("[...document.querySelectorAll('.foot-level')].map((b) => b.textContent)")
    assert badges == ["OK", "ALERT"]  # the left foot was given nothing; the right an alert
    assert not errors


async def test_a_ride_tells_its_pages_it_is_ending_before_it_returns_and_ends_on_its_summary(tmp_path):
    phone = PhoneView("127.0.0.1", 0, min_interval_s=0.0)
    await phone.start()
    got: list = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            reader = asyncio.create_task(_read(ws, got))
            await _connected(phone, 1)
            summary = await live_ride_async(tmp_path, "cleat-forward", speed=40.0, seed=1, duration_s=100.0,
                                            on_view=phone.publish, on_ending=phone.ending)
            # the run returned and the phone view is not closed: the page was told the session is ending
            for _ in range(30000):
                if any(m.get("ending") for m in got):
                    break
                await asyncio.sleep(0.01)
            assert any(m.get("ending") for m in got)
            await phone.aclose(ended_fields(summary))
            await reader
    finally:
        await phone.aclose()
    first = next(i for i, m in enumerate(got) if m.get("ending"))
    assert all(m.get("ending") for m in got[first:-1]) and "ending" not in got[-1]
    last = got[-1]
    assert last["ended"] is True and last["recorded_s"] == summary.record.duration_s
    assert last["found"] == found_lines(summary) and last["found"][0].startswith("Alerts: ")
    assert last["found_levels"] == {foot: max((a.level for a in summary.alerts if a.foot == foot and a.kind == "alert"),
                                              key=("notice", "warning", "alert").index) for foot in ("left", "right")}


def test_live_web_ends_its_pages_on_the_summary_it_prints(tmp_path):
    params = tmp_path / "fast.json"
    params.write_text(json.dumps({"detector": {"warn_after_s": 60, "alert_after_s": 60}}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "live", "--sim", "one-sided", "--speed", "30", "--duration", "4m",
         "--web", "127.0.0.1:0", "--params", str(params), "--plain", "--no-report", "--no-sound",
         "--out", str(tmp_path / "sessions")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out: list[str] = []
    url: list[str] = []
    seen = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            out.append(line)
            m = re.search(r"phone view: http://(\S+)/\?token=(\S+)", line)
            if m:
                url.append(f"ws://{m.group(1)}/ws?token={m.group(2)}")
                seen.set()
    threading.Thread(target=read, daemon=True).start()
    got: list = []
    try:
        assert seen.wait(300), "".join(out)
        with connect(url[0]) as ws:
            for message in ws:
                got.append(json.loads(message))
        assert proc.wait(300) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 60
    while not any(line.startswith("Session: ") for line in out) and time.monotonic() < deadline:
        time.sleep(0.05)
    text = "".join(out)
    last = got[-1]
    assert last["ended"] is True
    assert [m for m in got if m.get("ending")], "no state said the session was ending"
    head = next(line for line in out if line.startswith("Session: "))
    assert head.startswith(f"Session: {clock_text(last['recorded_s'])} of ")  # one length, the page's and the summary's
    said = " ".join(text.split())
    assert last["found"] and all(" ".join(line.split()) in said for line in last["found"]), (last["found"], text)
    assert last["found_levels"].get("right") in ("warning", "alert")
