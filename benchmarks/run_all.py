"""Run every benchmark and rewrite the measured section of docs/performance.md.

Each benchmark script prints JSON lines ``{"name": ..., <metric>: value, ...}`` on stdout. This runner
collects them, adds the machine and date, and replaces everything below the marker line in
docs/performance.md; then it lists the written sections' quotes of the table that the new rows leave
stale (benchmarks/quoted_figures.py), which tests/test_performance_figures.py fails on. Run it with
``make bench``.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from quoted_figures import MARKER, stale_quotes

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
SCRIPTS = ["bench_decode.py", "bench_model.py", "bench_radio.py", "bench_monitor_cpu.py", "bench_analyze.py",
           "bench_zero_sensors.py", "bench_report.py", "bench_live.py", "bench_replay.py", "bench_hostile_insole.py",
           "bench_analyze_memory.py", "bench_study.py", "bench_import.py", "bench_import_csv.py",
           "bench_rawlog.py", "bench_clock.py", "bench_cli_start.py", "bench_phone_view.py"]
RESULTS = HERE / "results.json"  # the last measured rows of every script, so one script can be re-run alone


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
    undated = [r for r in rows if "measured_utc" not in r]  # rows kept from before the field was written
    lines = [
        MARKER,
        "",
        f"Table rewritten {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()} ({platform.system()}). Scripts can be "
        "re-run alone (`--only`), so rows come from different runs: `measured_utc` says when each was measured"
        + (" (rows without it predate that field; the sections above give their runs)." if undated else "."),
        "",
        "| benchmark | result | details |",
        "|---|---|---|",
    ]
    for r in rows:
        details = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("name", "script", "headline"))
        lines.append(f"| {r['name']} | {r.get('headline', '')} | {details} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Run the benchmarks; rewrite docs/performance.md.")
    parser.add_argument("--only", action="append", choices=SCRIPTS, help="re-run only these scripts")
    parser.add_argument("--from-file", nargs=2, metavar=("SCRIPT", "JSONL"),
                        help="take SCRIPT's rows from a file of its output instead of running it")
    args = parser.parse_args(argv)
    by_script = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.from_file:
        script, path = args.from_file
        when = datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M")
        by_script[script] = [{"measured_utc": when, **json.loads(line), "script": script}
                             for line in Path(path).read_text().splitlines() if line.startswith("{")]
    else:
        for script in args.only or SCRIPTS:
            when = f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M}"
            by_script[script] = [{"measured_utc": when, **row} for row in run(script)]
    RESULTS.write_text(json.dumps(by_script, indent=1) + "\n", encoding="utf-8")
    rows = [row for script in SCRIPTS for row in by_script.get(script, [])]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{MARKER}\n"
    head = text.split(MARKER)[0]
    DOC.write_text(head + render(rows), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)
    for stale in stale_quotes(head, by_script):  # the written sections' quotes of the table (quoted_figures.py)
        print(f"docs/performance.md quotes the table's figures as they no longer are: {stale}", file=sys.stderr)


if __name__ == "__main__":
    main()
