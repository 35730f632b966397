"""Metamorphic checks of detection, driven by the rider population (firmware_sim.population).

One rider whose left cleat moves forward seven minutes into a ride (a focal MTH2-3 load against the
rider's own normal of the first minutes, docs/detection.md), rendered through every layout, at 25-200 Hz,
with 0-3 kPa of noise and 0-2.5 kPa quantisation, is the same foot under the same load: the verdict per foot (warned or
not), the region of the first warning (where the layout resolves it) and the first warning's time (within
one judging step, ``features.step_s``) must not change. Swapping the feet of a rendered ride must swap
the results. Judged through monitor.tools.population_study, which reads only the alerts.

A second rider's left foot carries a lateral overload from the first pedal stroke, on a first ride: only
the other foot shows it (monitor.analysis.unilateral), and every rendering must give the same verdict,
foot and region, and the first warning within one judging step.
"""

from __future__ import annotations

import dataclasses

import pytest

from firmware_sim.population import draw_rider, render
from monitor.signal.params import DEFAULT_PARAMS
from monitor.tools.population_study import Rendering, analyze_ride

#: One judging step of the detector (s): first-warning times may differ by this much.
STEP_S = DEFAULT_PARAMS.features.step_s
DURATION_S = 900.0
#: The focal condition's onset (s): after the first judged windows and the 5-minute baseline.
ONSET_S = 420.0
REFERENCE = Rendering("solewatch18", 100, 1.0, 0.0, DURATION_S)
VARIANTS = [Rendering(lay, 100, 1.0, 0.0, DURATION_S) for lay in ("moticon16", "fsr8", "four", "pedar99")] + [
    Rendering("solewatch18", 25, 1.0, 0.0, DURATION_S), Rendering("solewatch18", 200, 1.0, 0.0, DURATION_S),
    Rendering("solewatch18", 100, 0.0, 0.0, DURATION_S), Rendering("solewatch18", 100, 3.0, 0.0, DURATION_S),
    Rendering("solewatch18", 100, 1.0, 2.5, DURATION_S), Rendering("moticon16", 50, 3.0, 2.5, DURATION_S)]


def rider():
    """A cyclist whose left foot gets a focal MTH2-3 load at ONSET_S, steady, never relieving."""
    r = draw_rider(2, 1, activity="cycling", condition="focal")
    cond = dataclasses.replace(r.condition, foot="left", onset_s=ONSET_S)
    return dataclasses.replace(r, condition=cond, standing_per_min=0.0, coasting_per_min=0.0,
                               relief_every_s=None)


def outcome(r: Rendering):
    ride = render(rider(), r.layout, rate_hz=r.rate_hz, noise_sd_kpa=r.noise_sd_kpa,
                  quant_step_kpa=r.quant_step_kpa, duration_s=r.duration_s, seed=0)
    return {o.foot: o for o in analyze_ride(ride, r)}


def first_t(o) -> float | None:
    return o.warnings_t_s[0] if o.warnings_t_s else None


@pytest.fixture(scope="module")
def reference():
    return outcome(REFERENCE)


def test_reference_warns_the_affected_foot(reference):
    # the invariance below is about something: the affected foot is warned in the reference rendering
    assert reference["left"].affected and reference["left"].warnings_t_s


def test_reference_names_the_region_and_spares_the_healthy_foot(reference):
    assert reference["left"].region == "mth2_3"
    assert not reference["right"].warnings_t_s


#: Renderings where the check does not hold yet, and why (strict: they fail the day they pass).
KNOWN: dict[str, str] = {}


def _id(r: Rendering) -> str:
    return f"{r.layout}-{r.rate_hz}Hz-{r.noise_sd_kpa:g}n-{r.quant_step_kpa:g}q"


def _param(v: Rendering):
    known = KNOWN.get(_id(v))
    return pytest.param(v, id=_id(v), marks=pytest.mark.xfail(strict=True, reason=known) if known else ())


@pytest.mark.parametrize("variant", [_param(v) for v in VARIANTS])
def test_rendering_does_not_change_the_verdict(reference, variant):
    got = outcome(variant)
    if variant.layout == "four":  # no MTH2-3 sensor: it cannot see this rider's focal load at all
        assert not got["right"].warnings_t_s and all(o.region in (None, "mth2_3") for o in got.values())
        return
    for foot in ("left", "right"):
        ref, o = reference[foot], got[foot]
        assert bool(o.warnings_t_s) == bool(ref.warnings_t_s), (foot, ref.warnings_t_s, o.warnings_t_s)
        if ref.warnings_t_s:
            assert abs(first_t(o) - first_t(ref)) <= STEP_S, (foot, first_t(ref), first_t(o))
    assert got["left"].region == reference["left"].region


def swapped(ride):
    """The same ride with its feet relabelled: the left insole's data become the right foot's."""
    other = {"left": "right", "right": "left"}
    t_s = {other[f]: v for f, v in ride.t_s.items()}
    p = {other[f]: v for f, v in ride.pressure_kpa.items()}
    lj = {}
    for foot, doc in ride.layout_json.items():
        d = dict(doc)
        d["feet"] = {other[foot]: doc["feet"][foot]}
        lj[other[foot]] = d
    truth = dict(ride.truth, foot=other.get(ride.truth["foot"], ride.truth["foot"]))
    return dataclasses.replace(ride, t_s=t_s, pressure_kpa=p, layout_json=lj, truth=truth)


def test_swapping_the_feet_swaps_the_results():
    r = Rendering("moticon16", 50, 1.0, 2.5, DURATION_S)
    ride = render(rider(), r.layout, rate_hz=r.rate_hz, noise_sd_kpa=r.noise_sd_kpa,
                  quant_step_kpa=r.quant_step_kpa, duration_s=r.duration_s, seed=0)
    a = {o.foot: o for o in analyze_ride(ride, r)}
    b = {o.foot: o for o in analyze_ride(swapped(ride), r)}
    assert b["right"].affected and not b["left"].affected
    for foot, other in (("left", "right"), ("right", "left")):
        assert a[foot].max_level == b[other].max_level
        assert a[foot].region == b[other].region
        assert len(a[foot].warnings_t_s) == len(b[other].warnings_t_s)
        for x, y in zip(a[foot].warnings_t_s, b[other].warnings_t_s, strict=True):
            assert abs(x - y) <= STEP_S


# -- one foot against the other (monitor.analysis.unilateral) ----------------------------------------------
def one_sided_rider():
    """Tuning rider r00104: a lateral overload of the left foot from the first pedal stroke, a first ride
    (no kept normal): only the other foot can show it."""
    r = draw_rider(104, 1, activity="cycling", condition="lateral")
    assert not r.held_out and r.condition.foot == "left" and r.condition.onset_s == 0.0
    return r


def one_sided_outcome(r: Rendering):
    ride = render(one_sided_rider(), r.layout, rate_hz=r.rate_hz, noise_sd_kpa=r.noise_sd_kpa,
                  quant_step_kpa=r.quant_step_kpa, duration_s=600.0, seed=0)
    return {o.foot: o for o in analyze_ride(ride, r)}


@pytest.fixture(scope="module")
def one_sided_reference():
    ref = one_sided_outcome(REFERENCE)
    assert ref["left"].warnings_t_s and not ref["right"].warnings_t_s and ref["left"].region == "mth4_5"
    return ref


#: Renderings whose first warning of the one-sided rider is known to come later than one judging step
#: after the reference's (strict: they fail the day they pass). None since relief reads the forefoot regions'
#: located hot spots: the grid used to read this rider's coasts as reliefs (its region means weigh in edge
#: sensels that read little), which held the warning back to 380 s against 290 s.
ONE_SIDED_KNOWN: dict[str, str] = {}


@pytest.mark.parametrize("variant", [
    pytest.param(v, id=_id(v), marks=pytest.mark.xfail(strict=True, reason=ONE_SIDED_KNOWN[_id(v)])
                 if _id(v) in ONE_SIDED_KNOWN else ()) for v in VARIANTS])
def test_a_one_sided_load_from_the_first_stroke_gets_the_same_verdict_on_every_rendering(one_sided_reference,
                                                                                        variant):
    ref, got = one_sided_reference, one_sided_outcome(variant)
    for foot in ("left", "right"):
        assert bool(got[foot].warnings_t_s) == bool(ref[foot].warnings_t_s), foot
    assert got["left"].region == "mth4_5"
    assert abs(first_t(got["left"]) - first_t(ref["left"])) <= STEP_S, (first_t(ref["left"]),
                                                                       first_t(got["left"]))
