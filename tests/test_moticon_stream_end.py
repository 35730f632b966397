"""A Moticon stream whose insoles stop one after the other ends whole once the second stops: no datagram
says that foot away, so the link never says it lost, as it says the first. The session keeps the duration
it ran to, as when BLE insoles both stop and are lost (tests/test_session_end_both_lost.py): each silent
foot's missing frames are counted to its end, every NO DATA live told lies within it, and `analyze` and the
replay give the NO DATA live gave.

Had (`record` or `live --sim healthy-run --insole moticon-udp --speed 20 --duration 2m --fault stop:left@30s
--fault stop:right@60s`): `duration_s` 60.0 of a planned 120, "Session: 1:00", the right foot 0 frames
missing, live's NO DATA for the right at 1:10, after the session's end, and `analyze` none for it. With the
second stop at 40 s, the left foot was lost as the stream ended, or not, by a race: the session 0:40 or 2:00.
The rides run on the virtual clock (tests/virtual_clock.py): host speed changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from virtual_clock import run_on_virtual_clock

import monitor
from monitor import load_session
from monitor.cli.main import main
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session

pytestmark = pytest.mark.timeout(300)

PLANNED_S = 120.0
CASES = [(30, 60), (30, 40)]
IDS = ["right-at-1:00", "right-at-0:40"]


def _faults(left_s: int, right_s: int) -> list[str]:
    return ["--fault", f"stop:left@{left_s}s", "--fault", f"stop:right@{right_s}s"]


def _data_events(lines) -> list[tuple]:
    return [(round(x["t_s"], 3), x["foot"], x["kind"]) for x in lines if x["kind"] in ("data_stale", "data_back")]


def _missing_frames(out: str) -> dict[str, int]:
    """Each foot's missing frames, the last column of the summary's table."""
    rows = re.findall(r"^(left|right)\s+[\d,]+\s.*?([\d,]+)\s*$", out, flags=re.M)
    return {foot: int(n.replace(",", "")) for foot, n in rows}


def _analysed(path) -> list[tuple]:
    result = monitor.analyze(path)
    return sorted((round(a.t_s, 3), a.foot, a.kind) for a in result.alerts + result.events
                  if a.kind in ("data_stale", "data_back"))


def _assert_kept_and_counted(session, missing: dict[str, int], stops_s: dict[str, int]) -> None:
    assert session.info.duration_s == pytest.approx(PLANNED_S, abs=0.5), (session.info.duration_s,
                                                                           session.info.notes)
    assert session.info.stopped_by is None
    for foot, stop_s in stops_s.items():  # at 100 Hz (the stream's rate): 100 frames a second
        assert missing[foot] >= 90 * (PLANNED_S - stop_s - 1.0), (foot, missing, session.info.notes)
        ft, _ = session.foot_arrays(foot)
        assert ft[-1] < stop_s + 1.0, (foot, ft[-1])  # nothing made up after it stopped


@pytest.mark.parametrize(("left_s", "right_s"), CASES, ids=IDS)
def test_record_of_a_moticon_stream_that_ends_keeps_its_duration_and_counts_each_silent_foot(
        tmp_path, monkeypatch, capsys, left_s, right_s):
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-run", "--insole", "moticon-udp", "--speed", "20", "--duration", "2m",
                 *_faults(left_s, right_s), "--out", str(tmp_path / "s"), "--plain"])
    out = capsys.readouterr().out
    assert code == 0, out
    session = load_session(next((tmp_path / "s").iterdir()))
    _assert_kept_and_counted(session, _missing_frames(out), {"left": left_s, "right": right_s})
    assert "Session recorded: 2:00 of session time" in out, out
    progress = [int(p) for p in re.findall(r"^recording\s+(\d+)%", out, flags=re.M)]
    assert progress == sorted(progress), progress  # never back from 100% to less


@pytest.mark.parametrize(("left_s", "right_s"), CASES, ids=IDS)
def test_live_of_a_moticon_stream_that_ends_tells_no_data_within_the_session_as_analyze_and_replay_do(
        tmp_path, monkeypatch, capsys, left_s, right_s):
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    events = tmp_path / "events.jsonl"
    code = main(["live", "--sim", "healthy-run", "--insole", "moticon-udp", "--speed", "20", "--duration", "2m",
                 *_faults(left_s, right_s), "--out", str(tmp_path / "s"), "--plain", "--no-sound", "--no-report",
                 "--events", str(events)])
    out = capsys.readouterr().out
    assert code == 0, out
    live = _data_events(json.loads(line) for line in events.read_text().splitlines())
    assert {foot for _, foot, kind in live if kind == "data_stale"} == {"left", "right"}, live
    session = load_session(next((tmp_path / "s").iterdir()))
    assert session.info.duration_s == pytest.approx(PLANNED_S, abs=0.5), (session.info.duration_s,
                                                                           session.info.notes)
    assert session.info.stopped_by is None
    assert all(t_s <= session.info.duration_s for t_s, _, _ in live), (live, session.info.duration_s)
    assert _analysed(session.path) == sorted(live), (_analysed(session.path), live)

    async def replay() -> list[dict]:
        sink_path = tmp_path / "replay.jsonl"
        sink = EventsSink.open(sink_path)
        await replay_session(session.path, events=sink)
        sink.close()
        return [json.loads(line) for line in sink_path.read_text().splitlines()]

    assert _data_events(run_on_virtual_clock(replay())) == live
