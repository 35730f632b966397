"""A before/after row's change is the difference of the two values as shown, never finer than they are
(docs/compare.md): "23 kPa | 35 kPa | +12 kPa", not "+11.9 kPa"."""

from __future__ import annotations

import pytest

from monitor.analysis.compare import MetricChange
from monitor.analysis.compare_text import format_change, format_value


@pytest.mark.parametrize(("metric", "before", "after", "change"), [
    ("peak_kpa", 23.2, 35.1, "+12 kPa"),  # 11.9 exactly
    ("peak_kpa", 34.6, 23.4, "-12 kPa"),  # -11.2 exactly: 35 and 23 shown
    ("peak_kpa", 15.34, 23.4, "+8 kPa"),  # 15.3 and 23 shown: the coarser precision
    ("peak_kpa", 12.3, 14.46, "+2.2 kPa"),  # both shown to 0.1: 12.3 and 14.5
    ("pti_kpa_s", 26.64, 26.66, "+0.1 kPa s"),  # 26.6 and 26.7 shown (0.02 exactly)
    ("cadence_per_min", 90.4, 91.6, "+2 rpm"),  # 90 and 92 shown
    ("peak_kpa", 50.4, 50.2, "0 kPa"),
    ("peak_kpa", 19.6, 20.4, "+0.4 kPa"),  # 19.6 and 20 shown: had "0 kPa" beside "+4 %" and "rose"
    ("peak_kpa", 20.4, 19.6, "-0.4 kPa"),
])
def test_the_change_is_the_difference_of_the_values_shown(metric, before, after, change):
    row = MetricChange("left", metric, "mth2_3", before, after, "neutral")
    assert format_change(row) == change, (format_value(metric, before), format_value(metric, after))
