"""Gait events and contact times of an uncalibrated insole (SensorLayout.calibrated false: ORPHE INSOLE's raw
counts at a nominal scale, docs/devices.md) do not depend on that scale: the same walk with every value
multiplied by 0.25, 0.5, 2 or 4 gives the same steps (how many, and each initial contact, toe-off and contact
start and end within one sample), at 100 Hz and at 25 Hz.

Had: the contact time's 20 kPa (monitor.analysis.steps.CONTACT_KPA) and the gait detector's 10 N
(CycleParams.min_contact_n, swing_floor_n) applied to nominal units as if they were kPa and N, so the
simulated ORPHE walk's median contact time read 0.589 s at x0.25 and 0.647 s at x4, and its count of stances
39 and 37.

The walk: the simulated healthy walk (firmware_sim, seeded) on the simulated ORPHE INSOLE, its data starting
with 1.5 s of quiet standing (a session starts before the first step), then the walk from its left foot's
swing on.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from report_sessions import session_from_arrays

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from monitor.analysis.batch import analyze
from monitor.analysis.steps import foot_steps
from monitor.link import orphe

SCALES = (0.25, 0.5, 2.0, 4.0)
STAND_S, WALK_FROM_S, WALK_S = 1.5, 0.75, 30.0


def orphe_walk(rate_hz: int) -> tuple[np.ndarray, np.ndarray, object]:
    """(t_s (n,), pressure (n, 6) in nominal units, layout) of the left foot: quiet standing, then walking."""
    walk_t = WALK_FROM_S + np.arange(int(WALK_S * rate_hz)) / rate_hz
    model = PressureModel(SCENARIOS["healthy-walk"], "left", seed=3, spec=orphe_sim.spec("left"))
    walk = model.pressure_kpa(walk_t)
    n_stand = int(STAND_S * rate_hz)
    noise = np.random.default_rng(7).normal(0.0, 1.0, (n_stand, walk.shape[1]))
    stand = np.maximum(0.45 * walk.max(axis=0) + noise, 0.0)  # both feet on the ground: about half of each peak
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
