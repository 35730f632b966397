"""``latest`` as a session argument: the newest session directory under a sessions root.

``latest`` is the newest session under ``sessions/`` (where ``record`` and ``live`` put sessions by default);
``DIR/latest``, when DIR has no entry of that name, is the newest session under DIR (the ``--out`` root a
recording used). Newest by the UTC start time that begins a session directory's name
(``20261126T221858Z-label``, monitor.session.writer.session_dir_name), else by the time its session.json
was last written.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from monitor.errors import UsageError

LATEST = "latest"
#: Where ``record`` and ``live`` put sessions unless ``--out`` says otherwise.
DEFAULT_ROOT = Path("sessions")
_STAMP = re.compile(r"^(\d{8}T\d{6}Z)-")


def _started(path: Path) -> str:
    m = _STAMP.match(path.name)
    if m:
        return m.group(1)
    mtime = (path / "session.json").stat().st_mtime
    return datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def newest_session(root: Path) -> Path | None:
    """The newest session directory (one holding session.json) directly under ``root``, or None."""
    try:
        found = [p for p in root.iterdir() if p.is_dir() and (p / "session.json").is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: (_started(p), p.name), default=None)


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
