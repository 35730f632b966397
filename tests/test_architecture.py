"""The house's rules (pyproject.toml [tool.importlinter], docs/architecture.md) hold, and they can fail:
the same check over a copy of the code with one wrong import in it reports that import as broken."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
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


def contract(name: str) -> dict:
    """The import-linter contract of pyproject.toml whose id is ``name``."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == name)


def test_reporting_a_recorded_session_loads_no_bluetooth_stack():
    """`solewatch report` (its command and the console module its stage line is drawn by) is held to the
    no-Bluetooth rule, and importing them loads neither bleak nor bumble."""
    assert {"monitor.cli.report_command", "monitor.cli.console"} <= set(
        contract("replay-without-bluetooth")["source_modules"])
    code = ("import sys, monitor.cli.report_command, monitor.cli.console; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('bleak', 'bumble')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


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
    ("monitor/analysis/_wrong.py", "from monitor.session.log_counted import frames_counted\n",
     "signal and analysis import nothing that does I/O or talks to a radio"),
    ("monitor/analysis/_wrong.py", "from monitor.session import names\n",
     "analysis takes from session only the modules docs/architecture.md names"),
    # indirectly: the importers' shared code takes the names of a session's tables (monitor.session.names)
    ("monitor/analysis/_wrong.py", "from monitor.importers import base\n",
     "analysis takes from session only the modules docs/architecture.md names"),
    # a module no contract lists by name: a new one in live/, session/, tools/, or monitor/ itself
    ("monitor/live/_wrong.py", "import starlette\n",
     "the web stack (starlette, uvicorn) is imported only under monitor.live.web"),
    ("monitor/session/_wrong.py", "import firmware_sim.model\n",
     "monitor imports firmware_sim only where a simulated insole is wired in"),
    ("monitor/tools/_wrong.py", "import matplotlib\n", "matplotlib is imported only under monitor.report"),
    ("monitor/_wrong.py", "import rich\n", "rich is imported only under monitor.cli"),
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


def own_activity_words(root: Path) -> list[str]:
    """Where a module under ``root``/monitor other than the activity table (monitor.signal.activity_words)
    keeps activity words of its own: a dict keyed by two or more of the table's activities whose values
    include one of its words ({"running": "run", ...}), or a ``.startswith("cycling")``-like test of an
    activity."""
    from monitor.signal.activity_words import ACTIVITY_WORDS

    table_words = {v for w in ACTIVITY_WORDS.values() for v in vars(w).values() if isinstance(v, str)}
    found = []
    for path in sorted((root / "monitor").glob("**/*.py")):
        if path.relative_to(root).as_posix() == "monitor/signal/activity_words.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                values = {v.value for v in node.values if isinstance(v, ast.Constant)}
                if len(keys & set(ACTIVITY_WORDS)) >= 2 and values & table_words:
                    found.append(f"{where}: a mapping of activities to words")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "startswith" and node.args and isinstance(node.args[0], ast.Constant)
                  and node.args[0].value in ACTIVITY_WORDS):
                found.append(f"{where}: startswith({node.args[0].value!r})")
    return found


def test_no_module_keeps_activity_words_outside_the_table():
    assert not own_activity_words(ROOT)


def test_activity_words_of_its_own_are_found(tmp_path):
    (tmp_path / "monitor" / "live").mkdir(parents=True)
    (tmp_path / "monitor" / "live" / "words.py").write_text(
        'NOUNS = {"running": "run", "walking": "walk"}\n\n\ndef bike(a):\n    return a.startswith("cycling")\n')
    found = own_activity_words(tmp_path)
    assert [f.split(": ", 1)[1] for f in found] == ["a mapping of activities to words", "startswith('cycling')"]
