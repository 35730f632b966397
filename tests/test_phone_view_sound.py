"""The phone view's sound and buzz: a page on the handlebars makes itself heard and felt for a new urgent
event, as the terminal's delivery channels do (monitor.live.delivery), once the rider has turned it on.

The page is served from this process (tests/test_phone_view_stale.py's ``_Served``) and opened in headless
Chromium; an init script stands in for ``navigator.vibrate`` and ``AudioContext`` and records what the page
asks of them (the vibration patterns; each oscillator's frequency as it starts). What is checked is what was
asked for after each state the page has shown; every wait is polled, none is timed.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import io
import json
import re
import wave
from contextlib import contextmanager

import pytest
from test_phone_view_stale import (  # noqa: F401 - the browser fixture is used by name
    CHROMIUM,
    SKIP,
    _foot,
    _Served,
    _wait,
    browser,
    sync_playwright,
)

from monitor.analysis.alerts import Alert
from monitor.live.delivery import HAPTIC_PATTERNS, TONES_HZ, tone_wav, urgent
from monitor.live.view import LiveView
from monitor.live.web.server import STATIC, page_bytes

browser_only = pytest.mark.skipif(sync_playwright is None or not CHROMIUM.exists(), reason=SKIP)


def stub(*, vibrate: bool | None = True, audio: str | None = "running") -> str:
    """An init script: ``navigator.vibrate`` (None: none, as on iOS Safari; False: one that refuses, as for
    a page the browser will not let vibrate) and an ``AudioContext`` whose
    ``resume()`` leaves it ``audio`` ("running"; "suspended" as when the browser blocks it; None: no Web
    Audio), recording into ``window.__asked`` = {buzz: [patterns], tones: [Hz], contexts: n}. The audio's
    clock (``currentTime``, s) is ``window.__audioS``, which only the test moves."""
    return """
window.__asked = {buzz: [], tones: [], contexts: 0};
window.__audioS = 0;
if (%(vibrate)s !== null) {
  Navigator.prototype.vibrate = function (p) {
    window.__asked.buzz.push(Array.isArray(p) ? p : [p]);
    return %(vibrate)s;
  };
} else {
  delete Navigator.prototype.vibrate;
}
delete window.webkitAudioContext;
if (%(audio)s === null) {
  delete window.AudioContext;
} else {
  class Param {
    constructor(v) { this.value = v; }
    setValueAtTime(v) { this.value = v; return this; }
    linearRampToValueAtTime() { return this; }
  }
  class Node { connect(n) { return n; } disconnect() {} }
  class Osc extends Node {
    constructor() { super(); this.frequency = new Param(440); this.type = 'sine'; }
    start() { window.__asked.tones.push(this.frequency.value); }
    stop() {}
  }
  class Gain extends Node { constructor() { super(); this.gain = new Param(1); } }
  window.AudioContext = class {
    constructor() { window.__asked.contexts += 1; this.state = 'suspended'; this.destination = new Node(); }
    get currentTime() { return window.__audioS; }
    resume() { this.state = %(audio)s; return Promise.resolve(); }
    createOscillator() { return new Osc(); }
    createGain() { return new Gain(); }
  };
}
""" % {"vibrate": json.dumps(vibrate), "audio": json.dumps(audio)}


def _open(browser, served: _Served, script: str):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # a CSP refusal too
    page.add_init_script(script)
    page.goto(served.phone.url, wait_until="load")
    _wait(page, "document.getElementById('conn').dataset.ok === '1'")
    return page, errors


class _Ride:
    """States published one at a time; :meth:`show` waits until the page has drawn each one (by its clock),
    so what was asked of the stubs after it is all that state will ever ask."""

    def __init__(self, served: _Served, page) -> None:
        self.served, self.page, self.session_s = served, page, 10.0

    def show(self, alert: Alert | None, *, marks: tuple = (), left: dict | None = None,
             after_s: float = 1.0) -> dict:
        """``after_s``: how far the page's audio clock moves on before this state (s; the default outlasts
        every tone)."""
        self.page.evaluate(f"window.__audioS += {after_s!r}")
        self.session_s += 1.0
        view = LiveView(session_s=self.session_s, duration_s=None, current_alert=alert, marks=marks,
                        feet={"left": _foot("left", **(left or {})), "right": _foot("right")})
        self.served.publish(view)
        m, s = divmod(int(self.session_s), 60)
        _wait(self.page, f"document.getElementById('clock').textContent === '{m}:{s:02d}'")
        return self.page.evaluate("window.__asked")


@contextmanager
def _riding(browser, script: str):
    """The page opened with the stubs of ``script`` on a served ride: (page, its errors, the ride); the
    server closed on leaving."""
    served = _Served()
    try:
        page, errors = _open(browser, served, script)
        yield page, errors, _Ride(served, page)
    finally:
        served.close()


def _turn(page, on: bool) -> None:
    page.click("#sound")
    _wait(page, f"document.getElementById('sound').dataset.on === '{'1' if on else '0'}'")


def _note(page) -> str:
    return page.evaluate("document.getElementById('sound-note').textContent")


WARNING = Alert(11.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
ALERT = Alert(15.0, "left", "alert", "alert", region="mth2_3", pattern="focal_mth")
NOTICE = Alert(13.0, "right", "alert", "notice", region="mth1", pattern="focal_mth")
NO_DATA = Alert(17.0, "right", "data_stale", None)
BACK = Alert(19.0, "left", "back_to_normal", None)


@browser_only
def test_a_new_urgent_event_buzzes_and_sounds_once_and_nothing_else_does(browser):
    # had: the page showed a new warning silently; a rider looking at the road never knew
    with _riding(browser, stub()) as (page, errors, ride):
        ride.show(None)
        _turn(page, True)
        assert page.evaluate("window.__asked") == {"buzz": [], "tones": [], "contexts": 1}
        asked = ride.show(WARNING)
        assert asked["buzz"] == [[300, 200, 300]] and asked["tones"] == list(TONES_HZ["warning"])
        for _ in range(3):  # the same standing event, with new numbers: nothing again
            assert ride.show(WARNING, left={"time_since_relief_s": 30.0 + ride.session_s}) == asked
        numb = Alert(ride.session_s, "left", "rider_mark", None)
        assert ride.show(WARNING, marks=(numb,)) == asked  # a numb-now mark neither buzzes nor sounds
        assert ride.show(NOTICE) == asked  # a notice is an early sign: neither felt nor heard
        assert ride.show(BACK) == asked
        asked = ride.show(ALERT)
        assert asked["buzz"][1:] == [[500, 200, 500, 200, 500]]
        assert asked["tones"][2:] == list(TONES_HZ["alert"])
        asked = ride.show(NO_DATA)
        assert asked["buzz"][2:] == [[1000]] and asked["tones"][5:] == list(TONES_HZ["data_stale"])
        assert ride.show(WARNING) == asked  # the warning again in the banner: heard already
        assert ride.show(None) == asked
        assert _note(page) == "" and errors == []


def _tone_s(kind: str) -> float:
    """How long the terminal's tone of ``kind`` plays (s): its WAV file's length."""
    with wave.open(io.BytesIO(tone_wav(TONES_HZ[kind]))) as w:
        return w.getnframes() / w.getframerate()


@browser_only
def test_an_urgent_event_while_a_tone_plays_gets_no_tone_as_on_the_terminal_but_its_buzz(browser):
    # had: a second event 0.65 s into an alert's 0.70-s tone started its own beeps over the alert's, where
    # the terminal's sound channel plays nothing for it (delivery.SoundChannel: a tone is never stacked)
    with _riding(browser, stub()) as (page, errors, ride):
        ride.show(None)
        _turn(page, True)
        alert_s, stale_s = _tone_s("alert"), _tone_s("data_stale")
        assert ride.show(ALERT)["tones"] == list(TONES_HZ["alert"])
        right = Alert(16.0, "right", "alert", "warning", region="mth1", pattern="focal_mth")
        asked = ride.show(right, after_s=alert_s - 0.05)
        assert asked["tones"] == list(TONES_HZ["alert"])  # the alert's tone still plays: none for this one
        # the insole is sent every event's pulses (delivery.HapticChannel drops none): the phone buzzes too
        assert asked["buzz"] == [[500, 200, 500, 200, 500], [300, 200, 300]]
        asked = ride.show(NO_DATA, after_s=0.1)  # 0.05 s after the alert's tone: a skipped event holds none
        assert asked["tones"] == list(TONES_HZ["alert"]) + list(TONES_HZ["data_stale"])
        later = Alert(21.0, "left", "alert", "alert", region="mth2_3", pattern="focal_mth")
        asked = ride.show(later, after_s=stale_s + 0.05)  # the gap is the tone playing, not the longest one
        assert asked["tones"][5:] == list(TONES_HZ["alert"]) and len(asked["buzz"]) == 4
        assert _note(page) == "" and errors == []


@browser_only
def test_with_the_toggle_off_nothing_sounds_nor_does_an_event_already_standing_when_it_is_turned_on(browser):
    with _riding(browser, stub()) as (page, errors, ride):
        assert "OFF" in page.evaluate("document.getElementById('sound').textContent")
        assert ride.show(WARNING) == {"buzz": [], "tones": [], "contexts": 0}
        _turn(page, True)
        assert "ON" in page.evaluate("document.getElementById('sound').textContent")
        assert ride.show(WARNING) == {"buzz": [], "tones": [], "contexts": 1}  # seen before it was on
        _turn(page, False)
        assert ride.show(ALERT) == {"buzz": [], "tones": [], "contexts": 1}
        assert ride.show(NO_DATA) == {"buzz": [], "tones": [], "contexts": 1}
        assert errors == []


@browser_only
@pytest.mark.parametrize(("vibrate", "audio", "says", "buzz", "tones"), [
    (None, "running", ["no buzz", "iOS"], [], list(TONES_HZ["warning"])),
    (True, None, ["no sound"], [[300, 200, 300]], []),
    (True, "suspended", ["sound blocked"], [[300, 200, 300]], []),  # not queued to sound at some later time
    (False, "running", ["buzz blocked"], [[300, 200, 300]], list(TONES_HZ["warning"])),
], ids=["no-vibrate", "no-web-audio", "audio-blocked", "vibrate-refused"])
def test_the_page_says_when_the_browser_lacks_or_blocks_sound_or_buzz(browser, vibrate, audio, says, buzz,
                                                                      tones):
    with _riding(browser, stub(vibrate=vibrate, audio=audio)) as (page, errors, ride):
        ride.show(None)
        _turn(page, True)
        asked = ride.show(WARNING)
        said = " && ".join(f"document.getElementById('sound-note').textContent.includes({json.dumps(w)})"
                           for w in says)
        _wait(page, said)
        assert asked["buzz"] == buzz and page.evaluate("window.__asked.tones") == tones
        assert errors == []


def _js_const(name: str):
    """A constant of static/app.js written as JSON on one line (``const NAME = {...};``)."""
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    found = re.search(rf"^const {name} = (.*);", js, re.M)
    assert found, f"static/app.js has no one-line const {name}"
    return json.loads(found.group(1))


def test_the_page_plays_the_terminals_tones_and_buzzes_as_the_insole_does():
    # the page's copies of monitor.live.delivery's numbers, so the two cannot drift apart
    assert {k: tuple(v) for k, v in _js_const("TONES_HZ").items()} == TONES_HZ
    wav = inspect.signature(tone_wav).parameters
    beep = _js_const("TONE_S")
    assert beep == {"beep": wav["beep_s"].default, "gap": wav["gap_s"].default, "fade": 0.01,
                    "gain": wav["amplitude"].default}
    buzz = _js_const("BUZZ_MS")
    assert set(buzz) == set(TONES_HZ)  # what sounds buzzes, on the phone (urgent(): warning, alert, no data)
    for level, pattern in HAPTIC_PATTERNS.items():  # the insole's pulses, with a gap between them
        assert buzz[level][::2] == [pattern.duration_ms] * pattern.repeat
    assert all(urgent(Alert(0.0, "left", "alert", level)) for level in HAPTIC_PATTERNS)
    assert urgent(Alert(0.0, "left", "data_stale", None))
    assert not urgent(Alert(0.0, "left", "alert", "notice"))


def test_the_page_with_its_sound_is_still_allowed_its_own_script_and_style_by_hash_and_nothing_else():
    html, csp = page_bytes()
    page = html.decode()
    script = re.findall(r"<script>(.*?)</script>", page, re.S)
    style = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(script) == len(style) == 1 and "soundFor(" in script[0] and "#sound" in style[0]

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert csp == (f"default-src 'none'; script-src {sha(script[0])}; style-src {sha(style[0])}; "
                   "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    markup = re.sub(r"<(script|style)>.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\son[a-z]+=", markup)  # no inline handler, which the policy would refuse
