"""``solewatch record``: connect, then record raw notifications and frames into a new session directory, with a
progress view and a line for each notice of the link."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from monitor.cli.inputs import recording_setup, scenario_setup
from monitor.cli.insoles import Insoles, connecting_words, open_backends, open_link, session_meta
from monitor.cli.reader_console import READER_GONE, cli_console

Command = Callable[[asyncio.Event], Awaitable[int]]


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

        console, err = cli_console(), cli_console(stderr=True)
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
            meta.setup = scenario_setup(meta.setup, insoles.scenario(), (pedals, shoes))  # toe clips simulated
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
