"""A simulated session with one insole that links and never sends a frame ends at its duration, as one
whose insoles both send does: the ride does not wait for that foot's data. Had: the recorder waited
``SIM_STALL_HOST_S`` (10 s of host time) for its first frame, so `record --sim healthy-ride --speed 20
--duration 30s` took 12 s instead of 2, and where the insoles sample on past the session's end (``solewatch
sim`` for `record --radio`, 20x) the other foot's data ran on into it: a 3:24 session for `--duration 30s`,
a 6:42 one live at 40x. Each command's event loop runs on the virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import asyncio

import pytest
from test_no_data_both_feet import SILENT_DURATION_S, SILENT_SPEED, silent_live
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session


def _nothing_from(monkeypatch, foot: str) -> None:
    """The simulated insole of ``foot`` links, and sends no notification."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def sends_nothing(self, packets):
        return None if self.side == foot else await send(self, packets)

    monkeypatch.setattr(SimInsole, "_send", sends_nothing)


@pytest.mark.timeout(300)
def test_a_live_session_whose_insoles_run_on_ends_at_its_duration_with_one_insole_silent(tmp_path):
    from monitor.live.summary import summary_text

    summary = silent_live(tmp_path, feet=("right",), runs_on=True)
    record, grain = summary.record, grain_s(SILENT_SPEED)
    assert SILENT_DURATION_S <= record.duration_s <= SILENT_DURATION_S + grain, record.duration_s  # had 401.87
    text = summary_text(summary)
    assert text.startswith("Session: 0:30 of ride"), text
    assert "the right foot sent no data" in text, text
    assert summary.data_runs["right"] == (), summary.data_runs
    session = load_session(record.path)
    assert session.info.duration_s == pytest.approx(record.duration_s, abs=1e-3)
    assert session.info.planned_duration_s == SILENT_DURATION_S and session.info.stopped_by is None
    left = session.foot_frames("left")
    # every frame received is in the session: nothing dropped to make it 0:30
    assert len(left) == record.counters["left"]["frames_received"] > 0
    assert SILENT_DURATION_S <= left["t_s"].iloc[-1] <= session.info.duration_s
    assert len(session.foot_frames("right")) == record.counters["right"]["frames_received"] == 0


def test_record_with_one_insole_silent_ends_as_the_other_reaches_the_duration(tmp_path, monkeypatch, capsys):
    from monitor.cli.main import main

    took = []

    def timed(coro):
        async def go():
            loop = asyncio.get_running_loop()
            began = loop.time()
            try:
                return await coro
            finally:
                took.append(loop.time() - began)
        return run_on_virtual_clock(go())

    _nothing_from(monkeypatch, "right")
    monkeypatch.setattr(asyncio, "run", timed)
    speed, duration_s = 30.0, 60.0
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", f"{duration_s:g}s",
                 "--out", str(tmp_path), "--plain"])
    out = capsys.readouterr()
    assert code == 0, out
    assert "right insole: no data at all" in out.out + out.err, out
    session = load_session(next(tmp_path.iterdir()))
    assert duration_s <= session.info.duration_s <= duration_s + grain_s(speed)
    assert len(session.foot_frames("right")) == 0
    assert duration_s <= session.foot_frames("left")["t_s"].iloc[-1] <= duration_s + grain_s(speed)
    assert took[0] < duration_s / speed + 1.0, took  # the ride's 2 s of host time, and connecting (had 12 s)
