"""The FIT commands: ``solewatch import fit RIDE.fit --into SESSION`` and ``solewatch export SESSION
--format fit`` (docs/fit.md), called by monitor.cli.commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from monitor.cli.inputs import analysis_setup, detection_baseline, detection_params
from monitor.util.timefmt import clock_text
from monitor.util.words import counted, listed, with_article


def import_fit_command(file: Path, *, into: Path, force: bool = False) -> int:
    """``solewatch import fit RIDE.fit --into SESSION [--force]``: align the ride's records to the session,
    keep them as SESSION/fit_records.parquet, say what was kept."""
    from monitor.importers.fit_ride import CLI_WORDS, import_fit_ride

    done = import_fit_ride(file, into, force=force, words=CLI_WORDS)
    quantities = ", ".join(f"{name} {done.present[col]:,}" for col, name in (
        ("power_w", "power"), ("cadence_rpm", "cadence"), ("heart_rate_bpm", "heart rate"),
        ("speed_m_s", "speed"), ("altitude_m", "altitude")) if done.present[col])
    print(f"imported {done.kept:,} of the {counted(done.in_file, 'record')} of {file.name} into {done.path}")
    print(f"records with a value: {quantities or 'none'}; rider position "
          + ("recorded" if done.positions_recorded else "not recorded in the file"))
    if done.repeated:
        print(f"{counted(done.repeated, 'record')} {'repeats' if done.repeated == 1 else 'repeat'} a time "
              "already recorded in the file (a chained file, or a device writing one second twice): merged "
              "into the first of that time")
    part = done.covered_part()
    if part is not None:
        print(f"the ride covers only {clock_text(part[0])} to {clock_text(part[1])} of the session's "
              f"{clock_text(done.session_s)}: the report has ride data there only"
              + (f" ({done.clock_hint})" if done.clock_hint else ""))
    return 0


def export_fit(loaded, path: Path, *, force: bool, params_file: Path | None, said: TextIO | None = None,
               rider: str | None = None) -> int:
    """``solewatch export SESSION --format fit [--rider NAME]``: analyse the loaded session with the setup it
    was recorded with (setup.json, as ``solewatch report`` does: the alerts' advice fits its pedals and shoes),
    judged as ``solewatch analyze [--rider NAME]`` judges it (monitor.cli.rider_analysis: ``rider``'s kept
    normal, refused alike; None: the live session's own, else its first minutes), its metrics per second,
    encode, write, say where and what (into ``said``, default stdout). What refuses the output (a file there,
    a folder it cannot go into, a session no FIT file can date) is said before the analysis's modules are
    even imported (about 1.1 s of CPU, scipy among them: tests/test_cli_imports.py)."""
    from monitor.session.export import CLI_WORDS, check_target
    from monitor.session.fit_export import fit_start_s
    from monitor.util.outputs import check_writable

    check_target(loaded, path, force, CLI_WORDS)
    check_writable(path)  # a folder the file cannot go into is said before the session is analysed
    fit_start_s(loaded)  # a session no FIT file can date is said before it is analysed

    from monitor.analysis.assessed_data import assessed_with_data
    from monitor.analysis.judged import judged_clause
    from monitor.analysis.marks import mark_alert
    from monitor.analysis.per_second import assessed_none, per_second_metrics
    from monitor.cli.machine_normal import result_machine_line
    from monitor.cli.rider_analysis import kind_caveat, rider_analysis
    from monitor.report.ride_data import cadence_left_out
    from monitor.session.fit_export import ride_quantities, write_fit_activity
    from monitor.session.ride import Ride, read_ride
    from monitor.util.outputs import output_name

    params, used = detection_params(params_file, loaded.path)
    baseline = detection_baseline(rider, loaded.path)  # a rider with no normal kept: refused as analyze refuses it
    setup = analysis_setup(None, None, rider, loaded.path)  # a broken setup.json: its error line alone
    if note := kind_caveat(rider, loaded.path, loaded.info.activity):  # a normal kept before its kind was
        print(note, file=sys.stderr)  # as analyze says it, wherever the file and its line go
    # None: its baseline.json, said as its session.json rider's; the ride that kept the normal says so
    result = rider_analysis(loaded, loaded.path, rider, params=params, baseline=baseline, setup=setup,
                            normal_from_session=rider is None)
    if note := result_machine_line(result):  # as analyze says it
        print(note, file=sys.stderr)
    alerts = [*result.alerts, *result.events]
    metrics = per_second_metrics(loaded, alerts, assessed_none(result.feet),  # a notice lapses as the report's
                                 assessed_with_data(result.feet, result.silent_spans))  # no data: no level
    acts = result.activities()
    # numb marks: markers of their own kind, in the words every view says them in (a foot that sent no data then:
    # since when; one whose frames the raw log lost: that)
    marks = [mark_alert(c.mark, acts.get(c.mark.foot), c.no_data_since_s, c.lost_frames, pedals=result.setup.pedals)
             for c in result.mark_checks()]
    ride = read_ride(loaded.path)
    left_out = ""
    if ride is not None:  # on foot, the file's cadence is no crank's: left out, as the report leaves it out
        records, left_out = cadence_left_out(result, ride.records)
        ride = Ride(records, ride.meta)
    write_fit_activity(loaded, metrics, [a.to_dict() for a in (*alerts, *marks)], path, ride=ride)
    written = ride_quantities(ride, len(metrics))
    if written:
        with_ride = f" with the imported ride's {listed(written)}"
    elif ride is not None:
        with_ride = "; the imported ride has no value within the session's seconds, so none is in the file"
    else:
        with_ride = ""
    if left_out:
        with_ride += f"; the ride's cadence is left out (not a crank's on {with_article(left_out)} session)"
    records = f"{counted(len(metrics), 'record')} (one a second)"
    # the setup the alerts' advice is for, in the report's words ("Declared setup: ...")
    declared = f"; declared setup: {setup.words()}" if setup.words() else ""
    print(f"exported {listed([records, *event_counts(alerts, marks)])} of {loaded.path} "
          f"to {output_name(path)} (fit){with_ride}; analysed with {used}{judged_clause(result.judged())}{declared}",
          file=said or sys.stdout)
    return 0


#: The words of an exported event message's ``alert kind`` (monitor.analysis.alerts.KINDS), as docs/fit.md
#: names them, and the order the export's line says their counts in.
EVENT_WORDS = {"alert": "alert", "back_to_normal": "back-to-normal event", "data_stale": "data-stale event",
               "data_back": "data-back event"}


def event_counts(alerts: list, marks: list) -> list[str]:
    """What the FIT export's event messages are, counted in words: the alerts always (``0 alerts``), then
    the back-to-normal, data-stale and data-back events and the rider's numb marks there are (``2
    data-stale events``): a data event is no alert. ``alerts``: Alert objects of any kind; ``marks``: the
    numb marks."""
    kinds = [a.kind for a in alerts]
    said = [counted(kinds.count(kind), word) for kind, word in EVENT_WORDS.items()
            if kind == "alert" or kind in kinds]
    return [*said, *([counted(len(marks), "numb mark")] if marks else [])]
