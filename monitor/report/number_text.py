"""A number as the report's words and tables say it: formatted, or "-" where it is missing. Pure."""

from __future__ import annotations

import math
from typing import Any


def number_or_dash(x: Any, fmt: str) -> str:
    """``x`` formatted with ``fmt`` (a format spec: ".1f", ","); "-" for None and for a float NaN or
    infinity (a measure the session did not give)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return format(x, fmt)
