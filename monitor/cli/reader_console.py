"""Every rich Console the command line makes (:func:`cli_console`): one whose reader going away (a closed pipe:
``solewatch replay S | head -1``, ``solewatch report S 2>&1 | head -1``) silences it, never ends the command.

rich's own Console turns that BrokenPipeError into SystemExit(1) (``Console.on_broken_pipe``), which no
``except BrokenPipeError`` sees: the command stopped with exit 1, a report or a study unwritten, a replay with a
traceback of its task. Here the console falls silent and remembers it (``reader_gone``); the command goes on to
its end and exits 141 (128 + SIGPIPE, as a shell reports it: ``READER_GONE``), as ``monitor.cli.main`` does for
any other output into a closed pipe.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

#: The exit code of a command whose output's reader went away (128 + SIGPIPE, as a shell reports it).
READER_GONE = 141


class SessionConsole(Console):
    """A Console for what a command says while it runs: when its reader goes away (a closed pipe:
    ``solewatch record ... | head``) it falls silent and remembers it (``reader_gone``), and the command goes
    on to its end. rich's own Console raises SystemExit(1) then, which stopped a recording mid-ride and left
    its session unclosed."""

    reader_gone = False

    def on_broken_pipe(self) -> None:
        self.quiet = True
        self.reader_gone = True
        if self.file is sys.stdout or not self.stderr:  # the interpreter's last flush must not fail again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)


def cli_console(stderr: bool = False) -> SessionConsole:
    """The console of a command's words, on stdout (or stderr with ``stderr``): see the module's docstring."""
    return SessionConsole(stderr=stderr, highlight=False)


def reader_gone(*consoles: object) -> bool:
    """Whether the reader of any of ``consoles`` went away (a plain Console's never is said; an ``--events -``
    sink's is, monitor.live.delivery.EventsSink; None: none)."""
    return any(getattr(c, "reader_gone", False) for c in consoles)
