"""`solewatch report S -o EXISTING` is refused before the analysis and the plotting are imported (it took 5-7 s
of imports before its one line); and every `--params` says its default in the help, `live` and `study` too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import sys
from monitor.cli.main import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("matplotlib", "scipy", "monitor.analysis.batch", "monitor.report.writer")
               if m in sys.modules)
print("heavy:", ",".join(heavy))
raise SystemExit(code)
"""


def test_a_report_onto_an_existing_file_is_refused_before_the_heavy_imports(tmp_path):
    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    existing = tmp_path / "r.html"
    existing.write_text("mine")
    done = subprocess.run([sys.executable, "-c", PROBE, "report", str(s), "-o", str(existing)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"solewatch report: error: {existing}: exists; choose another file or replace it "
                           "with --force\n")
    assert done.stdout == "heavy: \n"
    assert existing.read_text() == "mine"


@pytest.mark.parametrize("command", ["live", "analyze", "replay", "report", "export", "study"])
def test_every_params_option_says_its_default(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    [params] = [a for a in sub.choices[command]._actions if "--params" in a.option_strings]
    assert "(default: " in params.help, params.help
