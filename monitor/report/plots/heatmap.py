"""Per-foot pressure heatmaps on an insole outline, the two feet side by side, seen from above."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from monitor.codebook import FEET, SensorLayout
from monitor.report.maps_data import PressureMap
from monitor.report.plots.arguments import listed, per_foot
from monitor.report.plots.insole import (
    display_x,
    draw_outline,
    field_extent,
    field_for_display,
    spread_field,
)
from monitor.report.plots.units import pressure_unit

CMAP = "turbo"
_STAT_TITLE = {"mean": "Mean pressure while loaded (kPa)", "peak": "Peak pressure (kPa)"}


def _axes_grid(axes, n_rows: int) -> tuple[Figure, list[list[Axes]], bool]:
    """The (n_rows, 2) axes to draw on: the caller's, or a new figure's with the colour bar between feet."""
    if axes is not None:
        grid = np.asarray(axes, dtype=object).reshape(n_rows, 2)
        return grid[0, 0].figure, [list(row) for row in grid], False
    row_h = 4.2
    fig = Figure(figsize=(6.4, row_h * n_rows + 0.2 * (n_rows - 1)))
    grid = []
    for i in range(n_rows):
        top = 1.0 - i / n_rows
        bottom, height = top - 0.92 / n_rows, 0.82 / n_rows
        left = fig.add_axes((0.02, bottom, 0.42, height), anchor="E")
        right = fig.add_axes((0.56, bottom, 0.42, height), anchor="W")
        grid.append([left, right])
    return fig, grid, True


def _titled(stat: str, layouts: Mapping[str, SensorLayout]) -> str:
    """``stat``'s title in the feet's pressure unit (kPa, or nominal units: monitor.report.plots.units)."""
    return _STAT_TITLE[stat].replace("(kPa)", f"({pressure_unit(layouts)})")


def plot_pressure_maps(maps: Mapping[str, PressureMap], layouts: Mapping[str, SensorLayout], *,
                       stats: Sequence[str] = ("mean", "peak"), axes=None) -> Figure:
    """Heatmaps of per-sensor pressure (monitor.report.maps_data.pressure_map) on each foot's insole outline.

    One row per statistic in ``stats`` ("mean", "peak"), one column per foot: the left foot on the left,
    its big toe toward the middle, the right foot on the right, mirrored (monitor.report.plots.insole). Both feet
    of a row share one colour scale from 0 to the row's highest value. Sensor positions are dots. The
    readings are spread over the insole (monitor.report.plots.insole.spread_field) and fade out to the page
    (transparent) away from every sensor, where nothing was measured.

    axes : None, or a (len(stats), 2) array of Axes (left column: left foot). Returns the Figure; each
    foot's axes holds one image whose array is the displayed field (GRID_NY, GRID_NX), row 0 at the heel,
    and whose alpha is the field's reach (0..1).
    """
    maps = per_foot(maps, "maps", "each foot's pressure map", "figure_data(session, result).maps", PressureMap)
    layouts = per_foot(layouts, "layouts", "each foot's sensor layout", "figure_data(session, result).layouts",
                       SensorLayout)
    for stat in listed(stats, "stats", "a sequence of 'mean' and 'peak'", "stats=('mean', 'peak')"):
        if stat not in _STAT_TITLE:
            raise ValueError(f"stat must be 'mean' or 'peak', not {stat!r}")
    fig, grid, own = _axes_grid(axes, len(stats))
    for i, stat in enumerate(stats):
        values = {foot: getattr(maps[foot], f"{stat}_kpa") for foot in FEET if foot in maps}
        finite = [v[np.isfinite(v)] for v in values.values()]
        vmax = max((float(f.max()) for f in finite if f.size), default=0.0)
        vmax = vmax if vmax > 0 else 1.0
        image = None
        for j, foot in enumerate(FEET):
            ax = grid[i][j]
            if foot not in values:
                draw_outline(ax, foot, color="0.75", ls="--")
                ax.text(0.0, 0.5, f"no {foot} insole", ha="center", va="center", fontsize=9, color="0.4")
                continue
            draw_outline(ax, foot)
            layout = layouts[foot]
            # the readings' colour, fading out to the page where no sensor reaches: the colour scale's 0
            # (dark blue) would say 0 kPa where nothing was measured
            field, reach = spread_field(layout.x, layout.y, values[foot])
            image = ax.imshow(field_for_display(foot, field), origin="lower", extent=field_extent(),
                              cmap=CMAP, vmin=0.0, vmax=vmax, interpolation="bilinear",
                              alpha=np.nan_to_num(field_for_display(foot, reach)))
            ax.scatter(display_x(foot, layout.x), layout.y, s=9, facecolor="white", edgecolor="black",
                       linewidth=0.5, zorder=3)
            ax.text(0.5, -0.01, f"{foot} foot", transform=ax.transAxes, ha="center", va="top", fontsize=10)
        if image is None:
            continue
        if own:
            pos = grid[i][0].get_position()
            cax = fig.add_axes((0.485, pos.y0 + 0.1 * pos.height, 0.03, 0.8 * pos.height))
            fig.colorbar(image, cax=cax)
            cax.tick_params(labelsize=8)
            fig.text(0.5, pos.y1 + 0.035 / len(stats), _titled(stat, layouts), ha="center", fontsize=11)
        else:
            fig.colorbar(image, ax=list(grid[i]), label=_titled(stat, layouts), shrink=0.8)
    return fig
