"""What a generic CSV's header and rows must be, checked alike by its two readings (the fast one,
monitor.importers.generic_csv_fast, and the line one, monitor.importers.generic_csv_lines), so that a
file is refused in the same words whichever reads it. Pure, but for a file's size (:func:`_most_rows`).

The header (:func:`_header_plan`): each column named once, ``t_s`` and ``foot`` among them, every other
column a sensor column of the layout and every sensor column of the layout present; it gives column name
-> index in the header, and the sensor columns' indices. The rows: ``t_s`` (s from the start of the
recording, float64, shape (n,)) no earlier than EARLIEST_T_S, strictly increasing within a foot, the rate
it steps at (from its span, time jumps left out: :func:`measured_rate_hz`) the layout's rate_hz within
RATE_TOLERANCE (a rate off it by more than RATE_NOTED is said in a caveat, :func:`rate_caveat`); a foot's
row leaves the other foot's columns empty (MISSING_TEXTS). Each row carries its 1-based line in the file
(int, shape (n,)), and a failure is a SessionFormatError naming the file and that line (a wrong rate: the
layout file and its field).

One idea: the header's and the rows' rules of docs/import-csv.md, shared by both readings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from monitor.errors import quote
from monitor.importers.empty_rows import empty_row_words
from monitor.importers.generic_csv_layout import FOOT_COLUMN, TIME_COLUMN, _LayoutFile
from monitor.importers.sniff import head_lines, separator_hint, wrong_format
from monitor.importers.text_checks import MOST_KPA, closest_name, fail
from monitor.session.info import EARLIEST_T_S

FORMAT = "csv"
#: How far the rate a foot's rows step at (measured_rate_hz: from their span) may be from rate_hz before
#: the layout's rate is called wrong (a guess: clocks drift well under 1 %, a wrong rate is off by 50 % or
#: more).
RATE_TOLERANCE = 0.05
#: Cell texts read as missing besides the empty cell (what numpy and many tools write for NaN).
MISSING_TEXTS = ("", "nan")


def _most_rows(path: Path, n_lines: int, n_columns: int) -> int:
    """The most data rows ``path`` can hold, for reserving each foot's arrays: no more than ``n_lines``,
    nor than its size allows, a row of the header's ``n_columns`` cells taking ``n_columns - 1`` commas at
    least (by lines alone, a file of blank lines and a wide layout reserved more than a host has)."""
    return min(n_lines, path.stat().st_size // max(n_columns - 1, 1) + 1)


def _records(reader) -> Iterator[tuple[int, int, list[str]]]:
    """The records of a ``csv.reader`` that are not blank, as (the 1-based line each starts on, the line it
    ends on, its cells): a quoted field that runs over a line end ends on a later line. Records whose every
    cell is empty (``,,,,,,,,,``: the rows a spreadsheet saves below its table) are left out at the end of
    the file; the first of those before another record is given, for the reader to refuse (EMPTY_ROW)."""
    line = 0
    held: tuple[int, int, list[str]] | None = None  # the first empty record since the last other one
    for fields in reader:
        start, line = line + 1, reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if not any(f.strip() for f in fields):
            held = held or (start, line, fields)
            continue
        if held is not None:
            yield held
            held = None
        yield start, line, fields


#: What a row whose every cell is empty, with data rows after it, is told.
EMPTY_ROW = empty_row_words("t_s and foot")


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
            raise fail(path, line, f"column {quote(name)} appears twice in the header")
        index[name] = j
    for name in (TIME_COLUMN, FOOT_COLUMN):
        if name not in index:
            hint = separator_hint(",".join(header), ",", head_lines(path))  # its rows: decimal commas?
            named = "" if hint else f"{COLUMNS_NAMED}: "  # a file cut at another separator names them
            raise wrong_format(path, FORMAT) or fail(path, line, f"no {name!r} column in the header{hint} "
                                                                 f"({named}docs/import-csv.md)")
    declared = {c for cols in layout.columns.values() for c in cols}
    for name in header:
        if name not in declared and name not in (TIME_COLUMN, FOOT_COLUMN):
            # a misspelt sensor column: the layout's column the header lacks that is most like it
            close = closest_name(name, [c for cols in layout.columns.values() for c in cols if c not in index])
            meant = f" (did you mean {quote(close)}?)" if close else ""
            raise fail(path, line, f"column {quote(name)} is no sensor column of {layout.path}{meant}")
    for foot, cols in layout.columns.items():
        missing = [c for c in cols if c not in index]
        if missing:
            raise fail(path, line, f"no column {quote(missing[0])} ({foot} sensor {cols.index(missing[0])} in "
                                   f"{layout.path})")
    return index, sorted(index[c] for c in declared)


TIME_FROM_START = ("t_s is seconds from the start of the recording, 0, and only a recording's first frames "
                   "come before it: shift the file's times to start there")


#: The most raw counts a recorded session's reading holds: its layout's ``sample_bits`` is 12 or 16
#: (monitor.codebook.SensorLayout), so at most 2**16 - 1.
MOST_COUNTS = 2**16 - 1


def most_kpa(resolution_kpa: float, sample_bits: int = 16, calibrated: bool = True) -> tuple[float, str]:
    """The highest pressure (kPa) a foot's CSV may hold, and why (for the error past it): text_checks.
    MOST_KPA, or, for a foot whose layout says ``calibrated`` false and whose ``resolution_kpa`` (a
    recording's ``kpa_per_count``) makes it more, the most counts ``sample_bits`` hold (MOST_COUNTS at 16)
    of it: an uncalibrated insole's raw counts at a nominal scale, ORPHE's 0.25 kPa a count,
    docs/devices.md, go past 2000 kPa, and its recording's export imports back; no more than the imported
    layout's SensorLayout.most_kpa, which a session's frames are held to when it is read. A calibrated
    foot's numbers are kPa, which no insole reads past MOST_KPA, whatever its resolution."""
    counts = 2**int(sample_bits) - 1
    top = counts * resolution_kpa
    if calibrated or top <= MOST_KPA:
        return MOST_KPA, ""
    return top, (f"the most a recording holds at the layout's resolution_kpa {resolution_kpa:g} "
                 f"({counts:,} counts)")


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
    """SessionFormatError naming the layout's ``feet.FOOT.rate_hz`` where the rate a foot's rows (times
    ``t_s``, s, shape (n,)) step at, :func:`measured_rate_hz`, is more than RATE_TOLERANCE off ``rate_hz``
    (Hz); asking whether ``t_s`` is in ms where it is a thousand times slower."""
    measured = measured_rate_hz(t_s)
    if measured is None:
        return
    step_s = 1.0 / measured
    if abs(step_s * rate_hz - 1.0) > RATE_TOLERANCE:
        # a step a thousand times the layout's period: the rate is right, the times are in ms
        in_ms = abs(step_s * rate_hz / 1000.0 - 1.0) <= RATE_TOLERANCE
        ms = "; is t_s in milliseconds? (it is seconds)" if in_ms else ""
        raise layout.error(f"feet.{foot}.rate_hz", f"{rate_hz} Hz, but the {foot} rows of the CSV step by "
                                                   f"{step_s:.4g} s ({measured:.4g} Hz) over their span, time "
                                                   f"jumps left out{ms}")


#: How far the rate a foot's rows step at may be from the layout's rate_hz, within RATE_TOLERANCE, before
#: a caveat says it (a guess, as RATE_TOLERANCE: an insole's clock drifts well under 1 %, and 62 Hz given
#: for 60 Hz rows, 3 % off, is a rate mistaken). The session keeps rate_hz either way.
RATE_NOTED = 0.01
#: A step of a foot's rows longer than this many sample periods is a time jump (as the import fills them,
#: monitor.importers.base.fill_time_jumps), left out of the rate the rows step at.
_JUMP_PERIODS = 1.5


def measured_rate_hz(t_s: np.ndarray) -> float | None:
    """The rate (Hz) rows at times ``t_s`` (s, strictly increasing, shape (n,)) step at, from their span:
    the time jumps (steps beyond _JUMP_PERIODS median steps) cut them into runs, and the rate is the runs'
    steps counted over the sum of the runs' spans (each run's last time minus its first). The median step
    finds the jumps but is no rate: times written to the millisecond (1/60 s as 0.017 and 0.016) step by
    0.017 s in the median, 58.82 Hz, where their span reads their 60 Hz (off by 1 ms at most over a run's
    span). None for fewer than 3 rows."""
    if t_s.size < 3:
        return None
    steps = np.diff(t_s)
    steady = steps[steps <= _JUMP_PERIODS * float(np.median(steps))]  # their sum: the runs' spans
    return float(steady.size / steady.sum())


def rate_off_hz(t_s: np.ndarray, sampled: np.ndarray, rate_hz: int) -> float | None:
    """The rate (Hz, :func:`measured_rate_hz`) a foot's rows with a sample (``t_s``, s, shape (n,), where
    ``sampled``, bool (n,)) step at, where it is more than RATE_NOTED from the layout's ``rate_hz`` (within
    RATE_TOLERANCE, or _check_rate refused it); None where they agree. Rows with no sample are left out: an
    export's (monitor.session.export) stand for a time jump the import filled at ``rate_hz``, and a missing
    frame's two steps are a jump."""
    measured = measured_rate_hz(t_s[sampled])
    if measured is None or abs(measured / rate_hz - 1.0) <= RATE_NOTED:
        return None
    return measured


def rate_caveat(foot: str, measured_hz: float, rate_hz: int) -> str:
    """The caveat of a foot whose rows step at ``measured_hz`` (Hz, :func:`rate_off_hz`) where the layout
    says ``rate_hz`` (Hz), naming that rate."""
    off = measured_hz / rate_hz - 1.0
    return (f"{foot}: the file's {foot} rows step at {measured_hz:.4g} Hz, {abs(off):.1%} "
            f"{'above' if off > 0 else 'below'} the layout's rate_hz of {rate_hz} Hz; the session keeps {rate_hz} Hz")


def _check_empty(path: Path, foot: str, cells: np.ndarray, lines: np.ndarray, names: list[str],
                 own: str) -> None:
    """Cells of columns that are not ``foot``'s sensors must be empty in ``foot``'s rows (``own``: what the
    layout gives the foot, for the message)."""
    if cells.size == 0:
        return
    filled = ~np.isin(np.char.lower(np.char.strip(cells)), MISSING_TEXTS)
    if filled.any():
        i, j = (int(k[0]) for k in np.nonzero(filled))
        raise fail(path, int(lines[i]), f"column {quote(names[j])} is not a {foot} sensor, yet this {foot} row "
                                        f"has {quote(cells[i, j])} there (leave it empty; {own})")
