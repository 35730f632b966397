"""The count line of a CSV import counts a foot's samples before its first row from the session's start as
missing, as `analyze` of the imported session does (had: a re-import of a session whose left foot started
late said "left ... 0 missing (0.0%)" while analyze said "left insole: no data from the start to 0:03: N frames
missing")."""

from __future__ import annotations

import re

import pandas as pd
from test_export_import_csv import SAMPLES

from monitor.cli.main import main

LATE_S = 3.2  # the left foot's rows dropped before this session time (s): longer than ABSENT_MIN_S


def test_a_foot_that_starts_late_is_counted_missing_as_analyze_counts_it(tmp_path, capsys):
    assert main(["export", str(SAMPLES / "sim-healthy-ride"), "-o", str(tmp_path / "f.csv")]) == 0
    rows = pd.read_csv(tmp_path / "f.csv")
    rows[~((rows["foot"] == "left") & (rows["t_s"] < LATE_S))].to_csv(tmp_path / "late.csv", index=False)
    capsys.readouterr()
    assert main(["import", "csv", str(tmp_path / "late.csv"), "--layout", str(tmp_path / "f.layout.json"),
                 "-o", str(tmp_path / "back")]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert main(["analyze", str(tmp_path / "back")]) == 0
    analysed = " ".join(capsys.readouterr().out.split())
    [absent] = re.findall(r"left insole: no data from the start to 0:03: (\d+) frames missing", analysed)
    assert int(absent) > 0
    assert re.search(rf"left [\d,]+ frames, {absent} missing \([\d.]+%: {absent} before its first row or after its "
                     r"last\)", said), said
    assert re.search(r"right [\d,]+ frames, 0 missing \(0\.0%\)", said), said


def _moticon_from(tmp_path, first_row: int):
    """The real Moticon export, its times rewritten on a clean 100-Hz axis from 0 (so the streamed import
    takes it) and its rows before ``first_row`` dropped: a recording whose rows start late."""
    from test_importers import MOTICON

    out, k = [], 0
    for line in MOTICON.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#") or not line:
            out.append(line)
            continue
        cells = line.split("\t")
        cells[0] = f"{k * 0.01:.2f}"
        if k >= first_row:
            out.append("\t".join(cells))
        k += 1
    path = tmp_path / "late.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def _count_line(capsys, *argv) -> str:
    capsys.readouterr()
    assert main([str(a) for a in argv]) == 0
    out = capsys.readouterr().out
    return " ".join(out[out.index("\n"):].split("caveats:")[0].split())  # after "imported ... into DIR"


def test_the_streamed_moticon_import_counts_a_late_start_as_the_whole_file_import_does(tmp_path, capsys, monkeypatch):
    """The streamed import (a clean export) said "left 1,430 frames, 7 missing (0.5%)" of an export whose rows
    start at 3.2 s, where the whole-file import and analyze count the 320 samples before its first row."""
    from monitor.importers import moticon_stream

    path = _moticon_from(tmp_path, 320)
    streamed = []
    stream = moticon_stream.stream_moticon
    monkeypatch.setattr(moticon_stream, "stream_moticon", lambda *a, **k: streamed.append(stream(*a, **k)) or
                        streamed[-1])
    said = _count_line(capsys, "import", "moticon", path, "-o", tmp_path / "streamed")
    assert streamed and streamed[0] is not None  # the streamed import wrote it
    monkeypatch.setattr(moticon_stream, "stream_moticon", lambda *a, **k: None)
    whole = _count_line(capsys, "import", "moticon", path, "-o", tmp_path / "whole")
    assert said == whole
    assert re.search(r"left 1,750 frames, 327 missing \(18\.7%: 7 of the file's rows with no sample, 320 before its "
                     r"first row or after its last\)", said), said
    assert main(["analyze", str(tmp_path / "streamed")]) == 0
    assert "left insole: no data from the start to 0:03: 320 frames missing" in capsys.readouterr().out
