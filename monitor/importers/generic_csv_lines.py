"""A generic CSV read with the csv module, line by line, LINE_CHUNK_ROWS rows at a time: any file the
fast reading (monitor.importers.generic_csv_fast) declines, and any with an error, which is named with its
file and line. Reads one file.

It gives the header and, per foot, the times (float64 s, shape (n,)) and pressures (float32 kPa, shape
(n, n_sensors), NaN where a cell is missing), as the fast reading does. What is held grows with the file
by those and each row's line number (int64, shape (n,)) alone (docs/performance.md, "Import of a generic
CSV: memory"); a cell's value is the one pandas gives it in its whole column (monitor.importers.
chunk_numbers). Each check (monitor.importers.generic_csv_checks) notes its first failing line as the
chunks go, and the errors are raised once the whole file is read, in the order of the checks: a file gets
the error it would get were it read whole, wherever its chunks end.

One idea: the line-by-line reading of a generic CSV, in chunks of rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from monitor.codebook import FEET
from monitor.errors import SessionFormatError, quote
from monitor.importers.chunk_numbers import WholeColumn
from monitor.importers.generic_csv_checks import (
    EMPTY_ROW,
    MISSING_TEXTS,
    _check_empty,
    _check_increasing,
    _check_rate,
    _header_plan,
    _most_rows,
    _records,
    _refuse_time_before_start,
    most_kpa,
)
from monitor.importers.generic_csv_layout import FOOT_COLUMN, TIME_COLUMN, _LayoutFile
from monitor.importers.sniff import separator_hint, split_decimal_hint
from monitor.importers.text_checks import (
    FLOAT32_LARGEST_KPA,
    ZERO_OFFSET_KPA,
    _cannot_read,
    column_numbers,
    fail,
    refuse_beyond_insole,
    refuse_negative,
    refuse_time_past_end,
    text_line_bound,
)

#: Rows the line reading takes at a time (guess: the csv module's cells of 16,384 rows of an 18-column
#: file, as Python strings, are about 20 MB; the per-chunk cost vanishes at this size).
LINE_CHUNK_ROWS = 16384


def _parse_lines(path: Path, layout: _LayoutFile) -> tuple[list[str], dict[str, np.ndarray],
                                                           dict[str, np.ndarray]]:
    """The header, and per foot the times (s) and pressures (float32 kPa, NaN where missing), read with
    the csv module line by line: every error named with its line.

    The rows are read LINE_CHUNK_ROWS at a time, each chunk's rows put into their foot's times, line
    numbers and float32 pressures: what is held grows with the file by those alone, as the fast reading's
    (docs/performance.md, "Import of a generic CSV: memory"). Each check notes its first failing line as
    the chunks go; the errors are raised once the whole file is read, in the order of the checks, so that
    a file gets the error it would get were it read whole, wherever its chunks end."""
    max_lines = text_line_bound(path)
    header: list[str] | None = None
    header_line, n_records = 1, 0
    rows: _LineRows | None = None
    plan_error: SessionFormatError | None = None
    count_error: SessionFormatError | None = None
    chunk: list[tuple[int, list[str]]] = []
    try:  # text_line_bound found the file UTF-8 and readable; one written on since may be neither
        with open(path, encoding="utf-8-sig", newline="") as f:  # the text decode_text gives, a BOM dropped
            reader = csv.reader(f)
            try:
                for start, line, fields in _records(reader):
                    if line != start:
                        raise fail(path, start, f"a quoted field runs on to line {line} (a quote left open?)")
                    if header is None:
                        header, header_line = [f.strip() for f in fields], line
                        try:
                            rows = _LineRows(path, layout, header, *_header_plan(path, header, line, layout),
                                             max_rows=_most_rows(path, max_lines, len(header)))
                        except SessionFormatError as exc:  # said once the file is read: a CSV error comes first
                            plan_error = exc
                        continue
                    n_records += 1
                    if rows is None or count_error is not None:
                        continue  # an error is found: the rest is read for an earlier error of the csv module
                    if not any(f.strip() for f in fields):  # _records gives one only before another row
                        count_error = fail(path, line, EMPTY_ROW)
                        continue
                    if len(fields) != len(header):
                        hint = separator_hint(",".join(fields), ",") or split_decimal_hint(fields, len(header))
                        count_error = fail(path, line, f"expected {len(header)} cells (as the header on line "
                                                       f"{header_line}), found {len(fields)}{hint}")
                        continue
                    chunk.append((line, fields))
                    if len(chunk) == LINE_CHUNK_ROWS:
                        rows.add(chunk)
                        chunk = []
            except csv.Error as exc:
                raise fail(path, reader.line_num, f"not CSV ({exc})") from None
    except UnicodeDecodeError:
        raise fail(path, None, "not UTF-8 any more: it changed while it was read (import it once it is "
                               "written)") from None
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    if header is None or not n_records:
        raise fail(path, header_line, "a header row but no data rows")
    if plan_error is not None:
        raise plan_error
    if count_error is not None:
        raise count_error
    assert rows is not None
    if chunk:
        rows.add(chunk)
    times, pressure = rows.result()
    return header, times, pressure


class _LineRows:
    """The line reading's rows, a chunk at a time (:meth:`add`): each foot's times, line numbers and
    float32 pressures, and the first failure of each check; :meth:`result` raises the first failure in
    the checks' order, or gives the feet's times and pressures."""

    def __init__(self, path: Path, layout: _LayoutFile, header: list[str], index: dict[str, int],
                 sensor_idx: list[int], *, max_rows: int) -> None:
        self.path, self.layout, self.header, self.index = path, layout, header, index
        feet = list(layout.layouts)
        self.own = {foot: [index[c] for c in layout.columns[foot]] for foot in feet}
        self.others = {foot: sorted(set(sensor_idx) - set(self.own[foot])) for foot in feet}
        # np.empty: the system gives the pages only where rows are written (as _parse_fast's arrays)
        self.times = {foot: np.empty(max_rows) for foot in feet}
        self.lines = {foot: np.empty(max_rows, dtype=np.int64) for foot in feet}
        self.pressure = {foot: np.empty((max_rows, len(self.own[foot])), dtype=np.float32) for foot in feet}
        self.n_rows = dict.fromkeys(feet, 0)
        self.time_reading = WholeColumn()
        self.readings = {foot: [WholeColumn() for _ in self.own[foot]] for foot in feet}
        self.seen: set[str] = set()
        self.first: dict[Any, SessionFormatError] = {}  # check -> its first failure

    def _note(self, check: Any, error: SessionFormatError | None) -> None:
        if error is not None and check not in self.first:
            self.first[check] = error

    def _try(self, check: Any, fn, *args, **kwargs) -> None:
        """Run a check that raises; note its failure."""
        if check in self.first:
            return
        try:
            fn(*args, **kwargs)
        except SessionFormatError as exc:
            self.first[check] = exc

    def add(self, chunk: list[tuple[int, list[str]]]) -> None:
        """Take a chunk of records, (1-based line, its cells, as many as the header's), in the file's order."""
        path, index, layout = self.path, self.index, self.layout
        rows = np.array([fields for _, fields in chunk], dtype=str)
        line_numbers = np.array([line for line, _ in chunk], dtype=np.int64)
        foot_cells = np.char.lower(np.char.strip(rows[:, index[FOOT_COLUMN]]))
        bad = np.flatnonzero(~np.isin(foot_cells, list(FEET)))
        if bad.size:
            i = int(bad[0])
            hint = separator_hint(",".join(rows[i]), ",")  # 0,5;left;132,7 split at its decimal commas
            self._note("foot", fail(path, int(line_numbers[i]), f"foot {quote(rows[i, index[FOOT_COLUMN]])} is "
                                                                 f"not 'left' or 'right'{hint}"))
        for foot in FEET:
            has = np.flatnonzero(foot_cells == foot)
            if has.size:
                self.seen.add(foot)
                if foot not in layout.layouts:
                    self._note(("no layout", foot), fail(path, int(line_numbers[has[0]]),
                                                         f"a {foot} row, but {layout.path} has no {foot} layout"))
        t_all, not_number, _ = column_numbers(path, rows[:, index[TIME_COLUMN]], line_numbers, TIME_COLUMN,
                                              allow_empty=False,
                                              to_float=lambda s: self.time_reading.read(s, line_numbers))
        self._note("time", not_number)
        self._try("time before start", _refuse_time_before_start, path, t_all, line_numbers)
        self._try("time past end", refuse_time_past_end, path, t_all, line_numbers, TIME_COLUMN)
        for foot, lay in layout.layouts.items():
            sel = np.flatnonzero(foot_cells == foot)
            n, m = self.n_rows[foot], sel.size
            if not m:
                continue
            lines = line_numbers[sel]
            room = self.times[foot].shape[0]
            if n + m > room:  # reserved for the rows the file held when first read: it grew since
                raise fail(path, int(lines[room - n]), f"more {foot} rows than the file could hold when its "
                                                       "reading began: it changed while it was read (import it "
                                                       "once it is written)")
            self.times[foot][n:n + m] = t_all[sel]
            self.lines[foot][n:n + m] = lines
            others = self.others[foot]
            self._try(("empty", foot), _check_empty, path, foot, rows[np.ix_(sel, others)], lines,
                      [self.header[j] for j in others],
                      f"{layout.path} gives the {foot} foot {lay.n_sensors} sensor column(s), "
                      f"{layout.columns[foot][0]} .. {layout.columns[foot][-1]}")
            cells = rows[np.ix_(sel, self.own[foot])]
            cells = np.where(np.isin(np.char.lower(np.char.strip(cells)), MISSING_TEXTS), "", cells)
            values = np.empty(cells.shape)
            at = np.arange(n, n + m)
            names = layout.columns[foot]
            for j, reading in enumerate(self.readings[foot]):
                values[:, j], not_number, beyond = column_numbers(
                    path, cells[:, j], lines, names[j], allow_empty=True, largest=FLOAT32_LARGEST_KPA,
                    beyond_what="the largest value a frames table (float32 kPa) holds",
                    to_float=lambda s, r=reading: r.read(s, at))
                self._note(("not a number", foot, j), not_number)
                self._note(("beyond", foot, j), beyond)
            self._try(("negative", foot), refuse_negative, path, values, lines, names, floor=-ZERO_OFFSET_KPA,
                      unit="kPa")
            ceiling, why = most_kpa(lay.kpa_per_count, lay.sample_bits, lay.calibrated)
            self._try(("above", foot), refuse_beyond_insole, path, values, lines, names, ceiling=ceiling,
                      unit="kPa", why=why)
            with np.errstate(over="ignore"):  # a value beyond float32 is an error noted above
                self.pressure[foot][n:n + m] = values  # float32 as astype rounds it
            self.n_rows[foot] = n + m

    def result(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Per foot its times (s, shape (n,)) and float32 pressures (kPa, shape (n, n_sensors)); raises the
        first failure, in the order of the checks."""
        first, layout = self.first, self.layout
        if "foot" in first:
            raise first["foot"]
        for foot in FEET:
            if ("no layout", foot) in first:
                raise first[("no layout", foot)]
            if foot in layout.layouts and foot not in self.seen:
                raise fail(self.path, None, f"no {foot} rows, but {layout.path} declares a {foot} foot")
        for check in ("time", "time before start", "time past end"):
            if check in first:
                raise first[check]
        times: dict[str, np.ndarray] = {}
        pressure: dict[str, np.ndarray] = {}
        kept_times = self.time_reading.kept_values()  # by line number: each foot finds its rows
        for foot, lay in layout.layouts.items():
            n = self.n_rows[foot]
            t_s, lines = self.times[foot][:n], self.lines[foot][:n]
            for at_lines, values in kept_times:
                k = np.searchsorted(lines, at_lines).clip(max=n - 1)
                mine = lines[k] == at_lines
                t_s[k[mine]] = values[mine]
            _check_increasing(self.path, foot, t_s, lines)
            _check_rate(layout, foot, t_s, lay.current_rate_hz)
            if ("empty", foot) in first:
                raise first[("empty", foot)]
            for j in range(len(self.own[foot])):
                for check in ("not a number", "beyond"):
                    if (check, foot, j) in first:
                        raise first[(check, foot, j)]
            for check in ("negative", "above"):
                if (check, foot) in first:
                    raise first[(check, foot)]
            times[foot], pressure[foot] = t_s, self.pressure[foot][:n]
            for j, reading in enumerate(self.readings[foot]):
                reading.put(pressure[foot][:, j])
        return times, pressure
