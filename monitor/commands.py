"""The CLI's commands as library functions: each builds what it needs and calls one workhorse.

Kept apart from cli.py (argument parsing) so tests can call them, and apart from the workhorses
(link, recorder, simulation) so those stay free of presentation.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from monitor.console import ProgressView, print_summary
from monitor.errors import DeviceNotFound
from monitor.link import Backends, LinkConfig, PairLink, find_address, scan
from monitor.recorder import SessionMeta, record_session

Command = Callable[[asyncio.Event], Awaitable[int]]


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False)


def scenarios_text(*, as_json: bool = False) -> str:
    """The scenario list as text (a table) or as JSON (each scenario's ground truth)."""
    from firmware_sim.scenarios import SCENARIOS

    if as_json:
        return json.dumps({name: sc.ground_truth() for name, sc in SCENARIOS.items()}, indent=2)
    width = max(len(n) for n in SCENARIOS)
    return "\n".join(f"{name:<{width}}  {sc.activity:<16} {sc.description}" for name, sc in SCENARIOS.items())


@contextlib.asynccontextmanager
async def open_backends(args: argparse.Namespace) -> AsyncIterator[tuple[Backends, object | None]]:
    """The radio a command talks through: the simulated insoles (in process or over TCP HCI) or the OS.

    Yields the backends and, for a simulation in this process, the SimulatedInsoles.
    """
    if getattr(args, "sim", None):
        from monitor.simulation import simulated_insoles

        async with simulated_insoles(args.sim, speed=args.speed, seed=args.seed, faults=args.fault) as sim:
            yield sim.backends, sim
    elif getattr(args, "radio", None):
        from monitor.simulation import remote_radio

        async with remote_radio(args.radio) as backends:
            yield backends, None
    else:
        yield Backends(), None


def session_meta(args: argparse.Namespace, sim) -> SessionMeta:
    """What a recording knows before the insoles speak: the simulation's (scenario, ground truth and where
    the simulation's clock stood) or a real ride's; ``--label`` overrides the label."""
    if sim is not None:
        meta = sim.meta
        meta.ground_truth = {**meta.ground_truth,
                             "scenario_time_at_session_start_s": round(sim.scenario_time_s(), 3)}
    else:
        meta = SessionMeta(source="ble", label="ride", radio=args.radio or "os")
    if args.label:
        meta.label = args.label
    return meta


def scan_command(args: argparse.Namespace) -> Command:
    async def run(stop: asyncio.Event) -> int:
        async with open_backends(args) as (backends, _):
            found = await scan(backends, timeout_s=args.timeout)
        if not found:
            raise DeviceNotFound(f"no Solewatch insole answered within {args.timeout:g} s")
        table = Table("address", "name", "rssi", box=None, header_style="bold")
        for f in found:
            table.add_row(f.address, f.name, "" if f.rssi is None else str(f.rssi))
        _console().print(table)
        return 0

    return run


def record_command(args: argparse.Namespace) -> Command:
    async def run(stop: asyncio.Event) -> int:
        console, err = _console(), _console(stderr=True)
        async with open_backends(args) as (backends, sim):
            speed = args.speed if (args.sim or args.radio) else 1.0
            link = PairLink(backends, LinkConfig(speed=speed))
            expect = {f: a for f, a in (("left", args.left), ("right", args.right)) if a}
            if expect:
                devices = [await find_address(backends, a, timeout_s=10.0) for a in expect.values()]
            else:
                found = await scan(backends, timeout_s=10.0, enough=2)
                if not found:
                    raise DeviceNotFound("no Solewatch insole found; is it awake and in range?")
                devices = [f.device for f in found[:2]]
            try:
                await link.open(devices, expect=expect or None)
            except BaseException:
                await link.close()
                raise
            meta = session_meta(args, sim)
            for foot in ("left", "right"):
                if foot not in link.feet:
                    err.print(f"warning: no {foot} insole; recording the other foot only", markup=False)
            with ProgressView(err, plain=args.plain) as view:
                summary = await record_session(link, meta, duration_s=args.duration, out_dir=args.out,
                                               progress=view.update, stop=stop)
        print_summary(console, summary)
        return 0 if summary.recording_error is None else 1

    return run


def detection_params(params_file, session_dir):
    """The Params a command over a recorded session uses, and how to say which: ``--params FILE`` if given,
    else the session's own (``params.json``, kept by ``solewatch live``), else the defaults."""
    from monitor.recording import session_params
    from monitor.signal.params import DEFAULT_PARAMS, load_params

    if params_file is not None:
        return load_params(params_file), f"detection parameters from {params_file}"
    own = session_params(session_dir) if Path(session_dir).is_dir() else None
    if own is not None:
        return own, "the live session's detection parameters (params.json)"
    return DEFAULT_PARAMS, "the default detection parameters (the session kept none)"


def open_events(target: str | None):
    """The ``--events`` sink (None without the option); a file that cannot be written is a UsageError."""
    from monitor.delivery import EventsSink
    from monitor.errors import UsageError

    if not target:
        return None
    try:
        return EventsSink.open(target)
    except OSError as exc:
        raise UsageError(f"cannot write --events {target}: {exc.strerror or exc}") from None


def live_command(args: argparse.Namespace) -> Command:
    """``solewatch live``: connect, then record, detect and deliver alerts until the duration or Ctrl-C."""

    async def run(stop: asyncio.Event) -> int:
        import math

        from monitor.console_live import LiveDisplay
        from monitor.delivery import SoundChannel, TerminalChannel, find_player
        from monitor.live import link_haptic, open_pair, run_live, summary_text
        from monitor.signal.params import load_params

        params = load_params(args.params)
        # with --events -, stdout carries the JSON lines and everything for the person goes to stderr
        screen = _console(stderr=args.events == "-")
        events = open_events(args.events)
        try:
            async with open_backends(args) as (backends, sim):
                speed = args.speed if (args.sim or args.radio) else 1.0
                where = f"the simulated insoles ({args.sim})" if args.sim else "the insoles"
                screen.print(f"connecting to {where}...", markup=False, highlight=False)
                link = await open_pair(backends, LinkConfig(speed=speed), left=args.left, right=args.right,
                                       nearest=args.scan, stop=stop)
                if link is None:
                    screen.print("stopped before the session started; nothing recorded", markup=False)
                    return 0
                meta = session_meta(args, sim)
                for foot, info in link.device_infos.items():
                    battery = "" if info.battery_pct is None else f", battery {info.battery_pct} %"
                    screen.print(f"{foot}: {info.name or info.address}{battery}", markup=False,
                                 highlight=False)
                for foot in ("left", "right"):
                    if foot not in link.feet:
                        screen.print(f"warning: no {foot} insole; monitoring the other foot only",
                                     markup=False)
                player = None if args.no_sound else find_player()
                with LiveDisplay(screen, plain=args.plain) as display:
                    channels = [TerminalChannel(lambda alert, bell: True), link_haptic(link)]
                    if player is not None:
                        channels.append(SoundChannel(player))
                    summary = await run_live(
                        link, meta, duration_s=args.duration or math.inf, out_dir=args.out, params=params,
                        channels=channels, events=events, on_view=display.update,
                        on_delivered=lambda d: display.event(d.alert, d.delivered),
                        on_notice=lambda n: display.message(n.text), stop=stop)
        finally:
            if events is not None:
                events.close()
        report, report_error = None, None
        if not args.no_report and any(c.get("frames_received") for c in summary.record.counters.values()):
            from monitor.errors import SolewatchError
            from monitor.report import write_session_report

            screen.print("writing the session report...", markup=False, highlight=False)
            try:
                report = write_session_report(summary.record.path, params)
            except Exception as exc:  # the session is recorded whatever happens to its report
                report_error = str(exc) if isinstance(exc, SolewatchError) else f"{type(exc).__name__}: {exc}"
        # wrapped at words on a terminal; one line per sentence into a pipe or file
        screen.print(summary_text(summary, report=report, report_error=report_error), markup=False,
                     highlight=False, soft_wrap=not screen.is_terminal)
        return 0 if summary.record.recording_error is None else 1

    return run


def replay_command(args: argparse.Namespace) -> Command:
    """``solewatch replay``: the live detection over a recorded raw log; a line per event, then a summary."""

    async def run(stop: asyncio.Event) -> int:
        from rich.progress import BarColumn, Progress, TextColumn

        from monitor.console_live import fmt_clock, format_event
        from monitor.delivery import TerminalChannel
        from monitor.replay import ReplaySource, replay_session, replay_text

        source = ReplaySource.open(args.session)  # a bad session is said before an events file is made
        # the live session's own parameters unless --params: then the replay gives its alerts
        params, used = detection_params(args.params, source.path)
        # with --events -, stdout carries the JSON lines and everything for the person goes to stderr
        screen = _console(stderr=args.events == "-")
        events = open_events(args.events)

        def say(line: str) -> None:
            screen.print(line, markup=False, highlight=False, soft_wrap=True)

        say(f"replaying {source.path} with {used}")
        bar = None
        if not args.plain and screen.is_terminal:
            bar = Progress(TextColumn("replaying"), BarColumn(), TextColumn("{task.fields[where]}"),
                           console=screen, transient=True)
        try:
            with bar if bar is not None else contextlib.nullcontext():
                task = bar.add_task("replay", total=1.0, where="") if bar is not None else None

                def progress(p) -> None:
                    if bar is not None:
                        bar.update(task, completed=p.session_s / p.duration_s if p.duration_s else 1.0,
                                   where=f"{fmt_clock(p.session_s)} of {fmt_clock(p.duration_s)}")

                summary = await replay_session(
                    source, speed=args.speed, params=params, events=events,
                    channels=[TerminalChannel(lambda alert, bell: True)],  # printed once delivered
                    on_delivered=lambda d: say(format_event(d.alert, d.delivered)),
                    on_notice=lambda n: say(f"{fmt_clock(n.t_s):>7}  {n.text}"), on_progress=progress,
                    stop=stop)
        finally:
            if events is not None:
                events.close()
        screen.print(replay_text(summary), markup=False, highlight=False, soft_wrap=not screen.is_terminal)
        return 0

    return run


def analyze_command(args: argparse.Namespace) -> int:
    """Analyse a session and print the result (text, or JSON with --json)."""
    from monitor.analyze import analyze
    from monitor.recording import load_session
    from monitor.report_text import analysis_text

    params, used = detection_params(args.params, args.session)
    session = load_session(args.session)
    if args.params is None and used.startswith("the live"):
        print(f"analysing with {used}", file=sys.stderr)
    result = analyze(session, params)
    if args.json:
        print(json.dumps(result.to_json_dict(), indent=2))
    else:
        _console().print(analysis_text(result), markup=False, highlight=False, soft_wrap=True)
    return 0


def report_command(args: argparse.Namespace) -> int:
    """``solewatch report SESSION [-o FILE.html] [--pdf FILE.pdf] [--force] [--params FILE] [--compare B]``:
    analyse, write the report (progress on stderr, a line per stage), print its path. A named file that
    exists is replaced only with --force (the default SESSION/report.html always is); a file of either
    session never is."""
    from monitor.analyze import analyze
    from monitor.recording import load_session
    from monitor.report import check_report_targets, write_report

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    sessions = [args.session] + ([args.compare] if args.compare is not None else [])
    named = [t for t in (args.out, args.pdf) if t is not None]  # replaced only with --force
    check_report_targets(named, sessions, force=args.force)
    check_report_targets(named if args.out is not None else [args.session / "report.html", *named], sessions)
    params, used = detection_params(args.params, args.session)
    say(f"loading {args.session}")
    session = load_session(args.session)
    say(f"analysing with {used}")
    result = analyze(session, params)
    compare_html = None
    if args.compare is not None:
        from monitor.compare import compare
        from monitor.report_compare import compare_section_html

        say(f"loading {args.compare}")
        other = load_session(args.compare)
        say(f"analysing {args.compare}")
        compare_html = compare_section_html(compare(result, analyze(other, params), session, other))
    out = args.out if args.out is not None else session.path / "report.html"
    write_report(session, result, out, pdf_path=args.pdf, compare_html=compare_html, progress=say,
                 others=sessions[1:])
    print(out)
    if args.pdf is not None:
        print(args.pdf)
    return 0


def sim_command(args: argparse.Namespace) -> Command:
    async def run(stop: asyncio.Event) -> int:
        from monitor.simulation import serve_simulation

        err = _console(stderr=True)

        def ready(info: dict) -> None:
            err.print(f"simulated insoles ready: {args.scenario} at {args.speed:g}x; left {info['left']}, "
                      f"right {info['right']}; monitor with: solewatch record --radio {info['hci']} "
                      f"--speed {args.speed:g}", markup=False, soft_wrap=True)

        counters = await serve_simulation(args.scenario, hci=args.hci, speed=args.speed, seed=args.seed,
                                          faults=args.fault, duration_s=args.duration, stop=stop,
                                          on_ready=ready)
        for foot, c in counters.items():
            err.print(f"{foot}: {c.packets_sent:,} packets sent, {c.frames_sent:,} frames", markup=False)
        return 0

    return run


def import_command(args: argparse.Namespace) -> Callable[[], int]:
    """``solewatch import FORMAT FILE -o SESSION_DIR``: parse, write, say where and what."""

    def run() -> int:
        from monitor.importers import read_recording, sample_counts, write_session

        rec = read_recording(args.format, args.file, layout=getattr(args, "layout", None))
        path = write_session(rec, args.out)
        counts = sample_counts(rec)
        feet = "; ".join(f"{foot} {c['frames']:,} frames, {c['missing']:,} missing "
                         f"({c['missing_fraction']:.1%})" for foot, c in counts.items())
        print(f"imported {rec.path.name} ({rec.format}) into {path}")
        added = {foot: c["added"] for foot, c in counts.items()}
        if rec.foot_t_s and any(added.values()):
            skipped = "; row(s) added where a foot's time axis skips: " + ", ".join(
                f"{foot} {n}" for foot, n in added.items())
        else:
            n_added = next(iter(added.values()))
            skipped = f"; {n_added} row(s) added where the file's time axis skips" if n_added else ""
        rates = sorted({rec.foot_rate_hz(foot) for foot in rec.feet})
        rate = "/".join(map(str, rates))
        print(f"{rec.duration_s:.2f} s at {rate} Hz: {feet}{skipped}; {len(rec.caveats)} caveat(s) in "
              "session.json")
        return 0

    return run


def export_command(args: argparse.Namespace) -> int:
    """``solewatch export SESSION [--format csv|parquet] [-o FILE] [--force]``: write, say where and what."""
    from monitor.export import export_frames, export_target
    from monitor.recording import load_session

    session = load_session(args.session)
    path, fmt = export_target(session.path, args.format, args.out)
    export_frames(session, path, fmt, force=args.force)
    feet = session.frames["foot"].value_counts()
    per_foot = ", ".join(f"{foot} {int(feet.get(foot, 0)):,}" for foot in session.info.feet)
    print(f"exported {len(session.frames):,} frames ({per_foot}) of {session.path} to {path} ({fmt})")
    print(f"the sensor layouts are in {session.path / 'session.json'} (layouts)")
    return 0
