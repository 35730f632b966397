"""The cohort report's figures, from monitor.report.study_data: distributions across sessions and riders,
each rider's trend in date order, before/after pairs, data quality per session. ``ax``/``axes`` None
makes a new Figure; never pyplot, never ``show()``. Colours: monitor.report.plots.palette."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from monitor.report.plots.palette import QUALITY_COLOURS, RIDER_COLOURS, RIDER_MARKERS, STUDY_COLOURS, UNWATCHED_COLOUR
from monitor.report.plots.regions import _new_axes
from monitor.report.study_data import KPA_METRICS, METRICS, Pair, StudyData, nominal_pairs
from monitor.util.pressure_units import unit_name


def _finite(values) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    return v[np.isfinite(v)]


def _thousands(axis, values) -> None:
    """Tick labels of ``axis`` with thousands separated (600,000) where ``values`` reach 10,000."""
    v = _finite(values)
    if v.size and np.abs(v).max() >= 10_000:
        axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))


def plot_distributions(data: StudyData, axes=None) -> Figure:
    """One panel per metric (METRICS): a histogram of the sessions' values, and each rider's mean as a
    tick on the axis. A metric no session has (no warning in any session, say) says so. Values have at
    most 5 ticks; counts are whole numbers.

    axes : None or len(METRICS) Axes. Returns the Figure."""
    fig, axes = _new_axes(axes, len(METRICS), (6.4, 4.6), rows=2)
    for ax, (m, (_, label)) in zip(axes, METRICS.items(), strict=True):
        v = _finite(data.per_session[m]) if len(data.per_session) else np.empty(0)
        r = _finite(data.rider_means[m]) if len(data.rider_means) else np.empty(0)
        if v.size:
            ax.hist(v, bins=min(20, max(5, v.size // 3)), color=STUDY_COLOURS["sessions"], alpha=0.8, label="sessions")
            ax.plot(r, np.zeros_like(r), "|", color=STUDY_COLOURS["rider means"], markersize=14, mew=2,
                    label="rider means")
        else:
            ax.text(0.5, 0.5, "no session has a value", ha="center", va="center", transform=ax.transAxes,
                    fontsize=9, color="#555")
        ax.set_xlabel(label, fontsize=8)
        ax.set_ylabel("sessions", fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))  # six-digit doses ran together
        _thousands(ax.xaxis, v)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=7)
    labelled = [ax for ax in axes if ax.get_legend_handles_labels()[0]]
    if labelled:
        labelled[0].legend(fontsize=7, loc="upper right")
    return fig


#: How a point from a session with a foot not analysed (its value of the other foot alone) is marked, and the
#: legend's words for it.
UNWATCHED_MARK = {"marker": "x", "markersize": 7, "mew": 1.5, "color": UNWATCHED_COLOUR, "linestyle": "none"}
UNWATCHED_LABEL = "a foot not analysed"


def _mark_unwatched(ax, x, y) -> None:
    """Cross the points ``x``, ``y`` (arrays, empty for none) of sessions with a foot not analysed."""
    y = np.asarray(y, dtype=float)
    if np.isfinite(y).any():
        ax.plot(x, y, **UNWATCHED_MARK, label=UNWATCHED_LABEL)


def _legend_unwatched(axes) -> None:
    """A legend of the crosses alone, on the first panel of ``axes`` that has some (once per figure)."""
    for ax in axes:
        crossed = [line for line in ax.get_lines() if line.get_label() == UNWATCHED_LABEL]
        if crossed:
            ax.legend(handles=crossed[:1], fontsize=7, loc="best")
            return


#: The riders' legend under the trends' panels: this many riders a row, each row this much taller a figure (in)
#: (guesses: five names such as "r00000" at 7 pt fit the figure's 6.4 in; a 7-pt row with its spacing).
RIDER_LEGEND_COLUMNS = 5
RIDER_LEGEND_ROW_IN = 0.17


def rider_cue(i: int) -> tuple[str, str]:
    """The colour and marker of the ``i``-th rider's line (0-based, in StudyData.riders' order): RIDER_COLOURS and
    RIDER_MARKERS in turn, a pair of its own for each of the first RIDER_CUES (30) riders."""
    return RIDER_COLOURS[i % len(RIDER_COLOURS)], RIDER_MARKERS[i % len(RIDER_MARKERS)]


def plot_trends(data: StudyData, axes=None) -> Figure:
    """One panel per metric: each rider's sessions in date order (one line per rider, x the session's
    start date, the same dates on every panel, each rider in one colour and marker, :func:`rider_cue`: the
    first 30 riders each in a pair of their own); a session that declares a change is ringed, one with a foot
    not analysed (per_session's ``not_analysed``: its value is of the other foot alone) crossed. The riders'
    legend is under the panels, RIDER_LEGEND_COLUMNS a row.

    axes : None or len(METRICS) Axes. Returns the Figure."""
    legend_rows = -(-len(data.riders) // RIDER_LEGEND_COLUMNS)
    fig, axes = _new_axes(axes, len(METRICS), (6.4, 4.8 + RIDER_LEGEND_ROW_IN * legend_rows), rows=2)
    per = data.per_session
    when = pd.to_datetime(per["start_utc"], errors="coerce", utc=True) if len(per) else pd.Series(dtype=object)
    keys = []  # the riders' lines of the first panel: the legend's keys
    for ax, (m, (_, label)) in zip(axes, METRICS.items(), strict=True):
        for i, rider in enumerate(data.riders):
            sel = (per["rider"] == rider).to_numpy()
            x, y = when[sel].dt.tz_localize(None).to_numpy(), per.loc[sel, m].to_numpy(dtype=float)
            colour, marker = rider_cue(i)
            (line,) = ax.plot(x, y, marker=marker, linestyle="-", markersize=4, linewidth=1,
                              label=rider or "(no rider)", color=colour)
            if ax is axes[0]:
                keys.append(line)
            changed = (per.loc[sel, "change"] != "").to_numpy()
            ax.plot(x[changed], y[changed], "o", markersize=8, mfc="none", color=line.get_color())
            unwatched = (per.loc[sel, "not_analysed"] != "").to_numpy()
            _mark_unwatched(ax, x[unwatched], y[unwatched])
        ax.set_ylabel(label, fontsize=8)
        _thousands(ax.yaxis, per[m] if len(per) else [])
        ax.tick_params(labelsize=7)
        ax.tick_params(axis="x", labelrotation=30)
    _legend_unwatched(axes)
    if keys:
        fig.legend(handles=keys, loc="outside lower center", ncols=min(len(keys), RIDER_LEGEND_COLUMNS), fontsize=7,
                   frameon=False)
    for ax in axes[1:]:  # one date range: a metric only one session has is not spread over years
        if ax.get_shared_x_axes().get_siblings(ax) == [ax]:
            ax.sharex(axes[0])
    return fig


def plot_pairs(pairs: Sequence[Pair], axes=None) -> Figure:
    """One panel per metric: each before/after pair as a line from its before value to its after value; the
    value of a session with a foot not analysed (Pair.not_analysed: of the other foot alone) crossed. The
    forefoot dose panel is in kPa alone: a pair with a dose in nominal units (an uncalibrated insole) is not
    drawn there, and the panel says how many are not (study.html's table gives their doses).

    axes : None or len(METRICS) Axes. Returns the Figure."""
    fig, axes = _new_axes(axes, len(METRICS), (6.4, 4.4), rows=2)
    for ax, (m, (_, label)) in zip(axes, METRICS.items(), strict=True):
        for p in pairs:
            b, a = p.values[m]
            ax.plot([0, 1], [b, a], "o-", markersize=4, linewidth=1, color=STUDY_COLOURS["sessions"], alpha=0.8)
            side = [i for i, feet in enumerate(p.not_analysed) if feet]
            _mark_unwatched(ax, side, [(b, a)[i] for i in side])
        ax.set_xticks([0, 1], ["before", "after"], fontsize=8)
        ax.set_xlim(-0.3, 1.3)
        ax.set_ylabel(label, fontsize=8)
        _thousands(ax.yaxis, [x for p in pairs for x in p.values[m]])
        ax.tick_params(labelsize=7)
        left_out = nominal_pairs(pairs) if m in KPA_METRICS else 0
        if left_out:
            ax.text(0.5, 0.98, f"doses in {unit_name(False)} of {left_out} {'pair' if left_out == 1 else 'pairs'}\n"
                    "not drawn (the table gives them)", transform=ax.transAxes, ha="center", va="top", fontsize=7,
                    color="#555")
    _legend_unwatched(axes)
    return fig


def plot_study_quality(data: StudyData, ax=None) -> Figure:
    """Each session's valid fraction (its worst foot, 0..1) as a bar, in date order: blue, a session with gaps
    orange (QUALITY_COLOURS, which the caption names by QUALITY_COLOUR_WORDS).

    ax : None or one Axes. Returns the Figure."""
    per = data.per_session
    if ax is None:
        fig = Figure(figsize=(6.4, max(2.0, 0.12 * len(per) + 1.0)), layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    y = np.arange(len(per))
    valid = per["valid_fraction"].to_numpy(dtype=float) if len(per) else np.empty(0)
    gaps = per["n_gaps"].to_numpy(dtype=float) if len(per) else np.empty(0)
    colours = [QUALITY_COLOURS["gaps"] if g > 0 else QUALITY_COLOURS["no gaps"] for g in np.nan_to_num(gaps)]
    ax.barh(y, valid, color=colours, height=0.8)
    ax.set_yticks(y, list(per["session_id"]) if len(per) else [], fontsize=5)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("valid fraction of frames (worst foot)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    return fig
