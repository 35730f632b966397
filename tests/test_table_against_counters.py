"""A frames table that contradicts the close's counters (no row of a foot whose frames session.json counts)
is a damaged table, said as the other damage is ("raw.swlog is there: move frames.parquet away to
rebuild"), exit 2: an empty table read as it stood gave "no pressure sample from either insole ...
nothing to judge", exit 0, with the data in raw.swlog."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import monitor
from monitor.cli.main import main
from test_malformed_files import SAMPLES

GOOD = SAMPLES / "sim-healthy-ride"


@pytest.fixture
def emptied(tmp_path):
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    frames = pd.read_parquet(session / "frames.parquet")
    frames.iloc[:0].to_parquet(session / "frames.parquet", index=False)
    return session


#: the output each command is given: a report is HTML (report -o refuses another suffix), an export CSV
SUFFIX = {"analyze": "", "report": "html", "export": "csv"}


@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_an_empty_table_of_a_counted_session_is_refused(emptied, tmp_path, capsys, command):
    out = tmp_path / f"out.{SUFFIX[command]}"
    argv = [command, str(emptied)] + ([] if command == "analyze" else ["-o", str(out)])
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"solewatch {command}: error: {emptied / 'frames.parquet'}: no row of the left foot, "
                             "though session.json counts ")
    assert err[0].endswith("; raw.swlog is there: move frames.parquet away to rebuild the tables from it")


def test_moved_away_it_is_rebuilt_from_the_raw_log(emptied):
    """What the line says to do works: nothing recorded is lost."""
    (emptied / "frames.parquet").rename(emptied.parent / "frames.parquet")
    assert len(monitor.load_session(emptied).frames) == len(monitor.load_session(GOOD).frames)
