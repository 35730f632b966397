"""Cycle-averaged pressure per region, and the cycle-averaged centre-of-pressure path on the insole."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from monitor.codebook import ANALYSIS_REGIONS, FEET, SensorLayout, region_name
from monitor.report.cycles_data import CycleCurves
from monitor.report.plots.arguments import per_foot
from monitor.report.plots.insole import display_x, draw_outline
from monitor.report.plots.palette import REGION_COLOURS
from monitor.util.pressure_units import KPA, FigureUnits, units_differ, units_of

_X_LABEL = {"stance": "stance (% from initial contact to toe-off)",
            "stroke": "{stroke} (% of the cycle, from one force minimum to the next)"}
#: A stroke on the bike (a stair-climber's or an elliptical's goes up and down, or round without a crank).
_PEDAL_STROKE = "pedal stroke (% of a revolution, from the force minimum)"


def _two_axes(axes, size: tuple[float, float], **kw):
    if axes is not None:
        axes = list(np.asarray(axes, dtype=object).ravel())
        if len(axes) != 2:
            raise ValueError(f"2 axes needed (left, right), {len(axes)} given")
        return axes[0].figure, axes
    fig = Figure(figsize=size, layout="constrained")
    return fig, list(fig.subplots(1, 2, **kw))


def plot_cycle_curves(curves: Mapping[str, CycleCurves | None], axes=None, *,
                      cycling: bool = False, stroke: str = "stroke", units: FigureUnits = KPA) -> Figure:
    """Region peak pressure over a time-normalised cycle (monitor.report.cycles_data.cycle_curves): mean across
    cycles as a line, mean ± one standard deviation as a band; a panel per foot (left, right), one
    colour per region. ``cycling``: the strokes are pedal revolutions (said so in the title; else a stroke
    is a cycle from one force minimum to the next, as on a stair-climber). ``stroke``: the word for such a
    cycle off the bike (monitor.report.cycle_words.stroke_noun: "step" on a stair-climber). ``units``: the
    unit words the axis says, the session's or each foot's (monitor.util.pressure_units; ReportData.foot_units). The
    panels share their y axis, but where the feet are in different units (one insole calibrated, one not):
    then each panel has its own, its foot's unit on it. axes : None or two Axes. Returns the Figure."""
    curves = per_foot(curves, "curves", "each foot's cycle curves, CycleCurves or None",
                      "figure_data(session, result).curves", CycleCurves, allow_none=True)
    drawn = [f for f in FEET if curves.get(f) is not None]
    apart = units_differ(units, drawn)  # one axis, one unit
    fig, axs = _two_axes(axes, (6.4, 3.6), sharey=not apart)
    kinds = set()
    shown: list[str] = []
    for ax, foot in zip(axs, FEET):
        c = curves.get(foot)
        if c is None:
            ax.text(0.5, 0.5, f"{foot}: no complete cycle", ha="center", va="center", transform=ax.transAxes,
                    fontsize=9, color="0.4")
            ax.set_title(f"{foot} foot", fontsize=10)
            continue
        kinds.add(c.kind)
        for i, region in enumerate(c.regions):
            colour = REGION_COLOURS[region]
            ax.fill_between(c.phase_pct, c.mean_kpa[i] - c.sd_kpa[i], c.mean_kpa[i] + c.sd_kpa[i],
                            color=colour, alpha=0.15, lw=0)
            ax.plot(c.phase_pct, c.mean_kpa[i], color=colour, lw=1.3)
            if region not in shown:
                shown.append(region)
        noun = stroke if c.kind == "stroke" and not cycling else c.kind
        ax.set_title(f"{foot} foot ({c.n_cycles} {noun}{'s' if c.n_cycles != 1 else ''})", fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"% of the {noun}", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax, foot in zip(axs, FEET) if apart else ((axs[0], (drawn or [*curves, FEET[0]])[0]),):
        ax.set_ylabel(f"region peak pressure ({units_of(units, foot).pressure})", fontsize=9)
    if shown:
        handles = [Line2D([], [], color=REGION_COLOURS[r], lw=2, label=region_name(r))
                   for r in ANALYSIS_REGIONS if r in shown]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)  # fits 4.2 in
    if len(kinds) == 1:
        kind = kinds.pop()
        label = _PEDAL_STROKE if kind == "stroke" and cycling else _X_LABEL[kind].format(stroke=stroke)
        fig.suptitle(label + ": mean \u00b1 sd", fontsize=10)
    return fig


def plot_cop_paths(curves: Mapping[str, CycleCurves | None], layouts: Mapping[str, SensorLayout],
                   axes=None) -> Figure:
    """The cycle-averaged centre-of-pressure path of each foot on its insole outline, seen from above
    (left foot on the left, big toes toward the middle), coloured from the cycle's start (dark) to its
    end (light); a dot marks the start. axes : None or two Axes (left, right). Returns the Figure."""
    curves = per_foot(curves, "curves", "each foot's cycle curves, CycleCurves or None",
                      "figure_data(session, result).curves", CycleCurves, allow_none=True)
    layouts = per_foot(layouts, "layouts", "each foot's sensor layout", "figure_data(session, result).layouts",
                       SensorLayout)
    fig, axs = _two_axes(axes, (4.4, 4.8))
    for ax, foot in zip(axs, FEET):
        draw_outline(ax, foot)
        c = curves.get(foot)
        if foot in layouts:
            lay = layouts[foot]
            ax.scatter(display_x(foot, lay.x), lay.y, s=7, color="0.7", zorder=2)
        ax.text(0.5, -0.01, f"{foot} foot", transform=ax.transAxes, ha="center", va="top", fontsize=10)
        if c is None:
            continue
        ok = np.isfinite(c.cop_x) & np.isfinite(c.cop_y)
        x, y = display_x(foot, c.cop_x[ok]), c.cop_y[ok]
        if x.size < 2:
            continue
        seg = np.stack((np.column_stack((x[:-1], y[:-1])), np.column_stack((x[1:], y[1:]))), axis=1)
        lines = LineCollection(seg, cmap="viridis", linewidths=2.5, zorder=3)
        lines.set_array(c.phase_pct[ok][:-1])
        ax.add_collection(lines)
        ax.plot(x[:1], y[:1], "o", color="black", ms=5, zorder=4)
    fig.suptitle("centre of pressure over the average cycle", fontsize=10)
    return fig
