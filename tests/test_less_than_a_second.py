"""A foot's time analysed, or not, of less than a second reads as words, in every view that says it: analyze's
caveat and verdict, the report's verdict and per-foot lines (HTML and the PDF's text page) and the end of live
and replay (monitor.analysis.sensor_gaps.gap_words, the same words). Had: "analysed for only under 0:01 of its
2:00 of data" and "(not analysed for under 0:01)"."""

from __future__ import annotations

import numpy as np
import pytest
from test_dead_sensor import MTH_COLUMNS

import monitor
from monitor.analysis.batch import analyze
from monitor.analysis.sensor_gaps import gap_words
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pdf import report_text_lines
from monitor.report.text import analysis_text


def _ride_with_mth_blank(from_s: float, to_s: float):
    """The simulated 2-minute healthy ride with the right foot's metatarsal heads NaN from ``from_s`` to
    ``to_s`` (s): those frames cannot be analysed (a whole group with no sample)."""
    s = monitor.offline_session("healthy-ride", duration_s=120, seed=1)
    t = s.frames.t_s
    rows = (s.frames.foot == "right") & (t >= from_s) & (t < to_s)
    for col in MTH_COLUMNS:
        s.frames.loc[rows, col] = np.nan
    return s


def _views(session) -> str:
    result = analyze(session)
    data = report_data(session, result)
    said = gap_words(result.feet, result.params.detector.warn_after_s, result.data_runs)
    return "\n".join([analysis_text(result), render_html(data, {}), *report_text_lines(data),
                      *said.notes, *said.unanalysed.values()])


@pytest.fixture(scope="module")
def half_a_second_not_analysed() -> str:
    return _views(_ride_with_mth_blank(30.0, 30.5))


@pytest.fixture(scope="module")
def half_a_second_analysed() -> str:
    return _views(_ride_with_mth_blank(0.5, 1e9))


def test_half_a_second_not_analysed_reads_less_than_a_second(half_a_second_not_analysed):
    text = half_a_second_not_analysed
    assert "right: not analysed for less than a second of its 2:00 of data" in text, text
    assert "(not analysed for less than a second)" in text, text
    assert "0:01" not in text.replace("less than a second", ""), text  # never "under 0:01"


def test_a_foot_analysed_for_half_a_second_reads_less_than_a_second(half_a_second_analysed):
    text = half_a_second_analysed
    assert "the right foot was analysed for less than a second of its 2:00 of data" in text, text
    assert "only under" not in text and "only less" not in text and "under 0:01" not in text, text
