"""A session whose insoles both stop, and are both lost, ends where it ran to, not at its last frame: the
silence after they stopped is part of the session, so each foot's NO DATA falls within it and `analyze`
(and the report and the replay, which read the same session) gives the NO DATA the live session gave.

Had (`live --sim cleat-forward --speed 40 --duration 3m --fault stop:left@90s --fault stop:right@100s`):
"Session: 1:40", `duration_s` 100.011 s (the last frame), live's NO DATA for the left at 1:40 and the right
at 1:50, after the session's own end, and `analyze` of the session none for the right (its silence was
judged only up to 100.011 s). The ride runs on the virtual clock (tests/virtual_clock.py): host speed
changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

import monitor
from monitor import load_session
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
RIDE_S = 60.0
AFTER_S = DEFAULT_PARAMS.alerts.stale_after_s  # 10 s


async def _live(out: Path, faults: list[str]):
    out.mkdir(parents=True, exist_ok=True)
    events_path = out / "live-events.jsonl"
    summary = await live_ride_async(out / "sessions", "cleat-forward", speed=SPEED, seed=1, faults=faults,
                                    duration_s=RIDE_S, params=DEFAULT_PARAMS, events_path=events_path)
    return summary, [json.loads(line) for line in events_path.read_text().splitlines()]


async def _replay(path: Path) -> list[dict]:
    sink_path = path.parent.parent / "replay.jsonl"
    sink = EventsSink.open(sink_path)
    await replay_session(path, events=sink)
    sink.close()
    return [json.loads(line) for line in sink_path.read_text().splitlines()]


def _data_events(lines) -> list[tuple]:
    return [(round(x["t_s"], 3), x["foot"], x["kind"]) for x in lines if x["kind"] in ("data_stale", "data_back")]


@pytest.mark.parametrize(("faults", "stale_feet"), [
    (["stop:left@30s", "stop:right@35s"], ["left", "right"]),
    (["stop:left@30s", "stop:right@30s"], ["left", "right"]),
    # the right foot's silence reaches stale_after_s only after the ride's end: no NO DATA for it, live or
    # after (had: told live at 1:05 of a 1:00 session, as the recorder waited for the link to give it up)
    (["stop:left@40s", "stop:right@55s"], ["left"]),
], ids=["one-then-the-other", "both-at-once", "the-second-in-the-last-10-s"])
def test_insoles_that_both_stop_leave_their_silence_in_the_session_and_analyze_says_the_no_data_live_said(
        tmp_path, faults, stale_feet):
    summary, lines = run_on_virtual_clock(_live(tmp_path, faults))
    live = _data_events(lines)
    assert [(foot, kind) for _, foot, kind in live] == [(foot, "data_stale") for foot in stale_feet], live
    session = load_session(summary.record.path)
    notes = " ".join(session.info.notes)
    assert "both insoles lost" in notes, notes  # the link gave both up: they stopped, the host kept up
    # the session runs to the ride's end, which the host's clock x the speed reached (the recorder waits on
    # past it for the link to give the feet up); not to the last frame (had: 35.0x s)
    assert session.info.duration_s == pytest.approx(RIDE_S, abs=0.5), session.info.duration_s
    assert summary.record.duration_s == pytest.approx(session.info.duration_s, abs=0.001)  # "Session: 1:00"
    # every NO DATA live told lies within the session (had: the right foot's 10 s after its end)
    assert all(t_s <= session.info.duration_s for t_s, _, _ in live), (live, session.info.duration_s)
    # missing stays missing: no frame after each foot's stop, none made up as zeros
    for foot in ("left", "right"):
        ft, _ = session.foot_arrays(foot)
        stop_s = float(next(f for f in faults if f"{foot}@" in f).split("@")[1].rstrip("s"))
        assert ft[-1] < stop_s + 1.0, (foot, ft[-1])
    # the silence is counted missing to the end (at 100 Hz: 100 frames a second)
    for foot in ("left", "right"):
        stop_s = float(next(f for f in faults if f"{foot}@" in f).split("@")[1].rstrip("s"))
        assert summary.record.frames_missing(foot) >= 90 * (RIDE_S - stop_s - 1.0), summary.record.absent
    # analyze (the report reads it) gives the NO DATA live gave, at the same times (had: none for the right)
    result = monitor.analyze(session.path)
    analysed = sorted((round(a.t_s, 3), a.foot, a.kind) for a in result.alerts + result.events
                      if a.kind in ("data_stale", "data_back"))
    assert analysed == sorted(live), (analysed, live)
    # and the replay, as before
    assert _data_events(run_on_virtual_clock(_replay(summary.record.path))) == live


def test_a_moticon_stream_that_stops_whole_keeps_its_silence_in_the_session_as_live_said_it(
        tmp_path, monkeypatch, capsys):
    # the Moticon stream stops once both feet have stopped: no foot is declared lost, the host kept the
    # speed, so the insoles stopped (recorded_span's KEPT_UP_SHARE). Had: "Session: 0:20" of a 1:00 ride
    # ("...; the session ends there"), live's NO DATA at 0:30 for both feet, after its end, analyze none
    import asyncio

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    events = tmp_path / "events.jsonl"
    code = main(["live", "--sim", "healthy-ride", "--insole", "moticon-udp", "--speed", "30", "--duration",
                 "60s", "--fault", "stop:left@20s", "--fault", "stop:right@20s", "--out", str(tmp_path / "s"),
                 "--plain", "--no-sound", "--events", str(events)])
    assert code == 0, capsys.readouterr()
    live = _data_events(json.loads(line) for line in events.read_text().splitlines())
    assert sorted((foot, kind) for _, foot, kind in live) == [("left", "data_stale"), ("right", "data_stale")]
    session = load_session(next((tmp_path / "s").iterdir()))
    assert session.info.duration_s == pytest.approx(60.0, abs=0.5), session.info.notes
    assert all(t_s <= session.info.duration_s for t_s, _, _ in live), live
    result = monitor.analyze(session.path)
    analysed = sorted((round(a.t_s, 3), a.foot, a.kind) for a in result.alerts + result.events
                      if a.kind in ("data_stale", "data_back"))
    assert analysed == sorted(live), (analysed, live)
