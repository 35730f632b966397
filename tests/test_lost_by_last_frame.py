"""Insoles that both stop at a high speed are lost, by the link, only after ``LinkConfig.lost_after_host_min_s``
of host time (200 s of ride at 40x); their ``foot_lost`` events are dated no later than each foot's last frame
+ ``lost_after_session_s`` (monitor.link.records.lost_latest_s), not where the host's clock had moved on to,
and the live view's time never passes the duration while the recorder waits for the link to give them up.

Had (`record --sim healthy-ride --speed 40 --duration 3m --fault stop:left@60s --fault stop:right@70s`): "3:00
left insole lost", "3:00 right insole lost", for data that stopped at 1:00 and 1:10; and the live view's
time (the phone view's state, a banner's age, a message's time) ran on to 5:13 of a 1:00 ride as the recorder
waited for the link to give the feet up.
A loss told so late, or at the session's end, says when its data ended and when it was told (had, after
"recording 100%": "1:10 left insole lost; the right insole is down too: nothing is recorded until one comes
back"), and the end's note says where each foot's data ended (had: "left at 1:10, right at 1:10").
The rides run on the virtual clock (tests/virtual_clock.py): host speed changes nothing.
"""

from __future__ import annotations

import asyncio
import math
import re
from pathlib import Path

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from monitor.cli.main import main
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.link.records import KIND_EVENT, lost_latest_s
from monitor.live.recorder import record_session
from monitor.live.simulated import simulated_insoles
from monitor.session.directory import RAW_LOG, load_session
from monitor.session.rawlog import iter_raw_log
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

DURATION_S = 60.0
FAULTS = ["stop:left@30s", "stop:right@35s"]
AFTER_S = LinkConfig().lost_after_session_s  # 10 s


def _lost_events(path: Path) -> dict[str, float]:
    """foot -> t_s of its ``foot_lost`` in the raw log."""
    return {rec.foot: rec.event["t_s"] for rec in iter_raw_log(path / RAW_LOG)
            if rec.kind == KIND_EVENT and rec.event.get("event") == "foot_lost"}


def _last_frames(path: Path) -> dict[str, float]:
    session = load_session(path)
    return {foot: float(session.foot_arrays(foot)[0][-1]) for foot in ("left", "right")}


async def _record(out: Path, speed: float):
    async with simulated_insoles("cleat-forward", speed=speed, seed=1, faults=FAULTS) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=speed))
        return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=out)


def test_feet_that_both_stop_at_40x_are_lost_by_their_last_frame_plus_the_links_give_up(tmp_path):
    summary = run_on_virtual_clock(_record(tmp_path, 40.0))
    lost, last = _lost_events(summary.path), _last_frames(summary.path)
    assert sorted(lost) == ["left", "right"], lost
    for foot in ("left", "right"):  # had: both at 60.0, the session's end
        assert last[foot] + AFTER_S - 0.5 <= lost[foot] <= last[foot] + AFTER_S + 1e-6, (foot, lost, last)


def test_at_real_time_a_loss_is_dated_as_before():
    # up to 2x the host-time floor (5 s) is never longer than the 10 s of session time: no bound of its own
    for speed in (1.0, 2.0):
        assert lost_latest_s(30.0, 10.0, 5.0, speed) == math.inf
    assert lost_latest_s(30.0, 10.0, 5.0, 40.0) == 40.0
    assert lost_latest_s(-math.inf, 10.0, 5.0, 40.0) == math.inf  # a foot with no frame: as any event


def test_feet_that_both_stop_at_real_time_are_lost_10_s_or_more_after_their_last_frame(tmp_path):
    summary = run_on_virtual_clock(_record(tmp_path, 1.0))
    lost, last = _lost_events(summary.path), _last_frames(summary.path)
    assert sorted(lost) == ["left", "right"], lost
    for foot in ("left", "right"):  # the link's own 10 s after its drop, unbounded by the new rule
        assert last[foot] + AFTER_S <= lost[foot] <= last[foot] + AFTER_S + 3.0, (foot, lost, last)


async def _live(out: Path, views: list):
    return await live_ride_async(out, "cleat-forward", speed=40.0, seed=1, faults=FAULTS, duration_s=DURATION_S,
                                 params=DEFAULT_PARAMS, on_view=views.append)


def test_the_live_views_time_never_passes_the_duration_while_the_link_gives_the_feet_up(tmp_path):
    views: list = []
    summary = run_on_virtual_clock(_live(tmp_path, views))
    assert sorted(_lost_events(summary.record.path)) == ["left", "right"]  # the recorder waited for both
    shown = [v.session_s for v in views]
    assert max(shown) <= DURATION_S, max(shown)  # had: 1:00 plus up to 200 s of the host's clock x 40
    assert max(shown) == pytest.approx(DURATION_S, abs=0.5)  # and it gets there


NOTICE = re.compile(r" *(\d+:\d\d)  ((left|right) insole .+)")  # a session time, then the notice


def _said(monkeypatch, capsys, tmp_path: Path, duration: str) -> tuple[list[str], list[str], list[str]]:
    """The notice lines of `record` (stderr) and of `live` (stdout), and record's lines in order, of the ride
    whose feet both stop (``FAULTS``) at 40x, on the virtual clock."""
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    ride = ["--sim", "cleat-forward", "--speed", "40", "--duration", duration, "--plain",
            *(arg for fault in FAULTS for arg in ("--fault", fault))]
    assert main(["record", *ride, "--out", str(tmp_path / "record")]) == 0
    recorded = capsys.readouterr().err.splitlines()
    assert main(["live", *ride, "--out", str(tmp_path / "live"), "--no-sound", "--no-report"]) == 0
    live = [line for line in capsys.readouterr().out.splitlines() if NOTICE.fullmatch(line)]
    return [line for line in recorded if NOTICE.fullmatch(line)], live, recorded


def _losses(lines: list[str]) -> dict[str, tuple[str, str]]:
    """foot -> (the time shown, the words) of its loss."""
    return {m[3]: (m[1], m[2]) for m in map(NOTICE.fullmatch, lines) if " insole lost" in m[2]}


def test_a_loss_told_at_the_sessions_end_says_so_not_that_the_session_waits_for_a_foot(monkeypatch, capsys,
                                                                                       tmp_path):
    # had, after "recording 100%  1:00 / 1:00" (and after "0:45 RIGHT NO DATA" in live): "0:40 left insole
    # lost; the right insole is down too: nothing is recorded until one comes back", the clock gone back and
    # a foot waited for in a session that was over
    record, live, recorded = _said(monkeypatch, capsys, tmp_path, "60s")
    for lines in (record, live):
        lost = _losses(lines)
        assert sorted(lost) == ["left", "right"], lines
        for foot, (shown, words) in lost.items():
            assert re.fullmatch(rf"{foot} insole lost \(its data ended at 0:\d\d; told at the session's end\)",
                                words), lines
            ended = int(re.search(r"ended at 0:(\d\d)", words)[1])
            assert ended in ({30, 31} if foot == "left" else {35, 36}), lines  # where its data stopped
            assert shown == f"0:{ended + int(AFTER_S)}" or shown == f"0:{ended + int(AFTER_S) - 1}", lines
    assert record == live  # the same lines, the same times
    end = next(i for i, line in enumerate(recorded) if line.startswith("recording 100%"))
    assert all(recorded.index(line) > end for line in record if " insole lost" in line)  # told at the end


def test_a_loss_told_mid_session_says_when_its_data_ended_and_when_it_was_told(monkeypatch, capsys, tmp_path):
    # the host's floor (200 s of ride at 40x) gives both feet up at about 3:50 of a 6:00 session, the loss
    # dated by the data (0:40, 0:45): the line says both, and what the session goes on with
    record, live, _ = _said(monkeypatch, capsys, tmp_path, "6m")
    assert record == live
    lost = _losses(record)
    assert sorted(lost) == ["left", "right"], record
    for foot, (shown, words) in lost.items():
        m = re.fullmatch(rf"{foot} insole lost \(its data ended at 0:(\d\d); told at (\d):(\d\d)\); the "
                         r"\w+ insole is down too: nothing is recorded until one comes back", words)
        assert m is not None, record
        told_s = 60 * int(m[2]) + int(m[3])
        assert int(m[1]) + AFTER_S + 60 < told_s < 6 * 60, record


def test_the_end_note_of_feet_both_lost_says_where_each_foots_data_ended(tmp_path):
    # had: "both insoles lost (left at 0:35, right at 0:35)", neither the data's end (0:30, 0:35) nor the
    # losses' times (0:40, 0:45), while the next notes said "left insole silent from 0:30"
    summary = run_on_virtual_clock(_record(tmp_path, 40.0))
    last = _last_frames(summary.path)
    ended = f"left at {clock_text(last['left'])}, right at {clock_text(last['right'])}"
    assert ended == "left at 0:30, right at 0:35", last
    note = f"both insoles lost (their data ended: {ended}); no data after the second"
    assert note in load_session(summary.path).info.notes, load_session(summary.path).info.notes
    for foot in ("left", "right"):  # and the notes of the silence after it agree
        assert f"{foot} insole silent from {clock_text(last[foot])} to the end" in " ".join(summary.absent_notes())
