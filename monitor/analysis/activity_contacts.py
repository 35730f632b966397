"""Each activity of a foot's session of several (a walk then a run) with its own ground contact time: the
median of the steps taken in it, not of the whole session's. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from monitor.analysis.steps import FootSteps

__all__ = ["activity_of_steps", "part_contact_s", "with_contacts"]


def activity_of_steps(parts: Sequence[dict[str, Any]], steps: FootSteps,
                      known_at: Callable[[list[float]], list[str]]) -> np.ndarray:
    """Each of the foot's ``steps``' activity among ``parts`` (FootPipeline.summary's ``activities``): the one
    known at its toe-off (``known_at``: FootPipeline.known_activities, session s -> activity each), "" where
    that is none of them. Shape (n,), str."""
    of_step = np.asarray(known_at(steps.toe_off_s.tolist()), dtype=str) if len(steps) else np.empty(0, dtype=str)
    return np.where(np.isin(of_step, [p["activity"] for p in parts]), of_step, "")


def part_contact_s(steps: FootSteps, of_step: np.ndarray, activity: str) -> float:
    """The median ground contact time (s) of the ``steps`` whose activity (``of_step``, (n,):
    :func:`activity_of_steps`) is ``activity``; NaN where none of them has one."""
    contact = steps.contact_s[(np.asarray(of_step) == activity) & np.isfinite(steps.contact_s)]
    return float(np.median(contact)) if contact.size else math.nan


def with_contacts(parts: Sequence[dict[str, Any]], steps: FootSteps | None,
                  known_at: Callable[[list[float]], list[str]]) -> tuple[dict[str, Any], ...]:
    """``parts`` (FootPipeline.summary's ``activities``), each with ``contact_s``: the median ground contact
    time (s) of the foot's ``steps`` whose toe-off came while its activity was the known one (``known_at``:
    FootPipeline.known_activities, session s -> activity each; :func:`part_contact_s`), NaN where none of them
    has one (a bike's part, or no step measured)."""
    if not parts:
        return ()
    if steps is None or not len(steps):
        return tuple({**p, "contact_s": math.nan} for p in parts)
    of_step = activity_of_steps(parts, steps, known_at)
    return tuple({**p, "contact_s": part_contact_s(steps, of_step, p["activity"])} for p in parts)
