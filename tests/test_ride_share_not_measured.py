"""An insole whose forefoot share is not measurable (ORPHE's: no sensor under the midfoot) beside an imported
ride: a second with a forefoot peak is a second of insole data. Had: "363 records ... 0 seconds of them with
insole data", "Too little power data ..." and no table, though the figure drew each second's peaks, and
its share panels empty with a ±0.04 axis and nothing said."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from monitor.analysis.ride import (
    POWER_BANDS_W,
    crank_cadence,
    joined_seconds,
    load_by_band,
    ride_summary,
)
from monitor.report.plots.ride import plot_ride_load
from monitor.report.ride_data import RideReport
from monitor.report.ride_section import ride_section_html

FEET = ("left", "right")


def _ride(n_s: int = 60, share: float = np.nan) -> RideReport:
    """``n_s`` seconds at 200 W and 90 rpm beside two insoles whose forefoot peak is 90 units and whose share
    is ``share`` (NaN: not measurable)."""
    seconds = np.arange(n_s, dtype=float)
    ride = pd.DataFrame({"t_s": seconds, "power_w": 200.0, "cadence_rpm": 90.0, "heart_rate_bpm": 140.0,
                         "speed_m_s": 9.0, "altitude_m": np.nan, "position": None})
    metrics = pd.DataFrame({"t_s": seconds, **{f"{f}_forefoot_share": share for f in FEET},
                            **{f"{f}_mth1_peak_kpa": 90.0 for f in FEET}})
    joined = joined_seconds(metrics, ride, FEET)
    return RideReport(joined, FEET, ride_summary(ride, joined, FEET, False),
                      load_by_band(joined, "power_w", POWER_BANDS_W, FEET), [], {}, crank_cadence(ride),
                      {f: 90.0 for f in FEET}, {"file": "ride.fit"}, peak_units=dict.fromkeys(FEET, "units"))


def test_seconds_with_peaks_are_insole_data_and_the_table_says_the_share_is_not_measured():
    numbers = _ride()
    assert numbers.summary.seconds_with_insoles == 60
    html = ride_section_html(numbers, "")
    assert "60 records of ride.fit fall within the session, 60 seconds of them with insole data." in html, html
    assert "Too little power data" not in html, html
    row = re.search(r"<tr><td>150-250 W</td>(.*?)</tr>", html)
    assert row, html
    cells = re.findall(r"<td class=num>([^<]*)</td>", row.group(1))
    assert cells == ["60", "not measured", "90 units", "not measured", "90 units"], cells
    assert "Forefoot share not measured: not measurable with this insole&#x27;s sensors" in html, html


def test_a_measured_share_is_still_given():
    html = ride_section_html(_ride(share=0.6), "")
    assert "not measured" not in html and "60.0 %" in html, html


def test_the_empty_share_panels_say_why():
    numbers = _ride()
    fig = plot_ride_load(numbers.joined, FEET, against=numbers.against, peak_units=numbers.peak_units)
    columns = len(numbers.against)
    for ax in fig.axes[:columns]:  # the share row
        said = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
        assert "forefoot share not measured" in said, said
        assert ax.get_ylim() == (0.0, 100.0)
    for ax in fig.axes[columns:]:  # the peaks are drawn
        assert any(len(c.get_offsets()) for c in ax.collections)
