"""The session report as a PDF: a text page (the verdict, what to try and its sources, referrals, data
quality), the "Before and after" pages when the report compares two sessions, and then the report's
figures, two or three to an A4 page, each under its title, through matplotlib's PdfPages (no other dependency). Each
figure is drawn as an image at ``PDF_DPI`` and scaled to the page's width, or down to half the page's height when it is
taller, so that every page holds at least two; a last figure that would stand alone joins the page before it, the three
scaled down to fit."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.image as mpimg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from monitor.analysis.sources import SOURCES
from monitor.codebook import FEET
from monitor.report.data import ReportData
from monitor.report.figures import FIGURES, OPTIONAL_FIGURES, plain_text
from monitor.report.html import clock, figure_png
from monitor.report.quality_data import COUNTED
from monitor.report.steps_balance import balance_line
from monitor.report.steps_cadence import cadence_line
from monitor.report.steps_left_out import gap_line, left_out_line
from monitor.report.steps_section import foot_lines
from monitor.report.timeline_caption import timeline_title
from monitor.report.verdict_data import cited as cited_verdict
from monitor.report.verdict_data import nothing_to_try
from monitor.util.version import __version__
from monitor.util.words import counted

_WRAP = 88  # characters per line on an A4 page at 10 pt
A4_IN = (8.27, 11.69)  # portrait
#: Page margin and the height of a figure's title line (inches; guesses that read well in print).
MARGIN_IN = 0.45
TITLE_IN = 0.3
#: Figures per page at most.
PER_PAGE = 3
#: Resolution the figures are drawn at for the PDF: sharp in print, a few MB for a whole report (guess).
PDF_DPI = 150


def report_text_lines(data: ReportData) -> list[str]:
    """The words of the report's verdict and data quality, as lines ("" between paragraphs)."""
    v = data.verdict
    lines = [f"Solewatch session report: {data.session_id}", "", v.headline, *([v.judged] if v.judged else []),
             *([f"Declared setup: {v.setup}"] if v.setup else []), ""]  # as the HTML's Verdict says it
    for foot in FEET:
        if foot not in v.alert_counts:
            continue
        c = v.alert_counts[foot]
        if c is None or foot in v.unwatched:  # no alert could come: no count, never "0 notices" (its line says why)
            lines.append(f"{foot}: {v.unwatched.get(foot, 'not analysed')}")
        else:
            where = ", ".join(v.where.get(foot, []))
            first = v.first_warning_s.get(foot)
            # prose, not the HTML table's dashes: "no warning" when there was none, "where" only when said
            told = "no warning" if first is None else f"first warning {clock(first)}"
            lines.append(f"{foot}: {counted(c['notice'], 'notice')}, {counted(c['warning'], 'warning')}, "
                         f"{counted(c['alert'], 'alert')}; {told}" + (f"; where: {where}" if where else ""))
    lines += v.foot_lines
    lines += ["", "What to try:"]
    lines += ([f"- {s.text} (evidence {s.strength}: {s.evidence or 'practitioner advice'})"
               for s in v.suggestions] or [f"- {nothing_to_try(v)}"])
    cited = cited_verdict(v)  # every tag the verdict prints, the numb marks' [18][36] too
    if cited:
        lines += ["", "Sources:", *(f"[{n}] {SOURCES[n]}" for n in cited)]
    if data.steps:
        lines += ["", "Steps:", *foot_lines(data), cadence_line(data), balance_line(data.gait, data.units.impulse),
                  *[line for line in (left_out_line(data), gap_line(data)) if line]]
    lines += ["", "When to see a clinician:", *v.referrals, "", v.disclaimer, "", "Data quality:"]
    q = data.quality
    for foot in FEET:
        if foot in q.feet:
            f = q.feet[foot]
            lines.append(f"{foot}: {f.expected_frames:,} {COUNTED}, "
                         f"{f.read_frames:,} with a reading, {f.no_reading_frames:,} with no reading "
                         f"({100 * f.missing_share:.2f} %), {counted(f.gaps, 'gap')} ({f.gap_s:.2f} s), "
                         f"{counted(f.disconnects, *q.transport.downs)}")
    lines += [f"- {c}" for c in q.caveats]
    return lines


def _text_page(data: ReportData) -> Figure:
    with plain_text():
        return _text_figure(data)


def _text_figure(data: ReportData) -> Figure:
    fig = Figure(figsize=(8.27, 11.69))  # A4 portrait
    wrapped: list[str] = []
    for line in report_text_lines(data):
        wrapped += textwrap.wrap(line, _WRAP, subsequent_indent="  ") or [""]
    y = 0.95
    step = 0.86 / max(len(wrapped), 60)  # a long text gets closer lines and a smaller font
    size_pt = min(10.0, 0.85 * step * fig.get_figheight() * 72)
    for i, line in enumerate(wrapped):
        fig.text(0.07, y - i * step, line, fontsize=size_pt if i else 13, va="top",
                 weight="bold" if i == 0 else "normal")
    fig.text(0.07, 0.03, f"Made by Solewatch {__version__}. docs/report.md explains every section.",
             fontsize=8, color="0.4")
    return fig


def _fitted_in(fig: Figure) -> tuple[float, float]:
    """A figure's (width, height) on the page (inches): the page's width inside the margins, or less,
    keeping its proportions, so that it is at most half the usable height."""
    width_in = A4_IN[0] - 2 * MARGIN_IN
    max_h_in = (A4_IN[1] - 2 * MARGIN_IN) / 2 - TITLE_IN
    w, h = fig.get_size_inches()
    scale = min(width_in / w, max_h_in / h)
    return float(w * scale), float(h * scale)


def page_layout(figures: Mapping[str, Figure]) -> list[list[tuple[str, float, float]]]:
    """The figures page by page, in order, each as (name, width in, height in): as many as fit at their
    size (:func:`_fitted_in`), at most PER_PAGE; a last figure that would stand alone joins the page before
    it when that page has room for one more, all three scaled down alike to fit."""
    usable_in = A4_IN[1] - 2 * MARGIN_IN
    pages: list[list[tuple[str, float, float]]] = []
    used = usable_in + 1.0
    for name, fig in figures.items():
        w, h = _fitted_in(fig)
        if used + h + TITLE_IN > usable_in + 1e-9 or len(pages[-1]) >= PER_PAGE:
            pages.append([])
            used = 0.0
        pages[-1].append((name, w, h))
        used += h + TITLE_IN
    if len(pages) > 1 and len(pages[-1]) == 1 and len(pages[-2]) < PER_PAGE:
        merged = pages[-2] + pages.pop()
        k = min(1.0, (usable_in - TITLE_IN * len(merged)) / sum(h for _, _, h in merged))
        pages[-1] = [(name, w * k, h * k) for name, w, h in merged]
    return pages


def figure_titles(data: ReportData) -> dict[str, str]:
    """Each figure's title line over it in the PDF, by name: its description (monitor.report.figures), the
    timeline's naming only what it draws (monitor.report.timeline_caption.timeline_title)."""
    return {**FIGURES, **OPTIONAL_FIGURES, "timeline": timeline_title(data.timelines, data.alerts, data.marks)}


def _figure_page(page_items: list[tuple[str, float, float]], figures: Mapping[str, Figure],
                 titles: Mapping[str, str]) -> Figure:
    page = Figure(figsize=A4_IN)
    W, H = A4_IN
    top = H - MARGIN_IN
    for name, w, h in page_items:
        page.text(MARGIN_IN / W, (top - 0.05) / H, titles.get(name, name).capitalize(), fontsize=8.5,
                  va="top", color="0.25")
        top -= TITLE_IN
        ax = page.add_axes(((W - w) / 2 / W, (top - h) / H, w / W, h / H))
        ax.imshow(mpimg.imread(io.BytesIO(figure_png(figures[name], PDF_DPI)), format="png"),
                  interpolation="none")
        ax.set_axis_off()
        top -= h
    page.text(MARGIN_IN / W, 0.25 / H, f"Solewatch {__version__}", fontsize=7, color="0.5")
    return page


def write_pdf(path: Path, data: ReportData, figures: Mapping[str, Figure],
              compare_pages: Sequence[Figure] = ()) -> None:
    """Write the text page, then ``compare_pages`` (A4 pages of the "Before and after" section,
    monitor.report.compare_pdf; none without a comparison), then the figures, two or three a page
    (:func:`page_layout`), to ``path`` (overwritten). The PDF holds no date of its making (the session's
    is in its text): the same session gives the same bytes."""
    with PdfPages(path, metadata={"Title": f"Solewatch report {data.session_id}",
                                  "Creator": f"Solewatch {__version__}", "CreationDate": None}) as pdf:
        pdf.savefig(_text_page(data))
        for page in compare_pages:
            with plain_text():
                pdf.savefig(page)
        for page in page_layout(figures):
            with plain_text():
                pdf.savefig(_figure_page(page, figures, figure_titles(data)))
