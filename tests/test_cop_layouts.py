"""The centre of pressure the detector reads means the same on every insole.

The sensors' own force-weighted centre depends on where an insole's sensors sit and how large they are:
on the same tuning rides of the rider population (docs/population.md), the 8-sensor FSR layout, whose heel
pad is large, read 0.06-0.08 of foot length nearer the heel than the other layouts (healthy cyclist r00010:
0.539 against 0.595-0.618), more than the 0.05 rise (`notice_cop_rise`) the detector reads as a change.
The nominal centre of pressure (monitor.signal.regions.NOMINAL_CENTRE_Y) reads region pressures at fixed
centres with the fixed weights of the nominal load, so it agrees between layouts as the forefoot share
does, and is NaN where a layout lacks a whole group (``four`` has no midfoot sensor).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

import monitor
from firmware_sim.population.riders import draw_population
from monitor.link.moticon import SENSOR_REGIONS, SENSOR_Y, SIZE7_AREA_MM2
from monitor.signal.regions import NOMINAL_CENTRE_Y, NOMINAL_WEIGHTS
from monitor.tools.population_sessions import ride_session
from monitor.tools.population_wiring import render_ride

RIDE_S = 150.0
#: (layout, rate Hz, noise SD kPa, step kPa): every layout that resolves every group, and a grid at 25 Hz
#: with noise.
RENDERINGS = [("solewatch18", 100, 0.0, 0.0), ("moticon16", 100, 1.0, 2.5), ("fsr8", 100, 0.0, 0.0),
              ("pedar99", 100, 0.0, 0.0), ("pedar99", 25, 3.0, 0.0)]
#: How far the renderings' median centres may spread (foot lengths): the detector's `notice_cop_rise`.
#: Measured: 0.028 (cyclist), 0.020 (walker), where the sensors' own centre spread 0.074 and 0.036;
#: Moticon's region means read about 0.02 forward of the rest.
SPREAD = 0.05
RIDERS = {"healthy-cyclist": "r00010", "walker": "r00042"}


@pytest.fixture(scope="module")
def population():
    by_id = {r.rider_id: r for r in draw_population(50, seed=1)}
    chosen = {name: by_id[i] for name, i in RIDERS.items()}
    assert not any(r.held_out for r in chosen.values())  # tuning riders only
    return chosen


def median_cop(rider, layout: str, rate_hz: int, noise: float, step: float) -> float:
    ride = render_ride(rider, layout, rate_hz, noise, step, RIDE_S, 0)
    cops = np.array([w.cop_y_mean for w in monitor.analyze(ride_session(ride)).feet["left"].windows_])
    return float(np.nanmedian(cops)) if np.isfinite(cops).any() else float("nan")


@pytest.mark.parametrize("name", list(RIDERS))
def test_the_same_ride_gives_the_same_centre_of_pressure_on_every_layout(population, name, record_property):
    cops = {f"{lay}@{hz}": median_cop(population[name], lay, hz, nz, st) for lay, hz, nz, st in RENDERINGS}
    record_property("median_cop_y", {k: round(v, 3) for k, v in cops.items()})
    values = np.array(list(cops.values()))
    assert np.isfinite(values).all(), cops
    assert values.max() - values.min() <= SPREAD, cops
    # where the load sits: a pedalling foot forward of mid-foot, behind the metatarsal heads
    assert ((values > 0.45) & (values < 0.72)).all(), cops


def test_a_layout_without_a_whole_group_has_no_centre_of_pressure(population):
    assert np.isnan(median_cop(population["healthy-cyclist"], "four", 100, 0.0, 0.0))


def test_the_nominal_centres_and_weights_come_from_the_real_moticon_insole():
    """Both tables are the size-7 Moticon insole's sensors summed by region (the coarse midfoot sensor
    split half and half) [46]: the centres rounded to 0.005; the weights rounded to 0.005 so that they add
    to 1, each within 0.008 of its region's share of the areas."""
    merge = {"mth2": "mth2_3", "mth3": "mth2_3", "mth4": "mth4_5", "mth5": "mth4_5"}
    area, moment = defaultdict(float), defaultdict(float)
    for y, a, region in zip(SENSOR_Y, SIZE7_AREA_MM2, SENSOR_REGIONS):
        parts = ("midfoot_medial", "midfoot_lateral") if region == "midfoot" else (merge.get(region, region),)
        for r in parts:
            area[r] += a / len(parts)
            moment[r] += a / len(parts) * y
    total = sum(area.values())
    assert sum(NOMINAL_WEIGHTS.values()) == pytest.approx(1.0)
    assert set(area) == set(NOMINAL_WEIGHTS) == set(NOMINAL_CENTRE_Y)
    for r in area:
        assert NOMINAL_WEIGHTS[r] == pytest.approx(area[r] / total, abs=0.008), r
        assert NOMINAL_CENTRE_Y[r] == pytest.approx(round(moment[r] / area[r] / 0.005) * 0.005, abs=1e-9), r
