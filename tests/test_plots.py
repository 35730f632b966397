"""The report's plot functions (monitor.report.plots): they take results, draw on given axes or make their own
Figure, never touch pyplot, and show the right thing (where the pressure is, which side is medial, the
alerts, the bars' values)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from known_rider import rider_normal
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from report_sessions import session_from_arrays

from monitor.analysis.batch import analyze
from monitor.codebook import FEET
from monitor.report.data import report_data
from monitor.report.frames_data import foot_frames
from monitor.report.maps_data import pressure_map
from monitor.report.plots.cycles import plot_cop_paths, plot_cycle_curves
from monitor.report.plots.heatmap import plot_pressure_maps
from monitor.report.plots.insole import OUTLINE, display_x, field_extent, pressure_field
from monitor.report.plots.quality import GAP_COLOUR, plot_data_quality
from monitor.report.plots.regions import plot_asymmetry, plot_region_bars
from monitor.report.plots.steps import FEW_STEPS, plot_steps
from monitor.report.plots.timeline import LEVEL_COLOURS, plot_timeline
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def layouts():
    return offline_session("healthy-ride", duration_s=1).info.layouts


def _only(layout, regions, kpa=200.0, n=50):
    """Frames where only the sensors of ``regions`` carry load."""
    p = np.zeros((n, layout.n_sensors))
    p[:, [i for i, r in enumerate(layout.regions) if r in regions]] = kpa
    return np.arange(n) / 100.0, p


def _hottest_sensor(ax, layout, foot) -> str:
    """The region of the sensor nearest to the hottest pixel of the heatmap drawn on ``ax``."""
    img = ax.images[0]
    field = np.ma.filled(img.get_array().astype(float), np.nan)
    row, col = np.unravel_index(np.nanargmax(field), field.shape)
    left, right, bottom, top = img.get_extent()
    x = left + (col + 0.5) * (right - left) / field.shape[1]
    y = bottom + (row + 0.5) * (top - bottom) / field.shape[0]
    d = (display_x(foot, layout.x) - x) ** 2 + (layout.y - y) ** 2
    return layout.regions[int(np.argmin(d))]


def test_a_heatmap_is_hottest_where_the_load_is(layouts):
    frames = {foot: _only(layouts[foot], ("mth2", "mth3")) for foot in FEET}
    s = session_from_arrays(frames, dict(layouts))
    maps = {foot: pressure_map(foot_frames(s, foot), layouts[foot]) for foot in FEET}
    fig = plot_pressure_maps(maps, layouts, stats=("mean",))
    assert isinstance(fig, Figure)
    feet_axes = [ax for ax in fig.axes if ax.images]
    assert len(feet_axes) == 2
    for ax, foot in zip(feet_axes, FEET):
        assert _hottest_sensor(ax, layouts[foot], foot) in ("mth2", "mth3")
        assert np.nanmax(ax.images[0].get_array()) == pytest.approx(200.0, rel=0.05)


def test_the_heel_is_at_the_bottom_and_the_big_toe_toward_the_middle(layouts):
    fig = plot_pressure_maps({f: pressure_map(foot_frames(s, f), layouts[f])
                              for s in [session_from_arrays({f: _only(layouts[f], ("hallux",)) for f in FEET},
                                                            dict(layouts))] for f in FEET}, layouts)
    left_ax, right_ax = [ax for ax in fig.axes if ax.images][:2]
    # seen from above: the left foot on the left of the figure, the right on the right
    assert left_ax.get_position().x1 <= right_ax.get_position().x0
    for ax, foot, toward_middle in ((left_ax, "left", +1), (right_ax, "right", -1)):
        field = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
        row, col = np.unravel_index(np.nanargmax(field), field.shape)
        assert row > 0.8 * field.shape[0]  # the hallux is near the top (the toe), heel at row 0
        centre = (field.shape[1] - 1) / 2
        assert np.sign(col - centre) == toward_middle  # the big toe toward the middle of the figure
        dots = ax.collections[0].get_offsets()
        mth1 = [i for i, r in enumerate(layouts[foot].regions) if r == "mth1"]
        mth5 = [i for i, r in enumerate(layouts[foot].regions) if r == "mth5"]
        assert np.sign(dots[mth1, 0].mean() - dots[mth5, 0].mean()) == toward_middle


def test_the_left_heatmap_mirrors_the_right_for_a_symmetric_session(layouts):
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 150, size=(40, layouts["left"].n_sensors))
    t = np.arange(40) / 100.0
    s = session_from_arrays({"left": (t, p), "right": (t, p)}, dict(layouts))
    maps = {foot: pressure_map(foot_frames(s, foot), layouts[foot]) for foot in FEET}
    fig = plot_pressure_maps(maps, layouts)
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 4  # mean and peak, two feet each
    for left, right in (images[:2], images[2:]):
        left, right = np.ma.filled(left.astype(float), np.nan), np.ma.filled(right.astype(float), np.nan)
        np.testing.assert_allclose(left, right[:, ::-1], equal_nan=True)
        assert not np.allclose(left, right, equal_nan=True)  # and it is not the same picture unflipped


def test_the_field_fades_away_from_the_sensors_and_stays_inside_the_outline():
    field = pressure_field(np.array([0.0]), np.array([0.5]), np.array([100.0]))
    assert np.nanmax(field) == pytest.approx(100.0, rel=0.02)
    assert np.nanmin(field) < 1e-3  # far from the only sensor: nothing is invented
    assert np.isnan(field[0, 0]) and np.isnan(field[-1, -1])  # the corners are outside the insole
    assert OUTLINE[:, 0].min() >= -0.5 and OUTLINE[:, 0].max() <= 0.5
    assert field_extent()[0] == -field_extent()[1]


@pytest.fixture(scope="module")
def cleat():
    session = offline_session("cleat-forward", duration_s=480, seed=1)
    result = analyze(session, baseline=rider_normal(1))
    return result, report_data(session, result)


def test_plots_draw_on_given_axes_and_never_use_pyplot(cleat):
    result, data = cleat
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = Figure()
    axes = fig.subplots(2, 2)
    assert plot_pressure_maps(data.maps, data.layouts, stats=("peak",), axes=axes[0]) is fig
    assert plot_region_bars(data.summary, axes=axes[1]) is fig
    fig2 = Figure()
    assert plot_timeline(data.timelines, result.alerts, axes=fig2.subplots(3, 1, sharex=True)) is fig2
    fig3 = Figure()
    assert plot_cycle_curves(data.curves, axes=fig3.subplots(1, 2)) is fig3
    fig4 = Figure()
    assert plot_cop_paths(data.curves, data.layouts, axes=fig4.subplots(1, 2)) is fig4
    fig5 = Figure()
    assert plot_asymmetry(data.asymmetry, ax=fig5.subplots()) is fig5
    fig6 = Figure()
    assert plot_data_quality(data.quality, axes=fig6.subplots(2, 1)) is fig6
    fig7 = Figure()
    assert plot_steps({}, {}, data.timelines, axes=fig7.subplots(3, 1)) is fig7  # a ride: no steps
    assert plt.get_fignums() == before  # no figure went through pyplot


def test_the_timeline_marks_every_alert_and_shows_the_warning(cleat):
    result, data = cleat
    fig = plot_timeline(data.timelines, result.alerts)
    ax_load, ax_share, ax_level = fig.axes[:3]
    markers = [ln for ln in ax_level.get_lines() if ln.get_marker() == "v"]
    assert len(markers) == len(result.alerts) >= 4
    unit = 60.0  # an 8-minute session is drawn in minutes
    drawn_s = sorted(ln.get_xdata()[0] * unit for ln in markers)
    assert drawn_s == pytest.approx(sorted(a.t_s for a in result.alerts))
    colours = {tuple(np.round(c, 3)) for coll in ax_level.collections for c in coll.get_facecolors()}
    assert tuple(np.round(matplotlib.colors.to_rgba(LEVEL_COLOURS["warning"]), 3)) in colours
    line = ax_load.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), data.timelines["left"].forefoot_peak_kpa)
    np.testing.assert_allclose(line.get_xdata() * unit, data.timelines["left"].t_s)
    # the axes start at 0: a few % of a high load is drawn as a few %, not zoomed into (335-352 kPa looked
    # like big swings)
    assert ax_load.get_ylim()[0] == 0 and ax_load.get_ylim()[1] >= np.nanmax(line.get_ydata())
    assert ax_share.get_ylim() == (0, 100)


def test_the_timeline_says_why_a_foots_forefoot_share_is_not_drawn(cleat):
    # an insole without sensors under the heel and midfoot (ORPHE) has no forefoot share: an empty panel
    # would read as a fault of the report
    import dataclasses

    result, data = cleat
    tls = dict(data.timelines)
    tls["right"] = dataclasses.replace(tls["right"], forefoot_share=np.full_like(tls["right"].forefoot_share, np.nan),
                                     share_measured=False)
    share = plot_timeline(tls, result.alerts).axes[1]
    assert [t.get_text() for t in share.texts] == ["right foot: forefoot share not measured"]
    tls["left"] = dataclasses.replace(tls["left"], forefoot_share=np.full_like(tls["left"].forefoot_share, np.nan),
                                     share_measured=False)
    share = plot_timeline(tls, result.alerts).axes[1]
    assert [t.get_text() for t in share.texts] == ["forefoot share not measured"]
    assert list(plot_timeline(data.timelines, result.alerts).axes[1].texts) == []


def test_the_feet_of_a_timeline_are_drawn_alike_when_one_has_fewer_windows(cleat):
    # a foot lost half-way has half the windows: it is drawn in the same style as the other, not with dots
    import dataclasses

    result, data = cleat
    tls = dict(data.timelines)
    r = tls["right"]
    n = r.t_s.size // 2
    tls["right"] = dataclasses.replace(r, t_s=r.t_s[:n], forefoot_peak_kpa=r.forefoot_peak_kpa[:n],
                                       forefoot_share=r.forefoot_share[:n], level_t_s=r.level_t_s[:n],
                                       level=r.level[:n], cadence_per_min=r.cadence_per_min[:n])
    ax_load = plot_timeline(tls, result.alerts).axes[0]
    left, right = ax_load.get_lines()[:2]
    assert left.get_marker() == right.get_marker()


def test_cycle_curves_plot_every_region_with_its_band(cleat):
    _, data = cleat
    fig = plot_cycle_curves(data.curves)
    for ax, foot in zip(fig.axes[:2], FEET):
        c = data.curves[foot]
        lines = ax.get_lines()
        assert len(lines) == len(c.regions) and len(ax.collections) == len(c.regions)
        i = c.regions.index("mth2_3")
        np.testing.assert_allclose(lines[i].get_ydata(), c.mean_kpa[i])
        assert max(ln.get_ydata().max() for ln in lines) == pytest.approx(c.mean_kpa[i].max())


def test_the_cop_path_is_mirrored_like_the_heatmaps(cleat):
    _, data = cleat
    fig = plot_cop_paths(data.curves, data.layouts)
    for ax, foot in zip(fig.axes[:2], FEET):
        path = [c for c in ax.collections if isinstance(c, LineCollection)][0]
        xs = np.concatenate([seg[:, 0] for seg in path.get_segments()])
        c = data.curves[foot]
        ok = np.isfinite(c.cop_x)
        expected = display_x(foot, c.cop_x[ok])
        np.testing.assert_allclose(xs[0], expected[0])
        np.testing.assert_allclose(xs[-1], expected[-1])


def test_region_bars_and_asymmetry_show_the_analysis_numbers(cleat):
    result, data = cleat
    fig = plot_region_bars(data.summary)
    ax_peak = fig.axes[0]
    bars = ax_peak.containers
    assert [b.get_label() for b in bars] == ["left", "right"]
    expected = [data.summary["left"]["regions"][r]["peak_kpa"] for r in
                ("heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1", "mth2_3",
                 "mth4_5", "hallux", "lesser_toes")]
    np.testing.assert_allclose([p.get_width() for p in bars[0]], expected)
    fig = plot_asymmetry(data.asymmetry)
    widths = [p.get_width() for p in fig.axes[0].containers[0]]
    assert widths[-1] == pytest.approx(data.asymmetry["forefoot_share_pct"])  # drawn at the top


def test_quality_shows_gaps_and_says_when_there_is_no_battery_reading():
    t = np.arange(200) / 100.0
    p = np.ones((200, 4))
    p[50:60] = np.nan
    from report_sessions import layout4
    s = session_from_arrays({"left": (t, p)}, {"left": layout4("left")},
                            gaps=[dict(foot="left", start_s=0.5, end_s=0.6, frames_missing=10, packets_lost=2,
                                       reason="packets lost", filled=True)])
    data = report_data(s, analyze(s))
    fig = plot_data_quality(data.quality)
    reds = [coll for coll in fig.axes[0].collections
            if np.allclose(coll.get_facecolors()[0], matplotlib.colors.to_rgba(GAP_COLOUR))]
    assert len(reds) == 1
    assert any("no battery readings" in t.get_text() for t in fig.axes[1].texts)


def test_a_window_with_too_little_data_is_a_gap_in_the_timeline_not_a_point():
    """A runner's left foot missing from 60.2 s to 200 s: the window ending at 120 s holds 0.2 s of it, and its
    forefoot share, from a sliver of one stance, read 0.89 where the run's is 0.67 (a spike in the panel).
    A window with less than 5 s of data is left out of the timeline: a gap; so is one that ends
    in the gap (tests/test_timeline_silence.py).

    Written out by hand: windows of 60 s every 10 s (features.window_s, step_s) end at 10, 20, ... 230 s;
    those ending at 70 ... 200 s end in the left foot's silence (60.2 to 200 s; the 120-s one holds the
    0.2 s from 60 to 60.2 s) and are gaps; so are those ending at 210 ... 230 s, after it, with 10 to 30 s of
    their 60 (under the 48 s the alert policy acts on: no level, so no point,
    tests/test_timeline_partial_windows.py); the first six hold 10 s of data (the first) or more and are
    kept."""
    from monitor.analysis.assessed_data import min_window_data_s

    session = offline_session("healthy-run", duration_s=240, seed=1)
    frames = session.frames
    sensors = [c for c in frames.columns if c.endswith("_kpa")]
    gone = (frames["foot"] == "left") & (frames["t_s"] >= 60.2) & (frames["t_s"] < 200.0)
    frames.loc[gone, sensors] = np.nan
    result = analyze(session)
    windows = list(result.feet["left"].windows_)
    data_s = np.array([w.valid_fraction * w.window_s for w in windows])
    sliver = [w for w, d in zip(windows, data_s)
              if 0.0 < d < min_window_data_s(w.window_s) and np.isfinite(w.forefoot_share)]
    assert sliver, "the gap leaves windows with a share from a sliver of data"
    data = report_data(session, result)
    tl = data.timelines["left"]
    ends = np.arange(10.0, 240.0, 10.0)
    assert np.array_equal(tl.t_s, ends), tl.t_s
    few = ends >= 70.0  # 14 windows from 70 to 200 s in the silence, 3 after it with too little data
    assert data_s[ends == 120.0] == pytest.approx(0.2)  # the sliver
    assert np.isnan(tl.forefoot_share[few]).all() and np.isnan(tl.forefoot_peak_kpa[few]).all()
    assert np.isfinite(tl.forefoot_share[~few]).all()
    assert np.isfinite(tl.forefoot_share[:3]).all()  # the first windows, 10-30 s of data, are kept
    # drawn: the left line breaks over the gap (NaN between the windows before and after)
    y = plot_timeline(data.timelines).axes[1].lines[0].get_ydata()
    assert np.isnan(y).any() and np.isfinite(y[:3]).all()
    assert np.nanmax(y) < 75.0  # no spike: the run's share is about 67 %


def test_the_battery_line_stops_where_the_foots_data_is_missing():
    """The right insole lost at 8:00 of a 10:00 ride, the left down from 2:00 to 4:38: the battery panel
    held the last reading to the end of the session (95 % drawn to 10:00 for an insole gone at 8:00). Its
    level is unknown where the foot sent nothing, so the line breaks there."""
    import dataclasses

    from report_sessions import layout4
    t = np.arange(200) / 100.0
    s = session_from_arrays({"left": (t, np.ones((200, 4))), "right": (t, np.ones((200, 4)))},
                            {"left": layout4("left"), "right": layout4("right")})
    q = report_data(s, analyze(s)).quality
    feet = {"left": dataclasses.replace(q.feet["left"], battery=[(0.0, 95.0), (300.0, 90.0)],
                                        gap_spans=[(120.0, 278.0)]),
            "right": dataclasses.replace(q.feet["right"], battery=[(0.0, 95.0)], absent_spans=[(480.0, 600.0)])}
    fig = plot_data_quality(dataclasses.replace(q, feet=feet, duration_s=600.0))
    lines = {ln.get_label(): ln for ln in fig.axes[1].get_lines()}

    def held(foot):  # the (from, to, level) segments a "post" step line draws, in minutes
        x, y = np.asarray(lines[foot].get_xdata(), float), np.asarray(lines[foot].get_ydata(), float)
        assert lines[foot].get_drawstyle() == "steps-post"
        return [(x[i], x[i + 1], y[i]) for i in range(len(x) - 1) if np.isfinite(y[i]) and x[i + 1] > x[i]]

    right = held("right")
    assert max(b for _, b, _ in right) == pytest.approx(8.0) and {lv for _, _, lv in right} == {95.0}
    left = held("left")  # 95 % to 2:00, nothing over the gap, 95 % again from 4:38, 90 % from 5:00 to 10:00
    assert [(pytest.approx(a), pytest.approx(b), lv) for a, b, lv in left] == [
        (0.0, 2.0, 95.0), (278.0 / 60, 5.0, 95.0), (5.0, 10.0, 90.0)]


def test_two_feet_at_the_same_battery_level_are_both_seen():
    """Both insoles at 95 % all session: the right foot's battery line was drawn exactly over the left's,
    in the same solid style, so the panel showed one line. The right foot's is dashed, over the left's
    solid line, so both show where they coincide (and the legend says which is which)."""
    import dataclasses

    from report_sessions import layout4
    t = np.arange(200) / 100.0
    s = session_from_arrays({"left": (t, np.ones((200, 4))), "right": (t, np.ones((200, 4)))},
                            {"left": layout4("left"), "right": layout4("right")})
    q = report_data(s, analyze(s)).quality
    feet = {f: dataclasses.replace(q.feet[f], battery=[(0.0, 95.0), (300.0, 90.0)]) for f in ("left", "right")}
    ax = plot_data_quality(dataclasses.replace(q, feet=feet, duration_s=600.0)).axes[1]
    left, right = ax.get_lines()  # drawn in this order: the right foot's on top
    np.testing.assert_array_equal(left.get_xydata(), right.get_xydata())  # the same levels at the same times
    assert left.get_linestyle() == "-" and right.get_linestyle() not in ("-", "None")
    assert right.get_zorder() >= left.get_zorder()
    legend = {h.get_label(): h.get_linestyle() for h in ax.get_legend().legend_handles}
    assert legend == {"left": left.get_linestyle(), "right": right.get_linestyle()}


def _texts(fig) -> str:
    parts = [t.get_text() for t in fig.texts] + [fig._suptitle.get_text() if fig._suptitle else ""]
    for ax in fig.axes:
        parts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return " ".join(parts)


def test_a_stair_climbers_cycles_are_not_called_pedal_revolutions():
    """The stair-climber's average cycle was titled 'pedal stroke (% of a revolution, from the force
    minimum)': a stepper's feet go up and down, not round. Off the bike the stroke is a cycle from one
    force minimum to the next, a step on a stair-climber (docs/report.md); on the bike it stays a pedal
    stroke."""
    from monitor.report.figures import report_figures

    stair = offline_session("stair-climber", duration_s=60, seed=1)
    data = report_data(stair, analyze(stair))
    assert {c.kind for c in data.curves.values()} == {"stroke"}
    text = _texts(report_figures(data, only=("cycles",))["cycles"])
    assert "pedal" not in text and "revolution" not in text, text
    assert "step (% of the cycle, from one force minimum to the next)" in text
    ride = offline_session("healthy-ride", duration_s=60, seed=1)
    text = _texts(report_figures(report_data(ride, analyze(ride)), only=("cycles",))["cycles"])
    assert "pedal stroke (% of a revolution, from the force minimum)" in text


def test_the_last_level_band_ends_with_the_session():
    """The 17.5 s Moticon walk's only assessment (at 10 s) was drawn as a band from 10 to 20 s, 2.5 s past
    the session's end, on an axis to 20 s. The last band stops at the session's end."""
    from monitor.report.figures import report_figures

    session = offline_session("healthy-walk", duration_s=17.5, seed=1)
    data = report_data(session, analyze(session))
    assert data.timelines["left"].level_t_s.tolist() == [10.0]
    fig = report_figures(data, only=("timeline",))["timeline"]
    ax_level = fig.axes[2]
    bars = [path.vertices[:, 0].max() for coll in ax_level.collections for path in coll.get_paths()]
    assert bars and max(bars) == pytest.approx(data.quality.duration_s, abs=0.02)
    assert ax_level.get_xlim()[1] < 19.0


def test_a_level_band_is_not_drawn_over_a_window_without_data():
    """Over a 140 s gap of the left foot the detector's assessments went on ('none', or a level held) on
    windows with no data at all, drawn as the grey 'none' band: a level nobody measured. An assessment
    whose window holds less than 5 s (min_window_data_s) of data has no band (NO_DATA_LEVEL in the timeline), nor one
    whose window ends in the gap (tests/test_timeline_silence.py), nor one the alert policy skips
    (tests/test_level_missing_alike.py)."""
    from monitor.analysis.assessed_data import min_window_data_s
    from monitor.report.timeline_data import NO_DATA_LEVEL, in_spans

    session = offline_session("healthy-run", duration_s=300, seed=1)
    frames = session.frames
    sensors = [c for c in frames.columns if c.endswith("_kpa")]
    gone = (frames["foot"] == "left") & (frames["t_s"] >= 60.2) & (frames["t_s"] < 200.0)
    frames.loc[gone, sensors] = np.nan
    result = analyze(session)
    data_s = {w.t_s: w.valid_fraction * w.window_s for w in result.feet["left"].windows_}
    assessed = [a.t_s for a in result.feet["left"].assessments_]
    empty = [t for t in assessed if data_s.get(t, 0.0) < min_window_data_s(60.0)]
    assert empty, "assessments on windows without data"
    in_gap = np.array(assessed)[in_spans(np.array(assessed), result.silent_spans["left"])].tolist()
    tl = report_data(session, result).timelines["left"]
    no_data = tl.level_t_s[tl.level == NO_DATA_LEVEL].tolist()
    window_s = result.feet["left"].params.features.window_s  # the alert policy skips these too (a window
    skipped = [a.t_s for a in result.feet["left"].assessments_ if not a.with_data and a.t_s >= window_s]
    assert no_data == sorted(set(empty) | set(in_gap) | set(skipped))  # after the gap: too little data)
    ax_level = plot_timeline({"left": tl}).axes[2]
    for coll in ax_level.collections:
        for path in coll.get_paths():
            lo, hi = path.vertices[:, 0].min(), path.vertices[:, 0].max()
            assert not any(lo <= t / 60.0 < hi - 1e-9 for t in empty), (lo, hi)


def _points_under_legend(fig, ax) -> int:
    """How many points of ``ax``'s lines the figure's legends cover, in display coordinates: each line's
    points and 50 along each of its segments (a step line's two legs)."""
    fig.canvas.draw()
    boxes = [leg.get_window_extent() for leg in [*fig.legends, *(a.get_legend() for a in fig.axes)] if leg]
    n = 0
    for line in ax.get_lines():
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if line.get_drawstyle() == "steps-post" and x.size > 1:
            x, y = np.repeat(x, 2)[1:], np.repeat(y, 2)[:-1]
        xy = line.get_transform().transform(np.column_stack((x, y)))
        f = np.linspace(0.0, 1.0, 50)[:, None]
        pts = [xy] + [a + f * (b - a) for a, b in zip(xy, xy[1:])]
        pts = np.vstack(pts)
        n += sum(int(b.contains(px, py)) for b in boxes for px, py in pts[np.isfinite(pts).all(axis=1)])
    return n


def test_the_timeline_legend_hides_no_forefoot_load():
    """The load's foot legend sat inside the panel's top left corner, where a load that rises in the first
    minutes to near the axis top ran under it; it is drawn outside the data."""
    session = offline_session("healthy-run", duration_s=240, seed=1)
    data = report_data(session, analyze(session))
    fig = plot_timeline(data.timelines)
    assert _points_under_legend(fig, fig.axes[0]) == 0


def _bars_under_legend(fig) -> int:
    """How many bars the figure's legends cover, as the page's PNG draws them."""
    from monitor.report.html import figure_png

    figure_png(fig)
    boxes = [leg.get_window_extent() for leg in [*fig.legends, *(a.get_legend() for a in fig.axes)] if leg]
    return sum(1 for ax in fig.axes for p in ax.patches for b in boxes
               if p.get_width() and p.get_window_extent().overlaps(b))


def test_the_region_bars_legend_hides_no_bar():
    """The foot legend sat in the lower right corner of the peak panel, over the heel bars of a walk, whose
    heel peaks reach as far as its forefoot's; it is drawn outside the bars."""
    session = offline_session("healthy-walk", duration_s=120, seed=1)
    data = report_data(session, analyze(session))
    assert _bars_under_legend(plot_region_bars(data.summary)) == 0


def test_the_battery_legend_hides_no_low_battery():
    """The battery panel's foot legend sat in its lower left corner, over a battery run low (15 %) from the
    start of the session; it is drawn outside the line."""
    from report_sessions import layout4

    t = np.arange(2000) / 100.0
    events = [{"t_s": 0.0, "event": "battery", "foot": "left", "level_pct": 15},
              {"t_s": 0.0, "event": "battery", "foot": "right", "level_pct": 95}]
    s = session_from_arrays({f: (t, np.full((t.size, 4), 50.0)) for f in FEET},
                            {f: layout4(f) for f in FEET}, events=events)
    fig = plot_data_quality(report_data(s, analyze(s)).quality)
    assert _points_under_legend(fig, fig.axes[1]) == 0


def test_a_heatmap_leaves_what_no_sensor_measured_uncoloured():
    """Away from every sensor the field faded to 0 kPa, drawn in the colour scale's 0 (dark blue), so an
    insole without midfoot sensors (ORPHE) showed a midfoot at 0 kPa it never measured. The colour keeps
    the spread readings and fades out to the page instead: transparent where nothing was measured."""
    from monitor.link.orphe import layout as orphe_layout
    from monitor.report.maps_data import PressureMap
    from monitor.report.plots.insole import WIDTH_PER_LENGTH, grid_centres

    layout = orphe_layout("right")
    kpa = np.full(layout.n_sensors, 60.0)
    maps = {"right": PressureMap("right", kpa, kpa, 1, 1)}
    fig = plot_pressure_maps(maps, {"right": layout}, stats=("mean",))
    image = next(ax for ax in fig.axes if ax.images).images[0]
    shown = np.ma.filled(image.get_array().astype(float), np.nan)
    alpha = np.broadcast_to(1.0 if image.get_alpha() is None else image.get_alpha(), shown.shape)
    xx, yy = np.meshgrid(*grid_centres())
    d = np.min([np.hypot((xx - sx) * WIDTH_PER_LENGTH, yy - sy) for sx, sy in zip(layout.x, layout.y)], axis=0)
    inside = np.isfinite(shown)
    far, near = inside & (d > 0.2), inside & (d < 0.03)
    assert far.any() and near.any()
    assert (alpha[far] < 0.05).all()  # the unmeasured midfoot: no colour of the scale
    assert (alpha[near] == 1.0).all()  # at the sensors: the full colour of the reading
    assert shown[far] == pytest.approx(60.0)  # and never a level that was not read


def test_a_runs_median_lines_are_drawn_over_the_step_dots_which_show_in_their_gaps():
    """A steady run's contact times lie on their median, a band of dots as thin as a line: the dots, drawn over
    the dashed median lines, hid most of them (a forefoot-strike run's 850 steps a foot in 10 min). A run's
    medians are drawn over its many small dots, outlined in black against dots of their own colour, thin and with gaps
    three times their dashes, through which the dots show, each foot's dashes in the other's gaps; the legend
    keys them as "median"."""
    session = offline_session("healthy-run", duration_s=120, seed=1)
    result = analyze(session)
    data = report_data(session, result)
    fig = plot_steps(data.steps, data.gait, data.timelines)
    ax = fig.axes[1]
    assert min(len(s) for s in data.steps.values()) >= FEW_STEPS  # a run's many small dots
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "."]
    medians = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dots) == len(medians) == 2
    # had: the dots' zorder 4 over the lines' 3
    assert min(m.get_zorder() for m in medians) > max(d.get_zorder() for d in dots)
    for m in medians:
        (outline,) = m.get_path_effects()  # a stroke under the line, wider, and black: not a dot's colour
        assert outline._gc["foreground"] == "black" and outline._gc["linewidth"] > m.get_linewidth()
        _, (dash, gap) = m._unscaled_dash_pattern
        assert gap >= 3 * dash  # half the line's length gap once the other foot's dashes are in
    offsets = sorted(m._unscaled_dash_pattern[0] for m in medians)
    dash, gap = medians[0]._unscaled_dash_pattern[1]
    assert offsets[1] - offsets[0] == pytest.approx((dash + gap) / 2)  # the right's dashes mid the left's gaps
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["left", "right", "median"]
    key = legend.legend_handles[-1]
    assert (key.get_linestyle(), key.get_marker()) == ("--", "None")  # the dashed line's key, not a dot's


def test_the_cycle_curves_title_says_mean_plus_minus_sd_with_a_glyph_the_font_has(cleat, tmp_path):
    """The title read "mean +- sd". It says "mean ± sd" now, and matplotlib's font (DejaVu Sans) has ±: the
    PNG, a vector PDF of the figure and the report's PDF (whose figures are drawn as images) are written
    without a missing-glyph warning."""
    import io
    import warnings

    from matplotlib.font_manager import findfont, get_font

    from monitor.report.figures import report_figures
    from monitor.report.pdf import write_pdf

    _, data = cleat
    figures = report_figures(data)
    title = figures["cycles"].get_suptitle()
    assert title.endswith(": mean \u00b1 sd") and "+-" not in _texts(figures["cycles"]), title
    font = get_font(findfont(figures["cycles"]._suptitle.get_fontproperties()))
    assert font.get_char_index(ord("\u00b1")) != 0, font.fname
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        for fmt in ("png", "pdf"):
            figures["cycles"].savefig(io.BytesIO(), format=fmt)
        write_pdf(tmp_path / "report.pdf", data, figures)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_a_walk_shorter_than_a_window_says_so_over_the_session():
    """A 5-s walk (the Moticon export with events is one) has steps but no analysis window: its timeline drew
    three blank panels over a time axis of 0 to 0.055 s, and its cadence panel was blank, with nothing to
    say why. The axis spans the session and each of those panels says there is no window."""
    from monitor.report.timeline_caption import timeline_caption

    said = "no analysis window: the session is too short for one"

    session = offline_session("healthy-walk", duration_s=5, seed=1)
    data = report_data(session, analyze(session))
    assert not any(tl.t_s.size for tl in data.timelines.values()) and any(len(s) for s in data.steps.values())
    fig = plot_timeline(data.timelines, data.alerts, session_end_s=data.quality.duration_s)
    for ax in fig.axes[:3]:
        assert [" ".join(t.get_text().split()) for t in ax.texts] == [said]
    assert fig.axes[2].get_xlim() == pytest.approx((0.0, data.quality.duration_s))
    assert fig.axes[2].get_xlabel() == "session time (s)"
    assert "too short for one" in timeline_caption(data.timelines, data.alerts)
    cadence = plot_steps(data.steps, data.gait, data.timelines).axes[2]
    assert [" ".join(t.get_text().split()) for t in cadence.texts] == [said]


def test_the_few_steps_of_a_short_walk_are_drawn_over_their_median():
    """A steady walk's contact times lie on their median: in a 5-s walk (the Moticon export with events, 3
    and 4 steps) the dashed median lines, drawn over the small dots for a long run's dense band, hid all but
    two of its seven steps, and the last, at the axis's right end, was cut in half. A few steps are big dots over
    the lines, on an axis to the last toe-off (a run's many are small dots, over the lines too)."""
    session = offline_session("healthy-walk", duration_s=5, seed=1)
    data = report_data(session, analyze(session))
    assert 0 < max(len(s) for s in data.steps.values()) < 10
    ax = plot_steps(data.steps, data.gait, data.timelines).axes[1]
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "."]
    medians = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dots) == len(medians) == 2
    assert min(d.get_zorder() for d in dots) > max(m.get_zorder() for m in medians)
    # each dot stands out from the median line under it: wider than the line with its outline
    assert min(d.get_markersize() for d in dots) > max(m.get_path_effects()[0]._gc["linewidth"] for m in medians)
    # and the last step is inside the axis, not half cut off at its right edge (it ended at that step's start)
    assert max(float(np.nanmax(d.get_xdata())) for d in dots) < ax.get_xlim()[1]


def test_a_walk_whose_windows_have_no_cadence_says_so_in_the_cadence_panel(tmp_path):
    """The sample Moticon walk (18 s) with its declared activity taken out has one analysis window, before
    its activity was recognised, so with no cadence: the cadence panel under Steps was blank, though the
    table above gives the session's cadence. The panel says why there is no line."""
    import json
    import shutil

    import monitor

    walk = tmp_path / "walk"
    shutil.copytree(Path(__file__).resolve().parents[1] / "sessions" / "samples" / "moticon-walk", walk)
    info = json.loads((walk / "session.json").read_text())
    info["activity"] = "unknown"  # undeclared: the recogniser's first label comes after the only window
    (walk / "session.json").write_text(json.dumps(info))
    session = monitor.load_session(walk)
    data = report_data(session, analyze(session))
    assert any(tl.t_s.size for tl in data.timelines.values())
    assert not any(np.isfinite(tl.cadence_per_min).any() for tl in data.timelines.values())
    fig = plot_steps(data.steps, data.gait, data.timelines)
    cadence = fig.axes[2]
    assert [" ".join(t.get_text().split()) for t in cadence.texts] == [
        "no window gave a cadence: the activity not yet known, or too little data"]
    # and it fits in its panel in the phone drawing too, where the panel is some 230 pt wide
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from monitor.report.phone_images import phone_layout

    FigureCanvasAgg(fig)
    with phone_layout(fig):
        fig.canvas.draw()
        box, panel = cadence.texts[0].get_window_extent(), cadence.get_window_extent()
        assert panel.x0 <= box.x0 and box.x1 <= panel.x1
    # a run's windows have a cadence: its panel has a line and no text
    session = offline_session("healthy-run", duration_s=60, seed=1)
    data = report_data(session, analyze(session))
    assert list(plot_steps(data.steps, data.gait, data.timelines).axes[2].texts) == []


def test_the_timeline_keeps_its_panels_wide_in_the_phone_drawing_with_a_mark_or_relief():
    """The level legend had the four levels, a relief and the rider's "numb now (marked)" on one row: in the
    phone drawing (4.2 in) it was wider than the figure, and the layout shrank the panels to make room (to
    about 190 px at 100 dpi with a mark, 295 px with a relief, from 340 px), so that a 5-s walk's "no analysis
    window" note ran past its panel's sides. The keys fit: the panels keep their width, the legend and the
    notes stay inside the figure and their panels."""
    import dataclasses

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from monitor.analysis.marks import RiderMark
    from monitor.report.phone_images import phone_layout

    session = offline_session("healthy-walk", duration_s=5.0, seed=1)
    data = report_data(session, analyze(session))
    assert not any(tl.t_s.size for tl in data.timelines.values())  # windowless: each panel has its note
    widths = {}
    for relief in (False, True):
        tls = {f: dataclasses.replace(tl, reliefs=[(1.0, 2.0)] if relief else []) for f, tl in data.timelines.items()}
        for marks in ((), (RiderMark(2.0, "left"),)):
            fig = plot_timeline(tls, data.alerts, marks=marks, session_end_s=data.quality.duration_s)
            FigureCanvasAgg(fig)
            with phone_layout(fig):
                fig.canvas.draw()
                legend = fig.axes[2].get_legend()
                assert len(legend.get_texts()) == 4 + relief + len(marks)
                box = legend.get_window_extent()
                assert 0 <= box.x0 and box.x1 <= fig.bbox.width
                for ax in fig.axes:
                    panel, note = ax.get_window_extent(), ax.texts[0].get_window_extent()
                    assert panel.x0 <= note.x0 and note.x1 <= panel.x1
                widths[relief, bool(marks)] = fig.axes[2].get_window_extent().width
    assert min(widths.values()) >= 0.98 * widths[False, False], widths
    # the levels read on one row, left to right, with the mark (and relief) under them
    fig = plot_timeline(data.timelines, data.alerts, marks=[RiderMark(2.0, "left")])
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    keys = {t.get_text(): t.get_window_extent() for t in fig.axes[2].get_legend().get_texts()}
    top = [keys[k] for k in ("none", "notice", "warning")]
    assert [b.y0 for b in top] == [top[0].y0] * 3 and top[0].x0 < top[1].x0 < top[2].x0
    assert keys["numb now (marked)"].y0 < top[0].y0


def test_the_steps_time_panels_span_the_session_as_the_other_figures_do():
    """A 90-s walk whose insoles read nothing after 50 s: the contact-time and cadence panels ended at the last
    window (80 s), not at the session's end (90 s), where every other time axis of the report ends."""
    from dataclasses import replace

    session = offline_session("healthy-walk", duration_s=90, seed=1)
    frames = session.frames.copy()
    frames.loc[frames["t_s"] >= 50.0, [c for c in frames.columns if c.endswith("_kpa")]] = np.nan
    session = replace(session, frames=frames)
    data = report_data(session, analyze(session))
    assert max(float(s.toe_off_s[-1]) for s in data.steps.values()) < 50.0
    fig = plot_steps(data.steps, data.gait, data.timelines, session_end_s=data.quality.duration_s)
    for ax in fig.axes[1:3]:
        assert ax.get_xlim() == pytest.approx((0.0, 90.0)), ax.get_xlim()


def test_an_insole_that_reports_a_battery_level_shows_the_level():
    """ORPHE INSOLE reports its battery as a level word ("low", "normal", "high"), not a percentage: the
    battery panel said "no battery readings in this session" while the Data quality table beside it said
    "high". The panel draws the level over time on an axis of the level words and says it is a level (its
    legend's title)."""
    from report_sessions import layout4

    t = np.arange(2000) / 100.0
    events = [{"t_s": 0.0, "event": "battery", "foot": "left", "level": "high"},
              {"t_s": 0.0, "event": "battery", "foot": "right", "level": "high"},
              {"t_s": 12.0, "event": "battery", "foot": "right", "level": "normal"}]
    s = session_from_arrays({f: (t, np.full((t.size, 4), 50.0)) for f in FEET},
                            {f: layout4(f) for f in FEET}, events=events)
    ax = plot_data_quality(report_data(s, analyze(s)).quality).axes[1]
    texts = [x.get_text() for x in ax.texts] + [ax.get_legend().get_title().get_text() if ax.get_legend() else ""]
    assert not any("no battery" in x for x in texts), texts
    assert any("level" in x and "not a percentage" in x for x in texts), texts
    ticks = {tick.get_text(): y for tick, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert {"low", "normal", "high"} <= set(ticks), ticks
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    left, right = (np.asarray(lines[f].get_ydata(), float) for f in FEET)
    assert set(left[np.isfinite(left)]) == {ticks["high"]}
    assert set(right[np.isfinite(right)]) == {ticks["high"], ticks["normal"]}


def test_a_battery_level_beside_a_percentage_is_said():
    """One insole reports a percentage, the other a level word: the panel draws the percentage and says the
    other foot's level, not nothing of it."""
    from report_sessions import layout4

    t = np.arange(2000) / 100.0
    events = [{"t_s": 0.0, "event": "battery", "foot": "left", "level_pct": 80},
              {"t_s": 0.0, "event": "battery", "foot": "right", "level": "low"}]
    s = session_from_arrays({f: (t, np.full((t.size, 4), 50.0)) for f in FEET},
                            {f: layout4(f) for f in FEET}, events=events)
    ax = plot_data_quality(report_data(s, analyze(s)).quality).axes[1]
    assert [ln.get_label() for ln in ax.get_lines()] == ["left"]
    assert any("right" in x.get_text() and "low" in x.get_text() for x in ax.texts), [x.get_text() for x in ax.texts]
