"""The fixed split of the population into ``tuning`` and ``held_out`` by rider id.

A rider is held out when the first 8 hex digits of SHA-256 of its id, read as a fraction of 2^32, fall
below HELD_OUT_FRACTION. The assignment depends on the id alone: the same ids are held out for any
population size and any seed, and no tuning run can move a rider across.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

#: Share of rider ids held out (guess: enough riders of each condition to check, most left for tuning).
HELD_OUT_FRACTION = 0.30


def is_held_out(rider_id: str) -> bool:
    """True when ``rider_id`` belongs to the held-out part."""
    h = int(hashlib.sha256(rider_id.encode("utf-8")).hexdigest()[:8], 16)
    return h / 2**32 < HELD_OUT_FRACTION


def split(rider_ids: Iterable[str]) -> dict[str, list[str]]:
    """``{"tuning": [...], "held_out": [...]}``, each in the given order, disjoint."""
    out: dict[str, list[str]] = {"tuning": [], "held_out": []}
    for rid in rider_ids:
        out["held_out" if is_held_out(rid) else "tuning"].append(rid)
    return out
