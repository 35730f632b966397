"""The live session: alert delivery channels, the live monitor's detection, and the rider's feet being told.

The radio tests run the simulated insoles on the bumble virtual radio through the real bleak frontend and
check the insole firmware's own record of every haptic pulse it received.
"""

from __future__ import annotations

import asyncio
import io
import json
import math
import os
import re
import subprocess
import sys
import wave
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from dev_full import needs_dev_full
from known_rider import rider_normal
from test_streaming_hold import session_blocks

from monitor import load_session
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE
from monitor.cli.main import main
from monitor.link.ble import FootStatus, LinkConfig
from monitor.link.pairing import open_pair
from monitor.link.protocol import ControlResponse, Opcode, ResultCode, command_haptic
from monitor.live.config import LiveConfig
from monitor.live.delivery import (
    EVENTS_SCHEMA,
    HAPTIC_PATTERNS,
    Dispatcher,
    EventsSink,
    HapticChannel,
    SoundChannel,
    TerminalChannel,
    event_object,
    tone_wav,
)
from monitor.live.recent_peaks import RecentPeaks
from monitor.live.recorder import RecordProgress
from monitor.live.session import LiveMonitor, link_haptic, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import summary_text
from monitor.session.offline import offline_session
from monitor.session.riders import load_rider_baseline, save_rider_baseline, session_baseline
from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(600)  # a hang guard, generous for a loaded host


def _alert(t_s=300.0, foot="left", level="warning", kind="alert"):
    return Alert(t_s, foot, kind, level if kind == "alert" else None, "mth2_3", "focal_mth", "cleat",
                 ("Move the cleats back 2-10 mm",), ("cleat_back",), f"{level} {foot}")


# ---------------------------------------------------------------------------- delivery


class _Slow:
    """An async channel that answers after ``delay_s`` (per alert foot)."""

    def __init__(self, name, delay_s, ok=True):
        self.name, self.delay_s, self.ok = name, delay_s, ok

    def wants(self, alert):
        return True

    def deliver(self, alert):
        async def go():
            await asyncio.sleep(self.delay_s[alert.foot])
            return self.ok

        return go()


class _Boom:
    name = "boom"

    def wants(self, alert):
        return True

    def deliver(self, alert):
        raise RuntimeError("broken channel")


@pytest.mark.looptime  # latencies count the channels' waits, not the host's speed
async def test_dispatcher_never_waits_and_finishes_alerts_in_order():
    out = io.StringIO()
    done = []
    disp = Dispatcher([TerminalChannel(lambda a, bell: True), _Boom(),
                       _Slow("haptic", {"left": 0.2, "right": 0.01})],
                      events=EventsSink(out), on_done=done.append)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    disp.submit(_alert(300.0, "left"))
    disp.submit(_alert(300.0, "right"))
    # the slow channel did not hold the caller: no time passed, and nothing is finished yet
    assert loop.time() == t0 and done == [] and out.getvalue() == ""
    await disp.aclose()
    assert loop.time() - t0 == pytest.approx(0.2, abs=0.005)  # side by side: not 0.2 + 0.01 one after the other
    assert [d.alert.foot for d in done] == ["left", "right"]  # in order, though right answered first
    assert all(d.delivered == ("terminal", "haptic", "events") for d in done)
    assert done[0].latency_s["haptic"] >= 0.19 and done[1].latency_s["haptic"] < 0.15
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["foot"] for x in lines] == ["left", "right"]
    assert lines[0]["delivered"] == ["terminal", "haptic", "events"] and lines[0]["schema"] == EVENTS_SCHEMA


async def test_a_failed_channel_is_not_reported_and_a_full_events_disk_stops_only_the_events():
    class Full(io.StringIO):
        def write(self, s):
            raise OSError(28, "No space left on device")

    sink = EventsSink(Full())
    disp = Dispatcher([_Slow("haptic", {"left": 0.0}, ok=False)], events=sink)
    disp.submit(_alert())
    await disp.aclose()
    assert disp.delivered_[0].delivered == ()
    assert sink.error is not None and sink.error.errno == 28


def _response(result):
    return ControlResponse(Opcode.HAPTIC, result)


async def test_haptic_is_delivered_only_when_the_insole_answers_success():
    sent = []

    async def send(foot, payload):
        sent.append((foot, payload))
        if foot == "right":
            return _response(ResultCode.NOT_SUPPORTED)
        if foot == "gone":
            raise ConnectionError("link dropped mid-write")
        return _response(ResultCode.SUCCESS)

    ch = HapticChannel(send, available=lambda foot: foot != "asleep")
    assert not ch.wants(_alert(level="notice"))
    assert ch.wants(_alert(level="warning")) and ch.wants(_alert(level="alert"))
    assert not ch.wants(_alert(kind="data_stale"))
    assert await ch.deliver(_alert(foot="left", level="alert")) is True
    assert sent[-1] == ("left", command_haptic(500, 100, 3))
    assert await ch.deliver(_alert(foot="right")) is False
    assert await ch.deliver(_alert(foot="gone")) is False
    assert ch.deliver(_alert(foot="asleep")) is False  # not connected: nothing is written
    assert len(sent) == 3
    await ch.aclose()
    assert ch.deliver(_alert(foot="left")) is False


async def test_sound_plays_through_a_player_never_stacks_and_fails_quietly():
    # an hour's timeout: a player is a Python process, which a loaded host takes seconds to start (had: the
    # default 5 s, which such a host ran past, and the tone read as not played)
    ok = SoundChannel([sys.executable, "-c", "import sys, time; time.sleep(0.2)"], timeout_s=3600.0)
    assert ok.wants(_alert(level="warning")) and ok.wants(_alert(kind="data_stale"))
    assert not ok.wants(_alert(level="notice")) and not ok.wants(_alert(kind="back_to_normal"))
    first = ok.deliver(_alert())
    assert ok.deliver(_alert(foot="right")) is False  # a tone is still playing
    assert await first is True
    ok.close()
    bad = SoundChannel([sys.executable, "-c", "import sys; sys.exit(1)"])
    assert await bad.deliver(_alert()) is False
    missing = SoundChannel(["/nonexistent/player"])
    assert await missing.deliver(_alert()) is False
    assert not SoundChannel(None).wants(_alert())


def test_tones_are_valid_wav_files_of_the_expected_length():
    with wave.open(io.BytesIO(tone_wav((880.0, 1175.0), beep_s=0.2, gap_s=0.1, rate_hz=8000))) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 8000
        assert w.getnframes() == 2 * 1600 + 800


def test_every_events_field_is_documented():
    doc = (ROOT / "docs" / "events-json.md").read_text()
    obj = event_object(_alert(), ["terminal"], "2026-01-01T00:00:00.000Z")
    for key in obj:
        assert re.search(rf"^\| `{key}` \|", doc, re.M), key
    example = next(line for line in doc.splitlines() if line.startswith('{"schema"'))
    assert set(json.loads(example)) == set(obj)


# ---------------------------------------------------------------------------- the live monitor, no radio


def _fake_link(layouts, speed=1.0):
    return SimpleNamespace(layouts=layouts, config=LinkConfig(speed=speed),
                           status={f: FootStatus(connected=True, battery_pct=80) for f in layouts}, feet={})


def _progress(session_s, feet=("left", "right")):
    zero = dict.fromkeys(feet, 0)
    return RecordProgress(session_s, 600.0, zero, zero, zero, zero, dict.fromkeys(feet, True),
                          dict.fromkeys(feet, 80), zero, None)


def _packets(session, feet, t_max_s=math.inf, k=8):
    """Each foot's frames in k-frame blocks, interleaved in time as a link would deliver them."""
    return [b for b in session_blocks(session, k, feet=feet) if b.t_s[0] < t_max_s]


@pytest.mark.timeout(300)  # CPU time only: 310 s of frames analysed three times; a loaded host took over 120 s
async def test_live_monitor_gives_the_alerts_of_the_offline_analysis_whatever_the_batching():
    session = offline_session("cleat-forward", duration_s=310.0, seed=2)
    expected = [(a.t_s, a.foot, a.level) for a in analyze(session, baseline=rider_normal(2)).alerts]
    assert any(level == "warning" for _, _, level in expected)
    for speed in (1.0, 40.0):  # a batch per packet, and ten packets per batch
        disp = Dispatcher([])
        live = LiveMonitor(_fake_link(session.info.layouts, speed),
                           SimpleNamespace(label="t", activity=session.info.activity),
                           duration_s=None, params=DEFAULT_PARAMS, dispatcher=disp, config=LiveConfig(),
                           baseline=rider_normal(2), on_view=None, on_notice=None)
        for block in _packets(session, ("left", "right")):
            live.on_frames(block)
        live.tick(_progress(310.0))
        await disp.aclose()
        got = [(a.t_s, a.foot, a.level) for a in live.alerts_ if a.kind == "alert"]
        assert got == expected, speed
        assert len(disp.delivered_) == len(live.alerts_)


def test_each_foot_shows_the_level_the_banner_shows():
    """The policy keeps a raised warning until the forefoot is relieved while the detector may step down to a
    notice: the foot's panel says what the banner says (WARNING, not NOTICE)."""
    from monitor.live.view import shown_level

    notice = SimpleNamespace(level="notice", pattern="cop_forward", region=None)
    warning = Alert(300.0, "left", "alert", "warning", "mth2_3", "focal_mth")
    assert shown_level(notice, warning) == ("warning", "focal_mth", "mth2_3")
    assert shown_level(notice, None) == ("notice", "cop_forward", None)
    assert shown_level(None, None) == ("none", None, None)
    higher = SimpleNamespace(level="alert", pattern="focal_mth", region="mth2_3")
    assert shown_level(higher, warning) == ("alert", "focal_mth", "mth2_3")  # the detector is ahead
    stale = Alert(300.0, "left", "data_stale", None)
    assert shown_level(notice, stale) == ("notice", "cop_forward", None)


def test_the_view_carries_the_events_standing_under_the_banner():
    """While one foot's no-data banner stands, a notice on the other foot ranks under it: the view keeps it
    (had: only the banner's event was in the view, so the notice's suggestion was nowhere on the screen)."""
    session = offline_session("healthy-ride", duration_s=10.0)
    live = LiveMonitor(_fake_link(session.info.layouts, 1.0), SimpleNamespace(label="t", activity="unknown"),
                       duration_s=60.0, params=DEFAULT_PARAMS, dispatcher=Dispatcher([]), config=LiveConfig(),
                       on_view=None, on_notice=None)
    stale = Alert(40.0, "left", "data_stale", None)
    notice = Alert(45.0, "right", "alert", "notice", "mth4_5", "focal_mth", suggestions=("Try a wider toe box",))
    live.core.current_.update(left=stale, right=notice)
    view = live.view(_progress(50.0))
    assert view.current_alert == stale and view.others == (notice,)
    live.core.current_.pop("left")
    view = live.view(_progress(51.0))
    assert view.current_alert == notice and view.others == ()


def test_a_run_is_summed_up_as_a_run_with_the_words_of_running():
    from monitor.live.delivery import Delivered
    from monitor.live.summary import LiveSummary, RecordSummary

    warn = Alert(300.0, "right", "alert", "warning", "mth2_3", "residual_unloaded", "shoe too tight",
                 suggestion_keys=("loosen_closure", "roomier_shoe"))
    rec = RecordSummary(Path("s"), 600.0, {"left": {}, "right": {}}, 0)
    delivered = [Delivered(warn, ("terminal",), "2026-12-02T05:00:00Z")]
    run = LiveSummary(rec, delivered, {"left": {"activity": "running"}, "right": {"activity": "running"}})
    text = summary_text(run).replace("--rider NAME", "")  # the option's name, not a word for the runner
    assert "10:00 of run" in text and "ride" not in text
    assert "Loosen the laces of the right shoe" in text and "dial" not in text
    assert "Only the right foot: check the fit and lacing of the right shoe" in text
    ride = LiveSummary(rec, [], {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}})
    assert "10:00 of ride" in summary_text(ride)
    one_side = Alert(300.0, "right", "alert", "warning", "mth2_3", "focal_mth", "forward cleat",
                     suggestion_keys=("met_pad", "compliant_sole"))
    clipped = LiveSummary(rec, [Delivered(one_side, ("terminal",), "2026-12-02T05:00:00Z")],
                          {"right": {"activity": "cycling"}}, setup={"pedals": "toe-clips", "shoes": None})
    said = summary_text(clipped)  # toe clips have no cleat: that side's shoe is checked, no cleat named
    # had: "check the fit and lacing of the right shoe", a run's words: a shoe on a pedal may have any closure
    assert "check the fit and the strap, dial or laces of the right shoe" in said and "cleat" not in said, said


async def test_stale_data_alerts_once_and_clears_when_the_data_is_back():
    session = offline_session("healthy-ride", duration_s=60.0)
    views = []
    disp = Dispatcher([])
    live = LiveMonitor(_fake_link(session.info.layouts, 1.0), SimpleNamespace(label="t", activity="unknown"),
                       duration_s=60.0,
                       params=DEFAULT_PARAMS, dispatcher=disp, config=LiveConfig(), on_view=views.append,
                       on_notice=None)
    for b in _packets(session, ("left", "right"), t_max_s=50.0):
        if b.foot == "left" or not 20.0 <= b.t_s[0] < 45.0:  # the right foot is quiet from 20 to 45 s
            live.on_frames(b)
        if b.foot == "left" and b.t_s[0] in (24.0, 32.0, 40.0, 48.0):  # block starts
            live.tick(_progress(float(b.t_s[-1])))
            if b.t_s[0] == 40.0:
                assert views[-1].current_alert is not None and views[-1].current_alert.kind == "data_stale"
    stale = [a for a in live.alerts_ if a.kind == "data_stale"]
    # once, not at every tick; dated when its silence reached stale_after_s (had: 32, the check's clock)
    assert [(a.foot, round(a.t_s, 2)) for a in stale] == [("right", 29.99)]
    assert views[-1].current_alert is None  # its data is back
    await disp.aclose()


@pytest.mark.parametrize("deferred", [False, True])
def test_data_that_arrive_late_are_not_stale_data_that_stop_are(deferred):
    """A host too busy to keep up delivers the frames later and later (here 15 s of ride behind at the end,
    at 20x under a wall second): the stale-data checks it posts meanwhile find no foot stale, since both
    feet's frames still arrive. Then the right foot's frames stop arriving: it is stale once, 10 s of the
    left foot's data after its last frame. The same with the pipeline deferred (a replay as fast as
    possible)."""
    session = offline_session("healthy-ride", duration_s=80.0)
    alerts = []
    core = AnalysisCore(session.info.layouts, speed=20.0, params=DEFAULT_PARAMS, max_batch_host_s=0.02,
                        emit=lambda a, since: alerts.append(a), deferred=deferred)
    next_check_s = 1.0
    for b in _packets(session, ("left", "right")):
        t_s = float(b.t_s[-1])
        if b.foot == "right" and t_s >= 60.0:
            continue  # the right insole is gone
        arrival_s = t_s + min(t_s / 3.0, 15.0)  # the host falls behind, to 15 s of ride
        while next_check_s <= arrival_s:  # a check the timer posts, in order with the records
            core.check_stale(next_check_s)
            next_check_s += 1.0
        core.arrival(arrival_s)
        core.frames(b)
    core.flush()
    if deferred:
        core.run_deferred()
    stale = [(a.foot, a.t_s) for a in alerts if a.kind == "data_stale"]
    assert [foot for foot, _ in stale] == ["right"]
    right_last_s = max(float(b.t_s[-1]) for b in _packets(session, ("right",)) if b.t_s[-1] < 60.0)
    assert stale[0][1] == right_last_s + DEFAULT_PARAMS.alerts.stale_after_s  # not the left foot's data clock


def test_recent_peaks_average_each_seconds_peak_per_region():
    masks = {"mth1": np.array([True, False, False]), "hallux": np.array([False, True, True])}
    peaks = RecentPeaks(masks, window_s=3.0)
    t = np.arange(0, 5, 0.01)
    p = np.zeros((t.size, 3))
    p[:, 0] = np.floor(t) * 10.0  # 0, 10, 20, 30, 40 kPa in seconds 0..4
    p[:, 1] = np.nan
    p[::50, 2] = 100.0  # a 100 kPa spike every half second
    peaks.add(t[:300], p[:300])
    peaks.add(t[300:], p[300:])
    now = peaks.now(4.999)  # complete seconds 1, 2, 3
    assert now["mth1"] == pytest.approx(20.0) and now["hallux"] == pytest.approx(100.0)


async def test_scan_picks_the_strongest_left_and_the_strongest_right(monkeypatch):
    """Four insoles in range (the virtual radio gives every one the same RSSI, so this one is faked)."""
    import monitor.link.pairing as pairing_mod
    from monitor.errors import DeviceNotFound
    from monitor.link.ble import FoundInsole, PairLink

    foot_of = {"L-far": "left", "R-near": "right", "L-near": "left", "R-far": "right"}
    rssi = {"R-near": -40, "L-near": -45, "L-far": -70, "R-far": -80}
    asked, tried = {}, []

    async def fake_scan(backends, *, timeout_s, enough=None, kinds=None):
        asked.update(timeout_s=timeout_s, enough=enough)
        found = [FoundInsole(a, a, r, a) for a, r in rssi.items()]
        return sorted(found, key=lambda f: -f.rssi)

    async def fake_open(self, devices, *, expect=None, kind="solewatch"):
        (dev,) = devices
        tried.append(dev)
        if foot_of[dev] in self.feet:
            raise DeviceNotFound(f"two {foot_of[dev]} insoles")

        async def close():
            pass

        self.feet[foot_of[dev]] = SimpleNamespace(address=dev, close=close)

    monkeypatch.setattr(pairing_mod, "scan", fake_scan)
    monkeypatch.setattr(PairLink, "open", fake_open)
    link = await open_pair(None, LinkConfig(), nearest=True, nearest_scan_s=3.0)
    assert {f: fl.address for f, fl in link.feet.items()} == {"right": "R-near", "left": "L-near"}
    assert tried == ["R-near", "L-near"]  # strongest first, and no more once both feet are there
    assert asked == {"timeout_s": 3.0, "enough": None}  # the whole scan window, to see every insole
    stop = asyncio.Event()
    stop.set()
    assert await open_pair(None, LinkConfig(), nearest=True, stop=stop) is None


# ---------------------------------------------------------------------------- through the virtual radio


@pytest.mark.looptime  # a virtual clock (tests/virtual_clock.py): latencies count waits, not the host's speed
@pytest.mark.timeout(300)  # 13 minutes of ride cost CPU time only; a loaded host needs more than 120 s
async def test_a_warning_reaches_the_riders_feet_as_a_haptic_pulse(tmp_path):
    """13 simulated minutes of cleat-forward at 60x: every warning delivered over haptic is a pulse the
    insole firmware played, with the warning's pattern; the events file holds exactly the alerts."""
    speed, duration_s = 60.0, 780.0
    events_path = tmp_path / "events.jsonl"
    async with simulated_insoles("cleat-forward", speed=speed, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=speed))
        sink = EventsSink.open(events_path)
        views = []
        summary = await run_live(link, sim.meta, duration_s=duration_s, out_dir=tmp_path / "sessions",
                                 channels=[link_haptic(link)], events=sink, on_view=views.append,
                                 baseline=rider_normal(1))  # a known rider: the moved cleats are a change
        sink.close()
        pulses = {foot: list(ins.haptic_log) for foot, ins in sim.pair.insoles.items()}
    delivered = summary.delivered
    for foot in ("left", "right"):
        warned = [d for d in delivered if d.alert.foot == foot and d.alert.level == "warning"]
        assert warned, foot  # cleat-forward warns both feet within 5 minutes
        buzzed = [d for d in delivered if d.alert.foot == foot and "haptic" in d.delivered]
        assert len(pulses[foot]) == len(buzzed) >= 1
        for d, pulse in zip(buzzed, pulses[foot], strict=True):
            pattern = HAPTIC_PATTERNS[d.alert.level]
            assert (pulse.duration_ms, pulse.intensity_percent, pulse.repeat) == (
                pattern.duration_ms, pattern.intensity_percent, pattern.repeat)
        assert all("haptic" in d.delivered for d in warned)
        assert max(d.latency_s["haptic"] for d in buzzed) < 1.0
    lines = [json.loads(line) for line in events_path.read_text().splitlines()]
    assert [(x["t_s"], x["foot"], x["kind"], x["level"], x["region"], x["pattern"], x["suggestions"],
             x["delivered"]) for x in lines] == [
        (round(d.alert.t_s, 3), d.alert.foot, d.alert.kind, d.alert.level, d.alert.region, d.alert.pattern,
         list(d.alert.suggestions), [*d.delivered]) for d in delivered]
    assert all(x["delivered"][-1] == "events" for x in lines)
    # live equals replay: the recorded session, analysed afterwards, gives the same alerts
    session = load_session(summary.record.path)
    again = analyze(session, baseline=session_baseline(session.path))
    assert [(a.t_s, a.foot, a.level) for a in again.alerts] == sorted(
        (a.t_s, a.foot, a.level) for a in summary.alerts if a.kind == "alert")
    assert session.info.duration_s >= duration_s
    assert views[-1].feet["left"].level in ("notice", "warning", "alert")
    assert views[-1].feet["left"].region_kpa["mth2_3"] > 20.0
    text = summary_text(summary)
    assert "Move both cleats" in text and "evidence" in text and str(summary.record.path) in text
    assert NOT_A_MEDICAL_DEVICE in text and "clinician" in text
    assert re.search(r"left foot .*1 warning", text)
    assert "Report:" not in text
    assert f"Report: {summary.record.path / 'report.html'}" in summary_text(
        summary, report=summary.record.path / "report.html")
    failed = summary_text(summary, report_error="disk full")
    assert "No report: disk full" in failed and f"solewatch report {summary.record.path}" in failed


#: ``solewatch`` as a process on the virtual clock (tests/virtual_clock.py): the simulated ride reaches its
#: duration and alerts at the same places however loaded the host is.
ON_VIRTUAL_CLOCK = [sys.executable, str(Path(__file__).resolve().parent / "virtual_clock.py")]


def test_cli_live_plain_with_events_on_stdout(tmp_path):
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "cleat-forward", "--speed", "40",
                           "--duration", "100s", "--out", str(tmp_path), "--events", "-", "--plain",
                           "--no-sound"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]  # stdout holds the JSON lines only
    assert {(x["foot"], x["level"]) for x in lines} == {("left", "notice"), ("right", "notice")}
    assert all(x["delivered"] == ["terminal", "events"] for x in lines)
    assert re.search(r"LEFT\s+NOTICE\s+MTH2-3", proc.stderr)
    assert "Session recorded in" in proc.stderr and NOT_A_MEDICAL_DEVICE in proc.stderr
    session_dir = next(tmp_path.iterdir())
    load_session(session_dir)
    # the end of the session names its report, written into the session directory
    report = session_dir / "report.html"
    assert f"Report: {report}" in proc.stderr
    html = report.read_text(encoding="utf-8")
    assert "Verdict" in html and "MTH2-3" in html and "data:image/png;base64," in html


def test_cli_live_no_report(tmp_path):
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40",
                           "--duration", "20s", "--out", str(tmp_path), "--plain", "--no-sound", "--no-report"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Report:" not in proc.stdout + proc.stderr
    assert not (next(tmp_path.iterdir()) / "report.html").exists()


def test_cli_live_rider_on_a_ride_too_short_to_learn_from_says_nothing_was_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))

    def rider_lines() -> list[str]:
        proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40",
                               "--duration", "30s", "--out", str(tmp_path / "sessions"), "--plain", "--no-sound",
                               "--no-report", "--rider", "ana"],
                              capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        return [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("rider ana:")]

    assert rider_lines()[-1] == ("rider ana: nothing kept of this ride's normal (it takes 5:00 of judged windows "
                                 "of one activity, from its first judged window; this ride had none)")
    assert not (tmp_path / "config" / "riders").exists()
    # a known rider is judged against the kept normal, which the ride leaves as it was
    kept = RiderBaseline({foot: {"cycling": ActivityBaseline(30, ml_index=-0.1, residual_fraction=0.05)}
                          for foot in ("left", "right")}, insole="solewatch")  # as a ride's, of its insoles
    save_rider_baseline("ana", kept)
    assert rider_lines() == ["rider ana: its normal from earlier rides"]
    assert load_rider_baseline("ana") == kept


def test_cli_live_rider_on_a_run_speaks_of_the_run_not_a_ride(tmp_path, monkeypatch):
    # had: `live --sim healthy-run --rider ana` said "no earlier ride" and "nothing kept of this ride's normal"
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-run", "--speed", "40",
                           "--duration", "30s", "--out", str(tmp_path / "sessions"), "--plain", "--no-sound",
                           "--no-report", "--rider", "ana"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # this tree's code, not an installed one
    assert proc.returncode == 0, proc.stderr
    said = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("rider ana:")]
    assert said == ["rider ana: no earlier run: its normal is learnt from the first minutes",
                    "rider ana: nothing kept of this run's normal (it takes 5:00 of judged windows of one "
                    "activity, from its first judged window; this run had none)"], said


def test_cli_live_rider_known_on_rides_whose_short_run_learnt_nothing_is_told_so(tmp_path, monkeypatch):
    # had: a rider with a kept normal of rides only, on a run too short to learn from, heard nothing at the
    # end (any kept normal counted as known), though the run was judged on its own first minutes
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    kept = RiderBaseline({foot: {"cycling": ActivityBaseline(30, ml_index=-0.1, residual_fraction=0.05)}
                          for foot in ("left", "right")}, insole="solewatch")  # as a ride's, of its insoles
    save_rider_baseline("ana", kept)
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-run", "--speed", "40",
                           "--duration", "2m", "--out", str(tmp_path / "sessions"), "--plain", "--no-sound",
                           "--no-report", "--rider", "ana", "--activity", "running"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    said = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("rider ana:")]
    assert said[-1] == ("rider ana: nothing kept of this run's normal (it takes 5:00 of judged windows of one "
                        "activity, from its first judged window; this run had 1:00 of them)"), said
    assert load_rider_baseline("ana") == kept


@pytest.mark.parametrize("args, fragment", [
    (["live", "--duration", "1m"], "say which insoles"),
    (["live", "--scan", "--left", "AA:BB:CC:DD:EE:01"], "--scan picks the insoles itself"),
    (["live", "--left", "AA:BB:CC:DD:EE:01", "--fault", "drop:left@1s"], "--fault needs --sim"),
    (["live", "--moticon-udp", "4000", "--fault", "lose:left@1s"], "--fault needs --sim"),  # had: ignored
    # had: "/dev/null is a file, not a directory"; a device is said to be one
    (["live", "--sim", "cleat-forward", "--events", "/dev/null/dir/events.jsonl"],
     "--events /dev/null/dir/events.jsonl: /dev/null is a device, not a directory"),
    (["live", "--sim", "cleat-forward", "--out", "/dev/null"], "/dev/null: is a device, not a directory"),
])
def test_live_argument_errors_are_one_line_and_exit_2(args, fragment, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and fragment in err[0]


def test_live_refuses_sim_with_scan(tmp_path, capsys, monkeypatch):
    """--sim with --scan ran the simulated pair, the scan ignored without a word, exit 0."""
    monkeypatch.chdir(tmp_path)
    assert main(["live", "--sim", "healthy-ride", "--scan", "--speed", "60", "--duration", "1s", "--out",
                 str(tmp_path / "s"), "--no-sound", "--no-report", "--plain"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "solewatch live: error: --sim SCENARIO makes its own pair of insoles, with no scan; leave out --scan, "
        "or --sim"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fault, said", [
    ("drop:left@10s+2s", ["left insole disconnected; reconnecting", "left insole reconnected (the link was down "]),
    ("stop:left@5s", ["left insole disconnected; reconnecting",
                      "left insole lost; the session goes on with the right"]),
], ids=["down-and-back", "lost"])
def test_record_says_a_foot_down_back_or_lost_in_lines_of_its_own_as_live_does(tmp_path, capsys, monkeypatch,
                                                                                  fault, said):
    # had: `record --plain` said a foot down only as "(down)" in its next progress line, and nothing of it
    # coming back or being lost; a log of the recording held no line saying when
    from virtual_clock import run_on_virtual_clock

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    ride = ["--sim", "healthy-ride", "--speed", "20", "--duration", "30s", "--fault", fault, "--plain"]
    assert main(["record", *ride, "--out", str(tmp_path / "record")]) == 0
    recorded = capsys.readouterr().err.splitlines()
    assert main(["live", *ride, "--out", str(tmp_path / "live"), "--no-sound", "--no-report"]) == 0
    notice = re.compile(r" *\d+:\d\d  (left insole .+)")  # a session time, then the notice
    live = [line for line in capsys.readouterr().out.splitlines() if notice.fullmatch(line)]
    texts = [notice.fullmatch(line).group(1) for line in live]
    assert len(texts) == len(said) and all(text.startswith(s) for text, s in zip(texts, said)), live
    notices = [line for line in recorded if notice.fullmatch(line)]
    assert notices == live  # the same lines, with the same session times
    # each said when it happened, between the progress lines, not only at the end
    assert recorded.index(notices[0]) < recorded.index(next(r for r in recorded if r.startswith("recording 100%")))


@needs_dev_full
def test_a_failed_events_file_is_said_when_it_fails_and_the_ride_goes_on(tmp_path, capsys, monkeypatch):
    from virtual_clock import run_on_virtual_clock

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    code = main(["live", "--sim", "cleat-forward", "--speed", "40", "--duration", "100s", "--out", str(tmp_path),
                 "--events", "/dev/full", "--plain", "--no-sound", "--no-report"])
    out = capsys.readouterr().out
    assert code == 1, out[-500:]
    said = out.index("the events file stopped: No space left on device")
    assert said < out.index("Session recorded in") < out.index("The events file stopped: [Errno 28]")
    assert re.search(r"LEFT\s+NOTICE", out) and re.search(r"RIGHT\s+NOTICE", out)  # the alerts went on


def _signal_as_it_starts(monkeypatch, module, name: str, sig: str) -> None:
    """The command runs on the virtual clock, and ``module.name`` sends this process ``sig`` as it starts:
    a point in the command that does not depend on the host's speed."""
    import signal

    from virtual_clock import run_on_virtual_clock

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    real = getattr(module, name)

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), getattr(signal, sig))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, interrupted)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_ctrl_c_while_live_writes_its_report_stops_the_report_and_keeps_the_session(tmp_path, capsys, monkeypatch,
                                                                                   sig):
    """Ctrl-C (or SIGTERM) while `live` writes the session report at the end stops the report: no report.html
    and no temporary file left, the summary says so and how to write it, the session whole, exit 0 (had: the
    signal waited for the report, however long it took, the event loop being unable to run its handler
    then). The signal is sent as the report starts: a point that does not depend on the host's speed."""
    import signal

    import monitor.report.writer as writer

    _signal_as_it_starts(monkeypatch, writer, "write_session_report", sig)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)  # SIGINT ignored in a background job
    code = main(["live", "--sim", "healthy-ride", "--speed", "40", "--duration", "30s", "--out", str(tmp_path),
                 "--plain", "--no-sound"])
    out = capsys.readouterr().out
    assert code == 0, out[-800:]
    (session_dir,) = tmp_path.iterdir()
    assert sorted(p.name for p in session_dir.iterdir()) == ["frames.parquet", "gaps.csv", "params.json",
                                                              "raw.swlog", "session.json"]
    assert f"No report: interrupted; try `solewatch report {session_dir}`" in out
    assert f"Session recorded in {session_dir}" in out
    load_session(session_dir)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before  # as they were


@pytest.mark.parametrize("command", ["record", "live"])
@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_ctrl_c_while_the_recording_closes_stops_its_tables_and_keeps_the_session(tmp_path, capsys, monkeypatch,
                                                                                   command, sig):
    """Ctrl-C (or SIGTERM) while `record` or `live` writes the frames table at the session's close stops it: no
    frames.parquet, gaps.csv or temporary file left, the final session.json written (the session reads as
    closed), one line says the tables are rebuilt from raw.swlog, exit 0 as for a Ctrl-C while recording, and
    no report (had: the signal waited for the whole table, the event loop being unable to run its handler
    then). The signal is sent as the table starts: a point that does not depend on the host's speed."""
    import signal

    import monitor.session.frames_file as frames_file

    _signal_as_it_starts(monkeypatch, frames_file, "write_frames_file", sig)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    extra = ["--no-sound"] if command == "live" else []
    code = main([command, "--sim", "healthy-ride", "--speed", "40", "--duration", "30s", "--out", str(tmp_path),
                 "--plain", *extra])
    out = capsys.readouterr()
    said = out.out + out.err
    assert code == 0, said[-800:]
    (session_dir,) = tmp_path.iterdir()
    names = sorted(p.name for p in session_dir.iterdir())
    assert names == sorted(["raw.swlog", "session.json"] + (["params.json"] if command == "live" else [])), names
    assert said.lower().count("frames table not written: interrupted; it is rebuilt from raw.swlog when the session "
                      "is next read") == 1, said[-800:]
    assert "Report:" not in said
    session = load_session(session_dir)  # rebuilt from the raw log, closed
    assert session.info.duration_s is not None and not session.unclosed_note()
    assert sum(c["frames_received"] for c in session.counters.values()) > 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before  # as they were


@pytest.mark.parametrize("command", ["live", "replay"])
def test_events_into_a_missing_folder_makes_it_as_export_and_report_do(command, tmp_path, capsys):
    """`export -o` and `report -o` make the missing folders above their file; `live --events` and `replay
    --events` refused one ("cannot write --events ...: No such file or directory"): they make it too. A file
    where a folder must be is one line, exit 2."""
    events = tmp_path / "rides" / "today" / "events.jsonl"
    ride = ["live", "--sim", "cleat-forward", "--speed", "40", "--duration", "100s", "--out", str(tmp_path / "s"),
            "--no-sound", "--no-report"] if command == "live" else \
        ["replay", str(ROOT / "sessions" / "samples" / "sim-cleat-forward")]
    assert main([*ride, "--plain", "--events", str(events)]) == 0, capsys.readouterr().err
    lines = events.read_text().splitlines()
    assert lines and all(json.loads(line)["kind"] for line in lines)
    capsys.readouterr()
    (tmp_path / "a-file").write_text("x")
    assert main([*ride, "--plain", "--events", str(tmp_path / "a-file" / "events.jsonl")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"--events {tmp_path / 'a-file' / 'events.jsonl'}: {tmp_path / 'a-file'} is a file, not a directory" in line
