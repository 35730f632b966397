"""The house's rules (pyproject.toml [tool.importlinter], docs/architecture.md) hold, and they can fail:
the same check over a copy of the code with one wrong import in it reports that import as broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=240)


def test_the_import_rules_hold():
    out = lint(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_monitor_holds_at_most_six_modules_directly():
    direct = sorted(p.name for p in (ROOT / "monitor").glob("*.py"))
    assert len(direct) <= 6, direct


def test_no_module_over_400_lines_unless_it_says_it_holds_one_idea():
    long = []
    for path in sorted([*ROOT.glob("monitor/**/*.py"), *ROOT.glob("firmware_sim/**/*.py")]):
        lines = path.read_text().count("\n")
        if lines > 400 and "One idea:" not in path.read_text()[:3000]:
            long.append(f"{path.relative_to(ROOT)} ({lines})")
    assert not long, long


#: The widest line of Python source, in characters (the house's width; a guess at what reads whole side
#: by side in a diff on a laptop screen).
MOST_COLUMNS = 120


def test_no_line_of_python_is_wider_than_120_columns():
    wide = []
    for folder in ("monitor", "firmware_sim", "benchmarks", "tests"):
        for path in sorted((ROOT / folder).glob("**/*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if len(line) > MOST_COLUMNS:
                    wide.append(f"{path.relative_to(ROOT)}:{n} ({len(line)})")
    assert not wide, wide


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("house")
    for name in ("monitor", "firmware_sim"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(("where", "line", "contract"), [
    ("monitor/signal/_wrong.py", "import bleak\n", "bleak is imported only under monitor.link"),
    ("monitor/signal/_wrong.py", "from monitor.session import directory\n",
     "Lower stages never import higher ones"),
    ("monitor/report/_wrong.py", "from monitor.live import session\n", "live and report never import each other"),
    ("firmware_sim/_wrong.py", "import monitor.codebook\n", "firmware_sim imports nothing from monitor"),
    ("monitor/analysis/_wrong.py", "import matplotlib\n", "matplotlib is imported only under monitor.report"),
])
def test_a_wrong_import_breaks_the_check(copy, where, line, contract):
    wrong = copy / where
    wrong.write_text(line)
    try:
        out = lint(copy)
    finally:
        wrong.unlink()
    assert out.returncode != 0
    assert f"{contract} BROKEN" in out.stdout, out.stdout[-2000:]
