"""A number written with a leading ``+`` reads as it reads without the sign, correctly rounded (as ``float``
reads it), in the Moticon and PhysioNet imports, fast and line by line.

pandas' ``to_numeric`` rounds a ``+``-signed number wrongly now and then (``+6e23`` reads
5.9999999999999995e+23, ``+0.0209605756670338491636`` 1 ulp off); the hard cases below are such numbers,
close to the recordings' own values. Each real recording (both Moticon sample exports, the PhysioNet
walk), with these cells, is written again with a ``+`` before every positive number: it imports to the same
session, bit for bit, as the file without the signs; it takes the fast reading (and the streamed import,
for the Moticon export that streams); every number either reading gives is ``float`` of its cell.

Moticon OpenGo sample exports: Apache-2.0, github.com/moticon-rego/moticon-opengo. PhysioNet gaitpdb
GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_import_identical import MOTICON, MOTICON_EVENTS, PHYSIONET, recording_digest, session_dir_digest

from monitor.importers import import_file, moticon, physionet
from monitor.importers.moticon_stream import stream_moticon

#: Per Moticon export, (row, column name) -> a cell text that pandas reads otherwise with a ``+`` before it,
#: near the cell's value in the file (the two times: their rows' 0.02 s and 0.10 s).
MOTICON_HARD = {
    MOTICON.name: {
        (2, "time"): "0.0209605756670338491636",
        (10, "time"): "0.100018789353020149862",
        (100, "left pressure 2[N/cm²]"): "4.25619495774360651207",
        (100, "left angular X[dps]"): "6e23",
        (100, "left angular Y[dps]"): "1.19894281123322656991",
        (100, "left total force[N]"): "382.00174027532066599266",
    },
    MOTICON_EVENTS.name: {  # starts at 0.01 s
        (1, "time"): "0.0209605756670338491636",
        (9, "time"): "0.100018789353020149862",
        (100, "right pressure 5[N/cm²]"): "11.25014385446517797236",
        (100, "left angular X[dps]"): "6e23",
        (100, "left angular Z[dps]"): "50.82668290099213086524",
        (100, "right total force[N]"): "693.00894281123322656991",
        (100, "right COP velocity[1]"): "2.21778081482237631444617",
    },
}
MOTICON_FILES = {MOTICON.name: MOTICON, MOTICON_EVENTS.name: MOTICON_EVENTS}
#: (row, column) -> the same for GaCo01_01.txt (0: time, 1: L1, 17: total left, 18: total right).
PHYSIONET_HARD = {
    (2, 0): "0.0209605756670338491636",
    (10, 0): "0.100018789353020149862",
    (0, 1): "199.10801218850034642167",
    (2, 17): "660.22174027532066599266",
    (0, 18): "748.00681255331691710717",
}


def _signed(cell: str) -> str:
    """``cell`` with a ``+`` before it where it is a number above 0 (not an event's label)."""
    try:
        return "+" + cell if float(cell) > 0 else cell
    except ValueError:
        return cell


def _moticon_files(tmp: Path, name: str) -> tuple[Path, Path, list[list[str]]]:
    """The Moticon export ``name`` with its hard cells, as written (``a/``) and with every positive number
    signed (``b/``), and the signed file's data cells."""
    source = MOTICON_FILES[name]
    lines = source.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    names = [c.strip() for c in head[-1].lstrip("#").split("\t")]
    rows = [ln.split("\t") for ln in lines[len(head):]]
    for (i, column), cell in MOTICON_HARD[name].items():
        rows[i][names.index(column)] = cell
    signed = [[_signed(c) for c in r] for r in rows]
    return _write(tmp / "a" / name, head, rows, "\t"), _write(tmp / "b" / name, head, signed, "\t"), signed


def _physionet_files(tmp: Path) -> tuple[Path, Path, list[list[str]]]:
    """GaCo01_01.txt so (:func:`_moticon_files`)."""
    rows = [ln.split("\t") for ln in PHYSIONET.read_text(encoding="utf-8").splitlines()]
    for (i, j), cell in PHYSIONET_HARD.items():
        rows[i][j] = cell
    signed = [[_signed(c) for c in r] for r in rows]
    return (_write(tmp / "a" / PHYSIONET.name, [], rows, "\t"), _write(tmp / "b" / PHYSIONET.name, [], signed, "\t"),
            signed)


def _write(path: Path, head: list[str], rows: list[list[str]], sep: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(head + [sep.join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def _floats(cells: list[str]) -> np.ndarray:
    """``float`` of each cell, NaN where it is empty."""
    return np.array([float(c) if c.strip() else np.nan for c in cells])


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(np.asarray(a, dtype=float).view(np.int64),
                                                 np.asarray(b, dtype=float).view(np.int64))


@pytest.mark.parametrize("text", sorted({*PHYSIONET_HARD.values(), *(t for h in MOTICON_HARD.values()
                                                                        for t in h.values())}))
def test_each_hard_case_is_one_pandas_rounds_wrongly_with_a_sign(text):
    """Else the tests below could not fail."""
    assert pd.to_numeric(pd.Series(["+" + text, "1.5"]))[0] != float(text)


@pytest.mark.parametrize("name", sorted(MOTICON_FILES))
def test_a_signed_moticon_export_imports_to_the_same_session_as_unsigned(tmp_path, name):
    plain, signed, _ = _moticon_files(tmp_path, name)
    want = recording_digest("moticon", plain, None)
    assert "error" not in want
    assert recording_digest("moticon", signed, None) == want


def test_a_signed_moticon_export_is_streamed_to_the_same_session_as_unsigned(tmp_path):
    """walk_data_with_events.txt streams (230927_102114.txt does not: its time axis skips samples, and the
    whole-file reading adds rows there)."""
    plain, signed, _ = _moticon_files(tmp_path, MOTICON_EVENTS.name)
    streamed = stream_moticon(signed, tmp_path / "streamed" / "s")  # "s": the same session id
    assert streamed is not None
    whole = import_file("moticon", plain, tmp_path / "whole" / "s")
    assert session_dir_digest(streamed.path) == session_dir_digest(whole)


@pytest.mark.parametrize("name", sorted(MOTICON_FILES))
def test_signed_moticon_numbers_read_as_float_reads_them_fast_and_by_lines(tmp_path, name):
    _, signed, rows = _moticon_files(tmp_path, name)
    fast = moticon._parse_fast(signed)
    assert fast is not None  # the fast reading takes a '+'
    for parsed in (fast, moticon._parse_lines(signed)):
        assert _same_bits(parsed.t_s, _floats([r[0] for r in rows]))
        for j, values in parsed.col.items():
            assert _same_bits(values, _floats([r[j] for r in rows])), j


def test_a_signed_physionet_file_imports_to_the_same_session_as_unsigned(tmp_path):
    plain, signed, _ = _physionet_files(tmp_path)
    want = recording_digest("physionet", plain, None)
    assert "error" not in want
    assert recording_digest("physionet", signed, None) == want


def test_signed_physionet_numbers_read_as_float_reads_them_fast_and_by_lines(tmp_path):
    _, signed, rows = _physionet_files(tmp_path)
    want = np.array([_floats(r) for r in rows])
    fast = physionet._values_fast(signed)
    assert fast is not None  # the fast reading takes a '+'
    for values, line_numbers in (fast, physionet._values_lines(signed)):
        assert _same_bits(values, want)
        assert np.array_equal(line_numbers, np.arange(1, len(rows) + 1))


def test_without_plus_takes_off_one_plus_before_a_digit_or_point_and_nothing_else():
    """On random short texts of signs, digits, points and letters (seeded), as the rule says cell by cell."""
    from monitor.importers.text_checks import without_plus

    rng = np.random.default_rng(20261204)
    cells = np.array(["".join(rng.choice(list("++-.0123456789e na\u0661"), int(rng.integers(0, 6))))
                      for _ in range(20_000)])
    want = np.array([c[1:] if c[:1] == "+" and c[1:2] and c[1] in "0123456789." else c for c in cells])
    got = without_plus(cells)
    assert got.tolist() == want.tolist()
    assert np.count_nonzero(got != cells) > 500  # many cells were signed numbers (805)
    plain = np.array(["1.5", "", "-2"])
    assert without_plus(plain) is plain  # nothing signed: the same array, not a copy
