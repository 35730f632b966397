"""The report's "Before and after" section as PDF pages: the same words as the HTML section
(monitor.report.compare_section: the two sessions and their setups, the findings, the table's rows and verdicts, the
thresholds) and its desktop figure (monitor.report.plots.compare.plot_comparison).

A first A4 page holds the heading, the sessions, the findings, the figure scaled to the page's width and
its caption; the table follows (when the sessions share a foot, as in the HTML section) in a fixed-width font,
``TABLE_ROWS_PER_PAGE`` rows to a page under its column names, each verdict coloured as the HTML's (better green, worse
red), then the thresholds."""

from __future__ import annotations

import io
import textwrap

import matplotlib.image as mpimg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from monitor.analysis.compare import Comparison
from monitor.analysis.compare_setup import setup_text
from monitor.report.compare_section import (
    TABLE_HEAD,
    VERDICT_LOOK,
    figure_caption,
    sessions_text,
    table_rows,
    thresholds_text,
)
from monitor.report.figures import plain_text
from monitor.report.html import figure_png
from monitor.report.pdf import A4_IN, MARGIN_IN, PDF_DPI
from monitor.report.plots.compare import plot_comparison
from monitor.util.version import __version__

HEADING = "Before and after"
_WRAP = 88  # characters per line at 10 pt, as the report's text page (monitor.report.pdf)
#: Rows of the table on one page: at 7 pt or less, 1.3 lines apart, they fill about 9 of the page's
#: 10.8 usable inches (a guess that leaves room for the heading and the thresholds).
TABLE_ROWS_PER_PAGE = 70
_LINE_PT = 10.0  # the words' size on the first page (pt), as the report's text page
_MONO_MAX_PT = 7.5  # the table's largest size (pt; a guess that reads well in print)
_MONO_EM = 0.602  # width of a DejaVu Sans Mono character (em; measured: 0.60 in matplotlib's own copy)
#: Height kept on the first page for the figure and its caption (inches; a guess: the 10-in-wide drawing
#: scaled to the page is about 3.5 in tall).
_FIGURE_MIN_IN = 4.2


def _lines(texts: list[str], bullet: str = "") -> list[str]:
    out: list[str] = []
    for t in texts:
        out += textwrap.wrap(bullet + t, _WRAP, subsequent_indent=" " * len(bullet)) or [""]
    return out


def _first_page(comparison: Comparison) -> Figure:
    W, H = A4_IN
    page = Figure(figsize=A4_IN)
    top = H - MARGIN_IN
    page.text(MARGIN_IN / W, top / H, HEADING, fontsize=13, weight="bold", va="top")
    top -= 0.35
    words = (_lines([sessions_text(comparison) + ".", setup_text(comparison)]) + [""]
             + _lines(comparison.sentences(), "- "))
    room_in = top - MARGIN_IN - (_FIGURE_MIN_IN if comparison.feet else 2.0)
    size_pt = min(_LINE_PT, room_in * 72 / 1.3 / len(words))  # many findings: smaller, closer lines
    step_in = 1.3 * size_pt / 72
    caveat = False
    for line in words:
        caveat = line.startswith("- Caveat:") or (caveat and line.startswith("  "))
        page.text(MARGIN_IN / W, top / H, line, fontsize=size_pt, va="top",
                  color="#8a5300" if caveat else "black")
        top -= step_in
    if comparison.feet:
        fig = plot_comparison(comparison)
        w, h = fig.get_size_inches()
        width_in = W - 2 * MARGIN_IN
        k = min(width_in / w, max(top - MARGIN_IN - 0.6, 1.0) / h)
        ax = page.add_axes(((W - w * k) / 2 / W, (top - 0.15 - h * k) / H, w * k / W, h * k / H))
        ax.imshow(mpimg.imread(io.BytesIO(figure_png(fig, PDF_DPI)), format="png"), interpolation="none")
        ax.set_axis_off()
        top -= 0.15 + h * k + 0.1
        page.text(MARGIN_IN / W, top / H, figure_caption(comparison), fontsize=8.5, va="top", color="0.25")
    else:  # no foot in common: no figure and no table, as in the HTML section; the thresholds here
        top -= step_in
        for line in _lines([thresholds_text(comparison)]):
            page.text(MARGIN_IN / W, top / H, line, fontsize=8, va="top", color="0.33")
            top -= 1.3 * 8 / 72
    _footer(page)
    return page


def _footer(page: Figure) -> None:
    page.text(MARGIN_IN / A4_IN[0], 0.25 / A4_IN[1], f"Solewatch {__version__}", fontsize=7, color="0.5")


def table_lines(comparison: Comparison) -> list[str]:
    """The table as fixed-width lines, the column names first: each cell padded to its column's widest."""
    rows = [TABLE_HEAD] + [cells for _, cells in table_rows(comparison)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TABLE_HEAD))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def _table_page(head: str, rows: list[tuple[str, str]], size_pt: float, tail: list[str]) -> Figure:
    """A page of the table: ``head`` (the column names' line) and ``rows``, each (its line, its verdict),
    the verdict's cell coloured as the HTML's (compare_section.VERDICT_LOOK): a band of its background as
    wide as the column, its words in its colour, weight and style."""
    W, H = A4_IN
    page = Figure(figsize=A4_IN)
    top = H - MARGIN_IN
    page.text(MARGIN_IN / W, top / H, f"{HEADING}: the table", fontsize=10, weight="bold", va="top")
    top -= 0.3
    step_in = 1.3 * size_pt / 72
    char_in = _MONO_EM * size_pt / 72
    verdict_at = len(head) - len(TABLE_HEAD[-1])  # the verdict column's first character
    column_in = (max([len(head), *(len(line) for line, _ in rows)]) - verdict_at) * char_in
    page.text(MARGIN_IN / W, top / H, head, fontsize=size_pt, family="DejaVu Sans Mono", va="top", weight="bold")
    top -= step_in
    for line, verdict in rows:
        look = VERDICT_LOOK[verdict]
        page.text(MARGIN_IN / W, top / H, line[:verdict_at].rstrip(), fontsize=size_pt,
                  family="DejaVu Sans Mono", va="top")
        x_in = MARGIN_IN + verdict_at * char_in
        if look["background"]:  # the line's box: from a little above its letters to the next line's top
            pad_in = 0.25 * char_in
            page.add_artist(Rectangle(((x_in - pad_in) / W, (top - step_in + 0.15 * size_pt / 72) / H),
                                      (column_in + 2 * pad_in) / W, step_in / H, transform=page.transFigure,
                                      facecolor=look["background"], edgecolor="none"))
        page.text(x_in / W, top / H, line[verdict_at:], fontsize=size_pt, family="DejaVu Sans Mono", va="top",
                  color=look["color"], weight=look["weight"], style=look["style"])
        top -= step_in
    top -= step_in
    for line in tail:
        page.text(MARGIN_IN / W, top / H, line, fontsize=8, va="top", color="0.33")
        top -= 1.3 * 8 / 72
    _footer(page)
    return page


def compare_pages(comparison: Comparison) -> list[Figure]:
    """The section's pages, A4 portrait, to follow the report's text page (monitor.report.pdf.write_pdf)."""
    with plain_text():  # a "$" in a session's name is text, not mathtext
        pages = [_first_page(comparison)]
        if not comparison.feet:
            return pages
        head, *lines = table_lines(comparison)
        rows = list(zip(lines, (c.verdict for c, _ in table_rows(comparison))))
        usable_pt = (A4_IN[0] - 2 * MARGIN_IN) * 72
        size_pt = min(_MONO_MAX_PT, usable_pt / (_MONO_EM * max(len(line) for line in [head, *lines])))
        chunks = [rows[i:i + TABLE_ROWS_PER_PAGE] for i in range(0, len(rows), TABLE_ROWS_PER_PAGE)] or [[]]
        for i, chunk in enumerate(chunks):
            tail = _lines([thresholds_text(comparison)]) if i == len(chunks) - 1 else []
            pages.append(_table_page(head, chunk, size_pt, tail))
    return pages
