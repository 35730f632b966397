"""The live monitor: alert latency at 2 x 100 Hz in real time, and resident memory over a 4-hour ride.

1. Latency: simulated insoles on the in-process virtual radio at real time (2 x 100 Hz), `run_live` with
   the haptic channel (a real write to the insole's control point over the radio, answered by the insole)
   and the events sink. To get a hundred alerts in a few minutes the detector assesses every second and
   the policy repeats a held level every 2 s, a pattern warns after 20 s (params below); the alert path is
   the same. Latency is host
   time from the arrival of the frames that completed the criterion to each channel's answer
   (monitor.live.delivery.Delivered.latency_s); the simulator shares the process and its CPU, so this is a
   pessimistic figure.
2. Memory: a 4-hour cleat-forward ride at high speed through the same live path; resident set size
   (/proc/self/statm) sampled every simulated 15 minutes; growth per simulated hour after the first. Then
   the end of the ride as `solewatch live` makes it: the recorder's close (frames.parquet written as the
   raw log is decoded) and the session report (monitor.report.writer.write_session_report, the frames
   streamed from disk); the process's peak resident set (getrusage) after the close and after the report.

Prints JSON lines for benchmarks/run_all.py. BENCH_LIVE_LATENCY_S and BENCH_LIVE_HOURS shorten runs.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import asyncio
import json
import os
import resource
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.session import link_haptic, run_live
from monitor.live.simulated import simulated_insoles
from monitor.signal.params import DEFAULT_PARAMS

LATENCY_S = float(os.environ.get("BENCH_LIVE_LATENCY_S", "150"))
HOURS = float(os.environ.get("BENCH_LIVE_HOURS", "4"))
MEMORY_SPEED = float(os.environ.get("BENCH_LIVE_SPEED", "30"))
#: issue 12: the end of a 4-hour live ride (recorder close and report) at most 500 MB resident.
END_PEAK_TARGET_MB = 500.0
FAST_ALERTS = DEFAULT_PARAMS.override({
    "features": {"step_s": 1.0},
    "detector": {"warn_after_s": 20.0},
    "alerts": {"quiet_s": 2.0},
})


def peak_rss_mb() -> float:
    """The process's peak resident set so far (MB), as the kernel counts it."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def known_rider_normal():
    """The rider's normal from an earlier healthy ride (9 min of the simulator's healthy-ride, seed 2,
    analysed with FAST_ALERTS), as ``--rider`` keeps it: on a first ride the cleat-forward load is the
    rider's own normal and gives notices only (docs/detection.md), so the latency run judges a known rider."""
    from monitor.analysis.batch import analyze
    from monitor.session.offline import offline_session

    return analyze(offline_session("healthy-ride", duration_s=9 * 60.0, seed=2), FAST_ALERTS).baseline


async def latency() -> dict:
    lat: list[float] = []
    baseline = known_rider_normal()
    cpu0, t0 = time.process_time(), time.monotonic()
    async with simulated_insoles("cleat-forward", speed=1.0, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=1.0))
        with tempfile.TemporaryDirectory() as out:
            summary = await run_live(
                link, sim.meta, duration_s=LATENCY_S, out_dir=Path(out), params=FAST_ALERTS,
                channels=[link_haptic(link)], baseline=baseline,
                on_delivered=lambda d: lat.append(max(d.latency_s.values())) if d.latency_s else None,
            )
        pulses = sum(len(ins.haptic_log) for ins in sim.pair.insoles.values())
    wall = time.monotonic() - t0
    cpu = time.process_time() - cpu0
    a = np.array(lat) * 1e3
    if not a.size:
        raise SystemExit(f"bench_live: no alert was delivered in {LATENCY_S:g} s: no latency to report")
    return {
        "name": "live alert latency, 2 x 100 Hz real time, haptic delivered over the radio",
        "headline": f"p99 {np.percentile(a, 99):.1f} ms, median {np.median(a):.1f} ms ({a.size} alerts)",
        "alerts": int(a.size), "p50_ms": round(float(np.median(a)), 2),
        "p99_ms": round(float(np.percentile(a, 99)), 2), "max_ms": round(float(a.max()), 2),
        "haptic_pulses_received": pulses, "process_cpu_share_pct_incl_simulator": round(100 * cpu / wall, 1),
        "session_s": round(summary.record.duration_s, 1),
    }


async def memory() -> dict:
    samples: list[tuple[float, float]] = []
    next_s = [0.0]

    def on_view(view) -> None:
        if view.session_s >= next_s[0]:
            samples.append((view.session_s, rss_mb()))
            next_s[0] += 900.0

    t0 = time.monotonic()
    async with simulated_insoles("cleat-forward", speed=MEMORY_SPEED, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=MEMORY_SPEED))
        with tempfile.TemporaryDirectory() as out:
            summary = await run_live(link, sim.meta, duration_s=HOURS * 3600, out_dir=Path(out),
                                     channels=[link_haptic(link)], on_view=on_view)
            closed_peak_mb = peak_rss_mb()  # the ride and the recorder's close (frames.parquet written)
            from monitor.report.writer import write_session_report

            t_report = time.monotonic()
            write_session_report(summary.record.path)  # what `solewatch live` does at the end
            report_s = time.monotonic() - t_report
            frames = int(sum(c.get("frames_received", 0) for c in summary.record.counters.values()))
            table_mb = (summary.record.path / "frames.parquet").stat().st_size / 1e6
    wall = time.monotonic() - t0
    t = np.array([x[0] for x in samples]) / 3600
    m = np.array([x[1] for x in samples])
    after_first = t >= 1.0
    slope = float(np.polyfit(t[after_first], m[after_first], 1)[0]) if after_first.sum() >= 2 else float("nan")
    alerts = summary.alerts() if callable(getattr(summary, "alerts", None)) else summary.alerts
    end_peak_mb = peak_rss_mb()
    return {
        "name": f"live {HOURS:g} h simulated ride at {MEMORY_SPEED:g}x: resident memory",
        "headline": f"{slope:+.2f} MB per simulated hour after the first (RSS {m[0]:.0f} -> {m[-1]:.0f} MB); "
                    f"peak {end_peak_mb:.0f} MB with the end of the ride and its report (target <= "
                    f"{END_PEAK_TARGET_MB:g} MB)",
        "rss_mb_by_quarter_hour": [round(x, 1) for x in m], "growth_mb_per_h": round(slope, 2),
        "peak_rss_mb": round(end_peak_mb, 1), "peak_rss_mb_ride_and_close": round(closed_peak_mb, 1),
        "end_peak_met_target": end_peak_mb <= END_PEAK_TARGET_MB, "report_s": round(report_s, 1),
        "frames_table_mb": round(table_mb, 1),
        "alerts": len(alerts), "frames": frames, "wall_s": round(wall, 1),
        "events_by_kind": dict(Counter(a.level if a.kind == "alert" else a.kind for a in alerts)),
    }


def main() -> None:
    print(json.dumps(asyncio.run(latency())), flush=True)
    print(json.dumps(asyncio.run(memory())), flush=True)


if __name__ == "__main__":
    main()
