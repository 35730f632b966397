"""Healthy riders over whole rides: false warnings per rider-hour beyond the population study's 20 minutes.
A section of docs/validation.md.

The population study (monitor.tools.population_study) caps rides at 20 minutes, so a pattern that builds up
over a long climb late in a ride is never seen there. Here the first ``N_PER_PART`` healthy cyclists of each
part of the population (tuning, held-out; as drawn, nothing forced) ride their whole ride (30-90 min,
docs/population.md), as known riders (against the normal kept from an earlier healthy ride, as
``--rider NAME`` keeps it), through ``LAYOUTS`` at ``COMBOS``, judged by monitor.tools.population_study.
Reported per part, layout and relief habit (population_study.relief_class over the whole ride): riders,
rider-hours, warnings, warnings per rider-hour, and the riders warned. The held-out part is reported apart
and tunes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from monitor.tools.population_study import run_study
from monitor.tools.population_wiring import draw_rider

#: Riders per part: enough rider-hours to see a rate near the target of 1 per 20 (about 10 hours a part),
#: few enough for `make validate` (guess).
N_PER_PART = 10
SEED = 1
#: The layouts and rendering of monitor.tools.swelling_rides: one sensor a region, and the 99-sensel grid.
LAYOUTS = ("moticon16", "pedar99")
COMBOS = ((100, 1.0, 2.5),)
#: Longer than any drawn ride (30-90 min, docs/population.md): each ride runs whole.
WHOLE_RIDE_S = 6 * 3600.0
#: The relief habits, in table order: population_study.relief_class's names and the table's words.
HABITS = {"every_8min": "relieving", "less_often": "relieving less often", "never": "never relieving"}


def healthy_riders(n_per_part: int = N_PER_PART, seed: int = SEED, max_index: int = 5000) -> list[Any]:
    """The first ``n_per_part`` healthy cyclists drawn in each part (tuning first, then held-out), in rider
    order within each part."""
    parts: dict[bool, list[Any]] = {False: [], True: []}
    for i in range(max_index):
        rider = draw_rider(i, seed)
        part = parts[bool(rider.held_out)]
        if rider.activity == "cycling" and rider.condition.kind == "healthy" and len(part) < n_per_part:
            part.append(rider)
        if all(len(p) == n_per_part for p in parts.values()):
            break
    return parts[False] + parts[True]


def run(workers: int = 1, progress: Any = None) -> list[Any]:
    """Every rider of :func:`healthy_riders` through every layout, whole rides, known riders: FootOutcomes."""
    return run_study(healthy_riders(), list(LAYOUTS), [], [], [], WHOLE_RIDE_S, workers=workers,
                     combos=list(COMBOS), known=(True,), progress=progress)


def run_section(workers: int = 1, progress: Any = None) -> list[str]:
    """:func:`run`, then :func:`section` of its outcomes, timed."""
    t0 = time.monotonic()
    outcomes = run(workers, progress)
    return section(outcomes, time.monotonic() - t0)


def rows(outcomes: list[Any]) -> list[dict[str, Any]]:
    """One row per part (tuning, then held-out), layout and relief habit present: riders, rider-hours (a
    ride's hours once, not per foot), warnings (of both feet), warnings per rider-hour, and the riders
    warned with their first warning's time (min)."""
    out = []
    for held_out in (False, True):
        for layout in dict.fromkeys(o.rendering.layout for o in outcomes):
            for habit, words in HABITS.items():
                mine = [o for o in outcomes if o.held_out == held_out and o.rendering.layout == layout
                        and o.relief == habit]
                if not mine:
                    continue
                riders = dict.fromkeys(o.rider_id for o in mine)
                hours = sum(next(o.hours for o in mine if o.rider_id == r) for r in riders)
                warnings = sum(len(o.warnings_t_s) for o in mine)
                warned = {}
                for o in mine:
                    if o.warnings_t_s:
                        first = min(o.warnings_t_s) / 60.0
                        warned[o.rider_id] = min(first, warned.get(o.rider_id, first))
                out.append({
                    "part": "held-out" if held_out else "tuning", "layout": layout, "habit": words,
                    "riders": len(riders), "hours": hours, "warnings": warnings,
                    "per_hour": warnings / hours if hours > 0 else float("nan"),
                    "warned": sorted(warned.items()),
                    "errors": sum(1 for o in mine if o.error),
                })
    return out


def section(outcomes: list[Any], elapsed_s: float) -> list[str]:
    """The markdown section for docs/validation.md."""
    combos = "; ".join(f"{r} Hz, noise SD {n:g} kPa, step {q:g} kPa" for r, n, q in COMBOS)
    lines = ["## Healthy riders over whole rides", "",
             f"The first {N_PER_PART} healthy cyclists drawn in each part of the population (seed {SEED}; "
             "`monitor.tools.healthy_rides`), each over the whole ride, as a known rider, through "
             f"{', '.join(f'`{lay}`' for lay in LAYOUTS)} at {combos} ({elapsed_s:.0f} s). The 20-minute "
             "study above cannot show a pattern that builds up late in a long ride. Relief habit over the "
             "whole ride, as in the study above: relieving when no loaded stretch exceeds 8 min. Warnings "
             "count both feet; the issue's target, for relieving riders, is at most 1 per 20 rider-hours "
             "(0.05 per rider-hour). Riders warned: rider (minute of the first warning).", "",
             "| part | layout | relief habit | riders | rider-hours | warnings | per rider-hour "
             "| riders warned | analyses failed |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows(outcomes):
        warned = ", ".join(f"{rid} ({m:.0f})" for rid, m in r["warned"]) or "-"
        lines.append(f"| {r['part']} | {r['layout']} | {r['habit']} | {r['riders']} | {r['hours']:.1f} "
                     f"| {r['warnings']} | {r['per_hour']:.2f} | {warned} | {r['errors']} |")
    return lines + [""]
