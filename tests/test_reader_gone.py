"""A command whose reader goes away (`solewatch replay S | head -1`, `solewatch report S 2>&1 | head -1`) ends
quietly with 141 (128 + SIGPIPE), nothing on stderr, and what it writes into files still written: every console
of the command line is monitor.cli.reader_console's (had: rich's SystemExit(1), exit 1, a replay's 73-line
traceback of its task, no report and an empty study folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


def run_into_closed_pipe(argv: list[str], *, stderr_too: bool) -> subprocess.CompletedProcess:
    """``solewatch ARGV`` with its stdout (and, with ``stderr_too``, its stderr) a pipe whose reader has gone
    before the command writes anything; stderr captured otherwise."""
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    try:
        return subprocess.run([sys.executable, "-m", "monitor", *argv], stdout=write_fd,
                              stderr=write_fd if stderr_too else subprocess.PIPE, text=True, timeout=600)
    finally:
        os.close(write_fd)


def test_a_replay_whose_reader_went_away_ends_quietly():
    done = run_into_closed_pipe(["replay", str(SAMPLES / "sim-cleat-forward")], stderr_too=False)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""


def test_a_replay_whose_events_reader_went_away_ends_quietly():
    """``replay --events - | head -1``: stdout is the events stream, so its reader leaving is a closed pipe, not
    an events file that stopped (it said "the events file stopped: Broken pipe" and exited 1)."""
    done = run_into_closed_pipe(["replay", str(SAMPLES / "sim-cleat-forward"), "--plain", "--events", "-"],
                                stderr_too=False)
    assert done.returncode == 141, done.stderr
    assert "stopped" not in done.stderr and "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
    assert "NOTICE" in done.stderr  # the person's words go on, on stderr


@pytest.mark.parametrize("stderr_too", [True, False])
def test_a_report_whose_reader_went_away_is_still_written(tmp_path, stderr_too):
    s = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    out = tmp_path / "r.html"
    done = run_into_closed_pipe(["report", str(s), "-o", str(out), "--plain"], stderr_too=stderr_too)
    assert done.returncode == 141, done.stderr
    assert out.read_text().rstrip().endswith("</html>")
    if not stderr_too:
        assert "Traceback" not in done.stderr and "error" not in done.stderr, done.stderr


def test_a_report_whose_progress_reader_went_away_is_still_written(tmp_path):
    """`solewatch report S 2>/closed-pipe`: its stage lines unheard, the report written and named on stdout; 141,
    as the reader of what it said went away."""
    s = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    out = tmp_path / "r.html"
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    try:
        done = subprocess.run([sys.executable, "-m", "monitor", "report", str(s), "-o", str(out)],
                              stdout=subprocess.PIPE, stderr=write_fd, text=True, timeout=600)
    finally:
        os.close(write_fd)
    assert done.returncode == 141
    assert done.stdout == f"{out}\n"
    assert out.read_text().rstrip().endswith("</html>")


@pytest.mark.parametrize("stderr_too", [True, False])
def test_a_study_whose_reader_went_away_is_still_written(tmp_path, stderr_too):
    cohort = tmp_path / "cohort"
    shutil.copytree(SAMPLES / "sim-healthy-ride", cohort / "ride")
    out = tmp_path / "st"
    done = run_into_closed_pipe(["study", str(cohort), "-o", str(out), "--workers", "1", "--plain"],
                                stderr_too=stderr_too)
    assert done.returncode == 141, done.stderr
    assert (out / "study.html").is_file() and (out / "sessions.csv").is_file()
    if not stderr_too:
        assert done.stderr.startswith("1 session"), done.stderr
        assert "Traceback" not in done.stderr, done.stderr
