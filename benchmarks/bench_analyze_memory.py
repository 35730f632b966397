"""The analysis's memory against the memory of its data (docs/reliability.md: no input makes ``analyze``
use more than 2x the memory of its data).

Memory is counted by tracemalloc (numpy's arrays included) while ``monitor.analysis.batch.analyze`` runs
over a session already loaded (after a first analysis has imported what it needs), against the bytes of
that session's frames table. A count of allocations,
not a speed: it does not depend on the host. Two inputs:

- an hour of a two-foot ride from the pressure model (18 sensors, 100 Hz; BENCH_MEMORY_HOURS changes it);
- the 0.2-s generic CSV example with one stray row at ``t_s = 1e7`` (a span 5 x 10^7 times its data):
  its analysis must cost what the example's does.

Prints JSON lines for benchmarks/run_all.py.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from monitor.analysis.batch import analyze
from monitor.importers.generic_csv import read_generic_csv
from monitor.importers.session import write_session
from monitor.session.directory import load_session
from monitor.session.offline import offline_session

HOURS = float(os.environ.get("BENCH_MEMORY_HOURS", "1"))
EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "generic_csv"


def measure(session) -> dict:
    data = int(session.frames.memory_usage(deep=True).sum())
    tracemalloc.start()
    t0 = time.perf_counter()
    analyze(session)
    wall_s = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"data_mb": round(data / 1e6, 3), "peak_mb": round(peak / 1e6, 2), "ratio": round(peak / data, 2),
            "wall_s_traced": round(wall_s, 1)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sessions = {}
        for name, stray in (("example", ""), ("stray", "10000000,left,190,152,5,3.5,5,3,0,0\n")):
            csv = Path(tmp) / f"{name}.csv"
            csv.write_text((EXAMPLE / "walk.csv").read_text() + stray)
            write_session(read_generic_csv(csv, EXAMPLE / "layout.json"), Path(tmp) / name)
            sessions[name] = measure(load_session(Path(tmp) / name))
    a, b = sessions["example"], sessions["stray"]
    print(json.dumps({"name": "analyze memory, a CSV with one stray row at t_s = 1e7",
                      "headline": f"peak {b['peak_mb']} MB, against {a['peak_mb']} MB without that row",
                      "stray_peak_mb": b["peak_mb"], "example_peak_mb": a["peak_mb"],
                      "stray_wall_s_traced": b["wall_s_traced"], "example_wall_s_traced": a["wall_s_traced"]}))

    ride = measure(offline_session("swelling", duration_s=HOURS * 3600, seed=1))
    print(json.dumps({"name": f"analyze memory, a {HOURS:g} h two-foot ride (18 sensors, 100 Hz)",
                      "headline": f"peak {ride['peak_mb']} MB for {ride['data_mb']} MB of frames "
                                  f"({ride['ratio']}x)", **ride}))


if __name__ == "__main__":
    main()
