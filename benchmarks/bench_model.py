"""The simulator's pressure model: the cost of one 8-frame call (a notification's worth at 100 Hz), which
the simulated insoles make ~12 times a second per foot at real time (more at a speed factor).

Prints one JSON line: the median over 5 runs of 200 calls, in microseconds per call, of CPU time (the fairer
measure on a busy host) and of wall time, and the host's 1-minute load average.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import statistics
import time

import numpy as np

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS


def main() -> None:
    model = PressureModel(SCENARIOS["swelling"], "right", seed=1)
    block = np.arange(8) / 100.0
    model.pressure_kpa(block)
    per_call_s, cpu_per_call_s = [], []
    for rep in range(5):
        start, cpu_start = time.perf_counter(), time.process_time()
        for i in range(200):
            model.pressure_kpa(block + 600.0 + 0.08 * (i + 200 * rep))
        per_call_s.append((time.perf_counter() - start) / 200)
        cpu_per_call_s.append((time.process_time() - cpu_start) / 200)
    median_us, cpu_us = statistics.median(per_call_s) * 1e6, statistics.median(cpu_per_call_s) * 1e6
    print(json.dumps({"name": "model 8-frame call",
                      "headline": f"{cpu_us:.0f} us of CPU per call, {median_us:.0f} us wall (medians of 5 runs "
                                  "of 200 calls)",
                      "us_per_call": round(median_us, 1), "best_us_per_call": round(min(per_call_s) * 1e6, 1),
                      "cpu_us_per_call": round(cpu_us, 1), "load_average_1min": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
