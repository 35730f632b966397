"""The ``solewatch`` command's entry point: pyproject.toml's console script and ``python -m monitor`` both
call :func:`main` here.

It imports nothing at module level but ``sys``, so that Ctrl-C while the command line's modules load
(monitor.cli.main and what it imports, tens of ms before any command is known) is said as any command's
Ctrl-C, ``solewatch: interrupted`` on stderr and exit 130, never a traceback. What runs before it cannot be
guarded by any code of Solewatch: Python's own start (the interpreter, ``site``, the installed packages'
path hooks) and ``import monitor`` (the package's light ``__init__``: its error types and version).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The exit code of ``solewatch`` with ``argv`` (None: ``sys.argv[1:]``), as monitor.cli.main.main gives
    it; a KeyboardInterrupt while that module loads, or one it lets out, is ``solewatch: interrupted`` and 130
    (128 + SIGINT, the shell's convention)."""
    try:
        from monitor.cli.main import main as command_line

        return command_line(argv)
    except KeyboardInterrupt:
        print("solewatch: interrupted", file=sys.stderr, flush=True)
        return 130
