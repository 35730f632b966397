"""The ``solewatch`` command's entry point: pyproject.toml's console script and ``python -m monitor`` both
call :func:`main` here.

Ctrl-C at any moment of the command's start is said as any command's Ctrl-C, ``solewatch: interrupted`` on
stderr and exit 130, never a traceback. From the first lines of ``monitor/__init__`` (which Python runs
before this module: the script's ``from monitor.entry import main``, ``python -m monitor`` finding
``monitor.__main__``) a SIGINT handler of the package's says it (monitor._interrupted_while_starting, set
only when the process is the command starting); :func:`main` takes Ctrl-C back as Python's
KeyboardInterrupt within its own guard, which says it while the command line's modules load
(monitor.cli.main and what it imports, tens of ms before any command is known) and after. This module
imports nothing at module level but ``sys``. Only Python's own start (the interpreter, ``site``, the
installed packages' path hooks) runs before any code of Solewatch can guard it.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The exit code of ``solewatch`` with ``argv`` (None: ``sys.argv[1:]``), as monitor.cli.main.main gives
    it; a KeyboardInterrupt while that module loads, or one it lets out, is ``solewatch: interrupted`` and 130
    (128 + SIGINT, the shell's convention)."""
    try:
        from monitor import _command_takes_ctrl_c

        _command_takes_ctrl_c()  # a KeyboardInterrupt from here on, which this guard says
        from monitor.cli.main import main as command_line

        return command_line(argv)
    except KeyboardInterrupt:
        print("solewatch: interrupted", file=sys.stderr, flush=True)
        return 130
