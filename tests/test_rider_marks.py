"""The rider's "numb now" marks and the phone view's pieces that need no browser: the marks through the analysis
core (live and deferred) and a session's analysis, each mark against the warnings, the state the page is
sent, the server's token and messages, the terminal's keys and the ``--web`` argument."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import socket
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.marks import (
    RIDER_MARK_EVENT,
    RiderMark,
    judge_marks,
    mark_event,
    marks_from_events,
)
from monitor.analysis.streaming import STALE_CHECK_EVENT, AnalysisCore
from monitor.cli.argtypes import parse_web_address
from monitor.cli.console_live import format_event
from monitor.cli.live_keys import LiveKeys
from monitor.errors import UsageError
from monitor.live.session import mark_numb
from monitor.live.view import FootView, LiveView, relative_band
from monitor.live.web.server import PhoneView
from monitor.live.web.state import banner, page_state
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())


@pytest.fixture(scope="module")
def ride():
    return offline_session("cleat-forward", duration_s=90, seed=1)


def _warning(t_s: float, foot: str, level: str = "warning") -> Alert:
    return Alert(t_s, foot, "alert", level, region="mth2_3", pattern="focal_mth")


# ---------------------------------------------------------------------------- the marks


def test_a_mark_is_judged_against_the_warnings_on_its_foot():
    alerts = [_warning(70.0, "left", "notice"), _warning(300.0, "left"), _warning(310.0, "right"),
              _warning(900.0, "left", "alert")]
    marks = [RiderMark(250.0, "left"), RiderMark(400.0, "left"), RiderMark(305.0, "right")]
    checks = judge_marks(marks, alerts)
    assert [(c.warned_before, c.first_warning_s, c.lead_s, c.first_sign_s) for c in checks] == [
        (False, None, None, 70.0), (True, 300.0, 100.0, 70.0), (False, None, None, None)]
    assert checks[1].to_dict() == {"t_s": 400.0, "foot": "left", "mark": "numb", "source": None,
                                   "warned_before": True, "first_warning_s": 300.0, "lead_s": 100.0,
                                   "first_sign_s": 70.0, "no_data_since_s": None}


def test_marks_are_read_from_the_raw_logs_events_only_for_a_foot():
    events = [{"t_s": 5.0, "event": "battery", "foot": "left", "level_pct": 90},
              {"t_s": 9.0, "event": RIDER_MARK_EVENT, "foot": "right", "mark": "numb", "source": "terminal"},
              {"t_s": 3.0, "event": RIDER_MARK_EVENT, "foot": "left", "mark": "numb", "source": "web"},
              {"t_s": 4.0, "event": RIDER_MARK_EVENT, "foot": None, "mark": "numb"}]
    assert marks_from_events(events) == [RiderMark(3.0, "left", "numb", "web"),
                                         RiderMark(9.0, "right", "numb", "terminal")]
    with pytest.raises(ValueError):
        mark_event("both", "web")


def _core(ride, *, deferred: bool):
    out = []
    core = AnalysisCore(ride.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.1,
                        emit=lambda a, since: out.append(("emit", a)),
                        notice=lambda n: out.append(("notice", n)), deferred=deferred)
    return core, out


@pytest.mark.parametrize("deferred", [False, True])
def test_the_analysis_core_gives_a_mark_back_in_stream_order(ride, deferred):
    core, out = _core(ride, deferred=deferred)
    core.event(2.5, {"event": "disconnected", "foot": "right"})
    core.event(3.0, {"event": RIDER_MARK_EVENT, "foot": "left", **mark_event("left", "web")})
    core.event(3.5, {"event": STALE_CHECK_EVENT, "foot": None})  # no foot 10 s without data yet: no NO DATA
    if deferred:
        assert out == []  # nothing before the deferred run
        core.run_deferred()
    assert [kind for kind, _ in out] == ["notice", "emit"]
    mark = out[1][1]
    assert (mark.t_s, mark.foot, mark.kind, mark.level) == (3.0, "left", "rider_mark", None)
    assert core.current_ == {}  # the rider's word never stands as the foot's state
    assert "NUMB NOW" in format_event(mark, ["terminal"])


def test_analyze_lists_the_marks_against_the_warnings_and_matches_the_schema(ride):
    ride.events = [*ride.events, {"t_s": 80.0, "event": RIDER_MARK_EVENT, "foot": "right", "mark": "numb",
                                  "source": "web"}]
    try:
        result = analyze(ride)
    finally:
        ride.events = ride.events[:-1]
    out = result.to_json_dict()
    jsonschema.validate(json.loads(json.dumps(out)), SCHEMA)
    first_sign = min(a.t_s for a in result.alerts if a.foot == "right")
    assert out["marks"] == [{"t_s": 80.0, "foot": "right", "mark": "numb", "source": "web",
                             "warned_before": False, "first_warning_s": None, "lead_s": None,
                             "first_sign_s": first_sign, "no_data_since_s": None}]


def test_mark_numb_posts_a_rider_mark_into_the_record_stream():
    posted = []

    class Link:
        def post_event(self, name, foot=None, **fields):
            posted.append((name, foot, fields))

    mark_numb(Link(), "right", "terminal")
    assert posted == [(RIDER_MARK_EVENT, "right", {"mark": "numb", "source": "terminal"})]
    with pytest.raises(ValueError):
        mark_numb(Link(), "middle", "web")
    assert len(posted) == 1


def test_the_keys_l_and_r_mark_a_foot():
    marked = []
    keys = LiveKeys(marked.append)
    assert [keys.key(k) for k in "lRx "] == ["left", "right", None, None]
    assert marked == ["left", "right"]


# ---------------------------------------------------------------------------- the page's state


def _foot(name: str, **kw) -> FootView:
    base = dict(foot=name, connected=True, region_kpa={"mth1": 60.0, "mth2_3": 120.0, "mth4_5": 60.0,
                                                       "hallux": 60.0, "heel_medial": 5.0,
                                                       "midfoot_lateral": math.nan},
                focal_normal={"mth1": 1.0, "mth2_3": 1.0, "mth4_5": 1.0}, activity="cycling_seated",
                cadence_per_min=88.4,
                time_since_relief_s=125.0, level="warning", pattern="focal_mth", region="mth2_3",
                packets_per_s=50.0, battery_pct=12, battery_low=True)
    return FootView(**{**base, **kw})


def test_the_page_shows_no_cadence_before_the_activity_is_recognised():
    view = LiveView(session_s=24.3, duration_s=None, current_alert=None, alerts=0,
                    feet={"left": _foot("left", activity="unknown", cadence_per_min=181.0, level="none")})
    assert page_state(view)["feet"]["left"]["cadence"] is None  # not "181 steps/min" for a 90-rpm ride


def test_the_page_state_colours_against_the_normal_and_says_what_to_do():
    alert = Alert(70.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth",
                  suggestions=("Move the left cleat back 2-10 mm",), suggestion_keys=("cleat_back",))
    view = LiveView(session_s=75.2, duration_s=None, current_alert=alert, alerts=1,
                    marks=(Alert(72.04, "left", "rider_mark", None),),
                    feet={"left": _foot("left"), "right": _foot("right", activity="running", level="none",
                                                                 connected=False)})
    state = json.loads(json.dumps(page_state(view), allow_nan=False))
    left, right = state["feet"]["left"], state["feet"]["right"]
    # 120 / 60: twice normal
    assert left["regions"]["mth2_3"] == {"kpa": 120, "rel": 2.0, "band": "extreme", "measured": True}
    assert left["regions"]["mth1"]["band"] == "low"  # 60 / 80: under the normal
    assert left["regions"]["heel_medial"]["band"] == "unloaded"
    # NaN is null
    assert left["regions"]["midfoot_lateral"] == {"kpa": None, "rel": None, "band": None, "measured": True}
    assert left["hot"] == "mth2_3" and left["what"] == "MTH2-3 focal peak"
    assert (left["cadence"], left["relief_s"], left["battery_low"]) == ("88 rpm", 125, True)
    # a foot down has no data now: no cadence from before (tests/test_console_live.py)
    assert (right["cadence"], right["relief_s"], right["link"], right["hot"]) == (None, None, "down", None)
    assert state["level"] == "warning"
    assert state["banner"]["title"] == "WARNING left foot MTH2-3 focal peak"
    assert state["todo"] == "Unweight the foot 20-60 s"  # now: relief; the fix comes after the ride
    assert state["banner"]["fix"] == "Move the left cleat back 2-10 mm"
    assert banner(alert, "running")["todo"] == "Take a 20-60 s break"  # a runner's words: off the run, not a foot
    notice = Alert(60.0, "right", "alert", "notice", suggestions=("Take a 20-60 s break",),
                   suggestion_keys=("unweight",))
    early = page_state(LiveView(session_s=61.0, duration_s=None, current_alert=notice, feet=view.feet))
    assert (early["todo"], early["banner"]["fix"]) == ("Take a 20-60 s break", None)
    assert state["marks"] == [{"foot": "left", "t_s": 72.04, "late": None,  # issued in time
                               "todo": "Unweight the foot 20-60 s; loosen the left shoe's strap or dial",
                               "no_data": None}]  # its foot had data then
    assert [relative_band(x) for x in (0.5, 1.0, 1.2, 1.3, 1.7, None)] == [
        "low", "normal", "raised", "high", "extreme", None]


def test_a_lost_foot_is_sent_without_its_numbers_from_before_the_loss():
    view = LiveView(session_s=42.0, duration_s=None, feet={"left": _foot("left", connected=False, lost=True),
                                                           "right": _foot("right")})
    feet = page_state(view)["feet"]
    none = {"kpa": None, "rel": None, "band": None, "measured": True}
    assert all(r == none for r in feet["left"]["regions"].values())
    assert feet["right"]["regions"]["mth2_3"]["kpa"] == 120
    # nor its level's region and pattern, nor its cadence, from before the loss (the terminal's panel alike)
    assert (feet["left"]["what"], feet["left"]["hot"], feet["left"]["cadence"]) == ("", None, None)
    assert (feet["right"]["what"], feet["right"]["hot"], feet["right"]["cadence"]) == (
        "MTH2-3 focal peak", "mth2_3", "88 rpm")


@pytest.mark.parametrize("right, top", [("none", "none"), ("notice", "notice")])
def test_the_pages_level_is_not_a_lost_foots_from_before_the_loss(right, top):
    # had: a foot warned and then lost kept the page's level at WARNING, above its own LOST badge
    view = LiveView(session_s=42.0, duration_s=None,
                    feet={"left": _foot("left", connected=False, lost=True, level="warning"),
                          "right": _foot("right", level=right)})
    assert page_state(view)["level"] == top


def test_an_event_under_the_banner_is_sent_with_what_to_do():
    # had: with the left foot's no-data banner standing, the right foot's notice was only its badge, its
    # suggestion nowhere on the page
    stale = Alert(40.0, "left", "data_stale", None)
    notice = Alert(45.0, "right", "alert", "notice", "mth4_5", "focal_mth", suggestions=("Try a wider toe box",))
    view = LiveView(session_s=50.0, duration_s=None, current_alert=stale, others=(notice,),
                    feet={"left": _foot("left", connected=False, lost=True, level="none"),
                          "right": _foot("right", level="notice", region="mth4_5")})
    state = page_state(view)
    assert state["banner"]["kind"] == "data_stale"
    assert [(o["kind"], o["level"], o["foot"], o["todo"], o["fix"]) for o in state["others"]] == [
        ("alert", "notice", "right", "Nothing urgent now", "Try a wider toe box")]  # its fix: for after
    assert state["others"][0]["title"] == "NOTICE right foot MTH4-5 focal peak"
    assert page_state(LiveView(session_s=1.0, duration_s=None, feet={}))["others"] == []


def test_the_page_is_told_when_the_recording_stopped():
    # had: the error's words only; the page could not say when the ride stopped being recorded
    feet = {"left": _foot("left")}
    stopped = page_state(LiveView(session_s=75.0, duration_s=None, feet=feet, recording=False,
                                  recording_error="[Errno 28] No space left on device", recording_stopped_s=71.04))
    assert (stopped["recording_error"], stopped["recording_stopped_s"]) == ("[Errno 28] No space left on device", 71.04)
    assert page_state(LiveView(session_s=75.0, duration_s=None, feet=feet))["recording_stopped_s"] is None


def test_with_no_alert_the_page_says_there_is_nothing_to_do():
    view = LiveView(session_s=10.0, duration_s=600.0, feet={"left": _foot("left", level="none")})
    state = page_state(view)
    assert state["banner"] is None and state["level"] == "none"
    assert state["todo"] == "Nothing to do: ride on"
    # off the bike, on foot or on an elliptical or stair machine alike (had: "Nothing to do" on a machine)
    for activity in ("running", "walking", "elliptical_or_stair"):
        view = LiveView(session_s=10.0, duration_s=600.0, feet={"left": _foot("left", level="none",
                                                                              activity=activity)})
        assert page_state(view)["todo"] == "Nothing to do: carry on", activity


# ---------------------------------------------------------------------------- the server, without a browser


def test_the_server_takes_marks_only_once_the_session_can(ride):
    phone = PhoneView("127.0.0.1", 0)
    try:
        assert phone.url.startswith(f"http://127.0.0.1:{phone.port}/?token=") and len(phone.token) >= 20
        assert phone._allowed(phone.token) and not phone._allowed("x" + phone.token) and not phone._allowed(None)
        mark = json.dumps({"type": "mark", "foot": "left"})
        assert phone._message(mark)["type"] == "error"  # before the session starts
        marked = []
        phone.on_mark = lambda foot: mark_numb(type("L", (), {"post_event": lambda *a, **k: marked.append(a)})(),
                                               foot, "web")
        assert phone._message(mark) == {"type": "marked", "foot": "left"}
        assert phone._message(json.dumps({"type": "mark", "foot": "both"}))["type"] == "error"
        assert phone._message("not json")["type"] == "error"
        assert len(marked) == 1
        with pytest.raises(UsageError, match="cannot listen"):
            PhoneView("127.0.0.1", phone.port)  # taken
    finally:
        phone._sock.close()
    other = PhoneView("127.0.0.1", 0, token="fixed")
    other._sock.close()
    assert other.url.endswith("/?token=fixed") and isinstance(other._sock, socket.socket)


async def test_a_message_that_is_not_a_mark_gets_a_clear_error_and_the_page_stays_connected():
    # had: "not taken: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", and a
    # binary message closed the page's connection without a word
    import asyncio

    import websockets

    marked = []
    phone = PhoneView("127.0.0.1", 0, on_mark=lambda foot: mark_numb(
        type("L", (), {"post_event": lambda *a, **k: marked.append(k["foot"])})(), foot, "web"))
    await phone.start()
    hint = '; a mark is {"type": "mark", "foot": "left"} or "right"'
    said = {
        "{oops": "not JSON (at character 2)" + hint,
        b"\x00\x01": "a binary message, not text" + hint,
        "[1]": "an array, not a JSON object" + hint,
        '{"type": "hello"}': 'type "hello", not "mark"' + hint,
        '{"type": "mark", "foot": "both"}': "a mark is for the left or the right foot, not 'both'",
    }
    try:
        async with websockets.connect(f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}") as ws:
            for message, text in said.items():
                await ws.send(message)
                assert json.loads(await asyncio.wait_for(ws.recv(), 30)) == {"type": "error",
                                                                             "text": f"not taken: {text}"}
            await ws.send(json.dumps({"type": "mark", "foot": "left"}))  # the same connection takes a mark
            assert json.loads(await asyncio.wait_for(ws.recv(), 30)) == {"type": "marked", "foot": "left"}
    finally:
        await phone.aclose()
    assert marked == ["left"] and len(phone.errors) == len(said)


async def test_a_phone_view_that_stops_mid_session_is_said_once_and_a_closed_one_is_not(monkeypatch):
    # had: the server task's error was dropped at close; the page stopped updating without a word
    import asyncio

    from monitor.live.web import server

    said: list[str] = []
    phone = PhoneView("127.0.0.1", 0, on_stopped=said.append)
    await phone.start()
    await phone.aclose()  # stopped by the session: nothing to say
    await asyncio.sleep(0)
    assert said == []

    async def crash(self, sockets=None):
        self.started = True
        await asyncio.sleep(0.01)
        raise RuntimeError("socket gone")

    monkeypatch.setattr(server._Server, "serve", crash)
    phone = PhoneView("127.0.0.1", 0, on_stopped=said.append)
    await phone.start()
    for _ in range(500):
        if said:
            break
        await asyncio.sleep(0.01)
    await phone.aclose()
    assert said == ["the phone view stopped (RuntimeError: socket gone); the session goes on without it"]


def test_live_says_a_phone_view_that_crashes_mid_ride_once_and_records_the_whole_ride(tmp_path, capsys,
                                                                                     monkeypatch):
    """`live --web`: the phone view's server task failing mid-ride (once pages got a few states) is one
    warning line on the terminal, once; the recording goes on to the ride's end and the views go on, exit 0
    (had: the task's error was dropped at close, and the page stopped updating without a word). The ride
    and the crash, which the ride's own views bring, run on the virtual clock."""
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main
    from monitor.live.web import server
    from monitor.session.directory import read_info

    published: list = []
    publish = server.PhoneView.publish

    def counted_publish(self, view):
        published.append(view)
        publish(self, view)

    async def crash(self, sockets=None):
        self.started = True
        while len(published) < 3:
            await asyncio.sleep(0.01)
        raise RuntimeError("socket gone")

    monkeypatch.setattr(server.PhoneView, "publish", counted_publish)
    monkeypatch.setattr(server._Server, "serve", crash)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["live", "--sim", "healthy-ride", "--speed", "20", "--duration", "30s", "--web", "127.0.0.1:0",
                 "--out", str(tmp_path), "--plain", "--no-sound", "--no-report"])
    out = capsys.readouterr()
    said = [line for line in (out.out + out.err).splitlines() if "phone view stopped" in line]
    assert code == 0, out.err
    assert said == ["warning: the phone view stopped (RuntimeError: socket gone); the session goes on without "
                    "it"], out.out
    at = next(i for i, line in enumerate(out.out.splitlines()) if "phone view stopped" in line)
    assert any(line.startswith("Session: 0:30") for line in out.out.splitlines()[at:]), out.out
    [session] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert read_info(session).duration_s == pytest.approx(30.0, abs=0.5)
    assert len(published) > 10  # the views went on after the crash


@pytest.mark.parametrize("text, meant", [("8080", ("0.0.0.0", 8080)), ("127.0.0.1:0", ("127.0.0.1", 0)),
                                         ("[::1]:9000", ("::1", 9000)), ("phone.local:80", ("phone.local", 80))])
def test_the_web_address(text, meant):
    assert parse_web_address(text) == meant


@pytest.mark.parametrize("text", ["", "host:", "70000", "a:b", ":80"])
def test_a_wrong_web_address_is_refused_with_a_hint(text):
    with pytest.raises(argparse.ArgumentTypeError, match=r"\[HOST:\]PORT"):
        parse_web_address(text)


async def test_a_key_pressed_on_the_terminal_marks_the_foot():
    """On a terminal (a pseudo-terminal here) the keys are read by the event loop, one at a time, and the
    terminal's mode is given back afterwards."""
    import asyncio
    import os
    import termios

    master, slave = os.openpty()
    marked = []
    try:
        with open(slave, "r", closefd=False) as tty_in:
            before = termios.tcgetattr(slave)
            with LiveKeys(marked.append, stream=tty_in) as keys:
                assert keys.active
                os.write(master, b"xlr")
                for _ in range(200):
                    if len(marked) == 2:
                        break
                    await asyncio.sleep(0.01)
            assert termios.tcgetattr(slave) == before
        assert marked == ["left", "right"]
        with open(os.devnull) as null, LiveKeys(marked.append, stream=null) as keys:  # not a terminal
            assert not keys.active
    finally:
        os.close(master)
        os.close(slave)


async def test_a_terminal_that_hangs_up_stops_the_key_reader_and_says_so_once(monkeypatch):
    """A pty whose other end closes under the live view: its input is "readable" for ever (EIO), so the
    reader must be removed, not called on every turn of the event loop (had: a core spun for the rest of
    the ride). Counts the reads, never times them."""
    import asyncio
    import os

    from monitor.cli import live_keys

    reads = []
    real_read = os.read
    monkeypatch.setattr(live_keys.os, "read", lambda fd, n: reads.append(fd) or real_read(fd, n))
    master, slave = os.openpty()
    marked, said = [], []
    try:
        with open(slave, "r", closefd=False) as tty_in:
            keys = LiveKeys(marked.append, stream=tty_in)
            keys.on_off = said.append
            with keys:
                assert keys.active
                os.write(master, b"l")
                for _ in range(200):
                    if marked:
                        break
                    await asyncio.sleep(0.01)
                os.close(master)
                master = None
                for _ in range(100):  # turns of the event loop with the terminal gone
                    await asyncio.sleep(0)
                assert not keys.active
        assert marked == ["left"]
        assert len(reads) <= 3, len(reads)  # the key, the hang-up (and at most one more)
        assert said == [live_keys.KEYS_OFF]
    finally:
        if master is not None:
            os.close(master)
        os.close(slave)


def test_a_port_in_use_is_said_in_one_line_before_connecting(tmp_path, capsys):
    from monitor.cli.main import main

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["live", "--sim", "healthy-ride", "--web", f"127.0.0.1:{port}", "--out", str(tmp_path),
                     "--plain", "--no-sound"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and f"--web 127.0.0.1:{port}: cannot listen there" in err[0], err
    assert list(tmp_path.iterdir()) == []  # nothing connected, nothing recorded
    with pytest.raises(SystemExit) as refused:
        main(["live", "--sim", "healthy-ride", "--web", "everywhere"])
    assert refused.value.code == 2 and "[HOST:]PORT" in capsys.readouterr().err


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6 on this host")
def test_a_port_in_use_on_ipv6_is_named_as_given(tmp_path, capsys):
    # had: "--web ::1:PORT", which reads as another address (the port's colon among the address's)
    from monitor.cli.main import main

    try:
        taken = socket.create_server(("::1", 0), family=socket.AF_INET6)
    except OSError:
        pytest.skip("no IPv6 loopback on this host")
    with taken:
        port = taken.getsockname()[1]
        code = main(["live", "--sim", "healthy-ride", "--web", f"[::1]:{port}", "--out", str(tmp_path),
                     "--plain", "--no-sound"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and f"--web [::1]:{port}: cannot listen there" in err[0], err
    assert list(tmp_path.iterdir()) == []


def test_the_url_is_printed_and_drawn_as_a_qr_code_on_a_terminal():
    import io

    from rich.console import Console

    from monitor.cli.live_command import _show_phone_url

    url = "http://192.168.1.20:8080/?token=abc"
    for terminal in (True, False):
        out = io.StringIO()
        _show_phone_url(Console(file=out, force_terminal=terminal, width=100), url)
        text = out.getvalue()
        assert f"phone view: {url}" in text
        assert ("\u2588" in text or "\u2580" in text) == terminal  # the QR code's blocks on a terminal only


@contextlib.contextmanager
def _one_page(min_interval_s: float) -> Iterator[tuple[PhoneView, asyncio.Queue, LiveView]]:
    """A PhoneView with one page's queue (of one state, as a page's is) and a quiet view of the left foot at
    1.0 s to publish first; the view's socket closed after."""
    phone = PhoneView("127.0.0.1", 0, min_interval_s=min_interval_s)
    try:
        page: asyncio.Queue = asyncio.Queue(maxsize=1)
        phone._clients.add(page)
        yield phone, page, LiveView(session_s=1.0, duration_s=None, feet={"left": _foot("left", level="none")})
    finally:
        phone._sock.close()


async def test_each_page_gets_a_change_at_once_and_the_numbers_at_most_four_times_a_second(monkeypatch):
    now_s = [100.0]  # the loop's clock, moved by hand: a host that pauses between two calls changes nothing
    monkeypatch.setattr(asyncio.get_running_loop(), "time", lambda: now_s[0])
    with _one_page(min_interval_s=0.25) as (phone, page, quiet):
        phone.publish(quiet)
        assert json.loads(page.get_nowait())["session_s"] == 1.0
        now_s[0] += 0.24
        phone.publish(LiveView(session_s=1.1, duration_s=None, feet=quiet.feet))
        assert page.empty()  # only the numbers changed, 0.25 s have not passed
        now_s[0] += 0.01
        phone.publish(LiveView(session_s=1.15, duration_s=None, feet=quiet.feet))
        assert json.loads(page.get_nowait())["session_s"] == 1.15  # 0.25 s have passed
        warned = Alert(1.2, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
        phone.publish(LiveView(session_s=1.2, duration_s=None, feet=quiet.feet, current_alert=warned))
        assert json.loads(page.get_nowait())["banner"]["level"] == "warning"  # at once
        phone.publish(LiveView(session_s=1.3, duration_s=None, feet=quiet.feet, current_alert=warned))
        phone.publish(LiveView(session_s=1.4, duration_s=None, feet=quiet.feet,
                               current_alert=warned, marks=(Alert(1.4, "right", "rider_mark", None),)))
        marks = json.loads(page.get_nowait())["marks"]
        assert [(m["foot"], m["t_s"]) for m in marks] == [("right", 1.4)]  # the newest only


async def test_a_recording_that_stops_goes_to_the_pages_at_once():
    # had: the recording stopping was not among the changes sent at once: a page was told a disk filled only
    # with the next numbers, and never if no other view came (the session's last one)
    with _one_page(min_interval_s=3600.0) as (phone, page, quiet):
        phone.publish(quiet)
        page.get_nowait()
        phone.publish(LiveView(session_s=1.1, duration_s=None, feet=quiet.feet, recording=False,
                               recording_error="[Errno 28] No space left on device"))
        assert json.loads(page.get_nowait())["recording_error"] == "[Errno 28] No space left on device"


async def test_every_page_is_sent_the_sessions_end_before_its_connection_closes(monkeypatch):
    # had: the pages' senders were given 0.05 s, then the server's shutdown closed every connection (1012) and
    # dropped the ended state not yet sent; a page on a loaded host never said the session ended (it tried to
    # reconnect to a server gone). A sender the loop runs late stands in for that host.
    import asyncio

    import websockets
    from starlette.websockets import WebSocket

    send_text = WebSocket.send_text

    async def late_end(self, data):
        if '"ended":true' in data:
            await asyncio.sleep(0.3)  # longer than the old 0.05 s and uvicorn's 0.1-s check of should_exit
        await send_text(self, data)

    monkeypatch.setattr(WebSocket, "send_text", late_end)
    phone = PhoneView("127.0.0.1", 0)
    await phone.start()
    phone.publish(LiveView(session_s=12.0, duration_s=None, feet={"left": _foot("left")}))
    url = f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}"
    got, closed = [], []
    async with websockets.connect(url) as first, websockets.connect(url) as second:
        for ws in (first, second):
            assert "ended" not in json.loads(await asyncio.wait_for(ws.recv(), 30))
        await phone.aclose()
        for ws in (first, second):
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    got.append((ws is first, json.loads(await asyncio.wait_for(ws.recv(), 30))))
            closed.append(ws.close_code)
    assert [(f, m.get("ended"), m["session_s"]) for f, m in got] == [(True, True, 12.0), (False, True, 12.0)]
    assert closed == [1000, 1000]  # closed by the server once the end was sent, not by its shutdown (1012)


async def test_a_page_ends_on_the_sessions_last_view_even_one_the_throttle_held_back():
    # had: the ended state was the last state sent, so a view published within the quarter second after it
    # (only its clock and numbers new, as the session's last views are) never reached the page: whether the
    # page ended on the session's last clock hung on how fast the host went between the two. The throttle is
    # an hour here, so the last view is held back on any host.
    import asyncio

    import websockets

    phone = PhoneView("127.0.0.1", 0, min_interval_s=3600.0)
    await phone.start()
    feet = {"left": _foot("left")}
    phone.publish(LiveView(session_s=118.0, duration_s=None, feet=feet))
    url = f"ws://127.0.0.1:{phone.port}/ws?token={phone.token}"
    got = []
    async with websockets.connect(url) as ws:
        got.append(json.loads(await asyncio.wait_for(ws.recv(), 30)))
        phone.publish(LiveView(session_s=118.4, duration_s=None, feet=feet))  # held back: only the clock is new
        await phone.aclose()
        with pytest.raises(websockets.ConnectionClosed):
            while True:
                got.append(json.loads(await asyncio.wait_for(ws.recv(), 30)))
    assert [(m.get("ended", False), m["session_s"]) for m in got] == [(False, 118.0), (True, 118.4)]


def test_the_report_and_the_analysis_text_hold_each_mark_against_the_warnings(ride):
    from dataclasses import replace

    from monitor.report.data import report_data
    from monitor.report.html import render_html
    from monitor.report.text import analysis_text

    result = analyze(ride)
    notice_s = min(a.t_s for a in result.alerts if a.foot == "left")
    result.marks = [RiderMark(notice_s - 5.0, "left", "numb", "web"), RiderMark(notice_s + 10.0, "left")]
    result.alerts = [*result.alerts, replace(result.alerts[0], t_s=notice_s + 2.0, level="warning")]
    html = render_html(report_data(ride, result), {})
    section = html[html.index('<h3 id="marks">'):]
    assert "the detector had warned that foot before 1 of them" in section
    assert "rider" not in section[:section.index("</p>")].lower()  # a runner marks a foot too
    assert "nothing before it" in section and "warned at 1:12, 0:08 before" in section
    text = analysis_text(result)
    assert "Numb-now marks:" in text and "left foot: warned at 1:12, 0:08 before" in text
    result.marks = []
    assert 'id="marks"' not in render_html(report_data(ride, result), {})


def test_the_live_view_says_which_keys_mark_a_foot():
    import io

    from rich.console import Console

    from monitor.cli.console_live import LiveDisplay
    from monitor.cli.live_keys import KEYS_HINT

    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True)
    display = LiveDisplay(console)
    display.hint = KEYS_HINT
    display.update(LiveView(session_s=10.0, duration_s=600.0, feet={"left": _foot("left"),
                                                                     "right": _foot("right")}))
    console.print(display._renderable())
    lines = out.getvalue().splitlines()
    assert "l / r = left / right foot numb now" in lines[-1] and len(lines) <= 24


def test_a_fit_export_carries_the_marks_as_markers_of_their_own_kind(tmp_path, capsys):
    import shutil

    from garmin_fit_sdk import Decoder, Stream
    from garmin_fit_sdk.profile import Profile

    from monitor.cli.main import main
    from monitor.session.rawlog import encode_record

    session = tmp_path / "ride"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward", session)
    event = {"event": RIDER_MARK_EVENT, "foot": "right", **mark_event("right", "terminal")}
    with open(session / "raw.swlog", "ab") as fh:  # a press 1.5 s of host time in (45 s at the ride's 30x)
        fh.write(encode_record(2, "right", 1.5, json.dumps(event).encode()))
    out = tmp_path / "ride.fit"
    assert main(["export", str(session), "--format", "fit", "-o", str(out)]) == 0
    assert "and 1 numb mark of " in capsys.readouterr().out
    messages, errors = Decoder(Stream.from_file(str(out))).read()
    assert errors == []
    names = {f["field_definition_number"]: f["field_name"] for f in messages["field_description_mesgs"]
             if f["native_mesg_num"] == Profile["mesg_num"]["EVENT"]}
    markers = [{names[k]: v for k, v in e["developer_fields"].items()} | {"data": e["data"]}
               for e in messages["event_mesgs"] if e["event"] == "user_marker"]
    marked = [m for m in markers if m["alert kind"] == "rider_mark"]
    assert [(m["alert kind"], m["alert foot"], m["data"], m["alert message"]) for m in marked] == [
        ("rider_mark", "right", 0, "NUMB NOW right foot: marked by the rider")], markers


def test_the_live_view_drops_the_keys_hint_and_says_once_when_the_keys_go_off():
    import io

    from rich.console import Console

    from monitor.cli.console_live import LiveDisplay
    from monitor.cli.live_keys import KEYS_HINT, KEYS_OFF

    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True)
    with LiveDisplay(console) as display:
        display.hint = KEYS_HINT
        display.update(LiveView(session_s=10.0, duration_s=600.0, feet={"left": _foot("left")}))
        display.keys_off(KEYS_OFF)
        assert display.hint is None
    shown = out.getvalue()
    assert shown.count("keys off: the terminal's input is closed (the recording goes on)") == 1
    assert "0:10  keys off" in shown


def test_the_schema_holds_a_marks_time_to_the_session_as_it_does_an_alerts(ride):
    """had: docs/analyze-json.schema.json took any number for `marks[].t_s` (alerts' and events' t_s have
    "minimum": 0): a mark before the session's start validated. A mark's time is session time, never
    negative (a raw log's host times are from 0, monitor.session.rawlog_format)."""
    ride.events = [*ride.events, {"t_s": 0.0, "event": RIDER_MARK_EVENT, "foot": "left", "mark": "numb",
                                  "source": "terminal"}]
    try:
        out = json.loads(json.dumps(analyze(ride).to_json_dict()))
    finally:
        ride.events = ride.events[:-1]
    jsonschema.validate(out, SCHEMA)  # a mark at the very start is in the session
    assert SCHEMA["$defs"]["mark"]["properties"]["t_s"]["minimum"] == 0
    out["marks"][0]["t_s"] = -0.5
    with pytest.raises(jsonschema.ValidationError, match="less than the minimum of 0"):
        jsonschema.validate(out, SCHEMA)


@pytest.mark.parametrize("t_s", [-0.5, math.nan, math.inf, -math.inf])
def test_a_mark_given_through_the_api_at_no_session_time_is_refused_where_it_is_made(ride, t_s):
    """had: a mark put into a session's events (or made as a RiderMark) at a negative or non-finite time was
    taken, and the analysis wrote a `marks[].t_s` that docs/analyze-json.schema.json refuses (minimum 0)
    or JSON cannot hold (NaN). Now the mark itself refuses it, with a ValueError naming the value."""
    with pytest.raises(ValueError, match=rf"a mark's t_s is session time, .* from 0, not {t_s!r}"):
        RiderMark(t_s, "left")
    ride.events = [*ride.events, {"t_s": t_s, "event": RIDER_MARK_EVENT, "foot": "left", "mark": "numb",
                                  "source": "web"}]
    try:
        with pytest.raises(ValueError, match=rf"not {t_s!r}"):
            analyze(ride)
    finally:
        ride.events = ride.events[:-1]
    assert RiderMark(0, "left").t_s == 0  # the session's first instant is a time a mark can have
