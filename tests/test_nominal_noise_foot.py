"""An uncalibrated insole's foot whose forefoot reads only its converter's noise has readings, but none with a
load's rhythm (monitor.signal.nominal_scale.rhythm: each noise reading is on its own, a load's follow one
another): it has no loaded level and its load is not measured, as a foot reading 0 all session: no relief
reminder, no pattern judged, no forefoot share or region's peak said, and the verdict says its load was never
measured. This holds whatever the insole's sensors (ORPHE INSOLE, Ukaton Mission, Solewatch). A foot that is
light but loaded is still judged, with the reliefs it has at its full readings.

Had: the left foot of the simulated healthy ride reading 0 or 1 unit (4 counts at 0.25 a count) all session
had a level of 1.0 unit and was judged: a ``residual_unloaded`` notice at 1:10, a warning at 5:00 and an
alert at 15:00, and the verdict "sustained forefoot load on the left foot only under MTH1"; with a limit of 8
counts on the level (a forefoot hot spot's peak, whose noise grows with the forefoot's sensors), 0-2 units had a
level of 2.0 units, 8 counts, and was measured; a foot not measured still had its forefoot share said.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from vendor_rides import record_ride

from monitor import analyze, load_session
from monitor.codebook import FEET
from monitor.report.text import foot_lines
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


def test_noise_has_no_rhythm_and_a_load_has_one():
    from monitor.signal.nominal_scale import RHYTHM_MIN, rhythm

    rng = np.random.default_rng(0)
    for hi in (1, 2, 4):  # the noise of a converter: each reading on its own
        assert rhythm(rng.integers(0, hi + 1, 1000) * 1.0) < RHYTHM_MIN
    t = np.arange(1000) / 100.0  # a load's rhythm at 100 Hz: a stroke a second, read to a quarter unit
    assert rhythm(np.round(4 * 3.8 * np.sin(np.pi * t) ** 2) / 4) > RHYTHM_MIN
    assert np.isnan(rhythm(np.zeros(10))) and np.isnan(rhythm(np.array([1.0])))


def test_a_foot_reading_its_noise_is_not_measured_nor_judged():
    result = analyze(_ride(noise=True))
    left = [(a.t_s, a.pattern, a.level) for a in result.alerts if a.foot == "left"]
    assert left == [], left  # had [(70.0, 'residual_unloaded', 'notice'), (300.0, ..., 'warning'), ...]
    assert not result.feet["left"].load_measured
    assert all(a.units_per_kpa != a.units_per_kpa for a in result.feet["left"].assessments_)  # NaN: no level
    verdict = result.advice().verdict
    assert "the left foot's load was never measured" in verdict and "left foot only" not in verdict, verdict
    assert result.feet["right"].load_measured
    left_summary = result.to_json_dict()["summary"]["left"]  # analyze --json: nothing of a load never measured
    assert left_summary["forefoot_share"] is None, left_summary["forefoot_share"]  # had 0.455
    assert all(v is None for r in left_summary["regions"].values() for v in r.values()), left_summary["regions"]
    line = next(line for line in foot_lines(result) if line.startswith("left"))
    assert "forefoot share" not in line and "load never measured" in line, line  # had "forefoot share 45%"


def test_a_light_loaded_foot_is_still_judged():
    """A twentieth of the ride's readings (a level of 3.8 units, 15 counts): the same reliefs as at full scale."""
    full = analyze(_ride())
    light = analyze(_ride(left_k=0.05))
    assert light.feet["left"].load_measured
    assert len(full.feet["left"].reliefs_) == 3
    np.testing.assert_allclose(light.feet["left"].reliefs_, full.feet["left"].reliefs_, atol=10.0)


def test_a_foot_whose_load_was_never_measured_has_no_cycle_count_and_says_its_noise():
    """No stroke counts on a foot reading only noise, whose load was never measured (monitor.signal.nominal_scale):
    its counted cycles are None, not 0 (had 0), as its relief count (a foot whose heel stepped keeps its count:
    tests/test_nominal_whole_foot_gait.py); its words say its forefoot read nothing above the
    insole's noise, not that it read no load (had "its forefoot read no load" for a foot reading 0 or 1 unit)."""

    result = analyze(_ride(noise=True))
    left = result.summary()["left"]
    assert left["cycles"] is None and left["relief_count"] is None, left  # cycles had 0
    assert isinstance(result.summary()["right"]["cycles"], int)
    line = next(x for x in foot_lines(result) if x.startswith("left:"))
    verdict = result.advice().verdict
    for words in (line, verdict):
        assert "load never measured" in words or "load was never measured" in words, words
        assert "read no load" not in words and "above the insole's noise" in words, words


@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
@pytest.mark.parametrize("hi", [1, 2, 4])
def test_a_vendor_insoles_noise_is_never_a_load(kind, hi, tmp_path):
    """ORPHE INSOLE's and Ukaton Mission's left foot reading 0 to ``hi`` units at random (0-16 counts): its
    load is never measured whatever its sensors, and nothing of its load is said (had at 0-2 units on the
    Solewatch layout: a level of 2.0 units, 8 counts, measured, with residual notices)."""
    session = load_session(record_ride(kind, "healthy-ride", tmp_path, seed=2, duration_s=150.0))
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    left = (session.frames["foot"] == "left").to_numpy()
    session.frames.loc[left, cols] = np.random.default_rng(0).integers(0, hi + 1, (int(left.sum()), len(cols))) * 1.0
    result = analyze(session)
    assert not result.feet["left"].load_measured
    assert [a for a in result.alerts if a.foot == "left"] == []
    summary = result.summary()["left"]
    assert np.isnan(summary["forefoot_share"]), summary["forefoot_share"]
    assert all(np.isnan(v) for r in summary["regions"].values() for v in r.values()), summary["regions"]
    assert result.feet["right"].load_measured


def test_a_solewatch_foot_reading_noise_of_two_units_is_not_measured():
    """0-2 units (0-8 counts) on the Solewatch layout: had a level of 2.0 units, 8 counts, counted measured."""
    session = _ride()
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    left = (session.frames["foot"] == "left").to_numpy()
    session.frames.loc[left, cols] = np.random.default_rng(0).integers(0, 3, (int(left.sum()), len(cols))) * 1.0
    result = analyze(session)
    assert not result.feet["left"].load_measured
    assert [(a.t_s, a.pattern) for a in result.alerts if a.foot == "left"] == []
    assert np.isnan(result.summary()["left"]["forefoot_share"])
    assert "forefoot share" not in "\n".join(l for l in foot_lines(result) if l.startswith("left"))
