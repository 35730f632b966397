"""The hot-spot shortcuts of monitor.signal.regions give the very bits of the sorted sum they replace."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.codebook import SensorLayout
from monitor.signal.hot_spot import hot_mean, hot_pair, top_rows
from monitor.signal.regions import RegionReducer


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float64).view(np.int64)


def _tied(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Pressures (kPa) from a few values, so that ties and zeros are common; some negative (a low-pass
    undershoot)."""
    return rng.choice(np.array([0.0, 0.0, 3.5, 0.1, 1 / 3, 7.25, 120.0, -0.5, 1e-300]), size=shape)


@pytest.mark.parametrize("areas_mm2", [(200.0, 150.0), (150.0, 200.0), (120.0, 90.0), (80.0, 300.0)])
def test_a_pair_of_unequal_sensors_reads_the_sorted_sum_bit_for_bit(areas_mm2):
    p = _tied(np.random.default_rng(1), (2, 500))
    area = np.array(areas_mm2)
    want = hot_mean(p, np.zeros_like(p, dtype=bool), area, np.arange(2))
    got = hot_pair(p[0], p[1], *areas_mm2)
    np.testing.assert_array_equal(_bits(got), _bits(want))


@pytest.mark.parametrize("n_rows", [2, 3, 5])
@pytest.mark.parametrize("negative_zero", [False, True])
def test_the_highest_rows_are_the_values_a_sort_keeps(n_rows, negative_zero):
    p = _tied(np.random.default_rng(n_rows), (n_rows + 1, 400))
    if negative_zero:
        p[1, ::5] = -0.0
    idx = np.arange(1, n_rows + 1)
    want = -np.sort(-p[idx], axis=0)
    for k in range(1, n_rows + 1):
        got = top_rows(p, idx, k)
        assert len(got) == k
        for j in range(k):
            if n_rows == 2:  # max/min whatever the zeros' signs: compare values
                np.testing.assert_array_equal(got[j], want[j])
            else:
                np.testing.assert_array_equal(_bits(got[j]), _bits(want[j]))


@pytest.mark.parametrize("areas_mm2", [(200.0, 150.0), (120.0, 120.0, 120.0), (250.0, 250.0), (90.0, 60.0, 300.0)])
def test_the_reducer_reads_each_hot_spot_as_the_sorted_sum_or_its_grid_form(areas_mm2):
    n = len(areas_mm2)
    layout = SensorLayout("left", [0.0] * (n + 1), [0.1] + [0.7] * n, [500.0, *areas_mm2], ("heel",) + ("mth1",) * n)
    reducer = RegionReducer(layout)
    p = np.abs(_tied(np.random.default_rng(n), (600, n + 1)))
    hot = reducer.reduce(p).region_hot_kpa["mth1"]
    want = hot_mean(p.T, np.isnan(p.T), reducer.area_mm2, np.arange(1, n + 1))
    np.testing.assert_allclose(hot, want, rtol=1e-12, atol=1e-12)
    if n == 2 and areas_mm2[0] != areas_mm2[1]:
        np.testing.assert_array_equal(_bits(hot), _bits(want))
