"""A sensor with no sample never speaks as a reading: the mediolateral index of a window where MTH1 or MTH4-5
had no sample is not +-1, and a foot analysed too briefly is named in the verdict as one watched too briefly is.

MTH1's and MTH4-5's hot-spot sums made the index, and a region with no sample summed to 0: the right foot of a
healthy ride with its two MTH1 sensors empty was warned of "outer forefoot overload" at 5:00 (index +1.00, a
varus wedge advised), and a right foot whose metatarsal heads had no sample after 0:20 of 7:00 was "no warning",
the verdict "on the left foot only" with a tip to check the left cleat against the right.
"""

from __future__ import annotations

import math

import numpy as np
from test_dead_sensor import MTH_COLUMNS, tight_shoes

import monitor
from monitor.analysis.batch import analyze
from monitor.report.text import analysis_text


def _healthy_ride(*blank: str, from_s: float = 0.0, to_s: float = math.inf):
    s = monitor.offline_session("healthy-ride", duration_s=600)
    t = s.frames.t_s
    rows = (s.frames.foot == "right") & (t >= from_s) & (t < to_s)
    for col in blank:
        s.frames.loc[rows, col] = np.nan
    return s


def test_a_healthy_ride_with_its_mth1_sensors_empty_is_not_warned_of_lateral_overload():
    result = analyze(_healthy_ride("p07_kpa", "p08_kpa"))
    assert [(a.t_s, a.foot, a.pattern) for a in result.alerts if a.kind == "alert"] == []
    windows = monitor.windows_table(result)
    right = windows[windows.foot == "right"]
    assert right.ml_index.isna().all(), right.ml_index.describe()  # never +1.00 of a region read as 0 kPa
    assert "varus" not in analysis_text(result)


def test_mth1_empty_part_of_the_time_leaves_the_index_where_the_intact_ride_has_it():
    intact = monitor.windows_table(analyze(_healthy_ride()))
    part = monitor.windows_table(analyze(_healthy_ride("p07_kpa", "p08_kpa", from_s=100.0, to_s=160.0)))
    a = intact[intact.foot == "right"].set_index("t_s").ml_index
    b = part[part.foot == "right"].set_index("t_s").ml_index
    # a window that held MTH1 for part of its time weighs it by its own samples: no pull toward the lateral side
    assert (b - a).abs().max() < 0.05, (b - a).abs().max()
    assert not analyze(_healthy_ride("p07_kpa", "p08_kpa", from_s=100.0, to_s=160.0)).alerts


def test_a_foot_analysed_only_briefly_is_named_in_the_verdict_and_no_side_to_compare_with():
    s = tight_shoes()
    rows = (s.frames.foot == "right") & (s.frames.t_s >= 20.0)
    for col in MTH_COLUMNS:
        s.frames.loc[rows, col] = np.nan
    text = analysis_text(analyze(s))
    verdict = next(line for line in text.splitlines() if line.startswith("Verdict"))
    assert ("the right foot was analysed for only 0:20 of its 7:00 of data (no sample from any sensor of its "
            "metatarsal heads in the rest), too little to tell") in verdict, verdict
    assert "left foot only" not in verdict and "Only the left foot" not in text, text
    assert ("caveat: right: 2 more sensors had no sample, the longest for 95 % of the foot's time with data"
            in text), text
