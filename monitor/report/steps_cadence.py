"""The Steps section's cadence, and its figures of each activity in a session of several (a walk then a run: each
foot's summary's ``activities``, monitor.signal.pipeline), each with its own cadence, contact time and footstrike.
Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.analysis.activity_contacts import placement_margin_s
from monitor.analysis.part_words import brief_activities
from monitor.analysis.steps import STRIKES
from monitor.codebook import FEET
from monitor.report.number_text import number_or_dash as _fmt
from monitor.signal.activity_words import activity_name
from monitor.signal.stage_params import ActivityParams
from monitor.util.words import counted


def told_parts(summary: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    """The activities a foot's figures are told by (``summary``: its summary, monitor.signal.pipeline): its
    ``activities`` where it has several (a walk then a run), else its ``main_part`` alone where its other
    activities were too brief for figures of their own (a walk then 1:40 of running: the walk's steps alone),
    else () (a session of one activity, told as a whole)."""
    main = summary.get("main_part")
    return tuple(summary.get("activities") or ()) or ((main,) if main else ())


def step_activities(data: Any) -> list[str]:
    """The activities of a session told by activity (each foot's :func:`told_parts`: a walk then a run; a walk
    whose run was too brief, the walk), in order of their first appearance over the feet with steps; [] for a
    session of one activity."""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    return list(dict.fromkeys(p["activity"] for f in feet for p in told_parts(data.summary.get(f, {}))))


def drawn_activities(data: Any) -> list[str]:
    """The activities the Steps figure draws a median of (each foot's :func:`told_parts` and
    ``brief_activities``), in order of their first appearance over the feet with steps."""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    return list(dict.fromkeys(a for f in feet for a in [*(p["activity"] for p in told_parts(data.summary.get(f, {}))),
                                                        *(a for a, _ in brief_activities(data.summary.get(f, {})))]))


def activity_part(data: Any, foot: str, activity: str) -> Mapping[str, Any]:
    """``foot``'s figures of ``activity`` (its :func:`told_parts` entry: cadence_per_min, contact_s), {} where
    the foot has none of it."""
    return next((p for p in told_parts(data.summary.get(foot, {})) if p["activity"] == activity), {})


def median_words(data: Any) -> str:
    """The Steps figure's median lines in words: "the dashed line its median"; in a session of several
    activities (:func:`step_activities`), each activity's over its steps, "the dashed lines its median in each
    activity, walking then running, over its steps" (monitor.report.plots.steps.median_pieces), and where they
    are drawn over each activity's span as known after the session (``data.span_activity``), how near the change
    that places them: "..., each over its activity's span, the change placed to within 5 s (each line
    then ends or starts at the step next to it)" (``data.span_within_s``: half the session's recogniser's step,
    monitor.analysis.activity_contacts.placement_margin_s; the run of the walk-then-run scenario, whose change
    at 240 s is placed at 245 s, starts at its first step after that, 245.1-245.7 s)."""
    acts = drawn_activities(data)
    if len(acts) < 2:
        return "the dashed line its median"
    words = f"the dashed lines its median in each activity, {' then '.join(map(activity_name, acts))}, over its steps"
    if getattr(data, "span_activity", None):
        within_s = getattr(data, "span_within_s", placement_margin_s(ActivityParams()))
        words += (f", each over its activity's span, the change placed to within {within_s:g} s (each line then ends "
                  "or starts at the step next to it)")
    return words


def cadence_label(cadence_per_min: Mapping[str, Any]) -> str:
    """The cadence row's name: steps of both feet per minute (``session_cadence``); when only one foot has a
    cadence (the other sent no data, or too little), the foot it comes from."""
    have = [f for f in FEET if _fmt(cadence_per_min.get(f), ".0f") != "-"]
    if len(have) == 1:
        return f"cadence (steps/min, from the {have[0]} foot alone)"
    return "cadence (steps/min, both feet)"


def session_cadence(cadence_per_min: Mapping[str, Any]) -> float | None:
    """The walk's or run's one cadence (steps of both feet per minute) from each foot's (``cadence_per_min``:
    foot -> steps/min or None/NaN, each from the foot's own strides, two estimates of the same figure that
    differ by a step or two a minute): their mean, the one foot's when only one has one, None when none has."""
    have = [float(cadence_per_min[f]) for f in FEET if _fmt(cadence_per_min.get(f), ".0f") != "-"]
    return sum(have) / len(have) if have else None


def foot_cadences(data: Any, activity: str | None = None) -> dict[str, Any]:
    """Per foot with steps, its cadence (steps/min): of the session (its summary's), or of ``activity`` alone
    (:func:`activity_part`; None where the foot has none of it)."""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    if activity is None:
        return {f: data.summary.get(f, {}).get("cadence_per_min") for f in feet}
    return {f: activity_part(data, f, activity).get("cadence_per_min") for f in feet}


def cadence_line(data: Any) -> str:
    """The Steps section's cadence in words, for the PDF: "Cadence: 93 steps/min (both feet)"; in a session of
    several activities one per activity, "Cadence: walking 110 steps/min, running 170 steps/min (both feet)"; none
    where no foot has one, and why: too few strides, or the activity never recognised."""
    acts = step_activities(data)
    cadences = [foot_cadences(data, a) for a in acts] if acts else [foot_cadences(data)]
    label = cadence_label(cadences[0]).removeprefix("cadence (steps/min, ").removesuffix(")")
    values = [session_cadence(c) for c in cadences]
    if all(v is None for v in values):
        if all(s.get("activity") == "unknown" for s in data.summary.values()):  # no unit (docs/detection.md)
            return "Cadence: none (the activity was not recognised, so a cadence has no unit)."
        return "Cadence: none (too few strides to tell)."
    if not acts:
        return f"Cadence: {values[0]:.0f} steps/min ({label})."
    return "Cadence: " + ", ".join(f"{activity_name(a)} {_fmt(v, '.0f')} steps/min" for a, v in zip(acts, values)) + \
        f" ({label})."


def strike_steps_of(figures: Mapping[str, Any]) -> str:
    """On how many of its measured steps a foot's footstrike was read, "13 of 95 steps" (``figures``: a foot's
    ``gait["feet"][foot]``, or an activity's figures, :func:`activity_part`: ``strike_steps`` of its
    ``steps_measured``, 0 each where not there): the one wording of the text, the report's table and its
    figure."""
    return f"{figures.get('strike_steps', 0):,} of {counted(figures.get('steps_measured', 0), 'step')}"


def strikes_read(figures: Mapping[str, Any]) -> str:
    """What footstrike shares are of, where that is fewer steps than were measured: "13 of 95 steps"
    (:func:`strike_steps_of`); "" where every measured step's strike was read, or the counts are not there."""
    n, of = figures.get("strike_steps"), figures.get("steps_measured")
    return strike_steps_of(figures) if n is not None and of is not None and n < of else ""


def strikes_words(data: Any, foot: str) -> str:
    """``foot``'s footstrike shares in words, "rearfoot 0 %, midfoot 2 %, forefoot 98 %", then in a session of
    several activities (:func:`step_activities`) each one's over its own steps, "(walking rearfoot 97 %, midfoot
    3 %, forefoot 0 %; running rearfoot 0 %, ...)"; "not measured (why)" on an insole that cannot tell one.
    Shares of fewer steps than were measured say on how many of them, as the report's table does
    (:func:`strikes_read`): "rearfoot 77 %, midfoot 15 %, forefoot 8 %, read on 13 of 95 steps"."""
    g = data.gait["feet"][foot]
    if g.get("strike_unmeasured_why"):
        return f"not measured ({g['strike_unmeasured_why']})"

    def shares(figures: Mapping[str, Any]) -> str:
        pct = figures.get("strike_pct") or {}
        read = strikes_read(figures)
        return ", ".join(f"{kind} {_fmt(pct.get(kind), '.0f')} %" for kind in STRIKES) + \
            (f", read on {read}" if read else "")

    per = [f"{activity_name(a)} {shares(activity_part(data, foot, a))}" for a in step_activities(data)]
    return shares(g) + (f" ({'; '.join(per)})" if per else "")
