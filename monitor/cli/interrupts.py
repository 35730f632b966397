"""Ctrl-C during the synchronous work at the end of a command that runs on an event loop.

A command run by monitor.cli.main._run_async hears Ctrl-C and SIGTERM through its event loop, which sets the
command's stop event; but the loop runs its signal handlers only between tasks, so during a long
synchronous step (the session report `live` writes at its end, seconds to a minute of figures) a signal
waited for that step to finish. :func:`interrupt_from_here` hands the signals back to Python for the rest
of the command: each raises KeyboardInterrupt where the work is, which the step catches (its outputs are
written whole or not at all, monitor.util.outputs.write_whole).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

#: The signals a command's event loop stops it on (monitor.cli.main._run_async).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def interrupt_from_here() -> None:
    """From now to the command's end, Ctrl-C and SIGTERM raise KeyboardInterrupt in the running code instead
    of waiting for the event loop (whose handlers are removed, so no signal is left queued for it). Outside
    the main thread, or on a system without signals for the loop, nothing changes."""
    with contextlib.suppress(RuntimeError):  # no running loop: nothing waits for one
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(sig)
    for sig in STOP_SIGNALS:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(sig, _interrupt)
