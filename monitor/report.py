"""Writing a session report: data, figures, HTML (and optionally PDF), each file replaced only once whole.

``write_report(session, result, out_html)`` computes everything first (monitor.report_data,
monitor.report_figures), writes each output to a temporary file beside it, and renames it into place at
the end: a failure leaves any earlier report untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from monitor.analyze import AnalysisResult
from monitor.errors import UsageError
from monitor.recording import Session
from monitor.report_data import report_data
from monitor.report_figures import report_figures
from monitor.report_html import REPORT_DPI, figure_png, render_html
from monitor.report_pdf import write_pdf


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{path}: is a directory (give a file name, e.g. {path / 'report.html'})")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: no such directory")


def write_report(session: Session, result: AnalysisResult, out_html: str | os.PathLike[str], *,
                 pdf_path: str | os.PathLike[str] | None = None, compare_html: str | None = None,
                 progress: Callable[[str], None] | None = None, dpi: int = REPORT_DPI) -> Path:
    """Write the report of ``session`` (analysed as ``result``) to ``out_html``, and to ``pdf_path`` as
    PDF when given. ``progress`` gets a short line per stage. Returns the HTML path."""
    say = progress or (lambda _msg: None)
    out_html = Path(out_html)
    targets = [out_html] + ([Path(pdf_path)] if pdf_path is not None else [])
    for t in targets:
        _check_target(t)
    data = report_data(session, result, say)
    figures = report_figures(data, progress=say)
    say("rendering images")
    images = {name: figure_png(fig, dpi) for name, fig in figures.items()}
    html = render_html(data, images, compare_html=compare_html)
    temps: list[tuple[Path, Path]] = []
    current = out_html
    try:
        tmp = _temp_beside(out_html)
        temps.append((tmp, out_html))
        say(f"writing {out_html}")
        tmp.write_text(html, encoding="utf-8")
        if pdf_path is not None:
            current = Path(pdf_path)
            tmp = _temp_beside(current)
            temps.append((tmp, current))
            say(f"writing {current}")
            write_pdf(tmp, data, figures)
        for tmp, current in temps:
            os.replace(tmp, current)
    except OSError as exc:
        raise UsageError(f"cannot write {current}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return out_html
