"""A --params pipe whose other end never writes: replay and live wait on it, and SIGTERM (or Ctrl-C) stops
that wait with the one line ``interrupted`` before anything is recorded. Their event loop heard the
signal only between tasks, so the wait went on forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-healthy-ride"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("argv", [["replay", str(SAMPLE)],
                                  ["live", "--sim", "healthy-ride", "--duration", "2s", "--plain", "--out", "{out}"]])
def test_sigterm_stops_a_wait_on_a_params_pipe(tmp_path, argv):
    fifo = tmp_path / "params.json"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    env = dict(os.environ, SOLEWATCH_CONFIG_DIR=str(tmp_path / "config"))
    argv = [arg.format(out=out) for arg in argv]
    proc = subprocess.Popen([sys.executable, "-m", "monitor", *argv, "--params", str(fifo)],
                            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        while writer is None:  # the command has opened the pipe once a writer may open it without waiting
            assert proc.poll() is None, proc.communicate()
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.01)  # not a timing: the command is starting
        # the writer stays open and silent: the command waits in its read
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=120)  # a hang detector, not a timing
        except subprocess.TimeoutExpired:
            pytest.fail(f"{argv[0]} went on waiting on its --params pipe after SIGTERM")
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err
    assert err.strip().splitlines() == [f"solewatch {argv[0]}: interrupted"]
    assert proc.returncode == 130
    assert not out.exists() or not any(out.iterdir())
