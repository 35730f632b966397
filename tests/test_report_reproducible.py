"""The same session gives the same report, byte for byte: each figure's PNG (desktop and phone drawing)
saved twice, and the HTML page and the PDF written twice, with a comparison too (monitor.report.png,
monitor.report.pdf)."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.report import png
from monitor.report.compare_section import compare_section_html
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.html import REPORT_DPI, figure_png
from monitor.report.phone_images import phone_png
from monitor.report.writer import write_report
from monitor.session.directory import load_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """The imported sample walk (it has every figure but the ride's), copied, with its analysis."""
    path = tmp_path_factory.mktemp("walk") / "moticon-walk"
    shutil.copytree(ROOT / "sessions" / "samples" / "moticon-walk", path)
    session = load_session(path)
    return session, analyze(session)


def test_each_figure_saved_twice_gives_the_same_png(walk):
    """Constrained layout started each save from where the last left the axes: the timeline, steps and
    centre-of-pressure figures gave other bytes on their second save, and their phone drawings too."""
    session, result = walk
    figures = report_figures(report_data(session, result))
    assert {"timeline", "steps", "cop"} <= set(figures)
    changed = []
    for name, fig in figures.items():
        first, phone = figure_png(fig, REPORT_DPI), phone_png(fig, REPORT_DPI)
        if figure_png(fig, REPORT_DPI) != first or phone_png(fig, REPORT_DPI) != phone:
            changed.append(name)
    assert changed == []


def test_the_report_written_twice_is_the_same_bytes(walk, tmp_path):
    """HTML, each of its PNGs, and the PDF (which held the date and time it was written)."""
    session, result = walk
    written = []
    for i in range(2):
        html = write_report(session, result, tmp_path / f"{i}.html", pdf_path=tmp_path / f"{i}.pdf")
        text = html.read_text(encoding="utf-8")
        written.append((re.findall(r'data:image/png;base64,([A-Za-z0-9+/=]+)', text), text,
                        (tmp_path / f"{i}.pdf").read_bytes()))
    (pngs_a, html_a, pdf_a), (pngs_b, html_b, pdf_b) = written
    assert len(pngs_a) >= 8 and len(pngs_a) == len(pngs_b)
    assert [base64.b64decode(a) == base64.b64decode(b) for a, b in zip(pngs_a, pngs_b)] == [True] * len(pngs_a)
    assert html_a == html_b
    assert pdf_a == pdf_b


@pytest.fixture(scope="module")
def compared():
    """The sample ride sim-cleat-forward (before) compared with sim-healthy-ride (after): session, its
    analysis, the comparison."""
    samples = ROOT / "sessions" / "samples"
    before, after = load_session(samples / "sim-cleat-forward"), load_session(samples / "sim-healthy-ride")
    result = analyze(before)
    return before, result, compare(result, analyze(after), before, after)


def test_the_comparison_figures_are_saved_through_png(compared, monkeypatch):
    """compare_section saved its figure with savefig itself, not through monitor.report.png (which lays a
    figure out from the same start at each save): each PNG of the "Before and after" section, desktop
    and phone drawing, is now one that monitor.report.png made."""
    made: list[bytes] = []
    save = png.figure_png

    def recording(fig, dpi):
        made.append(save(fig, dpi))
        return made[-1]

    monkeypatch.setattr(png, "figure_png", recording)
    html = compare_section_html(compared[2])
    shown = [base64.b64decode(b) for b in re.findall(r'data:image/png;base64,([A-Za-z0-9+/=]+)', html)]
    assert len(shown) == 2  # the desktop drawing and the phone's
    assert [b in made for b in shown] == [True, True]


def test_the_report_with_a_comparison_written_twice_is_the_same_bytes(compared, tmp_path):
    session, result, comparison = compared
    html = [write_report(session, result, tmp_path / f"{i}.html", comparison=comparison).read_bytes()
            for i in range(2)]
    assert b"sw-compare-figure" in html[0]
    assert html[0] == html[1]


def test_a_figure_saved_through_png_is_freed_once_nothing_else_holds_it():
    """The start kept for each figure (png._START, a WeakKeyDictionary) held the figure's axes, which hold the
    figure: no saved figure was ever freed (58 figures and their Agg renderers, about 180 MB, left after
    tests/test_report.py ended)."""
    import gc
    import weakref

    from matplotlib.figure import Figure

    fig = Figure(layout="constrained")
    fig.subplots(1, 2)
    first = figure_png(fig, 20)
    assert figure_png(fig, 20) == first  # the start is still kept while the figure lives
    gone = weakref.ref(fig)
    del fig
    gc.collect()
    assert gone() is None, "the figure outlived every reference but png's"
