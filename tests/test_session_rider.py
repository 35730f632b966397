"""A live session recorded for ``--rider NAME`` keeps that name (session.json ``rider``), so the report it
writes, ``analyze``, ``replay`` and ``monitor.analyze`` say what it was judged against in the live summary's
words: a first ``live --rider ana`` ride's summary said "(no normal kept for ana yet)" while the report of
the same run, analyze and replay said "(no kept normal; record with `live --rider NAME` to keep your
normal)", the way to do what the rider had just done."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import monitor
from monitor.cli.main import main
from monitor.session.info import SessionInfo

ROOT = Path(__file__).resolve().parents[1]
ON_VIRTUAL_CLOCK = [sys.executable, str(Path(__file__).resolve().parent / "virtual_clock.py")]
FIRST_RIDE = "Judged against this session's first minutes (no normal kept for ana yet)."
KEEP_HINT = "record with `live --rider NAME` to keep your normal"


def test_a_first_rider_ride_says_the_same_judged_line_live_in_its_report_analyze_and_replay(tmp_path, monkeypatch,
                                                                                             capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "1m",
                           "--out", str(tmp_path / "sessions"), "--plain", "--no-sound", "--rider", "ana"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT),  # this tree's code
                               "SOLEWATCH_CONFIG_DIR": str(tmp_path / "config")})
    assert proc.returncode == 0, proc.stderr
    assert FIRST_RIDE in (proc.stdout + proc.stderr).splitlines()  # the live summary's line
    session = next((tmp_path / "sessions").iterdir())
    report = html.unescape((session / "report.html").read_text())  # the report the live run wrote
    assert FIRST_RIDE in report and KEEP_HINT not in report  # had: the hint, "(no kept normal; ...)"
    assert main(["analyze", str(session)]) == 0
    assert FIRST_RIDE in capsys.readouterr().out.splitlines()
    assert main(["replay", str(session), "--plain"]) == 0
    out = capsys.readouterr()
    assert FIRST_RIDE in (out.out + out.err).splitlines()
    assert monitor.analyze(session).judged_words() == FIRST_RIDE
    assert json.loads((session / "session.json").read_text())["rider"] == "ana"  # what they say it from


def test_a_session_json_from_before_the_rider_was_kept_reads_as_no_rider(tmp_path):
    session = monitor.offline_session("healthy-ride", duration_s=20)
    d = session.info.to_dict()
    assert d["rider"] is None  # written by every recording, null without --rider
    del d["rider"]
    assert SessionInfo.from_dict(d).rider is None
    assert SessionInfo.from_dict({**d, "rider": "ana"}).rider == "ana"
