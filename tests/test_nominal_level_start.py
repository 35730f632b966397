"""An uncalibrated insole's foot (monitor.signal.nominal_scale) is judged from its first sample: its first
step waits for its own loaded level and then runs with it, so strokes, tare and relief exist from the start.

Had: until the first step with data had closed, the foot's limits were unknown (no stroke counted, nothing
tared), so the simulated ORPHE 25-s healthy ride counted 22 strokes where the same readings on a calibrated
layout count 37 (the whole first 10 s left out), a declared 5-s ride 0 where they count 6, and frames at
negative session time (the second before the session's zero) made a step of their own whose fraction of a
second set the level of the whole next step.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_nominal_scale_verdict import orphe_ride
from test_streaming import assert_same, random_chunks, results

from monitor.codebook import FrameBlock
from monitor.signal.nominal_scale import HOLD_STEPS, LoadedLevel
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

STEP_S = DEFAULT_PARAMS.features.step_s


def _strokes(layout, t: np.ndarray, p: np.ndarray, bounds: list[int] | None = None,
             activity: str | None = None) -> FootPipeline:
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS, activity=activity)
    bounds = bounds or [0, t.size]
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        pipe.feed(FrameBlock("left", t[lo:hi], p[lo:hi]))
    pipe.finish()
    return pipe


@pytest.mark.parametrize(("duration_s", "activity"), [(25.0, None), (5.0, "cycling")])
def test_an_uncalibrated_ride_counts_the_strokes_of_its_first_step(duration_s, activity):
    # 25 s: the level known at the first step's end; 5 s (declared: counted before any label): a ride that
    # ends before any step closes, judged with the level of what it has
    t, p, layout = orphe_ride("healthy-ride", duration_s)
    assert not layout.calibrated
    got = len(_strokes(layout, t, p, activity=activity).strokes_)
    want = len(_strokes(replace(layout, calibrated=True), t, p, activity=activity).strokes_)
    assert want > 0 and abs(got - want) <= 1, (got, want)


def test_the_first_step_held_streams_as_one_block():
    t, p, layout = orphe_ride("healthy-ride", 45.0)
    batch = _strokes(layout, t, p)
    assert batch.assessments_ and batch.strokes_[0] < STEP_S
    for seed in (1, 2):
        assert_same(results(_strokes(layout, t, p, random_chunks(t.size, seed))), results(batch))


def test_a_fraction_of_a_step_does_not_set_the_level_alone():
    level = LoadedLevel(STEP_S, 100.0)
    t0 = np.arange(-1.0, 0.0, 0.01)  # a second before the session's zero, barely loaded, with a load's rhythm
    x0 = 5.0 + 2.0 * np.sin(2 * np.pi * 1.5 * t0)
    level.feed(t0, x0)
    assert np.isnan(level.level_at(0.0))
    t1 = np.arange(0.0, STEP_S, 0.01)
    x1 = 50.0 + 20.0 * np.sin(2 * np.pi * 1.5 * t1)
    level.feed(t1, x1)
    assert level.level_at(STEP_S) == pytest.approx(np.quantile(np.concatenate((x0, x1)), 0.9))


def test_a_partial_unweighting_does_not_lower_the_limits_after_it():
    """Had: a 30-s unweighting to a fifth of the load (5:00-5:30, a step a fifth of the level still counted as
    loaded) entered the median of the latest 6 steps: the left foot's level fell from 76 to 42 units and the
    healthy ride got 7 false ``residual_unloaded`` notices, 5:50 to 6:50."""
    t, p, layout = orphe_ride("healthy-ride", 420.0)
    p = p.copy()
    p[(t >= 300.0) & (t < 330.0)] *= 0.2
    pipe = _strokes(layout, t, p)
    assert [(a.t_s, a.level) for a in pipe.assessments_ if a.level != "none"] == []
    assert len(pipe.reliefs_) == 1  # the ride's own relief at 6:00


def test_the_hold_ends_after_its_steps_of_session_time_without_a_forefoot_reading():
    """Had: only steps with a forefoot reading counted towards HOLD_STEPS, so a foot whose forefoot sensors were
    all empty for its first 90 s had every frame held: fed in 50-frame blocks, its first Assessments came with
    the frames of 100.5 s (at 190 s when they were empty for 180 s) instead of by the end of the sixth step."""
    t, p, layout = orphe_ride("healthy-ride", 120.0)
    forefoot = [i for i, region in enumerate(layout.regions) if region != "heel"]
    p = p.copy()
    p[np.ix_(t < 90.0, forefoot)] = np.nan
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
    delivered_s = []
    for lo in range(0, t.size, 50):
        if pipe.feed(FrameBlock("left", t[lo:lo + 50], p[lo:lo + 50])):
            delivered_s.append(float(t[min(lo + 50, t.size) - 1]))
    assert delivered_s and delivered_s[0] <= HOLD_STEPS * STEP_S + 50 / layout.current_rate_hz, delivered_s[:1]


@pytest.mark.parametrize(("zero_s", "delivered_s"), [(30.0, 40.0), (45.0, 50.0), (58.0, 60.0), (90.0, 60.0)])
def test_a_forefoot_reading_no_load_at_first_waits_at_most_the_hold(zero_s, delivered_s):
    """The figures docs/detection.md gives of the wait: every reading 0 for the first ``zero_s``, fed in 5-frame
    blocks, gives the window ending at 10 s with the frames of ``delivered_s`` (a step closes with 5 s of data,
    or the hold of HOLD_STEPS steps ends); a calibrated layout gives it with those of 15 s."""
    t, p, layout = orphe_ride("healthy-ride", 70.0)
    p = p.copy()
    p[t < zero_s] = 0.0
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
    first = None
    for lo in range(0, t.size, 5):
        out = pipe.feed(FrameBlock("left", t[lo:lo + 5], p[lo:lo + 5]))
        if out and first is None:
            first = (out[0].t_s, float(t[min(lo + 5, t.size) - 1]))
    assert first is not None and first[0] == STEP_S, first
    assert delivered_s <= first[1] < delivered_s + 5 / layout.current_rate_hz, first
    assert first[1] <= HOLD_STEPS * STEP_S + 5 / layout.current_rate_hz


def _near_zero_start(scenario: str, duration_s: float, share: float, until_s: float = 50.0):
    """The simulated ORPHE ride or run whose readings are ``share`` of themselves (whole counts) for the first
    ``until_s``: (t, p, layout) as orphe_ride gives them."""
    t, p, layout = orphe_ride(scenario, duration_s)
    p = p.copy()
    start = t < until_s
    p[start] = np.round(p[start] * share / layout.kpa_per_count) * layout.kpa_per_count
    return t, p, layout


def test_a_ride_that_reads_near_zero_for_its_first_50_s_gives_no_notice():
    """Had: its first 50 s at 0.08 of the readings (a level of 6.0 units against the ride's 74) set a level that
    stayed until as many loaded steps had followed, 50 s more, and the limits after it at 0.08 of their share:
    6 false ``residual_unloaded`` notices, 1:40 to 2:30. Now the level is the ride's from the first loaded step."""
    t, p, layout = _near_zero_start("healthy-ride", 240.0, 0.08)
    pipe = _strokes(layout, t, p)
    assert [(a.t_s, a.level, a.pattern) for a in pipe.assessments_ if a.level != "none"] == []


def test_a_run_that_reads_near_zero_for_its_first_50_s_is_judged_at_its_level_from_its_first_loaded_step():
    """The simulated healthy ORPHE run with its first 50 s at a hundredth of its readings (a level of 2.5 units
    against the run's 245): the windows after the first loaded step (50-60 s) are judged with the limits of
    the same run read whole (``units_per_kpa``, the level over the run's reference); they had a hundredth of
    them until 100 s."""
    t, p, layout = orphe_ride("healthy-run", 150.0)
    whole = {a.t_s: a.units_per_kpa for a in _strokes(layout, t, p, activity="running").assessments_}
    near_zero = _strokes(layout, *_near_zero_start("healthy-run", 150.0, 0.01)[:2], activity="running")
    got = {a.t_s: a.units_per_kpa for a in near_zero.assessments_ if a.t_s > 60.0}
    assert got and all(v == pytest.approx(whole[t_s], rel=0.05) for t_s, v in got.items()), got


def test_a_constant_reading_before_a_ride_sets_no_level_and_the_ride_is_judged_at_its_own():
    """Standing still for the first minute on the quantised ORPHE INSOLE reads one constant (each sensor 20
    counts above its median on the ride): readings that do not vary have no rhythm (nominal_scale.rhythm NaN)
    and set no level, so those windows are not judged; the ride's first step sets it alone, and from 1:10 on the
    windows have the limits of the ride read whole, within 2 %; no notice. A level of the standing reading would
    have judged the ride at its share: standing is not the activity judged (docs/detection.md).

    Had: the standing readings still held for the first level joined the ride's first step in it, 0.32 and 0.53
    units a kPa at 1:10 and 1:20 against the ride's 0.75."""
    t, p, layout = orphe_ride("healthy-ride", 240.0)
    whole = {a.t_s: a.units_per_kpa for a in _strokes(layout, t, p).assessments_}
    standing = t < 60.0
    p = p.copy()
    p[standing] = np.round(np.median(p[~standing], axis=0) / layout.kpa_per_count + 20) * layout.kpa_per_count
    pipe = _strokes(layout, t, p)
    units = {a.t_s: a.units_per_kpa for a in pipe.assessments_}
    assert all(np.isnan(v) for t_s, v in units.items() if t_s <= 60.0), units
    assert all(v == pytest.approx(whole[t_s], rel=0.02) for t_s, v in units.items() if t_s >= 70.0), units
    assert [(a.t_s, a.pattern) for a in pipe.assessments_ if a.level != "none"] == []
