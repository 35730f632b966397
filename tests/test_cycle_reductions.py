"""Per-cycle reductions (monitor.signal.cycle_reductions) against their definitions, on blocks where every
sample reads and on blocks with missing samples: the reductions skip the masking when nothing is missing,
and must give the same bits either way."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.codebook import SensorLayout
from monitor.signal.features import FeatureAccumulator
from monitor.signal.params import FeatureParams
from monitor.signal.regions import RegionReducer
from monitor.signal.types import Cycle

RATE_HZ = 100.0
LABELS = ("heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1", "mth2", "mth4",
          "hallux", "lesser_toes")
LAYOUT = SensorLayout("left", (-0.1, 0.1, -0.15, 0.2, -0.3, -0.05, 0.25, -0.25, 0.1),
                      (0.1, 0.1, 0.4, 0.4, 0.7, 0.72, 0.65, 0.9, 0.88), [100.0] * 9, LABELS)
#: Cycles of 1 s from 2 s on, with 0.3 s between them (a gap no cycle holds).
CYCLES = [Cycle("left", "stroke", 2.0 + 1.3 * i, 3.0 + 1.3 * i) for i in range(6)]


def _pressure(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """10 s of frames (n, 9) kPa: strokes (12-60 kPa) with noise, never near zero, so that a missing reading taken as
    0 kPa would show in a peak or a stroke's lowest load."""
    rng = np.random.default_rng(seed)
    t = np.arange(1000) / RATE_HZ
    load = 36.0 + 24.0 * np.sin(2.0 * np.pi * t)
    return t, load[:, None] * rng.uniform(0.5, 1.0, 9) + rng.normal(0.0, 0.5, (t.size, 9))


def _cycle_arrays(t: np.ndarray, p: np.ndarray) -> dict[str, np.ndarray]:
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, FeatureParams())
    batch, _ = fa.feed_arrays(t, RegionReducer(LAYOUT).reduce(p), CYCLES, "cycling")
    return batch.arrays


@pytest.mark.parametrize("missing", [False, True])
def test_a_cycles_peak_is_its_highest_reading_sample(missing):
    t, p = _pressure(1)
    if missing:  # readings lost inside cycles, and a whole region for one cycle
        p[[230, 231, 405, 620], 4] = np.nan
        p[(t >= 2.0) & (t < 3.0), 7] = np.nan
        p[(t >= 4.6) & (t < 5.6), 8] = -2.0  # a region below zero all cycle long, one reading lost
        p[500, 8] = np.nan
    series = RegionReducer(LAYOUT).reduce(p)
    hot = series.region_hot_kpa
    got = _cycle_arrays(t, p)["peak_kpa"]
    regions = tuple(LAYOUT.region_masks())
    for i, c in enumerate(CYCLES):
        inside = (t >= c.start_s) & (t < c.end_s)
        for j, r in enumerate(regions):
            values = hot[r][inside]
            values = values[~np.isnan(values)]
            want = values.max() if values.size else np.nan
            assert np.array_equal(got[i, j], want, equal_nan=True), (c, r)


def test_a_sample_missing_between_cycles_changes_no_cycle_bit():
    t, p = _pressure(2)
    whole = _cycle_arrays(t, p)
    p[int(round(3.1 * RATE_HZ))] = np.nan  # between the first two cycles: in the block, in no cycle
    holed = _cycle_arrays(t, p)
    for name, values in whole.items():
        assert np.array_equal(values.view(np.int64), holed[name].view(np.int64)), name


@pytest.mark.parametrize("missing", [False, True])
def test_a_strokes_residual_is_taken_below_the_half_way_load_of_its_reading_samples(missing):
    t, p = _pressure(3)
    if missing:  # whole frames lost inside strokes: their load is unknown, not zero
        p[[250, 251, 530, 777]] = np.nan
    series = RegionReducer(LAYOUT).reduce(p)
    got = _cycle_arrays(t, p)["residual_kpa"]
    q = FeatureParams().residual_quantile
    for i, c in enumerate(CYCLES):
        inside = (t >= c.start_s) & (t < c.end_s) & ~np.isnan(series.total_force_n)
        total = series.total_force_n[inside]
        unloaded = total < 0.5 * (total.min() + total.max())
        want = np.quantile(series.forefoot_peak_kpa[inside][unloaded], q)
        assert got[i] == pytest.approx(want, rel=1e-12), c
