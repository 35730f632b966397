"""The report's "where" of a foot (the HTML verdict table's column, the PDF's "where:") says a whole-forefoot
alert as every other output does (monitor.analysis.alert_place; tests/test_alert_words_whole_forefoot.py): of
the forefoot, heaviest under its region. Its region is only where the whole forefoot's load is heaviest: a
tight-shoes ride, whose warnings read "left forefoot (heaviest under MTH1)" and whose verdict reads "across
the forefoot, heaviest under MTH1", had "MTH1" alone in its table, as if the load were under that head. A
focal or lateral warning keeps its head (tests/test_report.py, the forward cleat's "MTH2-3")."""

from __future__ import annotations

import re

import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pdf import report_text_lines
from monitor.session.offline import offline_session

WHERE = "forefoot (heaviest under MTH1)"


@pytest.fixture(scope="module")
def tight():
    """A 7-minute tight-shoes ride: a notice (1:10) and a warning (5:00) of pressure that stays on, on each
    foot, heaviest under MTH1."""
    session = offline_session("tight-shoes", duration_s=420, seed=1)
    result = analyze(session)
    assert {(a.pattern, a.region) for a in result.alerts} == {("residual_unloaded", "mth1")}
    return report_data(session, result)


def _rows(html: str) -> dict[str, list[str]]:
    """The verdict table's cells by foot (the text of each cell)."""
    table = html.split("What happened under each foot", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])
    cells = [[re.sub(r"<[^>]+>", "", c).replace("\u00a0", " ") for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
             for r in rows]
    return {c[0]: c for c in cells}


def test_the_verdict_says_where_a_whole_forefoot_alert_lay(tight):
    assert tight.verdict.where == {"left": [WHERE], "right": [WHERE]}, tight.verdict.where


def test_the_html_table_says_the_forefoot_heaviest_under_its_region(tight):
    rows = _rows(render_html(tight, {}))
    assert [rows[f][-1] for f in ("left", "right")] == [WHERE, WHERE], rows


def test_the_pdf_says_the_forefoot_heaviest_under_its_region(tight):
    lines = report_text_lines(tight)
    counts = [ln for ln in lines if re.match(r"(left|right): \d+ notices?, ", ln)]
    assert len(counts) == 2 and all(ln.endswith(f"; where: {WHERE}") for ln in counts), counts
