"""Data quality over the session: where data is missing, link events, battery level."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from monitor.codebook import FEET
from monitor.report.plots.arguments import one_of
from monitor.report.plots.palette import FOOT_COLOURS
from monitor.report.plots.timeline import time_unit
from monitor.report.quality_data import LEVEL_ORDER, DataQuality, battery_cell

GAP_COLOUR = "#d62728"
DATA_COLOUR = "#c7e9c0"
#: The battery line's style per foot: the right foot's, drawn last, dashed, so that two insoles at the same
#: level show as two lines (one colour between the other's dashes), not as one.
BATTERY_STYLES = {"left": "-", "right": "--"}
#: The link events' markers, in the legend's order: the legend fills its columns top to bottom, so with every
#: event marked the two longest names ("reconnection failed", "reconnection refused") share its last column.
EVENT_MARKERS = {"disconnected": "v", "reconnected": "^", "foot_lost": "X", "battery_low": "*",
                 "reconnection_failed": "P", "reconnection_refused": "D"}
#: The most entries in a row of the legend above the gaps' panel: three of the longest ("reconnection
#: refused", "disconnected"; the Moticon stream's "back in stream") fit the report's phone drawing, 4.2 in
#: wide (monitor.report.phone_images), at 8 pt; four do not, and matplotlib then gives up its layout
#: (tests/test_phone_figures.py).
LEGEND_COLUMNS = 3
#: The space between the legend's columns (font sizes; matplotlib's default 2): 1.5 keeps three columns of
#: the longest names ("reconnection refused" beside "disconnected") on the phone drawing (a layout choice).
LEGEND_COLUMN_SPACING = 1.5


def plot_data_quality(quality: DataQuality, axes=None) -> Figure:
    """Two panels over session time (seconds up to 3 minutes, minutes beyond):

    1. per foot, a band where data came in and red where it is missing (gaps.csv, and where the foot sent
       nothing before its first frame or after its last: FootQuality.absent_spans), with link events as
       markers (disconnected, reconnected, foot lost, reconnection failed, reconnection refused, battery low; a
       foot gone down or back named in the words of the insoles' transport, quality.transport: "out of stream"
       of the Moticon's);
    2. battery level (%) per foot from the battery events (or the level at connection), each held to the
       next and broken where the foot's data is missing (:func:`battery_steps`), the right foot's dashed over
       the left's solid line (BATTERY_STYLES); of an insole that reports a level word and no percentage
       (ORPHE INSOLE), the word on an axis of the words, the legend's title saying it is the battery's level
       and not a percentage (beside
       another foot's percentage, a note in the panel, with the word); or a note that the session has none (imported
       sessions).

    axes : None or two Axes. Returns the Figure.
    """
    quality = one_of(quality, "quality", "a session's data quality", "figure_data(session, result).quality",
                     DataQuality)
    if axes is None:
        fig = Figure(figsize=(6.4, 3.6), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True, height_ratios=(1.2, 1))
    ax_gaps, ax_batt = list(np.asarray(axes, dtype=object).ravel())
    fig = ax_gaps.figure
    feet = [f for f in FEET if f in quality.feet]
    unit_s, unit = time_unit(quality.duration_s)
    end = max(quality.duration_s, 1e-9) / unit_s
    rows = {foot: len(feet) - 1 - i for i, foot in enumerate(feet)}
    for foot in feet:
        q, y = quality.feet[foot], rows[foot]
        ax_gaps.broken_barh([(0.0, end)], (y + 0.2, 0.6), facecolors=DATA_COLOUR)
        # at least 1/600 of the axis wide, so that a gap of one frame still shows
        spans = [(s / unit_s, max((e - s) / unit_s, end / 600.0)) for s, e in q.gap_spans + q.absent_spans]
        if spans:
            ax_gaps.broken_barh(spans, (y + 0.2, 0.6), facecolors=GAP_COLOUR)
        for t_s, event in q.link_events:
            ax_gaps.plot([t_s / unit_s], [y + 0.9], marker=EVENT_MARKERS[event], ms=6, color="black",
                         ls="none")
    events = {e for f in feet for _, e in quality.feet[f].link_events}
    handles = [Patch(color=DATA_COLOUR, label="data"), Patch(color=GAP_COLOUR, label="missing")]
    handles += [Line2D([], [], marker=EVENT_MARKERS[e], ls="none", color="black", label=quality.transport.event_name(e))
                for e in EVENT_MARKERS if e in events]
    ax_gaps.legend(handles=handles, fontsize=8, ncols=min(len(handles), LEGEND_COLUMNS), loc="lower center",
                   bbox_to_anchor=(0.5, 1.0), frameon=False, columnspacing=LEGEND_COLUMN_SPACING)
    ax_gaps.set_yticks([rows[f] + 0.5 for f in feet], feet, fontsize=8)
    ax_gaps.set_ylim(0, max(len(feet), 1))
    title = None  # the battery legend's
    percent_feet = [f for f in feet if quality.feet[f].battery]
    level_feet = [f for f in feet if not quality.feet[f].battery and quality.feet[f].battery_levels]
    if percent_feet:
        for foot in percent_feet:
            q = quality.feet[foot]
            t, lv = battery_steps(q.battery, q.gap_spans + q.absent_spans, quality.duration_s)
            ax_batt.step(t / unit_s, lv, where="post", color=FOOT_COLOURS[foot], lw=1.3, ls=BATTERY_STYLES[foot],
                         label=foot)
        ax_batt.set_ylim(0, 105)
        ax_batt.set_ylabel("battery (%)", fontsize=9)
        if level_feet:  # an insole that reports no percentage: its level, said
            ax_batt.text(0.01, 0.05, "; ".join(f"{f}: a level, not a percentage: {battery_cell(quality.feet[f])}"
                                               for f in level_feet),
                         ha="left", va="bottom", transform=ax_batt.transAxes, fontsize=8, color="0.3")
    elif level_feet:
        _plot_battery_levels(ax_batt, quality, level_feet, unit_s)
        insoles = "the insoles report" if len(level_feet) > 1 else "the insole reports"
        title = f"battery: {insoles} a level, not a percentage"
    else:
        ax_batt.text(0.5, 0.5, "no battery readings in this session", ha="center", va="center",
                     transform=ax_batt.transAxes, fontsize=9, color="0.4")
        ax_batt.set_yticks([])
    if percent_feet or level_feet:
        # above the panel, never over a battery run low
        ax_batt.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False,
                       borderaxespad=0.2, title=title, title_fontsize=8)
    ax_batt.set_xlim(0, end)
    ax_batt.set_xlabel(f"session time ({unit})", fontsize=9)
    for ax in (ax_gaps, ax_batt):
        ax.tick_params(labelsize=8)
    return fig


def _plot_battery_levels(ax, quality: DataQuality, feet: list[str], unit_s: float) -> None:
    """Draw on ``ax`` the battery level words of ``feet`` (insoles that report a level, not a percentage:
    ORPHE INSOLE's "low", "normal", "high") as step lines on an axis of the words, lowest at the bottom
    (LEVEL_ORDER, then any other word in the order seen), held and broken as :func:`battery_steps` does."""
    words = list(LEVEL_ORDER)
    for foot in feet:
        words += [w for _, w in quality.feet[foot].battery_levels if w not in words]
    for foot in feet:
        q = quality.feet[foot]
        readings = [(t_s, float(words.index(w))) for t_s, w in q.battery_levels]
        t, lv = battery_steps(readings, q.gap_spans + q.absent_spans, quality.duration_s)
        ax.step(t / unit_s, lv, where="post", color=FOOT_COLOURS[foot], lw=1.3, ls=BATTERY_STYLES[foot],
                label=foot)
    ax.set_yticks(range(len(words)), words, fontsize=8)
    ax.set_ylim(-0.5, len(words) - 0.5)
    # no axis label: the legend's title says it is the battery's level; a label beside the words, wider than
    # the percentages' ticks, narrowed the panels and pushed the gaps' legend off a phone's drawing


def battery_steps(readings: list[tuple[float, float]], missing: list[tuple[float, float]],
                  duration_s: float) -> tuple[np.ndarray, np.ndarray]:
    """The points (t_s (k,), level_pct (k,)) of a "post" step line of battery ``readings`` (t_s, %): each
    level held until the next reading, to ``duration_s``, and NaN over each ``missing`` (start_s, end_s)
    span (a gap, a foot lost for good), where the level is unknown, held again from the span's end."""
    readings = sorted(readings)
    times = [t for t, _ in readings]

    def level_at(t_s: float) -> float:
        i = int(np.searchsorted(times, t_s, side="right")) - 1
        return readings[i][1] if i >= 0 else np.nan

    lost = any(s < duration_s <= e for s, e in missing)  # a foot gone to the end has no level there
    points = list(readings) + [(duration_s, np.nan if lost else level_at(duration_s))]
    for start, end in missing:
        points.append((start, np.nan))
        if end < duration_s:
            points.append((end, level_at(end)))
    points.sort(key=lambda p: p[0])
    out: list[tuple[float, float]] = []
    for t_s, level in points:  # inside a missing span, a reading is not drawn
        if any(s < t_s < e for s, e in missing):
            continue
        out.append((t_s, level))
    t = np.array([p[0] for p in out], dtype=float)
    lv = np.array([p[1] for p in out], dtype=float)
    return t, lv
