"""A PhysioNet gaitpdb force whose pressure over the assumed sensor area is above what any insole reads is
refused at import, one line naming the file, line and column, as a Moticon or generic CSV pressure is: not
imported into a session that every later command refuses.

PhysioNet gaitpdb GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import pytest
from test_malformed_files import import_fails, physionet_lines

from monitor.cli.main import main
from monitor.session.directory import load_session
from monitor.util.shared_data import shared_data_dir

PHYSIONET = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"
WHY = ("more than any insole reads at the assumed sensor area (2000 kPa on 1500 mm², guesses, "
       "docs/import-csv.md): is the file in another unit (mN?)")


def test_the_ceiling_is_2000_kpa_over_the_assumed_sensor_area():
    from monitor.importers.physionet import MOST_N

    assert MOST_N == 3000.0


def test_a_real_file_with_a_column_a_thousand_times_too_large_is_refused(tmp_path, capsys):
    """GaCo01_01 with L2 x 1000 (87.34 N -> 87,340 N on line 1) was imported with exit 0 and a caveat that
    the totals differ; every later command then refused the session (p01_kpa 58226.7 kPa, above 2000 kPa).
    The file is TAB-separated and clean: the fast reading's path."""
    lines = PHYSIONET.read_text(encoding="utf-8").splitlines()[:200]
    rows = [line.split("\t") for line in lines]
    for row in rows:
        row[2] = f"{float(row[2]) * 1000:g}"
    line = import_fails(capsys, tmp_path, "physionet", "GaCo01_01.txt", ["\t".join(r) for r in rows])
    assert line.endswith(f"GaCo01_01.txt: line 1: column 'L2': 87340 N is above 3000 N, {WHY}"), line


def test_a_force_above_the_ceiling_on_a_later_line_is_refused_read_line_by_line(tmp_path, capsys):
    """Space-separated rows: the line-by-line reading's path; the first row above the ceiling is named."""
    lines = physionet_lines()
    fields = lines[20].split()
    fields[12] = "3000.01"  # R4
    lines[20] = " ".join(fields)
    line = import_fails(capsys, tmp_path, "physionet", "GaCo01_01.txt", lines)
    assert line.endswith(f"GaCo01_01.txt: line 21: column 'R4': 3000.01 N is above 3000 N, {WHY}"), line


def test_a_force_at_the_ceiling_imports_and_its_session_loads(tmp_path, capsys):
    """3000 N is 2000 kPa exactly, the most a session's frames may hold: kept, and the session reads."""
    lines = physionet_lines()
    fields = lines[20].split()
    fields[3] = "3000.00"  # L3
    lines[20] = " ".join(fields)
    src = tmp_path / "GaCo01_01.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", "physionet", str(src), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    frames = load_session(tmp_path / "out").frames
    assert float(frames["p02_kpa"].max()) == pytest.approx(2000.0)
