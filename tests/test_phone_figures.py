"""Every figure the report draws, in its phone drawing (monitor.report.phone_images.phone_layout), for the
sessions a report meets: its legends and texts inside the figure, a panel's notes inside their panel, no
panel narrower (as a share of the figure) than in the desktop drawing, and tick labels apart. The phone
layout keeps each legend's columns and checks nothing itself: a figure added to the report is checked here."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from report_sessions import layout4, session_from_arrays

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.analysis.marks import RiderMark, judge_marks
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.phone_images import phone_layout
from monitor.report.plots.compare import plot_comparison, plot_comparison_phone
from monitor.session.offline import offline_session

#: A session directory's name as long as a rider may give it (the comparison's legend names it).
LONG_NAME = "20261204T063000Z-morning-ride-new-carbon-shoes-cleats-moved-back-5mm-and-a-longer-note"


def _one_foot():
    t_s = np.arange(3000) / 100.0
    kpa = 20.0 + 10.0 * np.sin(2 * np.pi * t_s)[:, None] * np.ones((1, 4))
    return session_from_arrays({"left": (t_s, kpa)}, {"left": layout4("left")})


def _data(kind: str):
    if kind == "one foot":
        session = _one_foot()
        return report_data(session, analyze(session))
    scenario, duration_s = {"short walk": ("healthy-walk", 5.0), "run": ("healthy-run", 60.0),
                            "ride with a mark": ("cleat-forward", 90.0)}[kind]
    session = offline_session(scenario, duration_s=duration_s, seed=1)
    result = analyze(session)
    data = report_data(session, result)
    if kind == "ride with a mark":
        assert result.alerts
        data = dataclasses.replace(data, marks=judge_marks([RiderMark(60.0, "left")], result.alerts))
    return data


def _visible_texts(fig: Figure) -> list[Text]:
    """The figure's drawn, non-empty texts: tick labels only of the ticks drawn (inside the view)."""
    drawn = {id(t.label1) for ax in fig.axes if ax.axison for a in (ax.xaxis, ax.yaxis)
             for t in a._update_ticks()}
    ticks = {id(t.label1) for ax in fig.axes for a in (ax.xaxis, ax.yaxis)
             for t in a.get_major_ticks() + a.get_minor_ticks()}
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and (id(t) not in ticks or id(t) in drawn)]


def assert_fits_a_phone(fig: Figure, phone: bool = True) -> None:
    """``fig``'s phone drawing (already ``phone``: as it is) keeps its text in the figure and its panels."""
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    desktop = [ax.get_window_extent().width / fig.bbox.width for ax in fig.axes]
    with phone_layout(fig) if phone else _as_is():
        fig.canvas.draw()
        r, box = fig.canvas.get_renderer(), fig.bbox
        for t in _visible_texts(fig):
            b = t.get_window_extent(r)
            assert box.x0 - 1 <= b.x0 and b.x1 <= box.x1 + 1 and box.y0 - 1 <= b.y0 and b.y1 <= box.y1 + 1, \
                (t.get_text(), b, box)
        for ax, share in zip(fig.axes, desktop):
            panel = ax.get_window_extent()
            assert panel.width / box.width >= 0.85 * share, (ax, panel.width, share)
            for note in ax.texts:
                if note.get_visible() and note.get_text().strip() and note.get_transform() == ax.transAxes:
                    b = note.get_window_extent(r)
                    assert panel.x0 - 1 <= b.x0 and b.x1 <= panel.x1 + 1, (note.get_text(), b, panel)
            for axis in (ax.xaxis, ax.yaxis) if ax.axison else ():
                labels = [t.label1 for t in axis._update_ticks() if t.label1.get_visible() and t.label1.get_text()]
                if any(abs(t.get_rotation()) > 1 for t in labels):
                    continue  # slanted: their boxes overlap while the words do not
                boxes = sorted((t.get_window_extent(r) for t in labels), key=lambda b: (b.x0, b.y0))
                for a, b in zip(boxes, boxes[1:]):
                    assert not (a.overlaps(b) and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5
                                and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5), (axis, a, b)


class _as_is:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


@pytest.fixture(scope="module", params=["short walk", "run", "ride with a mark", "one foot"])
def figures(request):
    return report_figures(_data(request.param))


#: Every figure a report may draw (monitor.report.figures.report_figures; "ride" only with a ride file).
FIGURES = {"heatmaps", "regions", "timeline", "steps", "cycles", "cop", "asymmetry", "quality", "ride"}


def test_every_figure_of_the_report_fits_the_phone_drawing(figures):
    """Each figure the session's report draws (a session draws those its data give: no steps on a ride)."""
    assert {"timeline", "quality", "regions"} <= set(figures) <= FIGURES, sorted(figures)
    for name, fig in figures.items():
        try:
            assert_fits_a_phone(fig)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


@pytest.fixture(scope="module")
def comparison():
    before, after = (offline_session(s, duration_s=60.0, seed=1) for s in ("cleat-forward", "healthy-ride"))
    return compare(analyze(before), analyze(after), before, after)


@pytest.mark.parametrize("session_id", ["short", LONG_NAME])
def test_the_comparison_figure_keeps_a_long_session_name_inside_both_drawings(comparison, session_id):
    """The legend named the session on one line: a directory's name of 68 characters ran past both sides of
    the phone drawing (from -78 to 537 px of 420), one of 86 off the desktop drawing's right edge too (to
    1117 px of 1000). The name wraps to the legend column's width."""
    c = dataclasses.replace(comparison, before=dataclasses.replace(comparison.before, session_id=session_id))
    assert_fits_a_phone(plot_comparison_phone(c), phone=False)
    assert_fits_a_phone(plot_comparison(c), phone=False)
    label = plot_comparison_phone(c).legends[0].get_texts()[0].get_text()
    assert label.replace("\n", "").replace(" ", "") == f"before:{session_id}"


def _quality_with_every_link_event():
    """A session's data quality whose feet met every link event the figure marks (a ride with faults: a foot
    dropped, lost, back, a battery low, the other lost for good)."""
    from monitor.report.plots.quality import EVENT_MARKERS
    from monitor.report.quality_data import DataQuality, FootQuality

    def foot(name, events):
        return FootQuality(foot=name, frames=20000, missing_frames=1400, partial_frames=0, unfilled_frames=0,
                           missing_share=0.07, gaps=1, gap_s=14.0, gaps_by_reason={"link_down": 1},
                           gap_spans=[(100.0, 114.0)], disconnects=1, reconnects=1, foot_lost=1,
                           battery=[(0.0, 95.0), (200.0, 10.0)], battery_low=1, counters={},
                           link_events=events)

    events = [(100.0 + 10.0 * i, e) for i, e in enumerate(EVENT_MARKERS)]
    return DataQuality(feet={"left": foot("left", events), "right": foot("right", events[:3])}, caveats=[],
                       source="simulated", duration_s=480.0)


@pytest.mark.parametrize("transport", ["RADIO", "NETWORK"])
def test_the_quality_figure_with_every_link_event_lays_out_on_a_phone(transport):
    """A ride with faults marked five link events: their legend in one row was wider than the phone drawing,
    and matplotlib printed "constrained_layout not applied" to the terminal as the report was written. The
    Moticon stream's words ("out of stream", "back in stream") fit as a BLE insole's do."""
    import warnings

    from monitor.link import transport_words
    from monitor.report.plots.quality import plot_data_quality

    quality = dataclasses.replace(_quality_with_every_link_event(), transport=getattr(transport_words, transport))
    fig = plot_data_quality(quality)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_fits_a_phone(fig)
        assert_fits_a_phone(fig, phone=False)


@pytest.mark.parametrize("levels", [("high", "high"), ("80 %", "low")])
def test_the_quality_figure_of_battery_levels_lays_out_on_a_phone(levels):
    """Insoles that report a battery level word (ORPHE INSOLE), not a percentage, or one beside a percentage:
    the panel's words (its legend's title, the note of the level) fit both drawings."""
    from monitor.report.plots.quality import plot_data_quality

    quality = _quality_with_every_link_event()
    feet = {}
    for (name, q), level in zip(quality.feet.items(), levels):
        if level.endswith("%"):
            feet[name] = dataclasses.replace(q, battery=[(0.0, float(level.split()[0]))])
        else:
            feet[name] = dataclasses.replace(q, battery=[], battery_levels=[(0.0, level)])
    fig = plot_data_quality(dataclasses.replace(quality, feet=feet))
    assert_fits_a_phone(fig)
    assert_fits_a_phone(fig, phone=False)
