"""A named pipe in place of one of a session directory's own files (session.json, params.json,
baseline.json, setup.json, gaps.csv, raw.swlog, frames.parquet) is refused with one line naming it, as a
device there is ("... not a file"), exit 2: read, it would wait for a writer that never comes. A pipe
given as an argument (``--params <(...)``) is still read (tests/test_params_pipe*.py and others).

The CLI runs in a subprocess with a timeout, so that a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from test_malformed_files import ROOT, session_copy

#: Far above what refusing a session takes on a busy 2-core host; only a hang reaches it.
HANG_S = 120

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")


@needs_fifo
@pytest.mark.parametrize("name", ["session.json", "params.json", "baseline.json", "setup.json", "gaps.csv",
                                  "raw.swlog", "frames.parquet"])
@pytest.mark.parametrize("command", ["analyze", "report"])
def test_a_pipe_among_a_sessions_files_is_one_line(tmp_path, name, command):
    session = session_copy(tmp_path)
    own = session / name
    own.unlink(missing_ok=True)
    os.mkfifo(own)
    argv = [command, str(session)] + (["-o", str(tmp_path / "r.html")] if command == "report" else [])
    done = run_cli(argv)
    err = done.stderr.strip()
    assert done.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert f"{own}: a named pipe, not a file" in err, err
    assert not (tmp_path / "r.html").exists()


def run_cli(argv: list[str]) -> subprocess.CompletedProcess:
    """``python -m monitor argv`` in a subprocess; a run that waits past HANG_S fails the test."""
    try:
        return subprocess.run([sys.executable, "-m", "monitor", *argv], capture_output=True, text=True,
                              timeout=HANG_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"solewatch {' '.join(argv)} waited on a named pipe (no answer in {HANG_S} s)")


@needs_fifo
def test_the_python_api_refuses_it_too(tmp_path):
    session = session_copy(tmp_path)
    (session / "session.json").unlink()
    os.mkfifo(session / "session.json")
    code = ("import sys, monitor\nfrom monitor.errors import SessionFormatError\n"
            f"try:\n    monitor.load_session({str(session)!r})\n"
            "except SessionFormatError as exc:\n    print(exc)\n    sys.exit(0)\nsys.exit(1)\n")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_S,
                              cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"monitor.load_session waited on the named pipe (no answer in {HANG_S} s)")
    assert done.returncode == 0, done.stderr
    assert "session.json: a named pipe, not a file" in done.stdout


@needs_fifo
def test_a_params_pipe_given_as_an_argument_is_still_read(tmp_path):
    session = session_copy(tmp_path)
    fifo = tmp_path / "params.pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text('{"detector": {"warn_after_s": 480}}'), daemon=True)
    writer.start()
    done = run_cli(["analyze", str(session), "--params", str(fifo)])
    writer.join(timeout=HANG_S)
    assert done.returncode == 0, done.stderr
    assert not writer.is_alive()  # the params were read from the pipe
    assert done.stdout.startswith("Verdict:"), done.stdout
