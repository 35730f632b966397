"""``latest`` as a session argument: the newest session directory under a sessions root.

``latest`` is the newest session under ``sessions/`` (where ``record`` and ``live`` put sessions by default);
``DIR/latest``, when DIR has no entry of that name, is the newest session under DIR (the ``--out`` root a
recording used). Newest by the instant the session began, to the nanosecond:

* a directory named for its UTC start (``20261126T221858Z-label``, monitor.session.writer.session_dir_name):
  its session.json's ``start_utc`` (milliseconds) where that lies in the 2 s from the name's second (the
  recorder names the directory, then stamps ``start_utc``, a moment later), else the name's second; two
  recordings started in the same second are told apart by ``start_utc``, and, without it, by the ``-N`` the
  writer adds to a name taken (``-10`` after ``-9``);
* any other (an import's ``-o`` directory, a renamed recording): the time its session.json was last written
  (``st_mtime_ns``): an import writes it once, so of two imports in the same second the later wins.

Only where two instants are equal does the name decide.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from monitor.errors import UsageError
from monitor.session.names import SESSION_JSON
from monitor.util.textfiles import parse_json

LATEST = "latest"
#: Where ``record`` and ``live`` put sessions unless ``--out`` says otherwise.
DEFAULT_ROOT = Path("sessions")
_STAMP = re.compile(r"^(\d{8}T\d{6}Z)-")
#: The ``-N`` new_session_dir adds to a directory name already taken in that second.
_TAKEN = re.compile(r"^(.*)-(\d+)$")
_NS = 1_000_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
#: How long after its name's second a recording's ``start_utc`` may lie and still refine it (s): the recorder
#: stamps it right after naming the directory, microseconds later (2 s: guess, a slow disk's mkdir).
START_AFTER_NAME_S = 2


def _newness(path: Path, refine: bool = True) -> tuple[int, str, int, str]:
    """(the instant the session at ``path`` began, ns since 1970 UTC; the name without its ``-N``; N, 1
    without; the name): the sort key of :func:`newest_session` (module docstring). ``refine`` False: a
    named directory's instant is its name's second alone, its session.json not read (at most
    ``START_AFTER_NAME_S`` earlier than refined)."""
    m = _STAMP.match(path.name)
    named_ns = _stamp_ns(m.group(1)) if m else None
    if named_ns is None:
        try:
            written_ns = (path / SESSION_JSON).stat().st_mtime_ns
        except OSError:  # gone since it was listed
            written_ns = 0
        return written_ns, path.name, 1, path.name
    start_ns = _start_utc_ns(path / SESSION_JSON) if refine else None
    if start_ns is not None and named_ns <= start_ns < named_ns + START_AFTER_NAME_S * _NS:
        named_ns = start_ns
    taken = _TAKEN.match(path.name)
    if taken:
        return named_ns, taken.group(1), int(taken.group(2)), path.name
    return named_ns, path.name, 1, path.name


def _stamp_ns(stamp: str) -> int | None:
    """``20261126T221858Z`` as ns since 1970 UTC; None for no such time (month 13)."""
    try:
        return _ns(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc))
    except ValueError:
        return None


def _start_utc_ns(path: Path) -> int | None:
    """The ``start_utc`` of the session.json at ``path`` as ns since 1970 UTC; None where there is none to
    read (a file that is not a session.json, or one that gives a key twice, is loaded, and said, when the
    session is used)."""
    try:
        start = parse_json(path.read_text(encoding="utf-8"), finite=False).get("start_utc")
        when = datetime.fromisoformat(start)
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    return None if when.tzinfo is None else _ns(when)


def _ns(when: datetime) -> int:
    """An aware datetime as ns since 1970 UTC, exactly (no float)."""
    return (when - _EPOCH) // timedelta(microseconds=1) * 1000


def newest_session(root: Path) -> Path | None:
    """The newest session directory (one holding session.json) directly under ``root``, or None."""
    try:
        found = [p for p in root.iterdir() if p.is_dir() and (p / "session.json").is_file()]
    except OSError:
        return None
    if not found:
        return None
    # only a session within START_AFTER_NAME_S of the newest by name can be the newest once refined: the
    # others' session.json need not be read
    coarse = {p: _newness(p, refine=False)[0] for p in found}
    near = max(coarse.values()) - START_AFTER_NAME_S * _NS
    return max((p for p in found if coarse[p] >= near), key=_newness)


def resolve_session_arg(text: str | os.PathLike[str]) -> Path:
    """A session argument as given, or for ``latest`` (``DIR/latest``) the newest session under
    ``sessions/`` (under DIR); UsageError when there is none."""
    path = Path(text)
    if path.name.lower() != LATEST or path.exists():
        return path
    root = DEFAULT_ROOT if path.parent == Path(".") else path.parent
    newest = newest_session(root)
    if newest is None:
        raise UsageError(f"{text}: no session under {root}/ to be the latest (record one, or name a session "
                         "directory)")
    return newest
