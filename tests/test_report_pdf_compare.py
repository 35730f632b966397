"""`solewatch report SESSION --compare B --pdf OUT.pdf`: the PDF holds the "Before and after" section, in the
HTML section's words (monitor.report.compare_section) and with its desktop figure (monitor.report.compare_pdf);
without --compare the PDF is as it was."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest
from pdf_text import compact, pdf_images, pdf_text_lines

from monitor.cli.main import main
from monitor.report.figures import FIGURES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
RIDE_FIGURES = 7  # a two-foot ride's figures (docs/report.md: "A ride's seven figures take three pages")


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def _report(tmp_path: Path, *compare: str) -> tuple[str, bytes]:
    ride = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-cleat-forward", ride)
    pdf = tmp_path / "r.pdf"
    code = main(["report", str(ride), "-o", str(tmp_path / "r.html"), "--pdf", str(pdf), *compare])
    assert code == 0
    return (tmp_path / "r.html").read_text(encoding="utf-8"), pdf.read_bytes()


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("cmp"), "--compare", str(SAMPLES / "sim-healthy-ride"))


def _html_section(html: str) -> str:
    return html.split('<section id="compare">', 1)[1].split("</section>", 1)[0]


def _texts(fragment: str, pattern: str) -> list[str]:
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(pattern, fragment, re.S)]


def test_the_pdf_with_compare_holds_the_before_and_after_heading_sessions_and_findings(compared):
    html, data = compared
    lines = pdf_text_lines(data)
    assert "Before and after" in lines
    text = compact(" ".join(lines))
    section = _html_section(html)
    (sessions,) = _texts(section, r'<p class="sw-compare-sessions">(.*?)</p>')
    findings = _texts(section, r'<li class="sw-(?:finding|caveat)"[^>]*>(.*?)</li>')
    (thresholds,) = _texts(section, r'<p class="sw-compare-thresholds"[^>]*>(.*?)</p>')
    assert sessions.startswith("Before: ") and "sample-healthy-ride" in sessions
    assert len(findings) >= 3 and any("MTH2-3 peak pressure fell" in f for f in findings)
    for words in [sessions, *findings, thresholds]:  # the HTML section's words, each in the PDF
        assert compact(words) in text, words


def test_the_pdf_with_compare_holds_every_row_of_the_table_with_its_verdict(compared):
    html, data = compared
    text = compact(" ".join(pdf_text_lines(data)))
    rows = re.findall(r'<tr class="sw-verdict-(\w+)">(.*?)</tr>', _html_section(html), re.S)
    assert len(rows) > 40  # both feet's regions and session measures
    for verdict, row in rows:
        cells = _texts(row, r"<td[^>]*>(.*?)</td>")
        assert cells[-1].startswith(verdict)
        assert compact("".join(cells)) in text, cells  # one line of the PDF's table, cells in order


def test_the_pdf_with_compare_holds_the_comparison_figure(compared, tmp_path):
    html, data = compared
    _, plain = _report(tmp_path)
    assert pdf_images(data) == pdf_images(plain) + 1 == RIDE_FIGURES + 1
    (caption,) = _texts(_html_section(html), r"<figcaption>(.*?)</figcaption>")
    assert compact(caption) in compact(" ".join(pdf_text_lines(data)))
    # the text page, the section's page with the figure and a page of table, then the figures' three pages
    assert _pages(data) == 1 + 2 + 3


def test_the_before_and_after_pages_follow_the_text_page_before_the_figures(compared):
    lines = pdf_text_lines(compared[1])
    heading = lines.index("Before and after")
    assert lines[0].startswith("Solewatch session report: ")
    first_title = next(i for i, line in enumerate(lines) if line in {t.capitalize() for t in FIGURES.values()})
    assert 0 < heading < first_title


def test_a_pdf_without_compare_has_the_same_sections_as_before(tmp_path):
    """No --compare: the text page and the ride's figures, three pages of them, and no Before and after."""
    _, data = _report(tmp_path)
    lines = pdf_text_lines(data)
    assert not any("Before and after" in line for line in lines)
    titles = [line for line in lines if line in {t.capitalize() for t in FIGURES.values()}]
    assert len(titles) == RIDE_FIGURES and pdf_images(data) == RIDE_FIGURES
    assert _pages(data) == 1 + 3
