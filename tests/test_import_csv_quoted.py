"""A generic CSV with standard quoting (RFC 4180: "12.5", a quoted header name, "" for an empty cell) is
read through pyarrow as a CSV without quotes is, not line by line, and gives the same frames; a quoted
file with an error still gets the line reading's words (tests/test_import_identical.py holds those).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

from monitor.errors import SessionFormatError
from monitor.importers import generic_csv
from monitor.importers.generic_csv import read_generic_csv

EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
WALK = EXAMPLE / "walk.csv"
LAYOUT = EXAMPLE / "layout.json"


def _cells() -> list[list[str]]:
    return [line.split(",") for line in WALK.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, rows: list[list[str]], *, quoting: int = csv.QUOTE_MINIMAL, nl: str = "\n") -> Path:
    """``rows`` written by the csv module as a spreadsheet or another tool would (``quoting``)."""
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=quoting, lineterminator=nl).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def _no_line_reading(*_args, **_kwargs):
    raise AssertionError("read line by line")


def _same_recording(a, b) -> None:
    assert a.feet == b.feet
    for foot in a.feet:
        np.testing.assert_array_equal(a.foot_t_s[foot], b.foot_t_s[foot])
        assert a.pressure_kpa[foot].dtype == b.pressure_kpa[foot].dtype
        assert a.pressure_kpa[foot].tobytes() == b.pressure_kpa[foot].tobytes()  # NaNs too, bit for bit
    assert a.caveats == b.caveats
    assert a.header == b.header


@pytest.mark.parametrize("style", ["every-cell", "every-cell-crlf", "header-only", "numbers-only", "one-cell",
                                   "empty-cells-quoted"])
def test_a_quoted_clean_csv_is_read_by_pyarrow_and_gives_the_unquoted_frames(tmp_path, monkeypatch, style):
    rows = _cells()
    plain = read_generic_csv(WALK, LAYOUT)
    if style == "every-cell":
        path = _write(tmp_path / "walk.csv", rows, quoting=csv.QUOTE_ALL)
    elif style == "every-cell-crlf":
        path = _write(tmp_path / "walk.csv", rows, quoting=csv.QUOTE_ALL, nl="\r\n")
    elif style == "header-only":
        path = tmp_path / "walk.csv"
        path.write_text("\n".join([",".join(f'"{c}"' for c in rows[0]), *map(",".join, rows[1:])]) + "\n")
    elif style == "numbers-only":
        path = tmp_path / "walk.csv"
        path.write_text("\n".join([",".join(rows[0]), *(",".join([*r[:2], *(f'"{c}"' if c else c for c in r[2:])])
                                                          for r in rows[1:])]) + "\n")
    elif style == "one-cell":
        edited = [list(r) for r in rows]
        edited[3][4] = '"18.5"'
        path = tmp_path / "walk.csv"
        path.write_text("\n".join(map(",".join, edited)) + "\n")
    else:  # empty cells written as "" (what some tools write for a missing value)
        path = tmp_path / "walk.csv"
        path.write_text("\n".join([",".join(rows[0]), *(",".join(c if c else '""' for c in r) for r in rows[1:])])
                        + "\n")
    assert '"' in path.read_text()
    monkeypatch.setattr(generic_csv, "_parse_lines", _no_line_reading)
    _same_recording(read_generic_csv(path, LAYOUT), plain)


def test_a_quoted_file_with_an_error_still_names_its_line(tmp_path):
    rows = _cells()
    rows[5][4] = "x"
    path = _write(tmp_path / "walk.csv", rows, quoting=csv.QUOTE_ALL)
    with pytest.raises(SessionFormatError, match=r"walk\.csv: line 6: column 'p02_kpa': 'x' is not a number$"):
        read_generic_csv(path, LAYOUT)


#: Cell texts a tool may write, quoted or not, and quotes that are errors or odd.
_CELLS = ['"12.5"', '""', '"nan"', '" 12.5 "', ' "12.5"', '"12.5" ', '"12"5', '12"5', '"1""2"', '"12.5"x',
          '"', '"-0"', '" "', '"inf"', '"12\n5"', '"\n"', '"+1"', '"1e1"', "7", "", '"x"', '"1,5"']
_FEET = ['"left"', '"right"', '" left "', '"left\n"', '"le"ft', '"LEFT"', '"left', 'left"']


def test_quoted_files_read_fast_agree_with_the_line_reading(tmp_path, monkeypatch):
    """Random quoted edits of the example: read_generic_csv (fast where it can) and the line reading give
    the same recording or the same error. Seeded: the same files every run."""
    rng = np.random.default_rng(20260517)
    rows = _cells()
    n_fast = 0
    for k in range(120):
        edited = [list(r) for r in rows]
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(0, len(rows)))
            j = int(rng.integers(0, len(rows[0])))
            if i == 0:
                edited[0][j] = f'"{rows[0][j]}"' if rng.random() < 0.8 else f'"{rows[0][j]}\n"'
            elif j == 1:
                edited[i][1] = str(rng.choice(_FEET)).replace("left", rows[i][1])
            elif rng.random() < 0.5:
                edited[i][j] = f'"{rows[i][j]}"'
            else:
                edited[i][j] = str(rng.choice(_CELLS))
        path = tmp_path / f"quoted-{k}.csv"
        path.write_text("\n".join(map(",".join, edited)) + "\n", encoding="utf-8")
        fast = _outcome(lambda: read_generic_csv(path, LAYOUT))
        with monkeypatch.context() as m:
            m.setattr(generic_csv, "_parse_fast", lambda *_a: None)
            lines = _outcome(lambda: read_generic_csv(path, LAYOUT))
        assert fast == lines, f"file {k}: {path.read_text()!r}"
        if "error" not in fast:
            n_fast += generic_csv._parse_fast(path, generic_csv._LayoutFile(LAYOUT)) is not None
    assert n_fast >= 20  # the fast reading was taken often enough for the test to mean something


def _outcome(read) -> dict:
    try:
        rec = read()
    except SessionFormatError as exc:
        return {"error": str(exc)}
    return {"t": {f: rec.foot_t_s[f].tobytes() for f in rec.feet},
            "p": {f: rec.pressure_kpa[f].tobytes() for f in rec.feet},
            "caveats": rec.caveats, "header": rec.header}


def test_pyarrow_reads_quoted_cells_as_the_csv_module_does(tmp_path):
    """fastread.read_table with quoting, on random texts of quotes, commas, digits, spaces and line
    breaks: where it reads the rows at all, its cells are the csv module's (blank records left out, as the
    line reading leaves them). Seeded: the same texts every run."""
    from monitor.importers.fastread import read_table, scan_text

    rng = np.random.default_rng(4180)
    alphabet = ['"', '"', ",", "1", ".", " ", "a", "\n", "\r\n"]
    path = tmp_path / "cells.csv"
    n_read = 0
    for _ in range(1500):
        body = "".join(rng.choice(alphabet, size=int(rng.integers(1, 16)))) + "\n"
        path.write_bytes(body.encode())
        text = scan_text(path, latin1=False, quote=b'"')
        if text is None:  # a lone CR
            continue
        table = read_table(text, text.start, n_columns=3, delimiter=",", text_columns=[0, 1, 2], quote_char='"')
        if table is None:
            continue
        records = [r for r in csv.reader(io.StringIO(body, newline=""))
                   if r and not (len(r) == 1 and not r[0].strip())]
        assert [list(map(str, row)) for row in zip(*table.columns)] == records, repr(body)
        n_read += 1
    assert n_read >= 50
