"""The front end's stages fed frames laid out sensor by sensor (n_sensors, n), as the pipeline keeps them,
give the very bits they give fed frames (n, n_sensors), and leave the caller's array as it was."""

from __future__ import annotations

import numpy as np

from monitor.codebook import SensorLayout
from monitor.signal.filters import CausalLowpass
from monitor.signal.regions import RegionReducer
from monitor.signal.tare import OffsetTracker

LAYOUT = SensorLayout("left", [0.0, -0.2, 0.2, 0.0], [0.1, 0.6, 0.6, 0.9], [250.0, 180.0, 120.0, 150.0],
                      ("heel", "mth1", "mth2", "hallux"))


def _frames(seed: int, n: int = 900) -> np.ndarray:
    """(n, 4) kPa: strokes with a gap of every sensor, one sensor lost for a while, an infinity."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 100.0
    p = np.clip(60.0 * np.sin(2 * np.pi * 1.5 * t)[:, None] + rng.normal(5.0, 3.0, (n, 4)), 0.0, None)
    p[100:130] = np.nan
    p[400:520, 2] = np.nan
    p[700, 1] = np.inf
    return p


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float64).view(np.int64)


def test_the_lowpass_by_channel_equals_the_lowpass_by_frame_in_any_chunking():
    p = _frames(1)
    by_frame, by_channel = CausalLowpass(100.0, n_channels=4), CausalLowpass(100.0, n_channels=4)
    want = by_frame.feed(p)
    pt = np.ascontiguousarray(p.T)
    kept = pt.copy()
    got = np.concatenate([by_channel.feed_by_channel(pt[:, lo:lo + 97]) for lo in range(0, pt.shape[1], 97)], axis=1)
    np.testing.assert_array_equal(_bits(got.T), _bits(want))
    np.testing.assert_array_equal(_bits(pt), _bits(kept))


def test_the_tare_by_sensor_equals_the_tare_by_frame_in_any_chunking():
    p = _frames(2)
    total = np.where(np.arange(p.shape[0]) % 60 < 20, 5.0, 80.0)  # unloaded a third of each second
    total[110:140] = np.nan
    by_frame, by_sensor = OffsetTracker(4, 100.0), OffsetTracker(4, 100.0)
    want = by_frame.feed(p, total)
    pt = np.ascontiguousarray(p.T)
    got = np.concatenate([by_sensor.feed_by_sensor(pt[:, lo:lo + 61], total[lo:lo + 61])
                          for lo in range(0, pt.shape[1], 61)], axis=1)
    np.testing.assert_array_equal(_bits(got.T), _bits(want))
    np.testing.assert_array_equal(by_sensor.offsets_kpa, by_frame.offsets_kpa)
    by_frame.tare_now()
    by_sensor.tare_now()
    np.testing.assert_array_equal(by_sensor.offsets_kpa, by_frame.offsets_kpa)


def test_the_regions_by_sensor_equal_the_regions_by_frame_and_leave_the_frames_alone():
    p = _frames(3)
    reducer = RegionReducer(LAYOUT)
    pt = np.ascontiguousarray(p.T)
    kept = pt.copy()
    with np.errstate(over="ignore"):  # the infinity becomes the largest float, times a sensor's area
        want = reducer.reduce(p)
        got = reducer.reduce_by_sensor(pt)
        total, ff_peak = reducer.loads_by_sensor(pt)
    np.testing.assert_array_equal(_bits(pt), _bits(kept))  # the infinity is replaced in a copy
    for name in ("total_force_n", "forefoot_force_n", "forefoot_kpa", "forefoot_peak_kpa", "cop_x", "cop_y"):
        np.testing.assert_array_equal(_bits(getattr(got, name)), _bits(getattr(want, name)))
    for name in ("region_force_n", "region_kpa", "region_peak_kpa", "region_hot_kpa"):
        assert getattr(got, name).keys() == getattr(want, name).keys()
        for r, v in getattr(want, name).items():
            np.testing.assert_array_equal(_bits(getattr(got, name)[r]), _bits(v))
    np.testing.assert_array_equal(_bits(total), _bits(want.total_force_n))
    np.testing.assert_array_equal(_bits(ff_peak), _bits(want.forefoot_peak_kpa))


def test_the_regions_without_extras_leave_out_the_peaks_and_the_sensor_cop_and_keep_every_other_bit():
    p = _frames(3)
    reducer = RegionReducer(LAYOUT)
    pt = np.ascontiguousarray(p.T)
    with np.errstate(over="ignore"):
        want = reducer.reduce_by_sensor(pt)
        got = reducer.reduce_by_sensor(pt, extras=False)
    assert got.region_peak_kpa == {} and got.cop_x.shape == got.cop_y.shape == want.cop_y.shape
    assert np.isnan(got.cop_x).all() and np.isnan(got.cop_y).all()
    assert want.region_peak_kpa and not np.isnan(want.cop_x).all() and not np.isnan(want.cop_y).all()
    for name in ("total_force_n", "forefoot_force_n", "forefoot_kpa", "forefoot_peak_kpa", "nominal_cop_y"):
        np.testing.assert_array_equal(_bits(getattr(got, name)), _bits(getattr(want, name)))
    for name in ("region_force_n", "region_kpa", "region_hot_kpa"):
        assert getattr(got, name).keys() == getattr(want, name).keys()
        for r, v in getattr(want, name).items():
            np.testing.assert_array_equal(_bits(getattr(got, name)[r]), _bits(v))
