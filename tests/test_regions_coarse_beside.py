"""A coarse sensor (labelled only "heel" or "midfoot") beside resolved regions of its group counts in them
(monitor.signal.coarse_share): each region of its group the layout resolves holds an equal part of its area
at its place. Had: it counted only where its group had no region of its own, so PhysioNet gaitpdb's heel
sensor 1 (beside its rearfoot pair) and Moticon's midfoot sensor 5 (beside its medial and lateral midfoot
sensors) were read by nothing: tripling sensor 1 moved no heel peak, no forefoot share, no initial contact.

Every layout the validation population renders and every vendor layout reads as that rule says, and those
without a coarse sensor beside a resolved region read exactly as before: one row per sensor, the layout's
own region masks (so docs/validation.md's detection figures, all on population layouts, cannot move).
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pytest
from test_gait_events_real import MOTICON, PHYSIONET

import monitor
from firmware_sim.population.layouts import LAYOUTS
from monitor.codebook import SensorLayout
from monitor.importers.moticon import read_moticon
from monitor.importers.physionet import SENSOR_AREA_MM2, read_physionet
from monitor.link import moticon as moticon_link
from monitor.link import orphe, ukaton
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, GROUPS, RegionReducer

#: The coarse labels of each group (a sensor in the group that resolves neither of its halves).
COARSE_LABEL = {"heel": "heel", "midfoot": "midfoot"}


def _population(name: str, side: str) -> SensorLayout:
    lay = LAYOUTS[name]
    return SensorLayout(side, list(lay.x), list(lay.y), list(lay.area_mm2), lay.regions)


@cache
def _physionet():
    return read_physionet(PHYSIONET)


def _layouts() -> dict[str, SensorLayout]:
    """Every layout the validation population renders, every vendor layout, both feet."""
    out = {}
    for side in ("left", "right"):
        for name in LAYOUTS:
            out[f"population {name} {side}"] = _population(name, side)
        out[f"moticon stream {side}"] = moticon_link.layout(side)
        out[f"orphe {side}"] = orphe.layout(side)
        out[f"ukaton {side}"] = ukaton.layout(side)
        out[f"physionet import {side}"] = _physionet().layouts[side]
    moticon_import = read_moticon(MOTICON)
    for side in ("left", "right"):
        out[f"moticon import {side}"] = moticon_import.layouts[side]
    return out


def _coarse_beside(layout: SensorLayout) -> dict[str, tuple[list[int], list[str]]]:
    """group -> (its coarse sensors, the regions of it the layout resolves), where it has both."""
    own = layout.region_masks()
    out = {}
    for group, label in COARSE_LABEL.items():
        coarse = [i for i, r in enumerate(layout.regions) if r == label]
        resolved = [r for r in GROUPS[group] if r in own]
        if coarse and resolved:
            out[group] = (coarse, resolved)
    return out


def _rule_region_kpa(layout: SensorLayout, p: np.ndarray) -> dict[str, np.ndarray]:
    """Each resolved region's pressure (n,) kPa by the rule, from frames ``p`` (n, n_sensors) with none
    missing: its own sensors and an equal part of each coarse sensor of its group beside it, area-weighted."""
    area = np.asarray(layout.area_mm2, dtype=float)
    weights = {r: area * m for r, m in layout.region_masks().items()}
    for coarse, resolved in _coarse_beside(layout).values():
        for r in resolved:
            weights[r][coarse] += area[coarse] / len(resolved)
    return {r: p @ w / w.sum() for r, w in weights.items()}


@pytest.mark.parametrize("name", list(_layouts()))
def test_every_layout_reads_its_regions_as_the_rule_says(name):
    layout = _layouts()[name]
    reducer = RegionReducer(layout)
    beside = _coarse_beside(layout)
    own = layout.region_masks()
    want_masks = {r: m.copy() for r, m in own.items()}
    for coarse, resolved in beside.values():
        for r in resolved:
            want_masks[r][coarse] = True
    assert reducer.masks.keys() == want_masks.keys()
    for r, m in want_masks.items():
        np.testing.assert_array_equal(reducer.masks[r], m, err_msg=f"{name}: {r}")
    for group, regions in GROUPS.items():  # the sources: own where resolved, else the group's, else coarse
        present = [r for r in regions if r in own]
        has_coarse = COARSE_LABEL.get(group) in layout.regions
        for r in regions:
            kind = "own" if r in own else "group" if present else "coarse" if has_coarse else None
            assert (reducer.sources[r][0] if r in reducer.sources else None) == kind, (name, r)
    p = np.random.default_rng(7).uniform(0.0, 300.0, (50, layout.n_sensors))
    series = reducer.reduce(p)
    for r, want in _rule_region_kpa(layout, p).items():
        np.testing.assert_allclose(series.region_kpa[r], want, rtol=1e-12, err_msg=f"{name}: {r}")
    _, regions = reducer.sensed_force_n(p)
    covered = np.logical_or.reduce(list(want_masks.values()))  # each sensor of a region counted once
    want_n = p[:, covered] @ np.asarray(layout.area_mm2, dtype=float)[covered] * 1e-3
    np.testing.assert_allclose(sum(regions.values()), want_n, rtol=1e-12)
    if not beside:  # read as before: one row per sensor, each region its own sensors
        assert reducer._rows is None
        np.testing.assert_array_equal(reducer._area_mm2, np.asarray(layout.area_mm2, dtype=float))
        for r, m in own.items():
            np.testing.assert_array_equal(reducer._index[r], np.flatnonzero(m))


def test_only_physionet_and_moticon_have_a_coarse_sensor_beside_resolved_regions():
    """The layouts whose figures the rule moves; none of the validation population's."""
    changed = sorted({name.rsplit(" ", 1)[0] for name, lay in _layouts().items() if _coarse_beside(lay)})
    assert changed == ["moticon import", "moticon stream", "physionet import"]


def _heel_tripled(p: np.ndarray) -> np.ndarray:
    out = np.array(p, dtype=float)
    out[:, 0] *= 3.0
    return out


@pytest.mark.parametrize("foot", ["left", "right"])
def test_physionets_heel_sensor_moves_the_heel_and_the_forefoot_share(foot):
    """Had: sensor 1 tripled left the heel regions' hot spots and the forefoot share exactly as they were."""
    rec = _physionet()
    reducer = RegionReducer(rec.layouts[foot])
    p = np.asarray(rec.pressure_kpa[foot], dtype=float)
    before, after = reducer.reduce(p), reducer.reduce(_heel_tripled(p))
    for r in ("heel_medial", "heel_lateral"):
        assert np.nanmax(after.region_hot_kpa[r]) > 1.5 * np.nanmax(before.region_hot_kpa[r]), r
    share = [np.nansum(s.forefoot_force_n) / np.nansum(s.total_force_n) for s in (before, after)]
    assert share[1] < share[0] - 0.05, share


@pytest.fixture(scope="module")
def physionet_session(tmp_path_factory):
    return monitor.import_session("physionet", PHYSIONET, tmp_path_factory.mktemp("gaco") / "GaCo01")


def _onsets_s(t_s: np.ndarray, force_n: np.ndarray, level_n: float = 20.0) -> np.ndarray:
    """Where ``force_n`` (n,) N first reaches ``level_n`` after being below it (s), linearly interpolated."""
    up = np.flatnonzero((force_n[1:] >= level_n) & (force_n[:-1] < level_n)) + 1
    f0, f1 = force_n[up - 1], force_n[up]
    return t_s[up - 1] + (level_n - f0) / (f1 - f0) * (t_s[up] - t_s[up - 1])


def test_physionets_initial_contacts_follow_the_onset_of_all_eight_sensors(physionet_session):
    """Each initial contact against the last 20-N onset of the 8 sensors' summed force (the file's forces):
    a median lag of 9/9 ms (left/right) after the 15-Hz low-pass, where it was 28/23 ms with the heel sensor
    left out (3 ms within the onset of sensors 2-8 alone)."""
    result = monitor.analyze(physionet_session)
    for foot in ("left", "right"):
        t, p = physionet_session.foot_arrays(foot)
        force = np.nan_to_num(np.asarray(p, dtype=float)) * SENSOR_AREA_MM2 * 1e-3
        onsets = _onsets_s(t, force.sum(axis=1))
        ic = result.steps[foot].initial_contact_s
        ic = ic[np.isfinite(ic)]
        last = np.searchsorted(onsets, ic + 0.2) - 1
        lag_s = ic - onsets[np.clip(last, 0, None)]
        lag_s = lag_s[(last >= 0) & (np.abs(lag_s) < 0.3)]
        assert lag_s.size > 80
        assert np.median(lag_s) < 0.015, (foot, np.median(lag_s))


def test_physionets_heel_sensor_moves_the_initial_contacts(physionet_session):
    """Had: every initial contact the same to the bit with sensor 1 tripled."""
    frames = physionet_session.frames.copy()
    frames["p00_kpa"] *= 3
    tripled = monitor.analyze(dataclasses.replace(physionet_session, frames=frames))
    result = monitor.analyze(physionet_session)
    for foot in ("left", "right"):
        a, b = result.steps[foot].initial_contact_s, tripled.steps[foot].initial_contact_s
        moved = [np.min(np.abs(a - x)) for x in b[np.isfinite(b)]]
        assert np.median(moved) > 0.003, foot  # 7.5/7.8 ms earlier


def test_the_real_physionet_walks_forefoot_share_counts_the_heel_sensor(physionet_session):
    """0.53 left, 0.55 right (0.578, 0.584 with the heel sensor read by nothing)."""
    summary = monitor.analyze(physionet_session).summary()
    assert [f"{summary[f]['forefoot_share']:.2f}" for f in ("left", "right")] == ["0.53", "0.55"]


def _split(layout: SensorLayout, i: int, labels: tuple[str, str]) -> tuple[SensorLayout, list[int]]:
    """``layout`` with sensor ``i`` made two sensors of half its area at its place, labelled ``labels``;
    and the sensor each new column reads."""
    cols = list(range(layout.n_sensors)) + [i]
    area = list(layout.area_mm2)
    area[i] /= 2
    regions = list(layout.regions)
    regions[i] = labels[0]
    return SensorLayout(layout.side, [layout.x[c] for c in cols], [layout.y[c] for c in cols],
                        area + [area[i]], tuple(regions) + (labels[1],)), cols


@pytest.mark.parametrize("labels", [("heel", "heel"), ("heel_medial", "heel_lateral"), ("heel_lateral", "heel_medial")])
def test_splitting_the_coarse_sensor_in_two_halves_at_its_place_changes_nothing(labels):
    """Two coarse halves read as the whole; so do two halves labelled one medial, one lateral (what the rule
    says a coarse sensor beside both is). Had: the halves labelled by side moved the forefoot share, the whole
    did not count."""
    layout = _physionet().layouts["left"]
    p = np.asarray(_physionet().pressure_kpa["left"], dtype=float)[:3000]
    split, cols = _split(layout, 0, labels)
    whole, halves = RegionReducer(layout).reduce(p), RegionReducer(split).reduce(p[:, cols])
    np.testing.assert_allclose(halves.total_force_n, whole.total_force_n, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(halves.forefoot_force_n, whole.forefoot_force_n, rtol=1e-12, atol=1e-9)
    for r in whole.region_kpa:
        np.testing.assert_allclose(halves.region_kpa[r], whole.region_kpa[r], rtol=1e-12, atol=1e-9, err_msg=r)
        np.testing.assert_allclose(halves.region_hot_kpa[r], whole.region_hot_kpa[r], rtol=1e-12, atol=1e-9,
                                   err_msg=r)
    assert set(FOREFOOT_SHARE_REGIONS) & set(whole.region_kpa)
