"""A study's local worker processes (docs/study.md, "Where it runs"): a script that calls monitor.study
without `if __name__ == "__main__":` is told so in one error, while a worker killed under a session
(out of memory) stays that session's row of errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from monitor.signal.params import DEFAULT_PARAMS
from monitor.studies import run as study_run
from monitor.studies.sources import find_sessions

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


def test_a_script_without_the_main_guard_is_told_so_not_given_empty_tables(tmp_path):
    """had: docs/study.md's first example as a plain script gave 0 session rows and one error per session,
    "the worker analysing it stopped: BrokenProcessPool ...", exit 0 and empty tables written: each worker
    re-ran the script, whose study multiprocessing refused while the worker was starting."""
    script = tmp_path / "plain.py"
    script.write_text("import monitor\n"
                      "import monitor.studies.run\n"
                      "monitor.studies.run.usable_cpus = lambda: 2  # a pool whatever this host has\n"
                      f"t = monitor.study({str(SAMPLES)!r}, out_dir='out', workers=2)\n"
                      "print(len(t.sessions), len(t.errors))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    r = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode != 0, r.stdout
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("monitor.errors.UsageError: the local worker processes stopped before analysing")
    assert 'if __name__ == "__main__":' in last and "workers=1" in last
    assert not (tmp_path / "out" / "sessions.csv").exists()


def killed_on_the_walk(src, params, key):
    """run_session, but the worker analysing the moticon-walk sample is killed (as out of memory would)."""
    if src.endswith("moticon-walk"):
        os.kill(os.getpid(), signal.SIGKILL)
    return study_run.run_session(src, params, key)


def test_a_worker_killed_under_a_session_is_still_that_sessions_error(monkeypatch):
    monkeypatch.setattr(study_run, "usable_cpus", lambda: 2)
    monkeypatch.setattr(study_run, "run_session", killed_on_the_walk)
    sources = find_sessions([str(SAMPLES)])
    t = study_run.run_study(sources, DEFAULT_PARAMS, workers=2)
    walk = t.errors[t.errors["source"].str.endswith("moticon-walk")]
    assert len(walk) == 1
    assert walk["reason"].iloc[0].startswith("the worker analysing it stopped: BrokenProcessPool")
    assert len(t.errors) + t.sessions["source"].nunique() == len(sources)
