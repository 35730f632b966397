"""Before and after as a figure: paired bars of the regional peak pressure per foot, verdicts marked.

Two drawings: the desktop's (``plot_comparison``: both feet side by side on one axis, 10 in wide) and a
phone's (``plot_comparison_phone``: a panel per foot, stacked, ``PHONE_WIDTH_IN`` wide, the legend in one
column), because a legend's columns cannot be reflowed once it is built and the desktop drawing shown on a
390-px phone (about 372 px wide) showed its 8-pt legend at about 4 CSS px.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from monitor.analysis.compare import Comparison, MetricChange
from monitor.codebook import ANALYSIS_REGIONS, region_name
from monitor.report.phone_images import PHONE_WIDTH_IN, wrap_to_width
from monitor.report.plots.arguments import one_of
from monitor.util.pressure_units import unit_name

BEFORE_COLOUR = "#bdbdbd"
#: The after bar's colour and the mark above it, by verdict (the mark keeps it readable without colour).
AFTER_STYLE = {
    "better": ("#1a9850", "\u25bc"),
    "worse": ("#d73027", "\u25b2"),
    "same": ("#5f5f5f", ""),
    "neutral": ("#5f5f5f", ""),
}
_TITLE = "Peak pressure by region, before and after"
_Y_LABEL = "mean peak pressure per cycle (kPa)"
#: Text size of the legend and of the verdicts' marks (pt). The page's column is at most 768 CSS px wide
#: (50 rem less its padding, monitor/report/html.py): the desktop drawing, 1000 px at 100 dpi, shows 10 pt
#: there at 10.7 CSS px (9 pt was 9.6, under the 10 px a desktop drawing's text needs,
#: monitor.report.phone_images.DESKTOP_LEGIBLE_PX), and the phone drawing, 420 px shown about 372 px wide on
#: a 390-px phone, at 12 px. The desktop drawing's 10 pt reaches 10 px in a column 720 px wide: narrower
#: screens get the phone drawing (phone_images.phone_media).
_LEGEND_PT = 10
#: What a legend column holds besides its label (em of the legend's text): matplotlib's key (2 em), the
#: space after it (0.8 em), between columns (2 em) and the legend's border padding (0.4 em each side), and
#: 0.4 em to spare (a guess).
_LEGEND_KEY_EM = 6.0
#: Height of one foot's panel in the phone drawing (inches; a guess that leaves the bars as tall as the
#: desktop's) and of the title, legend and margins around the panels.
_PHONE_PANEL_IN, _PHONE_FRAME_IN = 2.9, 1.6


def _unit(comparison: Comparison) -> str:
    """The drawn bars' unit: "kPa", or "nominal units" where every insole drawn is uncalibrated (a foot whose
    sessions' units differ is not drawn: :func:`_apart`)."""
    drawn = {f for f, _ in _by_foot(comparison)}
    calibrated = {cal for c in comparison.changes if c.metric == "peak_kpa" and c.foot in drawn
                  for cal in c.calibrated}
    return unit_name(calibrated=calibrated != {False})


def _y_label(comparison: Comparison) -> str:
    return _Y_LABEL.replace("(kPa)", f"({_unit(comparison)})")


def _apart(comparison: Comparison) -> list[str]:
    """The feet whose peaks are in kPa in one session and in nominal units in the other (an uncalibrated
    insole, MetricChange.mixed_units): no bar of theirs is set beside the other's, as the table judges none."""
    return [f for f in comparison.feet
            if any(c.mixed_units for c in comparison.changes if c.metric == "peak_kpa" and c.foot == f)]


def apart_note(comparison: Comparison) -> str:
    """Why the feet of :func:`_apart` are not drawn ("" where none is): "left and right foot not drawn: the
    before session's peaks are in kPa, the after session's in nominal units (an uncalibrated insole); the two
    are not compared (the table gives both)"."""
    feet = _apart(comparison)
    if not feet:
        return ""
    row = next(c for c in comparison.changes if c.metric == "peak_kpa" and c.foot == feet[0] and c.mixed_units)
    kpa, units = ("before", "after") if row.calibrated[0] else ("after", "before")
    return (f"{' and '.join(feet)} foot not drawn: the {kpa} session's peaks are in kPa, the {units} session's "
            f"in {unit_name(False)} (an uncalibrated insole); the two are not compared (the table gives both)")


def drawn_feet(comparison: Comparison) -> list[str]:
    """The feet the figure draws bars of (:func:`_by_foot`), in ``comparison.feet`` order."""
    return [foot for foot, _ in _by_foot(comparison)]


def _by_foot(comparison: Comparison) -> list[tuple[str, list[MetricChange]]]:
    """Each foot with its peak-pressure changes in ANALYSIS_REGIONS order; feet without any left out, and
    those whose two sessions' units differ (:func:`_apart`)."""
    order = {r: i for i, r in enumerate(ANALYSIS_REGIONS)}
    rows = [c for c in comparison.changes if c.metric == "peak_kpa"]
    apart = set(_apart(comparison))
    out = []
    for foot in comparison.feet:
        mine = sorted((c for c in rows if c.foot == foot), key=lambda c: order.get(c.region, 99))
        if mine and foot not in apart:
            out.append((foot, mine))
    return out


def _bars(ax: Axes, feet: Sequence[tuple[str, list[MetricChange]]], label_pt: float | None = None) -> float:
    """Paired bars of ``feet`` side by side on ``ax``, each foot named above its bars; returns the
    tallest bar (kPa, or nominal units: :func:`_unit`). ``label_pt``: size of the region names (None:
    matplotlib's tick size)."""
    width, x, ticks, labels, top = 0.38, 0.0, [], [], 0.0
    for foot, mine in feet:
        first = x
        for c in mine:
            colour, mark = AFTER_STYLE[c.verdict]
            ax.bar(x - width / 2, c.before, width, color=BEFORE_COLOUR, edgecolor="white")
            ax.bar(x + width / 2, c.after, width, color=colour, edgecolor="white",
                   hatch="//" if c.verdict == "worse" else None)
            if mark:
                ax.annotate(mark, (x + width / 2, c.after), xytext=(0, 3), textcoords="offset points",
                            ha="center", va="bottom", fontsize=_LEGEND_PT, color=colour)
            ticks.append(x)
            labels.append(region_name(c.region))
            top = max(top, c.before, c.after)
            x += 1.0
        ax.text((first + x - 1.0) / 2, 1.0, f"{foot} foot", transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontweight="bold")
        if foot != feet[-1][0]:
            ax.axvline(x, color="#dddddd", linewidth=1)
            x += 1.0
    ax.set_xticks(ticks, labels, rotation=40, ha="right", fontsize=label_pt)
    ax.spines[["top", "right"]].set_visible(False)
    return top


def _legend_handles(comparison: Comparison, column_in: float) -> list[Patch]:
    """The legend's keys; the session's name (a directory's, as long as its owner chose) wrapped to a
    legend column ``column_in`` wide, less its key and spacing, so that the legend stays inside the figure."""
    before = wrap_to_width(f"before: {comparison.before.session_id}", _LEGEND_PT,
                           column_in * 72.0 - _LEGEND_KEY_EM * _LEGEND_PT)
    return [Patch(color=BEFORE_COLOUR, label=before),
            Patch(color=AFTER_STYLE["better"][0], label="after: better \u25bc"),
            Patch(facecolor=AFTER_STYLE["worse"][0], hatch="//", label="after: worse \u25b2"),
            Patch(color=AFTER_STYLE["same"][0], label="after: same, or not judged")]


def _nothing(ax: Axes, comparison: Comparison, width_in: float) -> Figure:
    """``ax`` saying why it has no bar: no region in both sessions, or each foot's in kPa against nominal
    units (:func:`apart_note`)."""
    why = apart_note(comparison)
    said = f"{why[0].upper()}{why[1:]}." if why else "No region is in both sessions: nothing to compare."
    ax.text(0.5, 0.5, wrap_to_width(said, _LEGEND_PT, width_in * 72.0 * 0.9), ha="center", va="center",
            transform=ax.transAxes, fontsize=_LEGEND_PT)
    ax.set_axis_off()
    return ax.figure


def _title(comparison: Comparison, width_in: float, size_pt: float) -> str:
    """The title, with the reason a foot is not drawn (:func:`apart_note`) under it, wrapped to ``width_in``."""
    why = apart_note(comparison)
    return _TITLE + ("\n" + wrap_to_width(why[0].upper() + why[1:] + ".", size_pt, width_in * 72.0 * 0.9)
                     if why else "")


def plot_comparison(comparison: Comparison, ax: Axes | None = None) -> Figure:
    """Paired bars, before (grey) and after (coloured by verdict), of each region's mean peak pressure
    (kPa, or nominal units where the insoles are uncalibrated) per foot; an after bar judged better or worse
    carries a mark above it (▼ better, ▲ worse). Heel and midfoot are not judged (dark grey whatever their
    change). A foot whose peaks are in kPa in one session and in nominal units in the other is not drawn (no
    kPa bar beside a nominal one): the title says so, and a figure with no foot left says why.

    ``ax``: draw into this Axes (its figure is returned); None makes a new Figure, 10 in x 4.6 in. Never
    shows anything.
    """
    comparison = one_of(comparison, "comparison", "a comparison of two sessions",
                        "monitor.analysis.compare.compare(before, after, before_session, after_session)",
                        Comparison)
    if ax is None:
        fig = Figure(figsize=(10.0, 4.6), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    feet = _by_foot(comparison)
    if not feet:
        return _nothing(ax, comparison, fig.get_size_inches()[0])
    top = _bars(ax, feet)
    ax.set_ylabel(_y_label(comparison))
    ax.set_title(_title(comparison, fig.get_size_inches()[0], 12.0), pad=20)
    ax.set_ylim(0, top * 1.28 if top > 0 else 1.0)
    ax.legend(handles=_legend_handles(comparison, fig.get_size_inches()[0] / 2), loc="upper left",
              bbox_to_anchor=(0.0, -0.28), ncols=2, fontsize=_LEGEND_PT, frameon=False)
    return fig


def plot_comparison_phone(comparison: Comparison) -> Figure:
    """The same bars drawn for a phone: ``PHONE_WIDTH_IN`` wide, a panel per foot one above the other
    (same kPa scale), the legend in one column under them (a long session name wrapped to the figure's
    width). Returns a new Figure; never shows anything."""
    feet = _by_foot(comparison)
    fig = Figure(figsize=(PHONE_WIDTH_IN, _PHONE_FRAME_IN + _PHONE_PANEL_IN * max(1, len(feet))),
                 layout="constrained")
    if not feet:
        return _nothing(fig.add_subplot(), comparison, PHONE_WIDTH_IN)
    axs = fig.subplots(len(feet), 1, sharey=True, squeeze=False)[:, 0]
    top = max(_bars(ax, [one], label_pt=9) for ax, one in zip(axs, feet))
    for ax in axs:
        ax.set_ylabel(_unit(comparison))
    axs[0].set_ylim(0, top * 1.2 if top > 0 else 1.0)
    fig.suptitle(_title(comparison, PHONE_WIDTH_IN, 10.0) + "\n(" + _y_label(comparison) + ")", fontsize=10)
    fig.legend(handles=_legend_handles(comparison, PHONE_WIDTH_IN), loc="outside lower center", ncols=1,
               fontsize=_LEGEND_PT, frameon=False)
    return fig
