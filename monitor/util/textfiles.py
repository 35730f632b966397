"""Reading a small text file (JSON, CSV) whole, with one-line errors naming the file and the line.

The error type is the caller's: SessionFormatError for a session's own files, UsageError for a file the
person gave (a --params file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from monitor.errors import SolewatchError, json_error_text


def read_text(path: Path, error: type[SolewatchError], expected: str, *, missing: str | None = None) -> str:
    """The file's text (UTF-8). ``error`` for a file that cannot be read (``missing`` as the message for
    one that does not exist, when given) or is not UTF-8 (naming the line and ``expected``)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        if missing is not None and isinstance(exc, FileNotFoundError):
            raise error(f"{path}: {missing}") from None
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{path}: line {line}: not UTF-8 text (expected {expected})") from None


def read_json(path: Path, error: type[SolewatchError], *, example: str,
              missing: str | None = None) -> tuple[Any, str]:
    """The JSON value of a file that must hold a JSON object, and its text. ``error`` as
    :func:`read_text`, and for an empty file (``example`` after "expected a JSON object, ") or a JSON
    syntax error (with its line and column)."""
    text = read_text(path, error, "a JSON object", missing=missing)
    if not text.strip():
        raise error(f"{path}: empty (expected a JSON object, {example})")
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise error(f"{path}: {json_error_text(exc)}") from None
