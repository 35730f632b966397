"""``solewatch report SESSION --compare B`` says what B was judged with, as it says SESSION's: B's parameter
source on stderr ("analysing B with the live session's detection parameters (params.json)"), and, where the two
sessions were judged with different detection parameters, a caveat in the comparison (the HTML section's
findings, the PDF's lines: Comparison.sentences) naming the fields that differ, so that a difference the
parameters made is not read as the effect of the change.

Had: B's params.json (confirm_windows 10) gave "left notices 1 0 -1 -100 %" between two copies of one ride,
with stderr naming only SESSION's parameters and the section silent on B's.
"""

from __future__ import annotations

import json
import shutil
from html import unescape

import pytest
from test_analyze import SAMPLES

from monitor.cli.main import main
from monitor.signal.params import DEFAULT_PARAMS, Params

pytestmark = pytest.mark.timeout(600)

SESSION = SAMPLES / "sim-cleat-forward"
#: A made-up live run's setting for the test (not a recommended one): confirm a sign over 10 windows, not 3.
SLOW_CONFIRM = {"detector": {"confirm_windows": 10}}


def test_report_says_b_params_and_that_they_differ(tmp_path, capsys):
    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "params.json").write_text(json.dumps(SLOW_CONFIRM) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(SESSION), "--compare", str(b), "--plain", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"analysing {b} with the live session's detection parameters (params.json)" in err
    page = unescape(out.read_text(encoding="utf-8"))
    assert ("Caveat: the sessions were judged with different detection parameters "
            "(detector.confirm_windows 3 before, 10 after)") in page


def test_report_with_one_params_file_has_no_params_caveat(tmp_path, capsys):
    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "params.json").write_text(json.dumps(SLOW_CONFIRM) + "\n", encoding="utf-8")
    given = tmp_path / "given.json"
    given.write_text(json.dumps(SLOW_CONFIRM) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(SESSION), "--compare", str(b), "--params", str(given), "--plain", "-o", str(out)]) == 0
    assert f"analysing {b} with detection parameters from {given}" in capsys.readouterr().err
    assert "different detection parameters" not in out.read_text(encoding="utf-8")


def test_params_caveat_names_the_fields_that_differ():
    from monitor.analysis.compare_caveats import params_caveat

    assert params_caveat(DEFAULT_PARAMS, Params()) == []
    other = DEFAULT_PARAMS.override({"detector": {"confirm_windows": 10}, "alerts": {"quiet_s": 300.0}})
    (line,) = params_caveat(DEFAULT_PARAMS, other)
    assert "detector.confirm_windows 3 before, 10 after; alerts.quiet_s 600.0 before, 300.0 after" in line
