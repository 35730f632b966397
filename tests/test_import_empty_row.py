"""A row whose every cell is empty, between data rows, is refused by every text import, naming its line.

`solewatch import moticon` (and `import physionet`) of a file with a row of TABs alone among its rows took it
silently (exit 0), where `import csv` refuses the same row (``,,,,,,,,,``): one rule now, the CSV's. Blank
lines (no separator) are skipped by all three, and empty rows after the last data row too.
"""

from __future__ import annotations

import pytest
from test_importers import MOTICON, PHYSIONET
from test_malformed_files import fails

WORDS = ("an empty row (every cell empty) between data rows: each row gives a time (empty rows after the last "
         "data row, as a spreadsheet saves them, are skipped)")


def _source(fmt: str) -> tuple[list[str], int]:
    """The file's lines and the index of its first data row."""
    lines = (MOTICON if fmt == "moticon" else PHYSIONET).read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return lines, first


@pytest.mark.parametrize("fmt", ["moticon", "physionet"])
@pytest.mark.parametrize("width", ["few", "full"])
def test_an_empty_row_between_data_rows_is_refused(tmp_path, capsys, fmt, width):
    lines, first = _source(fmt)
    at = first + 50
    tabs = "\t" * (lines[first].count("\t") if width == "full" else 3)
    src = tmp_path / "walk.txt"
    src.write_text("\n".join([*lines[:at], tabs, *lines[at:]]) + "\n", encoding="utf-8")
    line = fails(capsys, "import", fmt, src, "-o", tmp_path / "s")
    assert line.endswith(f"walk.txt: line {at + 1}: {WORDS}"), line
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("fmt", ["moticon", "physionet"])
def test_blank_lines_and_empty_rows_after_the_last_are_skipped(tmp_path, capsys, fmt):
    from monitor.cli.main import main

    lines, first = _source(fmt)
    src = tmp_path / "walk.txt"
    src.write_text("\n".join([*lines[:first + 50], "", *lines[first + 50:], "\t\t\t", "\t\t"]) + "\n",
                   encoding="utf-8")
    assert main(["import", fmt, str(src), "-o", str(tmp_path / "s")]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("line", "separator", "empty"), [
    ("\t\t\t", "\t", True), (" \t \t", "\t", True), (",,,,", ",", True), (", , ,", ",", True), (";;;", ";", True),
    ("", ",", False), ("   ", ",", False), ("1,,,", ",", False), ("\t\t1", "\t", False), (",,,,", "\t", False),
])
def test_a_row_of_separators_alone_is_an_empty_row_whatever_the_separator(line, separator, empty):
    """monitor.importers.empty_rows.is_empty_row keeps its docstring for every separator (had: ``,,,,`` with
    ``,`` not an empty row: only TAB, which strip() takes off, worked)."""
    from monitor.importers.empty_rows import is_empty_row

    assert is_empty_row(line, separator) is empty
