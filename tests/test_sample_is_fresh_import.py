"""The committed sample sessions/samples/moticon-walk is what `solewatch import moticon 230927_102114.txt -o
sessions/samples/moticon-walk` writes now (sessions/README.md): session.json, every table and every CSV alike.
Had: its session.json declared "walking", which an import of a file that says no activity no longer writes
(it is "unknown": the recogniser decides), and lacked the fields added to session.json since."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "moticon-walk"
SOURCE = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"


def test_the_moticon_sample_is_a_fresh_import(tmp_path, capsys):
    fresh = tmp_path / SAMPLE.name
    assert main(["import", "moticon", str(SOURCE), "-o", str(fresh)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in SAMPLE.iterdir())
    said, committed = (json.loads((d / "session.json").read_text(encoding="utf-8")) for d in (fresh, SAMPLE))
    assert committed["activity"] == said["activity"] == "unknown"
    assert committed == said
    for table in ("frames.parquet", "extras.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(SAMPLE / table), pd.read_parquet(fresh / table))
    for text in ("gaps.csv", "imported_events.csv"):
        assert (SAMPLE / text).read_bytes() == (fresh / text).read_bytes(), text
