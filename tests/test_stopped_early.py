"""Ctrl-C (or SIGTERM) that stops `live` or `record` before its `--duration` is said in the summary ("stopped at
0:20 of 1:00"), as `replay` says it was stopped; the exit code stays 0 (README: Ctrl-C ends a recording
cleanly, the session kept; docs/reliability.md)."""

from __future__ import annotations

import asyncio
import os
import re
import signal

import pytest

from monitor.cli.main import main


def _signal_at_session_s(monkeypatch, command: str, sig: str, at_s: float) -> None:
    """The command runs on the virtual clock and is sent ``sig`` by the first display update at or past
    ``at_s`` of session time: a point in the session that does not depend on the host's speed."""
    from virtual_clock import run_on_virtual_clock

    if command == "live":
        from monitor.cli.console_live import LiveDisplay as Display
    else:
        from monitor.cli.console import ProgressView as Display
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    real, sent = Display.update, []

    def update(self, view):
        if not sent and view.session_s is not None and view.session_s >= at_s:
            sent.append(view.session_s)
            os.kill(os.getpid(), getattr(signal, sig))
        return real(self, view)

    monkeypatch.setattr(Display, "update", update)


@pytest.mark.parametrize("command", ["live", "record"])
@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_session_stopped_before_its_duration_says_so(tmp_path, capsys, monkeypatch, command, sig):
    # had: `Session: 0:21 of ride` (live), `Session recorded: 0:21 of session time` (record), exit 0, no
    # word that the 1:00 asked for was cut short
    _signal_at_session_s(monkeypatch, command, sig, 20.0)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)  # SIGINT ignored in a background job
    extra = ["--no-sound", "--no-report"] if command == "live" else []
    code = main([command, "--sim", "healthy-ride", "--speed", "40", "--duration", "1m", "--out", str(tmp_path),
                 "--plain", *extra])
    out = capsys.readouterr()
    said = out.out + out.err
    assert code == 0, said[-800:]
    head = next(line for line in said.splitlines() if line.startswith("Session: " if command == "live" else
                                                                      "Session recorded: "))
    assert re.search(r": stopped at 0:[2-5]\d of 1:00 of ", head), head
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_a_session_that_ran_its_course_or_had_none_is_not_stopped_early():
    from monitor.live.summary_head import recorded_words, stopped_early

    assert stopped_early(True, 20.4, 60.0) == 60.0
    assert stopped_early(False, 20.4, 60.0) is None  # no Ctrl-C or SIGTERM: not stopped by the person
    assert stopped_early(True, 59.8, 60.0) is None  # a signal in the close: the whole 1:00 recorded
    assert stopped_early(True, 20.4, None) is None  # no --duration: Ctrl-C is how it ends
    assert recorded_words(20.4, 60.0) == "stopped at 0:20 of 1:00" and recorded_words(20.4) == "0:20"


@pytest.mark.parametrize("command", ["live", "record"])
@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_stopped_session_keeps_how_it_ended_and_analyze_and_report_say_it(tmp_path, capsys, monkeypatch,
                                                                           command, sig):
    """session.json kept only `duration_s` of a session stopped at 0:2x of 1:00: analyze and the report
    said nothing of the 1:00 asked for, while the live summary said "stopped at 0:2x of 1:00"."""
    import json

    from monitor.report.quality_data import quality_of
    from monitor.session.directory import load_session

    _signal_at_session_s(monkeypatch, command, sig, 20.0)
    extra = ["--no-sound", "--no-report"] if command == "live" else []
    out_dir = tmp_path / "out"
    assert main([command, "--sim", "healthy-ride", "--speed", "40", "--duration", "1m", "--out", str(out_dir),
                 "--plain", *extra]) == 0
    said = re.search(r"stopped at (0:[2-5]\d) of 1:00", capsys.readouterr().out).group(1)
    (session,) = out_dir.iterdir()
    info = json.loads((session / "session.json").read_text())
    assert info["planned_duration_s"] == 60.0
    assert info["stopped_by"] == {"SIGINT": "interrupt", "SIGTERM": "terminate"}[sig]
    monkeypatch.undo()  # analyze on the real clock
    words = "Ctrl-C" if sig == "SIGINT" else "SIGTERM"
    note = f"the recording was stopped at {said} of 1:00 ({words})"
    assert main(["analyze", str(session)]) == 0
    assert f"caveat: {note}" in capsys.readouterr().out.splitlines()
    assert main(["analyze", str(session), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stopped_note"] == note
    assert note in quality_of(load_session(session), {}, 0.0).caveats  # the report's "What to know"


def test_a_session_that_ran_its_course_keeps_no_stop(tmp_path, capsys):
    import json

    assert main(["record", "--sim", "healthy-ride", "--speed", "40", "--duration", "5s", "--out", str(tmp_path),
                 "--plain"]) == 0
    (session,) = tmp_path.iterdir()
    info = json.loads((session / "session.json").read_text())
    assert info["planned_duration_s"] == 5.0 and "stopped_by" not in info
    capsys.readouterr()
    assert main(["analyze", str(session), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stopped_note"] == ""


def test_a_session_json_from_before_the_stop_was_kept_still_opens():
    from test_malformed_files import SAMPLES

    from monitor.session.directory import load_session

    info = load_session(SAMPLES / "sim-healthy-ride").info
    assert info.planned_duration_s is None and info.stopped_by is None and info.stopped_note() == ""


@pytest.mark.parametrize(("recorded_s", "said"), [
    (420.0, ""),  # went on past its planned minute: ran its course
    (60.04, ""), (59.6, ""),  # within half a second of it (a frame's grain): its planned 1:00
    (59.4, "the recording was stopped at 0:59 of 1:00 (Ctrl-C)"),
    (20.0, "the recording was stopped at 0:20 of 1:00 (Ctrl-C)"),
])
def test_a_stop_is_said_only_for_a_recording_that_ended_before_its_planned_duration(recorded_s, said):
    from dataclasses import replace

    from test_malformed_files import SAMPLES

    from monitor.session.directory import load_session

    info = load_session(SAMPLES / "sim-healthy-ride").info
    stopped = replace(info, planned_duration_s=60.0, duration_s=recorded_s, stopped_by="interrupt")
    assert stopped.stopped_note() == said


def test_analyze_says_no_stop_for_a_session_longer_than_planned(tmp_path, capsys):
    import json
    import shutil

    from test_malformed_files import SAMPLES

    session = tmp_path / "s"
    shutil.copytree(SAMPLES / "sim-healthy-ride", session)
    info = json.loads((session / "session.json").read_text())
    assert info["duration_s"] > 31
    info.update(stopped_by="interrupt", planned_duration_s=30)
    (session / "session.json").write_text(json.dumps(info))
    assert main(["analyze", str(session)]) == 0
    out = capsys.readouterr().out
    assert "was stopped" not in out and "(Ctrl-C)" not in out
