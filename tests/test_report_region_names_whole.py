"""A region's name stays whole in the report's "What happened under each foot" table: at 360 px the "where"
column broke "MTH2-3" at its hyphen ("MTH2-" over "3"), as a browser may break any hyphen. Each word of the
cell that holds a hyphen is an element that does not wrap (``.region``, white-space: nowrap); the cell's text
is unchanged, and it still wraps between places and words."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from test_report_regions_whole_forefoot import _rows

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.style import REPORT_CSS
from monitor.session.offline import offline_session

WHERE = {"left": ["MTH2-3", "forefoot (heaviest under MTH4-5)"], "right": ["MTH2-3"]}


@pytest.fixture(scope="module")
def page() -> str:
    """The report page of a short tight-shoes ride whose verdict's places are regions with a hyphen."""
    session = offline_session("tight-shoes", duration_s=420, seed=1)
    data = report_data(session, analyze(session))
    return render_html(replace(data, verdict=replace(data.verdict, where=WHERE)), {})


def _where_cells(html: str) -> list[str]:
    """The verdict table's "where" cells, as HTML."""
    table = html.split("What happened under each foot", 1)[1].split("</table>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", r)[-1] for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]


def test_each_region_with_a_hyphen_is_kept_whole(page):
    cells = _where_cells(page)
    assert cells == ['<span class="region">MTH2-3</span>, forefoot (heaviest under '
                     '<span class="region">MTH4-5</span>)', '<span class="region">MTH2-3</span>'], cells
    assert re.search(r"\.region\s*\{[^}]*white-space:\s*nowrap", REPORT_CSS), "no nowrap for .region"


def test_the_cells_text_is_unchanged(page):
    rows = _rows(page)
    assert [rows[f][-1] for f in ("left", "right")] == [", ".join(WHERE["left"]), "MTH2-3"], rows
