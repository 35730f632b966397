"""Which sessions a study reads: session directories, folders of them, globs, or fsspec URLs.

A local PATH is a session directory (it holds ``session.json``), a folder whose session directories are
found below it (at any depth, a session's own folders not searched), or a glob of either. Anything with
a ``scheme://`` is a URL read through fsspec where the session lies (docs/study.md): a URL names one
session directory, or a folder holding session directories one level down. Sources come back sorted
and without repeats, the order of every study table.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable
from pathlib import Path

from monitor.errors import UsageError

SESSION_JSON = "session.json"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """True for ``scheme://...`` (an fsspec URL; ``file://`` included)."""
    return bool(_URL.match(source))


def _sessions_below(root: Path) -> list[Path]:
    if (root / SESSION_JSON).is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        if SESSION_JSON in filenames:
            found.append(Path(dirpath))
            dirnames.clear()  # a session's own folders are not sessions
        else:
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    return found


def _url_sessions(url: str) -> list[str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    root = root.rstrip("/")
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]

    def unstrip(p: str) -> str:
        return fs.unstrip_protocol(p) if protocol != "file" else f"file://{p}"

    if fs.isfile(f"{root}/{SESSION_JSON}"):
        return [unstrip(root)]
    return [unstrip(p.rstrip("/")) for p in sorted(fs.ls(root, detail=False))
            if fs.isfile(f"{p.rstrip('/')}/{SESSION_JSON}")]


def find_sessions(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The session sources of ``paths``: local session directories as absolute paths, URLs as given
    (one per session directory), sorted, each once. UsageError (one line) for a PATH that names nothing
    or no session, or for no PATH at all."""
    out: set[str] = set()
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise UsageError("a study needs at least one PATH: a session directory, a folder of sessions or a glob")
    for p in paths:
        if is_url(p):
            try:
                found = _url_sessions(p)
            except ImportError:
                raise UsageError(f"{p}: reading URLs needs fsspec (pip install 'solewatch[study]')") from None
            except (OSError, ValueError) as exc:
                raise UsageError(f"{p}: cannot list ({exc})") from None
            if not found:
                raise UsageError(f"{p}: no session directory there (none holds {SESSION_JSON})")
            out.update(found)
            continue
        matches = sorted(glob.glob(p)) if glob.has_magic(p) else [p]
        if not matches:
            raise UsageError(f"{p}: matches nothing")
        found_here = []
        for m in matches:
            path = Path(m)
            if not path.exists():
                raise UsageError(f"{p}: no such file or directory")
            if path.is_dir():
                found_here += _sessions_below(path)
        if not found_here:
            raise UsageError(f"{p}: no session directory there (none holds {SESSION_JSON})")
        out.update(str(s.resolve()) for s in found_here)
    return sorted(out)
