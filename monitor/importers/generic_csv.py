"""Any insole's data as a generic CSV plus a layout JSON -> ImportedRecording. Pure parsing.

The format is docs/import-csv.md: a CSV with a header row (``t_s``, ``foot``, then one column per sensor in
kPa; an empty cell is missing, never 0; the feet may be interleaved or one after the other, each foot's
``t_s`` strictly increasing) and a layout JSON that says, per foot, where each sensor is (the anatomical
frame of docs/protocol.md), its area, its region label and the foot's sample rate. ``solewatch export``
writes the CSV side of it from any session (monitor.session.export).

Each foot keeps its own time axis (``ImportedRecording.foot_t_s``, s, shape (n,) a foot) and its pressures
(``pressure_kpa``, float32 kPa, shape (n, n_sensors), NaN where missing): two insoles are rarely sampled
at the same instants, and a recorded session's feet never are.

One idea: a generic CSV and its layout to an ImportedRecording. The layout is read and checked by
monitor.importers.generic_csv_layout; a clean CSV, quoted (RFC 4180) or not, is read through pyarrow's C
parser (monitor.importers.generic_csv_fast), any other and any with an error with the csv module, line by
line (monitor.importers.generic_csv_lines); both apply the same checks (monitor.importers.
generic_csv_checks) and end in the same per-foot times and pressures, and the caveats are said here. The
names those modules hold that others take from here stay importable from here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from monitor.codebook import PAST_END_S
from monitor.errors import SessionFormatError
from monitor.importers.base import ImportedRecording, fill_time_jumps, never_sampled_caveat
from monitor.importers.generic_csv_checks import (  # noqa: F401  (re-exported: their old home)
    COLUMNS_NAMED,
    EARLIEST_T_S,
    FORMAT,
    MISSING_TEXTS,
    RATE_TOLERANCE,
    TIME_FROM_START,
    rate_caveat,
    rate_off_hz,
)
from monitor.importers.generic_csv_fast import _parse_fast
from monitor.importers.generic_csv_layout import (  # noqa: F401  (re-exported: their old home)
    DEFAULT_RESOLUTION_KPA,
    FOOT_COLUMN,
    MAX_RATE_HZ,
    MAX_SENSORS,
    TIME_COLUMN,
    _LayoutFile,
    read_layout,
)
from monitor.importers.generic_csv_lines import LINE_CHUNK_ROWS, _parse_lines  # noqa: F401  (re-exported)
from monitor.importers.sniff import wrong_format
from monitor.importers.text_checks import ZERO_OFFSET_KPA, zero_offsets
from monitor.session.found_caveats import source_caveats, with_start
from monitor.util.words import counted

#: A time nearer 0 than this (s) is 0: floating rounding in the tool that wrote the CSV (4.5e-13 from summing
#: sample periods), not a frame a millisecond or more in. A guess, far below any insole's sample period.
ZERO_T_S = 1e-9


def _without_stand_ins(path: Path, layout: _LayoutFile, times: dict[str, np.ndarray],
                       pressure: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """``times`` (per foot, t_s s, shape (n_rows,)) and ``pressure`` (per foot, kPa, shape (n_rows,
    n_sensors)) without the row that stands for each foot the layout says sent no frame (``sent_no_frame``;
    an export writes it, monitor.session.export.with_silent_feet: one row at t_s 0, every sensor cell
    empty; a time within ZERO_T_S of 0 is 0): that foot has no row, as in the session exported, not a frame
    that never arrived (a gap). Only the layout says so: a foot of any other layout keeps such a row as the
    missing frame it is. A row of such a foot at another time or with a sample is a frame it sent:
    SessionFormatError naming both files."""
    for foot in layout.sent_no_frame:
        t_s, kpa = times[foot], pressure[foot]
        real = np.flatnonzero((np.abs(t_s) >= ZERO_T_S) | ~np.isnan(kpa).all(axis=1))
        if real.size:
            first = int(real[0])
            what = "with a sample" if not np.isnan(kpa[first]).all() else "with no sample"
            shown_s = round(float(t_s[first]), 3) + 0.0  # to the ms (never -0.000)
            at = f"{shown_s:.3f} s" + (", not exactly 0" if shown_s == 0.0 and abs(t_s[first]) >= ZERO_T_S else "")
            raise layout.error("sent_no_frame", f"says the {foot} insole sent no frame, but {path} holds "
                                                f"{counted(real.size, f'{foot} frame')} (the first at t_s "
                                                f"{at}, {what}); an export writes for such a "
                                                f"foot one row only, at t_s 0 with every cell empty: is this the "
                                                f"layout JSON of another CSV?")
        times[foot], pressure[foot] = t_s[:0], kpa[:0]
    return times, pressure


def read_generic_csv(path: str | Path, layout_path: str | Path) -> ImportedRecording:
    """Parse a generic CSV (docs/import-csv.md) with its layout JSON.

    Raises SessionFormatError naming the file and line for a malformed CSV (a header without ``t_s`` or
    ``foot`` or with a column no layout declares, a row with the wrong number of cells, a foot that is not
    left/right or has no layout, a cell that is not a number, a time that does not increase within its
    foot, a time before EARLIEST_T_S (TIME_FROM_START) or later than LONGEST_SESSION_S, a value in a column of
    the other foot, a pressure below 0 by more than a zero offset, text_checks.ZERO_OFFSET_KPA; one within it
    is read as 0 and said in a caveat; a pressure above any insole's, text_checks.MOST_KPA, or the most a
    recording holds at the layout's resolution_kpa, generic_csv_checks.most_kpa) and the file and field for
    a layout that breaks the rules; a JSON syntax error names the line.
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
    times, pressure = _without_stand_ins(path, layout, times, pressure)

    # the file says the rest again, below; a start the layout gives is no longer left empty (found_caveats)
    caveats = with_start(source_caveats(layout.caveats), layout.start_utc)
    rows_rate_hz: dict[str, float] = {}  # the feet whose rows step at a rate off their layout's
    for foot, lay in layout.layouts.items():
        offsets = zero_offsets(pressure[foot], foot, floor=-ZERO_OFFSET_KPA, unit="kPa")
        if offsets:
            caveats.append(offsets)
        if lay.positions_inferred:
            caveats.append(f"{foot}: the layout JSON marks the sensor positions as inferred")
        if foot in layout.sent_no_frame:  # no row: nothing of the file's rows to say
            continue
        never = never_sampled_caveat(foot, pressure[foot], layout.columns[foot])
        if never:
            caveats.append(never)
        measured_hz = rate_off_hz(times[foot], ~np.isnan(pressure[foot]).all(axis=1), lay.current_rate_hz)
        if measured_hz is not None:
            rows_rate_hz[foot] = measured_hz
            caveats.append(rate_caveat(foot, measured_hz, lay.current_rate_hz))
        frac = float(np.isnan(pressure[foot]).all(axis=1).mean())
        if frac > 0:
            caveats.append(f"{foot}: {frac:.1%} of the file's {foot} rows have no sample (empty cells: kept "
                           "as missing)")
    rates = [lay.current_rate_hz for lay in layout.layouts.values()]
    if layout.duration_s is not None:  # a session's export: its t_s is session time, within the session
        last_s = max((float(t[-1]) for t in times.values() if t.size), default=0.0)
        if last_s > layout.duration_s + PAST_END_S:
            raise layout.error("duration_s", f"{layout.duration_s:g} s ends before the CSV's rows do (t_s "
                                             f"{last_s:g}, more than {PAST_END_S:g} s past it)")
    # a layout written by an export carries the source's caveats (found_caveats.source_caveats): each said once
    caveats = list(dict.fromkeys(caveats))
    return fill_time_jumps(ImportedRecording(
        format=FORMAT, path=path, t_s=np.unique(np.concatenate(list(times.values()))), pressure_kpa=pressure,
        layouts=dict(layout.layouts), rate_hz=max(rates), devices=dict(layout.devices),
        start_utc=layout.start_utc, header={"layout": layout_path.name, "columns": ",".join(header)},
        caveats=caveats, foot_t_s=times, activity=layout.activity, label=layout.label,
        span_s=layout.duration_s, insole_kind=layout.insole_kind, rows_rate_hz=rows_rate_hz))
