"""The session over time: forefoot load and share per window, the detector's level, reliefs and alerts."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from monitor.codebook import FEET
from monitor.report.plots.arguments import listed, per_foot
from monitor.report.plots.palette import FOOT_COLOURS, LEVEL_COLOURS, RELIEF_COLOUR, UNJUDGED_EDGE, UNJUDGED_HATCH
from monitor.report.timeline_data import Timeline, broken, outside
from monitor.signal.types import LEVELS
from monitor.util.pressure_units import KPA, FigureUnits, units_differ, units_of

#: The legend key of the level band of an assessment the detector did not judge (Timeline.unjudged).
UNJUDGED_LABEL = "not judged"
#: Where a triangle sits on its foot's row (the band spans 0.1 to 0.7 of it): on the band's top edge, its fill
#: against the white above as much as against the band, and black-edged, as a band of its own level's
#: colour would hide its fill.
TRIANGLE_Y = 0.78
TRIANGLE_EDGE_WIDTH = 1.0
#: Fewer analysis windows than this in every foot's timeline are drawn as dots on their lines, one style for both
#: feet (a guess: as many as can be told apart across a panel, 5 minutes of 10-s steps); the steps figure's cadence
#: panel takes the same rule.
FEW_WINDOWS = 30
#: What a panel over the session's windows says when the session has none (shorter than the first window).
#: In short lines: the steps figure's cadence panel says it too, about 230 pt wide in the phone drawing.
NO_WINDOW = "no analysis window:\nthe session is too short for one"
#: What each panel says when ``timelines`` holds no foot (an empty mapping): no data, not a short session.
NO_FOOT = "no data:\nno foot's timeline was given"
#: Columns of the level legend when it keys a rider's mark: none, notice, warning over alert, relief and the
#: mark, so that it fits the phone drawing's panel (about 340 px at 100 dpi) as the four levels' row does
#: (measured: about 330 px each; the four levels with the mark under them, 420 px).
LEGEND_COLUMNS_WITH_MARK = 3
#: The label of the dashed line drawn through the three panels where a foot began to be judged against the
#: normal learnt from the session's first minutes and a level band ended for it (Timeline.ended_by_normal):
#: the caption says why the band ends there (monitor.report.timeline_caption).
NORMAL_LEARNT = "normal learnt"
NORMAL_LEARNT_COLOUR = "0.3"


def _scaled_line(t_s: np.ndarray, values: np.ndarray, silent: list, unit_s: float) -> tuple[np.ndarray, np.ndarray]:
    """A foot's line over its windows, broken where it sent no data (timeline_data.broken), x in ``unit_s``."""
    t, v = broken(t_s, values, silent)
    return t / unit_s, v


def time_unit(duration_s: float) -> tuple[float, str]:
    """Seconds per unit of the time axis and its name: seconds up to 3 minutes, minutes beyond.

    ``duration_s`` is the session's duration (s) wherever it is known, so that every figure of a report
    (the timeline, Steps, Data quality) speaks of its time in one unit: a figure's own last point (a last
    window, a last toe-off) lies a little short of the session's end, and by its own end a session of 3:01
    would be drawn in seconds in one figure and in minutes in another."""
    return (1.0, "s") if duration_s <= 180.0 else (60.0, "min")


def plot_timeline(timelines: Mapping[str, Timeline], alerts: Sequence = (), axes=None,
                  marks: Sequence = (), session_end_s: float | None = None, units: FigureUnits = KPA) -> Figure:
    """Three panels over session time (seconds up to 3 minutes, minutes beyond), one line or band per foot:

    1. forefoot load: the highest forefoot region's mean per-cycle peak pressure in each window (kPa, or the
       ``units`` of the session or of each foot: monitor.util.pressure_units, ReportData.foot_units), the axis from 0;
       feet in different units (one insole calibrated, one not) each on its own y axis, the second foot's on
       the right (a twin of the panel), each axis saying its foot and unit: one axis holds one unit;
    2. forefoot share of the nominal load-time integral in each window (%: a pressure-time share with fixed
       anatomical weights, monitor.signal.regions), the axis from 0 to 100 (a note names
       a foot with no share in any window: an insole without sensors under the heel or midfoot);
    3. the detector's level per foot as coloured bands (none, notice, warning, alert; an assessment the detector
       did not judge, Timeline.unjudged, as a hatched band, ``UNJUDGED_LABEL``), reliefs as sky-blue
       bars under each band, and each alert (monitor.analysis.alerts.Alert, kind "alert") as a black-edged
       triangle in its level's colour at its time on the band's top edge, also drawn as a dotted line in
       panels 1 and 2, keyed in panel 1's legend ("warning raised"); each of the rider's "numb now" marks
       (monitor.analysis.marks.RiderMark, or a MarkCheck holding one) as a black star on its foot's band,
       and a solid black line in panels 1 and 2; where a band ended because a foot began to be judged against
       the normal learnt from the session's first minutes (Timeline.ended_by_normal), a grey dashed line
       through the three panels at that time, labelled ``NORMAL_LEARNT`` in panel 1. The legend keys the
       levels on a row, and under them "not judged", reliefs and marks only when some are drawn (in 3 columns
       with a mark: ``LEGEND_COLUMNS_WITH_MARK``).
    Colours: monitor.report.plots.palette.

    A session without a window (shorter than the first) has each panel say so (``NO_WINDOW``), over an
    axis from 0 to ``session_end_s``; ``timelines`` without a foot (``{}``) has each say there is no data
    (``NO_FOOT``).

    session_end_s : the session's end (s), where the last level band stops (else it holds one window step),
    and whose length picks the time axis's unit (:func:`time_unit`; else the last window, alert or mark).
    axes : None or three Axes sharing x. Returns the Figure.
    """
    timelines = per_foot(timelines, "timelines", "each foot's timeline", "figure_data(session, result).timelines",
                         Timeline)
    alerts = listed(alerts, "alerts", "a sequence of alerts", "result.alerts")
    marks = listed(marks, "marks", "a sequence of the rider's marks",
                   "result.marks or figure_data(session, result).marks")
    if axes is None:
        fig = Figure(figsize=(6.4, 5.6), layout="constrained")
        axes = fig.subplots(3, 1, sharex=True, height_ratios=(3, 2.2, 1.6))
    ax_load, ax_share, ax_level = list(np.asarray(axes, dtype=object).ravel())
    fig = ax_load.figure
    feet = [f for f in FEET if f in timelines]
    end_s = max([float(timelines[f].t_s[-1]) for f in feet if timelines[f].t_s.size]
                + [float(a.t_s) for a in alerts] + [float(_mark(m).t_s) for m in marks], default=0.0)
    windowless = not any(timelines[f].t_s.size for f in feet)
    if windowless and session_end_s:  # the axis spans the session, not matplotlib's default 0-0.05
        end_s = max(end_s, float(session_end_s))
    unit_s, unit = time_unit(max(end_s, float(session_end_s)) if session_end_s is not None else end_s)

    def scaled(t_s) -> np.ndarray:
        return np.asarray(t_s, dtype=float) / unit_s

    # dots on a short session's few windows; one style for both feet (a foot lost half-way has fewer)
    dots = max((timelines[f].t_s.size for f in feet), default=0) < FEW_WINDOWS
    # feet in different units: each its own y axis (the second foot's a twin on the right), else one
    load_axes = {f: ax_load for f in feet}
    if units_differ(units, feet):
        load_axes[feet[1]] = ax_load.twinx()
    for foot in feet:
        tl = timelines[foot]
        style = dict(color=FOOT_COLOURS[foot], lw=1.2, marker="o" if dots else None, ms=3)
        load_axes[foot].plot(*_scaled_line(tl.t_s, tl.forefoot_peak_kpa, tl.silent, unit_s), label=foot, **style)
        ax_share.plot(*_scaled_line(tl.t_s, 100.0 * tl.forefoot_share, tl.silent, unit_s), **style)
    ax_share.set_ylabel("forefoot share\n(%)", fontsize=9)
    for ax in dict.fromkeys(load_axes.values()) or (ax_load,):
        on = [f for f in feet if load_axes[f] is ax]
        who = f"{on[0]} " if len(on) == 1 and len(set(load_axes.values())) > 1 else ""
        ax.set_ylabel(f"{who}forefoot peak\n({units_of(units, on[0] if on else 'left').pressure})", fontsize=9)
        # from 0, so that a wiggle of a few % looks like one (zoomed in, 335-352 kPa looked like big swings)
        top_kpa = max([float(np.nanmax(timelines[f].forefoot_peak_kpa)) for f in on
                       if np.isfinite(timelines[f].forefoot_peak_kpa).any()], default=0.0)
        ax.set_ylim(0, max(1.1 * top_kpa, 1.0))
    ax_share.set_ylim(0, 100)
    # an insole without sensors under the heel or midfoot has no share: say so rather than leave a blank
    unmeasured = [f for f in feet if timelines[f].t_s.size and not _share_measured(timelines[f])]
    if unmeasured:
        text = ("forefoot share not measured" if len(unmeasured) == len(feet)
                else f"{unmeasured[0]} foot: forefoot share not measured")
        ax_share.text(0.5, 0.5, text, transform=ax_share.transAxes, ha="center", va="center", fontsize=9,
                      color="0.35")
    if feet:  # above the panel, never over a load near the axis top; both feet's, on one axis or two
        handles = [h for ax in dict.fromkeys(load_axes.values()) for h in ax.get_legend_handles_labels()[0]]
        raised = [lv for lv in LEVELS if lv in {triangle_level(a) for a in drawn_alerts(alerts, feet)}]
        handles += [Line2D([], [], label=f"{lv} raised", **alert_line(lv)) for lv in raised]
        ax_load.legend(handles=handles, fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0),
                       ncols=min(len(handles), 3), frameon=False, borderaxespad=0.2)
    rows = {foot: len(feet) - 1 - i for i, foot in enumerate(feet)}  # left on top
    hatched = False
    for foot in feet:
        tl = timelines[foot]
        y = rows[foot]
        if tl.level_t_s.size:
            step = np.median(np.diff(tl.level_t_s)) if tl.level_t_s.size > 1 else 10.0
            starts = scaled(tl.level_t_s)  # each level holds from its assessment to the next
            widths = np.full(starts.size, step / unit_s)
            if session_end_s is not None:  # nor past the session's end
                widths = np.clip(np.minimum(widths, session_end_s / unit_s - starts), 0.0, None)
            silent = [(s / unit_s, e / unit_s) for s, e in [*tl.silent, *tl.no_level]]  # nor where the foot
            # sent no data, nor where the per-second table has no level (monitor.analysis.assessed_data)
            unjudged = _unjudged(tl)
            for code, level in enumerate(LEVELS):
                pick = (tl.level == code) & ~unjudged
                bars = outside(list(zip(starts[pick], widths[pick])), silent) if pick.any() else []
                if bars:
                    ax_level.broken_barh(bars, (y + 0.1, 0.6), facecolors=LEVEL_COLOURS[level], edgecolor="none")
            bars = outside(list(zip(starts[unjudged], widths[unjudged])), silent) if unjudged.any() else []
            if bars:
                ax_level.broken_barh(bars, (y + 0.1, 0.6), facecolors="white", edgecolor=UNJUDGED_EDGE,
                                     hatch=UNJUDGED_HATCH, linewidth=0.0, label=UNJUDGED_LABEL)
                hatched = True
        for s, e in tl.reliefs:
            ax_level.broken_barh([(s / unit_s, (e - s) / unit_s)], (y - 0.12, 0.16), facecolors=RELIEF_COLOUR)
    for a in drawn_alerts(alerts, rows):
        colour = LEVEL_COLOURS.get(triangle_level(a), "black")
        ax_level.plot([a.t_s / unit_s], [rows[a.foot] + TRIANGLE_Y], marker="v", ms=8, color=colour,
                      markeredgecolor="black", markeredgewidth=TRIANGLE_EDGE_WIDTH, ls="none", zorder=4)
        for ax in (ax_load, ax_share):
            ax.axvline(a.t_s / unit_s, **alert_line(triangle_level(a)))
    stars = drawn_marks(marks, rows)
    for m in stars:
        ax_level.plot([m.t_s / unit_s], [rows[m.foot] + 0.4], marker="*", ms=12, color="black",
                      markeredgecolor="white", markeredgewidth=0.6, ls="none", zorder=5)
        for ax in (ax_load, ax_share):
            ax.axvline(m.t_s / unit_s, color="black", ls="-", lw=1.2)
    for t_s in sorted({from_s for f in feet for from_s, _, _ in timelines[f].ended_by_normal}):
        for ax in (ax_load, ax_share, ax_level):
            ax.axvline(t_s / unit_s, color=NORMAL_LEARNT_COLOUR, ls="--", lw=1.0)
        # at the panel's foot: the load axis starts at 0, so a load seldom runs there
        ax_load.text(t_s / unit_s, 0.03, " " + NORMAL_LEARNT, transform=ax_load.get_xaxis_transform(), rotation=90,
                     ha="right", va="bottom", fontsize=8, color=NORMAL_LEARNT_COLOUR)
    ax_level.set_yticks([rows[f] + 0.4 for f in feet], feet, fontsize=8)
    ax_level.set_ylim(-0.3, max(len(feet), 1))
    ax_level.set_xlabel(f"session time ({unit})", fontsize=9)
    ax_level.set_xlim(left=0.0)
    if windowless:  # a session shorter than the first window: say so, rather than leave three blank panels
        if end_s > 0:
            ax_level.set_xlim(0.0, end_s / unit_s)
        for ax in (ax_load, ax_share, ax_level):
            ax.text(0.5, 0.5, NO_WINDOW if feet else NO_FOOT, transform=ax.transAxes, ha="center", va="center",
                    fontsize=9, color="0.35")
    handles = [Patch(color=LEVEL_COLOURS[lv], label=lv) for lv in LEVELS]
    if hatched:
        handles.append(Patch(facecolor="white", edgecolor=UNJUDGED_EDGE, hatch=UNJUDGED_HATCH, label=UNJUDGED_LABEL))
    if any(timelines[foot].reliefs for foot in feet):  # a key to what is drawn: a run has no relief
        handles.append(Patch(color=RELIEF_COLOUR, label="relief"))
    if stars:
        handles.append(Line2D([], [], marker="*", ms=10, color="black", ls="none", label="numb now (marked)"))
    # the levels on a row, relief and mark under them: in the phone drawing (4.2 in wide) five or six keys on
    # one row were wider than the figure (the mark's "numb now (marked)" is the widest key), and the layout
    # shrank the panels to make room (about 190 px at 100 dpi instead of 340)
    ncols = LEGEND_COLUMNS_WITH_MARK if stars else len(LEVELS)
    ax_level.legend(handles=row_major(handles, ncols), fontsize=8, ncols=ncols, loc="upper center",
                    bbox_to_anchor=(0.5, -0.55), frameon=False)
    for ax in (*dict.fromkeys((ax_load, *load_axes.values())), ax_share, ax_level):
        ax.tick_params(labelsize=8)
        ax.grid(axis="x", alpha=0.3)
    return fig


def alert_line(level: str) -> dict:
    """The style of an alert's dotted line in the load and share panels (and of its legend key): its level's
    colour, outlined in dark grey so that notice's pale yellow shows on white."""
    return dict(color=LEVEL_COLOURS.get(level, "black"), ls=":", lw=1.4,
                path_effects=[patheffects.withStroke(linewidth=2.4, foreground="0.3")])


def row_major(items: Sequence, ncols: int) -> list:
    """``items`` ordered so that a legend of ``ncols`` columns, which fills a column before the next, shows
    them row by row, left to right: [a, b, c, d, e] in 4 columns is [a, e, b, c, d]."""
    rows = [list(items[i:i + ncols]) for i in range(0, len(items), ncols)]
    return [row[c] for c in range(ncols) for row in rows if c < len(row)]


def drawn_alerts(alerts: Sequence, feet: Collection[str]) -> list:
    """The alerts the level panel draws as triangles: those of kind "alert" (level notice, warning or
    alert; monitor.analysis.alerts.Alert) on one of ``feet``, the feet with a timeline."""
    return [a for a in alerts if getattr(a, "kind", "alert") == "alert" and a.foot in feet]


def triangle_level(alert) -> str:
    """The level whose colour an alert's triangle has (notice when it names none)."""
    return alert.level or "notice"


def drawn_marks(marks: Sequence, feet: Collection[str]) -> list:
    """The rider's marks (RiderMark, or MarkCheck holding one) the level panel draws as stars: those on
    one of ``feet``, as RiderMarks."""
    return [m for m in map(_mark, marks) if m.foot in feet]


def _mark(m):
    """A RiderMark, given one or a MarkCheck (a RiderMark's own ``mark`` is the word "numb")."""
    return m if hasattr(m, "t_s") else m.mark


def _unjudged(tl: Timeline) -> np.ndarray:
    """Timeline.unjudged as bool (a,), one per assessment (all False where the timeline gives none)."""
    u = np.asarray(tl.unjudged, dtype=bool)
    return u if u.shape == tl.level_t_s.shape else np.zeros(tl.level_t_s.shape, dtype=bool)


def _share_measured(tl: Timeline) -> bool:
    """Whether ``tl``'s foot had a forefoot share measured in some window (Timeline.share_measured; a window
    left out for too little data was still measured), else whether one is drawn."""
    if tl.share_measured is not None:
        return tl.share_measured
    return bool(np.isfinite(tl.forefoot_share).any())
