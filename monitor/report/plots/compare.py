"""Before and after as a figure: paired bars of the regional peak pressure per foot, verdicts marked."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from monitor.analysis.compare import Comparison
from monitor.codebook import ANALYSIS_REGIONS, region_name

BEFORE_COLOUR = "#bdbdbd"
#: The after bar's colour and the mark above it, by verdict (the mark keeps it readable without colour).
AFTER_STYLE = {
    "better": ("#1a9850", "\u25bc"),
    "worse": ("#d73027", "\u25b2"),
    "same": ("#5f5f5f", ""),
    "neutral": ("#5f5f5f", ""),
}


def plot_comparison(comparison: Comparison, ax: Axes | None = None) -> Figure:
    """Paired bars, before (grey) and after (coloured by verdict), of each region's mean peak pressure
    (kPa) per foot; an after bar judged better or worse carries a mark above it (▼ better, ▲ worse).
    Heel and midfoot are not judged (dark grey whatever their change).

    ``ax``: draw into this Axes (its figure is returned); None makes a new Figure. Never shows anything.
    """
    if ax is None:
        fig = Figure(figsize=(10.0, 4.2), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    rows = [c for c in comparison.changes if c.metric == "peak_kpa"]
    if not rows:
        ax.text(0.5, 0.5, "No region is in both sessions: nothing to compare.", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    order = {r: i for i, r in enumerate(ANALYSIS_REGIONS)}
    width, x, ticks, labels, top = 0.38, 0.0, [], [], 0.0
    for foot in comparison.feet:
        mine = sorted((c for c in rows if c.foot == foot), key=lambda c: order.get(c.region, 99))
        if not mine:
            continue
        first = x
        for c in mine:
            colour, mark = AFTER_STYLE[c.verdict]
            ax.bar(x - width / 2, c.before, width, color=BEFORE_COLOUR, edgecolor="white")
            ax.bar(x + width / 2, c.after, width, color=colour, edgecolor="white",
                   hatch="//" if c.verdict == "worse" else None)
            if mark:
                ax.annotate(mark, (x + width / 2, c.after), xytext=(0, 3), textcoords="offset points",
                            ha="center", va="bottom", fontsize=9, color=colour)
            ticks.append(x)
            labels.append(region_name(c.region))
            top = max(top, c.before, c.after)
            x += 1.0
        ax.text((first + x - 1.0) / 2, 1.0, f"{foot} foot", transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontweight="bold")
        if foot != comparison.feet[-1]:
            ax.axvline(x, color="#dddddd", linewidth=1)
            x += 1.0
    ax.set_xticks(ticks, labels, rotation=40, ha="right")
    ax.set_ylabel("mean peak pressure per cycle (kPa)")
    ax.set_title("Peak pressure by region, before and after", pad=20)
    ax.set_ylim(0, top * 1.28 if top > 0 else 1.0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=[Patch(color=BEFORE_COLOUR, label=f"before: {comparison.before.session_id}"),
                       Patch(color=AFTER_STYLE["better"][0], label="after: better \u25bc"),
                       Patch(facecolor=AFTER_STYLE["worse"][0], hatch="//", label="after: worse \u25b2"),
                       Patch(color=AFTER_STYLE["same"][0], label="after: same, or not judged")],
              loc="upper left", bbox_to_anchor=(0.0, -0.28), ncols=4, fontsize=8, frameon=False)
    return fig
