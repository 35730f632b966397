"""Gait events and contact times of an uncalibrated insole (SensorLayout.calibrated false: ORPHE INSOLE's raw
counts at a nominal scale, docs/devices.md) do not depend on that scale: the same walk with every value
multiplied by 0.25, 0.5, 2 or 4 gives the same steps (how many, and each initial contact, toe-off and contact
start and end within one sample), at 100 Hz and at 25 Hz.

Had: the contact time's 20 kPa (monitor.analysis.steps.CONTACT_KPA) and the gait detector's 10 N
(CycleParams.min_contact_n, swing_floor_n) applied to nominal units as if they were kPa and N: at x0.25 the
walk's same stances read a median contact time of 0.589 s against 0.632 s, its initial contacts came 14-19 ms
late at 100 Hz, and at 25 Hz it had 30 stances against 27 (midstance dips of the insole with no sensor under
the midfoot taken for swings).

The data's first stance opens before the foot's typical stance peak is known: its initial contact is placed
again with the contact level of its own peak once the stance ends (monitor.signal.stance_levels). Had: it was
placed at min_contact_n as it is, 16.6 ms later at x0.25 than unscaled and 10.0 ms earlier at x4 (100 Hz; 17.4
and 4.3 ms at 25 Hz).

The walk: the simulated healthy walk (firmware_sim, seeded) on the simulated ORPHE INSOLE, its data starting
with 1.5 s of quiet standing (a session starts before the first step), the foot lifted over its last 0.2 s,
then the walk from its left foot's swing on.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from report_sessions import session_from_arrays
from test_streaming import assert_same, chunks, results

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from monitor.analysis.batch import analyze
from monitor.analysis.steps import foot_steps, measured
from monitor.codebook import FrameBlock
from monitor.link import orphe
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

SCALES = (0.25, 0.5, 2.0, 4.0)
STAND_S, WALK_FROM_S, WALK_S, LIFT_S = 1.5, 0.75, 30.0, 0.2


def orphe_walk(rate_hz: int) -> tuple[np.ndarray, np.ndarray, object]:
    """(t_s (n,), pressure (n, 6) in nominal units, layout) of the left foot: quiet standing, then walking."""
    walk_t = WALK_FROM_S + np.arange(int(WALK_S * rate_hz)) / rate_hz
    model = PressureModel(SCENARIOS["healthy-walk"], "left", seed=3, spec=orphe_sim.spec("left"))
    walk = model.pressure_kpa(walk_t)
    n_stand = int(STAND_S * rate_hz)
    noise = np.random.default_rng(7).normal(0.0, 1.0, (n_stand, walk.shape[1]))
    stand = np.maximum(0.45 * walk.max(axis=0) + noise, 0.0)  # both feet on the ground: about half of each peak
    lift = 0.5 + 0.5 * np.cos(np.pi * np.clip((np.arange(n_stand) - (n_stand - LIFT_S * rate_hz)) / (LIFT_S * rate_hz),
                                              0.0, 1.0))
    stand = lift[:, None] * stand + (1.0 - lift[:, None]) * walk[0]  # the foot lifted over the last LIFT_S
    t = np.arange(n_stand + walk_t.size) / rate_hz
    layout = dataclasses.replace(orphe.layout("left"), rates_hz=(rate_hz,), current_rate_hz=rate_hz)
    return t, np.vstack((stand, walk)), layout


def steps_of(t: np.ndarray, p: np.ndarray, layout) -> tuple[np.ndarray, np.ndarray]:
    """The stances the pipeline found, (n, 2) initial contact and toe-off s, and their contacts measured on the
    frames, (n, 2) start and end s."""
    result = analyze(session_from_arrays({"left": (t, p)}, {"left": layout}, activity="walking"))
    s = result.steps["left"]
    return (np.column_stack((s.initial_contact_s, s.toe_off_s)),
            np.column_stack((s.contact_start_s, s.contact_end_s)))


@pytest.mark.parametrize("rate_hz", [100, 25])
def test_a_nominal_unit_walk_gives_the_same_steps_at_any_scale(rate_hz):
    t, p, layout = orphe_walk(rate_hz)
    events, contact = steps_of(t, p, layout)
    assert len(events) >= 25 and np.isfinite(contact).all(axis=1).sum() >= 25
    for scale in SCALES:
        scaled_events, scaled_contact = steps_of(t, p * scale, layout)
        assert scaled_events.shape == events.shape, (scale, len(scaled_events), len(events))
        # the data's first stance too, though it opens before any typical peak is known
        np.testing.assert_allclose(scaled_events, events, atol=1.0 / rate_hz, err_msg=f"x{scale}")
        np.testing.assert_allclose(scaled_contact, contact, atol=1.0 / rate_hz, err_msg=f"x{scale}")


@pytest.mark.parametrize("scale", (0.25, 4.0))
def test_the_first_stance_of_nominal_units_streams_as_one_block(scale):
    """The first stance is placed again once its peak is known, on the samples kept since before it: the
    pipeline fed in chunks of 1 and of 7 gives the stances, strides and everything else one block gives."""
    t, p, layout = orphe_walk(100)
    p = p * scale
    one = results(pipeline(t, p, layout, [0, t.size]))
    assert len(one["contacts"]) >= 25
    for size in (1, 7):
        assert_same(results(pipeline(t, p, layout, chunks(t.size, size))), one)


def pipeline(t: np.ndarray, p: np.ndarray, layout, bounds: list[int]) -> FootPipeline:
    """The left foot's pipeline fed the frames ``p`` (n, sensors) in the blocks between ``bounds``."""
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS, activity="walking")
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        pipe.feed(FrameBlock("left", t[lo:hi], p[lo:hi]))
    pipe.finish()
    return pipe


def test_contact_times_on_nominal_units_do_not_depend_on_the_scale():
    """The same stances measured on the frames at every scale (monitor.analysis.steps): each contact time the
    same within 1 ms."""
    t, p, layout = orphe_walk(100)
    contacts = steps_of(t, p, layout)[0]
    ref = foot_steps("left", t, p, layout, contacts).contact_s
    assert np.isfinite(ref).sum() >= 25
    for scale in SCALES:
        got = foot_steps("left", t, p * scale, layout, contacts).contact_s
        np.testing.assert_allclose(got, ref, atol=1e-3, err_msg=f"x{scale}: median {np.nanmedian(got):.3f} s "
                                                                  f"against {np.nanmedian(ref):.3f} s")


def test_strike_index_on_nominal_units_does_not_depend_on_the_scale():
    """The strike index counts a sensor at a share of the step's own peak on nominal units
    (monitor.analysis.steps.STRIKE_SENSOR_PEAK_FRACTION), not at 10 kPa read as 10 units: each step's strike
    index and the count of measured steps the same at every scale. Had: at x0.25 only 7 of the walk's 27
    measured steps had a strike index (no sensor 10 units above its unloaded level at the strike), at x0.5 26."""
    t, p, layout = orphe_walk(100)
    contacts = steps_of(t, p, layout)[0]
    ref = foot_steps("left", t, p, layout, contacts)
    assert np.isfinite(ref.strike_index_pct).sum() >= 25
    for scale in SCALES:
        got = foot_steps("left", t, p * scale, layout, contacts)
        assert measured(got).sum() == measured(ref).sum(), scale
        np.testing.assert_allclose(got.strike_index_pct, ref.strike_index_pct, atol=0.01,
                                   err_msg=f"x{scale}: median {np.nanmedian(got.strike_index_pct):.1f} % "
                                           f"against {np.nanmedian(ref.strike_index_pct):.1f} %")
        assert (got.strike == ref.strike).all(), scale
