"""The zero-sensor watch's cost in the live pipeline: one foot's FootPipeline fed 8-frame notifications (one at
MTU 247) as the live analysis core builds it (keep_history=False, max_cycle_features=0), with its zero-sensor
watch (monitor.signal.zero_sensors, run on every frame) and with the watch left out, alternated in one process.

Two feet of data, each a left foot of a 2-minute simulated ride (18 sensors, 100 Hz, the pressure model): as
the model gives it, where every sensor soon reads above its resolution in a loaded frame and the watch then only
counts loaded frames; and the same with one sensor at 0 throughout (a dead MTH2 sensor), which the watch keeps
looking at in every frame (its worst case). CPU seconds per pass, the median of ROUNDS passes each, as
microseconds per notification and the ratio with / without; and, since on a busy host the passes of either
kind spread by more than the watch costs, the watch alone over the same notifications (its ``add`` fed the
raw readings, their nominal totals and the default tare level, as the pipeline feeds it), the median of ROUNDS
passes too. Prints JSON lines for benchmarks/run_all.py.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import time

import numpy as np

from monitor.analysis.foot_frames import foot_block
from monitor.codebook import FrameBlock
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline
from monitor.signal.regions import RegionReducer
from monitor.signal.zero_sensors import ZeroSensors

#: the ride's length (s), the frames per notification, the passes of each kind (alternated) and the sensor
#: read as dead in the second row (the simulated layout's p09, MTH2)
RIDE_S, NOTIFICATION_FRAMES, ROUNDS, DEAD_SENSOR = 120.0, 8, 7, 9


class _NoWatch:
    """A zero-sensor watch that counts nothing (the pipeline without the watch)."""

    def add(self, pt: np.ndarray, total_n: np.ndarray, unloaded_total_n: float) -> None:
        return None


def pass_cpu_s(layout, blocks: list[FrameBlock], watch: bool) -> tuple[float, int]:
    """CPU seconds of one foot's live pipeline over ``blocks``, with the watch or without; and the sensors it
    named (with the watch; -1 without)."""
    pipe = FootPipeline("left", layout, float(layout.current_rate_hz), DEFAULT_PARAMS, keep_history=False,
                        max_cycle_features=0)
    if not watch:
        pipe.zeros = _NoWatch()
    cpu0 = time.process_time()
    for block in blocks:
        pipe.feed(block)
    pipe.finish()
    cpu = time.process_time() - cpu0
    return cpu, len(pipe.zeros.zero(pipe.rate_hz)) if watch else -1


def watch_cpu_s(layout, blocks: list[FrameBlock]) -> float:
    """CPU seconds of the zero-sensor watch alone over ``blocks``: the raw readings laid out by sensor and their
    nominal totals made first (the pipeline makes them for its other stages too), then only ``add``."""
    reducer = RegionReducer(layout)
    fed = []
    for block in blocks:
        pt = np.ascontiguousarray(block.pressure_kpa.T, dtype=float)
        fed.append((pt, reducer.loads_by_sensor(pt)[0]))
    zeros = ZeroSensors(layout.n_sensors, layout.kpa_per_count)
    level_n = DEFAULT_PARAMS.tare.unloaded_total_n
    cpu0 = time.process_time()
    for pt, total_n in fed:
        zeros.add(pt, total_n, level_n)
    return time.process_time() - cpu0


def row(label: str, layout, t_s: np.ndarray, pressure_kpa: np.ndarray) -> dict:
    blocks = [FrameBlock("left", t_s[lo:lo + NOTIFICATION_FRAMES], pressure_kpa[lo:lo + NOTIFICATION_FRAMES])
              for lo in range(0, t_s.shape[0], NOTIFICATION_FRAMES)]
    load0 = os.getloadavg()[0]
    cpus: dict[str, list[float]] = {"with": [], "without": [], "watch_alone": []}
    named = 0
    for _ in range(ROUNDS):
        for kind in ("with", "without"):
            cpu, n = pass_cpu_s(layout, blocks, kind == "with")
            cpus[kind].append(cpu)
            named = max(named, n)
        cpus["watch_alone"].append(watch_cpu_s(layout, blocks))
    with_us, without_us, alone_us = (1e6 * float(np.median(cpus[k])) / len(blocks)
                                     for k in ("with", "without", "watch_alone"))
    return {
        "name": f"live pipeline per 8-frame notification (one foot, 18 sensors, 100 Hz, {RIDE_S:g}-s ride{label}): "
                "with the zero-sensor watch, against without",
        "headline": f"{with_us:.0f} us against {without_us:.0f} us ({with_us / without_us:.3f}x); the watch alone "
                    f"{alone_us:.1f} us ({100 * alone_us / without_us:.1f} % of the pipeline without it)",
        "us_per_notification": round(with_us, 1), "without_watch_us": round(without_us, 1),
        "watch_alone_us": round(alone_us, 2), "watch_share_pct": round(100 * alone_us / without_us, 2),
        "ratio": round(with_us / without_us, 3), "sensors_named": named, "notifications": len(blocks),
        "rounds": ROUNDS, "cpus_s": {k: [round(c, 3) for c in v] for k, v in cpus.items()},
        "load_average_1min_start": round(load0, 1), "load_average_1min": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    session = offline_session("healthy-ride", duration_s=RIDE_S, seed=1)
    block = foot_block(session, "left")
    layout = session.info.layouts["left"]
    t_s, p = block.t_s, np.array(block.pressure_kpa, dtype=float)
    print(json.dumps(row("", layout, t_s, p)), flush=True)
    dead = p.copy()
    dead[:, DEAD_SENSOR] = 0.0
    print(json.dumps(row(f", p{DEAD_SENSOR:02d} at 0 throughout", layout, t_s, dead)), flush=True)


if __name__ == "__main__":
    main()
