"""A simulated ride whose insoles all stop sending, their links up (a Moticon stream whose insoles both
stop: nothing more comes, and no foot is said down), closes at its duration on the simulation's clock. Had:
the recorder waited ``SIM_STALL_HOST_S`` (10 s of host time) after the last frame, so `record --sim
healthy-ride --insole moticon-udp --speed 20 --duration 2m --fault stop:left@42s --fault stop:right@42s`
closed at 244 s of host time x speed (the session itself held 2:00). The recorder's own loop, woken on time
while they were silent, says the host ran the simulation: a foot is given up as one silent while the
other's data come is (``STALLED_AFTER_GAPS`` of its notifications' spacing). The command's event loop runs
on the virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import asyncio

import pytest
from test_session_length import grain_s
from test_stalled_foot_session_end import _silent_after
from virtual_clock import run_on_virtual_clock

import monitor.live.recorder
from monitor import load_session
from monitor.cli.main import main

pytestmark = pytest.mark.timeout(300)

SPEED, DURATION_S, STOP_S = 20.0, 120.0, 42.0


def _record(tmp_path, monkeypatch, capsys, extra):
    """``record`` of the 2:00 ride at 20x with ``extra`` arguments: (its session, the host's clock x the speed
    as the recording closed)."""
    real_record = monitor.live.recorder.record_session
    closed = []

    async def timed(link, *args, **kwargs):
        summary = await real_record(link, *args, **kwargs)
        closed.append(link.host_s() * link.config.speed)
        return summary

    monkeypatch.setattr(monitor.live.recorder, "record_session", timed)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{SPEED:g}", "--duration", "2m", "--out",
                 str(tmp_path), "--plain", *extra])
    assert code == 0, capsys.readouterr()
    return load_session(next(tmp_path.iterdir())), closed[0]


def test_a_moticon_stream_whose_insoles_both_stop_closes_at_the_duration(tmp_path, monkeypatch, capsys):
    session, closed_s = _record(tmp_path, monkeypatch, capsys, ["--insole", "moticon-udp", "--fault",
                                                                f"stop:left@{STOP_S:g}s", "--fault",
                                                                f"stop:right@{STOP_S:g}s"])
    assert session.info.duration_s == pytest.approx(DURATION_S, abs=0.5)
    assert session.info.notes[0] == "the simulated insoles sent nothing after 0:42 of the 2:00 ride", \
        session.info.notes
    assert closed_s <= DURATION_S + grain_s(SPEED), closed_s  # had 244.0


def test_ble_insoles_both_silent_with_their_links_up_close_at_the_duration(tmp_path, monkeypatch, capsys):
    for foot in ("left", "right"):  # about 42 s of ride each (8 frames a packet), then nothing
        _silent_after(monkeypatch, foot, 525)
    session, closed_s = _record(tmp_path, monkeypatch, capsys, [])
    assert session.info.duration_s == pytest.approx(DURATION_S, abs=0.5)
    assert closed_s <= DURATION_S + grain_s(SPEED), closed_s
