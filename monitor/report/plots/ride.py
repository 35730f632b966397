"""Forefoot load against a bike computer's power and cadence, one point per second of the session."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from monitor.codebook import FEET
from monitor.report.plots.regions import FOOT_COLOURS, _new_axes


def plot_ride_load(joined: pd.DataFrame, feet: tuple[str, ...] = FEET, axes=None) -> Figure:
    """Forefoot share (%) and forefoot peak pressure (kPa) of each foot against power (W) and against
    crank cadence (rpm; coasting, 0 rpm, left out), one dot per second
    (monitor.analysis.ride.joined_seconds). axes : None or four Axes (share/power, share/cadence,
    peak/power, peak/cadence). Returns the Figure."""
    if axes is None:
        fig = Figure(figsize=(6.4, 5.2), layout="constrained")
        axes = fig.subplots(2, 2, sharey="row")
    fig, axes = _new_axes(axes, 4, (6.4, 5.2))
    power = joined["power_w"].to_numpy(dtype=float)
    cadence = joined["cadence_rpm"].to_numpy(dtype=float)
    cadence = np.where(cadence > 0, cadence, np.nan)
    for row, (col, scale, label) in enumerate((("forefoot_share", 100.0, "forefoot share (%)"),
                                               ("forefoot_peak_kpa", 1.0, "forefoot peak (kPa)"))):
        for k, (x, xlabel) in enumerate(((power, "power (W)"), (cadence, "cadence, crank (rpm)"))):
            ax = axes[2 * row + k]
            for foot in [f for f in FEET if f in feet]:
                y = joined[f"{foot}_{col}"].to_numpy(dtype=float) * scale
                ok = np.isfinite(x) & np.isfinite(y)
                ax.scatter(x[ok], y[ok], s=4, alpha=0.35, color=FOOT_COLOURS[foot], label=foot, linewidths=0)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=8)
            if row == 1:
                ax.set_xlabel(xlabel, fontsize=9)
            if k == 0:
                ax.set_ylabel(label, fontsize=9)
    if any(f in feet for f in FEET):
        axes[0].legend(fontsize=8, markerscale=3, loc="best")
    return fig
