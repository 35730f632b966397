"""A Parquet export given to `solewatch import csv` (or another text importer) is said to be a Parquet
file, with how it is read and how a session comes back, not "line 1: a NUL byte at byte 26: binary
data"."""

from __future__ import annotations

from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.errors import SessionFormatError

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward"


def test_a_parquet_export_given_to_import_csv_is_named(tmp_path, capsys):
    pq = monitor.export_frames(SAMPLE, tmp_path / "frames.parquet")
    layout = tmp_path / "frames.layout.json"
    monitor.export_frames(SAMPLE, tmp_path / "frames.csv")
    assert main(["import", "csv", str(pq), "--layout", str(layout), "-o", str(tmp_path / "s")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (f"solewatch import: error: {pq}: a Parquet file (it opens with PAR1), not a text file: "
                    "`solewatch import csv` takes CSV text: a Parquet export is the frames table, which "
                    "pandas.read_parquet reads; to import a session, export it as CSV with its layout JSON "
                    "(docs/import-csv.md)"), line
    assert not (tmp_path / "s").exists()
    with pytest.raises(SessionFormatError, match=r"a Parquet file \(it opens with PAR1\), not a text file: "
                                                 r"fmt='moticon' takes the Moticon app's text export"):
        monitor.import_session("moticon", pq, tmp_path / "m")
