"""The Python API's check of a path argument's kind: a TypeError naming the argument and what it takes
(docs/api.md, "Errors"), as the table functions' and ``baseline=``'s are, before pathlib's own
("expected str, bytes or os.PathLike object, not NoneType") from deep inside."""

from __future__ import annotations

import os
from typing import Any

from monitor.util.words import with_article

#: What a path argument takes, in the words of its TypeError.
A_PATH = "a str or os.PathLike"

#: What an empty path is called: Path("") is the current directory, which no one meant.
EMPTY_PATH = "an empty path (an unset shell variable?)"


def kind_of(value: Any) -> str:
    """What ``value`` is, in the words a TypeError ends with after "not": "None", "bytes", else its type's
    name with its article ("an int", "a list")."""
    if value is None:
        return "None"
    if isinstance(value, bytes):
        return "bytes"
    kind = type(value).__name__
    return with_article(kind)


def path_argument(value: Any, name: str, takes: str = A_PATH) -> str | os.PathLike[str]:
    """``value`` when it is a str or an os.PathLike; else a TypeError ``"{name} takes {takes}, not
    {kind}"`` (``takes`` says what it names, e.g. "a session directory (a str or os.PathLike)"; ``kind``:
    :func:`kind_of`, "an int", "None")."""
    if isinstance(value, str | os.PathLike):
        return value
    raise TypeError(f"{name} takes {takes}, not {kind_of(value)}")
