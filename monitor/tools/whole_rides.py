"""Cyclists of the rider population over their whole rides: which riders, and the study's set-up. Shared by
monitor.tools.swelling_rides and monitor.tools.healthy_rides, sections of docs/validation.md.

The population study (monitor.tools.population_study) caps rides at 20 minutes; these sections ride the first
cyclists of a condition in each part of the population (tuning, held-out; as drawn, nothing forced) whole,
as known riders (against the normal kept from an earlier healthy ride, as ``--rider NAME`` keeps it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from monitor.tools.population_study import run_study
from monitor.tools.population_wiring import draw_rider

SEED = 1
#: Two layouts at the population study's first rendering: one sensor a region, and the 99-sensel grid.
LAYOUTS = ("moticon16", "pedar99")
COMBOS = ((100, 1.0, 2.5),)
#: Longer than any drawn ride (30-90 min, docs/population.md): each ride runs whole.
WHOLE_RIDE_S = 6 * 3600.0


def first_cyclists(condition: str, n_per_part: int, seed: int = SEED, max_index: int = 5000) -> list[Any]:
    """The first ``n_per_part`` cyclists drawn with ``condition`` in each part (tuning first, then held-out),
    in rider order within each part."""
    parts: dict[bool, list[Any]] = {False: [], True: []}
    for i in range(max_index):
        rider = draw_rider(i, seed)
        part = parts[bool(rider.held_out)]
        if rider.activity == "cycling" and rider.condition.kind == condition and len(part) < n_per_part:
            part.append(rider)
        if all(len(p) == n_per_part for p in parts.values()):
            break
    return parts[False] + parts[True]


def run_whole(riders: list[Any], workers: int = 1, progress: Any = None) -> list[Any]:
    """Every rider through every layout of ``LAYOUTS`` at ``COMBOS``, whole rides, known riders: the
    population study's FootOutcomes."""
    return run_study(riders, list(LAYOUTS), [], [], [], WHOLE_RIDE_S, workers=workers, combos=list(COMBOS),
                     known=(True,), progress=progress)


def timed_section(riders: list[Any], section: Callable[[list[Any], float], list[str]], workers: int = 1,
                  progress: Any = None) -> list[str]:
    """:func:`run_whole` of ``riders``, then ``section(outcomes, elapsed_s)``: a section of
    docs/validation.md."""
    t0 = time.monotonic()
    outcomes = run_whole(riders, workers, progress)
    return section(outcomes, time.monotonic() - t0)


def combos_text() -> str:
    """The renderings in words: ``100 Hz, noise SD 1 kPa, step 2.5 kPa``."""
    return "; ".join(f"{r} Hz, noise SD {n:g} kPa, step {q:g} kPa" for r, n, q in COMBOS)


def layouts_text() -> str:
    """The layouts as markdown code: ```moticon16`, `pedar99```."""
    return ", ".join(f"`{lay}`" for lay in LAYOUTS)
