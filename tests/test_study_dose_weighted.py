"""The study's forefoot dose weights each window by its analysed time, so a sliver of data cannot move it.

A window's pressure-time integral per minute is a mean over its analysed frames (monitor.signal.features), so
a window holding two frames at the start of a silence gives the integral of those two frames. Had: the dose
averaged the windows unweighted, and such a window counted like a full one: on the simulated cleat-forward ride
whose left insole fell silent just after a pedal stroke's peak, the left foot's dose read 5.5 % above the
right's (509,257 against 482,809 kPa·s per hour), both feet simulated alike. Built offline (deterministic).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from monitor.analysis.batch import analyze
from monitor.analysis.tables import windows_table
from monitor.session.offline import offline_session
from monitor.studies.rows import forefoot_dose_per_h, session_tables

#: The feet's doses may differ by this share (guess): the simulated ride's feet differ by 0.16 % without a
#: silence (484,883 against 484,112 kPa·s per hour), and by 0.23 % with it, its sliver weighted; 5.5 % unweighted.
TOLERANCE = 0.01
SLIVER_FRAMES = 2  # the left frames the sliver window holds
RATE_HZ = 100.0  # offline_session's default frame rate


def _sliver_ride():
    """The 300-s cleat-forward ride, the left insole's frames without a reading from 70 s to the peak of the
    forefoot load between 70 and 80 s, and from SLIVER_FRAMES frames on from it to 150 s: the window of 60 s ending at
    130 s holds those two frames at the peak of a pedal stroke, and nothing else."""
    s = offline_session("cleat-forward", duration_s=300, seed=1, rate_hz=int(RATE_HZ))
    f = s.frames.copy()
    kpa = [c for c in f.columns if c.startswith("p") and c.endswith("_kpa")]
    left = (f["foot"] == "left").to_numpy()
    t = f["t_s"].to_numpy()
    peak_s = float(t[f.loc[left & (t >= 70.0) & (t < 80.0), kpa].sum(axis=1).idxmax()])
    gone = left & (((t >= 70.0) & (t < peak_s)) | ((t >= peak_s + (SLIVER_FRAMES - 0.5) / RATE_HZ) & (t < 150.0)))
    f.loc[gone, kpa] = np.nan
    return dataclasses.replace(s, frames=f)


def test_a_sliver_of_data_does_not_move_a_foots_dose():
    session = _sliver_ride()
    result = analyze(session)
    windows = windows_table(result)
    left = windows[windows["foot"] == "left"]
    sliver = left[(left["valid_fraction"] > 0) & (left["valid_fraction"] < 0.001)]
    assert len(sliver) == 1  # the case: one window of a couple of frames
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    dose = rows["forefoot_dose_kpa_s_per_h"]
    assert abs(dose["left"] - dose["right"]) <= TOLERANCE * dose["right"], dose.to_dict()


def test_the_dose_weights_each_window_by_its_analysed_time():
    per_min = {"mth1_pti_kpa_s_per_min": [60.0, 600.0], "mth2_3_pti_kpa_s_per_min": [40.0, 400.0],
               "mth4_5_pti_kpa_s_per_min": [20.0, 200.0], "hallux_pti_kpa_s_per_min": [30.0, 300.0]}
    w = pd.DataFrame({**per_min, "valid_fraction": [1.0, 0.0005]})
    expected = 60.0 * (150.0 * 1.0 + 1500.0 * 0.0005) / 1.0005
    assert np.isclose(forefoot_dose_per_h(w), expected)
    # a window with no frame analysed is still a hole, whatever its integrals say
    assert np.isclose(forefoot_dose_per_h(w.assign(valid_fraction=[1.0, 0.0])), 60.0 * 150.0)
