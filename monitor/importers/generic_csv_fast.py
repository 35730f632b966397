"""A clean generic CSV, quoted (RFC 4180) or not, read through pyarrow's C parser (monitor.importers.
fastread) a block at a time. Reads one file.

Each block's rows go straight into their foot's times (float64 s, shape (n,)) and pressures (float32 kPa,
shape (n, n_sensors), NaN where a cell is missing): the same header, times and pressures as the line
reading (monitor.importers.generic_csv_lines) gives, checked by the same rules (monitor.importers.
generic_csv_checks). A file this reading cannot vouch for gives None, and one with an error a
SessionFormatError: either way the line reading reads it, and words any error with its line.

One idea: the fast reading of a generic CSV, fastread's blocks put into each foot's arrays.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from monitor.importers.fastread import (
    CHUNK_BYTES,
    CleanText,
    NotClean,
    NumericAgreement,
    UnlistedNaN,
    cell_texts_with,
    csv_line_limit,
    lines_from,
    read_blocks,
    scan_text,
)
from monitor.importers.generic_csv_checks import (
    EARLIEST_T_S,
    MISSING_TEXTS,
    _check_increasing,
    _check_rate,
    _header_plan,
    _most_rows,
    _records,
    most_kpa,
)
from monitor.importers.generic_csv_layout import FOOT_COLUMN, TIME_COLUMN, _LayoutFile
from monitor.importers.text_checks import FLOAT32_LARGEST_KPA, ZERO_OFFSET_KPA
from monitor.session.info import LONGEST_SESSION_S

#: Cells read as missing by the fast reading: MISSING_TEXTS in every case (pyarrow matches them exactly;
#: a padded one sends the file to the line reading).
_NULL_TEXTS = sorted({"".join(c) for c in itertools.product(*[(ch, ch.upper()) for ch in "nan"])} | {""})


#: The most distinct cell texts holding ``nan`` that the fast reading takes as missing (a guess: a file
#: writes NaN one way or a few; more sends the file to the line reading).
MOST_NAN_TEXTS = 64


def _parse_fast(path: Path, layout: _LayoutFile) -> tuple[list[str], dict[str, np.ndarray],
                                                          dict[str, np.ndarray]] | None:
    """As :func:`_parse_lines`, through pyarrow, for a clean CSV, quoted or not (monitor.importers.fastread);
    None for any other. Raises SessionFormatError for a file with an error (read it by lines for the words).

    The rows are read a block at a time (fastread.read_blocks), each block's rows put straight into their
    foot's times (float64 s) and pressures (float32 kPa): what is held grows with the file by those alone,
    not by a float64 table of all its columns (docs/performance.md, "Import of a generic CSV").

    What pyarrow reads otherwise than the line reading, and how it is made the same:

    * a ``+`` before a number: pyarrow rounds it correctly, as the line reading does (it takes the sign
      off before pandas reads the number, monitor.importers.chunk_numbers);
    * a ``nan`` the line reading takes as missing but pyarrow matches to no null text (`` nan ``, ``\tNaN``):
      pyarrow reads it as NaN, as it does ``-nan`` or ``nan(1)``, which are errors. Where a NaN is read
      that is no null text, the file's cell texts holding ``nan`` are looked up (fastread.cell_texts_with),
      those the line reading takes as missing (MISSING_TEXTS, stripped, in any case) become null texts
      too, and the file is read again; a NaN still read then is an error, for the line reading to word;
    * a blank line written ``""`` (or spaces): one cell, not the header's count; left out, as the csv
      module's reading leaves it out (:func:`_blank_record`);
    * the rows of commas and blanks alone that end the file (``,,,,,,,,,``, as a spreadsheet saves the rows
      below its table): pyarrow would read them as rows without a time; the rows are read up to where they
      begin (:func:`_empty_rows_start`), as the line reading skips them. One between data rows is read, and
      sends the file to the line reading, which refuses it."""
    text = scan_text(path, latin1=False, max_line_bytes=csv_line_limit(), quote=b'"', count_lines=True)
    if text is None:
        return None
    found = _header_fast(text)
    if found is None:
        return None
    header, header_line, offset = found
    plan = _header_plan(path, header, header_line, layout)
    try:
        return _read_rows(path, layout, text, header, header_line, offset, plan, _NULL_TEXTS)
    except UnlistedNaN:
        pass
    texts = cell_texts_with(text, offset, "nan", delimiter=b",", most=MOST_NAN_TEXTS)
    if texts is None:
        return None
    listed = sorted(texts - set(_NULL_TEXTS))
    missing = [t for t, m in zip(listed, np.isin(np.char.lower(np.char.strip(np.array(listed, dtype=str))),
                                                 MISSING_TEXTS)) if m] if listed else []
    if not missing:
        return None
    try:
        return _read_rows(path, layout, text, header, header_line, offset, plan, [*_NULL_TEXTS, *missing])
    except UnlistedNaN:
        return None


def _read_rows(path: Path, layout: _LayoutFile, text: CleanText, header: list[str], header_line: int,
               offset: int, plan: tuple[dict[str, int], list[int]], null_texts: list[str],
               ) -> tuple[list[str], dict[str, np.ndarray], dict[str, np.ndarray]] | None:
    """:func:`_parse_fast`'s reading of the rows from byte ``offset`` on, a cell equal to one of
    ``null_texts`` missing. Raises UnlistedNaN where a NaN is read that is no null text."""
    index, sensor_idx = plan
    feet = list(layout.layouts)
    own = {foot: [index[c] for c in layout.columns[foot]] for foot in feet}
    others = {foot: sorted(set(sensor_idx) - set(own[foot])) for foot in feet}
    # no more rows than the lines after the header (_most_rows); np.empty: the system gives the pages only
    # where rows are written, so a foot's arrays take the room of its own rows
    max_rows = _most_rows(path, max(text.n_lines - header_line, 0), len(header))
    times = {foot: np.empty(max_rows) for foot in feet}
    pressure = {foot: np.empty((max_rows, len(own[foot])), dtype=np.float32) for foot in feet}
    n_rows = dict.fromkeys(feet, 0)
    ceiling_kpa = {foot: most_kpa(lay.kpa_per_count, lay.sample_bits, lay.calibrated)[0]
                   for foot, lay in layout.layouts.items()}
    time_agrees = NumericAgreement(1)
    agrees = {foot: NumericAgreement(len(own[foot])) for foot in feet}
    seen: set[str] = set()
    foot_j, time_j = index[FOOT_COLUMN], index[TIME_COLUMN]
    try:
        for block in read_blocks(text, offset, n_columns=len(header), delimiter=",", text_columns=[foot_j],
                                 null_texts=null_texts, quote_char='"' if text.quoted else None,
                                 skip_row=_blank_record, end=_empty_rows_start(text.path, offset)):
            numbers = block.numbers  # shape (n_columns, n), the foot column's row zeros
            t_s = numbers[time_j]
            if np.isnan(t_s).any() or np.any(t_s < EARLIEST_T_S) or np.any(t_s > LONGEST_SESSION_S):
                return None  # a time before the start or past any recording: bad input, the line reading words it
            time_agrees.add(numbers[time_j:time_j + 1])
            names, codes = np.unique(block.texts[foot_j], return_inverse=True)
            named = [str(name).strip().lower() for name in names]
            if not set(named) <= set(feet):
                return None
            seen.update(named)
            foot_of = np.array([feet.index(name) for name in named], dtype=np.intp)[codes]
            for k, foot in enumerate(feet):
                sel = np.flatnonzero(foot_of == k)
                n, m = n_rows[foot], sel.size
                if not m:
                    continue
                if n + m > max_rows or not np.isnan(numbers[np.ix_(others[foot], sel)]).all():
                    return None
                values = numbers[np.ix_(own[foot], sel)]  # shape (n_sensors, m)
                if (np.any(np.abs(values) > FLOAT32_LARGEST_KPA) or np.any(values < -ZERO_OFFSET_KPA)
                        or np.any(values > ceiling_kpa[foot])):
                    return None
                agrees[foot].add(values)
                times[foot][n:n + m] = t_s[sel]
                pressure[foot][n:n + m] = values.T  # float32 as astype rounds it
                n_rows[foot] = n + m
    except UnlistedNaN:
        raise
    except NotClean:
        return None
    if seen != set(feet) or not time_agrees.agrees() or not all(a.agrees() for a in agrees.values()):
        return None
    out_t: dict[str, np.ndarray] = {}
    out_p: dict[str, np.ndarray] = {}
    for foot, lay in layout.layouts.items():
        t_s = times[foot][:n_rows[foot]]
        _check_increasing(path, foot, t_s, np.zeros(t_s.size, dtype=int))
        _check_rate(layout, foot, t_s, lay.current_rate_hz)
        out_t[foot], out_p[foot] = t_s, pressure[foot][:n_rows[foot]]
    return header, out_t, out_p


#: The bytes of the rows a spreadsheet saves below its table (``,,,,,,,,,``) and of blank lines.
_EMPTY_ROW_BYTES = b", \t\r\n"


def _empty_rows_start(path: Path, offset: int) -> int | None:
    """The byte offset where the file's last lines of commas and blanks alone begin (the empty rows a
    spreadsheet saves below its table, which the line reading skips: generic_csv_checks._records), after the
    line that holds the last other byte, at ``offset`` at the earliest; None when none end the file. The
    file is read backwards from its end, a chunk at a time, until such a byte."""
    size = end = path.stat().st_size
    with open(path, "rb") as f:
        while end > offset:
            start = max(offset, end - CHUNK_BYTES)
            f.seek(start)
            chunk = f.read(end - start)
            kept = len(chunk.rstrip(_EMPTY_ROW_BYTES))
            if kept:  # the empty rows begin after the line break that ends this byte's line
                at = start + kept
                f.seek(at)
                while rest := f.read(CHUNK_BYTES):
                    line_end = rest.find(b"\n")
                    if line_end >= 0:
                        return None if at + line_end + 1 == size else at + line_end + 1
                    at += len(rest)
                return None
            end = start
    return offset


def _blank_record(row_text: str) -> bool:
    """Whether a row's text (as in the file) is a record the line reading leaves out as blank
    (generic_csv_checks._records): no cell, or one that is whitespace once read (``""``, ``" "``, spaces).
    A text over more than one line is not (a quoted field run over a line end is an error)."""
    if "\n" in row_text or "\r" in row_text:
        return False
    try:
        records = list(csv.reader([row_text]))
    except csv.Error:
        return False
    return all(not fields or (len(fields) == 1 and not fields[0].strip()) for fields in records)


def _header_fast(text: CleanText) -> tuple[list[str], int, int] | None:
    """The header as :func:`_parse_lines` reads it (the csv module), its 1-based line and the byte offset
    after it; None when there is none or it runs over a line end (a quote left open: the line reading
    words it)."""
    offset = text.start

    def lines() -> Iterator[str]:
        nonlocal offset
        for line, end in lines_from(text, text.start):
            offset = end  # the csv module reads a line only when its record needs it
            yield line + "\n"

    try:
        for start, line, fields in _records(csv.reader(lines())):
            if line != start:
                return None
            return [f.strip() for f in fields], line, offset
    except csv.Error:
        return None
    return None
