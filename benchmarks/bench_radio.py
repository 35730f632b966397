"""Notification throughput of the simulated insoles through bleak's frontend on the in-process virtual radio.

Each simulated insole streams 229-byte notifications (18 sensors x 8 frames, 12-bit, MTU 247) to a
``BleakClient`` on the radio's backend. "Flat out" runs the simulation far faster than the radio can
carry (``--speed``), so the producer's own pacing (it waits for bumble's host queue to drain) sets the
rate; "paced" runs at a realistic speed and reports the CPU it costs. Prints one JSON object per line:
{"name": ..., "notifications_per_s": ..., "headline": ..., ...}.

    .venv/bin/python benchmarks/bench_radio.py [--seconds 3.3] [--speed 2000]
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import argparse
import asyncio
import json
import time

from bleak import BleakClient

from firmware_sim.gatt_profile import CONTROL_CHAR_UUID, PRESSURE_CHAR_UUID
from firmware_sim.peripheral import SimInsole
from firmware_sim.radio import SimRadio
from firmware_sim.sim_clock import SimClock

START, STOP = b"\x01", b"\x02"  # control point opcodes (docs/protocol.md)


async def measure(name: str, n_insoles: int, speed: float, seconds: float) -> dict:
    """Stream from ``n_insoles`` for ``seconds`` of wall time; count what the bleak callbacks receive."""
    async with SimRadio() as radio:
        clock = SimClock(speed, paused=True)
        insoles = [await SimInsole(radio, side, seed=1, clock=clock).start() for side in ("left", "right")[:n_insoles]]
        received = [[] for _ in insoles]
        clients = []
        for insole, sink in zip(insoles, received):
            client = BleakClient(insole.address, backend=radio.client_backend)
            await client.connect()
            await client.start_notify(PRESSURE_CHAR_UUID, lambda _c, d, s=sink: s.append(len(d)))
            await client.write_gatt_char(CONTROL_CHAR_UUID, START, response=True)
            clients.append(client)
        clock.start()
        await asyncio.sleep(min(0.5, seconds / 4))  # warm up
        n0 = sum(len(r) for r in received)
        t0, cpu0 = time.perf_counter(), time.process_time()
        await asyncio.sleep(seconds)
        n1 = sum(len(r) for r in received)
        wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        for client in clients:
            await client.write_gatt_char(CONTROL_CHAR_UUID, STOP, response=True)
        async with asyncio.timeout(10):  # until what arrived equals what was sent, twice in a row
            settled = 0
            while settled < 2:
                await asyncio.sleep(0.02)
                sent = sum(i.counters.packets_sent for i in insoles)
                settled = settled + 1 if sum(len(r) for r in received) == sent else 0
        for client in clients:
            await client.disconnect()
        sizes = {size for r in received for size in r}
        rate = (n1 - n0) / wall_s
        sim_per_wall = sum(i.counters.frames_generated for i in insoles) / n_insoles / 100 / clock.now_s() * speed
        return {
            "name": name,
            "notifications_per_s": round(rate),
            "insoles": n_insoles,
            "speed": speed,
            "achieved_speed": round(min(speed, sim_per_wall), 1),
            "cpu_pct": round(100 * cpu_s / wall_s, 1),
            "packet_bytes": sorted(sizes),
            "delivered_all": sum(len(r) for r in received) == sent,
            "seconds": round(wall_s, 2),
            "headline": f"{rate / 1e3:.1f} k notifications/s ({n_insoles} insole{'s' if n_insoles > 1 else ''}, "
                        f"{100 * cpu_s / wall_s:.0f} % CPU)",
        }


async def run(seconds: float, speed: float) -> list[dict]:
    return [
        await measure("radio_flat_out_1_insole", 1, speed, seconds),
        await measure("radio_flat_out_2_insoles", 2, speed, seconds),
        await measure("radio_paced_2_insoles_speed_30", 2, 30.0, seconds),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.3, help="wall seconds measured per run (default 3.3)")
    parser.add_argument("--speed", type=float, default=2000.0,
                        help="simulated seconds per wall second for the flat-out runs (default 2000)")
    args = parser.parse_args(argv)
    for row in asyncio.run(run(args.seconds, args.speed)):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
