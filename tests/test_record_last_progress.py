"""`record`'s last progress line says the session's duration as saved (session.json ``duration_s``), which its
summary says: the last snapshot, taken once the recording is closed, was capped at the duration asked for
(a session saved at 3:01, frames still on their way at its end recorded, would end on "3:00 / 3:00") and,
in plain lines, not said unless it crossed a step, so a session stopped early
(Ctrl-C at 1:44 of 3:00) ended on the last step's "1:36 / 3:00" under "Session recorded: stopped at 1:44 of 3:00"."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
from io import StringIO

from rich.console import Console

from monitor.cli.console import ProgressView
from monitor.cli.main import main
from monitor.live.recorder import RecordProgress
from monitor.util.timefmt import clock_text


def _lines(snapshots: list[tuple[float, bool]], duration_s: float = 180.0) -> list[str]:
    out = StringIO()
    view = ProgressView(Console(file=out, width=120), plain=True)
    for t_s, final in snapshots:
        p = RecordProgress(t_s, duration_s, {"left": 1}, {}, {}, {}, {"left": True}, {})
        view.update(RecordProgress(**{**p.__dict__, "final": final}) if final else p)
    return out.getvalue().splitlines()


def test_the_last_plain_line_says_the_saved_duration():
    ran = [(t, False) for t in range(0, 181, 6)]
    assert _lines(ran + [(180.6, True)])[-1].split()[2:5] == ["3:01", "/", "3:00"]  # had: 3:00 / 3:00
    assert _lines(ran + [(180.2, True)])[-1].split()[1:5] == ["100%", "3:00", "/", "3:00"]  # said once
    assert sum("3:00 / 3:00" in ln for ln in _lines(ran + [(180.2, True)])) == 1
    assert _lines(ran[:25] + [(150.4, True)])[-1].split()[2] == "2:30"  # stopped early: had the step's 2:24


def test_a_record_stopped_early_ends_its_progress_on_the_saved_duration(tmp_path, capsys, monkeypatch):
    from virtual_clock import run_on_virtual_clock

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    real, sent = ProgressView.update, []

    def update(self, p):
        if not sent and p.session_s >= 100.0:  # Ctrl-C at a point of the session, whatever the host's speed
            sent.append(p.session_s)
            os.kill(os.getpid(), signal.SIGINT)
        return real(self, p)

    monkeypatch.setattr(ProgressView, "update", update)
    before = signal.getsignal(signal.SIGINT)
    assert main(["record", "--sim", "healthy-ride", "--speed", "40", "--duration", "3m", "--out", str(tmp_path),
                 "--plain"]) == 0
    said = capsys.readouterr()
    saved_s = json.loads(next(tmp_path.glob("*/session.json")).read_text())["duration_s"]
    last = [ln for ln in (said.out + said.err).splitlines() if ln.startswith("recording ")][-1]
    assert re.search(rf"  {clock_text(saved_s)} / 3:00  ", last), (last, saved_s)  # had: the last step's 1:36
    summary = next(ln for ln in said.out.splitlines() if ln.startswith("Session recorded: "))
    assert f"stopped at {clock_text(saved_s)} of 3:00" in summary, summary
    assert signal.getsignal(signal.SIGINT) == before
