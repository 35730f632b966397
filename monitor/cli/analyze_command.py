"""``solewatch analyze``: a session's analysis printed, as text or as JSON (docs/analyze-json.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from monitor.cli.inputs import analysis_setup, detection_baseline, detection_params
from monitor.cli.machine_normal import result_machine_line
from monitor.cli.reader_console import cli_console
from monitor.cli.rider_analysis import kind_caveat, rider_analysis
from monitor.cli.wrapping import paragraph_to_terminal


def analyze_command(session: Path, *, params_file: Path | None = None, as_json: bool = False,
                    activity: str | None = None, rider: str | None = None, pedals: str | None = None,
                    shoes: str | None = None) -> int:
    """``solewatch analyze``: analyse a session and print its result (text, or JSON with ``as_json``); ``activity``
    declares what it is; ``rider`` judges it against that rider's kept normal (else the live session's baseline.json,
    said as its session.json ``rider``'s, else its first minutes); ``pedals``, ``shoes``: the setup advised for."""
    from monitor.analysis.judged import judged_clause
    from monitor.report.text import analysis_text
    from monitor.session.directory import load_session

    params, used = detection_params(params_file, session)
    baseline = detection_baseline(rider, session)
    loaded = load_session(session)  # no "rebuilding" line first: a log refused as it is rebuilt is one line
    setup = analysis_setup(pedals, shoes, rider, session)  # a broken setup.json: its error line alone
    if note := kind_caveat(rider, session, activity or loaded.info.activity):  # a normal kept before its kind was
        print(note, file=sys.stderr)
    said = (params_file is None and used.startswith("the live")) or (rider is None and baseline is not None)
    if loaded.log_end_note():
        print(loaded.log_end_note(), file=sys.stderr)
    result = rider_analysis(loaded, session, rider, params=params, activity=activity,
                            baseline=baseline, setup=setup, normal_from_session=rider is None)  # its own normal said
    if said:  # what it was judged against in the verdict's words, known once analysed (none: nothing judged)
        print(f"analysing with {used}{judged_clause(result.judged())}", file=sys.stderr)
    if note := result_machine_line(result):  # a stepping machine not declared: the class's normal, both machines'
        print(note, file=sys.stderr)
    if as_json:  # summary.FOOT.cadence_per_min stays the insoles' estimate (docs/analyze-json.md)
        print(json.dumps(result.to_json_dict(), indent=2))
    else:
        from monitor.report.ride_data import session_crank_cadence

        text = analysis_text(result, session_crank_cadence(loaded, result), wrap=paragraph_to_terminal)
        cli_console().print(text, markup=False, highlight=False, soft_wrap=True)
    return 0
