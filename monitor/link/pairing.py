"""Choosing and connecting the two insoles a session monitors: the named ones, or those a scan finds."""

from __future__ import annotations

import asyncio
import contextlib

from monitor.errors import DeviceNotFound
from monitor.link.ble import (
    CONNECT_ERRORS,
    Backends,
    LinkConfig,
    PairLink,
    find_address,
    scan,
)


async def open_pair(backends: Backends, config: LinkConfig, *, left: str | None = None,
                    right: str | None = None, nearest: bool = False, scan_timeout_s: float = 10.0,
                    nearest_scan_s: float = 3.0, stop: asyncio.Event | None = None,
                    kind: str | None = None) -> PairLink | None:
    """Connect the insoles to monitor; None if ``stop`` was set first (nothing is left open).

    With ``left``/``right`` the named insoles; otherwise the insoles a scan finds, strongest signal
    first, until one of each foot is connected (``nearest``: scan for ``nearest_scan_s`` to see every
    insole in range; else stop at the first two seen). ``stop`` is checked between steps: a scan or a
    connection under way is finished (each bounded by its timeout), then closed, never cut mid-exchange
    with the radio. ``kind`` (an insole kind of monitor.link.drivers): only insoles of that kind are
    scanned for, and named insoles are of it (default: any kind a scan recognises; named ones the
    Solewatch profile).
    """
    link = PairLink(backends, config)
    done = False
    try:
        if left or right:
            expect = {f: a for f, a in (("left", left), ("right", right)) if a}
            devices = []
            for address in expect.values():
                devices.append(await find_address(backends, address, timeout_s=scan_timeout_s))
                if stop is not None and stop.is_set():
                    return None
            await link.open(devices, expect=expect, kind=kind or "solewatch")
            if stop is not None and stop.is_set():
                return None
        else:
            found = await scan(backends, timeout_s=nearest_scan_s if nearest else scan_timeout_s,
                               enough=None if nearest else 2, kinds=(kind,) if kind else None)
            if stop is not None and stop.is_set():
                return None
            if not found:
                raise DeviceNotFound(f"no {'supported' if kind is None else kind} insole found; is it awake and in "
                                     "range?")
            for insole in found:
                if len(link.feet) == 2:
                    break
                if stop is not None and stop.is_set():
                    return None
                with contextlib.suppress(*CONNECT_ERRORS):
                    await link.open([insole.device], kind=insole.kind)
            if stop is not None and stop.is_set():
                return None
            if not link.feet:
                raise DeviceNotFound(f"none of the {len(found)} insole(s) found would connect")
        done = True
        return link
    finally:
        if not done:
            await link.close()
