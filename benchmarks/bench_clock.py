"""Mapping one foot's device clock onto session time, arrivals of one latency against arrivals with jitter.

The clock (monitor.link.clock.ClockMapper) takes the lower envelope of ``arrival - device time`` over the
one-second buckets of the last minute, as the least over the buckets that can hold its minimum (its
candidates). Arrivals with jitter (a real insole over BLE) give one candidate, usually; arrivals of one
latency (a simulated insole on a virtual clock, a vendor's stream replayed from its raw log) make every
bucket of the minute tie, about 60 candidates, so the cost per arrival must not follow them.

Three streams of BENCH_CLOCK_S device seconds (default 3,600: an hour of one foot), packets of 4 frames
at 100 Hz (25 arrivals a second; the frame rate of firmware_sim's insole), fed through
``ClockMapper.observe_run`` in runs of 512 packets (as monitor.link.record_feed feeds a raw log's runs),
at speed 1:

* ``jitter``: the device clock 80 ppm fast, each packet 20 ms after its last frame plus an exponential
  delay of mean 4 ms (seed 0): one candidate, mostly;
* ``one_latency``: each packet's host time its last frame's device time (a vendor's stream replayed
  loss-free, tests/vendor_rides.py): every bucket of the window the same minimum, 0;
* ``one_latency_drift``: the device clock 80 ppm fast, each packet 20 ms after its last frame: every
  bucket on the drift's line, each minimum different and all of them candidates, their values apart by
  rounding alone; of the front's buckets an arrival looks at those whose key, within its rounding
  bounds, can be the least (monitor.link.clock_ahead.Front): about two.

Each is fed BENCH_CLOCK_ROUNDS times (default 5) in turns; the figures are the medians of the CPU time
(``time.process_time``: the fairer measure on a loaded host), in arrivals per second, and the ratio of
each one's time per arrival to jitter's. Checked: every packet is taken.

Target (docs/performance.md, "The device clock"): ``one_latency`` within 1.5x jitter's time per arrival
(a guess: the same scalar work per arrival with a tie's bucket bookkeeping; before, its time followed
the buckets in the window).

Prints JSON lines for benchmarks/run_all.py; each row carries when the measurement ran (``ran_utc``, UTC
minutes from its start to its end) and the host's 1-minute load at its start and end (benchmarks/run_stamp.py),
which docs/performance.md's section dates its runs by.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import statistics
import time

import numpy as np
from run_stamp import now_utc, run_fields

from monitor.link.clock import ClockMapper

DEVICE_S = float(os.environ.get("BENCH_CLOCK_S", "3600"))
ROUNDS = int(os.environ.get("BENCH_CLOCK_ROUNDS", "5"))
FRAMES, PERIOD_US, SPEED, RUN = 4, 10_000, 1.0, 512


def stream(jitter: bool, ppm: float, delay_s: float) -> tuple[list[int], list[float]]:
    """First-frame device times (us, wrapped) and host arrivals (s) of every packet: the device clock
    ``ppm`` fast, each packet ``delay_s`` after its last frame, plus a random delay with ``jitter``."""
    n = int(DEVICE_S * 1e6 / (FRAMES * PERIOD_US))
    first_us = 5_000_000 + np.arange(n, dtype=np.int64) * FRAMES * PERIOD_US
    last_s = (first_us + (FRAMES - 1) * PERIOD_US) * 1e-6
    if jitter:
        delay_s = delay_s + np.random.default_rng(0).exponential(0.004, n)
    host_s = (last_s * (1 + ppm * 1e-6) + delay_s) / SPEED if ppm or jitter or delay_s else last_s
    return (first_us % (1 << 32)).tolist(), host_s.tolist()


def feed_cpu_s(t_us: list[int], host_s: list[float]) -> float:
    """CPU seconds of mapping every packet of the stream; raises if one is not taken."""
    t0 = time.process_time()
    clock = ClockMapper(speed=SPEED)
    start = clock.unwrap_us(t_us[0], host_s[0])
    clock.observe((start + (FRAMES - 1) * PERIOD_US) * 1e-6, host_s[0])
    start += FRAMES * PERIOD_US
    counts, periods = [FRAMES] * RUN, [PERIOD_US] * RUN
    for i in range(1, len(t_us), RUN):
        taken = len(clock.observe_run(t_us[i:i + RUN], host_s[i:i + RUN], counts, periods, start).t_first_us)
        if taken != len(t_us[i:i + RUN]):
            raise SystemExit(f"packet {i + taken} not taken")
        start += taken * FRAMES * PERIOD_US
    return time.process_time() - t0


def main() -> None:
    start, load_start = now_utc(), os.getloadavg()[0]
    streams = {"jitter": stream(True, 80.0, 0.02), "one_latency": stream(False, 0.0, 0.0),
               "one_latency_drift": stream(False, 80.0, 0.02)}
    times: dict[str, list[float]] = {name: [] for name in streams}
    for _ in range(ROUNDS):
        for name, (t_us, host_s) in streams.items():
            times[name].append(feed_cpu_s(t_us, host_s))
    med = {name: statistics.median(t) for name, t in times.items()}
    n = len(streams["jitter"][0])
    ran = run_fields(start, load_start)
    for name in streams:
        ratio = med[name] / med["jitter"]
        print(json.dumps({
            "name": f"clock_map_{name}",
            "headline": (f"{n / med[name] / 1e3:.0f} k arrivals/s"
                         + (f" ({ratio:.1f}x jitter's time per arrival)" if name != "jitter" else "")),
            "arrivals_per_s": round(n / med[name]), "cpu_s": round(med[name], 3), "arrivals": n,
            "rounds": ROUNDS,
            **({"ratio_to_jitter": round(ratio, 2)} if name != "jitter" else {}),
            **({"target_ratio": 1.5} if name == "one_latency" else {}), **ran,
        }))


if __name__ == "__main__":
    main()
