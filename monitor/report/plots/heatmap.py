"""Per-foot pressure heatmaps on an insole outline, the two feet side by side, seen from above."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

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
from monitor.util.pressure_units import foot_units, session_units, units_differ, units_of

CMAP = "turbo"
#: Each statistic's title, with the session's pressure unit (monitor.util.pressure_units: kPa, or nominal units).
_STAT_TITLE = {"mean": "Mean pressure while loaded ({})", "peak": "Peak pressure ({})"}


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


def _top(values: Mapping[str, np.ndarray], feet) -> float:
    """The colour scale's top: the highest finite value of ``feet`` in ``values`` (1.0 where none is above 0)."""
    finite = [values[f][np.isfinite(values[f])] for f in feet]
    vmax = max((float(f.max()) for f in finite if f.size), default=0.0)
    return vmax if vmax > 0 else 1.0


#: Room (pt) left between a foot's colour-bar text and the figure's edge (a guess: a hair's breadth).
_EDGE_PT = 3.0


class _OuterBarLocator:
    """Places a foot's colour bar at ``rect`` (figure fractions: x0, y0, width, height) or, where its tick
    labels and label (on the bar's outer side) would run past the figure's edge at the size it is drawn,
    toward the middle by as much as they need, ``_EDGE_PT`` from the edge: the text keeps its size in pt
    while a narrower drawing (the report's phone drawing, monitor.report.phone_images) narrows the figure.
    Called by matplotlib (an axes locator) each time the figure is drawn."""

    def __init__(self, rect: tuple[float, float, float, float], foot: str):
        self.rect, self.foot = rect, foot

    def __call__(self, ax: Axes, renderer) -> Bbox:
        x0, y0, w, h = self.rect
        fig_px = ax.figure.bbox.width
        text = ax.yaxis.get_tightbbox(renderer)  # tick labels and label, display px
        if text is not None and fig_px > 0:
            edge_px = _EDGE_PT * ax.figure.dpi / 72.0
            if self.foot == "left":
                x0 = max(x0, (ax.bbox.x0 - text.x0 + edge_px) / fig_px)
            else:
                x0 = min(x0, 1.0 - (text.x1 - ax.bbox.x1 + edge_px) / fig_px - w)
        return Bbox.from_bounds(x0, y0, w, h)


def _foot_colorbar(fig: Figure, ax: Axes, image, foot: str, unit: str, own: bool) -> None:
    """A foot's own colour bar, labelled "left foot (kPa)": on a new figure at the foot's outer side (the
    insole is drawn toward the middle), its text inside the figure (_OuterBarLocator), else beside the
    caller's axes."""
    label = f"{foot} foot ({unit})"
    if not own:
        fig.colorbar(image, ax=ax, label=label, shrink=0.8)
        return
    pos = ax.get_position()
    rect = (0.075 if foot == "left" else 0.9, pos.y0 + 0.1 * pos.height, 0.025, 0.8 * pos.height)
    cax = fig.add_axes(rect)
    cax.set_axes_locator(_OuterBarLocator(rect, foot))
    bar = fig.colorbar(image, cax=cax, label=label)
    if foot == "left":
        cax.yaxis.set_ticks_position("left")
        cax.yaxis.set_label_position("left")
    bar.ax.tick_params(labelsize=8)


def plot_pressure_maps(maps: Mapping[str, PressureMap], layouts: Mapping[str, SensorLayout], *,
                       stats: Sequence[str] = ("mean", "peak"), axes=None) -> Figure:
    """Heatmaps of per-sensor pressure (monitor.report.maps_data.pressure_map) on each foot's insole outline.

    One row per statistic in ``stats`` ("mean", "peak"), one column per foot: the left foot on the left,
    its big toe toward the middle, the right foot on the right, mirrored (monitor.report.plots.insole). Both feet
    of a row share one colour scale from 0 to the row's highest value, in the unit of ``layouts`` (kPa, or
    nominal units from an uncalibrated insole: monitor.util.pressure_units); feet in different units (one insole
    calibrated, one not) each have their own scale from 0 to their own highest value and their own colour
    bar, on the foot's outer side, saying the foot and its unit: one scale holds one unit. Sensor positions
    are dots. The
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
    unit = session_units(layouts).pressure
    own_units = foot_units(layouts)
    apart = units_differ(own_units, [f for f in FEET if f in maps])
    for i, stat in enumerate(stats):
        values = {foot: getattr(maps[foot], f"{stat}_kpa") for foot in FEET if foot in maps}
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
                              cmap=CMAP, vmin=0.0, vmax=_top(values, [foot] if apart else values),
                              interpolation="bilinear", alpha=np.nan_to_num(field_for_display(foot, reach)))
            if apart:  # its own scale, in its own unit
                _foot_colorbar(fig, ax, image, foot, units_of(own_units, foot).pressure, own)
            ax.scatter(display_x(foot, layout.x), layout.y, s=9, facecolor="white", edgecolor="black",
                       linewidth=0.5, zorder=3)
            ax.text(0.5, -0.01, f"{foot} foot", transform=ax.transAxes, ha="center", va="top", fontsize=10)
        if image is None:
            continue
        if apart:
            title = _STAT_TITLE[stat].format("own scale per foot")  # its unit on its bar: fits a phone
            if own:
                pos = grid[i][0].get_position()
                fig.text(0.5, pos.y1 + 0.035 / len(stats), title, ha="center", fontsize=11)
            else:
                grid[i][0].figure.suptitle(title, fontsize=11)
        elif own:
            pos = grid[i][0].get_position()
            cax = fig.add_axes((0.485, pos.y0 + 0.1 * pos.height, 0.03, 0.8 * pos.height))
            fig.colorbar(image, cax=cax)
            cax.tick_params(labelsize=8)
            fig.text(0.5, pos.y1 + 0.035 / len(stats), _STAT_TITLE[stat].format(unit), ha="center", fontsize=11)
        else:
            fig.colorbar(image, ax=list(grid[i]), label=_STAT_TITLE[stat].format(unit), shrink=0.8)
    return fig
