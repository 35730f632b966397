"""Forefoot load against an imported ride file's power and crank cadence, one point per second of the
session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from monitor.analysis.ride import drawn_against, share_not_measured
from monitor.codebook import FEET
from monitor.report.plots.palette import FOOT_COLOURS
from monitor.report.plots.regions import _new_axes

#: The x axis of a column of panels, per ride quantity (monitor.analysis.ride.AGAINST).
X_LABELS = {"power_w": "power (W)", "cadence_rpm": "cadence, crank (rpm)"}
#: What the one panel of a ride with neither power nor crank cadence says.
NO_AGAINST = "no power or crank cadence in the ride"
#: The height of a figure of the two rows (inches) and the width of one column of panels.
_HEIGHT_IN, _COLUMN_IN = 5.2, 3.2


def _peak_units(feet: Sequence[str], peak_units: Mapping[str, str] | None) -> dict[str, str]:
    """Each drawn foot's forefoot peak unit (RideReport.peak_units; kPa where not said)."""
    return {f: (peak_units or {}).get(f, "kPa") for f in FEET if f in feet}


def _peak_label(feet: Sequence[str], peak_units: Mapping[str, str] | None) -> str:
    """The forefoot peak's axis label in the feet's unit, as the report's other figures say it
    (monitor.util.pressure_units): kPa, or units (nominal units); of the first foot where they differ (each foot
    then has its own axis, the second's labelled by :func:`_twin_peaks`)."""
    units = _peak_units(feet, peak_units)
    if len(set(units.values())) > 1:
        foot = next(iter(units))
        return f"{foot} forefoot peak ({units[foot]})"
    return f"forefoot peak ({next(iter(units.values()), 'kPa')})"


def _twin_peaks(axes: Sequence, columns: int, foot: str, unit: str) -> list:
    """The second foot's own y axes in the peak row (a twin of each peak panel, sharing one y scale), where the
    feet's peaks are in different units: one axis holds one unit. The last column's says the foot and unit."""
    twins = [axes[columns + k].twinx() for k in range(columns)]
    for twin in twins[1:]:
        twin.sharey(twins[0])
    for twin in twins[:-1]:
        twin.tick_params(labelright=False)
    twins[-1].set_ylabel(f"{foot} forefoot peak ({unit})", fontsize=9, color=FOOT_COLOURS[foot])
    for twin in twins:
        twin.tick_params(labelsize=8)
    return twins


def _unmeasured_words(unmeasured: Sequence[str], feet: Sequence[str]) -> str:
    """What a share panel says of the feet whose share is not measured (RideReport.share_not_measured)."""
    if len(unmeasured) == len([f for f in FEET if f in feet]):
        return "forefoot share not measured\n(not measurable with\nthis insole's sensors)"
    return f"{unmeasured[0]} foot: forefoot share\nnot measured"


def plot_ride_load(joined: pd.DataFrame, feet: tuple[str, ...] = FEET, axes=None,
                   against: Sequence[str] | None = None, peak_units: Mapping[str, str] | None = None) -> Figure:
    """Forefoot share (%) and forefoot peak pressure (kPa; ``peak_units``: foot -> "kPa", or "units" of an
    uncalibrated insole, whose nominal units the axis then says: RideReport.peak_units; feet in different
    units each on their own y axis, the second foot's a twin on the right) of each foot against
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
    units = _peak_units(feet, peak_units)
    drawn = [f for f in FEET if f in feet]
    twins = _twin_peaks(axes, len(columns), drawn[1], units[drawn[1]]) if len(set(units.values())) > 1 else None
    for row, (col, scale, label) in enumerate((("forefoot_share", 100.0, "forefoot share (%)"),
                                               ("forefoot_peak_kpa", 1.0, _peak_label(feet, peak_units)))):
        for k, column in enumerate(columns):
            x = xs[column]
            ax = axes[len(columns) * row + k]
            for foot in drawn:
                y = joined[f"{foot}_{col}"].to_numpy(dtype=float) * scale
                ok = np.isfinite(x) & np.isfinite(y)
                on = twins[k] if twins is not None and row == 1 and foot != drawn[0] else ax
                on.scatter(x[ok], y[ok], s=4, alpha=0.35, color=FOOT_COLOURS[foot], label=foot, linewidths=0)
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
    if any(f in feet for f in FEET):  # on a panel with dots (each foot's, its twin's too)
        keyed = axes[len(columns) if none else 0]
        handles = [h for ax in (keyed, *(twins[:1] if twins and none else ()))
                   for h in ax.get_legend_handles_labels()[0]]
        keyed.legend(handles=handles, fontsize=8, markerscale=3, loc="best")
    return fig
