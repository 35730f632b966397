"""The live view's keys: ``l`` or ``r`` marks the left or right foot numb now (monitor.analysis.marks).

Read from the terminal the live session runs in, in cbreak mode (one key at a time, no echo; Ctrl-C still
stops the ride), by the event loop's reader, so a key never waits for the view. Off when stdin is not a
terminal (a pipe, a test): nothing is read then. Off too once the terminal hangs up (end of file, or the
terminal gone: a read error): the reader is removed, so a closed terminal, always "readable", does not keep
the event loop calling it, and ``on_off`` is told once (KEYS_OFF); the session goes on without keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Callable
from typing import IO, Any

#: The keys and the foot each marks.
MARK_KEYS = {"l": "left", "r": "right"}
KEYS_HINT = "keys: l / r = left / right foot numb now"
#: What ``on_off`` is told when the terminal hangs up.
KEYS_OFF = "keys off: the terminal's input is closed (the recording goes on)"


class LiveKeys:
    """Use as a context manager around the live view; ``on_mark(foot)`` for each marking key, ``on_off(text)``
    once if the terminal hangs up while keys are read."""

    def __init__(self, on_mark: Callable[[str], None], stream: IO[str] | None = None,
                 on_off: Callable[[str], None] | None = None) -> None:
        self.on_mark = on_mark
        self.on_off = on_off
        self.stream = sys.stdin if stream is None else stream
        self._fd: int | None = None
        self._saved: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def active(self) -> bool:
        """Whether keys are being read (stdin is a terminal)."""
        return self._fd is not None

    def key(self, ch: str) -> str | None:
        """One key pressed: the foot it marked (and ``on_mark`` called), or None for another key."""
        foot = MARK_KEYS.get(ch.lower())
        if foot is not None:
            self.on_mark(foot)
        return foot

    def __enter__(self) -> LiveKeys:
        try:
            fd = self.stream.fileno()
            if not os.isatty(fd):
                return self
            import termios
            import tty

            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
            self._loop = asyncio.get_running_loop()
            self._loop.add_reader(fd, self._read)
            self._fd = fd
        except (AttributeError, ValueError, OSError, RuntimeError, ImportError):
            self._restore()  # no terminal to read keys from: the view goes on without them
        return self

    def _read(self) -> None:
        if self._fd is None:
            return
        try:
            data = os.read(self._fd, 64)
        except (BlockingIOError, InterruptedError):
            return  # nothing after all: the next readiness reads again
        except OSError:
            data = b""  # the terminal is gone (EIO once a pty's other end closes)
        if not data:  # end of file or gone: it stays "readable" for ever, so stop reading it
            self._restore()
            if self.on_off is not None:
                with contextlib.suppress(Exception):
                    self.on_off(KEYS_OFF)
            return
        for ch in data.decode("utf-8", errors="ignore"):
            with contextlib.suppress(ValueError):
                self.key(ch)

    def _restore(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None and self._loop is not None:
            with contextlib.suppress(Exception):
                self._loop.remove_reader(fd)
        if self._saved is not None:
            import termios

            with contextlib.suppress(Exception):
                termios.tcsetattr(self.stream.fileno(), termios.TCSADRAIN, self._saved)
            self._saved = None

    def __exit__(self, *exc: object) -> None:
        self._restore()
