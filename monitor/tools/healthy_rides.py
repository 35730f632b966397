"""Healthy riders over whole rides: false warnings per rider-hour beyond the population study's 20 minutes.
A section of docs/validation.md.

The population study (monitor.tools.population_study) caps rides at 20 minutes, so a pattern that builds up
over a long climb late in a ride is never seen there. Here the first ``N_PER_PART`` healthy cyclists of each
part of the population (tuning, held-out; as drawn, nothing forced) ride their whole ride (30-90 min,
docs/population.md), as known riders (against the normal kept from an earlier healthy ride, as
``--rider NAME`` keeps it), through monitor.tools.whole_rides' ``LAYOUTS`` at its ``COMBOS``, judged by
monitor.tools.population_study. Reported per part, layout and relief habit (population_study.relief_class over the whole
ride): riders, rider-hours, warnings, warnings per rider-hour, and the riders warned. The held-out part is reported
apart and tunes nothing.
"""

from __future__ import annotations

from typing import Any

from monitor.tools.whole_rides import SEED, first_cyclists, layouts_text, run_whole, timed_section
from monitor.tools.whole_rides import combos_text as _combos_text

#: Riders per part: enough rider-hours to see a rate near the target of 1 per 20 (about 10 hours a part),
#: few enough for `make validate` (guess).
N_PER_PART = 10
#: The relief habits, in table order: population_study.relief_class's names and the table's words.
HABITS = {"every_8min": "relieving", "less_often": "relieving less often", "never": "never relieving"}


def healthy_riders(n_per_part: int = N_PER_PART, seed: int = SEED, max_index: int = 5000) -> list[Any]:
    """The first ``n_per_part`` healthy cyclists drawn in each part (tuning first, then held-out), in rider
    order within each part."""
    return first_cyclists("healthy", n_per_part, seed, max_index)


def run(workers: int = 1, progress: Any = None) -> list[Any]:
    """Every rider of :func:`healthy_riders` through every layout, whole rides, known riders: FootOutcomes."""
    return run_whole(healthy_riders(), workers, progress)


def run_section(workers: int = 1, progress: Any = None) -> list[str]:
    """:func:`run`, then :func:`section` of its outcomes, timed."""
    return timed_section(healthy_riders(), section, workers, progress)


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
    combos = _combos_text()
    lines = ["## Healthy riders over whole rides", "",
             f"The first {N_PER_PART} healthy cyclists drawn in each part of the population (seed {SEED}; "
             "`monitor.tools.healthy_rides`), each over the whole ride, as a known rider, through "
             f"{layouts_text()} at {combos} ({elapsed_s:.0f} s). The 20-minute "
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
