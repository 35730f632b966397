"""Faults a live session survives, each through the virtual radio with the simulated insoles' own fault
injection: a foot that drops and comes back, a foot gone for good, a low battery, corrupt packets, a full
disk, and Ctrl-C or SIGTERM at several moments (the `solewatch live` process itself).

Nothing received is lost: every frame the insoles sent is in the recorded session, and the alerts the rider
got are those a replay of the recording gives.
"""

from __future__ import annotations

import asyncio
import errno
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from known_rider import rider_normal
from virtual_clock import stall as stall_host

import monitor.session.rawlog
from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import EventsSink
from monitor.live.session import link_haptic, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import summary_text
from monitor.session.riders import session_baseline
from monitor.signal.params import DEFAULT_PARAMS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]  # a virtual clock (tests/virtual_clock.py)


async def _live(tmp_path, *, faults=(), scenario="cleat-forward", speed=40.0, duration_s=60.0, config=None,
                slow_connect_s=0.0, stall=None):
    """A live session on the simulated insoles; ``slow_connect_s``: wall seconds the host takes before it
    connects, as a loaded machine's scan and connection do; ``stall`` (session s, wall s): the whole
    process stops for that long once the view passes that time, as on a host too busy to run it."""
    events_path = tmp_path / "events.jsonl"
    async with simulated_insoles(scenario, speed=speed, seed=1, faults=list(faults)) as sim:
        await asyncio.sleep(slow_connect_s)
        link = await open_pair(sim.backends, config or LinkConfig(speed=speed))
        sink = EventsSink.open(events_path)
        views, notices = [], []

        def on_view(view):
            if stall is not None and view.session_s >= stall[0] and not any(v.session_s >= stall[0] for v in views):
                stall_host(asyncio.get_running_loop(), stall[1])  # insoles, radio and monitor alike
            views.append(view)

        summary = await run_live(link, sim.meta, duration_s=duration_s, out_dir=tmp_path / "sessions",
                                 channels=[link_haptic(link)], events=sink, on_view=on_view,
                                 on_notice=notices.append, baseline=rider_normal(1))  # a known rider
        sink.close()
        pulses = {foot: list(ins.haptic_log) for foot, ins in sim.pair.insoles.items()}
        truth = {foot: ins.counters for foot, ins in sim.pair.insoles.items()}
    lines = [json.loads(line) for line in events_path.read_text().splitlines()]
    return SimpleNamespace(summary=summary, views=views, notices=notices, pulses=pulses, truth=truth,
                           lines=lines, session=load_session(summary.record.path))


def _received_frames(session, foot):
    rows = session.foot_frames(foot).iloc[:, 2:].to_numpy(dtype=float)
    return int((~np.isnan(rows).all(axis=1)).sum())


def _alerts(lines, foot, kind="alert"):
    return [x for x in lines if x["foot"] == foot and x["kind"] == kind]


async def test_a_foot_drops_and_comes_back_gap_recorded_no_alert_delivered_twice(tmp_path):
    # cleat-forward warns both feet at about 5 minutes; the left insole drops for 5 s just after. On the
    # virtual clock a reconnection takes the host no time whatever its load (on the wall clock, each second
    # of it was 40 s of ride at 40x, and a loaded host's reconnection outlasted lost_after_session_s)
    r = await _live(tmp_path, faults=["drop:left@330s+5s"], duration_s=480.0)
    kinds = [n.kind for n in r.notices if n.foot == "left"]
    assert kinds[:2] == ["disconnected", "reconnected"]  # shown to the rider
    assert r.views[-1].feet["left"].reconnects == 1 and r.views[-1].feet["left"].connected
    gaps = r.session.gaps[r.session.gaps["foot"] == "left"]
    assert list(gaps["reason"]) == ["link down"]
    for foot in ("left", "right"):
        warnings = [x for x in _alerts(r.lines, foot) if x["level"] == "warning"]
        assert len(warnings) == 1, (foot, warnings)  # once, not again after the reconnect
        assert warnings[0]["delivered"] == ["haptic", "events"]
        assert len(r.pulses[foot]) == 1
        assert _received_frames(r.session, foot) == r.truth[foot].frames_sent  # nothing received lost
    dropped_s = min(n.t_s for n in r.notices if n.kind == "disconnected")
    assert 300.0 <= _alerts(r.lines, "left")[-1]["t_s"] < dropped_s
    # Stale data is judged on the data: the left foot's data are away for the 5 s of the drop, less than
    # stale_after_s, so neither foot's data is stale, and the foot is not lost
    (gap,) = gaps.itertuples()
    assert 5.0 <= gap.end_s - gap.start_s < 6.0, gap
    assert not [x for x in r.lines if x["kind"] == "data_stale"]
    assert "foot_lost" not in kinds
    # the detector's state stayed sane: the recording, replayed, gives the alerts the rider got
    again = analyze(r.session, baseline=session_baseline(r.session.path))
    assert [(a.t_s, a.foot, a.level) for a in again.alerts] == sorted(
        (a.t_s, a.foot, a.level) for a in r.summary.alerts if a.kind == "alert")


async def test_a_stalled_host_makes_no_foot_look_stale(tmp_path):
    # the process stops for 0.5 wall seconds, 20 s of ride at 40x: the insoles' data of those seconds come
    # late but whole, so neither foot's data is stale, and nothing is lost
    r = await _live(tmp_path, scenario="healthy-ride", duration_s=60.0, stall=(20.0, 0.5))
    assert max(v.session_s for v in r.views) >= 60.0
    assert not [x for x in r.lines if x["kind"] == "data_stale"]
    for foot in ("left", "right"):
        assert _received_frames(r.session, foot) == r.truth[foot].frames_sent
        assert r.session.counters[foot]["packets_lost"] == 0


async def test_a_foot_gone_for_good_is_stale_data_and_the_other_foot_goes_on(tmp_path):
    r = await _live(tmp_path, faults=["stop:right@60s"], duration_s=330.0,
                    config=LinkConfig(speed=40.0, lost_after_session_s=10.0))
    stale = _alerts(r.lines, "right", "data_stale")
    # stale once, dated stale_after_s past the right's last frame (however much later the wall-clock
    # timer's check comes, which depends on the host; the left warning below comes after it)
    right_last_s = r.session.foot_frames("right")["t_s"].iloc[-1]
    after_s = DEFAULT_PARAMS.alerts.stale_after_s
    assert len(stale) == 1 and round(right_last_s + after_s, 3) == stale[0]["t_s"]
    assert stale[0]["delivered"] == ["events"]  # the insole that is gone cannot buzz
    assert not [x for x in _alerts(r.lines, "right") if x["t_s"] > stale[0]["t_s"]]
    # lost once 10 s of the left foot's data have arrived since the right one went (not at the next
    # reconnection attempt, nor after a host-time floor: with the left sending, its data decide)
    (down,) = [n.t_s for n in r.notices if n.kind == "disconnected" and n.foot == "right"]
    (lost,) = [n.t_s for n in r.notices if n.kind == "foot_lost" and n.foot == "right"]
    assert 10.0 - 1e-6 <= lost - down < 10.5, (down, lost)
    left_warnings = [x for x in _alerts(r.lines, "left") if x["level"] == "warning"]
    assert left_warnings and left_warnings[0]["t_s"] > stale[0]["t_s"]
    assert "haptic" in left_warnings[0]["delivered"] and len(r.pulses["left"]) == 1 and not r.pulses["right"]
    last = r.views[-1]
    assert last.feet["right"].lost and not last.feet["right"].connected and last.feet["left"].connected
    # no relief clock for a foot lost: it would count 4:30 "since the last relief" of a foot without data
    assert math.isnan(last.feet["right"].time_since_relief_s) and last.feet["left"].time_since_relief_s > 0
    assert last.current_alert.foot == "left"  # a warning outranks the other foot's missing data
    assert r.session.foot_frames("left")["t_s"].iloc[-1] > 320.0
    # the right insole's data end at 60 s of its own time (session times follow the host's arrivals)
    rate_hz = r.session.info.layouts["right"].current_rate_hz
    assert _received_frames(r.session, "right") == r.truth["right"].frames_sent <= 60.0 * rate_hz
    assert _received_frames(r.session, "left") == r.truth["left"].frames_sent
    assert any("right insole lost" in n for n in r.summary.record.notes)
    assert "right insole lost" in summary_text(r.summary)


async def test_an_insole_connected_that_never_notifies_is_no_data(tmp_path, monkeypatch):
    # the left insole connects and takes the start, then sends nothing (its link stays up): its load is
    # unknown from the start, so NO DATA once the right foot's data are stale_after_s past the session's
    # start (had: no alert at all, a foot without data never counted as stale, and the rider was told
    # nothing while one foot went unwatched)
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def left_silent(self, packets):
        if self.side != "left":
            await send(self, packets)

    monkeypatch.setattr(SimInsole, "_send", left_silent)
    r = await _live(tmp_path, scenario="healthy-ride", speed=20.0, duration_s=40.0)
    stale = _alerts(r.lines, "left", "data_stale")
    assert len(stale) == 1 and stale[0]["t_s"] >= DEFAULT_PARAMS.alerts.stale_after_s
    assert not _alerts(r.lines, "right", "data_stale")
    assert r.session.foot_frames("left").empty or _received_frames(r.session, "left") == 0
    assert _received_frames(r.session, "right") == r.truth["right"].frames_sent


@pytest.mark.parametrize("slow_connect_s", [0.0, 1.0])
async def test_battery_low_is_shown_once(tmp_path, slow_connect_s):
    # the faults count from the ride's first data, however long connecting took (1 s = 20 ride seconds)
    r = await _live(tmp_path, scenario="healthy-ride", speed=20.0, duration_s=30.0, slow_connect_s=slow_connect_s,
                    faults=["battery:left@5s=14", "battery:left@10s=12", "battery:left@15s=10"])
    low = [n for n in r.notices if n.kind == "battery_low"]
    assert len(low) == 1 and low[0].foot == "left" and "14 %" in low[0].text
    assert r.views[-1].feet["left"].battery_pct == 10 and r.views[-1].feet["left"].battery_low
    assert not r.views[-1].feet["right"].battery_low
    assert summary_text(r.summary).count("battery low") == 1


async def test_corrupt_packets_are_counted_and_shown(tmp_path):
    r = await _live(tmp_path, scenario="healthy-ride", speed=20.0, duration_s=20.0,
                    faults=["corrupt:left@8s:3"])
    assert r.summary.record.counters["left"]["packets_corrupt"] == 3
    assert r.views[-1].feet["left"].packets_corrupt == 3 and r.views[-1].feet["right"].packets_corrupt == 0
    assert r.session.counters["left"]["packets_corrupt"] == 3
    assert _received_frames(r.session, "left") == r.truth["left"].frames_sent
    assert "3 corrupt packets" in summary_text(r.summary)


class _DiskFillsUp:
    """A raw-log file on a disk that fills up after ``limit`` bytes: then every write raises ENOSPC."""

    def __init__(self, fh, limit):
        self._fh, self._limit, self.written = fh, limit, 0

    def write(self, blob):
        if self.written + len(blob) > self._limit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += len(blob)
        return self._fh.write(blob)

    def __getattr__(self, name):
        return getattr(self._fh, name)


async def test_a_full_disk_stops_the_recording_with_a_message_and_the_alerts_go_on(tmp_path, monkeypatch):
    real_open = open
    monkeypatch.setattr(monitor.session.rawlog, "open",
                        lambda *a, **kw: _DiskFillsUp(real_open(*a, **kw), 120_000), raising=False)
    r = await _live(tmp_path, duration_s=330.0)
    stopped = [n for n in r.notices if n.kind == "recording_stopped"]
    assert len(stopped) == 1
    assert "No space left on device" in stopped[0].text and "alerts go on" in stopped[0].text
    # said as noticed then, not as the time the recording stopped: the disk holds less (had: "2:01 recording
    # stopped: ..." and then "Recording stopped early at 1:54", the time on disk)
    assert stopped[0].text.startswith("recording failed (noticed now): ") and \
        "what came after the raw log's last flush is not in the recording" in stopped[0].text, stopped[0].text
    # the disk filled in the ride's first minute, counted in frames (their session times follow the host's
    # arrivals, which a loaded host stretches: 38.7 s of frames were seen mapped to 3.8-87.8 s)
    rate_hz = r.session.info.layouts["left"].current_rate_hz
    assert all(_received_frames(r.session, foot) < 60.0 * rate_hz for foot in ("left", "right"))
    # the summary counts what reached the disk, not the frames received after it filled
    assert {f: c["frames_received"] for f, c in r.summary.record.counters.items()} == {
        f: _received_frames(r.session, f) for f in ("left", "right")}
    assert "No space left" in r.summary.record.recording_error
    assert not r.views[-1].recording and "No space" in r.views[-1].recording_error
    assert r.views[-1].recording_stopped_s == stopped[0].t_s  # when, for the views to say
    after = [x for x in r.lines if x["t_s"] > stopped[0].t_s and x["level"] == "warning"]
    assert {x["foot"] for x in after} == {"left", "right"}  # alerts still come after the failure ...
    assert all("haptic" in x["delivered"] for x in after)  # ... and reach the feet
    assert sum(len(p) for p in r.pulses.values()) == 2
    # what was written before the disk filled up loads
    assert r.session.frames["t_s"].max() < stopped[0].t_s + 1.0
    assert "Recording stopped early" in summary_text(r.summary)
    # when: the last frame the disk took (had: no time)
    from monitor.util.timefmt import clock_text

    held = clock_text(float(r.session.frames["t_s"].max()))
    assert f"Recording stopped early at {held} (" in summary_text(r.summary)


# ---------------------------------------------------------------------------- signals, as a process


def _wait_line(proc, needle, deadline):
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if needle in line:
            return line
    raise AssertionError(f"never saw {needle!r}")


@pytest.mark.parametrize("sig, moment", [
    (signal.SIGTERM, "connecting"),
    (signal.SIGINT, "connecting"),
    (signal.SIGTERM, "recording"),
    (signal.SIGINT, "alerting"),
])
def test_a_signal_at_any_moment_closes_the_session_cleanly(tmp_path, sig, moment):
    out, events = tmp_path / "sessions", tmp_path / "events.jsonl"
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "virtual_clock.py"), "live", "--sim", "cleat-forward",
                             "--speed", "20", "--duration", "30m", "--out", str(out), "--events", str(events),
                             "--plain", "--no-sound"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300  # a cap for a loaded host
        if moment == "connecting":
            _wait_line(proc, "connecting to", deadline)
        elif moment == "recording":
            while not list(out.glob("*/session.json")):
                assert time.monotonic() < deadline and proc.poll() is None, "the session never started"
                time.sleep(0.02)
            time.sleep(0.5)
        else:  # both feet's notices come at 70 s of ride; a loaded host may print them a while apart
            _wait_line(proc, "NOTICE", deadline)
            _wait_line(proc, "NOTICE", deadline)
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and not stderr.strip(), stderr
    sessions = list(out.glob("*")) if out.exists() else []
    if moment == "connecting" and not sessions:
        assert "nothing recorded" in stdout
        return
    (path,) = sessions
    assert (path / "frames.parquet").exists()  # closed, not merely killed
    s = load_session(path)
    assert f"Session recorded in {path}" in stdout
    if moment == "alerting":
        lines = [json.loads(line) for line in events.read_text().splitlines()]
        assert {x["level"] for x in lines} == {"notice"} and len(lines) == 2
        for foot in ("left", "right"):
            assert s.foot_frames(foot)["t_s"].iloc[-1] > 70.0
            assert s.counters[foot]["packets_lost"] == 0


async def test_a_check_that_finds_a_foot_stale_gives_its_events_in_time_order(tmp_path):
    # one-sided: the right foot's first notice is its window ending at 70 s, final once the right frames
    # reach 75 s; the left insole stops at 68 s, so that window's left twin never comes and the right one
    # waits for it (monitor.analysis.unilateral) until the check that finds the left foot stale (~78 s)
    # hands it over. Both events of that check leave in t_s order, live and in a replay (had: the NO DATA
    # at ~78 s, then the right notice at 70 s)
    r = await _live(tmp_path, scenario="one-sided", faults=["stop:left@68s"], duration_s=90.0)
    (stale,) = _alerts(r.lines, "left", "data_stale")
    (notice,) = [x for x in _alerts(r.lines, "right") if x["t_s"] < stale["t_s"]]
    assert 70.0 <= notice["t_s"] < stale["t_s"] - 5.0  # final before the check: it waited for the left foot
    t_s = [x["t_s"] for x in r.lines]
    assert t_s == sorted(t_s), [(x["t_s"], x["foot"], x["kind"], x["level"]) for x in r.lines]
    from monitor.live.replay import replay_session

    for deferred in (True, False):
        sink_path = tmp_path / f"replay-{deferred}.jsonl"
        sink = EventsSink.open(sink_path)
        await replay_session(r.summary.record.path, events=sink, deferred=deferred)
        sink.close()
        again = [json.loads(line) for line in sink_path.read_text().splitlines()]
        assert [(x["t_s"], x["foot"], x["kind"], x["message"]) for x in again] == [
            (x["t_s"], x["foot"], x["kind"], x["message"]) for x in r.lines], deferred


@pytest.mark.parametrize("at_s, drop_s, duration_s", [(100.0, 90.0, 240.0), (60.0, 20.0, 150.0)])
async def test_the_relief_clock_after_a_link_back_does_not_count_the_hole(tmp_path, at_s, drop_s, duration_s):
    """A left insole away for 90 s (a healthy ride: no relief in its first 4 minutes) came back to a relief clock
    that ran on from the newest window, one with no data whose end lies in the hole: "relief 2:12 ago" at
    3:12, the hole's time counted as time without relief, then back to 1:55 once a window with the new data
    closed. Away for 20 s from 1:00, the newest window when it came back held data up to the drop and ended in
    the hole: the clock ran on from its end, 70 s at 1:20, then 69 s at 1:30. Now the clock shows none ("-")
    until a window ending in the new data closes, and never counts the hole: as the tables, it is the time
    with data since the last relief (docs/detection.md)."""
    r = await _live(tmp_path, faults=[f"drop:left@{at_s:.0f}s+{drop_s:.0f}s"], scenario="healthy-ride",
                    duration_s=duration_s, config=LinkConfig(speed=40.0, lost_after_session_s=300.0))
    clock = [(v.session_s, v.feet["left"].time_since_relief_s) for v in r.views]
    back = [(t, c) for t, c in clock if t > at_s + drop_s and math.isfinite(c)]
    assert back, clock  # the clock shown again once the data came back
    assert all(c <= t - drop_s + 1.0 for t, c in back), back  # the time with data, the time away not in it
    shown = [c for _, c in clock if math.isfinite(c)]
    assert all(b >= a for a, b in zip(shown, shown[1:])), clock  # no relief: never back
