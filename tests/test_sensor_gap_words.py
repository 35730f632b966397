"""The words of a sensor's missing time: never "0 %" of a sensor that missed some, "100 %" of one that read
some, "0:00" of a time not analysed, and a region's estimated time said as a share of its sensor's missing
time ("of it"), not of the foot's."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from monitor.analysis.sensor_gaps import pct_words, sensor_gaps_json, sensor_notes, span_words, unanalysed_words
from monitor.link.moticon import layout


def test_a_share_never_reads_as_none_or_all_where_it_is_neither():
    assert pct_words(0.005) == "under 1 %" and pct_words(0.004) == "under 1 %"
    assert pct_words(0.9999) == "over 99 %" and pct_words(1.0) == "100 %" and pct_words(0.5) == "50 %"
    assert span_words(0.3) == "less than a second" and span_words(0.0) == "0:00" and span_words(61.0) == "1:01"


def test_the_estimated_time_is_a_share_of_the_sensors_missing_time():
    lay = layout("left", has_imu=False)
    i = 6  # p06, alone in its region
    region = lay.regions[i]
    missing = np.zeros(lay.n_sensors, dtype=int)
    missing[i] = 5
    cov = SimpleNamespace(n_read=10, any_missing=True, sensor_missing=missing, region_estimated={region: 3},
                          region_missing={region: 5}, n_not_analysed=0, group_missing={})
    [line] = sensor_notes("left", lay, cov, 100.0)
    assert "had no sample for 50 % of the foot's time with data" in line, line
    assert "estimated from its neighbours for 60 % of it" in line, line  # 3 of its 5 frames, not 3 of 10


def _coverage(lay, n_read: int, missing: dict[int, int], n_not_analysed: int = 0) -> SimpleNamespace:
    """A foot's SensorCoverage as counts: ``missing`` sensor index -> frames with no sample."""
    counts = np.zeros(lay.n_sensors, dtype=int)
    for i, k in missing.items():
        counts[i] = k
    return SimpleNamespace(n_read=n_read, any_missing=True, sensor_missing=counts, region_estimated={},
                           region_missing={}, n_not_analysed=n_not_analysed,
                           group_missing={"metatarsal": n_not_analysed})


def test_time_not_analysed_never_reads_as_none_nor_as_all_where_it_is_neither():
    """had: 0.5 s not analysed said "for 0:00" (round(0.5) is 0); 30 frames analysed of 7:16 said "not
    analysed for 7:16 of its 7:16 of data" and, in the verdict, "analysed for only 0:00 of its 7:16"."""
    assert span_words(0.5) == "less than a second" and span_words(435.7, short_of=436.0) == "7:15"
    assert span_words(436.0, short_of=436.0) == "7:16"
    lay = layout("right", has_imu=False)
    half = sensor_notes("right", lay, _coverage(lay, 43_600, {7: 50}, n_not_analysed=50), 100.0)
    assert "right: not analysed for less than a second of its 7:16 of data" in half[-1], half
    cov = _coverage(lay, 43_600, {7: 43_570}, n_not_analysed=43_570)
    said = sensor_notes("right", lay, cov, 100.0)
    assert "right: not analysed for 7:15 of its 7:16 of data" in said[-1], said
    pipe = SimpleNamespace(coverage=cov, analysed=True, load_measured=True, rate_hz=100.0)
    verdict = unanalysed_words({"right": pipe}, warn_after_s=300.0)["right"]
    assert verdict.startswith("the right foot was analysed for less than a second of its 7:16 of data"), verdict


def test_the_sensors_past_those_named_are_counted_in_words_that_read():
    """had: "2 more sensors had no sample for up to under 1 %" ("up to over 99 %" likewise)."""
    lay = layout("left", has_imu=False)
    few = sensor_notes("left", lay, _coverage(lay, 10_000, {i: 50 - i for i in range(6)}), 100.0)
    assert few[-1] == "left: 2 more sensors had no sample, the longest for under 1 % of the foot's time with data"
    many = sensor_notes("left", lay, _coverage(lay, 10_000, {i: 9_999 for i in range(6)}), 100.0)
    assert many[-1] == "left: 2 more sensors had no sample, the longest for over 99 % of the foot's time with data"
    one = sensor_notes("left", lay, _coverage(lay, 10_000, {i: 5_000 for i in range(5)}), 100.0)
    assert one[-1] == "left: 1 more sensor had no sample for 50 % of the foot's time with data"


def test_the_json_never_says_none_of_a_sensor_that_missed_some_nor_all_of_one_that_read_some():
    """had: ``sensors_missing_pct`` {'p04': 0.0, 'p13': 100.0} beside "under 1 %" and "over 99 %"."""
    lay = layout("left", has_imu=False)
    cov = _coverage(lay, 42_000, {4: 1, 13: 41_999, 2: 21_000, 3: 42_000})
    cov.region_estimated = {"toes": 1}
    js = sensor_gaps_json(lay, cov, 100.0)
    assert js["sensors_missing_pct"] == {"p02": 50.0, "p03": 100.0, "p04": 0.002, "p13": 99.998}
    assert js["regions_estimated_pct"] == {"toes": 0.002}
