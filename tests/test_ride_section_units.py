"""The report's ride section (a bike computer's ride beside the session, docs/fit.md) says an uncalibrated
insole's forefoot peak in its nominal units (ORPHE INSOLE, Ukaton Mission: counts at a nominal scale,
docs/devices.md), in its tables and its figure's axis, never kPa.

What this guards against: an ORPHE session's ride tables read "72 kPa" and the figure's axis "forefoot peak
(kPa)" while the report's caveat said its values are not kPa.
"""

from __future__ import annotations

import re

from test_compare_nominal_units import uncalibrated
from test_ride_on_foot import _ride, _ride_section

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.session.offline import offline_session


def _peak_cells(section: str) -> list[str]:
    return re.findall(r"<td class=num>(\d[\d,]* (?:kPa|units))</td>", section)


def test_the_ride_section_says_an_uncalibrated_insoles_forefoot_peak_in_units():
    session = offline_session("healthy-ride", duration_s=60, seed=1)
    for s, unit, label in ((session, "kPa", "forefoot peak (kPa)"),
                           (uncalibrated(session), "units", "forefoot peak (units)")):
        data = report_data(s, analyze(s), ride=_ride(60))
        cells = _peak_cells(_ride_section(data))
        assert cells and all(c.endswith(f" {unit}") for c in cells), (unit, cells)
        fig = report_figures(data, only=("ride",))["ride"]
        assert label in [ax.get_ylabel() for ax in fig.axes], [ax.get_ylabel() for ax in fig.axes]
