"""Each activity of a foot's session of several (a walk then a run) with the figures of its own steps: the median
ground contact time and the footstrike shares of the steps taken in it, not of the whole session's. A step is
the activity's that was in force when it landed (its initial contact), for every figure of it alike; after the
fact, the activity it was taken in is known closer than that (:func:`activity_after_fact`), which the report's figure
draws each activity's span by. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from monitor.analysis.steps import FootSteps, measured
from monitor.analysis.strike import STRIKES
from monitor.signal.stage_params import ActivityParams

__all__ = ["activity_after_fact", "activity_of_steps", "part_contact_s", "part_step_counts", "part_strike_pct",
           "placement_margin_s", "recognition_lag_s", "with_contacts"]


def activity_of_steps(parts: Sequence[dict[str, Any]], steps: FootSteps,
                      known_at: Callable[[list[float]], list[str]]) -> np.ndarray:
    """Each of the foot's ``steps``' activity among ``parts`` (FootPipeline.summary's ``activities``): the one
    known when it landed, at its initial contact (``known_at``: FootPipeline.known_activities, session s ->
    activity each; the footstrike is read there, and the strike-pattern advice counts a step under the window
    that holds its landing, monitor.analysis.strike.StrikesSoFar), "" where that is none of them. Shape (n,),
    str."""
    of_step = (np.asarray(known_at(steps.initial_contact_s.tolist()), dtype=str) if len(steps)
               else np.empty(0, dtype=str))
    return np.where(np.isin(of_step, [p["activity"] for p in parts]), of_step, "")


def recognition_lag_s(params: ActivityParams) -> float:
    """How long after a change of activity (s) the recogniser's label is known to have changed, as placed after
    the fact: a label decided at ``g`` is of the window ``[g - window_s, g)`` and in force from ``g`` on
    (monitor.signal.activity); a window labelled by what most of it held puts a change between the middle of the
    last window of the old label and that of the first of the new, ``g - step_s - window_s / 2`` and
    ``g - window_s / 2``, so midway, ``(window_s + step_s) / 2`` (15 s) before the label changed, to within
    ``step_s / 2`` (5 s: :func:`placement_margin_s`)."""
    return (params.window_s + params.step_s) / 2.0


def placement_margin_s(params: ActivityParams) -> float:
    """How near a change of activity (s) :func:`recognition_lag_s` places it, either way: half the recogniser's
    ``step_s`` (5 s), the change's time within the step its label changed in being unknown. A change on one of
    the recogniser's steps is placed the full margin late (a window half of each keeps the old label): the
    walk-then-run scenario's change at 4:00 at 4:05, and its first step of the run a stride after that
    (245.1-245.7 s, seeds 1-3); changes at 233, 236, 245 and 248 s (seeds 4-7) at +2, -1, 0 and -3 s."""
    return params.step_s / 2.0


def activity_after_fact(parts: Sequence[dict[str, Any]], steps: FootSteps,
                        known_at: Callable[[list[float]], list[str]], params: ActivityParams) -> np.ndarray:
    """Each of the foot's ``steps``' activity among ``parts`` as known after the session: the one known
    :func:`recognition_lag_s` after it landed (``known_at``: FootPipeline.known_activities; ``params``: the
    recogniser's), "" where that is none of them. Shape (n,), str. The first 10-20 s of a run after a walk, the
    walk's by :func:`activity_of_steps` (its label's lag), are the run's here, to within 5 s."""
    if not len(steps):
        return np.empty(0, dtype=str)
    later_s = (steps.initial_contact_s + recognition_lag_s(params)).tolist()
    of_step = np.asarray(known_at(later_s), dtype=str)
    return np.where(np.isin(of_step, [p["activity"] for p in parts]), of_step, "")


def part_contact_s(steps: FootSteps, of_step: np.ndarray, activity: str) -> float:
    """The median ground contact time (s) of the ``steps`` whose activity (``of_step``, (n,):
    :func:`activity_of_steps`) is ``activity``; NaN where none of them has one."""
    contact = steps.contact_s[(np.asarray(of_step) == activity) & np.isfinite(steps.contact_s)]
    return float(np.median(contact)) if contact.size else math.nan


def part_strike_pct(steps: FootSteps, of_step: np.ndarray, activity: str) -> dict[str, float]:
    """The footstrike shares (% per type of monitor.analysis.strike.STRIKES, of the steps with a known strike,
    as ``gait.feet.FOOT.strike_pct``) of the ``steps`` whose activity (``of_step``, (n,)) is ``activity``; NaN
    each where none of them has a known strike."""
    strike = steps.strike[(np.asarray(of_step) == activity) & (steps.strike != "")]
    return {k: (100.0 * float(np.mean(strike == k)) if strike.size else math.nan) for k in STRIKES}


def part_step_counts(steps: FootSteps, of_step: np.ndarray, activity: str) -> dict[str, int]:
    """Of the ``steps`` whose activity (``of_step``, (n,)) is ``activity``: ``steps_measured``, those with a
    measurement (monitor.analysis.steps.measured), and ``strike_steps``, those with a known strike (what
    :func:`part_strike_pct` is of)."""
    mine = np.asarray(of_step) == activity
    return {"steps_measured": int(np.count_nonzero(mine & measured(steps))),
            "strike_steps": int(np.count_nonzero(mine & (steps.strike != "")))}


def with_contacts(parts: Sequence[dict[str, Any]], steps: FootSteps | None,
                  known_at: Callable[[list[float]], list[str]]) -> tuple[dict[str, Any], ...]:
    """``parts`` (FootPipeline.summary's ``activities``), each with the figures of the foot's ``steps`` that
    landed while its activity was the known one (``known_at``: FootPipeline.known_activities, session s ->
    activity each; :func:`activity_of_steps`): ``contact_s``, their median ground contact time (s,
    :func:`part_contact_s`), and ``strike_pct``, their footstrike shares (%, :func:`part_strike_pct`); NaN
    where none of them has one (a bike's part, or no step measured); and how many of them were measured and
    had their strike read, ``steps_measured`` and ``strike_steps`` (:func:`part_step_counts`; 0 each without
    steps)."""
    if not parts:
        return ()
    if steps is None or not len(steps):
        return tuple({**p, "contact_s": math.nan, "strike_pct": dict.fromkeys(STRIKES, math.nan), "steps_measured": 0,
                      "strike_steps": 0} for p in parts)
    of_step = activity_of_steps(parts, steps, known_at)
    return tuple({**p, "contact_s": part_contact_s(steps, of_step, p["activity"]),
                  "strike_pct": part_strike_pct(steps, of_step, p["activity"]),
                  **part_step_counts(steps, of_step, p["activity"])} for p in parts)
