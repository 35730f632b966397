"""Any insole's data as a generic CSV plus a layout JSON -> ImportedRecording. Pure parsing.

The format is docs/import-csv.md: a CSV with a header row (``t_s``, ``foot``, then one column per sensor in
kPa; an empty cell is missing, never 0; the feet may be interleaved or one after the other, each foot's
``t_s`` strictly increasing) and a layout JSON that says, per foot, where each sensor is (the anatomical
frame of docs/protocol.md), its area, its region label and the foot's sample rate. ``solewatch export``
writes the CSV side of it from any session (monitor.session.export).

Each foot keeps its own time axis (``ImportedRecording.foot_t_s``): two insoles are rarely sampled at the
same instants, and a recorded session's feet never are.

One idea: a generic CSV and its layout to an ImportedRecording. The layout is checked here; a clean CSV,
quoted (RFC 4180) or not, is read through pyarrow's C parser (monitor.importers.fastread), any other and
any with an error with the csv module, line by line; both end in the same per-foot times and pressures.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from monitor.codebook import (
    FEET,
    REGION_CODES,
    MIN_AREA_MM2,
    LayoutError,
    SensorLayout,
    sensor_columns,
)
from monitor.errors import SessionFormatError, quote
from monitor.importers.base import ImportedRecording, fill_time_jumps, never_sampled_caveat
from monitor.importers.chunk_numbers import WholeColumn
from monitor.importers.fastread import (
    CleanText,
    NotClean,
    NumericAgreement,
    csv_line_limit,
    lines_from,
    read_blocks,
    scan_text,
)
from monitor.importers.sniff import separator_hint, wrong_format
from monitor.importers.text_checks import (
    FLOAT32_LARGEST_KPA,
    MOST_KPA,
    ZERO_OFFSET_KPA,
    column_numbers,
    decode_text,
    fail,
    read_bytes,
    refuse_beyond_insole,
    refuse_negative,
    text_line_bound,
    zero_offsets,
)
from monitor.session.info import SESSION_ACTIVITIES, DeviceInfo
from monitor.util.textfiles import json_problem, parse_json

FORMAT = "csv"
TIME_COLUMN = "t_s"
FOOT_COLUMN = "foot"
#: The most sensors one foot of an imported recording may have: a Tekscan F-Scan insole has ~960 sensels,
#: a pedar-X 99 [51] [2] (domain.md section 4). The wire format's own limit (docs/protocol.md, 64) binds
#: live insoles only.
MAX_SENSORS = 1024
#: Highest sample rate accepted (Hz), as docs/protocol.md's rates.
MAX_RATE_HZ = 1000
#: ``kpa_per_count`` of a layout that gives no ``resolution_kpa``: a placeholder, the CSV carries kPa.
DEFAULT_RESOLUTION_KPA = 0.01
#: How far a foot's median time step may be from 1 / rate_hz before the layout's rate is called wrong
#: (a guess: clocks drift well under 1 %, a wrong rate is off by 50 % or more).
RATE_TOLERANCE = 0.05
#: Cell texts read as missing besides the empty cell (what numpy and many tools write for NaN).
MISSING_TEXTS = ("", "nan")

_TOP_FIELDS = {"feet", "label", "activity", "start_utc", "caveats"}
_FOOT_REQUIRED = ("rate_hz", "x", "y", "area_mm2", "regions")
_FOOT_FIELDS = set(_FOOT_REQUIRED) | {"columns", "positions_inferred", "resolution_kpa", "device"}
_DEVICE_FIELDS = ("address", "name", "manufacturer", "model", "serial", "firmware")


class _LayoutFile:
    """What a layout JSON says, validated: per-foot SensorLayout, column names, devices; session fields."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = _load_json(path)
        if not isinstance(data, dict):
            raise self.error("", "the layout must be a JSON object")
        unknown = sorted(set(data) - _TOP_FIELDS)
        if unknown:
            raise self.error(unknown[0], f"unknown field (known: {', '.join(sorted(_TOP_FIELDS))})")
        feet = data.get("feet")
        if not isinstance(feet, dict) or not feet:
            raise self.error("feet", "missing, or not an object with a 'left' and/or 'right' entry")
        for foot in feet:
            if foot not in FEET:
                raise self.error(f"feet.{foot}", "a foot is 'left' or 'right'")
        self.layouts: dict[str, SensorLayout] = {}
        self.columns: dict[str, list[str]] = {}
        self.devices: dict[str, DeviceInfo] = {}
        for foot in FEET:
            if foot in feet:
                self._foot(foot, feet[foot])
        self.label = self._text(data, "label")
        self.activity = self._text(data, "activity") or "unknown"
        if self.activity not in SESSION_ACTIVITIES:  # a misspelt one would be ignored: recognised instead
            raise self.error("activity", f"{quote(self.activity)} is not an activity (one of "
                                         f"{', '.join(SESSION_ACTIVITIES)})")
        self.start_utc = _start_utc(self, data.get("start_utc", ""))
        caveats = data.get("caveats", [])
        if not isinstance(caveats, list) or not all(isinstance(c, str) for c in caveats):
            raise self.error("caveats", "a list of strings")
        self.caveats = list(caveats)

    def error(self, field: str, message: str) -> SessionFormatError:
        where = f"field {field}: " if field else ""
        return SessionFormatError(f"{self.path}: {where}{message}")

    def _text(self, data: dict[str, Any], name: str) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise self.error(name, "a string")
        return value

    def _foot(self, foot: str, d: Any) -> None:
        at = f"feet.{foot}"
        if not isinstance(d, dict):
            raise self.error(at, "an object")
        for name in _FOOT_REQUIRED:
            if name not in d:
                raise self.error(f"{at}.{name}", "missing")
        unknown = sorted(set(d) - _FOOT_FIELDS)
        if unknown:
            known = ", ".join(sorted(_FOOT_FIELDS))
            raise self.error(f"{at}.{unknown[0]}", f"unknown field (known: {known})")
        rate = d["rate_hz"]
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not float(rate).is_integer() \
                or not 1 <= rate <= MAX_RATE_HZ:
            raise self.error(f"{at}.rate_hz", f"a whole number of Hz from 1 to {MAX_RATE_HZ}, not {rate!r}")
        x = self._numbers(d, at, "x", -0.5, 0.5)
        n = len(x)
        if not 1 <= n <= MAX_SENSORS:
            raise self.error(f"{at}.x", f"{n} sensors; a foot has 1 to {MAX_SENSORS}")
        y = self._numbers(d, at, "y", 0.0, 1.0, n)
        area = self._numbers(d, at, "area_mm2", 0.0, math.inf, n)
        if any(a < MIN_AREA_MM2 for a in area):
            raise self.error(f"{at}.area_mm2", f"every area must be at least {MIN_AREA_MM2:g} mm² (session.json "
                                               "keeps three decimals)")
        regions = self._strings(d, at, "regions", n)
        bad = sorted({r for r in regions if r not in REGION_CODES})
        if bad:
            labels = ", ".join(map(repr, bad))
            raise self.error(f"{at}.regions", f"unknown region label(s) {labels} (the labels are "
                                              "docs/protocol.md's region table)")
        columns = self._strings(d, at, "columns", n) if "columns" in d else sensor_columns(n)
        for name in columns:
            if name in (TIME_COLUMN, FOOT_COLUMN) or not name.strip():
                raise self.error(f"{at}.columns", f"{name!r} cannot name a sensor column")
        if len(set(columns)) != n:
            raise self.error(f"{at}.columns", "a column is named twice")
        inferred = d.get("positions_inferred", False)
        if not isinstance(inferred, bool):
            raise self.error(f"{at}.positions_inferred", "true or false")
        resolution = d.get("resolution_kpa", DEFAULT_RESOLUTION_KPA)
        if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or not resolution > 0:
            raise self.error(f"{at}.resolution_kpa", "a number above 0")
        try:
            self.layouts[foot] = SensorLayout(
                side=foot, x=x, y=y, area_mm2=area, regions=regions, kpa_per_count=float(resolution),
                rates_hz=(int(rate),), current_rate_hz=int(rate), sample_bits=16, positions_inferred=inferred)
        except LayoutError as exc:
            raise self.error(at, str(exc)) from None
        self.columns[foot] = list(columns)
        self.devices[foot] = self._device(foot, d.get("device", {}))

    def _numbers(self, d: dict, at: str, name: str, lo: float, hi: float,
                 n: int | None = None) -> list[float]:
        v = d[name]
        if not isinstance(v, list) or not all(isinstance(e, (int, float)) and not isinstance(e, bool)
                                              for e in v):
            raise self.error(f"{at}.{name}", "a list of numbers")
        if n is not None and len(v) != n:
            raise self.error(f"{at}.{name}", f"{len(v)} values for {n} sensors (x has {n})")
        for i, e in enumerate(v):
            if not lo <= e <= hi:
                raise self.error(f"{at}.{name}[{i}]", f"{e!r} is outside {lo:g} .. {hi:g}")
        return [float(e) for e in v]

    def _strings(self, d: dict, at: str, name: str, n: int) -> list[str]:
        v = d[name]
        if not isinstance(v, list) or not all(isinstance(e, str) for e in v):
            raise self.error(f"{at}.{name}", "a list of strings")
        if len(v) != n:
            raise self.error(f"{at}.{name}", f"{len(v)} values for {n} sensors (x has {n})")
        return list(v)

    def _device(self, foot: str, d: Any) -> DeviceInfo:
        at = f"feet.{foot}.device"
        if not isinstance(d, dict):
            raise self.error(at, "an object")
        unknown = sorted(set(d) - set(_DEVICE_FIELDS) - {"battery_pct"})
        if unknown:
            raise self.error(f"{at}.{unknown[0]}", f"unknown field (known: {', '.join(_DEVICE_FIELDS)})")
        for name in _DEVICE_FIELDS:
            if not isinstance(d.get(name, ""), str):
                raise self.error(f"{at}.{name}", "a string")
        battery = d.get("battery_pct")
        if battery is not None and (isinstance(battery, bool) or not isinstance(battery, int)):
            raise self.error(f"{at}.battery_pct", "a whole number or null")
        return DeviceInfo(**{"address": "", **d})


def _load_json(path: Path) -> Any:
    text = decode_text(path, read_bytes(path), latin1=False)
    if not text.strip():
        raise fail(path, None, "empty (expected the layout JSON object of docs/import-csv.md)")
    try:
        return parse_json(text)
    except ValueError as exc:
        raise SessionFormatError(f"{path}: {json_problem(exc)}") from None


#: Room a start time must leave before the calendar's end for the recording's end time (guess: far
#: longer than any recording an insole holds).
_LONGEST_RECORDING_DAYS = 366


def _start_utc(layout: _LayoutFile, value: Any) -> str:
    if value in ("", None):
        return ""
    if isinstance(value, str):
        try:
            t = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            t = None
        if t is not None and t.tzinfo is not None:
            try:  # a time near the calendar's ends may have no UTC, or no end time, in datetime's years 1-9999
                utc = t.astimezone(timezone.utc)
                utc + timedelta(days=_LONGEST_RECORDING_DAYS)
            except OverflowError:
                raise layout.error("start_utc", f"{value!r} is too close to the end of the calendar (years "
                                                "1 to 9999)") from None
            return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    raise layout.error("start_utc", f"{value!r} is not an ISO 8601 time with a zone, e.g. "
                                    "2024-05-01T09:30:00.000Z")


def read_layout(path: str | Path) -> tuple[dict[str, SensorLayout], dict[str, list[str]]]:
    """Validate a layout JSON on its own; return (layouts per foot, CSV column names per foot)."""
    lay = _LayoutFile(Path(path))
    return lay.layouts, lay.columns


def read_generic_csv(path: str | Path, layout_path: str | Path) -> ImportedRecording:
    """Parse a generic CSV (docs/import-csv.md) with its layout JSON.

    Raises SessionFormatError naming the file and line for a malformed CSV (a header without ``t_s`` or
    ``foot`` or with a column no layout declares, a row with the wrong number of cells, a foot that is not
    left/right or has no layout, a cell that is not a number, a time that does not increase within its
    foot, a time before EARLIEST_T_S (TIME_FROM_START), a value in a column of the other foot, a pressure below 0 by more than a zero offset,
    text_checks.ZERO_OFFSET_KPA; one within it is read as 0 and said in a caveat; a pressure above any
    insole's, text_checks.MOST_KPA) and the file and field for a layout that breaks the
    rules; a JSON syntax error names the line.
    """
    path, layout_path = Path(path), Path(layout_path)
    other = wrong_format(path, FORMAT)
    if other is not None:  # said from the file's opening, before a large export is parsed line by line
        raise other
    layout = _LayoutFile(layout_path)
    try:
        parsed = _parse_fast(path, layout)
    except (SessionFormatError, OSError):
        parsed = None
    header, times, pressure = parsed if parsed is not None else _parse_lines(path, layout)

    caveats = [*layout.caveats]
    for foot, lay in layout.layouts.items():
        offsets = zero_offsets(pressure[foot], foot, floor=-ZERO_OFFSET_KPA, unit="kPa")
        if offsets:
            caveats.append(offsets)
        if lay.positions_inferred:
            caveats.append(f"{foot}: {layout_path.name} marks the sensor positions as inferred")
        never = never_sampled_caveat(foot, pressure[foot], layout.columns[foot])
        if never:
            caveats.append(never)
        frac = float(np.isnan(pressure[foot]).all(axis=1).mean())
        if frac > 0:
            caveats.append(f"{foot}: {frac:.1%} of the file's {foot} rows have no sample (empty cells: kept "
                           "as missing)")
    rates = [lay.current_rate_hz for lay in layout.layouts.values()]
    return fill_time_jumps(ImportedRecording(
        format=FORMAT, path=path, t_s=np.unique(np.concatenate(list(times.values()))), pressure_kpa=pressure,
        layouts=dict(layout.layouts), rate_hz=max(rates), devices=dict(layout.devices),
        start_utc=layout.start_utc, header={"layout": layout_path.name, "columns": ",".join(header)},
        caveats=caveats, foot_t_s=times, activity=layout.activity, label=layout.label))


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
                if len(fields) != len(header):
                    hint = separator_hint(",".join(fields), ",")
                    count_error = fail(path, line, f"expected {len(header)} cells (as the header on line "
                                                   f"{header_line}), found {len(fields)}{hint}")
                    continue
                chunk.append((line, fields))
                if len(chunk) == LINE_CHUNK_ROWS:
                    rows.add(chunk)
                    chunk = []
        except csv.Error as exc:
            raise fail(path, reader.line_num, f"not CSV ({exc})") from None
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


def _most_rows(path: Path, n_lines: int, n_columns: int) -> int:
    """The most data rows ``path`` can hold, for reserving each foot's arrays: no more than ``n_lines``,
    nor than its size allows, a row of the header's ``n_columns`` cells taking ``n_columns - 1`` commas at
    least (by lines alone, a file of blank lines and a wide layout reserved more than a host has)."""
    return min(n_lines, path.stat().st_size // max(n_columns - 1, 1) + 1)


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
            self._note("foot", fail(path, int(line_numbers[i]), f"foot {quote(rows[i, index[FOOT_COLUMN]])} is "
                                                                 "not 'left' or 'right'"))
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
        for foot, lay in layout.layouts.items():
            sel = np.flatnonzero(foot_cells == foot)
            n, m = self.n_rows[foot], sel.size
            if not m:
                continue
            lines = line_numbers[sel]
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
            self._try(("above", foot), refuse_beyond_insole, path, values, lines, names, ceiling=MOST_KPA,
                      unit="kPa")
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
        for check in ("time", "time before start"):
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


#: Cells read as missing by the fast reading: MISSING_TEXTS in every case (pyarrow matches them exactly;
#: a padded one sends the file to the line reading).
_NULL_TEXTS = sorted({"".join(c) for c in itertools.product(*[(ch, ch.upper()) for ch in "nan"])} | {""})


def _parse_fast(path: Path, layout: _LayoutFile) -> tuple[list[str], dict[str, np.ndarray],
                                                          dict[str, np.ndarray]] | None:
    """As :func:`_parse_lines`, through pyarrow, for a clean CSV, quoted or not (monitor.importers.fastread);
    None for any other. Raises SessionFormatError for a file with an error (read it by lines for the words).

    The rows are read a block at a time (fastread.read_blocks), each block's rows put straight into their
    foot's times (float64 s) and pressures (float32 kPa): what is held grows with the file by those alone,
    not by a float64 table of all its columns (docs/performance.md, "Import of a generic CSV")."""
    text = scan_text(path, latin1=False, max_line_bytes=csv_line_limit(), quote=b'"', count_lines=True)
    if text is None:
        return None
    found = _header_fast(text)
    if found is None:
        return None
    header, header_line, offset = found
    if text.last_sign >= offset:
        return None
    index, sensor_idx = _header_plan(path, header, header_line, layout)
    feet = list(layout.layouts)
    own = {foot: [index[c] for c in layout.columns[foot]] for foot in feet}
    others = {foot: sorted(set(sensor_idx) - set(own[foot])) for foot in feet}
    # no more rows than the lines after the header (_most_rows); np.empty: the system gives the pages only
    # where rows are written, so a foot's arrays take the room of its own rows
    max_rows = _most_rows(path, max(text.n_lines - header_line, 0), len(header))
    times = {foot: np.empty(max_rows) for foot in feet}
    pressure = {foot: np.empty((max_rows, len(own[foot])), dtype=np.float32) for foot in feet}
    n_rows = dict.fromkeys(feet, 0)
    time_agrees = NumericAgreement(1)
    agrees = {foot: NumericAgreement(len(own[foot])) for foot in feet}
    seen: set[str] = set()
    foot_j, time_j = index[FOOT_COLUMN], index[TIME_COLUMN]
    try:
        for block in read_blocks(text, offset, n_columns=len(header), delimiter=",", text_columns=[foot_j],
                                 null_texts=_NULL_TEXTS, quote_char='"' if text.quoted else None):
            numbers = block.numbers  # shape (n_columns, n), the foot column's row zeros
            t_s = numbers[time_j]
            if np.isnan(t_s).any() or np.any(t_s < EARLIEST_T_S):
                return None  # a time before the start: bad input, the line reading words it
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
                        or np.any(values > MOST_KPA)):
                    return None
                agrees[foot].add(values)
                times[foot][n:n + m] = t_s[sel]
                pressure[foot][n:n + m] = values.T  # float32 as astype rounds it
                n_rows[foot] = n + m
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


def _records(reader) -> Iterator[tuple[int, int, list[str]]]:
    """The records of a ``csv.reader`` that are not blank, as (the 1-based line each starts on, the line it
    ends on, its cells): a quoted field that runs over a line end ends on a later line."""
    line = 0
    for fields in reader:
        start, line = line + 1, reader.line_num
        if fields and (len(fields) > 1 or fields[0].strip()):
            yield start, line, fields


#: What a header without ``t_s`` or ``foot`` is told: the two columns every file names so.
COLUMNS_NAMED = "name the time column t_s, in seconds from the start, and the foot column foot, left or right"


def _header_plan(path: Path, header: list[str], line: int, layout: _LayoutFile) -> tuple[dict[str, int],
                                                                                          list[int]]:
    """Column name -> index in the header, and the indices of all the sensor columns."""
    index: dict[str, int] = {}
    for j, name in enumerate(header):
        if not name:
            trailing = " (a trailing comma?)" if not any(header[j:]) else ""
            raise fail(path, line, f"column {j + 1} of the header has no name{trailing}; every column is t_s, foot or "
                                   "a sensor column of the layout (docs/import-csv.md)")
        if name in index:
            raise fail(path, line, f"column {name!r} appears twice in the header")
        index[name] = j
    for name in (TIME_COLUMN, FOOT_COLUMN):
        if name not in index:
            hint = separator_hint(",".join(header), ",")
            named = "" if hint else f"{COLUMNS_NAMED}: "  # a file cut at another separator names them
            raise wrong_format(path, FORMAT) or fail(path, line, f"no {name!r} column in the header{hint} "
                                                                 f"({named}docs/import-csv.md)")
    declared = {c for cols in layout.columns.values() for c in cols}
    for name in header:
        if name not in declared and name not in (TIME_COLUMN, FOOT_COLUMN):
            raise fail(path, line, f"column {name!r} is no sensor column of {layout.path}")
    for foot, cols in layout.columns.items():
        missing = [c for c in cols if c not in index]
        if missing:
            raise fail(path, line, f"no column {missing[0]!r} ({foot} sensor {cols.index(missing[0])} in "
                                   f"{layout.path})")
    return index, sorted(index[c] for c in declared)


#: The earliest ``t_s`` taken (s). ``t_s`` counts from the start of the recording, as a Moticon export's
#: and a gaitpdb file's time does, and the analysis counts session seconds from 0 (monitor.analysis.
#: per_second leaves frames before 0 out): a ride shifted to -2000 s gave none of its alerts. But a
#: recording's first notification can hold frames sampled just before it began (8 frames at 100 Hz span
#: 70 ms), and a recorded session's own export holds them, so a little before 0 is taken as such a
#: session keeps it (1 s: guess, more than any notification of docs/devices.md spans).
EARLIEST_T_S = -1.0
TIME_FROM_START = ("t_s is seconds from the start of the recording, 0, and only a recording's first frames "
                   "come before it: shift the file's times to start there")


def _refuse_time_before_start(path: Path, t_s: np.ndarray, line_numbers: np.ndarray) -> None:
    """Raise ``PATH: line N: t_s T s is before -1 s (...)`` for the first row of the file (both feet;
    ``t_s`` s, shape (n_rows,)) whose time is before :data:`EARLIEST_T_S`."""
    below = np.flatnonzero(t_s < EARLIEST_T_S)
    if below.size:
        i = int(below[0])
        raise fail(path, int(line_numbers[i]), f"t_s {t_s[i]:g} s is before {EARLIEST_T_S:g} s ({TIME_FROM_START})")


def _check_increasing(path: Path, foot: str, t_s: np.ndarray, lines: np.ndarray) -> None:
    back = np.flatnonzero(~(np.diff(t_s) > 0))
    if back.size:
        i = int(back[0]) + 1
        raise fail(path, int(lines[i]), f"t_s {t_s[i]:g} s does not come after the previous {foot} row's "
                                        f"{t_s[i - 1]:g} s (line {int(lines[i - 1])})")


def _check_rate(layout: _LayoutFile, foot: str, t_s: np.ndarray, rate_hz: int) -> None:
    if t_s.size < 3:
        return
    step_s = float(np.median(np.diff(t_s)))
    if abs(step_s * rate_hz - 1.0) > RATE_TOLERANCE:
        # a step a thousand times the layout's period: the rate is right, the times are in ms
        in_ms = abs(step_s * rate_hz / 1000.0 - 1.0) <= RATE_TOLERANCE
        ms = "; is t_s in milliseconds? (it is seconds)" if in_ms else ""
        raise layout.error(f"feet.{foot}.rate_hz", f"{rate_hz} Hz, but the {foot} rows of the CSV step by "
                                                   f"{step_s:.6g} s ({1.0 / step_s:.4g} Hz) in the median{ms}")


def _check_empty(path: Path, foot: str, cells: np.ndarray, lines: np.ndarray, names: list[str],
                 own: str) -> None:
    """Cells of columns that are not ``foot``'s sensors must be empty in ``foot``'s rows (``own``: what the
    layout gives the foot, for the message)."""
    if cells.size == 0:
        return
    filled = ~np.isin(np.char.lower(np.char.strip(cells)), MISSING_TEXTS)
    if filled.any():
        i, j = (int(k[0]) for k in np.nonzero(filled))
        raise fail(path, int(lines[i]), f"column {names[j]!r} is not a {foot} sensor, yet this {foot} row "
                                        f"has {quote(cells[i, j])} there (leave it empty; {own})")
