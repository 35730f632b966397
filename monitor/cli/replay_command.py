"""``solewatch replay``: the live detection over a recorded raw log, a line per event, then a summary; a
progress bar on a terminal."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from monitor.cli.inputs import (
    check_events_target,
    detection_params,
    events_stopped,
    events_target_of,
    open_events,
)
from monitor.cli.reader_console import READER_GONE, cli_console, reader_gone
from monitor.cli.rider_kinds import summary_kept
from monitor.util.interrupts import interrupts_here

Command = Callable[[asyncio.Event], Awaitable[int]]


def replay_command(session: Path, *, speed: float | None = None, params_file: Path | None = None,
                   events: str | None = None, plain: bool = False, force: bool = False) -> Command:
    """``solewatch replay``: the live detection over a recorded raw log; a line per event, then a summary.
    ``speed`` None: as fast as possible; an existing ``events`` file is kept unless ``force``. Stopped
    (Ctrl-C, SIGTERM: ``stop``) it says how far it came and exits 128 + the signal's number (130, 143): a
    script does not take what it wrote for the whole replay."""
    check_events_target(events, force)
    events_target = events_target_of(events)  # /dev/stdout: as "-"

    async def run(stop: asyncio.Event) -> int:
        from rich.progress import BarColumn, Progress, TextColumn

        from monitor.analysis.declared import declared_activity
        from monitor.cli.console_live import fmt_clock, format_event, notice_line
        from monitor.live.delivery import TerminalChannel
        from monitor.live.replay import ReplaySource, declared_pedals, replay_session, replay_text

        with interrupts_here(hangup=True):  # a --params or --events pipe waits for its other end: a stop ends it
            source = ReplaySource.open(session)  # a bad session is said before an events file is made
            # the words of an event without its own (a numb mark's), in the session's declared activity and
            # pedals (its setup.json, as analyze and the replay's analysis take them), found once
            activity = declared_activity(source.info.activity) or "unknown"
            pedals = declared_pedals(source.path)
            # the live session's own parameters unless --params: then the replay gives its alerts
            params, used = detection_params(params_file, source.path)
            # with --events -, stdout carries the JSON lines and everything for the person goes to stderr
            screen = cli_console(stderr=events_target == "-")
            events = open_events(events_target)

        def say(line: str) -> None:
            screen.print(line, markup=False, highlight=False, soft_wrap=True)

        say(f"replaying {source.path} with {used}")
        if events is not None:
            events.on_error = lambda exc: say(events_stopped(exc))
        bar = None
        if not plain and screen.is_terminal:
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
                    source, speed=speed, params=params, events=events,
                    channels=[TerminalChannel(lambda alert, bell: True)],  # printed once delivered
                    on_delivered=lambda d: say(format_event(d.alert, d.delivered, activity, lost=source.lost,
                                                             pedals=pedals)),
                    on_notice=lambda n: say(notice_line(n)), on_progress=progress,
                    stop=stop)
        finally:
            if events is not None:
                events.close()
        summary = summary_kept(summary, summary.rider, summary.elsewhere[1])  # the ride that kept it says so
        screen.print(replay_text(summary), markup=False, highlight=False, soft_wrap=not screen.is_terminal)
        if summary.stopped_at_s is not None:  # cut short: not the whole replay, nor its whole events file
            return 128 + (getattr(stop, "signal", None) or signal.SIGINT)
        if summary.events_error:  # the summary said the events file stopped
            return 1
        return READER_GONE if reader_gone(screen, events) else 0  # `| head -1`: went on unheard, its events whole

    return run
