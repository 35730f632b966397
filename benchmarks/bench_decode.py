"""Decode throughput of monitor.link.protocol: one notification at a time vs decode_pressure_batch, and the
same for the frame assembler's decoders straight to kPa (decode_pressure_kpa, decode_pressure_kpa_batch).

Realistic input: the simulated insole's stream at MTU 247, 18 sensors x 8 frames of 12-bit samples per
229-byte notification. Prints one JSON object per line: {"name": ..., "frames_per_s": ..., ...}.

    .venv/bin/python benchmarks/bench_decode.py [--packets 2000] [--repeat 5]
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import argparse
import json
import time

import numpy as np

from firmware_sim.firmware import Packetiser
from monitor.link.protocol import (
    MAX_PAYLOAD_MTU247,
    decode_pressure,
    decode_pressure_batch,
    decode_pressure_kpa,
    decode_pressure_kpa_batch,
)

N_SENSORS = 18
FRAMES_PER_PACKET = 8
PERIOD_US = 10_000  # 100 Hz, the simulated insole's default rate


def make_packets(n_packets: int, seed: int = 0) -> list[bytes]:
    """``n_packets`` notifications of 8 frames x 18 sensors, random counts, about 1 % "no reading"."""
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 2000, size=(n_packets * FRAMES_PER_PACKET, N_SENSORS)).astype(np.uint16)
    raw[rng.random(raw.shape) < 0.01] = 0xFFF
    out = Packetiser(N_SENSORS).packetise(0, PERIOD_US, raw, payload_limit=MAX_PAYLOAD_MTU247,
                                           max_frames=FRAMES_PER_PACKET)
    assert len(out) == n_packets and all(len(p) == 229 for p in out)
    return out


def _best_time_s(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(n_packets: int = 2000, repeat: int = 5) -> list[dict]:
    """Best-of-``repeat`` timings of both decoders over the same packets."""
    packets = make_packets(n_packets)
    n_frames = n_packets * FRAMES_PER_PACKET
    kpa = 0.25  # the simulated insole's scale (firmware_sim.layout)
    single_s = _best_time_s(lambda: [decode_pressure(p) for p in packets], repeat)
    batch_s = _best_time_s(lambda: decode_pressure_batch(packets), repeat)
    kpa_single_s = _best_time_s(lambda: [decode_pressure_kpa(p, kpa) for p in packets], repeat)
    kpa_batch_s = _best_time_s(lambda: decode_pressure_kpa_batch(packets, kpa), repeat)
    common = {"packets": n_packets, "sensors": N_SENSORS, "frames_per_packet": FRAMES_PER_PACKET}
    single_fps, batch_fps = n_frames / single_s, n_frames / batch_s
    kpa_single_fps, kpa_batch_fps = n_frames / kpa_single_s, n_frames / kpa_batch_s
    return [
        {"name": "decode_pressure_single", "frames_per_s": round(single_fps),
         "headline": f"{single_fps / 1e3:.0f} k frames/s", **common},
        {"name": "decode_pressure_batch", "frames_per_s": round(batch_fps),
         "speedup": round(single_s / batch_s, 2),
         "headline": f"{batch_fps / 1e3:.0f} k frames/s ({single_s / batch_s:.1f}x single)", **common},
        {"name": "decode_pressure_kpa_single (assembler, live)", "frames_per_s": round(kpa_single_fps),
         "us_per_packet": round(1e6 * kpa_single_s / n_packets, 2),
         "headline": f"{kpa_single_fps / 1e3:.0f} k frames/s", **common},
        {"name": "decode_pressure_kpa_batch (assembler, replay and rebuild)",
         "frames_per_s": round(kpa_batch_fps), "us_per_packet": round(1e6 * kpa_batch_s / n_packets, 2),
         "speedup": round(kpa_single_s / kpa_batch_s, 2),
         "headline": f"{kpa_batch_fps / 1e3:.0f} k frames/s ({kpa_single_s / kpa_batch_s:.1f}x single)",
         **common},
    ]

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=2000, help="notifications per run (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per decoder; the best counts (default 5)")
    args = parser.parse_args(argv)
    for row in run(args.packets, args.repeat):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
