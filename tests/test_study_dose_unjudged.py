"""The study's forefoot dose is measured from a foot's frames, not judged: a foot none of whose windows the
detector judged (a ride shorter than its first windows, which reach back before its start) has a dose, as it has
reliefs per hour and a forefoot share, while its time at each level and its alert counts are NaN; a foot with no
frame has no dose, NaN, never 0 (docs/study.md, ``forefoot_dose_kpa_s_per_h``). Built offline (deterministic)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.signal.types import LEVELS
from monitor.studies.rows import session_tables

#: A ride (s) shorter than the features' window (FeatureParams.window_s, 60 s), as the generated study's: every
#: window reaches back before its start, and none is judged.
SHORT_RIDE_S = 40


def _rows(session):
    return session_tables(session, analyze(session), {}, "x", {}, {})["sessions"].set_index("foot")


@pytest.fixture(scope="module")
def short_ride():
    return offline_session("cleat-forward", duration_s=SHORT_RIDE_S, rate_hz=25)


def test_a_foot_with_no_judged_window_has_its_measured_dose(short_ride):
    rows = _rows(short_ride)
    unjudged = rows[[f"time_{level}_s" for level in LEVELS] + ["n_alerts", "n_warnings", "max_level_rank"]]
    assert unjudged.isna().all().all(), unjudged  # the case: nothing judged
    measured = rows[["forefoot_dose_kpa_s_per_h", "reliefs_per_h", "forefoot_share"]]
    assert np.isfinite(measured.to_numpy(dtype=float)).all(), measured
    assert (rows["forefoot_dose_kpa_s_per_h"] > 0).all()


@pytest.mark.parametrize("case", ["no reading", "no frame"])
def test_a_foot_with_no_frame_has_no_dose_never_0(short_ride, case):
    f = short_ride.frames
    right = f["foot"] == "right"
    if case == "no frame":
        f = f[~right].reset_index(drop=True)
    else:
        f = f.copy()
        f.loc[right, [c for c in f.columns if c.endswith("_kpa")]] = np.nan
    dose = _rows(dataclasses.replace(short_ride, frames=f))["forefoot_dose_kpa_s_per_h"]
    assert np.isnan(dose["right"]) and dose["left"] > 0, dose.to_dict()
