"""The session report as a PDF: a text page (the verdict, what to try, referrals, data quality) and then
the report's figures, one per page, through matplotlib's PdfPages (no other dependency)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from monitor.codebook import FEET, region_name
from monitor.report.data import ReportData
from monitor.report.figures import plain_text
from monitor.report.html import clock
from monitor.util.version import __version__

_WRAP = 88  # characters per line on an A4 page at 10 pt


def report_text_lines(data: ReportData) -> list[str]:
    """The words of the report's verdict and data quality, as lines ("" between paragraphs)."""
    v = data.verdict
    lines = [f"Solewatch session report: {data.session_id}", "", v.headline, ""]
    for foot in FEET:
        if foot in v.alert_counts:
            c = v.alert_counts[foot]
            where = ", ".join(region_name(r) for r in v.regions.get(foot, [])) or "-"
            lines.append(f"{foot}: {c['notice']} notice(s), {c['warning']} warning(s), "
                         f"{c['alert']} alert(s); "
                         f"first warning {clock(v.first_warning_s.get(foot))}; where: {where}")
    lines += v.foot_lines
    lines += ["", "What to try:"]
    lines += ([f"- {s.text} (evidence {s.strength}: {s.evidence or 'practitioner advice'})"
               for s in v.suggestions] or ["- nothing on this evidence: no alert suggested an adjustment"])
    lines += ["", "When to see a clinician:", *v.referrals, "", v.disclaimer, "", "Data quality:"]
    q = data.quality
    for foot in FEET:
        if foot in q.feet:
            f = q.feet[foot]
            lines.append(f"{foot}: {f.frames:,} frames, {f.missing_frames:,} with no reading "
                         f"({100 * f.missing_share:.2f} %), {f.gaps} gap(s) ({f.gap_s:.2f} s), "
                         f"{f.disconnects} disconnection(s)")
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


def write_pdf(path: Path, data: ReportData, figures: Mapping[str, Figure]) -> None:
    """Write the text page and every figure to ``path`` (overwritten)."""
    with PdfPages(path, metadata={"Title": f"Solewatch report {data.session_id}",
                                  "Creator": f"Solewatch {__version__}"}) as pdf:
        pdf.savefig(_text_page(data))
        for fig in figures.values():
            pdf.savefig(fig)
