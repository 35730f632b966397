"""`solewatch import moticon` of a 50-min two-foot 50 Hz export, against Moticon's own loader and the floor.

The file is a synthetic OpenGo text export in the format of the real ones (benchmarks/moticon_export.py:
150,000 rows x 53 columns, about 50 MB). Three whole processes read it, in turns (A B C A B C ...), so
that a host whose load changes treats them alike:

* A: ``solewatch import moticon FILE -o DIR`` (parse, convert, write the session directory);
* B: moticon-opengo's ``Measurement(FILE)`` (its loader, default options), the peer; it is the bench
  extra of pyproject.toml (``make bench`` installs it). Without it, B is left out and said to be;
* C: ``pyarrow.csv.read_csv`` of the same rows into a table (nothing else): the floor.

Each process's wall time, CPU time (user + system: the fairer measure on a loaded host) and peak resident
set (``ru_maxrss`` of the child) are taken; the figures are the medians over BENCH_IMPORT_ROUNDS rounds (default 3),
with the ratios: peer / import (the speed-up over moticon-opengo), import / floor, and the import's peak memory over the
file's size. The import's fast reading (pyarrow) is checked against reading the same file line by line: the same
recording, bit for bit; and the session it wrote block by block (monitor.importers.moticon_stream) against the
whole-file writer's.

Prints JSON lines for benchmarks/run_all.py. BENCH_IMPORT_MINUTES sets the export's length (default 50).
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from child_process import run  # noqa: E402  (after the path)

MINUTES = float(os.environ.get("BENCH_IMPORT_MINUTES", "50"))
ROUNDS = int(os.environ.get("BENCH_IMPORT_ROUNDS", "3"))
RATE_HZ = 50
SOLEWATCH = Path(sys.executable).with_name("solewatch")
PEER_CODE = "import sys; from moticon_opengo.txt_export import Measurement; Measurement(sys.argv[1])"
FLOOR_CODE = """
import sys
import pyarrow.csv as pacsv
with open(sys.argv[1], "rb") as f:
    n_header = 0
    while f.readline().startswith(b"#"):
        n_header += 1
pacsv.read_csv(sys.argv[1], read_options=pacsv.ReadOptions(skip_rows=n_header, autogenerate_column_names=True),
               parse_options=pacsv.ParseOptions(delimiter="\\t"))
"""


def main() -> None:
    has_peer = importlib.util.find_spec("moticon_opengo") is not None
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        export = tmp_path / "walk_50min.txt"
        subprocess.run([sys.executable, "-c", "import sys; from moticon_export import write_export; "
                        f"write_export(__import__('pathlib').Path(sys.argv[1]), minutes={MINUTES}, "
                        f"rate_hz={RATE_HZ}, seed=1)", str(export)], check=True, cwd=HERE)
        size_mib = export.stat().st_size / 2**20
        n_rows = sum(1 for _ in open(export, "rb")) - 9
        runs: dict[str, list[tuple[float, float, float]]] = {"import": [], "peer": [], "floor": []}
        for k in range(ROUNDS):
            out = tmp_path / f"session-{k}"
            runs["import"].append(run([str(SOLEWATCH), "import", "moticon", str(export), "-o", str(out)]))
            if has_peer:
                runs["peer"].append(run([sys.executable, "-c", PEER_CODE, str(export)]))
            runs["floor"].append(run([sys.executable, "-c", FLOOR_CODE, str(export)]))
            if k < ROUNDS - 1:
                shutil.rmtree(out)
        same = same_as_line_reading(export)
        same_session = same_as_whole_file_writer(export, out, tmp_path / "whole" / out.name)
    med = {name: tuple(statistics.median(x[k] for x in r) for k in range(3)) if r else None
           for name, r in runs.items()}
    imp_s, imp_cpu_s, imp_mib = med["import"]
    floor_s, floor_cpu_s, floor_mib = med["floor"]
    peer = med["peer"]
    headline = (f"{peer[0] / imp_s:.1f}x faster than moticon-opengo" if peer else "moticon-opengo not installed")
    print(json.dumps({
        "name": f"import a {MINUTES:g}-min two-foot {RATE_HZ} Hz Moticon export ({n_rows:,} rows x 53 columns, "
                f"{size_mib:.0f} MiB), as whole processes",
        "headline": f"{imp_s:.2f} s, {headline}; {imp_s / floor_s:.1f}x pyarrow's read; peak "
                    f"{imp_mib:,.0f} MiB = {imp_mib / size_mib:.1f}x the file",
        "import_wall_s": round(imp_s, 2), "import_cpu_s": round(imp_cpu_s, 2), "import_peak_mib": round(imp_mib),
        "peer_wall_s": round(peer[0], 2) if peer else None, "peer_cpu_s": round(peer[1], 2) if peer else None,
        "peer_peak_mib": round(peer[2]) if peer else None,
        "floor_wall_s": round(floor_s, 2), "floor_cpu_s": round(floor_cpu_s, 2), "floor_peak_mib": round(floor_mib),
        "speedup_over_peer": round(peer[0] / imp_s, 1) if peer else None,
        "speedup_over_peer_cpu": round(peer[1] / imp_cpu_s, 1) if peer else None,
        "import_over_floor": round(imp_s / floor_s, 2), "import_over_floor_cpu": round(imp_cpu_s / floor_cpu_s, 2),
        "import_peak_over_file": round(imp_mib / size_mib, 2),
        "floor_peak_over_file": round(floor_mib / size_mib, 2),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "file_mib": round(size_mib, 1), "rounds": ROUNDS, "order": "import, peer, floor in turns",
        "walls_import_s": [round(r[0], 2) for r in runs["import"]],
        "walls_peer_s": [round(r[0], 2) for r in runs["peer"]],
        "walls_floor_s": [round(r[0], 2) for r in runs["floor"]],
        "same_as_line_reading": same,
        "same_as_whole_file_writer": same_session,
    }), flush=True)


def same_as_line_reading(export: Path) -> bool:
    """Whether the import's fast reading (pyarrow) gives, bit for bit, the recording that reading the file
    line by line gives (the importer's reading for files that are not clean, and its reading before)."""
    import numpy as np

    from monitor.importers import moticon

    fast = moticon.read_moticon(export)
    lines = moticon._recording(export, moticon._parse_lines(export))
    return (fast.t_s.tobytes() == lines.t_s.tobytes()
            and all(fast.pressure_kpa[f].tobytes() == lines.pressure_kpa[f].tobytes() for f in lines.feet)
            and all(np.array_equal(fast.extras[f].to_numpy(), lines.extras[f].to_numpy(), equal_nan=True)
                    and list(fast.extras[f].columns) == list(lines.extras[f].columns) for f in lines.feet)
            and fast.events.equals(lines.events) and fast.caveats == lines.caveats
            and fast.feet == lines.feet and all(fast.layouts[f] == lines.layouts[f] for f in lines.feet))


def same_as_whole_file_writer(export: Path, streamed: Path, whole: Path) -> bool:
    """Whether the session ``solewatch import moticon`` wrote (``streamed``: block by block, as pyarrow reads
    the file) is the one the whole-file writer writes (``whole``): session.json, the tables read back value
    for value, gaps.csv and imported_events.csv byte for byte."""
    import pandas as pd

    from monitor.importers import moticon, session

    session.write_session(moticon.read_moticon(export), whole)
    return ((streamed / "session.json").read_text() == (whole / "session.json").read_text()
            and all(pd.read_parquet(streamed / t).equals(pd.read_parquet(whole / t))
                    for t in ("frames.parquet", "extras.parquet"))
            and all((streamed / f).read_bytes() == (whole / f).read_bytes()
                    for f in ("gaps.csv", "imported_events.csv")))


if __name__ == "__main__":
    main()
