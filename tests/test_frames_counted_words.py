"""The report's first frame count says what it counts, and a recording whose count is a second's frames or more
apart from what its duration holds at the rate says why. Had: "frames expected at the sample rate 120,238" for a
20:01 session at 100 Hz (`record --sim healthy-ride --speed 40 --duration 1201s`), which a reader takes for
20:01 x 100 Hz, 120,100: the insole's 120,104 frames, counted by its own clock, span the session, while its first
packet, late at 40x, left 1.3 s "missing" at the start, counted by the session's clock."""

from __future__ import annotations

from html import unescape

import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import _quality_rows, render_html
from monitor.report.pdf import report_text_lines
from monitor.session.offline import offline_session

LATE_S = 1.5  # when the right insole's first frame is placed (session s)
SQUEEZE = 0.98  # its frames' spacing in session time against its own clock's (the session catching up)


@pytest.fixture(scope="module")
def late_first_packet():
    """A 60-s ride (100 Hz, 6,000 frames a foot) whose right insole's frames lie from LATE_S on, a little
    closer than 10 ms, as the session places an insole's frames whose first packet came late: all 6,000
    frames kept, 1.5 s at the start without any (150 frames missing, counted in session time)."""
    s = offline_session("healthy-ride", duration_s=60, seed=1)
    right = s.frames.foot == "right"
    s.frames.loc[right, "t_s"] = LATE_S + s.frames.loc[right, "t_s"] * SQUEEZE
    return report_data(s, analyze(s))


def test_the_count_is_named_for_what_it_counts_and_adds_up(late_first_packet):
    rows = {r[0]: r[1:] for r in _quality_rows(late_first_packet.quality)}
    assert "frames expected at the sample rate" not in rows, list(rows)
    assert rows["frames received or missing at the sample rate"] == ["6,000", "6,150"]
    assert rows["frames with a reading"] == ["6,000", "6,000"]
    assert rows["frames with no reading"][1].startswith("150 of 6,150")


def test_a_count_apart_from_the_duration_at_the_rate_is_said_why(late_first_packet):
    why = ("right: 6,150 frames received or missing, 150 more than the session's 1:00 holds at 100 Hz (6,000): "
           "the frames received are counted by the insole's clock, those missing by the session's")
    html = unescape(render_html(late_first_packet, {}))
    text = "\n".join(report_text_lines(late_first_packet))
    assert why in html and why in text, text
    assert "left: 6,000 frames received or missing," not in text, text  # a count the duration holds: nothing said
    assert "right: 6,150 frames received or missing at the sample rate, 6,000 with a reading, 150 with no" in text
