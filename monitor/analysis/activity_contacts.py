"""Each activity of a foot's session of several (a walk then a run) with its own ground contact time: the
median of the steps taken in it, not of the whole session's. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from monitor.analysis.steps import FootSteps

__all__ = ["with_contacts"]


def with_contacts(parts: Sequence[dict[str, Any]], steps: FootSteps | None,
                  known_at: Callable[[list[float]], list[str]]) -> tuple[dict[str, Any], ...]:
    """``parts`` (FootPipeline.summary's ``activities``), each with ``contact_s``: the median ground contact
    time (s) of the foot's ``steps`` whose toe-off came while its activity was the known one (``known_at``:
    FootPipeline.known_activities, session s -> activity each), NaN where none of them has one (a bike's
    part, or no step measured)."""
    if not parts:
        return ()
    if steps is None or not len(steps):
        return tuple({**p, "contact_s": math.nan} for p in parts)
    of_step = np.asarray(known_at(steps.toe_off_s.tolist()), dtype=object)
    out = []
    for p in parts:
        contact = steps.contact_s[(of_step == p["activity"]) & np.isfinite(steps.contact_s)]
        out.append({**p, "contact_s": float(np.median(contact)) if contact.size else math.nan})
    return tuple(out)
