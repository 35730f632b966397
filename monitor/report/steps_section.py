"""The report's "Steps" section for a walk or a run: ground contact time, footstrike and left/right balance
per foot, the figure of monitor.report.plots.steps, and the table of every step (folded). Pure: text in,
text out; monitor.analysis.steps defines every number. The balance in words is monitor.report.steps_balance's,
the steps left out and what a gap does to them monitor.report.steps_left_out's."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import numpy as np

from monitor.analysis.part_words import brief_words
from monitor.analysis.steps import STRIKES, measured
from monitor.codebook import FEET
from monitor.report.number_text import number_or_dash as _fmt
from monitor.report.steps_balance import balance_line
from monitor.report.steps_cadence import (
    activity_part,
    cadence_label,
    foot_cadences,
    median_words,
    session_cadence,
    step_activities,
    strike_steps_of,
    strikes_read,
    strikes_words,
)
from monitor.report.steps_left_out import (
    NOT_MEASURED_WORDS,  # noqa: F401 - its old home
    gap_line,
    left_out_line,
)
from monitor.signal.activity_words import activity_name, cadence_unit
from monitor.signal.params import FeatureParams
from monitor.util.timefmt import clock_text
from monitor.util.words import counted

#: What the table's impulse is, said under it (``{}``: its unit, monitor.util.pressure_units: N s, or nominal units s
#: from an uncalibrated insole): a runner reads "N s" as a force plate's measure.
IMPULSE_WORDS = ("Impulse per step: the foot's load summed over its ground contact ({}), the load estimated "
                 "from each region's hot-spot pressure over a fixed sole area with fixed anatomical weights, so "
                 "that the number and size of the insole's sensors do not change it (monitor/signal/regions.py): "
                 "it compares the two feet and one session with another, and is not the body's force a force "
                 "plate would measure. It needs a sensor in each of the nine regions ('-' on an insole without "
                 "one under the midfoot, or only one of its two halves). Where a region's sensors had no sample, "
                 "its load is estimated from the rest of its group, as the step detection's is, and that "
                 "impulse is said to be an estimate.")
#: After a step's impulse in the table of every step where it is an estimate, and before the line under the
#: table that says so (:func:`estimate_note`).
ESTIMATE_MARK = " *"
#: Steps listed in the table of every step (the rest are counted; monitor.steps_table has them all).
MAX_STEP_ROWS = 300
def measured_steps(data: Any, foot: str) -> tuple[int, int]:
    """A foot's steps with a measurement and its steps without one."""
    s = data.steps.get(foot)
    if s is None:
        return 0, 0
    n = int(measured(s).sum())
    return n, len(s) - n


def _steps_words(data: Any, foot: str, noun: str | None = None) -> str:
    """A foot's measured steps, "6 (and 1 not measured)"; with ``noun`` ("step") counted in it, "6 steps (and
    1 not measured)"."""
    n, unmeasured = measured_steps(data, foot)
    return (f"{n:,}" if noun is None else counted(n, noun)) + (
        f" (and {unmeasured:,} not measured)" if unmeasured else "")


def _contact_words(data: Any, foot: str) -> str:
    """A foot's median ground contact time: "ground contact 272 ms (median)"; in a session of several activities
    one per activity, "walking: ground contact 640 ms (median); running: ground contact 270 ms (median)"."""
    acts = step_activities(data)
    if not acts:
        return f"ground contact {_fmt(1e3 * data.gait['feet'][foot]['contact_s'], '.0f')} ms (median)"
    return "; ".join(f"{activity_name(a)}: ground contact "
                     f"{_fmt(1e3 * activity_part(data, foot, a).get('contact_s', math.nan), '.0f')} ms (median)"
                     for a in acts)


def foot_lines(data: Any) -> list[str]:
    """Per foot with steps, one line: measured steps, median contact time (one per activity in a session of
    several, :func:`step_activities`), footstrike shares."""
    out = []
    for foot in [f for f in FEET if f in data.gait.get("feet", {})]:
        out.append(f"{foot}: {_steps_words(data, foot, 'step')}, {_contact_words(data, foot)}; "
                   f"footstrike {strikes_words(data, foot)}")
    return out


def impulse_words(data: Any) -> str:
    """:data:`IMPULSE_WORDS` in the session's unit (``data``: ReportData, its ``units``)."""
    return IMPULSE_WORDS.format(data.units.impulse)


def _summary_rows(data: Any) -> list[list[str]]:
    """The table's rows, a cell per foot; the cadence, one figure of both feet, has one cell, which the
    table spans over the feet's columns (monitor.report.html's ``_table``)."""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    g = {f: data.gait["feet"][f] for f in feet}
    acts = step_activities(data)  # a walk then a run: each its own contact time and cadence
    rows = [["steps measured", *[_steps_words(data, f) for f in feet]]]
    for act in acts or [None]:
        cadence = foot_cadences(data, act)
        contact = ({f: g[f]["contact_s"] for f in feet} if act is None else
                   {f: activity_part(data, f, act).get("contact_s") for f in feet})
        of = "" if act is None else f", {activity_name(act)}"
        rows += [[f"ground contact time (median){of}",
                  *[f"{_fmt(None if contact[f] is None else 1e3 * contact[f], '.0f')} ms" for f in feet]],
                 [cadence_label(cadence) + of, _fmt(session_cadence(cadence), ".0f")]]
    rows += [
        ["strike index (median, % of foot length)", *[_strike_cell(g[f], _fmt(g[f]["strike_index_pct"], ".0f"))
                                                        for f in feet]],
    ]
    for kind in STRIKES:
        rows.append([f"{kind} strikes", *[_strike_cell(g[f], f"{_fmt(g[f]['strike_pct'][kind], '.0f')} %")
                                          for f in feet]])
    rows += _strikes_read_row("footstrike read on", {f: g[f] for f in feet}, g)
    for act in acts:  # a walk then a run: each its own steps' footstrike too
        for kind in STRIKES:
            pct = {f: (activity_part(data, f, act).get("strike_pct") or {}).get(kind) for f in feet}
            rows.append([f"{kind} strikes, {activity_name(act)}",
                         *[_strike_cell(g[f], f"{_fmt(pct[f], '.0f')} %") for f in feet]])
        rows += _strikes_read_row(f"footstrike read on, {activity_name(act)}",
                                  {f: activity_part(data, f, act) for f in feet}, g)
    rows.append([f"impulse per step (mean, {data.units.impulse})",
                 *[_fmt(g[f]["impulse_n_s"], ".1f") + _estimated_mark(g[f]) for f in feet]])
    return [[escape(c) for c in r] for r in rows]


def brief_line(data: Any) -> str:
    """Under the Steps table, the activities too brief for figures of their own (each foot's summary's
    ``brief_activities``): "Left foot: also 1:40 running, too short for figures of its own; the rows marked
    walking are of its walking steps alone."; one sentence for both feet where they say the same ("Both feet:
    ... of their walking steps alone."); "" where there is none."""
    said = {f: brief_words(data.summary.get(f, {})) for f in FEET if f in data.gait.get("feet", {})}
    said = {f: w for f, w in said.items() if w}
    if not said:
        return ""
    acts = " and ".join(map(activity_name, step_activities(data)))

    def tail(whose: str) -> str:
        return f"; the rows marked {acts} are of {whose} {acts} steps alone."

    if len(set(said.values())) == 1:
        both = len(said) > 1
        return f"{'Both feet' if both else next(iter(said)).capitalize() + ' foot'}: " \
            f"{next(iter(said.values()))}{tail('their' if both else 'its')}"
    return " ".join(f"{f.capitalize()} foot: {w}{tail('its')}" for f, w in said.items())


def _strikes_read_row(name: str, figures: Mapping[str, Mapping[str, Any]],
                      gait: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """The table's row ``name`` saying of how many measured steps each foot's footstrike shares above it are
    ("13 of 95 steps"; ``figures``: per foot, its ``gait["feet"][foot]`` or an activity's figures, their
    ``strike_steps`` and ``steps_measured``; ``gait``: per foot, ``gait["feet"][foot]``, for "not measured"),
    where some foot's are of fewer steps than it has measured (:func:`strikes_read`); [] where none's is."""
    if not any(strikes_read(v) for v in figures.values()):
        return []
    return [[name, *[_strike_cell(gait[f], strike_steps_of(v)) for f, v in figures.items()]]]


def _strike_cell(foot: Mapping[str, Any], shown: str) -> str:
    """A footstrike cell: ``shown``, or "not measured" on an insole that cannot tell a strike type."""
    return "not measured" if foot.get("strike_unmeasured_why") else shown


def strike_unmeasured_line(gait: Mapping[str, Any]) -> str:
    """Why a foot's footstrike is "not measured" ("Footstrike not measured on the left insole: it has no
    sensor under the heel, ..."), one sentence per foot; "" when every foot's is measured."""
    feet = gait.get("feet", {})
    return " ".join(f"Footstrike not measured on the {f} insole: {feet[f]['strike_unmeasured_why']}."
                    for f in FEET if f in feet and feet[f].get("strike_unmeasured_why"))


def strike_caption(gait: Mapping[str, Any]) -> str:
    """The steps figure's caption on its footstrike panel (plain text): how the strike is read, and, where an
    insole cannot tell it (``gait``: AnalysisResult.gait(), its ``strike_unmeasured_why``), that its row
    says "not measured" instead of bars."""
    feet = gait.get("feet", {})
    text = ("Top: each foot's footstrike, from its strike index at initial contact (after Cavanagh & Lafortune "
            "1980: rearfoot in the back third of the foot's length, midfoot in the middle third, forefoot in "
            "the front third): the centre of the regions' loads, each region's load at the region's own fixed "
            "centre, so read the same on every insole that can tell it.")
    blind = [f for f in FEET if f in feet and feet[f].get("strike_unmeasured_why")]
    if len(blind) == len(feet) > 1:
        return text + ' Neither insole can: each row says "not measured" and what the insole lacks.'
    if blind:
        return text + f' The {blind[0]} insole cannot: its row says "not measured" and what the insole lacks.'
    return text


def _estimated_mark(foot: Mapping[str, Any]) -> str:
    """" (estimated)" after a foot's mean impulse when some of its steps' impulses are estimates (a region
    with no sample filled in from its group: monitor.analysis.steps), else ""."""
    return " (estimated)" if foot.get("impulse_estimated_steps") else ""


def _step_rows(data: Any) -> tuple[list[list[str]], int]:
    rows = []
    for foot, s in data.steps.items():
        for i in np.flatnonzero(measured(s)):
            rows.append((float(s.initial_contact_s[i]), FEET.index(foot), foot, i))
    rows.sort()
    out = []
    for t_s, _, foot, i in rows[:MAX_STEP_ROWS]:
        s = data.steps[foot]
        out.append([escape(clock_text(t_s, tenths=True)), escape(foot), _fmt(1e3 * float(s.contact_s[i]), ".0f"),
                    _fmt(float(s.strike_index_pct[i]), ".0f"), escape(str(s.strike[i]) or "-"),
                    _fmt(float(s.impulse_n_s[i]), ".1f") + (ESTIMATE_MARK if s.impulse_estimated[i] else "")])
    return out, len(rows)


def estimate_note(rows: list[list[str]]) -> str:
    """The line under the table of every step when some of its ``rows`` (:func:`_step_rows`) have an impulse
    that is an estimate, "" when none has."""
    n = sum(r[-1].endswith(ESTIMATE_MARK) for r in rows)
    if not n:
        return ""
    return (f"{ESTIMATE_MARK.strip()} an estimate ({counted(n, 'step')} listed): a region whose sensors had no "
            "sample in the step, its load filled in from the rest of its group.")


def window_words(data: Any) -> str:
    """The cadence panel's windows in words: "cadence in each 60 s window, one every 10 s" (the analysis's
    FeatureParams, from ``data``'s timelines; the caption said "each 10 s window" of windows 60 s long)."""
    tl = next(iter(data.timelines.values()), None)
    window_s, step_s = (tl.window_s, tl.step_s) if tl is not None else (FeatureParams.window_s,
                                                                        FeatureParams.step_s)
    return f"cadence in each {window_s:g} s window, one every {step_s:g} s"


def steps_section_html(data: Any, figure: Callable[[str, str], str],
                       table: Callable[..., str]) -> str:
    """The section, or "" for a session without steps. ``data``: monitor.report.data.ReportData;
    ``figure(name, caption)`` and ``table(head, rows, num_cols)`` are the page's own (monitor.report.html)."""
    if not data.steps:
        return ""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    steps, total = _step_rows(data)
    more = total - len(steps)
    left_out = left_out_line(data)
    left_out = f"<p>{escape(left_out)}</p>" if left_out else ""
    gaps = gap_line(data)
    estimates = estimate_note(steps)
    tail = (f"<p>... and {more:,} more steps (<code>monitor.steps_table(result)</code> and "
            "<code>solewatch analyze --json</code> list them all).</p>" if more > 0 else "")
    return "\n".join([
        '<section id="steps-section"><h2>Steps</h2>',
        table(["", *[escape(f) for f in feet]], _summary_rows(data), tuple(range(1, len(feet) + 1))),
        *([f"<p>{escape(brief_line(data))}</p>"] if brief_line(data) else []),
        f"<p>{escape(balance_line(data.gait, data.units.impulse))}</p>",
        *([f"<p>{escape(strike_unmeasured_line(data.gait))}</p>"] if strike_unmeasured_line(data.gait) else []),
        *([f"<p>{escape(gaps)}</p>"] if gaps else []),
        f'<p class="src">{escape(impulse_words(data))}</p>',
        figure("steps",
               f"{escape(strike_caption(data.gait))} Middle: the ground contact time of every "
               f"step, {median_words(data)}. Bottom: {window_words(data)}. Both time "
               "panels start at 0 and span the session."),
        f"<details><summary>Every measured step ({total:,})</summary>"
        + table(["time", "foot", "contact (ms)", "strike index (%)", "strike",
                 f"impulse ({escape(data.units.impulse)})"], steps, (2, 3, 5))
        + (f"<p>{escape(estimates)}</p>" if estimates else "") + tail + left_out
        + "</details>",
        "</section>"])


def counts_line(data: Any, foot: str, strokes: int = 0, stroke_noun: str = "pedal stroke") -> str:
    """A foot's steps in one line for ``solewatch analyze``'s text, as the Steps table says them, with the same
    numbers: "left steps: 253 (and 1 not measured), cadence 170 steps/min (both feet), ground contact 272 ms
    (median), footstrike rearfoot 0 %, midfoot 2 %, forefoot 98 %" (no cadence where there is none: too few
    strides, or an activity never recognised); a foot without steps says its counted
    strokes (``strokes``, the ``analyze --json`` ``strokes`` of it; ``stroke_noun``: "pedal stroke", a
    stair-climber's "step", an elliptical's "stroke"): "left pedal strokes: 268"; off the bike with the cadence
    of both feet beside one foot's count, as a step's line says it: "left strokes: 209, cadence 140 strokes/min
    (both feet)" (:func:`machine_cadence_words`); "" for a foot with neither.
    ``data``: ReportData, or anything with its ``steps``, ``gait`` and ``summary``."""
    feet = [f for f in FEET if f in data.gait.get("feet", {})]
    if foot not in feet:
        if not strokes:
            return ""
        cadence = "" if stroke_noun == "pedal stroke" else machine_cadence_words(data.summary.get(foot, {}))
        return f"{foot} {stroke_noun}s: {strokes:,}{cadence}"
    g = data.gait["feet"][foot]
    strikes = strikes_words(data, foot)
    more = f", and {counted(strokes, stroke_noun)}" if strokes else ""
    acts = step_activities(data)
    per = []
    for act in acts or [None]:  # a walk then a run: each its own cadence and contact time
        cadence = foot_cadences(data, act)
        label = cadence_label(cadence).removeprefix("cadence (steps/min, ").removesuffix(")")
        contact = g["contact_s"] if act is None else activity_part(data, foot, act).get("contact_s")
        rate = session_cadence(cadence)  # None: too few strides, or an activity never known (a cadence has no unit)
        per.append(("" if act is None else f"{activity_name(act)}: ")
                   + ("" if rate is None else f"cadence {rate:.0f} steps/min ({label}), ") + "ground contact "
                   f"{_fmt(None if contact is None else 1e3 * contact, '.0f')} ms (median)")
    brief = brief_words(data.summary.get(foot, {}))  # a run too short for figures of its own: its time alone
    return (f"{foot} steps: {_steps_words(data, foot)}, {'; '.join(per)}{f' ({brief})' if brief else ''}"
            f"{';' if acts else ','} footstrike {strikes}{more}")


def machine_cadence_words(summary: Mapping[str, Any]) -> str:
    """A stepping machine's cadence (a foot's ``summary``: its ``cadence_per_min``, cycles of both feet per
    minute, and ``activity_said``, else ``activity``, for the unit: monitor.signal.activity_words.cadence_unit)
    beside one foot's count of its strokes, which runs at half of it: ", cadence 140 strokes/min (both feet)";
    "" where it has none (None, NaN: too few cycles)."""
    rate = summary.get("cadence_per_min")
    if rate is None or rate != rate or not rate:
        return ""
    return f", cadence {rate:.0f} {cadence_unit(summary.get('activity_said') or summary.get('activity'))} (both feet)"
