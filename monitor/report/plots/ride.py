"""Forefoot load against an imported ride file's power and crank cadence, one point per second of the
session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from monitor.analysis.ride import drawn_against, share_not_measured
from monitor.codebook import FEET
from monitor.report.plots.regions import FOOT_COLOURS, _new_axes

#: The x axis of a column of panels, per ride quantity (monitor.analysis.ride.AGAINST).
X_LABELS = {"power_w": "power (W)", "cadence_rpm": "cadence, crank (rpm)"}
#: What the one panel of a ride with neither power nor crank cadence says.
NO_AGAINST = "no power or crank cadence in the ride"
#: The height of a figure of the two rows (inches) and the width of one column of panels.
_HEIGHT_IN, _COLUMN_IN = 5.2, 3.2


def _peak_label(feet: Sequence[str], peak_units: Mapping[str, str] | None) -> str:
    """The forefoot peak's axis label in the feet's unit, as the report's other figures say it
    (monitor.report.units): kPa, units (nominal units), or each foot's where they differ."""
    units = {f: (peak_units or {}).get(f, "kPa") for f in FEET if f in feet}
    if len(set(units.values())) > 1:
        return "forefoot peak (" + ", ".join(f"{f} {u}" for f, u in units.items()) + ")"
    return f"forefoot peak ({next(iter(units.values()), 'kPa')})"


def _unmeasured_words(unmeasured: Sequence[str], feet: Sequence[str]) -> str:
    """What a share panel says of the feet whose share is not measured (RideReport.share_not_measured)."""
    if len(unmeasured) == len([f for f in FEET if f in feet]):
        return "forefoot share not measured\n(not measurable with\nthis insole's sensors)"
    return f"{unmeasured[0]} foot: forefoot share\nnot measured"


def plot_ride_load(joined: pd.DataFrame, feet: tuple[str, ...] = FEET, axes=None,
                   against: Sequence[str] | None = None, peak_units: Mapping[str, str] | None = None) -> Figure:
    """Forefoot share (%) and forefoot peak pressure (kPa; ``peak_units``: foot -> "kPa", or "units" of an
    uncalibrated insole, whose nominal units the axis then says: RideReport.peak_units) of each foot against
    power (W) and against
    crank cadence (rpm; coasting, 0 rpm, left out), one dot per second
    (monitor.analysis.ride.joined_seconds). ``against``: the columns drawn, one column of two panels each
    (None: those the ride has a value of, monitor.analysis.ride.drawn_against: a ride without crank cadence,
    or a session on foot whose file's cadence is left out, has no cadence column and no empty panels).
    axes : None or two Axes per column drawn (share/power, share/cadence, peak/power, peak/cadence: row by
    row); with none drawn, one Axes saying so (NO_AGAINST). A foot whose share is not measured (peaks, no
    share: monitor.analysis.ride.share_not_measured) is said so on the share panels. Returns the Figure."""
    columns = list(drawn_against(joined) if against is None else against)
    if not columns:
        fig, (ax,) = _new_axes(axes, 1, (_COLUMN_IN, _HEIGHT_IN / 2))
        ax.text(0.5, 0.5, NO_AGAINST, ha="center", va="center", transform=ax.transAxes, fontsize=9, color="0.35")
        ax.set_axis_off()
        return fig
    if axes is None:
        fig = Figure(figsize=(_COLUMN_IN * len(columns), _HEIGHT_IN), layout="constrained")
        axes = fig.subplots(2, len(columns), sharey="row", squeeze=False)
    fig, axes = _new_axes(axes, 2 * len(columns), (_COLUMN_IN * len(columns), _HEIGHT_IN))
    unmeasured = share_not_measured(joined, tuple(f for f in FEET if f in feet))
    xs = {"power_w": joined["power_w"].to_numpy(dtype=float)}
    cadence = joined["cadence_rpm"].to_numpy(dtype=float)
    xs["cadence_rpm"] = np.where(cadence > 0, cadence, np.nan)
    for row, (col, scale, label) in enumerate((("forefoot_share", 100.0, "forefoot share (%)"),
                                               ("forefoot_peak_kpa", 1.0, _peak_label(feet, peak_units)))):
        for k, column in enumerate(columns):
            x = xs[column]
            ax = axes[len(columns) * row + k]
            for foot in [f for f in FEET if f in feet]:
                y = joined[f"{foot}_{col}"].to_numpy(dtype=float) * scale
                ok = np.isfinite(x) & np.isfinite(y)
                ax.scatter(x[ok], y[ok], s=4, alpha=0.35, color=FOOT_COLOURS[foot], label=foot, linewidths=0)
            if row == 0 and unmeasured:  # an empty panel says why: the insole cannot tell the share
                ax.text(0.5, 0.5, _unmeasured_words(unmeasured, feet), transform=ax.transAxes, ha="center",
                        va="center", fontsize=8, color="0.35", wrap=True)
                if len(unmeasured) == len(feet):
                    ax.set_ylim(0, 100)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=8)
            if row == 1:
                ax.set_xlabel(X_LABELS[column], fontsize=9)
            if k == 0:
                ax.set_ylabel(label, fontsize=9)
    none = bool(unmeasured) and len(unmeasured) == len([f for f in FEET if f in feet])
    for k in range(len(columns)) if none else ():  # the empty share panels on their column's power or cadence
        axes[k].set_xlim(axes[len(columns) + k].get_xlim())
    if any(f in feet for f in FEET):  # on a panel with dots
        axes[len(columns) if none else 0].legend(fontsize=8, markerscale=3, loc="best")
    return fig
