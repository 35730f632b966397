"""The Python source passes ruff ([tool.ruff] in pyproject.toml: pyflakes' unused imports and variables,
undefined names and redefinitions, lines over 120 columns, and unsorted imports), and the check can fail: a file
with an unused import and a line of 121 columns is reported for both, a block of imports out of its groups is
reported, and the same imports in the house's groups pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The folders of Python source the house keeps (docs/architecture.md).
FOLDERS = ("monitor", "firmware_sim", "tests", "benchmarks")


def ruff_findings(root: Path, *paths: str) -> list[str]:
    """``ruff check`` of ``paths`` under ``root`` with ``root``/pyproject.toml's settings: one line a finding
    (``path:line:column: code message``), none when the source passes."""
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                          "--config", str(root / "pyproject.toml"), *paths],
                         cwd=root, capture_output=True, text=True, timeout=240)
    assert out.returncode in (0, 1), out.stdout + out.stderr  # 2: ruff itself failed (a bad setting)
    return [line for line in out.stdout.splitlines() if line.count(":") >= 3 and not line.startswith(" ")]


def test_the_source_passes_ruff():
    findings = ruff_findings(ROOT, *FOLDERS)
    assert not findings, "\n".join(findings)


def test_an_unused_import_and_a_wide_line_are_found(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "monitor").mkdir()
    (tmp_path / "monitor" / "wrong.py").write_text("import math\n\nWIDE = " + repr("x" * 112) + "\n")
    findings = ruff_findings(tmp_path, "monitor")
    assert [f.split(": ", 1)[1].split()[0] for f in findings] == ["F401", "E501"], findings
    assert findings[1].startswith("monitor/wrong.py:3:"), findings


#: The house's groups (pyproject.toml's [tool.ruff.lint.isort]): __future__, benchmarks' this_repo, the standard
#: library, installed packages, then monitor and firmware_sim, a blank line between.
GROUPED = """from __future__ import annotations

import this_repo

import os

import numpy

from firmware_sim.layout import SENSORS
from monitor.errors import UsageError

USED = (this_repo, os, numpy, SENSORS, UsageError)
"""


def test_imports_out_of_their_groups_are_found_and_the_house_groups_pass(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "monitor").mkdir()  # no firmware_sim/ here: it is first-party by name, not found on disk
    (tmp_path / "monitor" / "grouped.py").write_text(GROUPED)
    firmware, house = "from firmware_sim.layout import SENSORS\n", "from monitor.errors import UsageError\n"
    # monitor's import before firmware_sim's; this_repo among the installed packages
    (tmp_path / "monitor" / "swapped.py").write_text(GROUPED.replace(firmware + house, house + firmware))
    (tmp_path / "monitor" / "mixed.py").write_text(
        GROUPED.replace("import this_repo\n\n", "").replace("import numpy\n", "import numpy\nimport this_repo\n"))
    findings = ruff_findings(tmp_path, "monitor")
    assert sorted((f.split(":")[0], f.split(": ", 1)[1].split()[0]) for f in findings) == [
        ("monitor/mixed.py", "I001"), ("monitor/swapped.py", "I001")], findings
