"""The report lists the rider's long pauses: both feet relieved or without data for two minutes or more."""

from __future__ import annotations

import numpy as np

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pauses import PAUSE_MIN_S, long_pauses
from monitor.session.model import Session
from monitor.session.offline import offline_session


def test_a_pause_is_where_every_foot_is_idle_long_enough():
    idle = {"left": [(100.0, 400.0), (900.0, 930.0)],  # a stop, and a short relief
            "right": [(110.0, 250.0), (250.0, 380.0), (1000.0, 1500.0)]}  # a relief then a gap: one
    assert long_pauses(idle) == [(110.0, 270.0)]
    assert long_pauses({"left": [(0.0, 119.0)]}) == []
    assert long_pauses({"left": [(0.0, PAUSE_MIN_S)]}) == [(0.0, PAUSE_MIN_S)]
    assert long_pauses({}) == []


def test_a_coffee_stop_is_listed_under_the_session_over_time():
    """A ride whose feet carry no load from 2:00 to 6:00 (both unclipped, off the bike): one pause."""
    s = offline_session("healthy-ride", duration_s=480.0, seed=1)
    f = s.frames.copy()
    stop = ((f["t_s"] >= 120.0) & (f["t_s"] < 360.0)).to_numpy()
    cols = [c for c in f.columns if c.endswith("_kpa")]
    f.loc[stop, cols] = np.float32(1.0)  # a resting forefoot in a shoe: ~1-2 kPa (docs/detection.md)
    s = Session(s.path, s.info, f, s.gaps)
    html = render_html(report_data(s, analyze(s)), {})
    section = html[html.index('<section id="timeline-section">'):html.index("</section>",
                                                                         html.index('id="timeline-section"'))]
    assert "Pauses of 2:00 or more" in section
    line = section[section.index("Pauses of 2:00 or more"):]
    line = line[:line.index("</p>")]
    # one pause starting within a few seconds of 2:00 and lasting about 4:00 (a relief starts once the
    # smoothed forefoot falls under the line: docs/detection.md)
    assert line.count(" for ") == 1 and ("at 2:00 " in line or "at 2:01 " in line), line
    assert "for 3:5" in line or "for 4:0" in line, line


def test_a_ride_without_a_long_stop_lists_no_pauses():
    s = offline_session("healthy-ride", duration_s=480.0, seed=1)
    html = render_html(report_data(s, analyze(s)), {})
    assert "Pauses of" not in html


def _pauses_line(s: Session) -> str:
    html = render_html(report_data(s, analyze(s)), {})
    line = html[html.index("Pauses of 2:00 or more"):]
    return line[:line.index("</p>")]


def test_rows_whose_every_cell_is_empty_sent_no_data():
    """An 8:00 session whose rows, 0:00 to 2:00, hold no reading at all, and then no rows: no data was sent
    from 0:00 (had: "at 2:00 for 6:00", the empty rows taken as data sent)."""
    s = offline_session("healthy-ride", duration_s=480.0, seed=1)
    f = s.frames[(s.frames["t_s"] < 120.0).to_numpy()].copy()
    cols = [c for c in f.columns if c.endswith("_kpa")]
    f[cols] = np.nan
    assert "at 0:00 for 8:00." in _pauses_line(Session(s.path, s.info, f, s.gaps))


def test_empty_rows_between_rows_with_data_are_a_span_without_data():
    from monitor.report.pauses import empty_row_spans

    t = np.arange(10) * 1.0
    empty = np.array([1, 1, 0, 0, 1, 1, 1, 0, 1, 1], dtype=bool)
    assert empty_row_spans(t, empty, 20.0) == [(0.0, 2.0), (3.0, 7.0), (7.0, 20.0)]
    assert empty_row_spans(t, np.zeros(10, dtype=bool), 20.0) == []
    assert empty_row_spans(np.zeros(0), np.zeros(0, dtype=bool), 20.0) == []


def test_a_gap_and_the_absence_after_it_a_rounding_apart_are_one_pause():
    """gaps.csv keeps its times to the microsecond: a gap ending at 120.004712 and the absence after the
    foot's last frame, from 120.0047124001, are one stretch without data."""
    assert long_pauses({"left": [(1.957112, 120.004712), (120.00471240010211, 480.0)]}) == [
        (1.957112, 480.0 - 1.957112)]
