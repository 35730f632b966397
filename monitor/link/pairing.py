"""Choosing and connecting the two insoles a session monitors: the named ones, or those a scan finds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from monitor.errors import ConnectionLost, DeviceNotFound, SolewatchError
from monitor.link.ble import (
    CONNECT_ERRORS,
    TRANSIENT_ERRORS,
    Backends,
    LinkConfig,
    PairLink,
    find_address,
    scan,
)
from monitor.util.plain_text import error_line
from monitor.util.words import counted

#: Attempts at a named insole's first connection before its failure is said (guess: BlueZ aborts 30-40 % of
#: connections, bleak issue #666, so three in a row fail about one time in twenty; each is bounded by
#: LinkConfig.connect_timeout_s and its start by control_timeout_s, so a dead insole is said within about
#: 3 x (10 + 5) s and the back-off between, under a minute).
FIRST_CONNECT_ATTEMPTS = 3


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
            for foot, address in expect.items():
                if not await _open_named(link, foot, address, kind=kind or "solewatch", expect=expect,
                                         scan_timeout_s=scan_timeout_s, stop=stop):
                    return None
        else:
            found = await scan(backends, timeout_s=nearest_scan_s if nearest else scan_timeout_s,
                               enough=None if nearest else 2, kinds=(kind,) if kind else None)
            if stop is not None and stop.is_set():
                return None
            if not found:
                raise DeviceNotFound(f"no {'supported' if kind is None else kind} insole found; is it awake and in "
                                     "range?")
            last: Exception | None = None
            for insole in found:
                if len(link.feet) == 2:
                    break
                if stop is not None and stop.is_set():
                    return None
                try:
                    await _attempts(link, stop, lambda insole=insole: link.open([insole.device], kind=insole.kind))
                except CONNECT_ERRORS as exc:  # this one would not: the next one found may
                    last = exc
            if stop is not None and stop.is_set():
                return None
            if not link.feet:
                why = "" if last is None else f" (the last: {_error_words(last)})"
                raise DeviceNotFound(f"none of the {len(found)} insole(s) found would connect{why}")
        done = True
        return link
    finally:
        if not done:
            await link.close()


async def _open_named(link: PairLink, foot: str, address: str, *, kind: str, expect: dict[str, str],
                      scan_timeout_s: float, stop: asyncio.Event | None) -> bool:
    """Find and connect the insole named for ``foot`` (:func:`_attempts`); False if ``stop`` was set first.
    A failure is one line naming the foot (a :class:`SolewatchError`): not found within ``scan_timeout_s``,
    not an insole of ``kind``, of another foot or layout, or one that would not connect."""

    async def attempt() -> None:
        device = await find_address(link.backends, address, timeout_s=scan_timeout_s)
        if stop is None or not stop.is_set():
            await link.open([device], expect=expect, kind=kind)

    made = [0]  # the attempts made: fewer than FIRST_CONNECT_ATTEMPTS where ``stop`` cut the retries short
    try:
        await _attempts(link, stop, attempt, made)
    except DeviceNotFound as exc:  # not there, not this kind, or not this foot
        raise type(exc)(f"{foot} insole: {exc}") from None
    except TRANSIENT_ERRORS as exc:
        raise ConnectionLost(f"{foot} insole {address} would not connect ({counted(made[0], 'attempt')}; the "
                             f"last: {_error_words(exc)})") from None
    except CONNECT_ERRORS as exc:  # its layout, read or refused (ProtocolError)
        raise type(exc)(f"{foot} insole {address}: {exc}") from None
    return stop is None or not stop.is_set()


async def _attempts(link: PairLink, stop: asyncio.Event | None, attempt: Callable[[], Awaitable[None]],
                    made: list[int] | None = None) -> None:
    """Run ``attempt`` (find and connect one insole) until it succeeds. A failure a second attempt may not
    meet (the radio's, BlueZ's, a timeout: :data:`TRANSIENT_ERRORS`) is tried again, up to
    :data:`FIRST_CONNECT_ATTEMPTS` in all, after the reconnection's backoff (``LinkConfig.reconnect_initial_s``,
    doubling), unless ``stop`` is set; the last one's goes on, as does any other at once (another kind, foot
    or layout). ``made``: its one item counts the attempts made, said in the failure's words."""
    delay_s = link.config.reconnect_initial_s
    for tried in range(1, FIRST_CONNECT_ATTEMPTS + 1):
        if made is not None:
            made[0] = tried
        try:
            await attempt()
            return
        except TRANSIENT_ERRORS:
            if tried == FIRST_CONNECT_ATTEMPTS or (stop is not None and stop.is_set()):
                raise
        await asyncio.sleep(delay_s)
        delay_s = min(delay_s * 2, link.config.reconnect_max_s)


def _error_words(exc: Exception) -> str:
    """A failed attempt's error in one line; a timeout, whose message is empty, says so."""
    if isinstance(exc, SolewatchError):
        return str(exc)
    return error_line(exc) if str(exc).strip() else f"{type(exc).__name__}: no answer in time"
