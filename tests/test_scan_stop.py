"""`solewatch scan` ends when stopped (Ctrl-C, SIGTERM), with the insoles it saw so far, as every other
command that runs on the radio does (monitor.cli.main._run_async sets the stop event)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.cli.commands import scan_command
from monitor.cli.insoles import Insoles
from monitor.errors import DeviceNotFound

ROOT = Path(__file__).resolve().parents[1]
#: far longer than any test may take: a scan that ignores its stop fails the guard, not the suite's timeout
HOUR_S = 3600.0
GUARD_S = 120.0


def test_a_scan_stopped_before_it_begins_ends_at_once_and_says_so():
    """The stop event was not passed to the scan: an hour's scan ran its hour after Ctrl-C or SIGTERM."""
    async def stopped() -> int:
        stop = asyncio.Event()
        stop.set()
        return await asyncio.wait_for(scan_command(Insoles(sim="healthy-ride"), timeout_s=HOUR_S)(stop), GUARD_S)

    with pytest.raises(DeviceNotFound, match="no supported insole answered before the scan was stopped"):
        asyncio.run(stopped())


def test_sigterm_ends_a_scan_from_the_command_line():
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "scan", "--sim", "healthy-ride", "--timeout", "1h"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3.0)  # started or not, a SIGTERM must end it
        os.kill(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=GUARD_S)
    finally:
        proc.kill()
    assert "Traceback" not in err, err
    # the insoles seen so far (0), none seen (the one-line error, exit 2 as every error), or ended before its
    # handler was set
    assert proc.returncode in (0, 2, -signal.SIGTERM), (proc.returncode, err)
    assert proc.returncode != 2 or "no supported insole answered before the scan was stopped" in err, err
    assert proc.returncode != 0 or ("SWL-" in out and "SWR-" in out), out
