"""Reading a small text file (JSON, CSV) whole, with one-line errors naming the file and the line.

The error type is the caller's: SessionFormatError for a session's own files, UsageError for a file the
person gave (a --params file).
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from monitor.errors import QUOTE_CHARS, SolewatchError, cut, json_error_text, quote
from monitor.util.beyond_float import WholeBeyondFloat
from monitor.util.interrupts import waited_on
from monitor.util.json_keys import TOKEN
from monitor.util.path_errors import said_path, too_long_words


def there(path: str | os.PathLike[str]) -> bool:
    """Whether anything is at ``path``: a file, but also a directory, a device or a broken symbolic link.
    An optional file (a session's params.json, a rider's kept normal) is left out only when nothing is
    there; anything else is read, so what is not a file is its reader's one-line error naming it, never
    taken for a file that is absent."""
    return os.path.lexists(path)


def optional_file(path: Path, error: type[SolewatchError]) -> bool:
    """Whether to read the optional file at ``path`` (a session's extras.parquet, its fit_records.parquet):
    False when nothing is there (:func:`there`), True for a file, ``error`` ``"{path}: not a file"`` for
    anything else (a directory, a device, a named pipe): its reader's one-line error, not a file taken for
    absent; the path said cut where long (monitor.util.path_errors.said_path)."""
    if not there(path):
        return False
    if not path.is_file():
        raise error(f"{said_path(path)}: not a file")
    return True


def device_words(path: str | os.PathLike[str]) -> str | None:
    """``"a character device"`` or ``"a block device"`` when ``path`` is one (after symbolic links), else
    None. Read as a file, a device may never end (/dev/zero, /dev/urandom, /dev/full: reading it whole
    fills the memory) or says nothing (/dev/null), so a reader refuses it, naming it; a named pipe (a shell's
    ``<(...)``) is read as it comes."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return None


def is_pipe(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a pipe or a socket (a shell's ``<(...)`` is one): its data can be read once, and
    its open and reads wait for the other end."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def pipe_words(path: str | os.PathLike[str]) -> str | None:
    """``"a named pipe"`` or ``"a socket"`` when ``path`` is one (after symbolic links), else None."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def read_text(path: Path, error: type[SolewatchError], expected: str, *, missing: str | None = None) -> str:
    """The file's text (UTF-8, a byte order mark at its start dropped, as editors on Windows write one).
    ``error`` for a file that cannot be read (``missing`` as the message for
    one that does not exist, when given), a device (:func:`device_words`) or a file that is not UTF-8
    (naming the line and ``expected``); the path said cut where long (monitor.util.path_errors.said_path)."""
    device = device_words(path)
    if device is not None:
        raise error(f"{said_path(path)}: {device}, not a file (expected {expected})")
    try:
        if is_pipe(path):  # its open and reads wait for a writer: Ctrl-C must be heard meanwhile
            data = waited_on(Path(path).read_bytes)
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        if missing is not None and isinstance(exc, FileNotFoundError):
            raise error(f"{said_path(path)}: {missing}") from None
        if exc.errno == errno.ENAMETOOLONG:  # said cut: the whole path may be thousands of characters
            raise error(f"{said_path(path)}: cannot read ({too_long_words(os.fspath(path))})") from None
        raise error(f"{said_path(path)}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{said_path(path)}: line {line}: not UTF-8 text (expected {expected})") from None


class NotFiniteNumber(ValueError):
    """A JSON number that is not a finite float: ``NaN``, ``Infinity`` (not standard JSON) or beyond
    float64's range, written with an exponent (``1e400``) or in full (a 1 and 400 zeros). ``line``: the
    line of the text it is on (1 = the first), once :func:`parse_json` has found it."""

    def __init__(self, text: str, line: int | None = None) -> None:
        super().__init__(text)
        self.text = text
        self.line = line


class DuplicateKey(ValueError):
    """A JSON object that gives one key twice (json.loads would keep the last, silently). ``line``: the line
    of the second (1 = the first), once :func:`parse_json` has found it."""

    def __init__(self, key: str, line: int | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def _no_duplicate(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: the object as a dict, DuplicateKey for a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def _duplicate_line(key: str, text: str) -> int | None:
    """The line of the first place in ``text`` where an object gives ``key`` a second time."""
    stack: list[set[str] | None] = []  # per open object its keys so far; None for a list
    previous = None  # the string token just before, a key when a ':' follows it
    for m in TOKEN.finditer(text):
        token = m.group()
        if token in "{[":
            stack.append(set() if token == "{" else None)
        elif token in "}]":
            if stack:
                stack.pop()
        elif token == ":" and previous is not None and stack and stack[-1] is not None:
            name = json.loads(previous.group())
            if name == key and name in stack[-1]:
                return text.count("\n", 0, previous.start()) + 1
            stack[-1].add(name)
        previous = m if token.startswith('"') else None
    return None


#: The most digits a whole number within float64's range has (its largest, about 1.8e308, has 309);
#: a longer one is refused unread, before Python's int() refuses it (over 4300 digits) or spends time on it.
_MOST_DIGITS = 309


def _whole_number(text: str) -> int | float:
    """A JSON whole number, as an int when float64 can hold it (a number read is a float somewhere:
    a whole number beyond its range is as infinite there as ``1e400``), else inf as a WholeBeyondFloat, so
    that a message can say it was a whole number (monitor.util.beyond_float)."""
    if len(text.lstrip("-")) <= _MOST_DIGITS:
        value = int(text)
        try:
            float(value)
            return value
        except OverflowError:
            pass
    return WholeBeyondFloat(float(text))  # a JSON integer's text is never too long for float(): it says inf


def _finite_whole_number(text: str) -> int | float:
    value = _whole_number(text)
    if isinstance(value, float):
        raise NotFiniteNumber(text)
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotFiniteNumber(text)
    return value


def _no_constant(text: str) -> float:
    raise NotFiniteNumber(text)


#: A JSON string, to be blanked out when looking for a number's line.
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _line_of(number: str, text: str) -> int | None:
    """The line of the first JSON number (or NaN, Infinity) written ``number`` in ``text`` outside its
    strings: the parser stops at the first that is not finite, and the text before it is valid JSON, so
    its strings are found whole."""
    bare = _STRING.sub(lambda m: " " * len(m.group()), text)
    edge = r"0-9A-Za-z.+\-"
    m = re.search(rf"(?<![{edge}]){re.escape(number)}(?![{edge}])", bare)
    return bare.count("\n", 0, m.start()) + 1 if m else None


def parse_json(text: str, *, finite: bool = True) -> Any:
    """``json.loads(text)``, but a value nested too deeply for the parser (a RecursionError, from about a
    thousand levels) is a ValueError, and with ``finite`` so is a number that is not finite
    (:class:`NotFiniteNumber`, with its line): ``NaN``, ``Infinity``, ``1e400`` or a whole number as large.
    Without ``finite`` such a whole number is read as ``1e400`` is, as inf, for the reader's own check.
    A key given twice in one object is a :class:`DuplicateKey`, with its line.
    json.JSONDecodeError (a ValueError) for a syntax error, as json.loads."""
    hooks: dict[str, Any] = ({"parse_float": _finite_float, "parse_int": _finite_whole_number,
                              "parse_constant": _no_constant} if finite else {"parse_int": _whole_number})
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate, **hooks)
    except DuplicateKey as exc:
        raise DuplicateKey(exc.key, _duplicate_line(exc.key, text)) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except NotFiniteNumber as exc:
        raise NotFiniteNumber(exc.text, _line_of(exc.text, text)) from None


def json_problem(exc: ValueError) -> str:
    """What :func:`parse_json`'s error says, in words for a one-line message."""
    if isinstance(exc, json.JSONDecodeError):
        return json_error_text(exc)
    if isinstance(exc, DuplicateKey):
        where = f"line {exc.line}: " if exc.line is not None else ""
        return f"{where}the key {quote(exc.key)} is given twice in one object (expected each key once)"
    if isinstance(exc, NotFiniteNumber):
        where = f"line {exc.line}: " if exc.line is not None else ""
        number = exc.text if len(exc.text) <= QUOTE_CHARS else f"{cut(exc.text)} ({len(exc.text):,} characters)"
        return f"{where}the number {number} is not a finite number (expected numbers up to about 1.8e308)"
    return f"{exc} (expected at most a few levels of objects and lists)"


def read_json(path: Path, error: type[SolewatchError], *, example: str,
              missing: str | None = None, finite: bool = True) -> tuple[Any, str]:
    """The JSON value of a file that must hold a JSON object, and its text. ``error`` as
    :func:`read_text`, and for an empty file (``example`` after "expected a JSON object, "), a JSON
    syntax error (with its line and column), values nested too deeply for the parser, or (with
    ``finite``) a number that is not finite (``NaN``, ``Infinity``, ``1e400``)."""
    text = read_text(path, error, "a JSON object", missing=missing)
    if not text.strip():
        raise error(f"{said_path(path)}: empty (expected a JSON object, {example})")
    try:
        return parse_json(text, finite=finite), text
    except ValueError as exc:
        raise error(f"{said_path(path)}: {json_problem(exc)}") from None
