"""The generic CSV import's memory grows with the file by the feet's float32 pressures and times, not by
float64 copies of its whole table (docs/performance.md, "Import of a generic CSV: memory"); so does its
line-by-line reading, which a file the fast reading declines takes (one with an error, one with a row
ended by a lone CR), not by the csv module's cells of the whole file as Python strings.

Measured as benchmarks/bench_import_csv.py measures it: the steps of ``solewatch import csv`` (read, write
the session, count its samples) in a process of their own, the peak resident set over what the process
held once loaded (Linux: the peak reset through /proc/self/clear_refs). A small file's growth is taken
from a large one's, so that what any import costs whatever its size (pyarrow's code and pools) cancels
out, and what is left is what the large file's rows cost. A resident set, not a time: the host's speed
does not enter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from monitor.codebook import sensor_columns

#: The most the reading may grow by, over a smaller file's reading, per byte the larger file has more.
#: Measured: 1.3 (each foot's float32 pressures and float64 times, 72 bytes a row of about 125 here, with
#: the time axis of both feet and pyarrow's blocks); 4.5 when the whole table was read as float64 columns
#: first and each foot's copied out of it. The bound lies between the two (guess).
MOST_READING_PER_BYTE = 2.5
#: The same for the writing, over what the reading left. Measured: about 0.1 (a chunk of the frames table
#: at a time, and the sort order); 2.5 when the frames table was built whole, each foot's pressures in
#: float64 for it, and converted to Arrow whole. The bound lies between the two (guess).
MOST_WRITING_PER_BYTE = 1.0
#: The same for the line-by-line reading (a file with one bad cell near its end, or a row ended by a lone
#: CR). Measured: 0.7 with the bad cell, 1.4 with a padded `` nan `` (which pyarrow read up to first, when
#: the line reading took such a file): each foot's
#: float32 pressures, float64 times and line numbers, with a chunk of 16,384 rows' cells at a time; 50 for
#: both when the csv module's cells of the whole file were held as Python strings, then as a numpy str
#: table. The bound lies between the two (guess).
MOST_LINE_READING_PER_BYTE = 5.0

#: What each measuring child starts with: ``status(KEY)``, a /proc/self/status size in bytes (VmRSS, VmHWM),
#: and ``reset()``, which sets the peak (VmHWM) back to the resident set now.
_MEASURE = """
import json, sys

def status(key):
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith(key + ":")) * 1024

def reset():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
"""

#: The command's steps in a process of their own (argv: FILE, LAYOUT, OUT); prints, in bytes, the peak
#: resident set of the reading above the loaded process's, and that of the writing above what the reading
#: left.
_STEPS = _MEASURE + """
from monitor.importers import read_recording, sample_counts, write_session
import monitor.importers.generic_csv
loaded = status("VmRSS")
reset()
rec = read_recording("csv", sys.argv[1], layout=sys.argv[2])
reading = status("VmHWM") - loaded
read = status("VmRSS")
reset()
write_session(rec, sys.argv[3])
sample_counts(rec)
print(json.dumps({"reading": reading, "writing": status("VmHWM") - read}))
"""


#: The reading alone in a process of its own (argv: FILE, LAYOUT); prints, in bytes, its peak resident set
#: above the loaded process's, and the error's one line when the file has one.
_READ_ONLY = _MEASURE + """
from monitor.errors import SessionFormatError
from monitor.importers import read_recording
import monitor.importers.generic_csv
loaded = status("VmRSS")
reset()
try:
    read_recording("csv", sys.argv[1], layout=sys.argv[2])
    error = ""
except SessionFormatError as exc:
    error = str(exc)
print(json.dumps({"reading": status("VmHWM") - loaded, "error": error}))
"""


def _write_layout(path: Path) -> Path:
    """Both feet at 100 Hz, 16 sensors heel to toe (made-up positions and areas)."""
    y = np.linspace(0.05, 0.95, 16)
    regions = ["heel_medial" if v < 0.25 else "midfoot_lateral" if v < 0.5 else "mth2" if v < 0.8 else "hallux"
               for v in y]
    foot = {"rate_hz": 100, "x": np.linspace(-0.3, 0.3, 16).round(3).tolist(), "y": y.round(3).tolist(),
            "area_mm2": [150] * 16, "regions": regions}
    path.write_text(json.dumps({"feet": {"left": foot, "right": foot}}), encoding="utf-8")
    return path


def _write_csv(path: Path, n_frames: int) -> Path:
    """A two-foot 100 Hz generic CSV of ``n_frames`` frames a foot, 16 sensors, feet interleaved, a few
    empty cells; written through pyarrow (fast, unquoted)."""
    rng = np.random.default_rng(3)
    n = 2 * n_frames
    kpa = np.round(rng.uniform(0, 400, (16, n)) * 4) / 4
    kpa[rng.random((16, n)) < 0.01] = np.nan
    t_s = np.repeat(np.arange(n_frames) / 100, 2) + np.tile([0.0, 0.004], n_frames)
    foot = pa.array(np.tile(["left", "right"], n_frames).tolist(), pa.string())
    names = ["t_s", "foot", *sensor_columns(16)]
    table = pa.table([pa.array(t_s), foot, *[pa.array(row, from_pandas=True) for row in kpa]], names=names)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
    return path


def _growth_bytes(path: Path, layout: Path, out: Path) -> dict[str, int]:
    """The peak growth of the reading and of the writing (:data:`_STEPS`), bytes."""
    proc = subprocess.run([sys.executable, "-c", _STEPS, str(path), str(layout), str(out)], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def growth(tmp_path_factory) -> dict[str, float]:
    """Per stage, how much more the large file's import grew than the small one's, per byte more of file."""
    tmp = tmp_path_factory.mktemp("memory")
    layout = _write_layout(tmp / "layout.json")
    small = _write_csv(tmp / "small.csv", 30_000)
    large = _write_csv(tmp / "large.csv", 150_000)
    grown = {name: _growth_bytes(path, layout, tmp / name) for name, path in (("small", small), ("large", large))}
    extra = large.stat().st_size - small.stat().st_size
    return {stage: (grown["large"][stage] - grown["small"][stage]) / extra for stage in ("reading", "writing")}


def _end_with_cr(path: Path, row: int) -> Path:
    """End data row ``row`` (0-based) with a lone CR rather than LF, in place: a good file the fast reading
    declines (monitor.importers.fastread)."""
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:row + 1]) + b"\n" + lines[row + 1] + b"\r" + b"\n".join(lines[row + 2:]))
    return path


def _edit_cell(path: Path, row: int, column: int, text: str) -> Path:
    """Write ``text`` in data row ``row`` (0-based; negative from the end), cell ``column``, in place."""
    lines = path.read_bytes().split(b"\n")  # the last is the empty text after the final line break
    i = row + 1 if row >= 0 else len(lines) - 1 + row
    cells = lines[i].split(b",")
    cells[column] = text.encode()
    lines[i] = b",".join(cells)
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.fixture(scope="module")
def line_growth(tmp_path_factory) -> dict[str, float]:
    """Per kind of file the fast reading declines, how much more the large file's reading grew than the
    small one's, per byte more of file; and the large files' errors."""
    tmp = tmp_path_factory.mktemp("line_memory")
    layout = _write_layout(tmp / "layout.json")
    out: dict[str, float] = {}
    for kind in ("bad_cell", "lone_cr"):
        grown, sizes = {}, {}
        for name, n_frames in (("small", 10_000), ("large", 60_000)):
            path = _write_csv(tmp / f"{kind}_{name}.csv", n_frames)
            if kind == "bad_cell":
                _edit_cell(path, -10, 5, "1.2.3")
            else:
                _end_with_cr(path, n_frames)
            proc = subprocess.run([sys.executable, "-c", _READ_ONLY, str(path), str(layout)], capture_output=True,
                                  text=True, check=True)
            grown[name] = json.loads(proc.stdout.strip().splitlines()[-1])
            sizes[name] = path.stat().st_size
        out[kind] = (grown["large"]["reading"] - grown["small"]["reading"]) / (sizes["large"] - sizes["small"])
        out[f"{kind}_error"] = grown["large"]["error"]
    return out


linux_only = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(),
                                reason="needs Linux's /proc/self/clear_refs")


@linux_only
def test_reading_holds_the_feet_arrays_not_the_whole_table(growth):
    assert growth["reading"] <= MOST_READING_PER_BYTE, growth


@linux_only
def test_writing_takes_the_frames_in_chunks(growth):
    assert growth["writing"] <= MOST_WRITING_PER_BYTE, growth


@linux_only
def test_line_reading_of_a_file_with_one_bad_cell_holds_the_feet_arrays_not_its_cells(line_growth):
    said = ": line 119992: column 'p03_kpa': '1.2.3' is not a number"
    assert line_growth["bad_cell_error"].endswith(said), line_growth
    assert line_growth["bad_cell"] <= MOST_LINE_READING_PER_BYTE, line_growth


@linux_only
def test_line_reading_of_a_good_file_it_takes_holds_the_feet_arrays_not_its_cells(line_growth):
    assert line_growth["lone_cr_error"] == "", line_growth
    assert line_growth["lone_cr"] <= MOST_LINE_READING_PER_BYTE, line_growth


#: Reads SMALL, then FILE, with LAYOUT (argv) in a process of its own; prints, in bytes, how far its peak
#: virtual size (VmPeak: what it reserved, touched or not) rose with FILE's reading, over what SMALL's left
#: (pandas, pyarrow and their pools loaded by then).
_RESERVED = """
import sys

def status(key):
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith(key + ":")) * 1024

from monitor.importers.generic_csv import read_generic_csv
read_generic_csv(sys.argv[1], sys.argv[3])
before = status("VmPeak")
read_generic_csv(sys.argv[2], sys.argv[3])
print(status("VmPeak") - before)
"""


@linux_only
@pytest.mark.parametrize("third_end", ["\r", "\n"], ids=["line-reading", "pyarrow-reading"])
def test_reading_reserves_for_the_rows_a_file_can_hold_not_for_each_blank_line(tmp_path, third_end):
    """Each reading reserves each foot's arrays (np.empty, given pages only where written) for the most
    rows the file holds: counted by its lines, a million blank lines and a 1,024-sensor layout reserved
    4 GiB a foot (8 million, 31 GiB: a MemoryError on a 24-GiB host, a traceback). A row of the header's
    n cells takes n - 1 commas, which bounds the rows too. ``third_end``: the third row's line end; a lone
    CR sends the file to the line reading."""
    from monitor.importers import generic_csv

    n = 1024
    foot = {"rate_hz": 100, "x": [0.0] * n, "y": [0.5] * n, "area_mm2": [100] * n, "regions": ["heel_medial"] * n}
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({"feet": {"left": foot}}), encoding="utf-8")
    rows = [f"{i / 100:.2f},left," + ",".join(["1"] * n) + (third_end if i == 2 else "\n") for i in range(4)]
    text = ",".join(["t_s", "foot", *sensor_columns(n)]) + "\n" + "".join(rows)
    small, path = tmp_path / "small.csv", tmp_path / "wide.csv"
    small.write_text(text, encoding="utf-8", newline="")
    path.write_text(text + "\n" * 1_000_000, encoding="utf-8", newline="")
    assert (generic_csv._parse_fast(small, generic_csv._LayoutFile(layout)) is None) == (third_end == "\r")
    proc = subprocess.run([sys.executable, "-c", _RESERVED, str(small), str(path), str(layout)], capture_output=True,
                          text=True, check=True)
    assert int(proc.stdout.strip().splitlines()[-1]) < 1 << 30, proc.stdout  # 4 GiB had reserved
