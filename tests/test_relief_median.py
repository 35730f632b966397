"""The relief's running median (monitor.signal.relief.running_median) gives numpy.median's values, bit for
bit, on quantised, noisy, partly missing series with signed zeros; the sides of the relief's levels the
tracker reads without medians (median_sides) are the median's; the tracker's smoothing is the same for any
chunking."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from monitor.signal.params import FeatureParams
from monitor.signal.relief import ReliefTracker, median_sides, running_median


def _series(seed: int, n: int, signed_zero: bool) -> np.ndarray:
    """Forefoot pressure (kPa) quantised to 2.5 kPa steps (ties in every window), with NaN runs."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(8.0, 6.0, n) / 2.5) * 2.5
    for start in rng.integers(0, n, 6):
        x[start:start + rng.integers(1, 40)] = np.nan
    if signed_zero:
        x[rng.integers(0, n, 5)] = -0.0
    return x


@pytest.mark.parametrize("k", [1, 3, 21, 51])
@pytest.mark.parametrize("signed_zero", [False, True])
def test_the_running_median_is_numpys_median_bit_for_bit(k, signed_zero):
    for seed in range(5):
        x = _series(seed, 3000, signed_zero)
        want = np.median(sliding_window_view(x, k), axis=1)
        got = running_median(x, k)
        assert got.shape == want.shape
        assert np.array_equal(got.view(np.int64), want.view(np.int64))  # the same bits, NaN included


@pytest.mark.parametrize("k", [1, 3, 21, 51])
@pytest.mark.parametrize("signed_zero", [False, True])
def test_the_sides_of_the_levels_are_those_of_the_running_median(k, signed_zero):
    """What the tracker reads (median_sides, which counts instead of taking medians) answers as comparing
    the running median with the two levels would, NaN windows on the high side; levels on the 2.5 kPa
    steps make ties with the values."""
    for seed in range(5):
        x = _series(seed, 3000, signed_zero)
        med = running_median(x, k)
        for low, high in ((5.0, 10.0), (7.5, 7.5), (0.0, 2.5), (12.0, 4.0)):
            below, above = median_sides(x, k, low, high)
            with np.errstate(invalid="ignore"):
                assert np.array_equal(below, med < low)
                assert np.array_equal(above, (med > high) | np.isnan(med))


def test_a_series_shorter_than_the_window_has_no_median():
    assert running_median(np.arange(4.0), 5).shape == (0,)


def test_the_smoothing_is_the_same_for_any_chunking():
    x = _series(7, 5000, False)
    whole = ReliefTracker(100.0, FeatureParams()).smooth(x)
    rng = np.random.default_rng(3)
    cuts = np.sort(rng.integers(0, x.shape[0], 40))
    tracker = ReliefTracker(100.0, FeatureParams())
    parts = [tracker.smooth(x[a:b]) for a, b in zip([0, *cuts], [*cuts, x.shape[0]])]
    assert np.array_equal(np.concatenate(parts), whole, equal_nan=True)
