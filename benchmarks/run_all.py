"""Run every benchmark and rewrite the measured section of docs/performance.md.

Each benchmark script prints JSON lines ``{"name": ..., <metric>: value, ...}`` on stdout. This runner
collects them, adds the machine and date, and replaces everything below the marker line in
docs/performance.md. Run it with ``make bench``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
MARKER = "<!-- measured: everything below is rewritten by benchmarks/run_all.py -->"
SCRIPTS = ["bench_decode.py", "bench_radio.py", "bench_monitor_cpu.py", "bench_analyze.py"]


def run(script: str) -> list[dict]:
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, str(HERE / script)], capture_output=True, text=True, timeout=900,
                          cwd=HERE.parent)
    if proc.returncode != 0:
        raise SystemExit(f"{script} failed:\n{proc.stderr[-2000:]}")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    for r in rows:
        r.setdefault("script", script)
    print(f"{script}: {len(rows)} results in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    return rows


def render(rows: list[dict]) -> str:
    lines = [
        MARKER,
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()} ({platform.system()}).",
        "",
        "| benchmark | result | details |",
        "|---|---|---|",
    ]
    for r in rows:
        details = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("name", "script", "headline"))
        lines.append(f"| {r['name']} | {r.get('headline', '')} | {details} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    rows = [row for script in SCRIPTS for row in run(script)]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{MARKER}\n"
    head = text.split(MARKER)[0]
    DOC.write_text(head + render(rows), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
