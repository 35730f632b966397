"""The rider's long pauses (a coffee stop, a gap in the data): stretches in which no foot was loaded or
sent data, from the report's own facts (each foot's reliefs, gaps, absence, and rows with no reading at
all: a row whose every cell is empty sent no data). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from monitor.util.timefmt import clock_text

if TYPE_CHECKING:
    from monitor.report.quality_data import FootQuality

#: A pause is at least this long (s): far past a relief's 20 s (docs/detection.md) and the healthy ride's
#: 30-s unweighting, so that only a real stop is listed (guess).
PAUSE_MIN_S = 120.0

Span = tuple[float, float]

#: Spans this close (s) are one: gaps.csv keeps its times to the microsecond, so a gap's end and the
#: absence after the foot's last frame can stand a rounding apart (guess: well under one frame at 1 kHz).
TOUCH_S = 1e-3


def empty_row_spans(t_s: np.ndarray, empty: np.ndarray, duration_s: float | None) -> list[Span]:
    """The ``[start_s, end_s)`` spans in which a foot sent no data though its rows came: each run of rows with
    no reading at all (``empty``: bool, shape (n,), per row at ``t_s``, s, shape (n,), in time order), from
    the foot's last row with data before it (0 when none) to its first row with data after it
    (``duration_s``, the session's, when none; its last row's time where the duration is not known: None, as
    in a session never closed)."""
    t = np.asarray(t_s, dtype=float)
    e = np.asarray(empty, dtype=bool)
    if not e.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([False], e, [False])).astype(np.int8)))
    out: list[Span] = []
    for a, b in zip(edges[::2], edges[1::2]):  # rows a .. b-1 are empty
        start = float(t[a - 1]) if a > 0 else 0.0
        last_s = float(t[-1])
        end = float(t[b]) if b < t.shape[0] else last_s if duration_s is None else max(float(duration_s), last_s)
        out.append((start, end))
    return out


def _merged(spans: Iterable[Span]) -> list[Span]:
    """``[start_s, end_s)`` spans, sorted, those that touch or overlap made one."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + TOUCH_S:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        elif e > s:
            out.append((s, e))
    return out


def _common(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The intersection of two merged span lists."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if e > s:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def long_pauses(idle_by_foot: Mapping[str, Iterable[Span]], min_s: float = PAUSE_MIN_S) -> list[Span]:
    """The ``(start_s, length_s)`` of each stretch of at least ``min_s`` in which every foot was idle.

    idle_by_foot : foot -> its ``[start_s, end_s)`` spans (s) with the forefoot relieved or no data (its
        reliefs, gaps, absence at the start or end); one foot's spans are its own pauses.
    """
    common: list[Span] | None = None
    for spans in idle_by_foot.values():
        merged = _merged(spans)
        common = merged if common is None else _common(common, merged)
    return [(s, e - s) for s, e in (common or []) if e - s >= min_s]


def pauses_of(reliefs_by_foot: Mapping[str, Iterable[Span]], quality_feet: Mapping[str, FootQuality],
              min_s: float = PAUSE_MIN_S) -> list[Span]:
    """:func:`long_pauses` of the report's facts: each foot's reliefs (monitor.report.timeline_data.Timeline) and its
    gap, absent and empty-row spans (monitor.report.quality_data.FootQuality ``gap_spans``, ``absent_spans``,
    ``empty_spans``)."""
    idle = {foot: [*reliefs_by_foot.get(foot, ()), *q.gap_spans, *q.absent_spans, *q.empty_spans]
            for foot, q in quality_feet.items()}
    return long_pauses(idle, min_s)


def pauses_words(pauses: Sequence[Span], min_s: float = PAUSE_MIN_S) -> str:
    """One sentence listing ``pauses`` ((start_s, length_s) each) by start time and length, "" for none."""
    if not pauses:
        return ""
    said = "; ".join(f"at {clock_text(s)} for {clock_text(n)}" for s, n in pauses)
    return f"Pauses of {clock_text(min_s)} or more (no foot loaded or sending data): {said}."
