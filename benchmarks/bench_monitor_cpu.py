"""The monitor's CPU share while streaming both feet at 2 x 100 Hz in real time.

Two processes, as with real insoles: ``solewatch sim`` runs the simulated insoles (and their virtual
radio) and exposes a controller as HCI over TCP; the monitor is ``solewatch record --radio
tcp-client:...`` (recording only) and then ``solewatch live --radio tcp-client:... --plain`` (recording,
the detection pipeline, the alert policy and the plain event lines). The monitor's CPU time (user +
system, from wait4's rusage) divided by the wall time of its streaming is its share of one core.

A run's start-up (imports, connecting) costs about a second of CPU and varies by tenths of a second, more
than 30 s of streaming costs, so one difference of a long and a short run can even read negative. So each
command runs ``PAIRS`` short and long runs, interleaved; the headline is the median of the pairs' shares,
with their range beside it. Prints JSON lines.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DURATION_S = float(os.environ.get("BENCH_CPU_DURATION_S", "30"))
PAIRS = int(os.environ.get("BENCH_CPU_PAIRS", "3"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"simulator did not open port {port}")


def measure(port: int, duration_s: float, command: str = "record") -> tuple[float, float, int]:
    exe = [sys.executable, "-m", "monitor"]
    extra = ["--no-sound"] if command == "live" else []
    with tempfile.TemporaryDirectory() as out:
        t0 = time.monotonic()
        mon = subprocess.Popen([*exe, command, "--radio", f"tcp-client:127.0.0.1:{port}", "--speed", "1",
                                "--duration", f"{duration_s}s", "--out", out, "--plain", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out_text = mon.stdout.read().decode()
        err_text = mon.stderr.read().decode()
        _, status, usage = os.wait4(mon.pid, 0)
        wall_s = time.monotonic() - t0
        if status != 0:
            raise SystemExit(f"{command} failed: {err_text[-2000:]}")
        if command == "live":
            from monitor import load_session

            frames = len(load_session(next(Path(out).iterdir())).frames)
    if command == "record":
        frames = sum(int(x.replace(",", "")) for x in _frames_from_summary(out_text))
    return usage.ru_utime + usage.ru_stime, wall_s, frames


def main() -> None:
    port = free_port()
    sim = subprocess.Popen([sys.executable, "-m", "monitor", "sim", "--scenario", "healthy-ride", "--hci",
                            f"tcp-server:127.0.0.1:{port}", "--speed", "1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        wait_for_port(port)
        for command, what in (("record", "solewatch record"),
                              ("live", "solewatch live: recording + detection + alerts")):
            pairs = [(measure(port, 5.0, command), measure(port, 5.0 + DURATION_S, command))
                     for _ in range(PAIRS)]
            # the marginal cost of DURATION_S more seconds of streaming: start-up and shutdown cancel out
            shares = sorted((long[0] - short[0]) / (long[1] - short[1]) for short, long in pairs)
            rows.append({
                "name": f"monitor CPU share, 2 x 100 Hz, real time (two processes, TCP HCI): {what}",
                "headline": f"{100 * statistics.median(shares):.1f} % of one core "
                            f"({100 * shares[0]:.1f}-{100 * shares[-1]:.1f} % over {PAIRS} pairs)",
                "method": f"median over {PAIRS} interleaved pairs of (cpu of a {5 + DURATION_S:g} s run - "
                          f"cpu of a 5 s run) / (wall difference)",
                "cpu_s_short": [round(short[0], 2) for short, _ in pairs],
                "cpu_s_long": [round(long[0], 2) for _, long in pairs],
                "wall_s_long": [round(long[1], 2) for _, long in pairs],
                "frames_long": [long[2] for _, long in pairs],
            })
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    for row in rows:
        print(json.dumps(row))


def _frames_from_summary(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("left", "right") and len(parts) > 2:
            out.append(parts[1])
    return out


if __name__ == "__main__":
    main()
