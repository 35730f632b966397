"""What a `solewatch` process pays for the libraries it loads: commands that analyse nothing, against the
same commands with scipy loaded first (as every command but ``--help`` loaded it before scipy was
imported where it is used: the signal stages' filters, monitor/signal/filters.py and its neighbours).

Each command runs as a whole process, ``python -c`` calling ``monitor.cli.main.main`` (the repository's own,
benchmarks/this_repo.py), in two ways taken in turns (A B A B ...), so that a host whose
load changes treats them alike:

* ``as_is``: the command as it is;
* ``scipy_first``: ``import scipy.signal, scipy.ndimage`` first, then the same command.

The commands: ``--help``, ``scenarios``, ``scan --sim healthy-ride --timeout 1s`` (its wall time is mostly
the scan's second; its CPU time is the start), ``export SAMPLE --format csv`` (a 2-minute sample session's
frames table) and ``analyze SAMPLE --json``, which needs scipy: its two ways should cost the same.

The figures are the medians over BENCH_CLI_ROUNDS rounds (default 5) of each process's CPU time (user +
system: the fairer measure on a loaded host) and wall time, the ratio scipy_first / as_is of CPU time,
and, host-independent, how many modules each way loaded and whether scipy, pandas or matplotlib was among
them (tests/test_cli_imports.py holds those).

Prints JSON lines for benchmarks/run_all.py.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from child_process import run  # noqa: E402  (after the path)

ROUNDS = int(os.environ.get("BENCH_CLI_ROUNDS", "5"))
SAMPLE = ROOT / "sessions" / "samples" / "sim-cleat-forward"
HEAVY = ("scipy", "pandas", "matplotlib")
CODE = """
import json, sys
{first}
from monitor.cli.main import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exc:
    rc = exc.code
print(json.dumps([rc, len(sys.modules), sorted(m for m in {heavy!r} if m in sys.modules)]))
"""
WAYS = {"as_is": "", "scipy_first": "import scipy.signal, scipy.ndimage"}


def commands(tmp: Path) -> dict[str, list[str]]:
    return {"--help": ["--help"], "scenarios": ["scenarios"],
            "scan": ["scan", "--sim", "healthy-ride", "--timeout", "1s"],
            "export csv": ["export", str(SAMPLE), "--format", "csv", "-o", str(tmp / "frames.csv"), "--force"],
            "analyze": ["analyze", str(SAMPLE), "--json"]}


def measure(args: list[str], first: str) -> tuple[float, float, int, list[str]]:
    """(wall s, CPU s, modules loaded, heavy libraries loaded) of one process running ``args``."""
    out: list[str] = []
    wall_s, cpu_s, _ = run([sys.executable, "-c", CODE.format(first=first, heavy=HEAVY), *args], out)
    rc, n_modules, heavy = json.loads(out[0].splitlines()[-1])
    if rc != 0:
        raise SystemExit(f"solewatch {' '.join(args)} exited {rc}")
    return wall_s, cpu_s, n_modules, heavy


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp))
        got: dict[tuple[str, str], list[tuple[float, float, int, list[str]]]] = {
            (c, w): [] for c in cmds for w in WAYS}
        for _ in range(ROUNDS):
            for name, args in cmds.items():
                for way, first in WAYS.items():
                    got[(name, way)].append(measure(args, first))
    load = round(os.getloadavg()[0], 1)
    for name in cmds:
        med = {way: (statistics.median(r[0] for r in got[(name, way)]),
                     statistics.median(r[1] for r in got[(name, way)])) for way in WAYS}
        _, _, n_as_is, heavy = got[(name, "as_is")][-1]
        _, _, n_first, _ = got[(name, "scipy_first")][-1]
        ratio = med["scipy_first"][1] / med["as_is"][1]
        print(json.dumps({
            "name": f"solewatch {name}: process CPU, as is against scipy loaded first",
            "headline": (f"{med['as_is'][1]:.2f} s CPU, {n_as_is} modules"
                         f" ({', '.join(heavy) or 'no scipy, pandas, matplotlib'}); scipy first "
                         f"{med['scipy_first'][1]:.2f} s, {n_first} modules ({ratio:.2f}x)"),
            "cpu_s": round(med["as_is"][1], 3), "wall_s": round(med["as_is"][0], 3),
            "scipy_first_cpu_s": round(med["scipy_first"][1], 3),
            "scipy_first_wall_s": round(med["scipy_first"][0], 3),
            "scipy_first_over_as_is_cpu": round(ratio, 2), "modules": n_as_is, "scipy_first_modules": n_first,
            "heavy_loaded": heavy, "rounds": ROUNDS, "load_average_1min": load,
        }))


if __name__ == "__main__":
    main()
