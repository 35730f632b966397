"""The population study's outcomes (monitor.tools.population_study.FootOutcome) as tables. Pure.

Rows are grouped by split (held-out, tuning: always apart), rider (a first ride, or a known rider
judged against the normal kept from an earlier ride), layout and rendering (rate, noise, quantisation).
:func:`healthy_rows` judges healthy riders, :func:`condition_rows` riders with a condition, :func:`acceptance` the
issue's criteria on one split; :func:`markdown` writes them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from monitor.tools.population_study import (
    LEVEL_RANK,
    MAX_FALSE_PER_RIDER_HOUR,
    WARN_WITHIN_S,
    FootOutcome,
    Rendering,
)

SPLITS = (("held-out", True), ("tuning", False))
#: The two ways a rider comes to a ride (Rendering.known).
RIDERS = (("known riders", True), ("first rides", False))
CONDITION_ORDER = ("focal", "lateral", "tight_shoe", "swelling", "toe_clip")


def _key(r: Rendering) -> tuple:
    return (r.layout, r.rate_hz, r.noise_sd_kpa, r.quant_step_kpa, r.known)


def _riders(outcomes: list[FootOutcome]) -> dict[str, list[FootOutcome]]:
    out: dict[str, list[FootOutcome]] = defaultdict(list)
    for o in outcomes:
        out[o.rider_id].append(o)
    return out


def _groups(outcomes: list[FootOutcome], held_out: bool) -> dict[tuple, list[FootOutcome]]:
    out: dict[tuple, list[FootOutcome]] = defaultdict(list)
    for o in outcomes:
        if o.held_out == held_out:
            out[_key(o.rendering)].append(o)
    return dict(sorted(out.items(), key=lambda kv: (not kv[0][4], kv[0][0], -kv[0][1], kv[0][2], kv[0][3])))


def _mine(outcomes: list[FootOutcome], known: bool | None) -> list[FootOutcome]:
    return [o for o in outcomes if known is None or o.rendering.known == known]


def rider_passes(feet: list[FootOutcome]) -> bool:
    """A rider with a condition passes when each judged affected foot is detected within WARN_WITHIN_S with
    an accepted region (where checked), and no foot has a false warning."""
    return all((not o.judged or (o.detected and o.region_ok is not False)) and o.false_warnings == 0
               and not o.error for o in feet)


def healthy_rows(outcomes: list[FootOutcome], held_out: bool) -> list[dict[str, Any]]:
    """Per layout x rendering: healthy riders who relieve every 8 min (rider-hours, warnings, per
    rider-hour), those who never relieve (highest level), those in between (warnings, not judged)."""
    rows = []
    for key, group in _groups(outcomes, held_out).items():
        healthy = [o for o in group if o.condition == "healthy" and not o.error]
        by = {c: _riders([o for o in healthy if o.relief == c]) for c in ("every_8min", "never", "less_often")}
        hours = sum(feet[0].hours for feet in by["every_8min"].values())
        false = sum(o.false_warnings for feet in by["every_8min"].values() for o in feet)
        never_max = max((o.max_level for feet in by["never"].values() for o in feet), key=LEVEL_RANK.get,
                        default="none")
        never_warned = sum(any(o.max_level in ("warning", "alert") for o in feet) for feet in by["never"].values())
        rows.append(dict(key=key, relieving=len(by["every_8min"]), hours=hours, false=false,
                         false_per_h=false / hours if hours else float("nan"),
                         never=len(by["never"]), never_max=never_max if by["never"] else "-",
                         never_warned=never_warned, less_often=len(by["less_often"]),
                         crashed=len(_riders([o for o in group if o.error])),
                         less_often_warnings=sum(o.false_warnings for feet in by["less_often"].values()
                                                 for o in feet)))
    return rows


def condition_rows(outcomes: list[FootOutcome], held_out: bool) -> list[dict[str, Any]]:
    """Per layout x rendering x condition: affected feet, detected within 8 min, latency (median, max, s,
    of the detected), region right / checked, warnings on the healthy foot of unilateral riders, warnings
    before the onset, riders passing (:func:`rider_passes`)."""
    rows = []
    for key, group in _groups(outcomes, held_out).items():
        for cond in CONDITION_ORDER:
            riders = _riders([o for o in group if o.condition == cond])
            if not riders:
                continue
            feet = [o for fs in riders.values() for o in fs]
            hit = [o for o in feet if o.judged]
            det = [o for o in hit if o.detected]
            lat = [o.latency_s for o in det]
            checked = [o for o in det if o.region_ok is not None]
            rows.append(dict(key=key, condition=cond, riders=len(riders), feet=len(hit), detected=len(det),
                             recall=len(det) / len(hit) if hit else float("nan"),
                             median_latency_s=float(np.median(lat)) if lat else float("nan"),
                             max_latency_s=float(np.max(lat)) if lat else float("nan"),
                             region_ok=sum(bool(o.region_ok) for o in checked), region_checked=len(checked),
                             wrong_foot=sum(o.false_warnings for o in feet if not o.affected),
                             pre_onset=sum(o.false_warnings for o in feet if o.affected),
                             passed=sum(rider_passes(fs) for fs in riders.values())))
    return rows


def acceptance(outcomes: list[FootOutcome], held_out: bool = True, known: bool | None = None) -> dict[str, Any]:
    """The issue's criteria on one split (and, with ``known``, one kind of rider), over every layout and
    rendering: healthy relieving riders' false warnings per rider-hour within MAX_FALSE_PER_RIDER_HOUR;
    never-relieving healthy riders at most notices; every rider with a condition passing. Returns the
    figures and ``met`` (bool) per criterion."""
    mine = [o for o in _mine(outcomes, known) if o.held_out == held_out]
    crashed = _riders_by_task([o for o in mine if o.error])
    tasks = _riders_by_task([o for o in mine if not o.error])
    reliev = [fs for fs in tasks if fs[0].condition == "healthy" and fs[0].relief == "every_8min"]
    hours = sum(fs[0].hours for fs in reliev)
    false = sum(o.false_warnings for fs in reliev for o in fs)
    never = [fs for fs in tasks if fs[0].condition == "healthy" and fs[0].relief == "never"]
    never_bad = sum(any(LEVEL_RANK[o.max_level] > LEVEL_RANK["notice"] for o in fs) for fs in never)
    cond = [fs for fs in tasks if fs[0].condition != "healthy"]
    failed = [fs for fs in cond if not rider_passes(fs)]
    rate = false / hours if hours else float("nan")
    return dict(crashed=len(crashed), late_cycles=sum(o.late_cycles for fs in tasks for o in fs),
                relieving_hours=hours, relieving_false=false, false_per_h=rate,
                relieving_met=rate <= MAX_FALSE_PER_RIDER_HOUR if hours else None,
                never=len(never), never_above_notice=never_bad, never_met=never_bad == 0,
                condition_rides=len(cond), condition_failed=len(failed), condition_met=not failed,
                met=(not hours or rate <= MAX_FALSE_PER_RIDER_HOUR) and never_bad == 0 and not failed and not crashed)


def _riders_by_task(outcomes: list[FootOutcome]) -> list[list[FootOutcome]]:
    out: dict[tuple, list[FootOutcome]] = defaultdict(list)
    for o in outcomes:
        out[(o.rider_id, _key(o.rendering))].append(o)
    return list(out.values())


# ---------------------------------------------------------------------------- markdown


def _f(x: float, nd: int = 0) -> str:
    return "-" if x is None or not np.isfinite(x) else f"{x:.{nd}f}"


def _render_label(key: tuple) -> str:
    layout, rate, noise, quant = key[:4]
    return f"{layout} | {rate} Hz, {noise:g} kPa noise, {quant:g} kPa step"


def markdown(outcomes: list[FootOutcome]) -> list[str]:
    """The population tables, held-out first, then tuning; within each, known riders, then first rides;
    as markdown lines."""
    lines: list[str] = []
    ok = lambda b: "no rides" if b is None else ("met" if b else "**NOT MET**")  # noqa: E731
    for name, held in SPLITS:
        for who, known in RIDERS:
            mine = _mine(outcomes, known)
            if not any(o.held_out == held for o in mine):
                continue
            acc = acceptance(mine, held)
            lines += [f"### {name.capitalize()} riders, {who}", "",
                      f"Acceptance ({name}, {who}): healthy relieving riders {acc['relieving_false']} false "
                      f"warnings in {acc['relieving_hours']:.1f} rider-hours ({_f(acc['false_per_h'], 2)} per "
                      f"rider-hour, target <= {MAX_FALSE_PER_RIDER_HOUR:.2f}): {ok(acc['relieving_met'])}; "
                      f"never-relieving healthy rides above notice: {acc['never_above_notice']} of {acc['never']}: "
                      f"{ok(acc['never_met'])}; rides with a condition failing: {acc['condition_failed']} of "
                      f"{acc['condition_rides']}: {ok(acc['condition_met'])}; rides whose analysis failed: "
                      f"{acc['crashed']}: {ok(acc['crashed'] == 0)}; cycles reported after their window was "
                      f"final (streaming equals batch): {acc['late_cycles']}.", "",
                      "| layout | rendering | relieving riders | rider-hours | false warnings | per rider-hour | "
                      "never-relieving | their highest level | of them warned | relieving less often | "
                      "their warnings | rides failed (any rider) |",
                      "|---|---|---|---|---|---|---|---|---|---|---|---|"]
            for r in healthy_rows(mine, held):
                lines.append(f"| {_render_label(r['key'])} | {r['relieving']} | {r['hours']:.1f} | {r['false']} | "
                             f"{_f(r['false_per_h'], 2)} | {r['never']} | {r['never_max']} | {r['never_warned']} | "
                             f"{r['less_often']} | {r['less_often_warnings']} | {r['crashed']} |")
            lines += ["", f"Riders with a condition: riders passing / riders; affected feet warned within "
                      f"{WARN_WITHIN_S / 60:.0f} min / judged; median latency (s); region right / checked.", "",
                      "| layout | rendering | " + " | ".join(CONDITION_ORDER) +
                      " | healthy-foot warnings | pre-onset warnings |",
                      "|---|---|" + "---|" * (len(CONDITION_ORDER) + 2)]
            by_key: dict[tuple, dict[str, dict[str, Any]]] = defaultdict(dict)
            for r in condition_rows(mine, held):
                by_key[r["key"]][r["condition"]] = r
            for key, conds in by_key.items():
                cells = []
                for cond in CONDITION_ORDER:
                    r = conds.get(cond)
                    cells.append("-" if r is None else
                                 f"{r['passed']}/{r['riders']}; {r['detected']}/{r['feet']}; "
                                 f"{_f(r['median_latency_s'])} s; {r['region_ok']}/{r['region_checked']}")
                wrong = sum(r["wrong_foot"] for r in conds.values())
                pre = sum(r["pre_onset"] for r in conds.values())
                lines.append(f"| {_render_label(key)} | " + " | ".join(cells) + f" | {wrong} | {pre} |")
            errors = sorted({(o.rider_id, _render_label(_key(o.rendering)), o.error) for o in mine
                             if o.error and o.held_out == held})
            if errors:
                lines += ["", "Rides whose analysis failed:", ""] + [
                    f"- {rid}, {lab.replace(' | ', ', ')}: `{err}`" for rid, lab, err in errors]
            lines.append("")
    return lines
