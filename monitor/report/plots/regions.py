"""Per-region bars: mean peak pressure and pressure-time integral per foot, and left/right asymmetry."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from monitor.codebook import ANALYSIS_REGIONS, FEET, region_name
from monitor.report.plots.arguments import one_of, per_foot
from monitor.report.plots.palette import FOOT_COLOURS
from monitor.util.pressure_units import KPA, FigureUnits, pressure_unit, units_differ, units_of

#: An asymmetry bar whose side the session does not name (even, or too short to tell): grey.
EVEN_COLOUR = "0.65"
#: What each panel of the region bars says when there is no bar to draw: no foot in the summary (``{}``), or
#: no analysis region measured on any foot.
NO_FOOT = "no data: the summary holds no foot"
NO_REGION = "no data: no region was measured"
#: What an asymmetry row with no index says where its bar would be (a forefoot share on an insole without
#: sensors under the heel or midfoot, as the timeline and the table say it).
NOT_MEASURED = "not measured"
#: What a PTI row says there where one foot is in kPa and the other in nominal units (``pti_not_compared``).
NOT_COMPARED = f"not compared: kPa and {pressure_unit(calibrated=False)}"


def _new_axes(axes, n: int, size: tuple[float, float], rows: int = 1):
    """(figure, ``n`` axes): the given ones (checked), or a new figure of ``size`` (inches) with ``rows``
    rows of axes, the first ``n`` in reading order."""
    if axes is not None:
        axes = list(np.atleast_1d(np.asarray(axes, dtype=object)).ravel())
        if len(axes) != n:
            raise ValueError(f"{n} axes needed, {len(axes)} given")
        return axes[0].figure, axes
    fig = Figure(figsize=size, layout="constrained")
    return fig, list(np.atleast_1d(fig.subplots(rows, -(-n // rows))).ravel())[:n]


def plot_region_bars(summary: Mapping[str, Mapping[str, Any]], axes=None, *, units: FigureUnits = KPA) -> Figure:
    """Mean per-cycle peak pressure (kPa) and pressure-time integral (kPa s) of each analysis region, the
    two feet side by side (AnalysisResult.summary(): ``{foot: {"regions": {region: {peak_kpa,
    pti_kpa_s}}}}``). Regions run heel at the bottom to toes at the top, every analysis region once some is
    measured; a region no foot's insole measures (the heel and midfoot on ORPHE INSOLE) says
    ``NOT_MEASURED`` where its bars would be, as the asymmetry figure does. A summary without a foot (``{}``) or
    without a region has each panel say there is no data (``NO_FOOT``, ``NO_REGION``).

    axes : None or two Axes (peak, PTI); the foot legend goes under a new figure's panels, or where it hides
    least on given axes. units : the unit words the titles say, the session's or each foot's
    (monitor.util.pressure_units; KPA, or ReportData.foot_units: nominal units from an uncalibrated insole).
    Feet in different units (one insole calibrated, one not) never share an axis: in each panel the second
    foot's bars are on a twin x axis at the top, each axis labelled with its foot and unit. Returns the
    Figure.
    """
    summary = per_foot(summary, "summary", "each foot's summary",
                       "figure_data(session, result).summary or result.summary()", Mapping)
    own = axes is None
    fig, (ax_peak, ax_pti) = _new_axes(axes, 2, (6.4, 3.8))
    feet = [f for f in FEET if f in summary]
    measured = {key: {r for f in feet for r, v in (summary[f].get("regions") or {}).items()
                      if v.get(key) is not None and math.isfinite(float(v[key]))}
                for key in ("peak_kpa", "pti_kpa_s")}  # the regions with a bar in each panel
    regions = list(ANALYSIS_REGIONS) if any(r in (summary[f].get("regions") or {}) for f in feet
                                            for r in ANALYSIS_REGIONS) else []
    if not regions:
        for ax in (ax_peak, ax_pti):
            ax.text(0.5, 0.5, NO_REGION if feet else NO_FOOT, ha="center", va="center", transform=ax.transAxes,
                    fontsize=9, color="0.35")
            ax.set_axis_off()
        return fig
    y = np.arange(len(regions))
    h = 0.8 / max(len(feet), 1)
    apart = units_differ(units, feet)  # each foot on its own x axis, with its unit
    keyed: list = []  # the peak panel's bars, one per foot, for the legend
    for ax, key, title, unit in ((ax_peak, "peak_kpa", "mean peak pressure", "pressure"),
                                 (ax_pti, "pti_kpa_s", "pressure-time integral", "pti")):
        for k, foot in enumerate(feet):
            regs = summary[foot].get("regions") or {}
            vals = [regs.get(r, {}).get(key) for r in regions]
            vals = [math.nan if v is None else float(v) for v in vals]
            on = ax.twiny() if apart and k else ax
            bars = on.barh(y + ((len(feet) - 1) / 2 - k) * h, vals, height=h, color=FOOT_COLOURS[foot], label=foot)
            if ax is ax_peak:
                keyed.append(bars)
            if apart:
                on.set_xlabel(f"{foot} ({getattr(units_of(units, foot), unit)})", fontsize=8,
                              color=FOOT_COLOURS[foot])
                on.tick_params(axis="x", labelsize=8)
        if not apart:
            title += f" ({getattr(units_of(units, feet[0]), unit)})"
        for i in (i for i, r in enumerate(regions) if r not in measured[key]):  # no bar: say why
            _say_not_measured(ax, i)
        ax.set_yticks(y, [region_name(r) for r in regions], fontsize=8)
        ax.set_ylim(-0.6, len(regions) - 0.4)  # every row, one with no bar too (the limits stopped at the last bar)
        ax.set_title(title, fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", alpha=0.3)
    ax_pti.set_yticklabels([])
    if feet and own:  # under the panels, never over a bar (a walk's heel bars reach the right corner)
        fig.legend(keyed, feet, fontsize=8, loc="outside lower center", ncols=len(feet), frameon=False)
    elif feet:
        ax_peak.legend(keyed, feet, fontsize=8, loc="best")
    return fig


def _say_not_measured(ax, row: int, why: str = NOT_MEASURED) -> None:
    """``why`` on row ``row`` (y, data units) of ``ax``, where its bar would start: just right of x = 0 (a few
    points, clear of the zero line the asymmetry figure draws there), in grey."""
    ax.text(0.0, row, why, transform=offset_copy(ax.transData, fig=ax.figure, x=4.0, y=0.0, units="points"),
            ha="left", va="center", fontsize=8, color="0.35", zorder=3)


def plot_asymmetry(asymmetry: Mapping[str, Any], ax=None) -> Figure:
    """Left/right asymmetry index 100 x (L - R) / mean(L, R) (AnalysisResult.asymmetry()) of the forefoot
    share and of each region's pressure-time integral; positive: more on the left. A bar is in its side's
    colour only where the session's windows name that side (``*_side``: monitor.analysis.asymmetry), grey
    where they say even or cannot tell; a black line across it is the 95 % interval of the per-window
    index (``*_interval_pct``), where there is one. A row with no index (None: a forefoot share on an insole
    without sensors under the heel or midfoot) says ``NOT_MEASURED`` where its bar would be, a PTI row
    ``NOT_COMPARED`` where the feet are in different units (``pti_not_compared``). Returns the Figure."""
    asymmetry = one_of(asymmetry, "asymmetry", "the left/right asymmetry of an analysis",
                       "result.asymmetry() or figure_data(session, result).asymmetry", Mapping)
    if ax is None:
        fig = Figure(figsize=(6.4, 3.4), layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    rows = [("forefoot share", asymmetry.get("forefoot_share_pct"), asymmetry.get("forefoot_share_interval_pct"),
             asymmetry.get("forefoot_share_side"))]
    pti = asymmetry.get("pti_pct") or {}
    ivs, sides = asymmetry.get("pti_interval_pct") or {}, asymmetry.get("pti_side") or {}
    rows += [(f"PTI {region_name(r)}", pti.get(r), ivs.get(r), sides.get(r)) for r in ANALYSIS_REGIONS if r in pti]
    if not asymmetry:
        ax.text(0.5, 0.5, "one foot only: no asymmetry", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    rows = rows[::-1]
    labels = [row[0] for row in rows]
    vals = np.array([math.nan if row[1] is None else float(row[1]) for row in rows])
    colours = [FOOT_COLOURS.get(row[3] or "", EVEN_COLOUR) for row in rows]
    y = np.arange(len(rows))
    ax.barh(y, vals, color=colours)
    not_compared = bool(asymmetry.get("pti_not_compared"))
    for i in np.flatnonzero(~np.isfinite(vals)):  # a row with no index says why it has no bar
        _say_not_measured(ax, int(i), NOT_COMPARED if not_compared and labels[i].startswith("PTI ") else NOT_MEASURED)
    spans = [(i, iv) for i, (_, _, iv, _) in enumerate(rows) if iv is not None]
    if spans:
        ax.errorbar([sum(iv) / 2 for _, iv in spans], [i for i, _ in spans],
                    xerr=[(iv[1] - iv[0]) / 2 for _, iv in spans], fmt="none", ecolor="black", elinewidth=1.0,
                    capsize=3)
    ends = [abs(x) for _, iv in spans for x in iv]
    ax.axvline(0.0, color="0.3", lw=0.8)
    lim = max(10.0, float(np.nanmax([*np.abs(vals), *ends])) * 1.15) if np.isfinite(vals).any() else 10.0
    ax.set_xlim(-lim, lim)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(-0.6, len(rows) - 0.4)  # every row, one with no bar too (the limits stopped at the last bar)
    ax.set_xlabel("asymmetry index (%): more on the right  <  0  >  more on the left", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    return fig
