"""An imported recording whose rows start late lasts from 0, the session's start, to its last row's end: the
time before its first row is the session's (its frames counted missing there), so session.json, the count
line, analyze and the report give that duration (had: the rows' own span, "1.99 s at 100 Hz: left 500
frames, 301 missing" for Moticon rows from 3.01 to 4.99 s, session.json ``duration_s`` 1.99 while its frames
ran to 4.99 s; the same of the whole-file Moticon import, the generic CSV and PhysioNet)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_importers import EXAMPLE_CSV, EXAMPLE_LAYOUT, MOTICON, MOTICON_EVENTS, PHYSIONET

from monitor.cli.main import main


def _drop_rows(src: Path, n_rows: int, out: Path) -> Path:
    """``src`` without its first ``n_rows`` data rows (its "#" header lines kept): a recording whose rows start
    late, its times as they were."""
    lines = src.read_text(encoding="utf-8").split("\n")
    head = [ln for ln in lines if ln.startswith("#")]
    rows = [ln for ln in lines if ln and not ln.startswith("#")]
    out.write_text("\n".join(head + rows[n_rows:]) + "\n", encoding="utf-8")
    return out


def _duration_s(session_dir: Path) -> float:
    return json.loads((session_dir / "session.json").read_text(encoding="utf-8"))["duration_s"]


def _said(capsys, *argv) -> str:
    capsys.readouterr()
    assert main([str(a) for a in argv]) == 0
    return " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("streamed", [True, False])
def test_a_moticon_export_that_starts_late_lasts_to_its_last_row(tmp_path, capsys, monkeypatch, streamed):
    """walk_data_with_events.txt from its row at 3.01 s (300 rows dropped): 500 frames at 100 Hz are 5.00 s,
    the session's 0 to its last row's end (4.99 s + 0.01 s); streamed (a clean export) or read whole."""
    from monitor.importers import moticon_stream

    path = _drop_rows(MOTICON_EVENTS, 300, tmp_path / "late.txt")
    used = []
    stream = moticon_stream.stream_moticon
    monkeypatch.setattr(moticon_stream, "stream_moticon",
                        lambda *a, **k: used.append(stream(*a, **k) if streamed else None) or used[-1])
    said = _said(capsys, "import", "moticon", path, "-o", tmp_path / "late")
    assert used and (used[0] is not None) == streamed
    assert re.search(r"5\.00 s at 100 Hz: left 500 frames, 301 missing \(60\.2%: 301 before its first row", said), said
    assert _duration_s(tmp_path / "late") == 5.0
    said = _said(capsys, "analyze", tmp_path / "late", "--json")
    assert json.loads(said)["absent_at_ends"]["left"][0]["to_s"] == 3.01
    if streamed:  # the report's duration, from session.json: once is enough
        _said(capsys, "report", tmp_path / "late", "-o", tmp_path / "late.html")
        assert "duration 0:05 " in (tmp_path / "late.html").read_text(encoding="utf-8")


def test_a_long_moticon_export_that_starts_late_lasts_as_long_as_the_whole_file(tmp_path, capsys):
    """230927_102114.txt without its first 500 rows (read whole: its time axis skips): the frames still end at
    17.5 s, so the session lasts 17.51 s, as the whole file's does (had: 12.51 s with 1,751 frames)."""
    path = _drop_rows(MOTICON, 500, tmp_path / "late.txt")
    said = _said(capsys, "import", "moticon", path, "-o", tmp_path / "late")
    assert "17.51 s at 100 Hz: left 1,751 frames" in said, said
    _said(capsys, "import", "moticon", MOTICON, "-o", tmp_path / "whole")
    assert _duration_s(tmp_path / "late") == _duration_s(tmp_path / "whole") == 17.51


def test_a_csv_whose_times_start_at_3_s_lasts_from_0(tmp_path, capsys):
    """The example CSV (50 Hz, rows 0 to 0.184 s) with 3 s added to every time: 3.204 s, its last row at
    3.184 s plus one 50-Hz period (had: 0.204 s, the rows' own span, shorter than their times)."""
    lines = EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    moved = [lines[0]] + [f"{float(t) + 3:g},{rest}" for t, rest in (ln.split(",", 1) for ln in lines[1:])]
    (tmp_path / "late.csv").write_text("\n".join(moved) + "\n", encoding="utf-8")
    said = _said(capsys, "import", "csv", tmp_path / "late.csv", "--layout", EXAMPLE_LAYOUT, "-o", tmp_path / "late")
    assert "3.20 s at 50 Hz: left 160 frames" in said, said
    assert _duration_s(tmp_path / "late") == 3.204


def test_a_physionet_file_that_starts_late_lasts_as_long_as_the_whole_file(tmp_path, capsys):
    """GaCo01_01 without its first 300 rows (from 3 s): the session ends where the whole file's does."""
    late = tmp_path / "GaCo01_01.txt"
    late.write_text("\n".join(PHYSIONET.read_text(encoding="utf-8").splitlines()[300:]) + "\n", encoding="utf-8")
    said = _said(capsys, "import", "physionet", late, "-o", tmp_path / "late")
    assert "300 before its first row" in said, said
    _said(capsys, "import", "physionet", PHYSIONET, "-o", tmp_path / "whole")
    assert _duration_s(tmp_path / "late") == _duration_s(tmp_path / "whole") > 121
