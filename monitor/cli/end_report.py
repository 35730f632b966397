"""The session report `live` writes at its end, which Ctrl-C stops at once.

A command run by monitor.cli.main._run_async hears Ctrl-C and SIGTERM through its event loop, which sets the
command's stop event; but the loop runs its signal handlers only between tasks, so during a long
synchronous step (the report: seconds to a minute of figures) a signal waited for that step to finish.
:func:`interrupt_from_here` hands the signals back to Python for the rest of the command: each raises
KeyboardInterrupt where the work is, and :func:`write_end_report` stops there (the report is written whole
or not at all, monitor.util.outputs.write_whole).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

from monitor.errors import SolewatchError
from monitor.util.interrupts import STOP_SIGNALS, raise_interrupt


def interrupt_from_here() -> None:
    """From now to the command's end, Ctrl-C and SIGTERM raise KeyboardInterrupt in the running code instead
    of waiting for the event loop (whose handlers are removed, so no signal is left queued for it);
    ``_run_async`` puts the process's handlers back at the end. Outside the main thread nothing changes."""
    with contextlib.suppress(RuntimeError):  # no running loop: nothing waits for one
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(sig)
    for sig in STOP_SIGNALS:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(sig, raise_interrupt)


def write_end_report(session: Path, params) -> tuple[Path | None, str | None]:
    """Write the report of the recorded ``session`` (SESSION/report.html) with ``params``: ``(its path,
    None)``, or ``(None, why not)``: ``"interrupted"`` for Ctrl-C or SIGTERM, else the error. The session
    is recorded whatever happens to its report."""
    from monitor.report.writer import write_session_report

    interrupt_from_here()
    try:
        return write_session_report(session, params), None
    except KeyboardInterrupt:
        return None, "interrupted"
    except Exception as exc:
        return None, str(exc) if isinstance(exc, SolewatchError) else f"{type(exc).__name__}: {exc}"
