"""The exception tree. Every error Solewatch raises on purpose derives from SolewatchError.

The CLI turns any SolewatchError into one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import re

#: The longest piece of a file quoted back in a message (characters).
QUOTE_CHARS = 40


def one_line(text: str) -> str:
    """``text`` on one line: every character str.splitlines breaks at, with the blanks around it, one space."""
    return re.sub(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*", " ", text).strip()


class SolewatchError(Exception):
    """Base of every error Solewatch raises deliberately. Its text is always one line (line breaks in a
    wrapped message, such as a library's, or in a name quoted from a file, become spaces: every character
    str.splitlines breaks at). It is in the Python API's words (``fmt='moticon'``); where the command line's
    differ (``solewatch import moticon``), ``cli_words`` holds them (:func:`worded`, :func:`cli_message`)."""

    #: The message in the command line's words, where they differ from the Python API's; None: the same.
    cli_words: str | None = None

    def __str__(self) -> str:
        return one_line(super().__str__())


def worded(cls: type[SolewatchError], python: str, cli: str) -> SolewatchError:
    """An error of class ``cls`` saying ``python`` to a Python caller and ``cli`` on the command line."""
    exc = cls(python)
    exc.cli_words = cli
    return exc


def cli_message(exc: SolewatchError) -> str:
    """What the command line says of ``exc``: its ``cli_words`` where it has them, else its text; one line."""
    return one_line(exc.cli_words) if exc.cli_words is not None else str(exc)


class ProtocolError(SolewatchError):
    """Bytes that do not follow docs/protocol.md (a malformed notification, layout or control response)."""


class OutOfTime(ProtocolError):
    """A notification that decodes but whose device time lies out of its stream's (monitor.link.moticon,
    monitor.link.ukaton): counted out of time (``packets_out_of_time``), not corrupt."""


class DeviceNotFound(SolewatchError):
    """No insole answered a scan, or the named address did not appear."""


class WrongKind(DeviceNotFound):
    """A device that connected but is not an insole of the kind asked (it lacks that kind's characteristics);
    the message names the kind its services say where they say one."""


class BluetoothUnavailable(SolewatchError):
    """The machine has no usable Bluetooth adapter (no adapter, no BlueZ, no D-Bus), or this user may not use
    it (the message says which)."""


class ConnectionLost(SolewatchError):
    """A link dropped and could not be brought back, or an insole found would not connect."""


class InsoleFailed(SolewatchError):
    """An insole's driver, or bleak's backend under it, failed at the session's start on an error no connection
    attempt expects (a bug, not a lost link); the message names the insole and the error."""


class SessionFormatError(SolewatchError):
    """A session directory or file that cannot be read; the message names the file (and line)."""


class UsageError(SolewatchError):
    """Bad command-line arguments or values (a duration, a fault spec...)."""


class OutputError(SolewatchError, OSError):
    """An output that could not be written (a full disk, no permission, a file where a directory must be).

    Also an OSError, for callers that catch those; whatever was half-written has been removed.
    """


def json_error_text(exc: json.JSONDecodeError) -> str:
    """Where and what a JSON syntax error is: ``line 3: Expecting value (column 7)``."""
    return f"line {exc.lineno}: {exc.msg} (column {exc.colno})"


def cut(text: str) -> str:
    """``text`` (a name read from a file, said bare: a key in a field's path) cut to QUOTE_CHARS characters and
    ``...``; as it is when no longer (a file's key or field can be megabytes long)."""
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "..."


def quote(value: object) -> str:
    """``repr`` of a value read from a file, cut to QUOTE_CHARS characters (a garbled line can be long)."""
    return repr(cut(str(value)))


def quote_value(value: object) -> str:
    """A JSON value read from a file as a message says it: a string quoted cut (:func:`quote`), any other (a
    number, a list, an object) its ``repr`` cut to QUOTE_CHARS characters and ``...``; a short one reads
    as ``repr`` writes it (``12.5``, ``['a']``)."""
    if isinstance(value, str):
        return quote(value)
    try:
        return cut(repr(value))
    except ValueError:  # a whole number of more digits than Python writes out (4300)
        return f"a {type(value).__name__} too large to write out"


def quote_json(value: object) -> str:
    """A JSON value read from a message or a file as a message worded in JSON's terms says it (``"mark"``,
    ``null``, ``["left"]``): a string in double quotes, its text cut to QUOTE_CHARS characters and ``...``
    inside them, the closing quote kept (``"aaaa..."``); any other value its JSON cut to QUOTE_CHARS
    characters and ``...``; one JSON cannot write (a whole number too large) as :func:`quote_value` says it."""
    if isinstance(value, str):
        return json.dumps(cut(value))
    try:
        return cut(json.dumps(value))
    except (TypeError, ValueError, RecursionError):
        return quote_value(value)


class SessionCaveat(UserWarning):
    """Something in a session that is off but leaves it readable: the session is read as it is, and the
    CLI says the warning's text once, as a ``warning:`` line. Its text is one line naming the file."""


class RawLogDamaged(SessionCaveat):
    """Part of a raw log was damaged and skipped; the records before and after it were read. Its text is one
    line naming the file, the byte offset, the bytes skipped and the host time they held
    (monitor.session.rawlog.SkippedSpan)."""
