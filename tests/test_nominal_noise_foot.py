"""An uncalibrated insole's foot whose forefoot reads only its converter's noise has a loaded level, but one
its noise gives (monitor.signal.nominal_scale.NOISE_COUNTS, measured_level): its load is not measured, as a
foot reading 0 all session: no relief reminder, no pattern judged, and the verdict says its load was never
measured. A foot that is light but loaded is still judged, with the reliefs it has at its full readings.

Had: the left foot of the simulated healthy ride reading 0 or 1 unit (4 counts at 0.25 a count) all session
had a level of 1.0 unit and was judged: a ``residual_unloaded`` notice at 1:10, a warning at 5:00 and an
alert at 15:00, and the verdict "sustained forefoot load on the left foot only under MTH1".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from monitor import analyze
from monitor.codebook import FEET
from monitor.session.offline import offline_session

#: Past the relief_rare reminder's 10:00 and the no_relief reminder's 20:00 (DetectorParams).
RIDE_S = 1250.0


def _ride(left_k: float | None = None, noise: bool = False):
    """The simulated healthy ride of RIDE_S on uncalibrated Solewatch layouts: the left readings times ``left_k``,
    or with ``noise`` 0 or 1 unit at random instead."""
    session = offline_session("healthy-ride", duration_s=RIDE_S, seed=2)
    for foot in FEET:
        session.info.layouts[foot] = replace(session.info.layouts[foot], calibrated=False)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    left = (session.frames["foot"] == "left").to_numpy()
    if noise:
        session.frames.loc[left, cols] = np.random.default_rng(0).integers(0, 2, (int(left.sum()), len(cols))) * 1.0
    elif left_k is not None:
        session.frames.loc[left, cols] = session.frames.loc[left, cols] * left_k
    return session


def test_a_level_under_the_noise_counts_is_no_level():
    from monitor.signal.nominal_scale import NOISE_COUNTS, measured_level

    assert NOISE_COUNTS * 0.25 == 2.0
    assert np.isnan(measured_level(1.0, 0.25)) and np.isnan(measured_level(float("nan"), 0.25))
    assert measured_level(2.0, 0.25) == 2.0 and measured_level(3.8, 0.25) == 3.8


def test_a_foot_reading_its_noise_is_not_measured_nor_judged():
    result = analyze(_ride(noise=True))
    left = [(a.t_s, a.pattern, a.level) for a in result.alerts if a.foot == "left"]
    assert left == [], left  # had [(70.0, 'residual_unloaded', 'notice'), (300.0, ..., 'warning'), ...]
    assert not result.feet["left"].load_measured
    assert all(a.units_per_kpa != a.units_per_kpa for a in result.feet["left"].assessments_)  # NaN: no level
    verdict = result.advice().verdict
    assert "the left foot's load was never measured" in verdict and "left foot only" not in verdict, verdict
    assert result.feet["right"].load_measured


def test_a_light_loaded_foot_is_still_judged():
    """A twentieth of the ride's readings (a level of 3.8 units, 15 counts): the same reliefs as at full scale."""
    full = analyze(_ride())
    light = analyze(_ride(left_k=0.05))
    assert light.feet["left"].load_measured
    assert len(full.feet["left"].reliefs_) == 3
    np.testing.assert_allclose(light.feet["left"].reliefs_, full.feet["left"].reliefs_, atol=10.0)


def test_a_foot_whose_load_was_never_measured_has_no_cycle_count_and_says_its_noise():
    """No stroke counts on a foot whose load was never measured (monitor.signal.nominal_scale): its counted
    cycles are None, not 0 (had 0), as its relief count; its words say its forefoot read nothing above the
    insole's noise, not that it read no load (had "its forefoot read no load" for a foot reading 0 or 1 unit)."""
    from monitor.report.text import foot_lines

    result = analyze(_ride(noise=True))
    left = result.summary()["left"]
    assert left["cycles"] is None and left["relief_count"] is None, left  # cycles had 0
    assert isinstance(result.summary()["right"]["cycles"], int)
    line = next(x for x in foot_lines(result) if x.startswith("left:"))
    verdict = result.advice().verdict
    for words in (line, verdict):
        assert "load never measured" in words or "load was never measured" in words, words
        assert "read no load" not in words and "above the insole's noise" in words, words
