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
