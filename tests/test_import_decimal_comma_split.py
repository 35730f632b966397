"""A comma-separated CSV whose numbers are written with decimal commas, unquoted, says so.

`solewatch import csv` of such a file ("0,004,right,180,5,...") said only "line 2: expected 10 cells (as the
header on line 1), found 11", though docs/import-csv.md promises the decimal-comma hint whatever the
separator: the extra cells are those the decimal commas cut off, and the error now asks.
"""

from __future__ import annotations

from test_malformed_files import CSV_LINES, import_csv_fails

from monitor.importers.sniff import split_decimal_hint

HINT = ("; are its numbers written with decimal commas (1,5 for 1.5)? A decimal comma splits a cell of a "
        "comma-separated file: write decimal points (or quote such cells)")


def test_comma_csv_with_decimal_commas_gives_the_hint(tmp_path, capsys):
    text = "\n".join([CSV_LINES[0], *(line.replace(".", ",") for line in CSV_LINES[1:])]) + "\n"
    line = import_csv_fails(capsys, tmp_path, text)
    assert line.endswith("walk.csv: line 2: expected 10 cells (as the header on line 1), found 11" + HINT), line


def test_a_stray_cell_is_not_called_a_decimal_comma():
    # the row writes decimal points: its extra cell is no cut number
    assert split_decimal_hint("0.08,left,190,152,5,3.5,5,3,0,0,9".split(","), 10) == ""
    # more extra cells than decimal commas could make
    assert split_decimal_hint("0,left,a,b,c,d,e,f,g,h,1,5".split(","), 10) == ""
    assert split_decimal_hint("0,02,left,190,152,5,3,5,5,3,0".split(","), 10) == HINT
    assert split_decimal_hint("0,left,1".split(","), 10) == ""
