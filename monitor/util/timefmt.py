"""Session times for people: ``m:ss`` under an hour, ``h:mm:ss`` from an hour on."""

from __future__ import annotations

import math


def clock_text(t_s: float | None, missing: str = "-") -> str:
    """Session seconds as ``m:ss`` or ``h:mm:ss`` (rounded to the second, negative as 0:00); ``missing``
    for None or a non-finite time."""
    if t_s is None or not math.isfinite(t_s):
        return missing
    m, s = divmod(int(round(max(float(t_s), 0.0))), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
