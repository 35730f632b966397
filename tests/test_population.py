"""The independent data generator (firmware_sim.population) and its bridge to the monitor."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from firmware_sim.population import (
    LAYOUTS,
    Condition,
    draw_population,
    draw_rider,
    is_held_out,
    render,
    split,
)
from firmware_sim.population.activity import amplitudes
from firmware_sim.population.field import PATCHES, field_kpa, sample_offsets
from firmware_sim.population.layouts import get_layout, grid_layout

PACKAGE = Path(__file__).resolve().parents[1] / "firmware_sim" / "population"
#: Region -> sensor labels, as the monitor groups them (monitor/codebook.py), restated here so the check of
#: the generator does not lean on the monitor.
MEMBERS = {"heel_medial": ("heel_medial",), "heel_lateral": ("heel_lateral",),
           "midfoot_medial": ("midfoot_medial",), "midfoot_lateral": ("midfoot_lateral",), "mth1": ("mth1",),
           "mth2_3": ("mth2", "mth3", "mth2_3"), "mth4_5": ("mth4", "mth5", "mth4_5"), "hallux": ("hallux",),
           "lesser_toes": ("lesser_toes",)}
FOREFOOT = ("mth1", "mth2", "mth3", "mth2_3", "mth4", "mth5", "mth4_5", "hallux", "lesser_toes")


def steady(rider, **kw):
    """The rider without standing, coasting or reliefs (unless given), condition from the start."""
    cond = dataclasses.replace(rider.condition, onset_s=0.0, foot="left") if rider.condition.kind != "healthy" \
        else rider.condition
    return dataclasses.replace(rider, **{"standing_per_min": 0.0, "coasting_per_min": 0.0,
                                         "relief_every_s": None, "condition": cond, **kw})


def region_series(ride, foot):
    """Area-weighted mean pressure (kPa) per resolved region, shape (n,) each."""
    lay = get_layout(ride.layout_name) if ride.layout_name in LAYOUTS else None
    return _region_series(lay, ride.pressure_kpa[foot])


def _region_series(lay, p):
    a, reg = np.array(lay.area_mm2), np.array(lay.regions)
    out = {}
    for region, members in MEMBERS.items():
        k = np.isin(reg, members)
        if k.any():
            out[region] = (p[:, k] * a[k]).sum(axis=1) / a[k].sum()
    return out


def test_package_imports_nothing_from_monitor_nor_the_other_model():
    files = sorted(PACKAGE.glob("*.py")) + [PACKAGE.parent / "layout.py"]
    assert len(files) >= 8
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.split(".")[0] == "monitor", f"{path.name} imports {name}"
                assert name not in ("firmware_sim.model", "firmware_sim.scenarios"), f"{path.name}: {name}"
                assert name.split(".")[0] in ("__future__", "dataclasses", "typing", "hashlib",
                                              "collections", "numpy", "scipy", "firmware_sim"), name


def test_rendering_is_the_field_averaged_over_each_sensor():
    rider = steady(draw_rider(3, 1, activity="cycling", condition="healthy"))
    ride = render(rider, "fsr8", 50, duration_s=4)
    lay = get_layout("fsr8")
    amps = amplitudes(rider, ride.timeline, "left", ride.t_s["left"])
    for i in range(lay.n_sensors):
        dx, dy = sample_offsets(lay.area_mm2[i])
        expected = field_kpa(amps, lay.x[i] + dx, lay.y[i] + dy).mean(axis=1)
        assert np.allclose(ride.pressure_kpa["left"][:, i], expected, rtol=1e-5, atol=1e-3)
    # a small sensor (130 mm^2) reads nearly the field at its centre: the patches vary slowly
    centre = field_kpa(amps, np.array(lay.x), np.array(lay.y))
    small = np.array(lay.area_mm2) <= 130
    assert np.allclose(ride.pressure_kpa["left"][:, small], centre[:, small], rtol=0.1, atol=0.2)


def test_same_rider_through_two_layouts_gives_agreeing_region_means():
    """Discrete sensors at the anatomical landmarks (solewatch18, moticon16): each sensor sits within about
    one patch half-size of its landmark, where the patch shape is 0.61-1 of its plateau, and a region's
    mean mixes sensors at different distances: agreement within a factor 1.4 (and the time courses
    correlate). The pedar-like grid is checked against a 4x finer grid by force, which a field that
    depended on the sensors would break."""
    rider = steady(draw_rider(3, 1, activity="cycling", condition="healthy"))
    a = region_series(render(rider, "solewatch18", 50, duration_s=30), "left")
    b = region_series(render(rider, "moticon16", 50, duration_s=30), "left")
    assert set(a) == set(b) == set(MEMBERS)
    for region in a:
        ratio = a[region].mean() / b[region].mean()
        assert 1 / 1.4 < ratio < 1.4, (region, ratio)
        assert np.corrcoef(a[region], b[region])[0, 1] > 0.95, region
    coarse, fine = grid_layout(), grid_layout(16, 32, "fine")
    assert 90 <= len(coarse.x) <= 110
    fc = render(rider, coarse, 50, duration_s=10).pressure_kpa["left"]
    ff = render(rider, fine, 50, duration_s=10).pressure_kpa["left"]
    total_c = (fc * np.array(coarse.area_mm2)).sum(axis=1).mean()
    total_f = (ff * np.array(fine.area_mm2)).sum(axis=1).mean()
    assert abs(total_c / total_f - 1) < 0.05
    # a field scaled by sensor size or count would move the total force by the area ratio (about 4)
    assert np.array(coarse.area_mm2)[0] / np.array(fine.area_mm2)[0] > 3.5


def test_reliefs_show_as_a_near_zero_forefoot():
    rider = steady(draw_rider(4, 1, activity="cycling", condition="healthy"), relief_every_s=200.0)
    ride = render(rider, "moticon16", 50, duration_s=700)
    relief = ride.truth["relief"]
    assert len(relief) >= 2
    lay, t, p = get_layout("moticon16"), ride.t_s["left"], ride.pressure_kpa["left"]
    fore = np.isin(lay.regions, FOREFOOT)
    floor = rider.relief_floor_kpa
    for a, b in relief:
        inside = (t >= a + 2) & (t < b - 2)
        assert p[inside][:, fore].max() <= 1.3 * floor + 0.5
    riding = np.ones(t.size, bool)
    for a, b in relief:
        riding &= ~((t >= a - 2) & (t < b + 2))
    assert p[riding][:, fore].max() > 30


def _pair(kind, **kw):
    rider = steady(draw_rider(11, 3, activity="cycling", condition=kind), **kw)
    healthy = dataclasses.replace(rider, condition=Condition())
    out = {}
    for name, r in (("cond", rider), ("healthy", healthy)):
        ride = render(r, "moticon16", 50, duration_s=30)
        out[name] = {foot: region_series(ride, foot) for foot in ("left", "right")}
    return rider, out


def test_focal_raises_mth2_3_against_the_other_heads_only_on_the_affected_foot():
    rider, s = _pair("focal")

    def ratio(d):
        return np.percentile(d["mth2_3"], 98) / np.mean([np.percentile(d[r], 98) for r in ("mth1", "mth4_5")])

    assert ratio(s["cond"]["left"]) > 1.2 * ratio(s["healthy"]["left"])
    for region in s["cond"]["right"]:
        assert np.array_equal(s["cond"]["right"][region], s["healthy"]["right"][region])


def test_tight_shoe_raises_the_unloaded_phase_only_on_the_affected_foot():
    rider, s = _pair("tight_shoe")
    low = {k: np.percentile(v["mth1"], 5) for k, v in (("cond", s["cond"]["left"]), ("healthy", s["healthy"]["left"]))}
    assert low["cond"] - low["healthy"] > 0.5 * rider.condition.residual_kpa
    assert np.array_equal(s["cond"]["right"]["mth1"], s["healthy"]["right"]["mth1"])


def test_lateral_raises_mth4_5_over_mth1_only_on_the_affected_foot():
    rider, s = _pair("lateral")

    def ml(d):
        return d["mth4_5"].mean() / d["mth1"].mean()

    assert ml(s["cond"]["left"]) > 1.3 * ml(s["healthy"]["left"])
    assert ml(s["cond"]["right"]) == ml(s["healthy"]["right"])


def test_slow_walk_under_70_steps_per_min_and_its_events_match_the_field():
    rider = draw_rider(5, 1, activity="walking", condition="healthy", slow_walk=True)
    ride = render(rider, "moticon16", 100, duration_s=60)
    steps = ride.truth["steps"]
    ics = np.sort(np.concatenate([[s[0] for s in steps[f]] for f in steps]))
    cadence = 60.0 * (ics.size - 1) / (ics[-1] - ics[0])
    assert 40 < cadence < 70
    lay = get_layout("moticon16")
    for foot in ("left", "right"):
        t = ride.t_s[foot]
        force_n = ride.pressure_kpa[foot].astype(float) @ np.array(lay.area_mm2) / 1000.0

        def at(x):
            return force_n[np.clip(np.searchsorted(t, x), 0, t.size - 1)]

        ic = np.array([s[0] for s in steps[foot]])[1:-1]
        to = np.array([s[1] for s in steps[foot]])[1:-1]
        assert np.all(at(ic - 0.03) < 1.0) and np.all(at(ic + 0.08) > 10.0)
        assert np.all(at(to - 0.08) > 5.0) and np.all(at(to + 0.03) < 1.0)


def test_render_output_types_noise_and_quantisation():
    rider = draw_rider(2, 1, activity="cycling")
    ride = render(rider, "four", 25, noise_sd_kpa=2.0, quant_step_kpa=2.5, duration_s=20, seed=4)
    for foot in ("left", "right"):
        p, t = ride.pressure_kpa[foot], ride.t_s[foot]
        assert p.dtype == np.float32 and t.dtype == np.float64 and p.shape == (t.size, 4)
        assert p.min() >= 0 and np.allclose(p / 2.5, np.round(p / 2.5), atol=1e-4)
        assert np.allclose(np.diff(t), 1 / 25)
    again = render(rider, "four", 25, noise_sd_kpa=2.0, quant_step_kpa=2.5, duration_s=20, seed=4)
    assert np.array_equal(again.pressure_kpa["left"], ride.pressure_kpa["left"])
    longer = render(rider, "four", 25, duration_s=40)
    shorter = render(rider, "four", 25, duration_s=20)
    assert np.array_equal(longer.pressure_kpa["right"][:500], shorter.pressure_kpa["right"])
    with pytest.raises(ValueError):
        render(rider, "four", 10, duration_s=5)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_rendered_ride_becomes_a_session_that_analyze_runs_on(layout):
    import monitor
    from monitor.tools.population_sessions import ride_session

    rider = draw_rider(7, 2, activity="cycling", condition="focal")
    ride = render(rider, layout, 50, noise_sd_kpa=1.0, quant_step_kpa=0.5, duration_s=150, seed=1)
    session = ride_session(ride)
    assert session.info.ground_truth["condition"] == "focal"
    assert session.info.activity == "cycling_seated"
    result = monitor.analyze(session)
    summary = result.summary()
    assert set(summary) == {"left", "right"}
    assert summary["left"]["cycles"] > 50  # strokes were found in 150 s at 60-110 rpm
    n = session.info.layouts["left"].n_sensors
    assert n == len(get_layout(layout).x)


def test_a_grid_reaches_the_monitor_whole():
    from monitor.importers.generic_csv import MAX_SENSORS
    from monitor.tools.population_sessions import ride_session

    ride = render(steady(draw_rider(3, 1, activity="cycling", condition="healthy")), "pedar99", 25, duration_s=5)
    session = ride_session(ride)
    assert 64 < session.info.layouts["left"].n_sensors == len(get_layout("pedar99").x) <= MAX_SENSORS


def test_the_split_is_fixed_and_disjoint():
    small = [r.rider_id for r in draw_population(20, 1)]
    large = [r.rider_id for r in draw_population(300, 7)]
    s_small, s_large = split(small), split(large)
    assert not set(s_large["tuning"]) & set(s_large["held_out"])
    assert set(s_large["tuning"]) | set(s_large["held_out"]) == set(large)
    assert s_small["held_out"] == [i for i in s_large["held_out"] if i in set(small)]
    assert 0.2 < len(s_large["held_out"]) / len(large) < 0.4
    assert all(is_held_out(i) for i in s_large["held_out"])
    rider = draw_population(5, 99)[0]
    assert rider.held_out == is_held_out(rider.rider_id)


def test_population_mix_and_ranges():
    pop = draw_population(300, 3)
    assert [r.rider_id for r in pop[:20]] == [r.rider_id for r in draw_population(20, 3)]
    assert draw_population(20, 3)[5] == pop[5]
    acts = [r.activity for r in pop]
    assert acts.count("cycling") > 0.7 * len(pop) and "running" in acts and "walking" in acts
    kinds = {r.condition.kind for r in pop}
    assert kinds == {"healthy", "focal", "lateral", "tight_shoe", "swelling", "toe_clip"}
    cyc = [r for r in pop if r.activity == "cycling"]
    assert all(60 <= r.cadence_per_min <= 110 and 0.03 <= r.upstroke_floor <= 0.15 for r in cyc)
    assert any(r.ratio["mth4_5"] > 1 for r in cyc if r.condition.kind == "healthy")
    assert any(r.relief_every_s is None for r in cyc)
    conds = [r.condition for r in pop if r.condition.kind != "healthy"]
    assert sum(c.foot != "both" for c in conds) > 0.5 * len(conds)
    assert any(c.onset_s == 0 for c in conds) and any(c.onset_s > 0 for c in conds)
    assert {p.name for p in PATCHES} >= {"heel", "mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes"}
