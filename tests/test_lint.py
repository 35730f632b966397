"""The Python source passes ruff ([tool.ruff] in pyproject.toml: pyflakes' unused imports and variables,
undefined names and redefinitions, and lines over 120 columns), and the check can fail: a file with an
unused import and a line of 121 columns is reported for both."""

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
