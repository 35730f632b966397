"""A command that analyses nothing loads no analysis libraries: scipy (about 0.85 s of a process's start,
benchmarks/bench_cli_start.py), and for ``scenarios`` and ``scan`` no pandas either; ``analyze`` still
loads scipy, so the check can see it. Each command runs in a fresh interpreter, and what it imported is
read from its ``sys.modules``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAT = ROOT / "sessions" / "samples" / "sim-cleat-forward"
HEAVY = ("scipy", "pandas", "matplotlib")

#: A command line's entry, run, then the heavy libraries it loaded as JSON on the last line.
CODE = """
import json, sys
from monitor.cli.main import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exc:  # --help
    rc = exc.code
print(json.dumps([rc, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


def loaded_by(args: list[str], modules: tuple[str, ...] = HEAVY) -> tuple[int, list[str]]:
    """The exit code of ``solewatch ARGS`` run in a fresh interpreter, and which of ``modules`` (HEAVY) it
    imported."""
    out = subprocess.run([sys.executable, "-c", CODE.format(heavy=modules), *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    rc, heavy = json.loads(out.stdout.splitlines()[-1])
    return rc, heavy


@pytest.mark.parametrize(("args", "allowed"), [
    (["--help"], []),
    (["analyze", "--help"], []),
    (["scenarios"], []),
    (["scan", "--sim", "healthy-ride", "--timeout", "1s"], []),
    (["record", "--sim", "healthy-ride", "--duration", "5s", "--speed", "100", "--out", "{tmp}"], ["pandas"]),
    (["export", str(CLEAT), "--format", "csv", "-o", "{tmp}/frames.csv"], ["pandas"]),
])
def test_a_command_that_analyses_nothing_loads_no_scipy(tmp_path, args, allowed):
    rc, heavy = loaded_by([a.format(tmp=tmp_path) for a in args])
    assert rc == 0
    assert heavy == allowed


def test_analyze_still_loads_scipy():
    rc, heavy = loaded_by(["analyze", str(CLEAT), "--json"])
    assert rc == 0
    assert "scipy" in heavy


def test_a_fit_export_of_a_session_with_no_start_is_refused_before_the_analysis_is_imported(tmp_path):
    """``export --format fit`` of an import with no ``start_utc`` (a PhysioNet file's, a layout JSON's without
    one) is refused in one line; had: after importing the analysis (monitor.analysis.batch, scipy: about 1.1 s of
    CPU: 2.1 s for the whole refusal, against 1.0 s now, docs/fit.md), though it never ran. Now the start is
    checked first."""
    session = tmp_path / "no-start"
    shutil.copytree(CLEAT, session)
    info = json.loads((session / "session.json").read_text())
    info["start_utc"] = ""
    (session / "session.json").write_text(json.dumps(info))
    analysis = ("scipy", "monitor.analysis.batch", "monitor.report.ride_data")
    rc, loaded = loaded_by(["export", str(session), "--format", "fit", "-o", str(tmp_path / "ride.fit")], analysis)
    assert rc == 2 and loaded == []
    assert not (tmp_path / "ride.fit").exists()
