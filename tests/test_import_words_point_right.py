"""Import errors that point the right way: a spreadsheet's semicolons and decimal commas, its empty rows
below the table, and times in milliseconds.

A CSV saved with semicolons and decimal commas (a German Excel) was told only "separated by semicolons, not
commas", and its rows under a comma header "foot '0;left;132' is not 'left' or 'right'"; Excel's trailing
`,,,,,,,,,` rows made "line 12004: foot '' is not 'left' or 'right'"; a Moticon export timed in milliseconds
was "sample rate 0.1 Hz is below 1 Hz", without the "in milliseconds?" the CSV import asks.
"""

from __future__ import annotations

import re

import numpy as np
from test_import_bad_inputs import EXAMPLE, MOTICON, PHYSIONET, _copy, _import

from monitor.cli.main import main
from monitor.session.directory import load_session

WALK = EXAMPLE / "walk.csv"
LAYOUT = EXAMPLE / "layout.json"


def _german(line: str) -> str:
    """A row as a spreadsheet of a locale with decimal commas saves it: ``0,004;right;180,5;...``."""
    return ";".join(cell.replace(".", ",") for cell in line.split(","))


def _error(capsys) -> str:
    (line,) = capsys.readouterr().err.strip().splitlines()
    return line


def test_semicolons_and_decimal_commas_are_both_said(tmp_path, capsys):
    path = _copy(tmp_path, WALK, "walk.csv", _german)
    _import("csv", path, tmp_path)
    assert _error(capsys).endswith("walk.csv: line 1: no 't_s' column in the header; its cells are separated by "
                                   "semicolons, not commas, and its numbers with decimal commas (3,5), not points "
                                   "(docs/import-csv.md)")


def test_rows_with_decimal_commas_under_a_comma_header_say_both(tmp_path, capsys):
    path = _copy(tmp_path, WALK, "walk.csv", lambda ln: ln if ln.startswith("t_s") else _german(ln))
    _import("csv", path, tmp_path)
    said = _error(capsys)
    assert re.search(r"walk\.csv: line 2: expected 10 cells \(as the header on line 1\), found 2; its cells are "
                     r"separated by semicolons, not commas, and its "
                     r"numbers with decimal commas \(\d+,\d+\), not points$", said), said


def test_a_spreadsheets_empty_rows_below_the_table_are_skipped(tmp_path, capsys):
    text = WALK.read_text(encoding="utf-8")
    path = tmp_path / "walk.csv"
    path.write_text(text + ",,,,,,,,,\n" * 3 + " , ,\n", encoding="utf-8")
    assert main(["import", "csv", str(path), "--layout", str(LAYOUT), "-o", str(tmp_path / "trailing")]) == 0
    assert main(["import", "csv", str(WALK), "--layout", str(LAYOUT), "-o", str(tmp_path / "plain")]) == 0
    a, b = (load_session(tmp_path / n).frames for n in ("trailing", "plain"))
    assert a["t_s"].tolist() == b["t_s"].tolist()
    assert np.array_equal(a.filter(like="_kpa").to_numpy(), b.filter(like="_kpa").to_numpy(), equal_nan=True)


def test_an_empty_row_between_data_rows_is_said_as_one(tmp_path, capsys):
    lines = WALK.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "walk.csv"
    path.write_text("\n".join([*lines[:5], ",,,,,,,,,", *lines[5:]]) + "\n", encoding="utf-8")
    _import("csv", path, tmp_path)
    assert _error(capsys).endswith("walk.csv: line 6: an empty row (every cell empty) between data rows: each row "
                                   "gives t_s and foot (empty rows after the last data row, as a spreadsheet "
                                   "saves them, are skipped)")


def _in_ms(line: str, sep: str) -> str:
    if line.startswith("#"):
        return line
    cells = line.split(sep) if sep else line.split()
    cells[0] = f"{float(cells[0]) * 1000:.0f}"
    return (sep or "\t").join(cells)


def test_a_moticon_export_timed_in_milliseconds_is_asked_so(tmp_path, capsys):
    path = _copy(tmp_path, MOTICON, "ms.txt", lambda ln: _in_ms(ln, "\t"))
    _import("moticon", path, tmp_path)
    assert _error(capsys).endswith("ms.txt: line 11: sample rate 0.1 Hz is below 1 Hz; is the time in "
                                   "milliseconds? (it is read as seconds; in milliseconds the rate is 100 Hz)")


def test_a_physionet_file_timed_in_milliseconds_is_asked_so(tmp_path, capsys):
    path = _copy(tmp_path, PHYSIONET, "ms.txt", lambda ln: _in_ms(ln, ""))
    _import("physionet", path, tmp_path)
    assert "is below 1 Hz; is the time in milliseconds?" in _error(capsys)


def test_a_row_its_decimal_commas_cut_into_the_headers_cells_says_both(tmp_path, capsys):
    lines = WALK.read_text(encoding="utf-8").splitlines()
    row = "0,5;left;190,5;152,5;5,5;3,5;5,5;3,5;0,5;0,5"  # 9 decimal commas: 10 cells, as the header's
    path = tmp_path / "walk.csv"
    path.write_text("\n".join([lines[0], row, *lines[2:]]) + "\n", encoding="utf-8")
    _import("csv", path, tmp_path)
    assert _error(capsys).endswith("walk.csv: line 2: foot '5;left;190' is not 'left' or 'right'; its cells are "
                                   "separated by semicolons, not commas, and its numbers with decimal commas (0,5), "
                                   "not points"), path.read_text()


def _data_rows(edit):
    """``edit`` (str -> str) applied to a file's data rows alone: its ``#`` lines stay as they are."""
    return lambda ln: ln if ln.startswith("#") else edit(ln)


def _commas(sep: str):
    """A row of whitespace- or TAB-separated numbers as a spreadsheet of a locale with decimal commas saves
    it with ``sep`` between its cells."""
    return lambda ln: sep.join(cell.replace(".", ",") for cell in (ln.split("\t") if "\t" in ln else ln.split()))


def _said(capsys) -> str:
    """The error line after its file's name."""
    return re.sub(r"^.*?\.(txt|csv): ", "", _error(capsys))


def test_a_moticon_export_with_tabs_and_decimal_commas_says_so(tmp_path, capsys):
    """A TAB-separated export with decimal commas was "column 'time': '0,00' is not a number", without the
    hint the semicolon case gives."""
    _import("moticon", _copy(tmp_path, MOTICON, "walk.txt", _data_rows(_commas("\t"))), tmp_path)
    assert _said(capsys) == ("line 10: column 'time': '0,00' is not a number; its numbers are written with decimal "
                             "commas (0,00), not points")


def test_a_moticon_export_with_semicolons_and_decimal_commas_says_both(tmp_path, capsys):
    _import("moticon", _copy(tmp_path, MOTICON, "walk.txt", _commas(";")), tmp_path)
    assert _said(capsys).endswith("its cells are separated by semicolons, not TABs, and its numbers with decimal "
                                  "commas (0,00), not points"), _said(capsys)


def test_a_gait_file_with_decimal_commas_says_so_whatever_its_separator(tmp_path, capsys):
    _import("physionet", _copy(tmp_path, PHYSIONET, "ga.txt", _commas("\t")), tmp_path)
    assert _said(capsys) == ("line 1: column 'time': '0,0000' is not a number; its numbers are written with decimal "
                             "commas (0,0000), not points")
    _import("physionet", _copy(tmp_path, PHYSIONET, "ga.txt", _commas(";")), tmp_path)
    assert _said(capsys) == ("line 1: not a PhysioNet gait file (expected 19 columns, found 1); its cells are "
                             "separated by semicolons, not spaces or TABs, and its numbers with decimal commas "
                             "(0,0000), not points")


def test_a_csv_with_tabs_and_decimal_commas_says_both(tmp_path, capsys):
    path = _copy(tmp_path, WALK, "walk.csv", lambda ln: "\t".join(c.replace(".", ",") for c in ln.split(",")))
    _import("csv", path, tmp_path)
    assert _said(capsys) == ("line 1: no 't_s' column in the header; its cells are separated by TABs, not commas, "
                             "and its numbers with decimal commas (3,5), not points (docs/import-csv.md)")
