"""The report's "What happened under each foot" never counts alerts of a foot no alert could come for.

A ride whose right metatarsal heads had no sample throughout (p07-p12 empty) showed the right foot's row as
0 notices, 0 warnings, 0 alerts, "first warning -" beside "right: not analysed"; the PDF's words said "right: 0
notices, 0 warnings, 0 alerts; no warning". A foot with no pressure sample at all was shown alike.
"""

from __future__ import annotations

import re

import pytest
from test_dead_sensor import MTH_COLUMNS, tight_shoes

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pdf import report_text_lines
from monitor.report.verdict_data import verdict


def _row(html: str, foot: str) -> list[str]:
    """The cells of ``foot``'s row of the "What happened under each foot" table."""
    table = html.split("<h3>What happened under each foot</h3>", 1)[1].split("</table>", 1)[0]
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if re.search(rf">{foot}<", r))
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


@pytest.mark.parametrize("columns, words", [
    (MTH_COLUMNS, "not analysed"),  # data, none of it analysable
    (tuple(f"p{i:02d}_kpa" for i in range(18)), "no data"),  # no pressure sample at all
])
def test_a_foot_no_alert_could_come_for_is_shown_so_not_as_zeros(columns, words):
    session = tight_shoes(*columns)
    result = analyze(session)
    data = report_data(session, result)
    cells = _row(render_html(data, {}), "right")
    assert cells == ["right", "-", "-", "-", words, "-"], cells
    assert _row(render_html(data, {}), "left")[1:4] != ["-", "-", "-"]  # the foot watched is counted
    lines = report_text_lines(data)
    assert f"right: {words}" in lines, lines
    assert not any(x.startswith("right: 0 notices") for x in lines), lines
    assert verdict(result, session.info.feet).unwatched == {"right": words}
