"""The study's numbers mean the same on every insole: one simulated cyclist, rendered through the rider
population's five layouts (docs/population.md), gives the same forefoot dose on every layout that
resolves the forefoot regions, and none (NaN) on the 4-sensor layout, which has no MTH2-3 sensor; and the
cohort report's Before and after says so when a pair's two sessions used different layouts.

What this guards against: the dose summed the forefoot regions an insole had, so the same ride read
200,850 kPa s per hour on ``four`` against 236,749-260,865 on the others, and a before/after of one ride
recorded on an 18-sensor then a 4-sensor insole read "234,780 -> 200,455", a 15 % drop with nothing
changed, its insole column "import: population" on both rows.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import monitor
from firmware_sim.population import draw_rider
from monitor.analysis.tables import assessments_table, windows_table
from monitor.report.study_data import study_data
from monitor.report.study_html import render_study_html
from monitor.studies.rows import forefoot_dose_per_h, session_rows
from monitor.tools.population_sessions import ride_session
from monitor.tools.population_wiring import render_ride

LAYOUTS = ("solewatch18", "moticon16", "fsr8", "four", "pedar99")
#: Every layout but ``four`` resolves MTH1, MTH2-3, MTH4-5 and the hallux.
RESOLVING = ("solewatch18", "moticon16", "fsr8", "pedar99")
RIDE_S = 90.0
#: How far the resolving layouts' doses may spread (largest / smallest - 1). The dose sums hot-spot
#: PTI, which a grid's small sensels follow a little more closely than one larger sensor: on this ride the
#: four layouts spread 11 % (298,411-332,035 kPa s per hour; 10 % over a 240 s rendering); 15 % is that
#: with room for another rider's noise (guess).
DOSE_SPREAD = 0.15


@pytest.fixture(scope="module")
def sessions():
    rider = draw_rider(2, 1, activity="cycling", condition="healthy")
    out = {}
    for lay in LAYOUTS:
        s = ride_session(render_ride(rider, lay, 50, 1.0, 0.0, RIDE_S, 0))
        out[lay] = (s, monitor.analyze(s))
    return out


def _dose(result) -> float:
    w = windows_table(result)
    return forefoot_dose_per_h(w[w["foot"] == "left"])


def test_the_forefoot_dose_is_the_same_on_every_layout_that_resolves_the_forefoot(sessions, record_property):
    dose = {lay: _dose(r) for lay, (_, r) in sessions.items()}
    record_property("forefoot_dose_kpa_s_per_h", {k: round(v) if v == v else None for k, v in dose.items()})
    values = np.array([dose[lay] for lay in RESOLVING])
    assert np.isfinite(values).all(), dose
    assert values.max() / values.min() - 1 <= DOSE_SPREAD, dose
    assert math.isnan(dose["four"]), dose


def _rows(session, result, rider: str, change: str, start_utc: str) -> pd.DataFrame:
    info = session.info
    session = replace(session, info=replace(info, start_utc=start_utc, session_id=f"{info.session_id}-{rider}-"
                                                                                  f"{start_utc[:10]}"))
    return session_rows(session, result, {"rider": rider, "change": change}, "x", {}, {},
                        windows_table(result), assessments_table(result))


def test_before_and_after_names_the_layouts_when_they_differ(sessions):
    same = pd.concat([_rows(*sessions["solewatch18"], "ada", "", "2026-03-01T07:00:00.000Z"),
                      _rows(*sessions["moticon16"], "ada", "cleats back", "2026-03-02T07:00:00.000Z"),
                      _rows(*sessions["solewatch18"], "bob", "", "2026-03-01T08:00:00.000Z"),
                      _rows(*sessions["four"], "bob", "cleats back", "2026-03-02T08:00:00.000Z"),
                      _rows(*sessions["pedar99"], "cy", "", "2026-03-01T09:00:00.000Z"),
                      _rows(*sessions["pedar99"], "cy", "cleats back", "2026-03-02T09:00:00.000Z")],
                     ignore_index=True)
    data = study_data(same)
    pairs = {p.rider: p for p in data.pairs}
    assert pairs["ada"].layout_changed  # 18 and 16 sensors, every region: told apart by their count
    assert pairs["ada"].layouts == ("18 sensors, every region", "16 sensors, every region")
    assert not pairs["cy"].layout_changed
    assert pairs["bob"].layouts[1].startswith("4 sensors, no ") and "MTH2-3" in pairs["bob"].layouts[1]
    assert math.isnan(pairs["bob"].values["forefoot_dose_kpa_s_per_h"][1])  # not a 15 % drop
    html = render_study_html(data, {})
    assert "Different layouts:</span> bob" in html and "Different layouts:</span> ada" in html
    assert "Different layouts:</span> cy" not in html
    assert "18 sensors, every region" in html and "4 sensors, no medial heel" in html
