"""Cadence from the cycles the detectors found (monitor.signal.cycles): the median cycle length of one kind, as
crank revolutions or steps of both feet per minute."""

from __future__ import annotations

import numpy as np

from monitor.signal.types import Cycle

__all__ = ["MIN_CADENCE_CYCLES", "cadence_from_durations", "cadence_per_min"]


#: Fewer cycles of a kind than this give no cadence (NaN): one cycle alone, a foot that stopped sending
#: after its first stroke, says little (guess). Two are enough: the real Moticon walk with events
#: (../shared/data, 5 s) holds two strides of its left foot, whose cadence its own heel-strike events confirm
#: (tests/test_gait_events_real.py).
MIN_CADENCE_CYCLES = 2


def cadence_per_min(cycles: list[Cycle], kind: str) -> float:
    """Cadence from the median length of the cycles of ``kind`` (NaN if there are fewer than
    ``MIN_CADENCE_CYCLES``).

    "stroke": crank revolutions per minute (one stroke per revolution per foot). "stride": steps per
    minute of both feet, 2 * strides per minute (the convention of domain.md section 1).
    """
    if kind not in ("stride", "stroke"):
        raise ValueError(f"kind must be 'stride' or 'stroke', not {kind!r}")
    return cadence_from_durations(np.array([c.duration_s for c in cycles if c.kind == kind], dtype=float), kind)


def cadence_from_durations(durations_s: np.ndarray, kind: str) -> float:
    """:func:`cadence_per_min` from the cycles' durations (s), shape (n,), all of ``kind``."""
    if durations_s.size < MIN_CADENCE_CYCLES:
        return float("nan")
    per_min = 60.0 / float(np.median(durations_s))
    return 2.0 * per_min if kind == "stride" else per_min
