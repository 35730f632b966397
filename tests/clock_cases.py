"""Cases for the clock's offset envelope shared by its tests (monitor.link.clock, clock_ahead)."""

from __future__ import annotations

import numpy as np


def buckets_near_the_drift_line(rng: np.random.Generator) -> tuple[float, float, float, float, float]:
    """Two one-second buckets at the magnitudes of a long session (starts up to 4e5 s, lows up to 5000 s)
    on a drift's line but for up to three units in the last place: ``(drift, start_a_s, start_b_s,
    low_a_s, low_b_s)``, where the order of their keys (``low - drift * start``) and of their values at a
    later time may disagree once rounded."""
    drift = float(rng.choice([1e-4, -3e-4, 4.9e-4])) * (1 + rng.uniform(-0.1, 0.1))
    s_a = float(rng.uniform(1e3, 4e5))
    s_b = s_a + float(rng.uniform(1, 60))
    low_a = float(rng.uniform(-5000, 5000))
    low_b = low_a + drift * (s_b - s_a)
    for _ in range(int(rng.integers(0, 4))):
        low_b = float(np.nextafter(low_b, np.inf if rng.random() < 0.5 else -np.inf))
    return drift, s_a, s_b, low_a, low_b
