"""A benchmark measures the repository it lives in, wherever that is (a git worktree, a copy), not the
checkout the virtual environment's editable install points to; and so do the processes it starts
(benchmarks/this_repo.py). Checked on a copy of monitor/ and benchmarks/ whose monitor says it was the one
imported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARK = "monitor-of-the-copy"


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    for name in ("monitor", "benchmarks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "results.json"))
    init = root / "monitor" / "__init__.py"
    init.write_text(init.read_text() + f"\nimport sys as _sys\n_sys.stderr.write({MARK!r} + '\\n')\n")
    return root


def env_without_pythonpath(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **extra}


def test_a_benchmark_script_imports_the_monitor_beside_it(copy, tmp_path):
    out = subprocess.run([sys.executable, str(copy / "benchmarks" / "bench_clock.py")], cwd=tmp_path,
                         env=env_without_pythonpath(BENCH_CLOCK_S="4", BENCH_CLOCK_ROUNDS="1"),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert MARK in out.stderr.splitlines()
    assert '"name": "clock_map_jitter"' in out.stdout


def test_a_process_a_benchmark_starts_imports_it_too(copy, tmp_path):
    code = ("import subprocess, sys\n"
            f"sys.path.insert(0, {str(copy / 'benchmarks')!r})\n"
            "import this_repo\n"
            "subprocess.run([sys.executable, '-c', 'import monitor'], check=True)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env_without_pythonpath(),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines() == [MARK]
