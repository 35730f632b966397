"""Swelling over whole rides: whether it is warned at all, and how late. A section of docs/validation.md.

The population study caps rides at 20 minutes and asks for a warning within 8 minutes of a condition's start
(monitor.tools.population_study). Swelling builds over 20-30 minutes (docs/population.md), so that study
cannot say whether it is ever warned. Here the first ``N_PER_PART`` swelling cyclists of each part of the
population (tuning, held-out; as drawn, nothing forced) ride their whole ride, as known riders (against the
normal kept from an earlier healthy ride, as ``--rider NAME`` keeps it), through monitor.tools.whole_rides' ``LAYOUTS``
at its ``COMBOS``, judged by monitor.tools.population_study. Reported per part and layout: riders with every affected
foot warned, affected feet warned, the latency of each affected foot's first warning from the swelling's start,
and warnings on a healthy foot or before the start. The held-out part is reported apart and tunes nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from monitor.tools.whole_rides import SEED, first_cyclists, layouts_text, run_whole, timed_section
from monitor.tools.whole_rides import combos_text as _combos_text

#: Riders per part: enough to see the spread, few enough for `make validate` (guess).
N_PER_PART = 10


def swelling_riders(n_per_part: int = N_PER_PART, seed: int = SEED, max_index: int = 5000) -> list[Any]:
    """The first ``n_per_part`` cyclists drawn with swelling of each part (tuning first, then held-out), in
    rider order within each part."""
    return first_cyclists("swelling", n_per_part, seed, max_index)


def run(workers: int = 1, progress: Any = None) -> list[Any]:
    """Every rider of :func:`swelling_riders` through every layout, whole rides, known riders: FootOutcomes."""
    return run_whole(swelling_riders(), workers, progress)


def run_section(workers: int = 1, progress: Any = None) -> list[str]:
    """:func:`run`, then :func:`section` of its outcomes, timed."""
    return timed_section(swelling_riders(), section, workers, progress)


def rows(outcomes: list[Any]) -> list[dict[str, Any]]:
    """One row per part (tuning, then held-out) and layout: counts, and latencies in minutes."""
    out = []
    for held_out in (False, True):
        for layout in dict.fromkeys(o.rendering.layout for o in outcomes):
            mine = [o for o in outcomes if o.held_out == held_out and o.rendering.layout == layout]
            if not mine:
                continue
            affected = [o for o in mine if o.affected]
            warned = [o for o in affected if np.isfinite(o.latency_s)]
            riders = dict.fromkeys(o.rider_id for o in mine)
            every = [r for r in riders if all(np.isfinite(o.latency_s) for o in affected if o.rider_id == r)]
            minutes = sorted(o.latency_s / 60.0 for o in warned)
            out.append({
                "part": "held-out" if held_out else "tuning", "layout": layout, "riders": len(riders),
                "riders_warned": len(every), "feet": len(affected), "feet_warned": len(warned),
                "ride_min": (min(o.rendering.duration_s for o in mine) / 60.0,
                             max(o.rendering.duration_s for o in mine) / 60.0),
                "latency_min": (minutes[0], float(np.median(minutes)), minutes[-1]) if minutes else None,
                "healthy_foot": sum(o.false_warnings for o in mine if not o.affected),
                "pre_onset": sum(o.false_warnings for o in affected),
                "not_every": [r for r in riders if r not in every],
            })
    return out


def section(outcomes: list[Any], elapsed_s: float) -> list[str]:
    """The markdown section for docs/validation.md."""
    combos = _combos_text()
    lines = ["## Swelling over whole rides", "",
             f"The first {N_PER_PART} cyclists drawn with swelling in each part of the population (seed {SEED}; "
             "`monitor.tools.swelling_rides`), each over the whole ride, as a known rider, through "
             f"{layouts_text()} at {combos} ({elapsed_s:.0f} s). The 20-minute "
             "study above cannot show whether swelling, which builds over 20-30 minutes, is warned at all. "
             "Latency: each affected foot's first warning at or after the swelling's start, in minutes "
             "(min / median / max). A rider counts as warned when every affected foot was.", "",
             "| part | layout | riders | rides (min) | riders warned | affected feet warned | latency (min) "
             "| healthy-foot warnings | pre-onset warnings | riders with an affected foot not warned |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows(outcomes):
        lat = "-" if r["latency_min"] is None else " / ".join(f"{x:.1f}" for x in r["latency_min"])
        lines.append(f"| {r['part']} | {r['layout']} | {r['riders']} | {r['ride_min'][0]:.0f}-{r['ride_min'][1]:.0f} "
                     f"| {r['riders_warned']} | {r['feet_warned']}/{r['feet']} | {lat} | {r['healthy_foot']} "
                     f"| {r['pre_onset']} | {', '.join(r['not_every']) or '-'} |")
    return lines + [""]
