"""``solewatch live``: connect, then record, detect and deliver alerts (terminal, insoles' motors, sound, the
phone view) until the session ends; the rider's normal kept, the session report written at the end."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from monitor.cli.inputs import (
    check_events_target,
    events_stopped,
    events_target_of,
    open_events,
    recording_setup,
    scenario_setup,
)
from monitor.cli.insoles import Insoles, connecting_words, open_backends, open_link, session_meta
from monitor.cli.judged_against import rider_start_line
from monitor.cli.machine_normal import machine_judging_line
from monitor.cli.reader_console import READER_GONE, cli_console, reader_gone
from monitor.cli.rider_kinds import normals_kept, other_insoles_line, summary_kept, unknown_kind_line
from monitor.util.interrupts import interrupts_here

Command = Callable[[asyncio.Event], Awaitable[int]]


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

        from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE
        from monitor.cli.console_live import LiveDisplay
        from monitor.cli.live_keys import KEYS_HINT, LiveKeys
        from monitor.link.transport_words import transport_of
        from monitor.live.alert_route import no_motor_line
        from monitor.live.analysis_lag import late_words
        from monitor.live.delivery import SoundChannel, TerminalChannel, find_player
        from monitor.live.session import link_haptic, mark_numb, run_live
        from monitor.live.summary import summary_text
        from monitor.live.summary_head import stopped_early
        from monitor.session.info import utc_now_iso
        from monitor.session.insole_kinds import session_insole
        from monitor.session.param_files import load_params
        from monitor.signal.activity_words import activity_word

        with interrupts_here(hangup=True):  # a --params or --events pipe waits for its other end: a stop ends it
            params = load_params(params_file)
            # with --events -, stdout carries the JSON lines and everything for the person goes to stderr
            # a reader gone: heard no more
            screen = cli_console(stderr=events_target == "-")
            events = open_events(events_target)
        ended = None  # what the phone view's last state says of the session: its summary's words
        try:
            async with open_backends(insoles, duration_s) as (backends, sim):
                speed = insoles.speed if insoles.simulated else 1.0
                # said first, once, in the words the summary ends on: the rider reads it before any alert
                screen.print(NOT_A_MEDICAL_DEVICE, markup=False, highlight=False, soft_wrap=True)
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
                meta.setup = scenario_setup(meta.setup, insoles.scenario(), (pedals, shoes))  # the simulated setup
                insole = session_insole(link.layouts)  # a normal judges sessions of its insole kind only
                baseline = normals.for_insole(insole) if normals is not None else None
                if baseline is None and normals is not None:  # kept for other insoles only: session.json says
                    meta.normal_kept_for = list(normals.kinds())
                if rider is not None:
                    word = activity_word(meta.activity, as_declared=False)  # ride, run, walk or session
                    start = other_insoles_line(rider, normals, insole, word) or \
                        rider_start_line(rider, baseline, meta.activity, link.feet, utc_now_iso())  # starts later
                    for line in (start, unknown_kind_line(rider, normals, insole, meta.activity),
                                 machine_judging_line(rider, baseline, meta.activity, link.feet)):
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
                                 activity=meta.activity, params=params,
                                 kept_normal=baseline is not None) as display, \
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
                        on_delivered=lambda d: display.event(d.alert, d.delivered, late_words(d.late_s, d.after_end)),
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
