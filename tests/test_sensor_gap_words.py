"""The words of a sensor's missing time: never "0 %" of a sensor that missed some, "100 %" of one that read
some, "0:00" of a time not analysed, and a region's estimated time said as a share of its sensor's missing
time ("of it"), not of the foot's."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from monitor.analysis.sensor_gaps import pct_words, sensor_notes, span_words
from monitor.link.moticon import layout


def test_a_share_never_reads_as_none_or_all_where_it_is_neither():
    assert pct_words(0.005) == "under 1 %" and pct_words(0.004) == "under 1 %"
    assert pct_words(0.9999) == "over 99 %" and pct_words(1.0) == "100 %" and pct_words(0.5) == "50 %"
    assert span_words(0.3) == "under 0:01" and span_words(0.0) == "0:00" and span_words(61.0) == "1:01"


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
