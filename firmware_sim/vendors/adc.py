"""A vendor insole's ADC, firmware side: pressure in kPa to the unsigned counts its packets carry."""

from __future__ import annotations

import numpy as np


def kpa_to_counts(pressure_kpa: np.ndarray, kpa_per_count_milli: int, max_count: int) -> np.ndarray:
    """kPa -> counts at ``kpa_per_count_milli`` (thousandths of a kPa per count), rounded half up, NaN read as
    0, clipped to 0..``max_count``; uint16, the shape of ``pressure_kpa``."""
    counts = np.floor(np.asarray(pressure_kpa, dtype=float) * 1000 / kpa_per_count_milli + 0.5)
    return np.clip(np.nan_to_num(counts, nan=0.0), 0, max_count).astype(np.uint16)
