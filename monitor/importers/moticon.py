"""Moticon OpenGo text exports (.txt) -> ImportedRecording. Pure parsing, no files written.

The format (domain.md section 4 [46]; ../shared/data/README.md): ``#`` header lines (``Start time: dd.mm.YYYY
HH:MM:SS.fff``, ``Duration``, ``Sensor insoles: Left SN..., Right SN...``, ``Size``, ...; newer exports
add ``Start timestamp: <epoch ms>``), the last ``#`` line holding the TAB-separated column names, then one
row per sample. Per side: ``pressure 1..16[N/cm²]`` (1 N/cm² = 10 kPa), acceleration, angular rate,
total force, centre of pressure, optionally COP velocity; then ``steps[]`` columns (11/21 heel strike,
15/25 toe-off, left/right) and event groups (``<group> label[]`` text plus ``<group>[]`` code).

Both feet share one time axis, so a sample an insole did not deliver is an EMPTY field: NaN here, never 0.

Sensor geometry. Moticon publishes no sensor map. The positions below come from the exports themselves:
the exported centre of pressure is exactly a weighted mean of fixed sensor positions, and the exported
total force exactly a weighted sum of the 16 pressures. A least-squares fit of both on the two sample
files (../shared/data/moticon_opengo, sizes 7 and 3, both feet) leaves residuals at the export's rounding
(COP < 1e-5, force 0.27 N rms) and gives the same normalised positions (within 0.003) for both sizes and
both feet. Moticon's COP frame has X heel -> toe and Y positive toward the medial side (sensor 7 is the
unloaded medial arch and 9 the first metatarsal head, as the per-sensor timing in the data README says;
the hallux sensor 14 lies medial, the lesser toes lateral; the centre of pressure runs toward -Y through
mid-stance and turns to +Y at push-off, as a walking foot's does laterally then medially:
tests/test_moticon_sensor_side.py), so anatomical x = -Y and y = X + 0.5. This is an inference [W]: every
layout built here is marked ``positions_inferred``.

One idea: an export's cells to an ImportedRecording. A clean file's cells are read through pyarrow's C
parser in chunks (monitor.importers.fastread), any other file's line by line; both readings end in the
same :func:`_recording`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from monitor.codebook import FEET, SensorLayout
from monitor.errors import SessionFormatError, quote
from monitor.importers.base import (
    EVENT_COLUMNS,
    MARKER,
    ImportedRecording,
    empty_events,
    fill_time_jumps,
    never_sampled_caveat,
)
from monitor.importers.empty_rows import empty_row_words, is_empty_row
from monitor.importers.fastread import CleanText, agrees_with_to_numeric, lines_from, read_table, scan_text
from monitor.importers.moticon_start import start_utc_of
from monitor.importers.sniff import separator_hint, wrong_format
from monitor.importers.text_checks import (
    FLOAT32_LARGEST_KPA,
    MOST_KPA,
    ZERO_OFFSET_KPA,
    check_time_axis,
    closest_name,
    cut_short_hint,
    fail,
    numeric_columns,
    read_text_lines_as,
    refuse_beyond_insole,
    refuse_negative,
    refuse_time_before_start,
    refuse_time_past_end,
    utf8_where_it_is,
    zero_offsets,
)
from monitor.link.moticon import (  # the sensor map, units and areas: one copy, shared with the live stream
    KPA_PER_N_CM2,
    KPA_STEP,
    OPENGO_MODEL,
    SENSOR_REGIONS,
    SENSOR_X,
    SENSOR_Y,
    SIZE7_AREA_MM2,
)
from monitor.session.info import LONGEST_SESSION_S, DeviceInfo
from monitor.session.insole_kinds import DEVICE_FORMATS
from monitor.util.plain_text import spelt_out

if TYPE_CHECKING:
    import pandas as pd

N_SENSORS = 16

#: Moticon step markers: code -> (foot, event) (domain.md section 4 [46]).
STEP_CODES = {11: ("left", "initial_contact"), 15: ("left", "toe_off"),
              21: ("right", "initial_contact"), 25: ("right", "toe_off")}

#: Fitting a file's areas needs this many complete rows with at least FIT_MIN_FORCE_N of total force and
#: a fit whose rms error is below FIT_MAX_REL_RMS of the mean force (guesses; the sample files fit to 0.1 %).
FIT_MIN_ROWS = 50
FIT_MIN_FORCE_N = 50.0
FIT_MAX_REL_RMS = 0.02

#: How a pressure column's unit may be written: N/cm² alone, the unit the exports write and the importer
#: converts (1 N/cm² = 10 kPa, monitor.link.moticon). Any other, even one that holds "N/cm" (mN/cm², kN/cm²,
#: N/cm), would be read at the wrong scale: refused. Compared without case: "n/cm²" can be nothing else.
PRESSURE_UNITS = ("n/cm²", "n/cm^2", "n/cm2")
_SIDE_COLUMN = re.compile(r"^(left|right) (.+?)\s*\[([^\]]*)\]$", re.IGNORECASE)
_PRESSURE = re.compile(r"^pressure (\d+)$", re.IGNORECASE)
_GROUP_LABEL = re.compile(r"^(.+?) label\s*\[[^\]]*\]$", re.IGNORECASE)
_GROUP_CODE = re.compile(r"^(.+?)\s*\[[^\]]*\]$")
_BOTH_STEPS = re.compile(r"^steps\s*\[[^\]]*\]$", re.IGNORECASE)
_SERIALS = re.compile(r"(left|right)\s+(\S+?)(?:,|$)", re.IGNORECASE)
#: Why a time below 0 is refused: an export's time counts from the start of the recording at the sample
#: rate (../shared/data/README.md: 230927_102114.txt starts at 0.00 s, walk_data_with_events.txt at 0.01 s).
TIME_FROM_START = "a Moticon export's time is seconds from the start of the recording, 0"


def read_moticon(path: str | Path) -> ImportedRecording:
    """Parse a Moticon OpenGo .txt export.

    Raises SessionFormatError ("PATH: line N: ...") for anything that is not such an export: no header,
    no pressure columns, a row with the wrong number of fields, a non-numeric cell in a numeric column, a
    time below 0 (TIME_FROM_START) or later than any recording (text_checks.refuse_time_past_end), a time axis that
    does not increase, a pressure below 0 by more than a zero offset
    (ZERO_OFFSET_NCM2; one within it is read as 0 and said in a caveat), a pressure above any insole's (MOST_NCM2).

    A clean file is read through pyarrow's C parser in chunks (monitor.importers.fastread); any other file,
    and any file with an error, line by line, which words the error.
    """
    path = Path(path)
    try:
        parsed = _parse_fast(path)
    except (SessionFormatError, OSError):
        parsed = None
    return _recording(path, parsed if parsed is not None else _parse_lines(path))


@dataclass
class _Parsed:
    """A Moticon export's header and columns: ``col`` maps a numeric column's index to its float64 values
    (NaN where empty), ``labels`` an event-label column's index to its cells (str), ``field_lines`` a header
    field's key to its 1-based line."""

    header: dict[str, str]
    col_line: int
    plan: dict
    t_s: np.ndarray
    rate_hz: int
    col: dict[int, np.ndarray]
    labels: dict[int, np.ndarray]
    field_lines: dict[str, int] = field(default_factory=dict)


LARGEST_NCM2 = FLOAT32_LARGEST_KPA / KPA_PER_N_CM2
#: The lowest pressure read as a sensor's zero offset (N/cm²; text_checks.ZERO_OFFSET_KPA): one 0.25-N/cm² step.
ZERO_OFFSET_NCM2 = ZERO_OFFSET_KPA / KPA_PER_N_CM2
#: The highest pressure read as a measurement (N/cm²; text_checks.MOST_KPA, a guess).
MOST_NCM2 = MOST_KPA / KPA_PER_N_CM2
_STORED_AS = "the largest pressure in N/cm² a frames table (float32 kPa) holds"
#: What the bound is for a column that is not a pressure (acceleration, force, centre of pressure, steps):
#: the pressures' bound, applied to every number of the export (no insole measures more).
_OTHER_BOUND = "the largest number read from a Moticon export"


#: The rows after the column names looked at for a number with a decimal comma, when the names are split by
#: another separator than TABs (guess: a spreadsheet writes every number alike, so the first rows show it).
_ROWS_LOOKED_AT = 20


def _parse_lines(path: Path) -> _Parsed:
    """Read the export line by line: every error named with its line."""
    lines, encoding = read_text_lines_as(path)
    n_header = 0
    while n_header < len(lines) and lines[n_header].startswith("#"):
        n_header += 1
    if n_header == 0:
        raise wrong_format(path, "moticon") or fail(path, 1, "not a Moticon export (no '#' header lines)")
    lines[:n_header] = header_lines(lines[:n_header], encoding)
    header = header_fields(lines[: n_header - 1])
    names = [c.strip() for c in lines[n_header - 1].lstrip("#").split("\t")]
    col_line = n_header
    if not names or names[0].lower() != "time":
        hint = separator_hint(lines[n_header - 1], "\t", lines[n_header:n_header + _ROWS_LOOKED_AT])
        raise fail(path, col_line, f"the last '#' line must name the columns, 'time' first, not "
                                   f"{quote(names[0])}{hint}")
    cells, line_numbers = _rows(path, lines, n_header, len(names))
    if cells.shape[0] == 0:
        raise fail(path, len(lines), "no data rows after the header")

    plan = column_plan(path, names, col_line)
    t_s = numeric_columns(path, cells[:, [0]], line_numbers, ["time"], allow_empty=False)[:, 0]
    refuse_time_before_start(path, t_s, line_numbers, TIME_FROM_START)
    refuse_time_past_end(path, t_s, line_numbers)
    rate_hz = check_time_axis(path, t_s, line_numbers)
    numeric_idx = plan["numeric"]
    pressure = pressure_columns(plan)
    bounds = [_STORED_AS if j in pressure else _OTHER_BOUND for j in numeric_idx]
    values = numeric_columns(path, cells[:, numeric_idx], line_numbers, [names[j] for j in numeric_idx],
                             allow_empty=True, largest=LARGEST_NCM2, stored_as=bounds)
    pressure_k = [k for k, j in enumerate(numeric_idx) if j in pressure]
    refuse_negative(path, values[:, pressure_k], line_numbers, [names[numeric_idx[k]] for k in pressure_k],
                    floor=-ZERO_OFFSET_NCM2, unit="N/cm²")
    refuse_beyond_insole(path, values[:, pressure_k], line_numbers, [names[numeric_idx[k]] for k in pressure_k],
                         ceiling=MOST_NCM2, unit="N/cm²")
    col = {j: values[:, k] for k, j in enumerate(numeric_idx)}
    return _Parsed(header, col_line, plan, t_s, rate_hz, col, {j: cells[:, j] for j in label_columns(plan)},
                   header_field_lines(lines[: n_header - 1]))


@dataclass
class CleanStart:
    """Where a clean export's rows begin: its text (fastread.CleanText), the byte ``offset`` of the first
    row, the ``head`` lines (``#``, the column names last), the column ``names`` and their ``plan``
    (:func:`column_plan`)."""

    text: CleanText
    offset: int
    head: list[str]
    names: list[str]
    plan: dict


def clean_start(path: Path) -> CleanStart | None:
    """The header and column plan of an export the fast readings take (pyarrow, whole or in blocks); None
    for a file that is not clean (fastread.scan_text), has no header, or no time column first. A ``+``
    before a number is taken: pyarrow reads it as the line reading does (text_checks.without_plus)."""
    text = scan_text(path, latin1=True)
    if text is None:
        return None
    head: list[str] = []
    offset = text.start
    for line, end in lines_from(text, text.start):
        if not line.startswith("#"):
            break
        head.append(line)
        offset = end
    if not head:
        return None
    head = header_lines(head, text.encoding)
    names = [c.strip() for c in head[-1].lstrip("#").split("\t")]
    if names[0].lower() != "time":
        return None
    return CleanStart(text, offset, head, names, column_plan(path, names, len(head)))


def _parse_fast(path: Path) -> _Parsed | None:
    """Read a clean export through pyarrow (fastread); None for any file :func:`_parse_lines` might read
    otherwise. Raises SessionFormatError for a file with an error (read it by lines for the words)."""
    start = clean_start(path)
    if start is None:
        return None
    text, offset, head, names, plan = start.text, start.offset, start.head, start.names, start.plan
    numeric = set(plan["numeric"])
    table = read_table(text, offset, n_columns=len(names), delimiter="\t",
                       text_columns=[j for j in range(1, len(names)) if j not in numeric])
    if table is None or table.n_rows < 2:
        return None
    t_s = table.columns[0]
    if np.isnan(t_s).any() or not agrees_with_to_numeric(t_s) or t_s[0] < 0 or t_s.max() > LONGEST_SESSION_S:
        return None  # a time below 0 or past any recording: bad input, the line reading words it
    rate_hz = check_time_axis(path, t_s, np.zeros(t_s.size, dtype=int))
    col = {j: table.columns[j] for j in plan["numeric"]}
    if any(np.any(np.abs(v) > LARGEST_NCM2) or not agrees_with_to_numeric(v) for v in col.values()):
        return None
    if any(np.any(col[j] < -ZERO_OFFSET_NCM2) or np.any(col[j] > MOST_NCM2) for j in pressure_columns(plan)):
        return None  # bad input: the line reading words it
    labels = {j: table.columns[j] for j in label_columns(plan)}
    return _Parsed(header_fields(head[:-1]), len(head), plan, t_s, rate_hz, col, labels,
                   header_field_lines(head[:-1]))


def pressure_columns(plan: dict) -> set[int]:
    """The indices of both feet's pressure columns."""
    return {j for cols in plan["pressure"].values() for j in cols}


def label_columns(plan: dict) -> list[int]:
    return [label_j for label_j, _ in plan["groups"].values() if label_j is not None]


def _recording(path: Path, parsed: _Parsed) -> ImportedRecording:
    """The ImportedRecording of a parsed export: pressure in kPa, layouts, extras, events, caveats. Takes
    the pressure columns out of ``parsed.col``."""
    header, col_line, plan, t_s, rate_hz, col = (parsed.header, parsed.col_line, parsed.plan, parsed.t_s,
                                                 parsed.rate_hz, parsed.col)
    import pandas as pd

    foot_notes: list[str] = []
    pressure: dict[str, np.ndarray] = {}
    extras: dict[str, pd.DataFrame] = {}
    layouts: dict[str, SensorLayout] = {}
    for foot in FEET:
        p_idx = plan["pressure"].get(foot)
        if not p_idx:
            continue
        # the pressure columns are let go of once stacked (nothing else reads them): less held at once
        p_ncm2 = np.column_stack([col.pop(j) for j in p_idx])
        offsets = zero_offsets(p_ncm2, foot, floor=-ZERO_OFFSET_NCM2, unit="N/cm²")
        if offsets:
            foot_notes.append(offsets)
        if np.isnan(p_ncm2).all():
            foot_notes.append(f"the {foot} insole has no samples in the file; the session has no {foot} foot")
            continue
        names = [f"{foot} pressure {k}[N/cm²]" for k in range(1, len(p_idx) + 1)]  # the export's own names
        never = never_sampled_caveat(foot, p_ncm2, names)
        if never:
            foot_notes.append(never)
        pressure[foot] = kpa_of(p_ncm2)
        extras[foot] = pd.DataFrame({name: col[j] for name, j in plan["extras"][foot].items()})
        total = extras[foot].get("total_force_n")
        area_mm2, how = areas_mm2(p_ncm2, None if total is None else total.to_numpy())
        if how:
            foot_notes.append(f"{foot}: {how}")
        layouts[foot] = moticon_layout(foot, area_mm2, rate_hz, plan["extras"][foot])
    if not pressure:
        raise fail(path, col_line, "no insole has any pressure sample")
    events, event_caveats = _events(parsed.labels, col, plan, t_s)
    start_utc, start_caveat = start_utc_of(header, parsed.field_lines)
    missing = {foot: float(np.isnan(pressure[foot]).all(axis=1).mean()) for foot in pressure}
    return fill_time_jumps(ImportedRecording(
        format="moticon", path=path, t_s=t_s, pressure_kpa=pressure, layouts=layouts, rate_hz=rate_hz,
        devices=devices_of(header, tuple(pressure)), start_utc=start_utc, header=header, extras=extras,
        events=events, caveats=recording_caveats(foot_notes, event_caveats, start_caveat, missing)))


def kpa_of(p_ncm2: np.ndarray) -> np.ndarray:
    """Pressure (N/cm², float64, shape (n_rows, 16)) in kPa as float32: the float64 product rounded to
    float32 as ``astype`` rounds it, without a float64 copy."""
    return np.multiply(p_ncm2, KPA_PER_N_CM2, out=np.empty(p_ncm2.shape, dtype=np.float32), casting="same_kind")


def moticon_layout(foot: str, area_mm2: np.ndarray, rate_hz: int, extra_names: dict[str, int]) -> SensorLayout:
    """The SensorLayout of one foot's insole: the inferred sensor map, ``area_mm2`` (shape (16,)), the
    file's rate (Hz); an IMU when the foot's extras (names -> column) hold an acceleration; the insole kind
    of the OpenGo insoles (``moticon-udp``, monitor.session.insole_kinds.DEVICE_FORMATS), which sends kPa."""
    return SensorLayout(
        side=foot, x=SENSOR_X, y=SENSOR_Y, area_mm2=area_mm2, regions=SENSOR_REGIONS,
        kpa_per_count=KPA_STEP, rates_hz=(rate_hz,), current_rate_hz=rate_hz, sample_bits=16,
        has_imu=any(n.startswith("acceleration_") for n in extra_names), positions_inferred=True,
        insole=DEVICE_FORMATS["moticon"])


def recording_caveats(foot_notes: list[str], event_caveats: list[str], start_caveat: str,
                      missing_fraction: dict[str, float]) -> list[str]:
    """The caveats of an export, in their order: the inferred map and areas, each foot's note (no
    samples, areas not fitted), the event groups', the start time's, then each foot's share of rows
    without a sample (``missing_fraction``, 0..1, a foot with none says nothing)."""
    caveats = ["sensor positions and regions are inferred from the export's own centre of pressure "
               "(Moticon publishes no sensor map): 1-4 heel, 5-8 midfoot (7 medial arch), 9-13 "
               "metatarsal heads MTH1 (medial) to MTH5, 14 hallux, 15-16 lesser toes",
               "sensor areas are effective areas (each sensor's share of the sole, fitted so that "
               "pressure x area sums to the export's total force), not the sensing elements' size",
               *foot_notes, *event_caveats]
    if start_caveat:
        caveats.append(start_caveat)
    for foot, frac in missing_fraction.items():
        if frac > 0:
            caveats.append(f"{foot}: {frac:.1%} of the file's rows have no sample (empty fields: kept as "
                           "missing)")
    return caveats


# ---------------------------------------------------------------------------- pieces


def header_lines(lines: list[str], encoding: str) -> list[str]:
    """The ``#`` lines of an export decoded as ``encoding``, each read as UTF-8 where it is UTF-8 when the
    file as a whole is not (text_checks.utf8_where_it_is): names and notes as they were written."""
    return [utf8_where_it_is(line) for line in lines] if encoding == "latin-1" else lines


def header_fields(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


def header_field_lines(lines: list[str]) -> dict[str, int]:
    """The 1-based line of each field :func:`header_fields` reads from ``lines`` (the file's first lines),
    the last where a key is given twice, as its value is."""
    return {key.strip(): i + 1 for i, line in enumerate(lines)
            for key, sep, _ in [line.lstrip("#").partition(":")] if sep}


def _rows(path: Path, lines: list[str], first: int, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Split data lines on TAB. Returns cells (n_rows, n_cols) of str and 1-based line numbers."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    empty_at = None  # the first row of empty cells since the last data row (its 1-based line)
    for i in range(first, len(lines)):
        line = lines[i]
        if not line.strip():
            if empty_at is None and is_empty_row(line, "\t"):
                empty_at = i + 1
            continue
        if empty_at is not None:  # a data row after it: refused; after the last one it is skipped
            raise fail(path, empty_at, empty_row_words("a time"))
        if line.startswith("#"):
            raise fail(path, i + 1, "a '#' line after the data started")
        fields = line.split("\t")
        if len(fields) != n_cols:
            hint = separator_hint(line, "\t") or cut_short_hint(lines, i, len(fields), n_cols)
            raise fail(path, i + 1, f"expected {n_cols} columns, found {len(fields)}{hint}")
        rows.append(fields)
        numbers.append(i + 1)
    cells = np.array(rows, dtype=str).reshape(len(rows), n_cols)
    return cells, np.array(numbers, dtype=int)


def _snake(name: str, unit: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    base = {"center_of_pressure_x": "cop_x", "center_of_pressure_y": "cop_y", "angular_x": "gyro_x",
            "angular_y": "gyro_y", "angular_z": "gyro_z", "cop_velocity": "cop_velocity"}.get(base, base)
    unit = unit.strip()
    if unit == "%":
        return f"{base}_pct"
    if re.fullmatch(r"[A-Za-z]+", unit):
        return f"{base}_{unit.lower()}"
    return base


def column_plan(path: Path, names: list[str], line: int) -> dict:
    """Which column is what: pressure columns per foot (sensor order), extras per foot, step and event
    columns. Returns a dict with keys pressure, extras, steps, groups, numeric. A name given twice (the later
    column would silently win) raises SessionFormatError naming it and both its columns (1-based)."""
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name and name in seen:
            raise fail(path, line, f"column {quote(name)} appears twice in the header (columns {seen[name] + 1} "
                                   f"and {j + 1})")
        seen.setdefault(name, j)
    pressure: dict[str, dict[int, int]] = {f: {} for f in FEET}
    extras: dict[str, dict[str, int]] = {f: {} for f in FEET}
    steps: dict[str, int] = {}
    labels: dict[str, int] = {}
    codes: dict[str, int] = {}
    for j, name in enumerate(names[1:], start=1):
        lm = _GROUP_LABEL.match(name)
        if lm:
            labels[lm.group(1).strip()] = j
    for j, name in enumerate(names[1:], start=1):
        if not name or j in labels.values():
            continue  # a label column, or an empty name (a trailing TAB)
        cm = _GROUP_CODE.match(name)
        if cm and cm.group(1).strip() in labels:
            codes[cm.group(1).strip()] = j
            continue
        if _BOTH_STEPS.match(name):
            steps["both"] = j
            continue
        m = _SIDE_COLUMN.match(name)
        if m and m.group(2).lower() == "steps":
            steps[m.group(1).lower()] = j
            continue
        if m:
            foot, what, unit = m.group(1).lower(), m.group(2), m.group(3)
            pm = _PRESSURE.match(what)
            if pm:
                if unit.strip().lower() not in PRESSURE_UNITS:
                    raise fail(path, line, f"column {quote(name)}: pressure unit {quote(unit)} is not N/cm²")
                pressure[foot][int(pm.group(1))] = j
            else:
                extras[foot][_snake(what, unit)] = j
            continue
        if cm:
            codes[cm.group(1).strip()] = j  # an event group without a label column
            continue
        raise fail(path, line, f"column {quote(name)} is not a Moticon export column")
    plan_pressure: dict[str, list[int]] = {}
    for foot in FEET:
        found = pressure[foot]
        if not found:
            continue
        if sorted(found) != list(range(1, N_SENSORS + 1)):
            raise fail(path, line, _missing_pressure(names, pressure, foot))
        plan_pressure[foot] = [found[k] for k in range(1, N_SENSORS + 1)]
    if not plan_pressure:
        raise fail(path, line, "no 'left pressure N' or 'right pressure N' columns")
    groups = {g: (labels.get(g), j) for g, j in codes.items()}
    for g, j in labels.items():
        if g not in codes:
            groups[g] = (j, None)
    numeric = sorted([j for f in plan_pressure.values() for j in f]
                     + [j for f in extras.values() for j in f.values()]
                     + list(steps.values()) + [j for g in groups.values() for j in g[1:] if j is not None])
    return {"pressure": plan_pressure, "extras": extras, "steps": steps, "groups": groups, "numeric": numeric}


def _missing_pressure(names: list[str], pressure: dict[str, dict[int, int]], foot: str) -> str:
    """The error of a foot whose pressure columns are not 1..N_SENSORS: the columns it lacks by name, each
    with the file's closest other column (a misspelt one was read as an extra), in one line."""
    found = pressure[foot]
    unit = _SIDE_COLUMN.match(names[next(iter(found.values()))]).group(3)  # as the file writes it
    used = {j for cols in pressure.values() for k, j in cols.items() if 1 <= k <= N_SENSORS}
    others = [name for j, name in enumerate(names) if j > 0 and j not in used and name]
    said = []
    for k in range(1, N_SENSORS + 1):
        if k in found:
            continue
        want = f"{foot} pressure {k}[{unit}]"
        close = closest_name(want, others)
        said.append(quote(want) + (f" (is {quote(close)} it, misspelt?)" if close else ""))
    if not said:  # all there, and more
        extra = [quote(names[j]) for k, j in sorted(found.items()) if not 1 <= k <= N_SENSORS]
        return f"{foot}: {', '.join(extra)}: a Moticon export has pressure columns 1..{N_SENSORS}, no more"
    what = "no column" if len(said) == 1 else "no columns"
    return f"{foot}: {what} {', '.join(said)}; a Moticon export has pressure columns 1..{N_SENSORS}"


def areas_mm2(p_ncm2: np.ndarray, total_n: np.ndarray | None) -> tuple[np.ndarray, str]:
    """Effective areas (mm^2) fitted from the file's total force, or the size-7 table with a reason."""
    if total_n is not None:
        ok = ~np.isnan(p_ncm2).any(axis=1) & (total_n >= FIT_MIN_FORCE_N)
        if ok.sum() >= FIT_MIN_ROWS:
            a_mat, b_n = (p_ncm2, total_n) if ok.all() else (p_ncm2[ok], total_n[ok])
            # one BLAS thread: the same rounded areas, and on the busy 2-core host a quarter of the CPU time
            # (0.06 s against 0.22 s a fit over 140,000 rows, benchmarks/bench_import.py's export); the
            # fit's last bits depend on the thread count, its areas rounded to whole mm² do not
            from threadpoolctl import threadpool_limits  # here: only a fit needs it

            with threadpool_limits(limits=1, user_api="blas"):
                a_cm2 = _least_squares(a_mat, b_n)
                rms = float(np.sqrt(np.mean((a_mat @ a_cm2 - b_n) ** 2)))
            if np.all(a_cm2 > 0) and rms < FIT_MAX_REL_RMS * float(total_n[ok].mean()):
                return np.round(a_cm2 * 100.0), ""
    return (np.array(SIZE7_AREA_MM2, dtype=float),
            "the file's total force could not be fitted; sensor areas are those of a size-7 insole (a guess "
            "for any other size)")


def _least_squares(a_mat: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The x (shape (k,)) that minimises |a_mat x - b| (``a_mat`` shape (n, k), n >> k), through the normal
    equations: a k x k solve after one pass over the rows, where ``np.linalg.lstsq`` decomposes all n rows
    (an SVD). For the 16 areas of a Moticon fit over 140,000 rows this is about a fifth of the time, and the
    areas rounded to whole mm² are the same (tests/test_import_identical.py). A column of zeros (a sensor
    that never reads) gets 0, as lstsq gives it, through lstsq's minimum-norm answer of the small system."""
    x, *_ = np.linalg.lstsq(a_mat.T @ a_mat, a_mat.T @ b, rcond=None)
    return x


def _events(labels: dict[int, np.ndarray], col: dict[int, np.ndarray], plan: dict,
            t_s: np.ndarray) -> tuple[pd.DataFrame, list[str]]:
    """The events table (EVENT_COLUMNS, sorted by time then foot) and its caveats."""
    import pandas as pd

    rows, caveats = event_rows(labels, col, plan, t_s)
    if not rows:
        return empty_events(), caveats
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS).sort_values(["t_s", "foot"], kind="stable")
    return events.reset_index(drop=True), caveats


def event_rows(labels: dict[int, np.ndarray], col: dict[int, np.ndarray], plan: dict,
               t_s: np.ndarray) -> tuple[list[dict], list[str]]:
    """The export's step marks and event groups as rows (dicts of EVENT_COLUMNS, in the file's column
    order, not sorted) and their caveats. ``labels``: an event-label column's index -> its cells (str),
    ``col``: a step or code column's index -> its values (float64, NaN where empty), all of ``t_s``'s
    length (s). A label's control characters (an ESC, a VT) are spelt out (monitor.util.plain_text)."""
    rows: list[dict] = []
    caveats: list[str] = []
    for side, j in plan["steps"].items():
        for i in np.flatnonzero(~np.isnan(col[j])):
            code = float(col[j][i])
            own = "" if side == "both" else side
            foot, event = STEP_CODES.get(int(code), (own, MARKER)) if code.is_integer() else (own, MARKER)
            rows.append({"t_s": float(t_s[i]), "foot": foot, "event": event, "code": code,
                         "label": "steps" if side == "both" else f"{side} steps"})
    for group, (label_j, code_j) in plan["groups"].items():
        g_foot = next((f for f in FEET if group.lower().startswith(f)), "")
        present = np.zeros(t_s.size, dtype=bool)
        if label_j is not None:
            present |= np.char.strip(labels[label_j]) != ""
        if code_j is not None:
            present |= ~np.isnan(col[code_j])
        codes_seen = set()
        for i in np.flatnonzero(present):
            text = str(labels[label_j][i]).strip() if label_j is not None else ""
            code = float(col[code_j][i]) if code_j is not None else float("nan")
            codes_seen.add(code)
            rows.append({"t_s": float(t_s[i]), "foot": g_foot, "event": MARKER, "code": code,
                         "label": spelt_out(f"{group}: {text}" if text else group)})  # plain text: one line
        if codes_seen:
            caveats.append(f"event group {quote(group)} ({len(np.flatnonzero(present))} marks) is user-defined: "
                           "kept as markers, not read as gait events")
    return rows, caveats


def devices_of(header: dict[str, str], feet: tuple[str, ...]) -> dict[str, DeviceInfo]:
    serials = {m.group(1).lower(): m.group(2) for m in _SERIALS.finditer(header.get("Sensor insoles", ""))}
    size = header.get("Size", "")
    model = f"{OPENGO_MODEL} size {size}" if size else OPENGO_MODEL
    return {foot: DeviceInfo(address="", name=f"Moticon {foot}", manufacturer="Moticon", model=model,
                             serial=serials.get(foot, "")) for foot in feet}
