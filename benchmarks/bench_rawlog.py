"""Reading a raw log whose notifications vary in length, against one whose notifications are all one length.

The raw log (docs/session-format.md) is read a run of same-length records at a time
(monitor.session.rawlog_runs.same_length_run). A stream whose notifications change length from one to the next
(the Moticon UDP app's text datagrams: each number written with as many digits as it needs) gives runs of
a few records, so the reading's cost per run must follow the run's length, not the 4 MiB read buffer's.

Two synthetic logs of BENCH_RAWLOG_RECORDS notifications each (default 200,000: about 16 min of the Moticon
stream's two feet at 100 Hz each, the rate of tests/vendor_rides.py), host times 5 ms apart, both feet
interleaved:

* ``fixed``: every body 190 bytes;
* ``varying``: as the Moticon stream's log holds them: each datagram twice in a row (it carries both feet,
  and each foot's record keeps it), the datagrams' lengths drawn from a normal law of SD 8 bytes around
  190 (seed 0; a 30-s simulated Moticon ride's log: half the records as long as the one before, runs of 2
  and at most 6).

Each is read whole by ``iter_raw_log`` (the path of session rebuild and replay), BENCH_RAWLOG_ROUNDS times
(default 5) in turns; the figures are the medians of the CPU time of the read (``time.process_time``: the
fairer measure on a loaded host), in records per second, and the ratio varying / fixed of the time per
record. Checked: every record is read back.

Target (docs/performance.md, "Raw log"): the varying log within 3x the fixed one's time per record (a guess
of what the record-by-record walk costs where runs are short; before, the ratio followed the read buffer).

Prints JSON lines for benchmarks/run_all.py.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from monitor.session.rawlog import RawLogWriter, iter_raw_log

RECORDS = int(os.environ.get("BENCH_RAWLOG_RECORDS", "200000"))
ROUNDS = int(os.environ.get("BENCH_RAWLOG_ROUNDS", "5"))
FEET = ("left", "right")


def write_log(path: Path, lengths: np.ndarray) -> None:
    """A raw log of ``len(lengths)`` notifications with those body lengths, bytes, 5 ms apart."""
    rng = np.random.default_rng(1)
    body = rng.integers(0, 256, size=int(lengths.max()), dtype=np.uint8).tobytes()
    w = RawLogWriter(path, flush_interval_s=60.0)
    for i, n in enumerate(lengths):
        w.append_notification(FEET[i % 2], 1.0 + 0.005 * i, body[:n])
    w.close()


def read_cpu_s(path: Path) -> tuple[float, int]:
    """CPU seconds of reading the whole log with iter_raw_log, and the records read."""
    t0 = time.process_time()
    n = sum(1 for _ in iter_raw_log(path))
    return time.process_time() - t0, n


def main() -> None:
    rng = np.random.default_rng(0)
    halves = np.rint(rng.normal(190, 8, size=(RECORDS + 1) // 2)).astype(int)
    logs = {"fixed": np.full(RECORDS, 190), "varying": np.repeat(halves, 2)[:RECORDS]}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, lengths in logs.items():
            paths[name] = Path(tmp) / f"{name}.swlog"
            write_log(paths[name], lengths)
        times: dict[str, list[float]] = {name: [] for name in logs}
        for _ in range(ROUNDS):
            for name, path in paths.items():
                cpu_s, n = read_cpu_s(path)
                if n != RECORDS:
                    raise SystemExit(f"{name}: read {n} records of {RECORDS}")
                times[name].append(cpu_s)
    med = {name: statistics.median(t) for name, t in times.items()}
    ratio = med["varying"] / med["fixed"]
    for name in logs:
        print(json.dumps({
            "name": f"rawlog_read_{name}",
            "headline": (f"{RECORDS / med[name] / 1e3:.0f} k records/s"
                         + (f" ({ratio:.1f}x fixed's time per record)" if name == "varying" else "")),
            "records_per_s": round(RECORDS / med[name]), "cpu_s": round(med[name], 3),
            "records": RECORDS, "rounds": ROUNDS,
            **({"ratio_to_fixed": round(ratio, 2), "target_ratio": 3.0} if name == "varying" else {}),
        }))


if __name__ == "__main__":
    main()
