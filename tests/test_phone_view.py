"""The phone view of `solewatch live --web` in a real browser: headless Chromium (Debian's package) driven by
playwright, as the report's browser test does.

One simulated ride (`solewatch live --sim cleat-forward --speed 20 --web 127.0.0.1:0` as a process, an
hour long and ended by the test once it has checked the pages, so no check races the ride's end) and two
pages at 360x640: the ride starts once the first page is connected (tests/gated_start.py holds the session's
start until then: its first event, 70 s of ride in, came 3.5 s after the URL, and a host slow to open the
page saw it come first); the banner of the first event shows from the first state the page gets that holds
it, and every state that holds it shows it; a "numb now" tap lands in the session's raw log and
`solewatch replay` (in this process) gives it back; a second page opened mid-ride draws both feet from the
first state it gets, which is the current one (it holds the tap); no request leaves 127.0.0.1; a wrong or
missing token gets 403, for the page and for the WebSocket.

The process runs on the host's clock, not the virtual one of tests/virtual_clock.py: a browser talks to it
over real sockets, and on a virtual clock the ride would run as fast as the CPU goes while the page waits.
Nothing is timed: each check counts the states a page got (docs/performance.md's rule: no test depends on
the host's speed), and every wait is generous, so a loaded host makes the test slower, not wrong. How soon
the feet and the banner show is measured by benchmarks/bench_phone_view.py, which uses this module's pages.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from monitor import load_session
from monitor.cli.main import main

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SKIP = ("headless Chromium is needed for the phone view's browser test: install Debian's chromium package "
        "(apt-get install chromium; `make test` does, .ci/system-tools) and the dev extra's playwright")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

pytestmark = [pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason=SKIP),
              pytest.mark.timeout(300)]

#: What the page got and showed, recorded in the page itself. ``states``: each state the WebSocket brought,
#: in order (its session_s, its banner's kind and t_s as the page writes them, its marks), recorded before
#: the page draws it; ``drawn[i]``: the banner the page showed once it had drawn state i (a MutationObserver's
#: callback runs after each message's handler); ``feet_state``: how many states the page had got when both
#: feet were first drawn; each banner with the states got when it appeared. The times are for
#: benchmarks/bench_phone_view.py, which uses this page too: when both feet were first drawn
#: (performance.now(), ms since the page's navigation began), when the WebSocket first opened, and each
#: banner's wall-clock time (Date.now(), ms since the epoch).
WATCH_PAGE = """
window.__seen = {feet_ms: null, feet_state: null, open_at: null, open_ms: null, banners: [], states: [],
                 drawn: []};
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);  // this listener comes before the page's onmessage, set after the constructor
    this.addEventListener('message', (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.type !== 'state') return;
      const b = m.banner;
      window.__seen.states.push({session_s: m.session_s, marks: m.marks.length,
        banner: b ? {kind: b.kind, t: b.t_s !== null ? String(b.t_s) : ''} : null});
    });
  }
};
new MutationObserver(() => {
  const s = window.__seen, l = document.getElementById('foot-left'), r = document.getElementById('foot-right');
  const b = document.getElementById('banner'), c = document.getElementById('conn'), n = s.states.length;
  if (s.feet_ms === null && l && r && l.dataset.drawn === '1' && r.dataset.drawn === '1') {
    s.feet_ms = performance.now(); s.feet_state = n;
  }
  if (s.open_at === null && c && c.dataset.ok === '1') { s.open_at = Date.now(); s.open_ms = performance.now(); }
  if (n > 0 && b) s.drawn[n - 1] = {kind: b.dataset.kind, t: b.dataset.t || ''};
  if (b && b.dataset.t && !s.banners.some(x => x.t === b.dataset.t && x.kind === b.dataset.kind))
    s.banners.push({t: b.dataset.t, kind: b.dataset.kind, level: b.dataset.level, at: Date.now(), state: n});
}).observe(document, {subtree: true, attributes: true, childList: true, characterData: true});
"""


def _epoch_ms(utc: str) -> float:
    return datetime.fromisoformat(utc.replace("Z", "+00:00")).timestamp() * 1000.0


class _Live:
    """``solewatch live ... --web 127.0.0.1:0`` as a process; its output read as it comes."""

    def __init__(self, out: Path) -> None:
        self.events = out / "events.jsonl"
        self.gate = out / "gate"
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "gated_start.py"), str(self.gate), "live", "--sim", "cleat-forward",
             "--speed", "20", "--web", "127.0.0.1:0", "--duration", "1h", "--out", str(out / "sessions"),
             "--events", str(self.events), "--plain", "--no-sound", "--no-report"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.url: str | None = None
        self._got_url = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            if line.startswith("phone view: "):
                self.url = line.split(": ", 1)[1].strip()
                self._got_url.set()
        self._got_url.set()

    def wait_url(self, timeout_s: float = 120.0) -> str:
        assert self._got_url.wait(timeout_s) and self.url, "".join(self.lines)
        return self.url

    def open_gate(self) -> None:
        """The session starts (its start waited for this: tests/gated_start.py)."""
        self.gate.touch()

    def end(self) -> None:
        """End the ride as its rider would (SIGTERM): it lasts an hour, so it is still going whatever the
        host's speed when the checks are done, and then ends with its events file complete."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout_s: float = 180.0) -> int:
        try:
            return self.proc.wait(timeout_s)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_the_phone_view_in_a_browser(tmp_path):
    live = _Live(tmp_path)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(  # while the live monitor starts
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"])
            try:
                url = live.wait_url()
                origin = urlsplit(url)
                assert origin.hostname == "127.0.0.1" and "token=" in url
                _check_pages(browser, live, url, origin.netloc)
            finally:
                browser.close()
        code = live.wait()
    finally:
        if live.proc.poll() is None:
            live.proc.kill()
    assert code == 0, "".join(live.lines)
    _check_mark_kept(live, tmp_path)


def _open(browser, url: str, netloc: str, seen: dict):
    page = browser.new_page(viewport={"width": 360, "height": 640})  # under the page's own CSP
    page.add_init_script(WATCH_PAGE)
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("websocket", lambda ws: seen["requests"].append(ws.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def route(r):
        if urlsplit(r.request.url).netloc == netloc:
            r.continue_()
        else:
            seen["aborted"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200
    return page


def _wait(page, expression: str, timeout_s: float) -> None:
    """Until ``expression`` is true in the page (polled: the page's Content-Security-Policy, which the
    test keeps, forbids the string evaluation of playwright's wait_for_function)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(20)


def _check_pages(browser, live: _Live, url: str, netloc: str) -> None:
    seen = {"requests": [], "aborted": [], "errors": []}
    page = _open(browser, url, netloc, seen)
    # the ride starts once the page is connected: its first event comes after, however slow the page was
    _wait(page, "window.__seen.open_at !== null", 30)
    live.open_gate()
    _wait(page, "window.__seen.feet_ms !== null", 30)
    for foot in ("left", "right"):
        assert page.locator(f"#foot-{foot} rect.region").count() == 9
    # readable at 360x640: nothing wider than the screen, the numb buttons in view
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator("#numb-left").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 640 and box["height"] >= 44
    # a wrong or missing token: 403 for the page and for the WebSocket
    base = url.split("?", 1)[0]
    probe = browser.new_page()
    for bad in (f"{base}?token=wrong", base):
        response = probe.goto(bad)
        assert response is not None and response.status == 403, bad
    probe.close()
    for bad in (f"ws://{netloc}/ws?token=wrong", f"ws://{netloc}/ws"):
        with pytest.raises(InvalidStatus) as refused:
            connect(bad, open_timeout=30).close()
        assert refused.value.response.status_code == 403
    # numb now: the tap comes back in the state every page gets
    page.click("#numb-left")
    _wait(page, "document.getElementById('marks').textContent.includes('LEFT numb')", 30)
    # a second phone, opened now, mid-ride, picks up the current state at once: both feet drawn from the first
    # state it gets, and that state is the current one (it holds the tap); no second state is needed
    other = _open(browser, url, netloc, seen)
    _wait(other, "window.__seen.feet_ms !== null && "
                 "document.getElementById('marks').textContent.includes('LEFT numb')", 30)
    got = other.evaluate("window.__seen")
    assert got["feet_state"] == 1, (got["feet_state"], got["states"][:3])
    assert got["states"][0]["marks"] == 1, got["states"][0]
    # the first event's banner (the ride's first alert, unless a data-stale event of a starved host stands
    # above it), on both
    for p in (page, other):
        try:
            _wait(p, "window.__seen.banners.length > 0", 120)
        except AssertionError:
            raise AssertionError((p.evaluate("[window.__seen, document.body.innerText]"), "".join(live.lines)))
    box = page.locator("#numb-right").bounding_box()  # with a banner too, the buttons stay on the screen
    assert box is not None and box["y"] + box["height"] <= 640
    # the pages go on until each has drawn a state after the one that showed the first banner
    for p in (page, other):
        _wait(p, "window.__seen.drawn.length > window.__seen.banners[0].state", 60)
    pages = [p.evaluate("window.__seen") for p in (page, other)]
    open_at = pages[0]["open_at"]
    page.close()
    other.close()
    live.end()
    live.wait()  # the ride ended: the events file is complete
    events = [json.loads(line) for line in live.events.read_text().splitlines()]
    assert any(e["kind"] == "alert" for e in events)
    first = next(e for e in events if e["kind"] != "rider_mark")
    assert open_at is not None and open_at < _epoch_ms(first["utc"]), "the page connected after the event"
    assert "phone" in first["delivered"], first  # sent to the pages, connected before it
    _check_banner_from_its_first_state(pages[0], first)
    # the second page, opened mid-ride, may have come after that banner gave way to a later event's: it is
    # checked by the first banner it showed (it showed one: waited for above), which must be an event of the
    # events file, drawn from the first state it got that holds it
    second = [e for e in events if _is_banner_of(pages[1]["banners"][0], e)]
    assert second, (pages[1]["banners"][0], events)
    _check_banner_from_its_first_state(pages[1], second[0])
    # no request left the machine: every one went to the live monitor's own address
    assert seen["aborted"] == [] and seen["errors"] == []
    assert seen["requests"] and all(urlsplit(u).netloc == netloc for u in seen["requests"]), seen["requests"]
    assert any(u.startswith(f"ws://{netloc}/ws?token=") for u in seen["requests"])


def _is_banner_of(banner: dict | None, event: dict) -> bool:
    """Whether ``banner`` (kind and t as the page has them) is that of ``event``, a line of the events file."""
    return (banner is not None and banner["kind"] == event["kind"] and banner["t"] != ""
            and abs(float(banner["t"]) - event["t_s"]) < 1e-6)


def _check_banner_from_its_first_state(got: dict, first: dict) -> None:
    """The page showed the banner of ``first`` (an event of the events file) from the first state it got that
    holds it, with the event's time, and showed it after every state that holds it."""
    def is_first(banner: dict | None) -> bool:
        return _is_banner_of(banner, first)

    holding = [i for i, state in enumerate(got["states"]) if is_first(state["banner"])]
    shown = [b for b in got["banners"] if is_first(b)]
    assert holding and shown, (got["banners"], first)
    assert shown[0]["state"] == holding[0] + 1, (shown[0], got["states"][holding[0]], first)
    assert all(is_first(got["drawn"][i]) for i in holding if i < len(got["drawn"])), \
        ([(i, got["drawn"][i]) for i in holding if i < len(got["drawn"])], first)


def _check_mark_kept(live: _Live, tmp_path: Path) -> None:
    marks = [e for e in map(json.loads, live.events.read_text().splitlines()) if e["kind"] == "rider_mark"]
    assert [(m["foot"], m["level"]) for m in marks] == [("left", None)]
    session_dir = next((tmp_path / "sessions").iterdir())
    raw = [e for e in load_session(session_dir).events if e["event"] == "rider_mark"]
    assert [(e["foot"], e["mark"], e["source"]) for e in raw] == [("left", "numb", "web")]
    assert raw[0]["t_s"] == pytest.approx(marks[0]["t_s"], abs=1e-3)
    replayed = tmp_path / "replayed.jsonl"
    assert main(["replay", str(session_dir), "--events", str(replayed), "--plain"]) == 0
    again = [e for e in map(json.loads, replayed.read_text().splitlines()) if e["kind"] == "rider_mark"]
    assert [(e["t_s"], e["foot"]) for e in again] == [(m["t_s"], m["foot"]) for m in marks]
