"""``solewatch scan``: the insoles in range, as a table. Loads no analysis and no session writer (no scipy,
no pandas: tests/test_cli_imports.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from rich.table import Table

from monitor.cli.insoles import Insoles, open_backends
from monitor.cli.reader_console import READER_GONE, cli_console
from monitor.errors import DeviceNotFound, UsageError
from monitor.link.ble import scan

Command = Callable[[asyncio.Event], Awaitable[int]]


def scan_command(insoles: Insoles, *, timeout_s: float) -> Command:
    """``solewatch scan``: the insoles in range, as a table, strongest signal first; the foot is ``unknown``
    where the insole's advertisement does not name it (it is read from the insole on connecting,
    docs/devices.md); the name, and the signal strength (rssi, dBm), are ``-`` where the advertisement or
    the adapter does not give them. ``stop`` (Ctrl-C, SIGTERM) ends the scan early with what it saw. The
    Moticon app's stream is not advertised (UDP, listened for): asked for, a UsageError says how to reach it."""
    if insoles.insole == "moticon-udp":
        raise UsageError("--insole moticon-udp: the Moticon app's stream is not found by a scan; listen for it "
                         "with `solewatch record --moticon-udp PORT` or `solewatch live --moticon-udp PORT`")

    async def run(stop: asyncio.Event) -> int:
        async with open_backends(insoles) as (backends, _):
            found = await scan(backends, timeout_s=timeout_s, stop=stop,
                               kinds=(insoles.insole,) if insoles.insole and not insoles.sim else None)
        if not found:
            raise DeviceNotFound(f"no {insoles.insole or 'supported'} insole answered "
                                 + ("before the scan was stopped" if stop.is_set() else f"within {timeout_s:g} s"))
        table = Table("address", "name", "kind", "foot", "rssi", box=None, header_style="bold")
        for f in found:
            table.add_row(f.address, f.name or "-", f.kind, f.side or "unknown", "-" if f.rssi is None else str(f.rssi))
        out = cli_console()
        out.print(table)
        return READER_GONE if out.reader_gone else 0

    return run
