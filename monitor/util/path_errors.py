"""An OS error about a path, in a person's words: one line naming the path, cut where it is long
(:func:`said_path`), and what was wrong with it (``name too long``, ``not a folder``...). The command line
says it for any OSError that names a path and reaches it (monitor.cli.main), so that a path the system
refuses, however it is first touched (Path.is_dir, open, mkdir), is one line and exit code 2, never a
traceback.
"""

from __future__ import annotations

import errno
import os

from monitor.errors import QUOTE_CHARS, cut, quote

#: The longest path a message says whole (characters); a longer one is said cut (:func:`said_path`).
#: A guess: a path the system takes may be 4,096 bytes (Linux's PATH_MAX), which would bury the message.
LONGEST_PATH_SAID_CHARS = 255


def said_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a message says it: whole, as other messages do, up to :data:`LONGEST_PATH_SAID_CHARS`
    characters; a longer one quoted cut (``repr``) to its first monitor.errors.QUOTE_CHARS characters, ``...``
    and its last name (``'/tmp/rides/dddddddddddddddddd.../walk.csv'``), the name the reader most needs, itself
    cut to QUOTE_CHARS characters and ``...`` where longer: one short line, some 90 characters at most.
    A path whose last name starts within those first characters (``/tmp/aaaa...``: one long name) is quoted
    cut to them alone, as monitor.errors.quote cuts (the name's start is said, and nothing twice)."""
    text = os.fsdecode(path)
    if len(text) <= LONGEST_PATH_SAID_CHARS:
        return text
    start = text.rstrip(os.sep).rfind(os.sep) + 1  # where the last name starts (a trailing separator kept)
    if start <= QUOTE_CHARS:
        return quote(text)
    return repr(f"{text[:QUOTE_CHARS]}...{os.sep}{cut(text[start:])}")


def error_words(exc: BaseException, path: str | os.PathLike[str]) -> str:
    """What ``exc``, met reading ``path``, says without saying ``path`` whole: an OSError's ``strerror``
    (``Is a directory``), else its text (a library's, pyarrow's ``Could not open Parquet input source
    '/long/path/extras.parquet'...``) with ``path`` written as its last name (``'extras.parquet'``)."""
    if isinstance(exc, OSError) and exc.strerror:
        return str(exc.strerror)
    text = os.fsdecode(path)
    return str(exc).replace(text, os.path.basename(text)) if text else str(exc)


def path_error_line(exc: OSError) -> str | None:
    """``PATH: WHAT WAS WRONG`` for an OSError that names a path (``exc.filename``), the path as
    :func:`said_path` says it; None for one that names none (a socket's, a library's own): no path's fault."""
    if exc.filename is None:
        return None
    path = os.fsdecode(exc.filename) if isinstance(exc.filename, bytes | os.PathLike) else str(exc.filename)
    return f"{said_path(path)}: {_what_was_wrong(exc, path)}"


def _what_was_wrong(exc: OSError, path: str) -> str:
    """What was wrong with ``path``, from ``exc``'s error number; the system's own words for others."""
    if exc.errno == errno.ENAMETOOLONG:
        return too_long_words(path)
    if exc.errno == errno.ENOTDIR:
        above = _first_not_a_folder(path)
        return "not a folder" + ("" if above is None else f": {said_path(above)} in it is not a directory")
    if exc.errno == errno.ELOOP:
        return "a symbolic link that leads back to itself (a loop)"
    if exc.errno == errno.ENOENT:
        return "no such file or folder" + (" (a symbolic link to nothing)" if os.path.islink(path) else "")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    words = os.strerror(exc.errno) if exc.errno else str(exc.strerror or exc)
    return words[:1].lower() + words[1:]


def too_long_words(path: str) -> str:
    """``name too long (a name in it is 300 bytes, more than the 255 a name may have here)``, or ``path too
    long (4,239 bytes in all)`` where no one name is too long, its whole length is; the limit a name has is
    the nearest existing folder's (os.pathconf PC_NAME_MAX), not said where the system does not tell it."""
    raw = os.fsencode(path)
    longest = max(len(part) for part in raw.split(b"/"))
    name_max = _name_max(path)
    if name_max is not None and longest <= name_max:
        return f"path too long ({len(raw):,} bytes in all)"
    more = "" if name_max is None else f", more than the {name_max} a name may have here"
    return f"name too long (a name in it is {longest:,} bytes{more})"


def _name_max(path: str) -> int | None:
    """The longest name (bytes) the nearest existing folder above ``path`` takes, or None where the system
    does not say."""
    here = os.path.dirname(os.path.abspath(path))
    while here != os.path.dirname(here) and not os.path.isdir(here):
        here = os.path.dirname(here)
    try:
        limit = os.pathconf(here, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such setting here (Windows)
        return None
    return limit if limit and limit > 0 else None


def _first_not_a_folder(path: str) -> str | None:
    """The first part of ``path`` (from its start) that is there and is not a directory, or None."""
    here = ""
    for part in path.split(os.sep):
        here = os.path.join(here, part) if here else (part or os.sep)
        if os.path.lexists(here) and not os.path.isdir(here):
            return here
    return None
