"""The forefoot hot spot located over the previous step (monitor/signal/hot_spot_track.py): where it is, what
it reads, that noise does not lift it, and that any chunking gives the same bits."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.codebook import SensorLayout
from monitor.signal.hot_spot_track import HotSpotTrack
from monitor.signal.regions import RegionReducer

#: A grid-like forefoot: MTH1 four sensels of 100 mm^2, MTH2-3 six of 100 mm^2, and a heel.
LABELS = ("heel_medial",) + ("mth1",) * 4 + ("mth2_3",) * 6
LAYOUT = SensorLayout("left", [0.0] * 11, [0.1] + [0.7] * 10, [400.0] + [100.0] * 10, LABELS)
RATE_HZ = 25.0
STEP_S = 10.0


def _track() -> HotSpotTrack:
    return HotSpotTrack(RegionReducer(LAYOUT), STEP_S, loaded_kpa=4.3)


def _ride(seed: int, seconds: float = 60.0, noise_kpa: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(t (n,), pt (11, n)): strokes at 90 rpm; MTH2-3's sensel 7 carries the most, then sensel 8; MTH1
    less; a floor of 8 kPa under every forefoot sensel; noise of ``noise_kpa`` SD on every sensor."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    shape = 0.5 + 0.5 * np.sin(2 * np.pi * 1.5 * t)
    level = np.array([40.0, 30, 35, 30, 25, 20, 60, 100, 80, 30, 20])
    pt = 8.0 + level[:, None] * shape[None, :]
    pt[0] = 40.0 * shape
    return t, pt + rng.normal(0.0, noise_kpa, pt.shape)


def test_nothing_is_read_until_a_loaded_step_has_ended_then_its_hot_spot_is():
    t, pt = _ride(1)
    out = _track().feed(t, pt)
    first = t < STEP_S
    assert np.isnan(out[first]).all() and np.isfinite(out[~first]).all()
    # the two most loaded MTH2-3 sensels (100 + 100 mm^2 = HOT_AREA_MM2), read as their mean
    np.testing.assert_allclose(out[~first], 0.5 * (pt[7] + pt[8])[~first], rtol=0, atol=1e-12)


def test_an_unloaded_step_keeps_the_location_before_it():
    t, pt = _ride(2)
    stop = (t >= 20.0) & (t < 30.0)
    pt[:, stop] = 0.5  # the foot off the pedal: no loaded location in that step
    pt[1, stop] = 3.0  # an MTH1 sensel reads most, under the loaded level
    out = _track().feed(t, pt)
    after = t >= 30.0
    np.testing.assert_allclose(out[after], 0.5 * (pt[7] + pt[8])[after], rtol=0, atol=1e-12)


def test_a_missing_sensor_of_the_location_stays_missing():
    t, pt = _ride(3)
    pt[7, 300:320] = np.nan  # a sensel of the location
    pt[1, 330:350] = np.nan  # a sensel elsewhere
    out = _track().feed(t, pt)
    assert np.isnan(out[300:320]).all() and np.isfinite(out[330:350]).all()


@pytest.mark.parametrize("sizes", [[1], [7], [250], [13, 400, 1, 97]])
def test_any_chunking_gives_the_bits_of_one_block(sizes):
    t, pt = _ride(4, seconds=95.0, noise_kpa=3.0)
    pt[:, 600:640] = np.nan  # a hole across a step's end
    t = np.concatenate((t[:1000], t[1000:] + 37.3))  # and a jump in time
    whole = _track().feed(t, pt)
    track, parts, lo, k = _track(), [], 0, 0
    while lo < t.size:
        hi = min(t.size, lo + sizes[k % len(sizes)])
        parts.append(track.feed(t[lo:hi], pt[:, lo:hi]))
        lo, k = hi, k + 1
    np.testing.assert_array_equal(np.concatenate(parts).view(np.int64), whole.view(np.int64))


def test_noise_does_not_lift_it_where_the_highest_sensel_at_each_sample_is_lifted():
    """The point of it: 3 kPa SD on a grid lifts the per-sample hot spot (a maximum) by kPa; the located
    one, a fixed mean, reads the clean value on average."""
    t, clean = _ride(5, seconds=120.0)
    _, noisy = _ride(5, seconds=120.0, noise_kpa=3.0)
    later = (t >= STEP_S) & (np.sin(2 * np.pi * 1.5 * t) < -0.6)  # the unloaded phase, where residuals are read
    located = _track().feed(t, noisy)[later].mean() - _track().feed(t, clean)[later].mean()
    reducer = RegionReducer(LAYOUT)
    per_sample = (reducer.reduce_by_sensor(noisy).forefoot_peak_kpa[later].mean()
                  - reducer.reduce_by_sensor(clean).forefoot_peak_kpa[later].mean())
    assert abs(located) < 0.2 and per_sample > 1.0, (located, per_sample)


# -- what relief is judged on (HotSpotTrack.feed_with_relief) ----------------------------------------------
#: The anatomical weights the relief readout combines with: MTH1 and MTH2-3 present, MTH4-5 filled in from
#: them (its group's mean), no toes (monitor.signal.regions.NOMINAL_WEIGHTS).
W_MTH1, W_MTH23, W_MTH45 = 0.075, 0.12, 0.11


def _relief_expected(mth1: np.ndarray, mth23: np.ndarray) -> np.ndarray:
    total = W_MTH1 + W_MTH23 + W_MTH45
    return (W_MTH1 * mth1 + W_MTH23 * mth23 + W_MTH45 * 0.5 * (mth1 + mth23)) / total


def test_relief_reads_each_regions_own_hot_spot_once_located_and_its_mean_before():
    t, pt = _ride(4)
    spot, relief = _track().feed_with_relief(t, pt)
    first = t < STEP_S
    mean1, mean23 = pt[1:5].mean(axis=0), pt[5:11].mean(axis=0)  # equal areas: plain means
    np.testing.assert_allclose(relief[first], _relief_expected(mean1, mean23)[first], rtol=1e-12)
    # then MTH1's two most loaded sensels (2, 35 kPa of stroke, and 1, the first of two at 30) and MTH2-3's
    hot1, hot23 = 0.5 * (pt[1] + pt[2]), 0.5 * (pt[7] + pt[8])
    np.testing.assert_allclose(relief[~first], _relief_expected(hot1, hot23)[~first], rtol=1e-12)
    np.testing.assert_array_equal(spot, _track().feed(t, pt))  # the residual's readout is unchanged


def test_relief_of_a_stop_reads_the_heads_that_were_loaded_and_noise_does_not_lift_it():
    """Stopped, the located hot spots read the stop; noise on every sensel adds nothing on average (the
    per-sample hot spot, a maximum, would read it ~1.7 SD high on six sensels)."""
    t, pt = _ride(5, seconds=120.0, noise_kpa=3.0)
    stop = t >= 40.0
    pt[1:, stop] = 2.5 + np.random.default_rng(6).normal(0.0, 3.0, (10, int(stop.sum())))
    _, relief = _track().feed_with_relief(t, pt)
    assert abs(float(np.mean(relief[t >= 50.0])) - 2.5) < 0.1


def test_relief_is_the_same_for_any_chunking():
    t, pt = _ride(7, noise_kpa=1.0)
    whole = _track().feed_with_relief(t, pt)[1]
    track, parts = _track(), []
    for a, b in ((0, 7), (7, 400), (400, 401), (401, t.size)):
        parts.append(track.feed_with_relief(t[a:b], pt[:, a:b])[1])
    np.testing.assert_array_equal(np.concatenate(parts), whole)
