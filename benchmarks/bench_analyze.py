"""Analysis speed: a 4-hour two-foot session (18 sensors, 100 Hz) in batch, and the live cost per notification.

The session comes from the pressure model (monitor.live.simulated.offline_session), so only the analysis is
timed. The live path feeds 8-frame blocks (one notification at MTU 247) through one foot's pipeline. A third
row feeds a 10-minute forefoot-strike run's 8-frame notifications of both feet through the live analysis core
(AnalysisCore, paced as live: frames held until a window can end) and reads the CPU of measuring each stance's
footstrike as the frames come (monitor.analysis.steps_so_far) as a ratio: the core as it is against the same
core with that measuring left out, alternated in one process (a ride's pedal strokes are not measured, so a
run shows its cost). Prints JSON lines for benchmarks/run_all.py. BENCH_ANALYZE_HOURS shortens the session
for a quick look.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import time

import numpy as np

from monitor.analysis import steps_so_far
from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.strike import STRIKE_DTYPE
from monitor.codebook import FrameBlock
from monitor.live.config import LiveConfig
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

HOURS = float(os.environ.get("BENCH_ANALYZE_HOURS", "4"))
#: the run the live core's row feeds (min), its frames per notification, and the rounds alternated
CORE_MINUTES, NOTIFICATION_FRAMES, CORE_ROUNDS = 10.0, 8, 3


def _unmeasured(self, block, pipe, final=False):
    """FootStepsSoFar.feed leaving the stances unmeasured: the stances taken, no step given."""
    pipe.stances_found_ = [] if pipe.stances_found_ is not None else None
    pipe.stances_counted_ = [] if pipe.stances_counted_ is not None else None
    return np.empty(0), np.empty(0, dtype=STRIKE_DTYPE)


def core_cpu_s(session, notes: list[tuple[float, str, FrameBlock]]) -> float:
    """CPU seconds of the live analysis core over ``notes`` (arrival s, foot, block), in order, as live."""
    config = LiveConfig()
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS,
                        max_batch_host_s=config.max_batch_host_s, max_lag_host_s=config.view_interval_s,
                        emit=lambda alert, since: None, activity=declared_activity(session.info.activity))
    cpu0 = time.process_time()
    for arrival_s, _, block in notes:
        if core.stale_due(arrival_s):
            core.check_stale(arrival_s)
        core.arrival(arrival_s)
        core.frames(block)
    core.flush()
    core.end()
    return time.process_time() - cpu0


def live_core_steps() -> dict:
    """The live core's CPU per notification over a run, with each stance's footstrike measured and without."""
    session = offline_session("forefoot-strike-run", duration_s=CORE_MINUTES * 60, seed=1)
    notes = []
    for foot in session.info.feet:
        b = foot_block(session, foot)
        for lo in range(0, b.n_frames, NOTIFICATION_FRAMES):
            blk = FrameBlock(foot, b.t_s[lo:lo + NOTIFICATION_FRAMES], b.pressure_kpa[lo:lo + NOTIFICATION_FRAMES])
            notes.append((float(blk.t_s[-1]), foot, blk))
    notes.sort(key=lambda n: (n[0], n[1]))
    measured = steps_so_far.FootStepsSoFar.feed
    cpus: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(CORE_ROUNDS):
        for kind, feed in (("with", measured), ("without", _unmeasured)):
            steps_so_far.FootStepsSoFar.feed = feed
            try:
                cpus[kind].append(core_cpu_s(session, notes))
            finally:
                steps_so_far.FootStepsSoFar.feed = measured
    with_us, without_us = (1e6 * float(np.median(cpus[k])) / len(notes) for k in ("with", "without"))
    return {
        "name": f"live analysis core per 8-frame notification, a {CORE_MINUTES:g}-min forefoot-strike run "
                "(both feet): each stance's footstrike measured, against not",
        "headline": f"{with_us:.0f} us against {without_us:.0f} us ({with_us / without_us:.2f}x)",
        "us_per_notification": round(with_us, 1), "without_steps_us": round(without_us, 1),
        "ratio": round(with_us / without_us, 2), "notifications": len(notes), "rounds": CORE_ROUNDS,
        "cpus_s": {k: [round(c, 3) for c in v] for k, v in cpus.items()},
        "load_average_1min": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    t0 = time.perf_counter()
    session = offline_session("swelling", duration_s=HOURS * 3600, seed=1)
    made_s = time.perf_counter() - t0
    cpu0, t0 = time.process_time(), time.perf_counter()
    result = analyze(session)
    wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    frames = len(session.frames)
    print(json.dumps({
        "name": f"analyze a {HOURS:g} h two-foot session (18 sensors, 100 Hz)",
        "headline": f"{wall_s:.1f} s ({HOURS * 3600 / wall_s:,.0f}x real time)",
        "wall_s": round(wall_s, 2), "cpu_s": round(cpu_s, 2), "frames": frames,
        "alerts": len(result.alerts), "session_generation_s": round(made_s, 1),
    }))

    # live: one foot, 8-frame blocks as they come off the radio
    foot = "left"
    block = foot_block(session, foot)
    n = min(block.n_frames, 100 * 600)  # ten minutes of one foot
    layout = session.info.layouts[foot]
    pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS)
    sizes = []
    t0 = time.perf_counter()
    for i in range(0, n, 8):
        s = time.perf_counter()
        pipe.feed(type(block)(foot, block.t_s[i:i + 8], block.pressure_kpa[i:i + 8]))
        sizes.append(time.perf_counter() - s)
    pipe.finish()  # the end of the frames: an uncalibrated insole's foot runs those held for its first level
    total = time.perf_counter() - t0
    per = np.array(sizes) * 1e6
    print(json.dumps({
        "name": "live pipeline cost per notification (one foot, 8 frames)",
        "headline": f"{np.median(per):.0f} us median, {np.percentile(per, 99):.0f} us p99",
        "notifications": len(sizes), "ratio_to_real_time": round((n / 100) / total, 1),
        "cpu_share_at_2x100hz_pct": round(100 * 2 * (100 / 8) * np.mean(per) * 1e-6, 2),
    }))
    print(json.dumps(live_core_steps()), flush=True)


if __name__ == "__main__":
    main()
