"""``solewatch report``: a session analysed (and another to compare it with) and its report written as HTML, and
as PDF when asked, with a line of progress per stage."""

from __future__ import annotations

import sys
from pathlib import Path

from monitor.cli.inputs import (
    check_report_names,
    compared_inputs,
    detection_baseline,
    detection_params,
    load_saying_rebuild,
    report_extras,
)
from monitor.cli.machine_normal import result_machine_line
from monitor.cli.reader_console import READER_GONE, cli_console, reader_gone
from monitor.cli.rider_analysis import kind_caveat, rider_analysis


def report_command(session: Path, *, out: Path | None = None, pdf: Path | None = None,
                   params_file: Path | None = None, compare_with: Path | None = None, force: bool = False,
                   pedals: str | None = None, shoes: str | None = None, plain: bool = False,
                   activity: str | None = None, rider: str | None = None) -> int:
    """``solewatch report SESSION [-o FILE.html] [--pdf FILE.pdf] [--force] [--params FILE] [--compare B]``:
    analyse, write the report, print its path. ``activity``, ``pedals``, ``shoes`` (the setup advised for)
    declare SESSION's, over its own, as analyze's do. B, the same person's, is judged as ``analyze B`` judges
    it (monitor.cli.inputs.compared_inputs: its own files, its setup.json said beside SESSION's), with
    ``params_file`` and ``rider`` (that rider's kept normal, refused as ``analyze --rider`` refuses it) for both,
    each with analyze's line where that normal was kept before its insole kind
    (monitor.cli.rider_analysis.kind_caveat). Progress on
    stderr: on a terminal one line each stage replaces (monitor.cli.console.StageLine), with ``plain`` or elsewhere
    a line per stage. A named file that exists is replaced only with ``force`` (the default SESSION/report.html
    always is); a file of either session never is. The paths written go to stdout, or to stderr when one is a
    device or a pipe (``-o -``, ``--pdf -``): stdout then carries one file alone, never both, nor a PDF on a
    terminal."""
    from monitor.report.targets import check_report_targets  # no analysis nor plotting before the checks
    from monitor.session.directory import check_session_dir
    from monitor.session.export import CLI_WORDS
    from monitor.util.outputs import is_special, output_name

    sessions = [session] + ([compare_with] if compare_with is not None else [])
    for path in sessions:  # a session that cannot be read is said before the first is analysed
        check_session_dir(path)
    check_report_names(out, pdf)  # --pdf - into a terminal; -o r.pdf, --pdf p.html
    named = [t for t in (out, pdf) if t is not None]  # replaced only with --force
    check_report_targets(named, sessions, force=force, pdf=pdf, words=CLI_WORDS)
    # a folder the report cannot be written into is said before the session is loaded (a missing one is, by it)
    check_report_targets(named if out is not None else [Path(session) / "report.html", *named], sessions,
                         writable=Path(session).is_dir())
    from monitor.analysis.judged import judged_clause
    from monitor.cli.console import StageLine
    from monitor.report.writer import write_report

    params, used = detection_params(params_file, session)
    baseline = detection_baseline(rider, session)  # a rider with no normal kept: refused as analyze refuses it
    b_given, b_used = compared_inputs(params_file, rider, compare_with) if compare_with is not None else ({}, "")
    setup, ride = report_extras(pedals, shoes, session, rider)  # these and both sessions before any progress line
    progress = cli_console(stderr=True)  # its reader gone (`2>&1 | head -1`): the report is still written, then 141
    with StageLine(progress, plain=plain) as stage:
        loaded = load_saying_rebuild(session, stage.say)
        other = load_saying_rebuild(compare_with, stage.say) if compare_with is not None else None
        if note := kind_caveat(rider, session, activity or loaded.info.activity):  # as analyze says it
            stage.say(note)
        stage(f"analysing {session}")
        result = rider_analysis(loaded, session, rider, params=params, activity=activity, baseline=baseline,
                                setup=setup, normal_from_session=rider is None)
        stage.say(f"analysing with {used}{judged_clause(result.judged())}")  # the verdict's words; none: none judged
        if note := result_machine_line(result):  # as analyze says it
            stage.say(note)
        comparison = None
        if other is not None:
            from monitor.analysis.compare import compare

            if note := kind_caveat(rider, compare_with, other.info.activity):  # as `analyze B --rider NAME` says it
                stage.say(note)
            stage(f"analysing {compare_with}")  # B as `analyze B [--rider NAME] [--params FILE]` judges it
            after = rider_analysis(other, compare_with, rider, **b_given, normal_from_session=rider is None)
            stage.say(f"analysing {compare_with} with {b_used}{judged_clause(after.judged())}")  # as SESSION's
            if note := result_machine_line(after):  # as `analyze B` says it
                stage.say(note)
            comparison = compare(result, after, loaded, other)  # parameters that differ: a caveat of its own
        out = out if out is not None else loaded.path / "report.html"
        write_report(loaded, result, out, pdf_path=pdf, comparison=comparison, progress=stage,
                     others=sessions[1:], ride=ride)
    written = [out] + ([pdf] if pdf is not None else [])
    said = sys.stderr if any(map(is_special, written)) else sys.stdout  # -o /dev/stdout: the report alone there
    for path in written:
        print(output_name(path), file=said)
    return READER_GONE if reader_gone(progress) else 0
