"""What the report says of the steps a gap cuts. The gait detector places no initial contact or toe-off
inside a gap, so a stance that began or ended in one is not found and is counted nowhere; the Steps section
said such a stance was "found but not measured", counted with "(and N not measured)", and a walk with a 30-s
gap on one foot gave its "steps measured" with no word of the stances the gap cut. It says now, in the HTML
and the PDF, that those are not found and not counted, and it says so only where a foot with steps has a gap."""

from __future__ import annotations

import re
from html import unescape

import numpy as np

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import _figure, _table
from monitor.report.pdf import report_text_lines
from monitor.report.steps_section import steps_section_html
from monitor.session.offline import offline_session

GAP_S = (40.5, 55.8)  # cuts a stance of the left foot at each end (40.2-40.9 s, 55.5-56.1 s)
SAID = "a stance that began or ended in a gap is not found, and is not counted among the steps"


def _said(data) -> tuple[str, str]:
    html = steps_section_html(data, lambda name, caption: _figure(name, {}, caption), _table)
    text = " ".join(report_text_lines(data))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()), " ".join(text.split())


def test_a_walk_with_a_gap_says_the_stances_it_cut_are_not_found():
    session = offline_session("healthy-walk", duration_s=120, seed=1)
    fr = session.frames
    rows = ((fr.foot == "left") & (fr.t_s >= GAP_S[0]) & (fr.t_s < GAP_S[1])).to_numpy()
    sensors = [c for c in fr.columns if re.fullmatch(r"p\d+_kpa", str(c))]
    fr.loc[rows, sensors] = np.nan
    data = report_data(session, analyze(session))
    left = data.steps["left"]
    # the words are true: no stance of the left foot began or ended in the gap, none holds it, and none is
    # counted as not measured
    assert np.all((left.toe_off_s < GAP_S[0]) | (left.initial_contact_s >= GAP_S[1]))
    assert np.all(np.isfinite(left.contact_s))
    html, pdf = _said(data)
    assert "Gaps in the left foot's data: " + SAID in html, html
    assert "Gaps in the left foot's data: " + SAID in pdf
    assert "or by a gap), found but not measured" not in html


def test_a_walk_without_a_gap_says_nothing_of_gaps():
    session = offline_session("healthy-walk", duration_s=60, seed=1)
    html, pdf = _said(report_data(session, analyze(session)))
    assert SAID not in html and SAID not in pdf
