"""The gait detector's swing floor and least contact height before an uncalibrated insole's foot has a typical
stance peak (the data's first stance) are shares of the foot's loaded level (monitor.signal.nominal_scale), so
a simulated walk or run through ORPHE INSOLE or Ukaton Mission with every pressure multiplied by 0.25, 0.5, 2
or 4 gives the same stances (how many a foot, each initial contact and toe-off within one sample).

Had: 10 N as it is (CycleParams.swing_floor_n, min_contact_n) and its hysteresis of 8 N, which the swing's
noise spans at four times the readings: of the Ukaton walk (20 s) the left foot had 4 stances at x4 against 17
(the first at 15.1 s: no swing below the hysteresis level before) and 16 at x2; of the Ukaton run 19 at x4
against 27; at x0.25 the ORPHE run's left foot had 28 against 27 (a first stance the data begin at), and its
walk's first stance began at 0.002 s against 0.291 s.

The rides are the simulated insoles' notifications written straight into the raw log and decoded
(tests/vendor_rides.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from vendor_rides import record_ride

from monitor import analyze, load_session
from monitor.codebook import FEET

SCALES = (0.25, 0.5, 2.0, 4.0)


def stances(path, k: float) -> dict[str, np.ndarray]:
    """Each foot's stances, (n, 2) initial contact and toe-off (s), of the session at ``path`` with every
    pressure multiplied by ``k``."""
    session = load_session(path)
    assert not any(session.info.layouts[foot].calibrated for foot in FEET)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    session.frames[cols] = session.frames[cols] * k
    result = analyze(session)
    return {foot: np.array(result.feet[foot].contacts_, dtype=float).reshape(-1, 2) for foot in FEET}


@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
@pytest.mark.parametrize("scenario", ["healthy-walk", "healthy-run"])
def test_an_uncalibrated_insoles_gain_changes_no_stance(kind, scenario, tmp_path):
    path = record_ride(kind, scenario, tmp_path, seed=2, duration_s=20.0)
    session = load_session(path)
    sample_s = 1.0 / session.info.layouts["left"].current_rate_hz
    want = stances(path, 1.0)
    assert all(len(want[foot]) >= 15 for foot in FEET), {foot: len(v) for foot, v in want.items()}
    for k in SCALES:
        got = stances(path, k)
        for foot in FEET:
            assert got[foot].shape == want[foot].shape, (k, foot, len(got[foot]), len(want[foot]), got[foot][:2])
            np.testing.assert_allclose(got[foot], want[foot], atol=sample_s, err_msg=f"x{k} {foot}")
