"""A command that analyses nothing loads no analysis libraries: scipy (about 0.85 s of a process's start,
benchmarks/bench_cli_start.py), and for ``scenarios`` and ``scan`` no pandas either; ``analyze`` still
loads scipy, so the check can see it. Each command runs in a fresh interpreter, and what it imported is
read from its ``sys.modules``."""

from __future__ import annotations

import json
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


def loaded_by(args: list[str]) -> tuple[int, list[str]]:
    """The exit code of ``solewatch ARGS`` run in a fresh interpreter, and which of HEAVY it imported."""
    out = subprocess.run([sys.executable, "-c", CODE.format(heavy=HEAVY), *args], capture_output=True, text=True,
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
