"""Good generic CSVs that pyarrow reads otherwise than the csv module, made the same: a padded `` nan ``
(missing), a blank line written ``""`` or as spaces (left out), a ``+`` before a number (pandas rounds it
wrongly; the line reading takes the sign off), a spreadsheet's empty rows (``,,,,,,,,,``) ending the file
(skipped). Each is read through pyarrow (``_parse_fast`` gives its
frames, not None) and gives, bit for bit, the line reading's recording; a ``nan`` the line reading refuses
(``-nan``) is still refused in its words.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_import_csv_quoted import _outcome  # a reading's frames, caveats and header, or its error

from monitor.importers import generic_csv
from monitor.importers.generic_csv import read_generic_csv

EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
LAYOUT = EXAMPLE / "layout.json"
#: A time near the example's 0.02 s that pandas reads 1 ulp off with a ``+`` (0.020960575667033847), and
#: correctly rounded without it (0.02096057566703385, as ``float`` reads it).
SIGNED_TIME = "+0.0209605756670338491636"


def _rows() -> list[list[str]]:
    return [line.split(",") for line in (EXAMPLE / "walk.csv").read_text(encoding="utf-8").splitlines()]


def _set(rows: list[list[str]], i: int, j: int, cell: str) -> list[list[str]]:
    out = [list(r) for r in rows]
    out[i][j] = cell
    return out


def _text(rows: list[list[str] | str], nl: str = "\n") -> str:
    return nl.join(r if isinstance(r, str) else ",".join(r) for r in rows) + nl


def _cases() -> dict[str, str]:
    rows = _rows()
    quoted = [[f'"{c}"' for c in r] for r in rows]
    return {
        "padded-nan": _text(_set(rows, 3, 4, " nan ")),
        "padded-nans-of-many-kinds": _text(_set(_set(_set(rows, 3, 4, " nan "), 4, 5, "\tNaN"), 6, 2, "NAN  ")),
        "quoted-padded-nan": _text(_set(quoted, 3, 4, '" nan "'), "\r\n"),
        "blank-line-quoted": _text([rows[0], rows[1], '""', *rows[2:]]),
        "blank-lines-quoted-and-spaces": _text([rows[0], '""', *rows[1:5], "   ", '" "', *rows[5:]]),
        "plus-pressure": _text(_set(_set(rows, 3, 4, "+18.5"), 5, 2, "+1.5e1")),
        "plus-time": _text(_set(rows, 3, 0, SIGNED_TIME)),
        "all-together": _text([rows[0], '""', *_set(_set(_set(rows, 3, 0, SIGNED_TIME), 4, 5, " nan "),
                                                   6, 2, "+7")[1:]]),
        # a spreadsheet's empty rows below its table (were read by lines: pyarrow reads them as rows)
        "trailing-empty-rows": _text([*rows, *[",,,,,,,,,"] * 3, " , ,", "", ",,,"]),
        "trailing-empty-rows-crlf": _text([*rows, *[",,,,,,,,,"] * 3], "\r\n"),
        "trailing-empty-rows-no-last-break": _text([*rows, ",,,,,,,,,", ",,,,,,,,,"])[:-1],
        "trailing-empty-rows-quoted": _text([*quoted, *[",,,,,,,,,"] * 2], "\r\n"),
    }


def _both(path: Path, monkeypatch) -> tuple[dict, dict]:
    fast = _outcome(lambda: read_generic_csv(path, LAYOUT))
    with monkeypatch.context() as m:
        m.setattr(generic_csv, "_parse_fast", lambda *_a: None)
        lines = _outcome(lambda: read_generic_csv(path, LAYOUT))
    return fast, lines


@pytest.mark.parametrize("case", sorted(_cases()))
def test_a_good_file_pyarrow_reads_otherwise_takes_the_fast_reading_and_gives_the_line_readings_frames(
        case, tmp_path, monkeypatch):
    path = tmp_path / f"{case}.csv"
    path.write_bytes(_cases()[case].encode())
    assert generic_csv._parse_fast(path, generic_csv._LayoutFile(LAYOUT)) is not None  # the fast reading
    fast, lines = _both(path, monkeypatch)
    assert "error" not in lines
    assert fast == lines


@pytest.mark.parametrize("where", [3, 6])
def test_an_empty_row_between_data_rows_is_refused_alike_with_empty_rows_at_the_end(where, tmp_path, monkeypatch):
    """The empty rows ending the file are skipped by the fast reading; one before a data row is still
    refused, in the line reading's words."""
    rows = _rows()
    path = tmp_path / "between.csv"
    path.write_text(_text([*rows[:where], ",,,,,,,,,", *rows[where:], ",,,,,,,,,", " , ,"]), encoding="utf-8")
    fast, lines = _both(path, monkeypatch)
    assert fast == lines
    assert fast["error"].startswith(f"{path}: line {where + 1}: an empty row (every cell empty) between data rows")


def test_a_signed_number_reads_correctly_rounded_either_way(tmp_path, monkeypatch):
    """pandas reads ``+0.0209605756670338491636`` 1 ulp off; both readings give what ``float`` gives."""
    path = tmp_path / "signed.csv"
    path.write_text(_cases()["plus-time"], encoding="utf-8")
    want = float(SIGNED_TIME)
    fast = read_generic_csv(path, LAYOUT)
    with monkeypatch.context() as m:
        m.setattr(generic_csv, "_parse_fast", lambda *_a: None)
        lines = read_generic_csv(path, LAYOUT)
    for rec in (fast, lines):
        assert want in rec.foot_t_s["left"]
        assert float(np.float64(0.020960575667033847)) not in rec.foot_t_s["left"]


@pytest.mark.parametrize("cell", ["-nan", "+nan", "nan(1)", " -NaN "])
def test_a_nan_the_line_reading_refuses_is_refused_in_its_words_beside_a_padded_one(cell, tmp_path,
                                                                                      monkeypatch):
    path = tmp_path / "nan.csv"
    path.write_text(_text(_set(_set(_rows(), 3, 4, " nan "), 7, 5, cell)), encoding="utf-8")
    fast, lines = _both(path, monkeypatch)
    assert fast == lines
    assert fast["error"].startswith(f"{path}: line 8: column 'p03_kpa': ")
    assert "is not a number" in fast["error"]


_RANDOM_CELLS = [" nan ", "\tNaN", "NAN  ", "-nan", "+nan", "nan(1)", "+18.5", "+.5", "+5.", "+-1", "++1", "+1e1",
                 "+", " +7 ", "+0", "-0", " ", "", '""', '" nan "', '"+3"', "nanx", "\u3000nan"]
_RANDOM_LINES = ['""', "  ", '" "', '"" ', ' ""', '"\n"', '""""', ",", '"",""']


def test_random_edits_of_these_kinds_read_alike_either_way(tmp_path, monkeypatch):
    """Random cells and blank-looking lines of the kinds above in the example: read_generic_csv (fast where
    it can) and the line reading give the same recording or the same error. Seeded: the same files every
    run."""
    rng = np.random.default_rng(20261204)
    rows = _rows()
    n_fast = 0
    for k in range(150):
        edited: list[list[str] | str] = [list(r) for r in rows]
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(1, len(rows)))
            if rng.random() < 0.3:
                edited.insert(i, str(rng.choice(_RANDOM_LINES)))
            else:
                row = edited[i]
                if isinstance(row, list):
                    row[int(rng.integers(2, len(row)))] = str(rng.choice(_RANDOM_CELLS))
        path = tmp_path / f"random-{k}.csv"
        path.write_text(_text(edited), encoding="utf-8")
        fast, lines = _both(path, monkeypatch)
        assert fast == lines, f"file {k}: {path.read_text()!r}"
        if "error" not in fast:
            n_fast += generic_csv._parse_fast(path, generic_csv._LayoutFile(LAYOUT)) is not None
    assert n_fast >= 30, n_fast  # the fast reading was taken often enough for the test to mean something


def test_a_file_whose_missing_cells_are_all_padded_takes_the_fast_reading(tmp_path, monkeypatch):
    """Thousands of `` nan `` cells (a tool that pads every missing cell): their texts are looked up by a
    regular expression a chunk at a time (fastread.MANY_HITS), and give the line reading's frames."""
    rows = [_rows()[0]]
    for i in range(500):
        for k, foot in enumerate(("left", "right")):
            rows.append([f"{i * 0.02 + 0.004 * k:.3f}", foot, *[" nan " if j % 3 == 0 else f"{(i + j) % 40}.5"
                                                             for j in range(8)]])
    path = tmp_path / "padded.csv"
    path.write_text(_text(rows), encoding="utf-8")
    assert path.read_text().count(" nan ") > 2000
    assert generic_csv._parse_fast(path, generic_csv._LayoutFile(LAYOUT)) is not None
    fast, lines = _both(path, monkeypatch)
    assert "error" not in lines
    assert fast == lines


def test_empty_rows_ending_the_file_are_found_across_chunks(tmp_path, monkeypatch):
    """The file's end is read backwards a chunk at a time: empty rows longer than a chunk, and a chunk
    ending within a data row, find the same start."""
    from monitor.importers import generic_csv_fast

    path = tmp_path / "trailing.csv"
    path.write_bytes(_cases()["trailing-empty-rows-crlf"].encode())
    want = path.read_bytes().index(b",,,,,,,,,")
    offset = path.read_bytes().index(b"\n") + 1
    for chunk in (1, 7, 10, 64, 1 << 20):
        monkeypatch.setattr(generic_csv_fast, "CHUNK_BYTES", chunk)
        assert generic_csv_fast._empty_rows_start(path, offset) == want, chunk
    assert generic_csv_fast._empty_rows_start(EXAMPLE / "walk.csv", offset) is None
