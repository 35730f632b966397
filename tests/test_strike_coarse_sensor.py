"""The strike index counts a coarse sensor (labelled only "heel" or "midfoot") beside resolved regions of its
group as the regions do (monitor.signal.coarse_share: an equal part of its area in each), so a landing only it
has taken yet is read. Had: its strike weight was 0 while the load that times the strike counted it, so at the
strike moment often nothing the strike index weighs was loaded and the index came out blank: PhysioNet gaitpdb
GaCo01_01's strike was read on 13 of 95 left steps and 66 of 96 right.

PhysioNet gaitpdb GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_gait_events_real import MOTICON, PHYSIONET

from monitor.analysis.batch import analyze
from monitor.analysis.steps import foot_steps
from monitor.analysis.strike import strike_weights
from monitor.codebook import SensorLayout
from monitor.importers.moticon import read_moticon
from monitor.importers.physionet import read_physionet
from monitor.importers.session import write_session
from monitor.link import moticon as moticon_link
from monitor.session.directory import load_session
from monitor.signal.regions import NOMINAL_CENTRE_Y, NOMINAL_WEIGHTS, RegionReducer

#: A foot with a coarse heel sensor (index 0, on the midline, twice a heel half's area) beside its medial and
#: lateral heel sensors, and one sensor in every other region.
REGIONS = ("heel", "heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1", "mth2_3",
           "mth4_5", "hallux", "lesser_toes")
X = (0.0, -0.2, 0.2, -0.15, 0.2, -0.25, 0.0, 0.25, -0.2, 0.1)
Y = (0.1, 0.17, 0.16, 0.45, 0.42, 0.75, 0.74, 0.69, 0.92, 0.89)
AREA_MM2 = (600.0, 300.0, 300.0, 400.0, 400.0, 300.0, 300.0, 300.0, 300.0, 300.0)
#: Where a heel load alone puts the strike index (% of foot length): the heel regions' centres, weighted.
HEEL_PCT = 100.0 * sum(NOMINAL_WEIGHTS[r] * NOMINAL_CENTRE_Y[r] for r in ("heel_medial", "heel_lateral")) / (
    NOMINAL_WEIGHTS["heel_medial"] + NOMINAL_WEIGHTS["heel_lateral"])


def _layout() -> SensorLayout:
    return SensorLayout("left", list(X), list(Y), list(AREA_MM2), REGIONS)


def _landings_on_the_coarse_heel() -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """100 Hz, four 0.6 s stances every 1.2 s; each lands on the coarse heel sensor alone for its first 60 ms,
    then the heel pair and the forefoot load too; 2 kPa unloaded offsets on every sensor."""
    t = np.arange(0.0, 5.2, 0.01)
    p = np.full((t.size, len(REGIONS)), 2.0)
    contacts = []
    for ic in (0.4, 1.6, 2.8, 4.0):
        u = (t - ic) / 0.6
        on = (u >= 0) & (u <= 1)
        p[on, 0] += 220.0 * np.sin(np.pi * np.clip(u[on] / 0.6, 0, 1))  # the coarse heel: first
        late = on & (u >= 0.1)
        p[late, 1:3] += (150.0 * np.sin(np.pi * np.clip((u[late] - 0.1) / 0.5, 0, 1)))[:, None]
        p[late, 5:8] += (200.0 * np.sin(np.pi * (u[late] - 0.1) / 0.9))[:, None]
        contacts.append((ic + 0.005, ic + 0.59))
    return t, p, contacts


def test_a_landing_on_the_coarse_heel_sensor_alone_reads_a_rearfoot_strike():
    """Had: every strike index NaN (nothing the index weighed was loaded at the strike moment), type ""."""
    t, p, contacts = _landings_on_the_coarse_heel()
    s = foot_steps("left", t, p, _layout(), contacts)
    assert list(s.strike) == ["rearfoot"] * 4, (s.strike, s.strike_index_pct, s.not_measured)
    assert s.strike_index_pct == pytest.approx([HEEL_PCT] * 4, abs=1e-9)


def test_the_coarse_heel_sensor_weighs_in_each_heel_region_as_its_half_of_the_area():
    """Its strike weight is each heel region's share of the sole times its half of the area over the region's:
    300 of 600 mm^2 in each. Had: 0."""
    w, m = strike_weights(_layout())
    half = 0.5 * AREA_MM2[0] / (0.5 * AREA_MM2[0] + 300.0)
    assert w[0] == pytest.approx((NOMINAL_WEIGHTS["heel_medial"] + NOMINAL_WEIGHTS["heel_lateral"]) * half,
                                 rel=1e-12)
    assert m[0] / w[0] == pytest.approx(HEEL_PCT, rel=1e-12)


def _layouts_with_a_coarse_sensor_beside() -> dict[str, SensorLayout]:
    """The synthetic foot, and the real layouts whose coarse sensor lies beside resolved regions of its group:
    PhysioNet's heel sensor 1, Moticon's midfoot sensor 5 (import and stream)."""
    out = {"synthetic": _layout()}
    for side in ("left", "right"):
        out[f"physionet {side}"] = read_physionet(PHYSIONET).layouts[side]
        out[f"moticon import {side}"] = read_moticon(MOTICON).layouts[side]
        out[f"moticon stream {side}"] = moticon_link.layout(side)
    return out


@pytest.mark.parametrize("name, layout", list(_layouts_with_a_coarse_sensor_beside().items()))
def test_the_strike_weights_are_the_regions_pressures_the_load_is_made_of(name, layout):
    """For any pressures ``q``, ``q @ w`` is the regions' pressures (RegionReducer, the load that times the
    strike) times their fixed shares of the sole, and ``q @ m`` the same at the regions' centres: one rule for
    the coarse sensor. Had: the coarse sensor's column of ``w`` and ``m`` was 0."""
    w, m = strike_weights(layout)
    q = np.random.default_rng(7).uniform(0.0, 300.0, size=(50, len(layout.regions)))
    region = RegionReducer(layout).reduce(q, hot=False).region_load_kpa
    load = sum(NOMINAL_WEIGHTS[r] * region[r] for r in region)
    moment = sum(NOMINAL_WEIGHTS[r] * 100.0 * NOMINAL_CENTRE_Y[r] * region[r] for r in region)
    assert q @ w == pytest.approx(load, rel=1e-9), name
    assert q @ m == pytest.approx(moment, rel=1e-9), name


@pytest.fixture(scope="module")
def physionet_steps(tmp_path_factory):
    session = load_session(write_session(read_physionet(PHYSIONET), tmp_path_factory.mktemp("gaco") / "s"))
    return analyze(session).steps


#: GaCo01_01 measured: per foot, (steps, steps with a strike read, of them rearfoot strikes); had (13 of 95, 10
#: rearfoot) on the left and (66 of 96, 61) on the right.
PHYSIONET_STRIKES = {"left": (95, 95, 92), "right": (96, 96, 91)}


@pytest.mark.parametrize("foot", ["left", "right"])
def test_the_physionet_walk_has_its_strike_read_on_nearly_every_step(physionet_steps, foot):
    s = physionet_steps[foot]
    read = int(np.count_nonzero(s.strike != ""))
    assert read >= 0.9 * len(s), (foot, read, len(s))
    assert (len(s), read, int(np.count_nonzero(s.strike == "rearfoot"))) == PHYSIONET_STRIKES[foot]
