"""The ``plot_*`` functions' check of their arguments' kinds: a TypeError naming the argument, what it
takes and where to get it (docs/api.md, "Errors"), as the table functions', ``figure_data``'s and
``write_report``'s are, before an AttributeError from deep inside the drawing (a ReportData given whole,
an AnalysisResult for its ``asymmetry()``), or an empty figure drawn from a str."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from monitor.codebook import FEET
from monitor.util.arguments import kind_of


def _said(value: Any, item: type | tuple[type, ...], allow_none: bool) -> str:
    """What a per-foot argument was, for its TypeError: :func:`kind_of`, or for a mapping, what of it is
    not a foot's ("a dict keyed 'x'", "a dict of PressureMap")."""
    if not isinstance(value, Mapping):
        return kind_of(value)
    name = type(value).__name__
    odd = [key for key in value if key not in FEET]
    if odd:
        return f"a {name} keyed {odd[0]!r}"
    wrong = [v for v in value.values() if not (isinstance(v, item) or (allow_none and v is None))]
    return f"a {name} of {type(wrong[0]).__name__}" if wrong else kind_of(value)


def per_foot(value: Any, name: str, what: str, where: str, item: type | tuple[type, ...], *,
             allow_none: bool = False) -> Mapping[str, Any]:
    """``value`` when it is a mapping of feet ("left", "right") to ``item`` (or None with ``allow_none``),
    no foot or one foot included; else a TypeError ``"{name} takes {what} (pass {where}), not {kind}"``
    (``where``: what gives one, e.g. "figure_data(session, result).maps"), its kind as :func:`_said` says
    it."""
    if isinstance(value, Mapping) and all(key in FEET for key in value) and all(
            isinstance(v, item) or (allow_none and v is None) for v in value.values()):
        return value
    raise TypeError(f"{name} takes {what} (pass {where}), not {_said(value, item, allow_none)}")


def one_of(value: Any, name: str, what: str, where: str, kind: type | tuple[type, ...]) -> Any:
    """``value`` when it is a ``kind``; else a TypeError ``"{name} takes {what} (pass {where}), not
    {kind}"``."""
    if isinstance(value, kind):
        return value
    raise TypeError(f"{name} takes {what} (pass {where}), not {kind_of(value)}")


def listed(value: Any, name: str, what: str, where: str) -> Any:
    """``value`` when it is a collection of items (a list, a tuple: not text, bytes or a mapping); else a
    TypeError ``"{name} takes {what} (pass {where}), not {kind}"``."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return value
    raise TypeError(f"{name} takes {what} (pass {where}), not {kind_of(value)}")
