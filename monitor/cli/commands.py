"""The CLI's commands as library functions with typed arguments: each builds what it needs, calls one
workhorse and says what happened on the terminal.

Kept apart from monitor.cli.main (argument parsing, which turns the command line into these calls) and
from the workhorses (link, recorder, live session, replay, analysis, report) so those stay free of
presentation. A command that talks to insoles returns a :data:`Command`, a coroutine function of a stop
event (Ctrl-C or SIGTERM sets it); the others return the exit status.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from monitor.cli.export_command import export_command  # noqa: F401 - solewatch export, kept in its own module
from monitor.cli.importing import import_command  # noqa: F401 - solewatch import, kept in its own module
from monitor.cli.inputs import (
    analysis_setup,
    check_events_target,
    check_report_names,
    compared_inputs,
    detection_baseline,
    detection_params,
    events_stopped,
    events_target_of,
    load_saying_rebuild,
    open_events,
    recording_setup,
    report_extras,
)
from monitor.cli.insoles import Insoles, activity_option, connecting_words, open_backends, open_link, session_meta
from monitor.cli.judged_against import rider_start_line
from monitor.cli.reader_console import READER_GONE, cli_console, reader_gone
from monitor.cli.replay_command import replay_command  # noqa: F401 - solewatch replay, kept in its own module
from monitor.cli.rider_analysis import kind_caveat, rider_analysis
from monitor.cli.rider_kinds import normals_kept, other_insoles_line, summary_kept, unknown_kind_line
from monitor.cli.scan_command import scan_command  # noqa: F401 - solewatch scan, kept in its own module
from monitor.cli.study_command import study_command  # noqa: F401 - solewatch study, kept in its own module
from monitor.cli.wrapping import paragraph_to_terminal
from monitor.util.interrupts import interrupts_here
from monitor.util.words import counted

Command = Callable[[asyncio.Event], Awaitable[int]]


_console = cli_console  # every console of the command line: a closed pipe silences it (READER_GONE at the end)


def record_command(insoles: Insoles, *, out: Path, duration_s: float, label: str | None = None,
                   plain: bool = False, activity: str | None = None, pedals: str | None = None,
                   shoes: str | None = None) -> Command:
    """``solewatch record``: connect, then record raw notifications and frames for ``duration_s`` into a new
    session directory under ``out``, with a progress view (``plain``: a line now and then) and a line for
    each notice of the link (a foot down, back or lost, a low battery), as ``live`` says it; ``activity``
    declares what the session is (session.json); ``pedals`` and ``shoes`` the rider's setup (setup.json, kept)."""
    from monitor.session.writer import check_session_name, check_sessions_root  # here: scan loads no pandas

    insoles.check(may_scan=False, duration_s=duration_s)
    check_sessions_root(out)  # a folder that cannot take the session is said before connecting
    check_session_name(out, label)  # as is a name too long for it
    setup = recording_setup(pedals, shoes, None, activity)

    async def run(stop: asyncio.Event) -> int:
        from monitor.cli.console import ProgressView, print_summary
        from monitor.link.transport_words import transport_of
        from monitor.live.recorder import record_session

        console, err = _console(), _console(stderr=True)
        async with open_backends(insoles, duration_s) as (backends, sim):
            speed = insoles.speed if insoles.simulated else 1.0
            if insoles.moticon_udp is None:  # as live says it: a scan and connection can take seconds
                err.print(connecting_words(insoles), markup=False, highlight=False)
            link = await open_link(insoles, backends, sim, stop, speed=speed,
                                   say=lambda line: err.print(line, markup=False, highlight=False, soft_wrap=True))
            if link is None:
                err.print("stopped before the session started; nothing recorded", markup=False)
                return 0
            meta = session_meta(insoles, sim, label, activity)
            meta.setup = (kind := setup.of(meta.activity)).kept(lambda line: err.print(line, markup=False))
            if kind.remembered_line():
                err.print(kind.remembered_line(), markup=False, highlight=False, soft_wrap=True)
            for foot in ("left", "right"):
                if foot not in link.feet:
                    err.print(f"warning: no {foot} insole; recording the other foot only", markup=False)
            with ProgressView(err, plain=plain, words=transport_of(link.layouts)) as view:
                summary = await record_session(link, meta, duration_s=duration_s, out_dir=out, stop=stop,
                                               progress=view.update, on_event=view.link_event,
                                               on_frames=view.frames)
        print_summary(console, summary, asked_s=duration_s, stopped=stop.is_set())
        if summary.recording_error is not None:
            return 1
        return READER_GONE if console.reader_gone or err.reader_gone else 0

    return run


def live_command(insoles: Insoles, *, out: Path, duration_s: float | None = None, label: str | None = None,
                 params_file: Path | None = None, events: str | None = None, plain: bool = False,
                 sound: bool = True, report: bool = True, activity: str | None = None,
                 rider: str | None = None, pedals: str | None = None, shoes: str | None = None,
                 web: tuple[str, int] | None = None, force: bool = False) -> Command:
    """``solewatch live``: connect, then record, detect and deliver alerts until ``duration_s`` (None: until
    Ctrl-C); ``events`` a JSON-lines file or "-" for stdout (an existing one kept unless ``force``);
    ``report``: write the session report at the end.
    ``activity`` declares what the session is; ``rider`` judges it against that rider's normal from earlier
    rides and keeps what it learns (monitor.session.riders); ``pedals`` and ``shoes`` declare the rider's
    setup (kept with the session as setup.json and remembered for the rider's next sessions). ``web``:
    ``(host, port)`` of the phone view (monitor.live.web), its URL and QR code printed once connected. The
    keys of monitor.cli.live_keys, and the phone view's buttons, mark a foot numb now.
    """
    from monitor.session.writer import check_session_name, check_sessions_root  # here: scan loads no pandas

    insoles.check(may_scan=True, duration_s=duration_s)
    check_sessions_root(out)  # a folder that cannot take the session is said before connecting
    check_session_name(out, label)  # as is a name too long for it
    check_events_target(events, force)
    phone = None
    if web is not None:
        from monitor.live.web.server import PhoneView

        phone = PhoneView(*web)  # a port that cannot be listened on is said before connecting
    from monitor.session.riders import check_rider_folder, load_rider_normals

    if rider is not None:
        check_rider_folder(rider)  # a bad name, or a folder the normal cannot be kept in, before connecting
    normals = load_rider_normals(rider) if rider is not None else None  # one is chosen by the insoles' kind
    setup = recording_setup(pedals, shoes, rider, activity)
    events_target = events_target_of(events)  # /dev/stdout: as "-"

    async def run(stop: asyncio.Event) -> int:
        import math

        from monitor.cli.console_live import LiveDisplay
        from monitor.cli.live_keys import KEYS_HINT, LiveKeys
        from monitor.link.transport_words import transport_of
        from monitor.live.alert_route import no_motor_line
        from monitor.live.delivery import SoundChannel, TerminalChannel, find_player
        from monitor.live.session import link_haptic, mark_numb, run_live
        from monitor.live.summary import activity_word, stopped_early, summary_text
        from monitor.session.insole_kinds import session_insole
        from monitor.session.param_files import load_params

        with interrupts_here(hangup=True):  # a --params or --events pipe waits for its other end: a stop ends it
            params = load_params(params_file)
            # with --events -, stdout carries the JSON lines and everything for the person goes to stderr
            # a reader gone: heard no more
            screen = _console(stderr=events_target == "-")
            events = open_events(events_target)
        ended = None  # what the phone view's last state says of the session: its summary's words
        try:
            async with open_backends(insoles, duration_s) as (backends, sim):
                speed = insoles.speed if insoles.simulated else 1.0
                if insoles.moticon_udp is None:  # the Moticon stream's port is said once it is bound
                    screen.print(connecting_words(insoles), markup=False, highlight=False)
                link = await open_link(insoles, backends, sim, stop, speed=speed,
                                       say=lambda line: screen.print(line, markup=False, highlight=False,
                                                                soft_wrap=True))
                if link is None:
                    screen.print("stopped before the session started; nothing recorded", markup=False)
                    return 0
                meta = session_meta(insoles, sim, label, activity, rider)  # session.json keeps the rider
                kind = setup.of(meta.activity)  # of the session's activity: a simulation's scenario declares it
                meta.setup = kind.kept(lambda line: screen.print(line, markup=False, highlight=False))
                insole = session_insole(link.layouts)  # a normal judges sessions of its insole kind only
                baseline = normals.for_insole(insole) if normals is not None else None
                if baseline is None and normals is not None:  # kept for other insoles only: session.json says
                    meta.normal_kept_for = list(normals.kinds())
                if rider is not None:
                    word = activity_word(meta.activity, as_declared=False)  # ride, run, walk or session
                    start = other_insoles_line(rider, normals, insole, word) or \
                        rider_start_line(rider, baseline, meta.activity, link.feet)
                    for line in (start, unknown_kind_line(rider, normals, insole, meta.activity)):
                        if line:
                            screen.print(line, markup=False, highlight=False, soft_wrap=True)
                if kind.remembered_line():
                    screen.print(kind.remembered_line(), markup=False, highlight=False, soft_wrap=True)
                for foot, info in link.device_infos.items():
                    battery = f", battery {info.battery_text()}" if info.battery_text() else ""
                    screen.print(f"{foot}: {info.name or info.address}{battery}", markup=False,
                                 highlight=False)
                for foot in ("left", "right"):
                    if foot not in link.feet:
                        screen.print(f"warning: no {foot} insole; monitoring the other foot only",
                                     markup=False)
                player = find_player() if sound else None
                route = no_motor_line({f: link.layouts[f] for f in link.feet if f in link.layouts},
                                      sound=player is not None, phone=phone is not None,
                                      why_silent="--no-sound" if not sound else "no sound player found")
                if route:  # an insole that cannot buzz: how its alerts reach the rider instead
                    screen.print(route, markup=False, highlight=False, soft_wrap=True)
                if phone is not None:
                    phone.on_mark = lambda foot: mark_numb(link, foot, "web")
                    phone.on_stopped = lambda text: screen.print(f"warning: {text}", markup=False,
                                                                 highlight=False, soft_wrap=True)
                    await phone.start()
                    _show_phone_url(screen, phone.url)
                calibrated = {foot: bool(lay.calibrated) for foot, lay in link.layouts.items()}  # per foot's unit
                with LiveDisplay(screen, plain=plain, calibrated=calibrated, words=transport_of(link.layouts),
                                 activity=meta.activity) as display, \
                        LiveKeys(lambda foot: mark_numb(link, foot, "terminal"), on_off=display.keys_off) as keys:
                    if keys.active:  # under the live view, or once before the plain lines
                        display.hint = KEYS_HINT
                        if display.plain:
                            screen.print(KEYS_HINT, markup=False, highlight=False)
                    if events is not None:
                        events.on_error = lambda exc: display.message(events_stopped(exc))
                    channels = [TerminalChannel(lambda alert, bell: True), link_haptic(link),  # delivered's order
                                *([SoundChannel(player)] if player is not None else []),
                                *([phone.channel()] if phone is not None else [])]

                    def on_view(view) -> None:
                        display.update(view)
                        if phone is not None:
                            phone.publish(view)

                    summary = await run_live(
                        link, meta, duration_s=duration_s or math.inf, out_dir=out, params=params,
                        channels=channels, events=events, on_view=on_view,
                        on_delivered=lambda d: display.event(d.alert, d.delivered),
                        on_notice=display.notice, stop=stop, baseline=baseline,
                        on_ending=phone.ending if phone is not None else None)  # the page: not live now
                    # here, before the report: a Ctrl-C that stops the report did not stop the session
                    stopped_of_s = stopped_early(stop.is_set(), summary.record.duration_s, duration_s)
            for said in () if rider is None else normals_kept(rider, summary, baseline, normals, insole,
                                                              params.detector.baseline_s, meta.activity, word):
                screen.print(said, markup=False, highlight=False, soft_wrap=not screen.is_terminal)
            # wrapped at words on a terminal; one line per sentence into a pipe or file
            summary = summary_kept(summary, rider, insole)  # kept before the report, which says this ride kept it
            if baseline is None and normals is not None:  # a normal kept for other insoles only
                summary = replace(summary, elsewhere=(tuple(normals.kinds()), insole))
            if phone is not None:  # the pages end on what the summary says: its length, what was found
                from monitor.live.web.state import ended_fields

                ended = ended_fields(summary, rider=rider)
        finally:
            if events is not None:
                events.close()
            if phone is not None:
                await phone.aclose(ended)
        report_path, report_error = None, None
        if report and summary.record.tables_interrupted:  # the person asked to stop as the session closed
            report_error = "interrupted"
        elif report and any(c.get("frames_received") for c in summary.record.counters.values()):
            from monitor.cli.end_report import write_end_report

            screen.print("writing the session report...", markup=False, highlight=False)
            report_path, report_error = write_end_report(summary.record.path, params)  # Ctrl-C stops it
        screen.print(summary_text(summary, report=report_path, report_error=report_error,
                                  stopped_of_s=stopped_of_s, rider=rider), markup=False, highlight=False,
                     soft_wrap=not screen.is_terminal)
        if summary.record.recording_error is not None or summary.events_error is not None:
            return 1
        return READER_GONE if reader_gone(screen, events) else 0

    return run


def _show_phone_url(screen: Console, url: str) -> None:
    """The phone view's URL, and on a terminal its QR code (segno) for a phone's camera."""
    screen.print(f"phone view: {url}", markup=False, highlight=False, soft_wrap=True)
    try:
        screen.file.flush()  # into a pipe too, at once: whoever opens the page needs it now
    except BrokenPipeError:
        screen.on_broken_pipe()  # the reader went away: the session goes on unheard (SessionConsole)
    if screen.is_terminal:
        import io

        import segno

        qr = io.StringIO()
        segno.make(url, error="l").terminal(out=qr, compact=True)
        screen.print(qr.getvalue(), markup=False, highlight=False, soft_wrap=True)


def analyze_command(session: Path, *, params_file: Path | None = None, as_json: bool = False,
                    activity: str | None = None, rider: str | None = None, pedals: str | None = None,
                    shoes: str | None = None) -> int:
    """``solewatch analyze``: analyse a session and print its result (text, or JSON with ``as_json``); ``activity``
    declares what it is; ``rider`` judges it against that rider's kept normal (else the live session's baseline.json,
    said as its session.json ``rider``'s, else its first minutes); ``pedals``, ``shoes``: the setup advised for."""
    from monitor.report.text import analysis_text
    from monitor.analysis.judged import judged_clause
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
    if as_json:  # summary.FOOT.cadence_per_min stays the insoles' estimate (docs/analyze-json.md)
        print(json.dumps(result.to_json_dict(), indent=2))
    else:
        from monitor.report.ride_data import session_crank_cadence

        text = analysis_text(result, session_crank_cadence(loaded, result), wrap=paragraph_to_terminal)
        _console().print(text, markup=False, highlight=False, soft_wrap=True)
    return 0


def report_command(session: Path, *, out: Path | None = None, pdf: Path | None = None,
                   params_file: Path | None = None, compare_with: Path | None = None, force: bool = False,
                   pedals: str | None = None, shoes: str | None = None, plain: bool = False,
                   activity: str | None = None, rider: str | None = None) -> int:
    """``solewatch report SESSION [-o FILE.html] [--pdf FILE.pdf] [--force] [--params FILE] [--compare B]``:
    analyse, write the report, print its path. ``activity``, ``pedals``, ``shoes`` (the setup advised for)
    declare SESSION's, over its own, as analyze's do. B, the same person's, is judged as ``analyze B`` judges
    it (monitor.cli.inputs.compared_inputs: its own files), with ``params_file`` and ``rider`` (that rider's
    kept normal, refused as ``analyze --rider`` refuses it) for both. Progress on stderr: on a terminal one line
    each stage replaces (monitor.cli.console.StageLine), with ``plain`` or elsewhere a line per stage. A named
    file that exists is replaced only with ``force`` (the default SESSION/report.html always is); a file of
    either session never is. The paths written go to stdout, or to stderr when one is a device or a pipe
    (``-o -``, ``--pdf -``): stdout then carries one file alone, never both, nor a PDF on a terminal."""
    from monitor.report.targets import check_report_targets  # no analysis nor plotting before the checks
    from monitor.session.export import CLI_WORDS
    from monitor.session.directory import check_session_dir
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
    b_given = compared_inputs(params_file, rider, compare_with) if compare_with is not None else {}  # analyze B's
    setup, ride = report_extras(pedals, shoes, session, rider)  # these and both sessions before any progress line
    progress = _console(stderr=True)  # its reader gone (`2>&1 | head -1`): the report is still written, then 141
    with StageLine(progress, plain=plain) as stage:
        loaded = load_saying_rebuild(session, stage.say)
        other = load_saying_rebuild(compare_with, stage.say) if compare_with is not None else None
        if note := kind_caveat(rider, session, activity or loaded.info.activity):  # as analyze says it
            stage.say(note)
        stage(f"analysing {session}")
        result = rider_analysis(loaded, session, rider, params=params, activity=activity, baseline=baseline,
                                setup=setup, normal_from_session=rider is None)
        stage.say(f"analysing with {used}{judged_clause(result.judged())}")  # the verdict's words; none: none judged
        comparison = None
        if other is not None:
            from monitor.analysis.compare import compare

            stage(f"analysing {compare_with}")  # B as `analyze B [--rider NAME] [--params FILE]` judges it
            comparison = compare(result, rider_analysis(other, compare_with, rider, **b_given,
                                                        normal_from_session=rider is None), loaded, other)
        out = out if out is not None else loaded.path / "report.html"
        write_report(loaded, result, out, pdf_path=pdf, comparison=comparison, progress=stage,
                     others=sessions[1:], ride=ride)
    written = [out] + ([pdf] if pdf is not None else [])
    said = sys.stderr if any(map(is_special, written)) else sys.stdout  # -o /dev/stdout: the report alone there
    for path in written:
        print(output_name(path), file=said)
    return READER_GONE if reader_gone(progress) else 0


def sim_command(scenario: str, *, hci: str, speed: float = 1.0, seed: int = 1, faults: tuple[str, ...] = (),
                duration_s: float | None = None, insole: str = "solewatch") -> Command:
    """``solewatch sim``: serve simulated insoles of kind ``insole`` over HCI (TCP) to another process's monitor."""

    async def run(stop: asyncio.Event) -> int:
        from monitor.live.simulated import serve_simulation
        from monitor.session.insole_kinds import kind_name  # the kind as every view says it: "ORPHE"

        err = _console(stderr=True)

        def ready(info: dict) -> None:  # the monitor cannot know the activity nor a vendor kind: the hint says them
            word = activity_option(info.get("activity") or "")
            err.print(f"simulated {kind_name(insole)} insoles ready: {scenario} at {speed:g}x; left {info['left']}, "
                      f"right {info['right']}; monitor with: solewatch record --radio {info['hci']}"
                      f"{'' if insole == 'solewatch' else ' --insole ' + insole} --speed {speed:g}"
                      + (f" --activity {word}" if word else ""), markup=False, soft_wrap=True)

        counters = await serve_simulation(scenario, hci=hci, speed=speed, seed=seed, faults=list(faults),
                                          duration_s=duration_s, stop=stop, on_ready=ready, insole=insole)
        for foot, c in counters.items():
            err.print(f"{foot}: {counted(c.packets_sent, 'packet')} sent, {counted(c.frames_sent, 'frame')}",
                      markup=False)
        return 0

    return run
