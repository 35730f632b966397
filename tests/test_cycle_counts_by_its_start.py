"""A cycle counts for, and is filed under, the activity known at its start, and only when its kind fits it: a
pedal stroke is never a walking stride, nor a stride a ride's stroke.

Had: whether a cycle counted went by the activity known at its end, the activity it was filed under by that known
at its start. A 2.5 min walk then a 2.5 min ride (no activity declared) counted the left foot's stroke from
169.70 s (the walk's last window) to 170.32 s (the ride's first), a fit for cycling, and filed it under walking:
the walk's cycles were 161 against its 160 strides, its cadence of strides and that stroke. A ride then a walk
filed the right foot's stride from 159.18 s to 160.26 s under cycling (234 cycles against its 233 strokes), and the
left foot's from 169.47 s under the stepping machine its recogniser said for the 10 s between.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from test_streaming import assert_same, random_chunks, results, run, simulate
from test_strike_run_steps import one_then_another

import monitor
from monitor.signal.cadence import cadence_from_durations
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import STRIDE_ACTIVITIES, STROKE_ACTIVITIES

#: each part's length (s): both at least the 2 minutes a part needs (monitor.signal.activity_parts)
PART_S = 150.0


def _fits(kind: str, activity: str) -> bool:
    return activity in (STRIDE_ACTIVITIES if kind == "stride" else STROKE_ACTIVITIES)


@pytest.mark.parametrize("first, then, names", [
    ("healthy-walk", "healthy-ride", ("walking", "cycling")),
    ("healthy-ride", "healthy-walk", ("cycling", "walking")),
])
def test_each_counted_cycle_fits_the_activity_known_at_its_start_and_is_filed_under_it(first, then, names):
    result = monitor.analyze(one_then_another(first, PART_S, then, PART_S), DEFAULT_PARAMS)
    for foot, s in result.summary().items():
        pipe = result.feet[foot]
        cycles = pipe.cycles_
        of_start = pipe.known_activities([c.start_s for c in cycles])
        assert tuple(p["activity"] for p in s["activities"]) == names, (foot, s["activities"])
        by_part = Counter(of_start)
        for p in s["activities"]:
            kind = "stroke" if p["activity"] in STROKE_ACTIVITIES else "stride"
            durations = np.array([c.duration_s for c, a in zip(cycles, of_start)
                                  if a == p["activity"] and c.kind == kind])
            # had: walking 161 cycles against 160 strides (left, walk then ride); cycling 234 against 233 strokes
            # (right, ride then walk)
            assert (p["cycles"], by_part[p["activity"]]) == (durations.size,) * 2, (foot, p, durations.size)
            assert p["cadence_per_min"] == cadence_from_durations(durations, kind), (foot, p)
        # had (walk then ride, left): [("stroke", 169.7, "walking")]; (ride then walk, left): [("stride", 169.47,
        # "elliptical_or_stair")], the right foot's ("stride", 159.18, "cycling")
        misfits = [(c.kind, round(c.start_s, 2), a) for c, a in zip(cycles, of_start) if not _fits(c.kind, a)]
        assert misfits == [], (foot, misfits)


def _walk_then_ride(side: str) -> tuple[np.ndarray, np.ndarray]:
    """(t_s (n,), pressure_kpa (n, 18)): a healthy walk of ``PART_S`` then a healthy ride of ``PART_S``."""
    t1, p1 = simulate("healthy-walk", side, PART_S)
    t2, p2 = simulate("healthy-ride", side, PART_S, seed=2)
    return np.concatenate([t1, t2 + PART_S]), np.concatenate([p1, p2])


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_walk_then_a_ride_streamed_in_chunks_counts_and_files_its_cycles_as_in_one_block(side):
    t, p = _walk_then_ride(side)
    whole = run(t, p, side)
    assert [a for _, a in whole.activity_] == ["walking", "cycling"], whole.activity_
    for seed in (3, 4):
        chunked = run(t, p, side, random_chunks(t.size, seed, high=2000))
        assert_same(results(chunked), results(whole))
        # NaN equal to NaN: the same text
        assert repr(chunked.summary()["activities"]) == repr(whole.summary()["activities"]), seed
