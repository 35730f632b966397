"""`solewatch import csv` of a 10-min two-foot 100 Hz generic CSV: unquoted, quoted, and read line by line;
and the peak memory of a 60-min one's import.

One synthetic recording (16 sensors a foot, both feet at 100 Hz, interleaved as `solewatch export` writes
them: 120,000 rows x 18 columns; a few frames that never arrived and a few single empty cells) is written
as three CSV files that hold the same cells, with one layout JSON (docs/import-csv.md):

* ``unquoted``: plain CSV, LF line ends, an empty cell for a missing value: read through pyarrow;
* ``quoted``: every cell and header name in double quotes (``""`` for a missing value), CR LF line ends, as
  spreadsheets write CSV: read through pyarrow with its quoting (monitor.importers.fastread);
* ``lines``: the unquoted file with one row, in the middle of the file, ended by a lone CR (an old Mac
  line end) rather than LF: a good file, which the csv module reads as the others, but the fast reading
  declines it after its scan (a lone CR, fastread's docstring says why), so the csv module reads it line by
  line (generic_csv_lines._parse_lines).

The three are imported by ``solewatch import csv FILE --layout LAYOUT -o DIR`` as whole processes, in
turns (unquoted, quoted, lines; BENCH_IMPORT_CSV_ROUNDS rounds, default 5), so that a host whose load
changes treats them alike. Each process's wall time, CPU time (user + system: the fairer measure on a
loaded host) and peak resident set (``ru_maxrss`` of the child) are taken; the figures are the medians over
the rounds, with the ratios quoted / unquoted and lines / unquoted. Each round also times the reading
alone, ``read_generic_csv`` in a process of its own (the CPU time of the call, and the process's peak):
what the whole process's figures dilute with the start-up and the session's writing, which the three
share. Checked after the timings: that the fast reading takes the first two files and not the third, and
that the three sessions hold the same frames (frames.parquet and extras.parquet value for value, gaps.csv
byte for byte).

Target (docs/import-csv.md): the quoted file within 1.3x the unquoted one's CPU time. The line reading's
cost is measured, not held to a target.

A second row measures memory on a long recording (BENCH_IMPORT_CSV_LONG_MINUTES, default 60: the same
recording, unquoted only, 720,000 rows): ``solewatch import csv`` as a whole process (peak resident set,
CPU and wall time; BENCH_IMPORT_CSV_LONG_ROUNDS rounds, default 3, medians), and the same steps as the
command takes them in a process of their own, with the peak resident set taken at each stage's end and
reset before the next (Linux: ``/proc/self/clear_refs``): the start-up (Python, numpy, pyarrow, pandas and
the importers loaded), the reading (``read_recording``: the file to per-foot arrays) and the writing
(``write_session``, ``sample_counts``). Target (docs/performance.md, "Import"): the whole command's peak at
most 4x the file's size, the Moticon import's.

A third row measures the line reading's memory on the long recording: two files the fast reading
declines, each read line by line (generic_csv_lines._parse_lines), ``lines`` (a row ended by a lone CR in
the middle) and ``bad_cell`` (a cell ``1.2.3`` ten rows before the end: the command's one-line error, exit
2), and ``padded_nan`` (a cell `` nan `` in the middle), which pyarrow reads up to that cell, then, its
text looked up, reads again whole (generic_csv_fast._parse_fast), each imported by the command as a whole
process (BENCH_IMPORT_CSV_LINES_ROUNDS rounds, default 1, medians): its peak resident set over the file's
size, CPU and wall time. No target; the line reading was 32x the file.

Prints JSON lines for benchmarks/run_all.py. BENCH_IMPORT_CSV_MINUTES sets the first row's recording's
length (default 10). ``python bench_import_csv.py --write DIR`` writes the three files and the layout only;
``--write-long DIR`` the long recording's unquoted file and the layout; ``--write-long-lines DIR`` its three
line-read files; ``--lines-memory`` runs the third row alone.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from child_process import run  # noqa: E402  (after the path)

MINUTES = float(os.environ.get("BENCH_IMPORT_CSV_MINUTES", "10"))
ROUNDS = int(os.environ.get("BENCH_IMPORT_CSV_ROUNDS", "5"))
LONG_MINUTES = float(os.environ.get("BENCH_IMPORT_CSV_LONG_MINUTES", "60"))
LONG_ROUNDS = int(os.environ.get("BENCH_IMPORT_CSV_LONG_ROUNDS", "3"))
#: Target: the long file's whole command at most this many times the file's size in peak resident memory
#: (the Moticon import's, docs/performance.md "Import").
MEMORY_TARGET = 4.0
RATE_HZ = 100
N_SENSORS = 16
#: Target: the quoted file's CPU time over the unquoted one's (docs/import-csv.md).
QUOTED_TARGET = 1.3
SOLEWATCH = Path(sys.executable).with_name("solewatch")
VARIANTS = ("unquoted", "quoted", "lines")
#: The third row's files: the lone-CR file and one bad cell near the end, read line by line; one padded
#: ` nan `, read by pyarrow twice.
LINE_VARIANTS = ("lines", "bad_cell", "padded_nan")
FILES = {"unquoted": "walk.csv", "quoted": "walk_quoted.csv", "lines": "walk_lone_cr.csv",
         "bad_cell": "walk_bad_cell.csv", "padded_nan": "walk_padded_nan.csv"}
LINES_ROUNDS = int(os.environ.get("BENCH_IMPORT_CSV_LINES_ROUNDS", "1"))
LAYOUT = "layout.json"

#: A 16-sensor insole in the anatomical frame of docs/protocol.md (x medial -0.5 .. lateral +0.5, y heel
#: 0 .. toe 1); made-up positions and areas, as the generated pressures are.
_SENSORS = [  # (x, y, area_mm2, region)
    (-0.15, 0.06, 250, "heel_medial"), (0.15, 0.06, 250, "heel_lateral"),
    (-0.15, 0.16, 250, "heel_medial"), (0.15, 0.16, 250, "heel_lateral"),
    (-0.2, 0.38, 200, "midfoot_medial"), (0.2, 0.38, 200, "midfoot_lateral"),
    (0.25, 0.52, 200, "midfoot_lateral"), (-0.3, 0.68, 180, "mth1"),
    (-0.1, 0.71, 180, "mth2"), (0.05, 0.70, 180, "mth3"),
    (0.2, 0.67, 180, "mth4"), (0.32, 0.62, 180, "mth5"),
    (-0.28, 0.92, 150, "hallux"), (-0.05, 0.88, 120, "lesser_toes"),
    (0.12, 0.85, 120, "lesser_toes"), (0.26, 0.8, 120, "lesser_toes"),
]


def layout_json() -> dict:
    """The layout of the generated files: both feet, 16 sensors each, 100 Hz."""
    foot = {"rate_hz": RATE_HZ, "x": [s[0] for s in _SENSORS], "y": [s[1] for s in _SENSORS],
            "area_mm2": [s[2] for s in _SENSORS], "regions": [s[3] for s in _SENSORS], "resolution_kpa": 0.01,
            "positions_inferred": True}
    return {"label": "bench-walk", "activity": "walking", "start_utc": "2024-05-01T09:30:00.000Z",
            "caveats": ["synthetic pressures generated by benchmarks/bench_import_csv.py"],
            "feet": {"left": foot, "right": foot}}


def write_files(out: Path, minutes: float = MINUTES, seed: int = 1, variants: tuple[str, ...] = VARIANTS) -> None:
    """Write FILES' CSVs (``variants`` of them) and LAYOUT into ``out``: the same cells, unquoted, quoted,
    with a row ended by a lone CR, with a bad cell, with a padded `` nan ``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = int(round(minutes * 60 * RATE_HZ))  # frames per foot
    y = np.array([s[1] for s in _SENSORS])
    peak_kpa = rng.uniform(150, 450, N_SENSORS)
    cells: list[np.ndarray] = []  # per foot: (n, 16) str
    for k in range(2):
        t_s = np.arange(n) / RATE_HZ
        # walking at about 1 step a second a foot: a stance of 0.6 s, the heel first, the toes last
        phase = (t_s * 0.95 + 0.5 * k)[:, None] % 1.0 - 0.45 * y[None, :]
        load = np.where((phase > 0) & (phase < 0.3), np.sin(np.pi * phase / 0.3), 0.0)
        kpa = load * peak_kpa * rng.uniform(0.85, 1.15, (n, 1)) + rng.normal(0, 1.5, (n, N_SENSORS))
        hundredths = np.clip(np.round(kpa * 100), 0, None).astype(np.int64)
        table = np.array([f"{c / 100:.2f}" for c in range(int(hundredths.max()) + 1)], dtype=object)
        text = table[hundredths]
        for start in rng.choice(n - 3, n // 300, replace=False):  # frames that never arrived, 3 at a time
            text[start:start + 3] = ""
        text[rng.random((n, N_SENSORS)) < 0.001] = ""  # single missing samples
        cells.append(text)
    header = ["t_s", "foot", *[f"p{j:02d}_kpa" for j in range(N_SENSORS)]]
    rows: list[list[str]] = []
    for i in range(n):
        for k, foot in enumerate(("left", "right")):
            rows.append([f"{i / RATE_HZ + 0.004 * k:.3f}", foot, *cells[k][i]])
    if "unquoted" in variants:
        (out / FILES["unquoted"]).write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n",
                                             encoding="utf-8")
    if "quoted" in variants:
        (out / FILES["quoted"]).write_bytes(("\r\n".join(",".join(f'"{c}"' for c in r) for r in [header, *rows])
                                             + "\r\n").encode())
    if "lines" in variants:
        i = len(rows) // 2
        lines = [",".join(r) for r in [header, *rows]]
        (out / FILES["lines"]).write_text("\n".join(lines[:i]) + "\n" + lines[i] + "\r"
                                          + "\n".join(lines[i + 1:]) + "\n", encoding="utf-8", newline="")
    if "bad_cell" in variants:  # ten rows before the end, a cell that is no number: the error's one line
        i = len(rows) - 10
        kept, rows[i][5] = rows[i][5], "1.2.3"
        (out / FILES["bad_cell"]).write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n",
                                             encoding="utf-8")
        rows[i][5] = kept
    if "padded_nan" in variants:  # in the middle, one cell missing written ` nan `, as some tools pad it
        i = len(rows) // 2 + 1
        kept, rows[i][6] = rows[i][6], " nan "
        (out / FILES["padded_nan"]).write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n",
                                               encoding="utf-8")
        rows[i][6] = kept
    (out / LAYOUT).write_text(json.dumps(layout_json(), indent=1) + "\n", encoding="utf-8")


#: A process that reads FILE with LAYOUT (argv) and prints the CPU seconds of the reading alone.
READ_CODE = """
import sys, time
from monitor.importers.generic_csv import read_generic_csv
t0 = time.process_time()
read_generic_csv(sys.argv[1], sys.argv[2])
print(time.process_time() - t0)
"""


#: A process that takes the steps of ``solewatch import csv FILE --layout LAYOUT -o OUT`` (argv: FILE, LAYOUT,
#: OUT) and prints, as JSON, the peak resident set (MiB) of each stage: each stage's peak is read at its
#: end and reset before the next (writing 5 to /proc/self/clear_refs), so a stage's peak counts what the
#: stages before it left resident.
STAGES_CODE = """
import json, sys

def peak_mib():
    with open("/proc/self/status") as f:
        return next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM:")) / 1024.0

def reset():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")

from monitor.importers import read_recording, sample_counts, write_session  # as the command loads them
import monitor.importers.generic_csv
peaks = {"start_up": peak_mib()}
reset()
rec = read_recording("csv", sys.argv[1], layout=sys.argv[2])
peaks["reading"] = peak_mib()
reset()
write_session(rec, sys.argv[3])
sample_counts(rec)
peaks["writing"] = peak_mib()
print(json.dumps(peaks))
"""


def main() -> None:
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--write", str(tmp_path)], check=True)
        files = {v: tmp_path / FILES[v] for v in VARIANTS}
        size_mib = {v: files[v].stat().st_size / 2**20 for v in VARIANTS}
        n_rows = sum(1 for _ in open(files["unquoted"], "rb")) - 1
        runs: dict[str, list[tuple[float, float, float]]] = {v: [] for v in VARIANTS}
        reads: dict[str, list[tuple[float, float]]] = {v: [] for v in VARIANTS}  # (read CPU s, peak MiB)
        outs = {v: tmp_path / f"session-{v}" for v in VARIANTS}
        for k in range(ROUNDS):
            for v in VARIANTS:
                shutil.rmtree(outs[v], ignore_errors=True)
                runs[v].append(run([str(SOLEWATCH), "import", "csv", str(files[v]), "--layout",
                                    str(tmp_path / LAYOUT), "-o", str(outs[v])]))
            for v in VARIANTS:
                printed: list[str] = []
                _, _, peak_mib = run([sys.executable, "-c", READ_CODE, str(files[v]), str(tmp_path / LAYOUT)],
                                     printed)
                reads[v].append((float(printed[0]), peak_mib))
        load_end = os.getloadavg()[0]
        paths = reading_taken(files, tmp_path / LAYOUT)
        same = same_frames(outs)
    med = {v: tuple(statistics.median(x[i] for x in runs[v]) for i in range(3)) for v in VARIANTS}
    (u_s, u_cpu, u_mib), (q_s, q_cpu, q_mib), (l_s, l_cpu, l_mib) = (med[v] for v in VARIANTS)
    read = {v: tuple(statistics.median(x[i] for x in reads[v]) for i in range(2)) for v in VARIANTS}
    (ru_cpu, ru_mib), (rq_cpu, rq_mib), (rl_cpu, rl_mib) = (read[v] for v in VARIANTS)
    q_ratio = q_cpu / u_cpu
    met = "met" if q_ratio <= QUOTED_TARGET else "not met"
    print(json.dumps({
        "name": f"import a {MINUTES:g}-min two-foot {RATE_HZ} Hz generic CSV ({n_rows:,} rows x "
                f"{2 + N_SENSORS} columns, {size_mib['unquoted']:.0f} MiB; quoted {size_mib['quoted']:.0f} MiB): "
                "unquoted, quoted, read line by line, as whole processes",
        "headline": f"unquoted {u_cpu:.2f} s CPU, peak {u_mib:,.0f} MiB; quoted {q_ratio:.2f}x its CPU "
                    f"(target {QUOTED_TARGET}x: {met}); line reading {l_cpu / u_cpu:.1f}x its CPU, "
                    f"{l_mib / u_mib:.1f}x its peak (the reading alone: quoted {rq_cpu / ru_cpu:.2f}x, lines "
                    f"{rl_cpu / ru_cpu:.1f}x the CPU)",
        "unquoted_wall_s": round(u_s, 2), "unquoted_cpu_s": round(u_cpu, 2), "unquoted_peak_mib": round(u_mib),
        "quoted_wall_s": round(q_s, 2), "quoted_cpu_s": round(q_cpu, 2), "quoted_peak_mib": round(q_mib),
        "lines_wall_s": round(l_s, 2), "lines_cpu_s": round(l_cpu, 2), "lines_peak_mib": round(l_mib),
        "quoted_over_unquoted_cpu": round(q_ratio, 2), "quoted_over_unquoted_wall": round(q_s / u_s, 2),
        "quoted_over_unquoted_peak": round(q_mib / u_mib, 2),
        "lines_over_unquoted_cpu": round(l_cpu / u_cpu, 2), "lines_over_unquoted_wall": round(l_s / u_s, 2),
        "lines_over_unquoted_peak": round(l_mib / u_mib, 2),
        "read_cpu_s": {"unquoted": round(ru_cpu, 2), "quoted": round(rq_cpu, 2), "lines": round(rl_cpu, 2)},
        "read_process_peak_mib": {"unquoted": round(ru_mib), "quoted": round(rq_mib), "lines": round(rl_mib)},
        "read_quoted_over_unquoted_cpu": round(rq_cpu / ru_cpu, 2),
        "read_lines_over_unquoted_cpu": round(rl_cpu / ru_cpu, 2),
        "read_lines_over_unquoted_peak": round(rl_mib / ru_mib, 2),
        "quoted_target_cpu_ratio": QUOTED_TARGET, "quoted_target_met": q_ratio <= QUOTED_TARGET,
        "load_average_1min_start": round(load_start, 1), "load_average_1min": round(load_end, 1),
        "file_mib": {v: round(size_mib[v], 1) for v in VARIANTS}, "rounds": ROUNDS,
        "order": "unquoted, quoted, lines in turns, then the three readings alone",
        "cpus_s": {v: [round(r[1], 2) for r in runs[v]] for v in VARIANTS},
        "walls_s": {v: [round(r[0], 2) for r in runs[v]] for v in VARIANTS},
        "reading_taken": paths,
        "same_frames": same,
    }), flush=True)
    print(json.dumps(long_file_memory()), flush=True)
    print(json.dumps(line_reading_memory()), flush=True)


def long_file_memory() -> dict:
    """The second row: the long recording's unquoted file imported as a whole process, and its stages'
    peaks (module docstring)."""
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--write-long", str(tmp_path)], check=True)
        path, layout, out = tmp_path / FILES["unquoted"], tmp_path / LAYOUT, tmp_path / "session"
        size_mib = path.stat().st_size / 2**20
        n_rows = sum(1 for _ in open(path, "rb")) - 1
        runs, stages = [], []
        for _ in range(LONG_ROUNDS):
            shutil.rmtree(out, ignore_errors=True)
            runs.append(run([str(SOLEWATCH), "import", "csv", str(path), "--layout", str(layout), "-o", str(out)]))
            shutil.rmtree(out, ignore_errors=True)
            printed: list[str] = []
            run([sys.executable, "-c", STAGES_CODE, str(path), str(layout), str(out)], printed)
            stages.append(json.loads(printed[0]))
        load_end = os.getloadavg()[0]
        taken = reading_taken({"unquoted": path}, layout)["unquoted"]
    wall_s, cpu_s, peak_mib = (statistics.median(r[i] for r in runs) for i in range(3))
    stage_mib = {k: round(statistics.median(s[k] for s in stages)) for k in stages[0]}
    ratio = peak_mib / size_mib
    met = ratio <= MEMORY_TARGET
    return {
        "name": f"import a {LONG_MINUTES:g}-min two-foot {RATE_HZ} Hz generic CSV ({n_rows:,} rows x {2 + N_SENSORS} "
                f"columns, {size_mib:.0f} MiB, unquoted): peak memory of the whole process, and by stage",
        "headline": f"peak {peak_mib:,.0f} MiB, {ratio:.2f}x the file (target {MEMORY_TARGET:g}x: "
                    f"{'met' if met else 'not met'}); {cpu_s:.2f} s CPU; peak by stage: start-up "
                    f"{stage_mib['start_up']} MiB, reading {stage_mib['reading']}, writing {stage_mib['writing']}",
        "peak_mib": round(peak_mib), "peak_over_file": round(ratio, 2), "memory_target": MEMORY_TARGET,
        "memory_target_met": met, "cpu_s": round(cpu_s, 2), "wall_s": round(wall_s, 2),
        "stage_peak_mib": stage_mib, "file_mib": round(size_mib, 1), "rounds": LONG_ROUNDS,
        "peaks_mib": [round(r[2]) for r in runs], "cpus_s": [round(r[1], 2) for r in runs],
        "stage_peaks_mib": [{k: round(v) for k, v in st.items()} for st in stages],
        "reading_taken": taken,
        "load_average_1min_start": round(load_start, 1), "load_average_1min": round(load_end, 1),
    }


def line_reading_memory() -> dict:
    """The third row: the long recording's files that are read line by line (LINE_VARIANTS: a row ended by a
    lone CR, a bad cell ten rows before the end) and one with a padded `` nan `` cell, read by pyarrow, each
    imported as a whole process: its peak resident set over the file's size (module docstring)."""
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--write-long-lines", str(tmp_path)],
                       check=True)
        files = {v: tmp_path / FILES[v] for v in LINE_VARIANTS}
        layout, out = tmp_path / LAYOUT, tmp_path / "session"
        size_mib = {v: files[v].stat().st_size / 2**20 for v in LINE_VARIANTS}
        runs: dict[str, list[tuple[float, float, float]]] = {v: [] for v in LINE_VARIANTS}
        for _ in range(LINES_ROUNDS):
            for v in LINE_VARIANTS:
                shutil.rmtree(out, ignore_errors=True)
                runs[v].append(run([str(SOLEWATCH), "import", "csv", str(files[v]), "--layout", str(layout), "-o",
                                    str(out)], exit_codes=(2,) if v == "bad_cell" else (0,)))
        load_end = os.getloadavg()[0]
        taken = reading_taken(files, layout)
    med = {v: tuple(statistics.median(r[i] for r in runs[v]) for i in range(3)) for v in LINE_VARIANTS}
    ratio = {v: med[v][2] / size_mib[v] for v in LINE_VARIANTS}
    return {
        "name": f"import a {LONG_MINUTES:g}-min two-foot {RATE_HZ} Hz generic CSV read line by line "
                f"({size_mib['lines']:.0f} "
                "MiB; a row ended by a lone CR, a bad cell ten rows before the end), and one with a padded ` nan ` "
                "cell that pyarrow reads: peak memory as whole processes",
        "headline": "; ".join(f"{v.replace('_', ' ')} peak {med[v][2]:,.0f} MiB, {ratio[v]:.1f}x the file, "
                              f"{med[v][1]:.1f} s CPU" for v in LINE_VARIANTS),
        "peak_mib": {v: round(med[v][2]) for v in LINE_VARIANTS},
        "peak_over_file": {v: round(ratio[v], 2) for v in LINE_VARIANTS},
        "cpu_s": {v: round(med[v][1], 2) for v in LINE_VARIANTS},
        "wall_s": {v: round(med[v][0], 2) for v in LINE_VARIANTS},
        "file_mib": {v: round(size_mib[v], 1) for v in LINE_VARIANTS}, "rounds": LINES_ROUNDS,
        "reading_taken": taken,
        "load_average_1min_start": round(load_start, 1), "load_average_1min": round(load_end, 1),
    }


def reading_taken(files: dict[str, Path], layout: Path) -> dict[str, str]:
    """Per variant, which reading the importer takes: ``pyarrow`` (generic_csv._parse_fast answers) or
    ``lines`` (it declines, and the csv module reads the file line by line)."""
    from monitor.importers import generic_csv

    lay = generic_csv._LayoutFile(layout)
    return {v: "pyarrow" if generic_csv._parse_fast(path, lay) is not None else "lines" for v, path in files.items()}


def same_frames(outs: dict[str, Path]) -> bool:
    """Whether the sessions imported from the three files hold the same frames: frames.parquet value for
    value (NaN where NaN), extras.parquet and gaps.csv the same."""
    import pandas as pd

    first, *others = (outs[v] for v in VARIANTS)
    return all(pd.read_parquet(o / t).equals(pd.read_parquet(first / t)) for o in others
               for t in ("frames.parquet", "extras.parquet")) \
        and all((o / "gaps.csv").read_bytes() == (first / "gaps.csv").read_bytes() for o in others)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_files(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--write-long"]:
        write_files(Path(sys.argv[2]), minutes=LONG_MINUTES, variants=("unquoted",))
    elif sys.argv[1:2] == ["--write-long-lines"]:
        write_files(Path(sys.argv[2]), minutes=LONG_MINUTES, variants=LINE_VARIANTS)
    elif sys.argv[1:2] == ["--lines-memory"]:
        print(json.dumps(line_reading_memory()), flush=True)
    else:
        main()
