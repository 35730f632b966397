"""A count and its noun in the right number, for what a command says: ``1 record``, ``4,700 records``."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separated, then ``singular`` when ``n`` is 1, else ``plural`` (by default
    ``singular`` with an ``s``): ``counted(1, "record")`` is ``1 record``, ``counted(2, "packet lost",
    "packets lost")`` is ``2 packets lost``."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
