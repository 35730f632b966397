"""PhysioNet "Gait in Parkinson's Disease" (gaitpdb) force files -> ImportedRecording. Pure parsing.

The format (../shared/data/README.md): 19 whitespace-separated columns, no header: time (s); vertical
force (N) under 8 sensors of the left foot L1..L8; the same for the right R1..R8; total left; total right
(each total is the sum of its 8 sensors). 100 Hz.

Force to pressure. The files carry force, Solewatch frames carry kPa, so each force is divided by one
assumed area per sensor, SENSOR_AREA_MM2 (a guess, below). The area is the same for all 16 sensors and
is written into the layout, so pressure x area gives back the file's forces exactly: forces, impulses and
shares of load do not depend on the guess; pressure values (peaks, pressure-time integrals) do, and so,
slightly, do the times found where a pressure crosses a fixed level (relief at 6-10 kPa: on GaCo01_01 the
windows' median time since relief reads 0.23, 0.27 and 0.28 s with 4 times, 1 and a quarter of the guessed
area; the contact times and the forefoot share move by less than 0.001).

Geometry. The data README gives positions (X, Y) with +Y toward the toes and X mirrored on the right
foot: L1(-500,-800) L2(-700,-400) L3(-300,-400) L4(-700,0) L5(-300,0) L6(-700,400) L7(-300,400)
L8(-500,800); 1 heel, 2-3 rearfoot, 4-5 midfoot, 6-7 metatarsal heads (lateral, medial), 8 hallux/toes.
On the left foot the more negative X is the lateral side (L6 is the lateral metatarsal sensor), so the
anatomical x is (|X| - 500) / 750 (medial negative; 750 units taken as the foot's width: a guess that puts
the medial and lateral sensors at x = -/+0.27) and y = 0.5 + Y / 2000 (the sensors spanning 10-90 % of
foot length: a guess). Regions:

* 1 ``heel`` (on the midline: it cannot say medial or lateral, so it is no region's own; beside the
  rearfoot pair it counts half in each heel region, monitor.signal.coarse_share);
* 2 ``heel_lateral``, 3 ``heel_medial`` (the rearfoot pair, by the sign of x);
* 4 ``midfoot_lateral``, 5 ``midfoot_medial``;
* 6 ``mth4_5`` (the lateral metatarsal-head sensor);
* 7 ``mth1``: the medial metatarsal-head sensor. With two sensors across the row, it sits at x = -0.27,
  where MTH1 is (MTH2-3 lie near the midline); it surely also picks up some MTH2 load, so ``mth1`` on a
  gaitpdb import reads "the medial metatarsal heads". ``mth2_3`` stays unresolved: nothing is invented.
* 8 ``hallux`` (on the midline: it may carry lesser-toe load too).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.codebook import FEET, SensorLayout
from monitor.importers.base import ImportedRecording, fill_time_jumps
from monitor.importers.empty_rows import empty_row_words, is_empty_row
from monitor.importers.fastread import agrees_with_to_numeric, read_table, scan_text
from monitor.importers.sniff import separator_hint, wrong_format
from monitor.importers.text_checks import (
    FLOAT32_LARGEST_KPA,
    MOST_KPA,
    ZERO_OFFSET_KPA,
    check_time_axis,
    cut_short_hint,
    fail,
    numeric_columns,
    read_text_lines,
    refuse_beyond_insole,
    refuse_negative,
    refuse_time_before_start,
    refuse_time_past_end,
    zero_offsets,
)

N_COLUMNS = 19
N_SENSORS = 8
#: Assumed sensing area of every gaitpdb sensor, mm^2. A guess: PhysioNet gives no sensor size; each of
#: the 8 sensors is taken to stand for an eighth of a ~120 cm^2 loaded sole, so a standing heel load of
#: 200 N reads about 130 kPa and the walking heel peak (~480 N in GaCo01_01) about 320 kPa, within the
#: in-shoe range of domain.md section 0.
SENSOR_AREA_MM2 = 1500.0
#: kPa = N / mm^2 * 1000 (1 N/mm^2 = 1 MPa).
KPA_PER_N_PER_MM2 = 1000.0
#: The lowest force read as a sensor's zero offset (N): text_checks.ZERO_OFFSET_KPA over SENSOR_AREA_MM2.
ZERO_OFFSET_N = ZERO_OFFSET_KPA * SENSOR_AREA_MM2 / KPA_PER_N_PER_MM2
#: The highest force read as a measurement (N): text_checks.MOST_KPA (a guess) over SENSOR_AREA_MM2 (a guess),
#: the force whose pressure a session's frames may hold at most (SensorLayout.most_kpa of the layout below).
MOST_N = MOST_KPA * SENSOR_AREA_MM2 / KPA_PER_N_PER_MM2
#: Why a force above MOST_N is refused, for the error.
_MOST_N_WHY = (f"more than any insole reads at the assumed sensor area ({MOST_KPA:g} kPa on {SENSOR_AREA_MM2:g} "
               "mm², guesses, docs/import-csv.md)")
#: The files hold two decimals; a total may differ from the sum of 8 rounded forces by up to 8 x 0.005 N.
TOTAL_TOLERANCE_N = 0.05

#: Sensor positions of the left foot from the data README, in the file's units (X, Y).
FILE_X = (-500, -700, -300, -700, -300, -700, -300, -500)
FILE_Y = (-800, -400, -400, 0, 0, 400, 400, 800)
FOOT_WIDTH_UNITS = 750.0  # guess (module docstring)
FOOT_LENGTH_UNITS = 2000.0  # guess (module docstring)
SENSOR_REGIONS = ("heel", "heel_lateral", "heel_medial", "midfoot_lateral", "midfoot_medial",
                  "mth4_5", "mth1", "hallux")

_NAME = re.compile(r"^(Ga|Ju|Si)(Co|Pt)(\d+)_(\d+)$")


def sensor_x() -> np.ndarray:
    """Anatomical x of sensors 1..8 (the same on both feet), shape (8,)."""
    return (np.abs(np.array(FILE_X, dtype=float)) - 500.0) / FOOT_WIDTH_UNITS


def sensor_y() -> np.ndarray:
    """Anatomical y of sensors 1..8, shape (8,)."""
    return 0.5 + np.array(FILE_Y, dtype=float) / FOOT_LENGTH_UNITS


def read_physionet(path: str | Path) -> ImportedRecording:
    """Parse a gaitpdb force file (e.g. GaCo01_01.txt).

    Raises SessionFormatError ("PATH: line N: ...") for a row without 19 columns, a cell that is not a
    number, a time below 0 (the time is seconds from the start of the walk: PhysioNet's format.txt gives
    "Time (in seconds)" of a 100 Hz record, and GaCo01_01 starts at 0), a time later than any recording
    (text_checks.refuse_time_past_end), a time axis that does not increase, a sensor's
    force below 0 by more than a zero offset (ZERO_OFFSET_N; one within it is read as 0 and said in a caveat), a
    sensor's force above MOST_N (its pressure over the assumed area above what any insole reads: a column in mN,
    or scaled), an empty file. A total that differs from the sum of its 8 sensors by more than rounding is a
    caveat, not an error (a total is not bounded: it is the sum of 8 sensors, each bounded).

    A clean file is read through pyarrow's C parser (monitor.importers.fastread), any other line by line.
    """
    path = Path(path)
    try:
        parsed = _values_fast(path)
    except OSError:
        parsed = None
    values, line_numbers = parsed if parsed is not None else _values_lines(path)
    t_s = values[:, 0]
    refuse_time_before_start(path, t_s, line_numbers, "a PhysioNet gait file's time is seconds from the start "
                                                       "of the walk, 0")
    refuse_time_past_end(path, t_s, line_numbers)
    rate_hz = check_time_axis(path, t_s, line_numbers)
    refuse_negative(path, values[:, 1:17], line_numbers, NAMES[1:17], floor=-ZERO_OFFSET_N, unit="N")
    refuse_beyond_insole(path, values[:, 1:17], line_numbers, NAMES[1:17], ceiling=MOST_N, unit="N",
                         why=_MOST_N_WHY, other_unit="mN")

    caveats = [
        f"forces (N) converted to pressure with an assumed sensor area of {SENSOR_AREA_MM2:g} mm² (a guess: "
        "PhysioNet gives no sensor size); forces and load shares are exact, pressure values scale with the "
        "guess, and the times found at fixed pressure levels (relief) move slightly with it",
        "sensor positions are the data README's (X, Y) mapped to the anatomical frame with a guessed foot "
        "width and length; sensor 7 (medial metatarsal heads) is labelled mth1, sensor 1 (heel) and 8 "
        "(hallux/toes) lie on the midline: sensor 1 counts half in each heel region, beside sensors 2 "
        "and 3",
        "PhysioNet describes the sensors as those of an Ultraflex Computer Dyno Graphy system (Infotronic) "
        "[n.v. here]",
        "the file carries no start time; start_utc is left empty",
    ]
    pressure: dict[str, np.ndarray] = {}
    extras: dict[str, pd.DataFrame] = {}
    layouts: dict[str, SensorLayout] = {}
    for k, foot in enumerate(FEET):
        force_n = values[:, 1 + 8 * k: 9 + 8 * k]
        total_n = values[:, 17 + k]
        off = np.abs(force_n.sum(axis=1) - total_n) > TOTAL_TOLERANCE_N
        if off.any():
            first = int(line_numbers[np.flatnonzero(off)[0]])
            caveats.append(f"warning: {foot} total differs from the sum of its 8 sensors by more than "
                           f"{TOTAL_TOLERANCE_N:g} N on {int(off.sum())} row(s), first at line {first}")
        force_n = force_n.copy()  # the file's values stay as they are (the totals are checked against them)
        offsets = zero_offsets(force_n, foot, floor=-ZERO_OFFSET_N, unit="N", quantity="force")
        if offsets:
            caveats.append(offsets)
        pressure[foot] = (force_n / SENSOR_AREA_MM2 * KPA_PER_N_PER_MM2).astype(np.float32)
        extras[foot] = pd.DataFrame({"total_force_n": total_n})
        layouts[foot] = SensorLayout(
            side=foot, x=sensor_x(), y=sensor_y(), area_mm2=np.full(N_SENSORS, SENSOR_AREA_MM2),
            regions=SENSOR_REGIONS, kpa_per_count=0.01 / SENSOR_AREA_MM2 * KPA_PER_N_PER_MM2,
            rates_hz=(rate_hz,), current_rate_hz=rate_hz, sample_bits=16, positions_inferred=True,
            areas_guessed=True)
    return fill_time_jumps(ImportedRecording(
        format="physionet", path=path, t_s=t_s, pressure_kpa=pressure, layouts=layouts, rate_hz=rate_hz,
        start_utc="", header=_name_fields(path), extras=extras, caveats=caveats))


NAMES = ["time"] + [f"L{k}" for k in range(1, 9)] + [f"R{k}" for k in range(1, 9)] + ["total left", "total right"]
_LARGEST_N = FLOAT32_LARGEST_KPA * SENSOR_AREA_MM2 / KPA_PER_N_PER_MM2
#: What the bound of each column is (text_checks.column_numbers says "the lowest ..." for one below it): a
#: force's, that its pressure at the assumed sensor area must fit a float32 frames table; the time's, the
#: same bound applied to every number of the file.
_BOUNDS = ["the largest number read from a PhysioNet gait file",
           *["the largest force in N whose pressure a frames table (float32 kPa) holds"] * (len(NAMES) - 1)]


def _values_lines(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The file's numbers, shape (n_rows, 19), and the 1-based line of each row, read line by line: every
    error named with its line."""
    lines = read_text_lines(path)
    rows: list[list[str]] = []
    numbers: list[int] = []
    empty_at = None  # the first row of empty cells (TABs alone) since the last data row (its 1-based line)
    for i, line in enumerate(lines):
        fields = line.split()
        if not fields:
            if empty_at is None and is_empty_row(line, "\t"):
                empty_at = i + 1
            continue
        if empty_at is not None:  # a data row after it: refused; after the last one it is skipped
            raise fail(path, empty_at, empty_row_words("a time"))
        if len(fields) != N_COLUMNS:
            hint = separator_hint(line, " ")
            if not rows:  # the first row: not a gaitpdb file at all, perhaps another format's
                raise wrong_format(path, "physionet") or fail(
                    path, i + 1, f"not a PhysioNet gait file (expected {N_COLUMNS} columns, found {len(fields)})"
                                 f"{hint}")
            hint = hint or cut_short_hint(lines, i, len(fields), N_COLUMNS)
            raise fail(path, i + 1, f"expected {N_COLUMNS} columns, found {len(fields)}{hint}")
        rows.append(fields)
        numbers.append(i + 1)
    cells = np.array(rows, dtype=str)
    line_numbers = np.array(numbers, dtype=int)
    values = numeric_columns(path, cells, line_numbers, NAMES, allow_empty=False, largest=_LARGEST_N,
                             stored_as=_BOUNDS)
    return values, line_numbers


def _values_fast(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """As :func:`_values_lines`, through pyarrow, for a clean file of TAB-separated rows without blank
    lines (monitor.importers.fastread); None for any other file. A ``+`` before a number is taken: pyarrow
    reads it as the line reading does (text_checks.without_plus)."""
    text = scan_text(path, latin1=True, count_lines=True)
    if text is None:
        return None
    table = read_table(text, text.start, n_columns=N_COLUMNS, delimiter="\t")
    if table is None or table.n_rows != text.n_lines:
        return None
    if any(np.isnan(v).any() or np.any(np.abs(v) > _LARGEST_N) or not agrees_with_to_numeric(v)
           for v in table.columns):
        return None
    return np.column_stack(table.columns), np.arange(1, table.n_rows + 1)


def _name_fields(path: Path) -> dict[str, str]:
    """What the gaitpdb file name says: study (Ga/Ju/Si), group (control/patient), subject, walk."""
    m = _NAME.match(path.stem)
    if not m:
        return {}
    return {"study": m.group(1), "group": "control" if m.group(2) == "Co" else "patient",
            "subject": m.group(3), "walk": m.group(4)}
