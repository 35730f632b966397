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
    # the timeline's title names only what it draws (monitor.report.timeline_caption.timeline_title)
    titles = [line for line in lines if line in {t.capitalize() for t in FIGURES.values()}
              or (line.startswith("Forefoot load and share per window") and line.endswith(" over time"))]
    assert len(titles) == RIDE_FIGURES and pdf_images(data) == RIDE_FIGURES
    assert _pages(data) == 1 + 3


def _css_colours(style: str) -> dict[str, str]:
    """"background:#e6f4ea;color:#1a5e2a;font-weight:bold" -> {"background": "#e6f4ea", "color": ...}."""
    return dict(part.split(":", 1) for part in style.split(";") if part)


@pytest.fixture(scope="module")
def table_pages():
    """The "Before and after" table's pages of sim-cleat-forward against sim-healthy-ride, and its changes."""
    from monitor.analysis.batch import analyze
    from monitor.analysis.compare import compare
    from monitor.report.compare_pdf import compare_pages
    from monitor.session.directory import load_session

    before, after = load_session(SAMPLES / "sim-cleat-forward"), load_session(SAMPLES / "sim-healthy-ride")
    comparison = compare(analyze(before), analyze(after), before, after)
    return compare_pages(comparison)[1:], comparison


def test_the_pdf_tables_verdicts_are_coloured_as_the_htmls(table_pages):
    """The HTML's verdict cells are green (better) and red (worse) on a tinted band; the PDF's table was
    black text alone. Each verdict is now its own text in the HTML cell's colour, over a band of its
    background as wide as the column."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    from monitor.report.compare_section import VERDICT_STYLE

    pages, comparison = table_pages
    seen = {v: 0 for v in VERDICT_STYLE}
    for page in pages:
        bands = [a for a in page.get_children() if isinstance(a, Rectangle) and a is not page.patch]
        for text in page.texts:
            verdict = text.get_text().split(" ", 1)[0]
            if verdict not in VERDICT_STYLE:
                continue
            seen[verdict] += 1
            css = _css_colours(VERDICT_STYLE[verdict])
            assert to_rgba(text.get_color()) == to_rgba(css["color"]), (verdict, text.get_color())
            assert (text.get_fontweight() == "bold") == ("font-weight:bold" in VERDICT_STYLE[verdict])
            x, y = text.get_position()
            under = [b for b in bands if b.get_x() <= x <= b.get_x() + b.get_width()
                     and b.get_y() <= y - 0.002 <= b.get_y() + b.get_height()]
            if "background" in css:
                assert [to_rgba(b.get_facecolor()) for b in under] == [to_rgba(css["background"])], verdict
            else:
                assert under == []
    assert seen == comparison.counts()
    assert seen["better"] > 5


def test_the_pdf_holds_the_verdicts_colours(compared):
    """The PDF's drawing operations set the HTML's green of a better row, its band and its words (fill
    colours, 'r g b rg'); sim-healthy-ride is better than sim-cleat-forward in its forefoot peaks."""
    import zlib

    from matplotlib.colors import to_rgb

    from monitor.report.compare_section import VERDICT_STYLE

    html, data = compared
    assert 'class="sw-better"' in html
    ops = b"".join(zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
                   if m.startswith(b"x"))
    fills = {tuple(round(float(v), 3) for v in m) for m in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", ops)}
    css = _css_colours(VERDICT_STYLE["better"])
    for colour in (css["background"], css["color"]):
        assert tuple(round(c, 3) for c in to_rgb(colour)) in fills, colour
