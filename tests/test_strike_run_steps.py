"""The footstrike the running advice reads is that of the steps taken while running, and measuring it is
bounded. Had: a 2.5 min walk before a 2.5 min forefoot-strike run (no activity declared) gave the run's
alerts at 3:40 the cause "a rigid sole concentrating load", its footstrike counted over the walk's rearfoot
steps too (monitor.analysis.strike.StrikesSoFar); and on a ride each pedal stroke the gait detector took for a
stance was measured and kept (monitor.analysis.steps_so_far): 1,644 kept at 20 min, 4,990 at 60 min. The
same ride holds the whole analysis core's memory to its bounded buffers once they are full."""

from __future__ import annotations

import dataclasses
import math
import tracemalloc
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from test_streaming_hold import session_blocks
from test_strike_live import _said, _streamed

import monitor
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.strike import StrikesSoFar
from monitor.signal.params import DEFAULT_PARAMS


def one_then_another(first: str, first_s: float, then: str, then_s: float):
    """Scenario ``first`` for ``first_s`` (seed 1) then scenario ``then`` for ``then_s`` (s, seed 2), one session
    with no activity declared."""
    one = monitor.offline_session(first, duration_s=first_s, seed=1)
    other = monitor.offline_session(then, duration_s=then_s, seed=2)
    later = other.frames.copy()
    later["t_s"] += first_s
    frames = pd.concat([one.frames, later], ignore_index=True).sort_values(["t_s", "foot"], kind="stable")
    info = dataclasses.replace(one.info, duration_s=first_s + then_s, activity=None)
    return dataclasses.replace(one, frames=frames.reset_index(drop=True), info=info)


def _walk_then_run(walk_s: float, run_s: float):
    """A healthy walk of ``walk_s`` then a forefoot-strike run of ``run_s`` (s), no activity declared."""
    return one_then_another("healthy-walk", walk_s, "forefoot-strike-run", run_s)


def test_a_run_after_a_walk_is_told_its_own_strike_in_analyze_and_streaming():
    session = _walk_then_run(150.0, 150.0)
    result = monitor.analyze(session, DEFAULT_PARAMS)
    said = _said(result.alerts)
    run_causes = {c for t, _, _, c, _ in said if t > 150.0}
    assert run_causes == {"strike pattern"}, said  # had: {"a rigid sole concentrating load"}
    assert "strike_gradually" in [t.key for t in result.advice().tips]
    for chunk in (1, 7, None):
        for deferred in (False, True):  # live's core, paced, and a replay's
            given = {}
            core = _streamed(session, DEFAULT_PARAMS, chunk, deferred, given)
            assert _said(core.alerts_) == said, (chunk, deferred)
            assert core.policy.measured.whole() == result.strikes(), (chunk, deferred)
            for foot, steps in result.steps.items():  # each step, as analyze measured it
                assert given[foot] == list(zip(steps.initial_contact_s.tolist(), steps.toe_off_s.tolist(),
                                               steps.strike.tolist())), (chunk, deferred, foot)


def _by_landing(result, foot: str) -> Counter:
    """The foot's steps of ``analyze``'s ``result``, each counted under the activity of the window whose last
    ``step_s`` holds its initial contact (the first window after it), per (activity, type): a window of no
    known activity as the last known one's, those before the first known one as that one's."""
    windows = result.feet[foot].windows_
    known = [w.activity for w in windows if w.activity not in (None, "unknown")][:1]
    activities = []
    for w in windows:
        known = [w.activity] if w.activity not in (None, "unknown") else known
        activities.append(known[0] if known else w.activity)
    t_s = np.array([w.t_s for w in windows])
    steps = result.steps[foot]
    at = np.searchsorted(t_s, steps.initial_contact_s, side="right")
    return Counter((activities[i], str(k)) for i, k in zip(at.tolist(), steps.strike) if i < len(windows))


def test_the_step_at_the_change_from_walk_to_run_counts_under_the_window_of_its_landing():
    session = _walk_then_run(150.0, 150.0)
    result = monitor.analyze(session, DEFAULT_PARAMS)
    right, step_s = result.steps["right"], DEFAULT_PARAMS.features.step_s
    windows = {w.t_s: w.activity for w in result.feet["right"].windows_}

    def label(t_s: float) -> str | None:  # the activity of the window whose last step_s holds t_s
        return windows.get(math.floor(t_s / step_s + 1.0) * step_s)

    # the right foot's step landing at 169.96 s in a window still labelled a walk, its toe-off at 170.21 s in
    # the first labelled a run
    at = [(ic, to) for ic, to in zip(right.initial_contact_s.tolist(), right.toe_off_s.tolist())
          if label(ic) == "walking" and label(to) == "running"]
    assert len(at) == 1 and 169.9 < at[0][0] < 170.0 < at[0][1], at
    for deferred in (False, True):
        core = _streamed(session, DEFAULT_PARAMS, 7, deferred)
        for foot in ("left", "right"):
            # had: right (walking, forefoot) 28 against 29, (running, forefoot) 171 against 170; left (unknown,
            # rearfoot) 8 against 9, (walking, rearfoot) 128 against 127, (running, forefoot) 170 against 171
            assert Counter(core.policy.measured.counts(foot)) == _by_landing(result, foot), (deferred, foot)


def test_a_step_counts_under_the_window_that_holds_its_initial_contact():
    strikes = StrikesSoFar()
    strikes.add("left", np.array([9.8, 10.0]), np.array(["forefoot", "rearfoot"]))  # toe-offs at 10.05, 10.25
    strikes.window("left", 10.0, "walking")  # the window [0, 10) s: holds the first landing only
    strikes.window("left", 20.0, "running")
    assert strikes.counts("left") == {("walking", "forefoot"): 1, ("running", "rearfoot"): 1}


def test_the_session_advice_reads_the_run_steps_strike_after_a_longer_walk():
    result = monitor.analyze(_walk_then_run(300.0, 150.0), DEFAULT_PARAMS)
    assert result.strikes() == {"left": "forefoot", "right": "forefoot"}  # had: rearfoot, the walk's


def _kept(core: AnalysisCore) -> tuple[int, int, int]:
    """Stances the left foot's step measurer keeps, bytes the step and strike measures hold, and bytes traced
    in all."""
    st = core._steps["left"]
    snap = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(True, "*monitor/analysis/steps_so_far.py"),
         tracemalloc.Filter(True, "*monitor/analysis/strike.py")])
    return (len(st._strike) + len(st._waiting) + len(st._counted), sum(s.size for s in snap.statistics("filename")),
            tracemalloc.get_traced_memory()[0])


@pytest.mark.parametrize("scenario", ["healthy-ride"])
def test_a_ride_keeps_its_step_measures_bounded(scenario):
    session = monitor.offline_session(scenario, duration_s=3600, seed=1, rate_hz=50)
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                        emit=lambda a, since: None, deferred=True)
    blocks = session_blocks(session, 1000, feet=("left", "right"))
    kept = {}
    tracemalloc.start()
    try:
        for block in blocks:
            core.arrival(float(block.t_s[-1]))
            core.frames(block)
            for mark_s in (1200.0, 2400.0, 3600.0):
                if mark_s not in kept and float(block.t_s[-1]) >= mark_s - 25.0:
                    core.flush()
                    core.run_deferred()
                    kept[mark_s] = _kept(core)
    finally:
        tracemalloc.stop()
    (_, b20, all20), (_, _, all40), (n60, b60, all60) = kept[1200.0], kept[2400.0], kept[3600.0]
    assert n60 <= 100, kept  # had: 1,644 at 20 min, 4,990 at 60 min
    assert b60 <= 1.5 * b20 + 64_000, kept  # a bound (guess: a window's frames' worth of slack)
    # The whole analysis core, once its bounded buffers are full (docs/performance.md): 0.03 MB from 40 to
    # 60 min against 10.5 MB traced at 20 min; keeping every cycle, as the pipeline once did, grew by
    # 5.5 MB an hour (docs/performance.md), 1.8 MB in 20 min.
    assert all60 - all40 <= 0.05 * all20, kept  # bound: a guess, 5x the growth measured


def test_steps_before_the_first_known_window_count_under_its_activity_as_the_summarys():
    strikes = StrikesSoFar()
    strikes.add("left", np.array([1.0, 5.0, 15.0, 25.0, 35.0]),
                np.array(["rearfoot", "rearfoot", "forefoot", "midfoot", "forefoot"]))
    strikes.window("left", 3.0, None)
    strikes.window("left", 10.0, "unknown")  # before the first label: the first label's, as the summary's
    strikes.window("left", 20.0, "walking")
    strikes.window("left", 30.0, None)  # not known after one was: the last known one's
    strikes.window("left", 40.0, "running")
    # had: (None, "rearfoot") 1, ("unknown", "rearfoot") 1, (None, "midfoot") 1
    assert strikes.counts("left") == {("walking", "rearfoot"): 2, ("walking", "forefoot"): 1,
                                      ("walking", "midfoot"): 1, ("running", "forefoot"): 1}


def test_the_strike_advice_counts_each_step_under_the_activity_the_summary_gives_it():
    session = _walk_then_run(150.0, 150.0)
    result = monitor.analyze(session, DEFAULT_PARAMS)
    core = _streamed(session, DEFAULT_PARAMS, 7, True)
    for foot, steps in result.steps.items():
        pipe = result.feet[foot]
        ic = steps.initial_contact_s[steps.initial_contact_s < pipe.windows_[-1].t_s]  # those a window reached
        summary = Counter(zip(pipe.known_activities(ic.tolist()), steps.strike[:ic.size].tolist()))
        # had (left): ("unknown", "rearfoot") 9 against none, ("walking", "rearfoot") 127 against 136
        assert Counter(core.policy.measured.counts(foot)) == summary, foot
