"""A walk or a run step by step: footstrike types per foot, ground contact time and cadence over the session."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from monitor.analysis.activity_contacts import part_contact_s
from monitor.analysis.steps import STRIKES, FootSteps
from monitor.analysis.strike import strike_unmeasured_short
from monitor.codebook import FEET
from monitor.report.plots.palette import FOOT_COLOURS, STRIKE_COLOURS, text_colour_on
from monitor.report.plots.timeline import FEW_WINDOWS, NO_WINDOW, time_unit
from monitor.report.steps_cadence import strikes_read
from monitor.report.timeline_data import Timeline, broken, outside
from monitor.signal.stage_params import CycleParams

#: Fewer steps per foot than this are drawn as big dots over the median lines (zorder ``FEW_DOT_ZORDER``; a
#: guess: as many as can be told apart across the panel, as the timeline's dots on fewer than FEW_WINDOWS), the
#: line seen between them; more as small ones under the lines.
FEW_STEPS = 30
#: Many steps' median lines are drawn over their dots (zorder: ``MEDIAN_ZORDER`` over ``DOT_ZORDER``): a steady
#: walk's or run's contact times lie on their median, a band of dots as thin as a line, so whichever comes
#: second hides the other where it is thick. So each median is thin (``MEDIAN_LW``, pt), outlined in black
#: (``MEDIAN_OUTLINE_LW``, pt) against dots of its own colour, and dashed with gaps three times as long as its
#: dashes (``MEDIAN_DASHES``, in line widths); the right foot's dashes fall in the middle of the left's gaps, so
#: two medians that coincide are both seen and half the line's length is still gap, through which the dots
#: show. Sizes: guesses, checked by eye on a 10-min run's figure.
DOT_ZORDER, MEDIAN_ZORDER, FEW_DOT_ZORDER = 3, 4, 5
MEDIAN_LW, MEDIAN_OUTLINE_LW = 1.0, 2.4
MEDIAN_DASHES = (3.0, 9.0)
#: The contact panel's legend key of the median lines (each foot's in its colour, dashed): of all a foot's steps,
#: or, in a session of several activities, of each activity's (:func:`median_pieces`).
MEDIAN_LABEL = "median"
MEDIAN_PER_ACTIVITY_LABEL = "median per activity"
#: What the cadence panel says when windows there are but none has a cadence (monitor.signal.feature_tables
#: gives none before the window's activity is recognised; the timeline none with under 5 s of data). In
#: short lines: the phone drawing's panel is about 230 pt wide.
NO_CADENCE = "no window gave a cadence:\nthe activity not yet known,\nor too little data"


def strike_unsaid(foot: Mapping[str, Any]) -> str:
    """What a foot's footstrike row says instead of bars ("" where it has them): "not measured: no sensor
    under the heel" on an insole that cannot tell a strike, "no step with a known strike" where none of
    its steps has one. ``foot``: its ``gait["feet"][foot]`` (monitor.analysis.steps.steps_summary)."""
    code = foot.get("strike_unmeasured") or ""
    if code:
        return f"not measured: {strike_unmeasured_short(code)}"
    shares = [foot.get("strike_pct", {}).get(kind, np.nan) for kind in STRIKES]
    return "" if any(np.isfinite(x) for x in shares) else "no step with a known strike"


def _strike_row_name(foot: str, figures: Mapping[str, Any], said: str) -> str:
    """A footstrike row's name: the foot, and under it of how many of its measured steps its bars are where that
    is fewer ("left\n13 of 95 steps read": monitor.report.steps_cadence.strikes_read); the foot alone where
    every measured step's strike was read, or the row says why it has no bars (``said``)."""
    if said or not strikes_read(figures):
        return foot
    return f"{foot}\n{strikes_read(figures)} read"


def step_spans(steps: FootSteps, silent: Sequence[tuple[float, float]] = (),
               max_stride_s: float = CycleParams.max_stride_s) -> list[tuple[float, float]]:
    """Where a foot has steps, as (start_s, end_s) pieces of session time (s), in time order: from a step's
    initial contact to the toe-off of the last of the steps that follow it each within ``max_stride_s`` of
    the one before (initial contact to initial contact: the gait detector's longest stride, s; a longer
    pause holds no stride), with each span of ``silent`` ((start_s, end_s), where the foot sent no data,
    Timeline.silent) cut out. [] for a foot without steps."""
    return _spans(np.asarray(steps.initial_contact_s, dtype=float), np.asarray(steps.toe_off_s, dtype=float),
                  silent, max_stride_s)


def _spans(ic: np.ndarray, toe_off_s: np.ndarray, silent: Sequence[tuple[float, float]],
           max_stride_s: float) -> list[tuple[float, float]]:
    """:func:`step_spans` of the steps with initial contacts ``ic`` and toe-offs ``toe_off_s`` ((n,), s)."""
    if not ic.size:
        return []
    ends = np.fmax(toe_off_s, ic)  # a step without a toe-off ends at its contact
    cuts = [0, *(np.flatnonzero(np.diff(ic) > max_stride_s) + 1), ic.size]
    bars = [(float(ic[a]), float(np.max(ends[a:b]) - ic[a])) for a, b in zip(cuts[:-1], cuts[1:])]
    return [(start, start + width) for start, width in outside(bars, list(silent))]


def median_pieces(steps: FootSteps, silent: Sequence[tuple[float, float]] = (),
                  step_activity: np.ndarray | None = None,
                  span_activity: np.ndarray | None = None,
                  max_stride_s: float = CycleParams.max_stride_s) -> list[tuple[float, float, float]]:
    """A foot's median contact line, as (start_s, end_s, median_ms) pieces in time order: over its
    :func:`step_spans` (broken at a pause longer than ``max_stride_s``, s: the analysis's, ReportData.max_stride_s),
    at the median contact time (ms) of all its steps; in a session of several activities
    (``step_activity``: each step's, (n,), "" for one in none: ReportData.step_activity), over the spans of
    each run of steps of one activity, at that activity's median (its steps', as the Steps table gives it:
    monitor.analysis.activity_contacts.part_contact_s), none over steps of none; the runs are of
    ``span_activity`` where given (each step's activity as known after the session, (n,):
    ReportData.span_activity), so that each median spans its own activity, not the next one's first 10-20 s
    (the recogniser's lag). [] where no step has a contact time."""
    ms = 1e3 * np.asarray(steps.contact_s, dtype=float)
    if not np.isfinite(ms).any():
        return []
    ic, toe_off_s = np.asarray(steps.initial_contact_s, dtype=float), np.asarray(steps.toe_off_s, dtype=float)
    if step_activity is None or len(step_activity) != len(steps):
        return [(a, b, float(np.nanmedian(ms))) for a, b in step_spans(steps, silent, max_stride_s)]
    of_step = np.asarray(step_activity, dtype=str)
    acts = of_step if span_activity is None or len(span_activity) != len(steps) else np.asarray(span_activity,
                                                                                                 dtype=str)
    cuts = [0, *(np.flatnonzero(acts[1:] != acts[:-1]) + 1), acts.size]  # runs of one activity
    out = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        level_ms = 1e3 * part_contact_s(steps, of_step, str(acts[a])) if acts[a] else math.nan
        if np.isfinite(level_ms):
            out += [(lo, hi, level_ms) for lo, hi in _spans(ic[a:b], toe_off_s[a:b], silent, max_stride_s)]
    return out


def several_activities(steps: Mapping[str, FootSteps], step_activity: Mapping[str, np.ndarray] | None) -> bool:
    """Whether some foot's median line is drawn per activity (:func:`median_pieces`): its ``step_activity``
    (each step's, (n,), "" for none) names two activities or more."""
    return any(len(acts) == len(steps[f]) and len({str(a) for a in acts} - {""}) > 1
               for f, acts in (step_activity or {}).items() if f in steps)


def plot_steps(steps: Mapping[str, FootSteps], gait: Mapping[str, Any], timelines: Mapping[str, Timeline],
               axes=None, session_end_s: float | None = None,
               step_activity: Mapping[str, np.ndarray] | None = None,
               span_activity: Mapping[str, np.ndarray] | None = None,
               max_stride_s: float = CycleParams.max_stride_s) -> Figure:
    """Three panels, one bar or line per foot:

    1. footstrike: the share of each foot's steps (with a known strike) per type, rearfoot, midfoot,
       forefoot (``gait["feet"][foot]["strike_pct"]``, %); a foot without one says why in its row
       (:func:`strike_unsaid`: its insole cannot tell a strike, or no step has one);
    2. ground contact time of every step (ms) over session time, big dots when every foot has fewer than
       ``FEW_STEPS`` steps, drawn over its median per foot (dashed, outlined, keyed ``MEDIAN_LABEL``), else small dots
       under it (``MEDIAN_ZORDER``), which show in its gaps; each median spans only where its foot has steps
       (:func:`step_spans`), broken where the foot has none (no data, or a pause longer than ``max_stride_s``,
       s: the analysis's longest stride, its ``cycles.max_stride_s``, ReportData.max_stride_s); in a session of
       several activities (a walk then a run; ``step_activity``: per foot, each step's activity,
       ReportData.step_activity) each activity's median over its own steps, drawn over its span as known
       after the session where ``span_activity`` gives it (ReportData.span_activity; :func:`median_pieces`),
       keyed ``MEDIAN_PER_ACTIVITY_LABEL``;
    3. cadence (steps/min of both feet) of each analysis window, both feet with dots on their lines when
       every foot has fewer than ``FEW_WINDOWS`` windows; a session too short for one says so
       (``NO_WINDOW``), and one whose windows have no cadence says that (``NO_CADENCE``).

    Both time panels start at 0 on the y axis, so a steady run reads as steady. axes : None or three Axes
    (the last two sharing x). session_end_s : the session's end (s): the time panels span the session to it,
    as the report's other figures do, and its length picks the time axis's unit, as the timeline's
    (:func:`monitor.report.plots.timeline.time_unit`); without it, or before the last toe-off or window, the
    axis ends there.
    Returns the Figure.
    """
    if axes is None:
        fig = Figure(figsize=(6.4, 5.6), layout="constrained")
        axes = fig.subplots(3, 1, height_ratios=(1.3, 2.2, 2.0))
    ax_strike, ax_contact, ax_cadence = list(np.asarray(axes, dtype=object).ravel())
    fig = ax_strike.figure
    feet = [f for f in FEET if f in steps and len(steps[f])]
    per_foot = gait.get("feet", {})
    rows = {foot: len(feet) - 1 - i for i, foot in enumerate(feet)}  # left on top
    said = {foot: strike_unsaid(per_foot.get(foot, {})) for foot in feet}
    barred = [f for f in feet if not said[f]]
    for foot in feet:
        if said[foot]:  # no bar of 0 width: the row says why it has none
            ax_strike.text(50.0, rows[foot], said[foot], ha="center", va="center", fontsize=8, color="0.35")
            continue
        left = 0.0
        for kind in STRIKES:
            share = float(per_foot[foot]["strike_pct"][kind])
            ax_strike.barh(rows[foot], share, left=left, color=STRIKE_COLOURS[kind],
                           label=kind if foot == barred[0] else None, height=0.6)
            if share >= 8.0:
                ax_strike.text(left + share / 2, rows[foot], f"{share:.0f} %", ha="center", va="center",
                               fontsize=8, color=text_colour_on(STRIKE_COLOURS[kind]))  # 4.5:1 at least
            left += share
    ax_strike.set_xlim(0, 100)
    if len(barred) < len(feet):  # a row of text alone sets no limits: each row its band, as bars have
        ax_strike.set_ylim(-0.5, len(feet) - 0.5)
    ax_strike.set_yticks([rows[f] for f in feet], [_strike_row_name(f, per_foot.get(f, {}), said[f]) for f in feet],
                         fontsize=8)
    ax_strike.set_xlabel("footstrike (% of steps)", fontsize=9)
    if barred:
        ax_strike.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, 1.45), frameon=False)
    end_s = max([float(np.nanmax(steps[f].toe_off_s)) for f in feet]  # the last step whole, not cut in half
                + [float(timelines[f].t_s[-1]) for f in feet if f in timelines and timelines[f].t_s.size],
                default=0.0)
    if session_end_s is not None:  # the session's time axis, as the report's other figures span it
        end_s = max(end_s, float(session_end_s))
    unit_s, unit = time_unit(end_s)
    top_ms = top_cadence = 0.0
    # a few steps (a short walk) as big dots, many as small ones (one style for both feet)
    few = max((len(steps[f]) for f in feet), default=0) < FEW_STEPS
    dot = dict(ms=5, alpha=0.9, zorder=FEW_DOT_ZORDER) if few else dict(ms=2, alpha=0.5, zorder=DOT_ZORDER)
    # dots on the cadence lines of a short session's few windows, one style for both feet (a foot lost half-way
    # has fewer), as the timeline
    window_dots = max((timelines[f].t_s.size for f in feet if f in timelines), default=0) < FEW_WINDOWS
    for foot in feet:
        s = steps[foot]
        ms = 1e3 * s.contact_s
        ax_contact.plot(s.initial_contact_s / unit_s, ms, ls="none", marker=".", color=FOOT_COLOURS[foot],
                        label=foot, **dot)
        tl = timelines.get(foot)
        pieces = median_pieces(s, tl.silent if tl is not None else (), (step_activity or {}).get(foot),
                               (span_activity or {}).get(foot), max_stride_s)
        if pieces:
            # over the dots, thin, outlined and with the dots in its gaps (MEDIAN_ZORDER); each foot's dashes in
            # the gaps of the other's; only where the foot has steps, one line broken (NaN) between the pieces,
            # each at its median (of its activity's steps in a session of several)
            offset = sum(MEDIAN_DASHES) / 2.0 * FEET.index(foot)
            x = np.array([[a, b, np.nan] for a, b, _ in pieces]).ravel()[:-1] / unit_s
            y = np.array([[m, m, np.nan] for _, _, m in pieces]).ravel()[:-1]
            ax_contact.plot(x, y, color=FOOT_COLOURS[foot], lw=MEDIAN_LW,
                            ls=(offset, MEDIAN_DASHES), zorder=MEDIAN_ZORDER,
                            path_effects=[patheffects.withStroke(linewidth=MEDIAN_OUTLINE_LW, foreground="black")])
        if np.isfinite(ms).any():
            top_ms = max(top_ms, float(np.nanmax(ms)))
        if tl is not None and tl.cadence_per_min.size:
            t_s, cadence = broken(tl.t_s, tl.cadence_per_min, tl.silent)  # no line where no data
            ax_cadence.plot(t_s / unit_s, cadence, color=FOOT_COLOURS[foot], lw=1.2,
                            marker="o" if window_dots else None, ms=3, label=foot)
            if np.isfinite(tl.cadence_per_min).any():
                top_cadence = max(top_cadence, float(np.nanmax(tl.cadence_per_min)))
    ax_contact.set_ylim(0, max(top_ms * 1.1, 1.0))
    ax_contact.set_ylabel("ground contact\n(ms)", fontsize=9)
    ax_cadence.set_ylim(0, max(top_cadence * 1.15, 1.0))
    if feet and not any(f in timelines and np.isfinite(timelines[f].cadence_per_min).any() for f in feet):
        # a few seconds of walking have steps but no window, or windows without a cadence (the 18-s Moticon
        # walk's only window came before its activity was recognised): say so, rather than leave it blank
        windows = any(f in timelines and timelines[f].t_s.size for f in feet)
        ax_cadence.text(0.5, 0.5, NO_CADENCE if windows else NO_WINDOW, transform=ax_cadence.transAxes,
                        ha="center", va="center", fontsize=9, color="0.35")
    ax_cadence.set_ylabel("cadence\n(steps/min)", fontsize=9)
    ax_cadence.set_xlabel(f"session time ({unit})", fontsize=9)
    for ax in (ax_contact, ax_cadence):
        ax.set_xlim(0, max(end_s / unit_s, 1e-9))
        ax.grid(alpha=0.3)
    if feet:
        handles = ax_contact.get_legend_handles_labels()[0]
        if any(ln.get_zorder() == MEDIAN_ZORDER for ln in ax_contact.get_lines()):  # the medians drawn: keyed
            label = MEDIAN_PER_ACTIVITY_LABEL if several_activities(steps, step_activity) else MEDIAN_LABEL
            handles.append(Line2D([], [], color="0.3", ls=(0.0, MEDIAN_DASHES), lw=MEDIAN_LW, label=label,
                                  path_effects=[patheffects.withStroke(linewidth=MEDIAN_OUTLINE_LW,
                                                                       foreground="black")]))
        ax_contact.legend(handles=handles, fontsize=8, loc="lower right", ncols=len(handles),
                          markerscale=1.6 if few else 4)
    for ax in (ax_strike, ax_contact, ax_cadence):
        ax.tick_params(labelsize=8)
    return fig
