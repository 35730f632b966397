"""Writing a session report: data, figures, HTML (and optionally PDF), each file replaced only once whole.

``write_report(session, result, out_html)`` computes everything first (monitor.report.data,
monitor.report.figures), writes each output to a temporary file beside it, and renames it into place at
the end: a failure leaves any earlier report untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.compare import Comparison
from monitor.analysis.tables import check_result, check_result_of
from monitor.report.compare_pdf import compare_pages
from monitor.report.compare_section import compare_section_html
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.html import REPORT_DPI, figure_png, render_html
from monitor.report.pdf import write_pdf
from monitor.report.phone_images import PHONE_DENSITY, phone_media, phone_png
from monitor.report.targets import check_report_targets  # noqa: F401 - its home before; write_report's check
from monitor.session.model import Session
from monitor.session.ride import Ride, read_ride
from monitor.util.arguments import kind_of, path_argument
from monitor.util.collector import objects_before_frozen
from monitor.util.outputs import output_name, write_whole


@objects_before_frozen()  # the analysis's result is not walked by every collection the figures make
def write_report(session: Session, result: AnalysisResult, out_html: str | os.PathLike[str], *,
                 pdf_path: str | os.PathLike[str] | None = None, comparison: Comparison | None = None,
                 progress: Callable[[str], None] | None = None, dpi: int = REPORT_DPI,
                 others: Sequence[str | os.PathLike[str]] = (), ride: Ride | None | str = "read") -> Path:
    """Write the report of ``session`` (analysed as ``result``) to ``out_html``, and to ``pdf_path`` as
    PDF when given. ``comparison`` (monitor.analysis.compare.compare, ``session`` before and another after):
    adds the "Before and after" section to both, made from the same words (monitor.report.compare_section,
    monitor.report.compare_pdf). ``progress`` gets a short line per stage. Returns the HTML path.

    Raises UsageError when a target is a directory or one of the own files of the session or of
    ``others`` (session directories it is compared with), OutputError when one cannot be written (both
    before the figures are made). ``ride``: the session's ride records (monitor.session.ride.read_ride;
    None: it has none), read from the session when not given. Missing directories above a target are
    made. A failure while writing (OutputError for an OS error) leaves the targets as they were and
    removes what was made for them. A ``session`` that is no Session, or a ``result`` that is no analysis
    result, is a TypeError naming it; a ``result`` of another session (its ``session_id`` not the
    session's) a ValueError naming both.
    """
    if not isinstance(session, Session):
        raise TypeError(f"write_report takes a Session (monitor.load_session(path)), not {kind_of(session)}")
    check_result(result, "write_report", "summary")
    check_result_of(session, result, "write_report")
    path_argument(out_html, "out_html")
    if pdf_path is not None:
        path_argument(pdf_path, "pdf_path")
    say = progress or (lambda _msg: None)
    targets = [Path(out_html)] + ([Path(pdf_path)] if pdf_path is not None else [])
    check_report_targets(targets, [session.path, *others], writable=True, pdf=pdf_path)
    if isinstance(ride, str):  # "read": from the session's directory; a session in memory has none
        ride = read_ride(session.path) if Path(session.path).is_dir() else None
    data = report_data(session, result, say, ride=ride)
    figures = report_figures(data, progress=say)
    say("rendering images")
    images = {name: figure_png(fig, dpi) for name, fig in figures.items()}
    phone = {name: png for name, fig in figures.items()
             if (png := phone_png(fig, dpi * PHONE_DENSITY)) is not None}
    media = {name: phone_media(figures[name]) for name in phone}  # after a save: tick labels counted
    compare_html = compare_section_html(comparison) if comparison is not None else None
    html = render_html(data, images, compare_html=compare_html, phone_images=phone, phone_media=media)
    outputs = [(targets[0], lambda tmp: tmp.write_text(html, encoding="utf-8"))]
    if len(targets) == 2:
        pages = compare_pages(comparison) if comparison is not None else []
        outputs.append((targets[1], lambda tmp: write_pdf(tmp, data, figures, pages)))
    write_whole(outputs, on_write=lambda target: say(f"writing {output_name(target)}"))
    return targets[0]


def write_session_report(path: str | os.PathLike[str], params=None, *,
                         progress: Callable[[str], None] | None = None) -> Path:
    """Load the session directory at ``path``, analyse it with ``params`` (None: the defaults) against the
    rider's normal it ran with (baseline.json, if any; said as the normal of the rider it was recorded for,
    session.json's ``rider``) and for its declared setup (setup.json, if any), and
    write its report to ``path/report.html`` (what a live session does at its end). Returns the report's
    path. The frames are streamed from disk (monitor.session.directory.open_session): the analysis reads
    each foot in blocks, the report one foot at a time, never the whole table."""
    from monitor.analysis.advice import given_setup
    from monitor.analysis.batch import analyze
    from monitor.analysis.normal_words import kept_when
    from monitor.session.directory import open_session
    from monitor.session.kept_by_ride import said_kept
    from monitor.session.rider_setup import session_setup
    from monitor.session.riders import session_baseline

    say = progress or (lambda _msg: None)
    session = open_session(path)
    say("analysing the session")
    result = analyze(session, params, baseline=session_baseline(session.path),
                     setup=given_setup(session_setup(session.path)), rider=session.info.rider,
                     normal_from_session=True)
    if result.rider is not None and result.normal is not None:  # "other rides" of one stamped after its start,
        result.kept_from = kept_when(result.kept_feet, result.normal, result.activities(),  # as live said it
                                     session.info.start_utc, result.declared_word, result.normal)
    result.kept_now = said_kept(result)  # the ride that kept its rider's normal says so
    return write_report(session, result, session.path / "report.html", progress=say)
