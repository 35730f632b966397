"""A closed terminal (SIGHUP: its window closed, an ssh connection dropped) closes `record` and `live` as
Ctrl-C and SIGTERM do, in processes of their own; a hangup the process was told to ignore (``nohup``) is.

No timing is asserted: the signal is sent once the session's raw log exists (the recording has started and
the command hears its signals), and each process is waited for with a generous hang guard.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor import load_session

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "monitor"]
pytestmark = pytest.mark.timeout(600)  # a hang guard, generous for a loaded host


def _started(out: Path, proc: subprocess.Popen) -> Path:
    """The session folder under ``out`` once its raw log exists (polled; the process must not end first)."""
    while proc.poll() is None:
        logs = list(out.glob("*/raw.swlog"))
        if logs:
            return logs[0].parent
        time.sleep(0.05)
    raise AssertionError(f"ended before its session started: {proc.communicate()}")


def _notified(log: Path) -> bool:
    """Whether the raw log ``log`` holds an insole's notification yet (its records as written so far)."""
    from monitor.session.rawlog import KIND_NOTIFICATION, iter_raw_log

    try:
        return any(rec.kind == KIND_NOTIFICATION for rec in iter_raw_log(log))
    except Exception:  # noqa: BLE001  (its header not written yet, or a record being written)
        return False


def _hangup_default() -> None:
    """A child's hangup at its default action, as a shell in a terminal starts its commands, whatever this
    suite was started under (``nohup make test`` would pass SIG_IGN on to every child)."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _recording(command: str, out: Path, duration: str, **popen) -> subprocess.Popen:
    popen.setdefault("preexec_fn", _hangup_default)
    extra = ["--no-sound", "--no-report"] if command == "live" else []
    return subprocess.Popen([*EXE, command, "--sim", "healthy-ride", "--speed", "40", "--duration", duration,
                             "--out", str(out), "--plain", *extra], cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _ignoring_hangups(proc: subprocess.Popen, session_dir: Path) -> None:
    """Wait until ``proc`` ignores SIGHUP (/proc/PID/status, Linux), or has closed its session, or ended."""
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None and not (session_dir / "frames.parquet").exists():
        try:
            ignored = next(int(line.split()[1], 16) for line in status.read_text().splitlines()
                           if line.startswith("SigIgn:"))
        except (OSError, StopIteration):  # ended meanwhile
            return
        if ignored & (1 << (signal.SIGHUP - 1)):
            return
        time.sleep(0.05)


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_hangup_closes_the_session_as_ctrl_c_does(tmp_path, command):
    """Had: SIGHUP's default action ended the process at once, exit 129, no summary, no frames.parquet and no
    final session.json ("the session was not closed"). A second hangup, as an interactive shell passes its
    own on to its jobs when the terminal goes, changes nothing (a second Ctrl-C ends the process at once)."""
    proc = _recording(command, tmp_path, "8m")
    session_dir = _started(tmp_path, proc)
    proc.send_signal(signal.SIGHUP)
    _ignoring_hangups(proc, session_dir)  # the first hangup heard
    if proc.poll() is None:
        proc.send_signal(signal.SIGHUP)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-800:]
    assert "Session recorded" in out, out[-800:]  # the summary
    assert (session_dir / "frames.parquet").is_file()
    session = load_session(session_dir)
    assert not session.unclosed_note()
    assert session.info.duration_s < 8 * 60  # stopped by the hangup, not at its end


def test_a_hangup_ignored_under_nohup_stays_ignored(tmp_path):
    """``nohup solewatch live ...``: the person asked for the ride to outlive the terminal; it runs to its end."""
    proc = _recording("live", tmp_path, "2m", preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    session_dir = _started(tmp_path, proc)
    proc.send_signal(signal.SIGHUP)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-800:]
    assert f"Session recorded in {session_dir}" in out
    info = load_session(session_dir).info
    # ran its planned 2:00 to the end, not stopped by the hangup (at 40x on a loaded host the simulated
    # insoles' last frames can come a few seconds of session time late: not what this test is about)
    assert info.stopped_by is None and info.planned_duration_s == 120
    assert 119 <= info.duration_s <= 130


def test_a_terminal_that_hangs_up_takes_nothing_of_the_session_with_it(tmp_path):
    """A real hangup: SIGHUP, then the terminal (a pseudo-terminal here, on stdin, stdout and stderr) is gone
    and every write to it fails (EIO). The session closes and its report is written all the same, exit 0
    (had, with the hangup heard: a traceback of the summary's write to the lost terminal, exit 1 and no
    report). The terminal goes once the process has sent its outputs elsewhere (/proc/PID/fd/1, Linux), or
    has closed its session: a point that does not depend on the host's speed."""
    import os

    master, slave = os.openpty()
    os.set_blocking(master, False)
    proc = subprocess.Popen([*EXE, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "8m",
                             "--out", str(tmp_path), "--plain", "--no-sound"], cwd=ROOT, stdin=slave,
                            stdout=slave, stderr=slave, start_new_session=True, preexec_fn=_hangup_default)
    os.close(slave)

    def drain() -> None:  # what the process says, read so that it never waits on a full terminal
        try:
            while os.read(master, 65536):
                pass
        except OSError:  # BlockingIOError: nothing more for now
            pass

    def waiting(until) -> None:
        while proc.poll() is None and not until():
            drain()
            time.sleep(0.05)

    try:
        # a report is written of a session that received frames: the hangup comes once the raw log holds
        # an insole's notification (had: at the raw log's first bytes, which on a loaded host can come before
        # any frame, and a session without frames has no report)
        waiting(lambda: any(_notified(log) for log in tmp_path.glob("*/raw.swlog")))
        (session_dir,) = tmp_path.iterdir()
        proc.send_signal(signal.SIGHUP)
        waiting(lambda: os.readlink(f"/proc/{proc.pid}/fd/1") == os.devnull
                or (session_dir / "frames.parquet").exists())
    finally:
        os.close(master)  # the terminal hangs up: its writes fail from now on
    assert proc.wait(timeout=300) == 0
    assert not load_session(session_dir).unclosed_note()
    assert (session_dir / "report.html").is_file()


def test_a_hangup_as_the_report_is_written_still_closes_with_exit_0(tmp_path):
    """The terminal hangs up once the ride has ended, as `live` writes its report: SIGHUP, then every write to
    the terminal fails (EIO). The report is written, the summary said to no one, exit 0 (had: the loop that
    hears the hangup no longer ran, so nothing quieted the terminal; the summary's write to it raised OSError
    [Errno 5], a traceback and exit 1). The hangup is sent once the pseudo-terminal has shown "writing the
    session report" (polled), and the terminal closed at once after it."""
    import os

    master, slave = os.openpty()
    os.set_blocking(master, False)
    with open(tmp_path / "stderr.txt", "w") as stderr:
        proc = subprocess.Popen([*EXE, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "2m",
                                 "--out", str(tmp_path / "out"), "--plain", "--no-sound"], cwd=ROOT,
                                stdin=slave, stdout=slave, stderr=stderr, start_new_session=True,
                                preexec_fn=_hangup_default)
    os.close(slave)
    said = b""
    try:
        while proc.poll() is None and b"writing the session report" not in said:
            try:
                said += os.read(master, 65536)
            except BlockingIOError:  # nothing more for now
                time.sleep(0.05)
            except OSError:  # the process has let go of the terminal
                break
        assert b"writing the session report" in said, said.decode(errors="replace")[-800:]
        proc.send_signal(signal.SIGHUP)
    finally:
        os.close(master)  # the terminal hangs up: its writes fail from now on
    returncode = proc.wait(timeout=300)
    err = (tmp_path / "stderr.txt").read_text()
    assert returncode == 0, err[-800:]
    assert "Traceback" not in err, err[-800:]
    (session_dir,) = (tmp_path / "out").iterdir()
    assert (session_dir / "frames.parquet").is_file()
    assert (session_dir / "report.html").is_file()
    assert not load_session(session_dir).unclosed_note()
