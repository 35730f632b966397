"""An input or output that blocks or loops: replay and live waiting on a --params pipe whose other end
never writes stop on SIGTERM (or Ctrl-C) with the one line ``terminated`` (``interrupted``) before anything is recorded
(their event loop heard the signal only between tasks, so the wait went on forever); an output named by a
symbolic link that leads back to itself is one line naming it (it was a RuntimeError's traceback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.cli.main import main

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
    assert err.strip().splitlines() == [f"solewatch {argv[0]}: terminated"]
    assert proc.returncode == 143
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("argv", [["export", "{s}", "-o", "{loop}"],
                                  ["export", "{s}", "--format", "fit", "-o", "{loop}"],
                                  ["report", "{s}", "-o", "{loop}"],
                                  ["report", "{s}", "-o", "{tmp}/r.html", "--pdf", "{loop}"],
                                  ["study", "{s}", "-o", "{loop}"]])
def test_an_output_that_is_a_symlink_loop_is_one_line_naming_it(tmp_path, capsys, argv):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(loop)
    argv = [arg.format(s=SAMPLE, loop=loop, tmp=tmp_path) for arg in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"solewatch {argv[0]}: error: {loop}: is a symbolic link that leads back "
                                        "to itself (a loop); give another name"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop", "other"]


_SIGNAL_TO_ANOTHER_THREAD = """
import os, signal, sys, threading, time
from pathlib import Path

from monitor.errors import UsageError
from monitor.live.delivery import EventsSink
from monitor.util.interrupts import interrupts_here
from monitor.util.textfiles import read_text

fifo, side = sys.argv[1], sys.argv[2]


def waiting_on_the_pipe():
    # a thread of the process waits in the kernel on the pipe: its read (pipe_read, anon_pipe_read), or its
    # open for writing
    want = "pipe_read" if side == "read" else "wait_for_partner"
    me = threading.get_native_id()
    for task in os.listdir("/proc/self/task"):
        try:
            if int(task) != me and want in Path(f"/proc/self/task/{task}/wchan").read_text():
                return True
        except OSError:  # a thread that ended meanwhile
            pass
    return False


def other_end():  # a silent writer for a read; then SIGTERM to this thread, as the kernel may choose
    if side == "read":
        os.open(fifo, os.O_WRONLY)
    while not waiting_on_the_pipe():
        time.sleep(0.01)  # not a timing: the wait is being entered
    signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
    time.sleep(600)


threading.Thread(target=other_end, daemon=True).start()
try:
    with interrupts_here():
        read_text(Path(fifo), UsageError, "JSON") if side == "read" else EventsSink.open(fifo)
except KeyboardInterrupt as exc:
    print("interrupted", exc, flush=True)
    os._exit(0)
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to see the wait")
@pytest.mark.parametrize("side", ["read", "write"])
def test_a_pipe_wait_hears_a_sigterm_given_to_another_thread(tmp_path, side):
    """A --params pipe read (or an --events pipe opened) in the main thread heard SIGTERM only when the
    kernel gave it to that thread: given to another (pyarrow's, numpy's: any of them may be chosen), the
    handler waited for the main thread, which waited on the pipe, so `replay` on a loaded host went on
    waiting after SIGTERM. The wait is now a thread's of its own, and the main thread hears the signal."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    try:
        done = subprocess.run([sys.executable, "-c", _SIGNAL_TO_ANOTHER_THREAD, str(fifo), side], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)  # a hang detector, not a timing
    except subprocess.TimeoutExpired:
        pytest.fail(f"the {side} of a pipe went on waiting after a SIGTERM given to another thread")
    assert done.stdout.strip() == "interrupted SIGTERM", done.stderr


def _waiting_on_a_pipe(pid: int) -> bool:
    """Whether a thread of process ``pid`` waits in the kernel to open or read a named pipe (its wchan)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            wchan = Path(f"/proc/{pid}/task/{task}/wchan").read_text()
        except OSError:  # a thread that ended meanwhile
            continue
        if any(word in wchan for word in ("wait_for_partner", "fifo_open", "pipe_read")):
            return True
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to see the wait")
@pytest.mark.parametrize("argv", [["replay", str(SAMPLE)], ["analyze", str(SAMPLE)],
                                  ["live", "--sim", "healthy-ride", "--duration", "2s", "--plain", "--out", "{out}"]])
def test_a_hangup_ends_a_wait_on_a_params_pipe_as_a_hangup(tmp_path, argv):
    """A hangup (the terminal closed) as the set-up waits on a --params pipe that nobody writes: `replay` and
    `live` went on waiting forever (the hangup's handler only asked the event loop to stop, and the loop
    waited on the pipe), `analyze` was killed without a word. Each now says the hangup as a hangup, exit 129,
    nothing recorded. The signal is sent once the process waits on the pipe (its wchan), not after a time."""
    from test_hangup import _hangup_default

    fifo = tmp_path / "params.json"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    env = dict(os.environ, SOLEWATCH_CONFIG_DIR=str(tmp_path / "config"))
    argv = [arg.format(out=out) for arg in argv]
    proc = subprocess.Popen([sys.executable, "-m", "monitor", *argv, "--params", str(fifo)], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_hangup_default)
    try:
        while not _waiting_on_a_pipe(proc.pid):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.01)  # not a timing: the command is starting
        proc.send_signal(signal.SIGHUP)
        try:
            _, err = proc.communicate(timeout=120)  # a hang detector, not a timing
        except subprocess.TimeoutExpired:
            pytest.fail(f"{argv[0]} went on waiting on its --params pipe after a hangup")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err
    assert err.strip().splitlines() == [f"solewatch {argv[0]}: the terminal closed"]
    assert proc.returncode == 129
    assert not out.exists() or not any(out.iterdir())
