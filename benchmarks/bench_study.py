"""Study speed: sessions per second of `solewatch study`'s work on generated sessions, in one process, on 2
local worker processes and on a 2-worker Dask LocalCluster; the per-session overhead over a bare
load-and-analyse; the bytes each task sends back.

The sessions are a generated study (monitor.tools.study_sessions.write_study: riders of the population
generator through four layouts, 25 Hz), written before timing starts. Each run starts with an empty cache.
Prints JSON lines for benchmarks/run_all.py. BENCH_STUDY_SESSIONS (default 200) and
BENCH_STUDY_DURATION_S (default 120, each ride's length) make it smaller for a quick look.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import pickle
import tempfile
import time
from pathlib import Path

SESSIONS = int(os.environ.get("BENCH_STUDY_SESSIONS", "200"))
DURATION_S = float(os.environ.get("BENCH_STUDY_DURATION_S", "120"))
#: Sessions timed bare (load and analyse only) for the per-session overhead.
BARE = 20


def _warm() -> None:
    import monitor.analysis.batch  # noqa: F401
    import monitor.report.quality_data  # noqa: F401
    import monitor.studies.task  # noqa: F401


def _timed_study(sources, params, **kw):
    from monitor.studies.run import run_study

    t0 = time.perf_counter()
    tables = run_study(sources, params, **kw)
    return time.perf_counter() - t0, tables


def main() -> None:
    from monitor.analysis.batch import analyze
    from monitor.session.directory import load_session
    from monitor.signal.params import DEFAULT_PARAMS
    from monitor.studies.sources import find_sessions
    from monitor.studies.task import params_hash, run_session, session_key
    from monitor.tools.study_sessions import write_study

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sessions"
        t0 = time.perf_counter()
        write_study(root, SESSIONS, duration_s=DURATION_S)
        generate_s = time.perf_counter() - t0
        sources = find_sessions([root])
        analyze(load_session(sources[0]), DEFAULT_PARAMS)  # imports and first-call costs out of the timing
        bare = sources[:BARE]
        t0 = time.perf_counter()
        for s in bare:
            analyze(load_session(s), DEFAULT_PARAMS)
        bare_per_session_s = (time.perf_counter() - t0) / len(bare)
        one_s, one = _timed_study(sources, DEFAULT_PARAMS, workers=1)
        two_s, two = _timed_study(sources, DEFAULT_PARAMS, workers=2)
        outcome = run_session(sources[0], DEFAULT_PARAMS, session_key(sources[0], params_hash(DEFAULT_PARAMS)))
        pickled_bytes = len(pickle.dumps(outcome))
        rows = [
            {"name": "study, 1 process", "headline": f"{SESSIONS / one_s:.2f} sessions/s",
             "sessions": SESSIONS, "ride_s": DURATION_S, "wall_s": round(one_s, 2),
             "generate_s": round(generate_s, 1)},
            {"name": "study, 2 local workers", "headline": f"{SESSIONS / two_s:.2f} sessions/s",
             "wall_s": round(two_s, 2), "speed_up": round(one_s / two_s, 2)},
            {"name": "study, per-session overhead",
             "headline": f"{1000 * (one_s / SESSIONS - bare_per_session_s):.0f} ms per session",
             "bare_load_and_analyse_ms": round(1000 * bare_per_session_s, 1),
             "study_per_session_ms": round(1000 * one_s / SESSIONS, 1)},
            {"name": "study, bytes sent back per task",
             "headline": f"{one.bytes_returned / SESSIONS / 1024:.1f} KiB per session",
             "pickled_outcome_bytes": pickled_bytes,
             "session_files_bytes": sum(f.stat().st_size for f in Path(sources[0]).iterdir())},
        ]
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            LocalCluster = None
        if LocalCluster is not None:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
                client.run(_warm)  # the workers import the analysis (scipy.signal takes seconds) untimed
                dask_s, on_dask = _timed_study(sources, DEFAULT_PARAMS, client=client)
            rows.append({"name": "study, 2 Dask workers (LocalCluster)",
                         "headline": f"{SESSIONS / dask_s:.2f} sessions/s", "wall_s": round(dask_s, 2),
                         "speed_up": round(one_s / dask_s, 2),
                         "same_tables": all(on_dask.tables()[k].equals(t) for k, t in one.tables().items())})
        rows[1]["same_tables"] = all(two.tables()[k].equals(t) for k, t in one.tables().items())
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
