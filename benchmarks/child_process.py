"""A command run as a child process and measured: wall time, CPU time and peak resident set. Shared by
the import benchmarks (bench_import.py, bench_import_csv.py)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time


def run(cmd: list[str], out: list[str] | None = None, exit_codes: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Run ``cmd`` as a child process: (wall s, CPU s, peak resident set MiB); its stdout appended to
    ``out`` when given. Raises if it exits with a code not in ``exit_codes`` (a command measured on bad
    input exits 2).

    The child's peak counts the moments between fork and exec too, when it is a copy of the calling
    process: the caller stays small (its files are written by a child) so that only the command's own
    peak shows."""
    t0 = time.perf_counter()
    stdout = tempfile.TemporaryFile() if out is not None else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall_s = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in exit_codes:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}):\n{err[-2000:]}")
    if out is not None:
        stdout.seek(0)
        out.append(stdout.read().decode())
        stdout.close()
    return wall_s, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0  # ru_maxrss: KiB on Linux
