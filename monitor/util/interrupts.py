"""Ctrl-C, SIGTERM and SIGHUP for a command that runs on an event loop, during its long synchronous steps too.

A command run by monitor.cli.main._run_async hears Ctrl-C and SIGTERM through its event loop, which runs
its signal handlers only between tasks: during a long synchronous step (the frames table written as a
recording closes, the session report at the end of `live`) a signal waits for the step to finish. Here the
signals raise KeyboardInterrupt where the work is instead, for one step (:func:`interrupts_here`: the
recording's close, the end report of monitor.cli.end_report). A hangup is no request to stop a step: its
handler (:func:`on_hangup`) is a plain one, heard wherever the command is (in the loop, in such a step, in
the summary after it), which sends the lost terminal's outputs to the null device and lets the session close.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: How long :func:`waited_on` waits for its thread at a time (s): how late a signal may be heard there at
#: most (a guess: well under what a person notices).
WAIT_SLICE_S = 0.05

#: The terminal's hangup (its window closed, an ssh connection dropped); None on an OS without it.
HANGUP = getattr(signal, "SIGHUP", None)
#: A hangup in the person's words, as the live summary and session.json's ``stopped_by`` say it
#: (monitor.session.info.STOPPED_BY) and as a command a hangup ends says it (``solewatch replay: the
#: terminal closed``, monitor.cli.main).
HANGUP_WORDS = "the terminal closed"
#: The signals a command's event loop stops it on (monitor.cli.main._run_async), each a clean close: Ctrl-C,
#: SIGTERM and the terminal's hangup, where the OS has it.
STOP_SIGNALS = tuple(sig for sig in (signal.SIGINT, signal.SIGTERM, HANGUP) if sig is not None)


def stop_signals() -> tuple[int, ...]:
    """The signals that stop a command now: :data:`STOP_SIGNALS`, less a hangup the process ignores (started
    with ``nohup``, or after it: the person asked for it to outlive the terminal)."""
    return tuple(sig for sig in STOP_SIGNALS if sig != HANGUP or signal.getsignal(sig) != signal.SIG_IGN)


def raise_interrupt(signum: int, frame: object) -> None:
    """A signal handler: KeyboardInterrupt, named after the signal, where the code runs."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def terminal_outputs() -> tuple[int, ...]:
    """The standard outputs (file descriptors 1, 2) that are terminals now: the ones a hangup takes away."""
    return tuple(fd for fd in (1, 2) if os.isatty(fd))


def quiet_after_hangup(terminals: tuple[int, ...]) -> None:
    """After a hangup, send what would go to the lost terminal ``terminals`` (file descriptors, from
    :func:`terminal_outputs` taken before) to the null device: a hung-up terminal refuses every write (EIO),
    and the session must still close and write its report without anyone to read its summary. Outputs that
    are no terminal (a pipe, a file) keep what is said."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in terminals:
            os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def on_hangup(terminals: tuple[int, ...], then: Callable[[], None] | None = None) -> Callable[[int, object], None]:
    """A SIGHUP handler (for :func:`signal.signal`: run in the main thread wherever it is, an event loop's
    task or a long synchronous step) for a command whose terminal ``terminals`` (file descriptors, from
    :func:`terminal_outputs`) may hang up: :func:`quiet_after_hangup`, a hangup ignored from then on (one is
    all a lost terminal says; the next, a shell passing its own on to its jobs, is no person meaning it), then
    ``then()`` (a command's stop event set). Nothing is raised: the step under way (the recording's close, the
    report) goes on, and so does the rest, said to no one."""
    def heard(signum: int, frame: object) -> None:
        quiet_after_hangup(terminals)
        signal.signal(signum, signal.SIG_IGN)
        if then is not None:
            then()

    return heard


def raise_on_hangup(terminals: tuple[int, ...]) -> Callable[[int, object], None]:
    """A SIGHUP handler for what a hangup ends (a command that runs no event loop, a command's set-up before
    anything is recorded): :func:`quiet_after_hangup` of ``terminals`` (file descriptors, from
    :func:`terminal_outputs` taken before), a hangup ignored from then on (the next, a shell passing its own
    on, must not cut short what the command says as it ends), then KeyboardInterrupt("SIGHUP") where the code
    runs, said as :data:`HANGUP_WORDS` and exit 129 (128 + SIGHUP) by monitor.cli.main."""
    def heard(signum: int, frame: object) -> None:
        quiet_after_hangup(terminals)
        signal.signal(signum, signal.SIG_IGN)
        raise KeyboardInterrupt(signal.Signals(signum).name)

    return heard


@contextlib.contextmanager
def interrupts_here(*, hangup: bool = False) -> Iterator[None]:
    """Within the block, Ctrl-C and SIGTERM raise KeyboardInterrupt in the running code; a hangup keeps its
    handler (the command's :func:`on_hangup`: the step goes on, said to no one), unless ``hangup``: then a
    hangup not ignored raises KeyboardInterrupt("SIGHUP") there too (:func:`raise_on_hangup`: a wait on a
    ``--params`` pipe before anything is recorded ends with the terminal). After it, the handlers are as they
    were (an event loop's among them: it hears the next signal again), but a hangup heard stays ignored. No
    signal the block was interrupted by is left for the loop: its wake-up file is unset within the block.
    Outside the main thread nothing changes."""
    try:
        wakeup_fd = signal.set_wakeup_fd(-1)
    except ValueError:  # not the main thread: its signals are the main thread's
        yield
        return
    before = {}
    try:
        for sig in stop_signals():
            if sig != HANGUP:
                before[sig] = signal.signal(sig, raise_interrupt)
            elif hangup:
                before[sig] = signal.signal(sig, raise_on_hangup(terminal_outputs()))
        yield
    finally:
        for sig, handler in before.items():
            if handler is not None and (sig != HANGUP or signal.getsignal(sig) != signal.SIG_IGN):
                signal.signal(sig, handler)
        signal.set_wakeup_fd(wakeup_fd)


def waited_on(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` run in a thread of its own while this one waits for it in short slices, so a Ctrl-C or
    SIGTERM is heard here even when the kernel gives it to another thread: a wait on a named pipe that this
    thread made itself (open, read) is interrupted only by a signal given to this thread, and a process with
    pyarrow's or numpy's threads may be given it in any of them. The thread is a daemon: left waiting on the
    pipe, it keeps no process from ending."""
    import threading

    done: dict[str, Any] = {}

    def run() -> None:
        try:
            done["value"] = fn(*args)
        except BaseException as exc:  # handed on as it is, in the waiting thread
            done["error"] = exc

    thread = threading.Thread(target=run, name="solewatch-pipe", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(WAIT_SLICE_S)  # between slices this thread runs the signal handlers
    if "error" in done:
        raise done["error"]
    return done["value"]
