"""Words for what a command says: a count and its noun in the right number (``1 record``, ``4,700
records``), a list as a sentence says it (``power, cadence and heart rate``)."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separated, then ``singular`` when ``n`` is 1, else ``plural`` (by default
    ``singular`` with an ``s``): ``counted(1, "record")`` is ``1 record``, ``counted(2, "packet lost",
    "packets lost")`` is ``2 packets lost``."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def listed(items: list[str], last: str = "and") -> str:
    """``items`` as a sentence lists them: ``power``, ``power and cadence``, ``power, cadence and speed``
    (``last``: the word before the last item, e.g. ``or``)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
