"""A walk or a run step by step: footstrike types per foot, ground contact time and cadence over the session."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from monitor.analysis.steps import STRIKES, FootSteps
from monitor.analysis.strike import strike_unmeasured_short
from monitor.codebook import FEET
from monitor.report.plots.palette import FOOT_COLOURS, STRIKE_COLOURS
from monitor.report.plots.timeline import NO_WINDOW, time_unit
from monitor.report.timeline_data import Timeline, broken

#: Fewer steps per foot than this are drawn as big dots (a guess: as many as can be told apart across the
#: panel, as the timeline's dots on fewer than 30 windows); more as small ones. Either is drawn over the median
#: lines (zorder: ``DOT_ZORDER`` over ``MEDIAN_ZORDER``): a steady walk's or run's contact times lie on their median.
FEW_STEPS = 30
DOT_ZORDER, MEDIAN_ZORDER = 4, 3
#: The contact panel's legend key of the median lines (each foot's in its colour, dashed).
MEDIAN_LABEL = "median"
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


def plot_steps(steps: Mapping[str, FootSteps], gait: Mapping[str, Any], timelines: Mapping[str, Timeline],
               axes=None, session_end_s: float | None = None) -> Figure:
    """Three panels, one bar or line per foot:

    1. footstrike: the share of each foot's steps (with a known strike) per type, rearfoot, midfoot,
       forefoot (``gait["feet"][foot]["strike_pct"]``, %); a foot without one says why in its row
       (:func:`strike_unsaid`: its insole cannot tell a strike, or no step has one);
    2. ground contact time of every step (ms) over session time, big dots when every foot has fewer than
       ``FEW_STEPS`` steps, and its median per foot (dashed, keyed "median"), drawn under the dots;
    3. cadence (steps/min of both feet) of each analysis window; a session too short for one says so
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
                               fontsize=8, color="white")
            left += share
    ax_strike.set_xlim(0, 100)
    if len(barred) < len(feet):  # a row of text alone sets no limits: each row its band, as bars have
        ax_strike.set_ylim(-0.5, len(feet) - 0.5)
    ax_strike.set_yticks([rows[f] for f in feet], feet, fontsize=8)
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
    # a few steps (a short walk) as big dots, many as small ones (one style for both feet); over the median
    # lines, which hid them: a steady walk's or run's contact times lie on their median
    few = max((len(steps[f]) for f in feet), default=0) < FEW_STEPS
    dot = dict(ms=5, alpha=0.9) if few else dict(ms=2, alpha=0.5)
    for foot in feet:
        s = steps[foot]
        ms = 1e3 * s.contact_s
        ax_contact.plot(s.initial_contact_s / unit_s, ms, ls="none", marker=".", color=FOOT_COLOURS[foot],
                        label=foot, zorder=DOT_ZORDER, **dot)
        if np.isfinite(ms).any():
            # under the dots, outlined in white so that it shows between them in a run's dense band
            ax_contact.axhline(float(np.nanmedian(ms)), color=FOOT_COLOURS[foot], ls="--", lw=1.4,
                               zorder=MEDIAN_ZORDER,
                               path_effects=[patheffects.withStroke(linewidth=3.0, foreground="white")])
            top_ms = max(top_ms, float(np.nanmax(ms)))
        tl = timelines.get(foot)
        if tl is not None and tl.cadence_per_min.size:
            t_s, cadence = broken(tl.t_s, tl.cadence_per_min, tl.silent)  # no line where no data
            ax_cadence.plot(t_s / unit_s, cadence, color=FOOT_COLOURS[foot], lw=1.2,
                            marker="o" if tl.t_s.size < 30 else None, ms=3, label=foot)
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
        if any(ln.get_linestyle() == "--" for ln in ax_contact.get_lines()):  # the median lines drawn: keyed
            handles.append(Line2D([], [], color="0.3", ls="--", lw=1.4, label=MEDIAN_LABEL))
        ax_contact.legend(handles=handles, fontsize=8, loc="lower right", ncols=len(handles),
                          markerscale=1.6 if few else 4)
    for ax in (ax_strike, ax_contact, ax_cadence):
        ax.tick_params(labelsize=8)
    return fig
