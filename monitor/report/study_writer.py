"""Writing the cohort report (study.html): its numbers (monitor.report.study_data), figures
(monitor.report.plots.study), the page (monitor.report.study_html), written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from monitor.report.figures import plain_text
from monitor.report.html import REPORT_DPI, figure_png
from monitor.report.plots.study import plot_distributions, plot_pairs, plot_study_quality, plot_trends
from monitor.report.study_data import study_data
from monitor.report.study_html import render_study_html
from monitor.util.arguments import path_argument
from monitor.util.outputs import write_whole


def study_report_html(sessions: pd.DataFrame, errors: pd.DataFrame | None = None, *, title: str = "",
                      dpi: int = REPORT_DPI) -> str:
    """The cohort report page of a study's ``sessions`` and ``errors`` tables."""
    data = study_data(sessions, errors)
    with plain_text():
        figures = {"distributions": plot_distributions(data), "trends": plot_trends(data),
                   "quality": plot_study_quality(data)}
        if data.pairs:
            figures["pairs"] = plot_pairs(data.pairs)
        images = {name: figure_png(fig, dpi) for name, fig in figures.items()}
    return render_study_html(data, images, title=title)


def write_study_report(sessions: pd.DataFrame, errors: pd.DataFrame | None, out_html: str | os.PathLike[str],
                       *, title: str = "") -> Path:
    """Write the cohort report of a study's ``sessions`` and ``errors`` tables (pandas DataFrames, as
    monitor.study returns them and docs/study.md lists their columns; ``errors`` None: none failed) to
    ``out_html`` (str or os.PathLike; replaced only once whole), one self-contained HTML file; return its
    Path."""
    html = study_report_html(sessions, errors, title=title)
    target = Path(path_argument(out_html, "out_html"))
    write_whole([(target, lambda tmp: tmp.write_text(html, encoding="utf-8"))])
    return target
