"""A report or the report's figures are made of one session and ITS analysis: an analysis result of another
session given to monitor.write_report or monitor.figure_data is a ValueError naming both sessions, and
nothing is written (the report --compare path, which analyses its second session separately, still works)."""

from __future__ import annotations

import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import main

CLEAT, WALK = SAMPLES / "sim-cleat-forward", SAMPLES / "moticon-walk"


@pytest.fixture(scope="module")
def cleat_result():
    return monitor.analyze(monitor.load_session(CLEAT))


def test_write_report_refuses_a_result_of_another_session(cleat_result, tmp_path):
    walk = monitor.load_session(WALK)
    out = tmp_path / "mm.html"
    with pytest.raises(ValueError) as err:
        monitor.write_report(walk, cleat_result, out)
    msg = str(err.value)
    assert "write_report" in msg and cleat_result.session_id in msg and walk.info.session_id in msg, msg
    assert not out.exists()


def test_figure_data_refuses_a_result_of_another_session(cleat_result):
    walk = monitor.load_session(WALK)
    with pytest.raises(ValueError, match="figure_data.*sample-cleat-forward.*moticon-walk"):
        monitor.figure_data(walk, cleat_result)


def test_the_own_result_is_taken(cleat_result):
    data = monitor.figure_data(monitor.load_session(CLEAT), cleat_result)
    assert data.summary


def test_report_compare_still_writes(tmp_path, capsys):
    out = tmp_path / "cmp.html"
    code = main(["report", str(CLEAT), "--compare", str(SAMPLES / "sim-healthy-ride"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert out.is_file()
