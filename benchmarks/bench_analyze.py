"""Analysis speed: a 4-hour two-foot session (18 sensors, 100 Hz) in batch, and the live cost per notification.

The session comes from the pressure model (monitor.live.simulated.offline_session), so only the analysis is
timed. The live path feeds 8-frame blocks (one notification at MTU 247) through one foot's pipeline.
Prints JSON lines for benchmarks/run_all.py. BENCH_ANALYZE_HOURS shortens the session for a quick look.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import time

import numpy as np

from monitor.analysis.batch import analyze, foot_block
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

HOURS = float(os.environ.get("BENCH_ANALYZE_HOURS", "4"))


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


if __name__ == "__main__":
    main()
