"""Which sessions a study reads: session directories, folders of them, globs, or fsspec URLs.

A local PATH is a session directory (it holds ``session.json``), a folder whose session directories are
found below it (at any depth, symbolic links to folders followed, each folder searched once so that a link
cycle ends; a session's own folders not searched), or a glob of either. Anything with
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

from monitor.errors import UsageError, quote
from monitor.util.arguments import EMPTY_PATH

SESSION_JSON = "session.json"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """True for ``scheme://...`` (an fsspec URL; ``file://`` included)."""
    return bool(_URL.match(source))


def _sessions_below(root: Path) -> list[Path]:
    """The session directories at or below ``root``, symbolic links to folders followed; a folder reached
    again (a link back up its own path, a cycle, or a second link to one already searched) is not searched
    again, so a link cycle ends the walk there rather than looping."""
    if (root / SESSION_JSON).is_file():
        return [root]
    found = []
    seen: set[tuple[int, int]] = set()  # (st_dev, st_ino) of each folder searched
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames.clear()
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames.clear()  # searched already: a link cycle, or another way into the same folder
            continue
        seen.add((st.st_dev, st.st_ino))
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


def missing_module_words(exc: ImportError, url: str) -> str:
    """What an ImportError while opening ``url`` lacks, in words: fsspec itself (the study extra), or the
    module fsspec reads the URL's scheme with (s3fs for ``s3://``, gcsfs for ``gs://``), named by the
    ImportError or the ModuleNotFoundError it was raised from; else what it says."""
    name = None
    for e in (exc, exc.__cause__, exc.__context__):
        if isinstance(e, ImportError) and e.name:
            name = e.name.partition(".")[0]
            break
    if name == "fsspec":
        return "reading URLs needs fsspec (pip install 'solewatch[study]')"
    scheme = url.partition("://")[0]
    if name:
        return f"reading {scheme}:// URLs needs the module {name}, which is not installed (pip install {name})"
    return f"reading {scheme}:// URLs needs a module that is not installed ({str(exc).strip()[:120]})"


def source_text(source: str) -> str:
    """``source`` as a table's text: a name that is not UTF-8 (each such byte held by Python as a
    surrogate, which neither Arrow nor a UTF-8 file can hold) with each such byte written ``\\xe9``."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def find_sessions(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The session sources of ``paths``: local session directories as absolute paths, URLs as given
    (one per session directory), sorted, each once. UsageError (one line) for a PATH that names nothing
    or no session, for an empty PATH, or for no PATH at all."""
    out: set[str] = set()
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise UsageError("a study needs at least one PATH: a session directory, a folder of sessions or a glob")
    for p in paths:
        if not p.strip():  # Path("") is the current folder, which no one meant
            raise UsageError(f"PATH {quote(p)}: {EMPTY_PATH}")
        if is_url(p):
            try:
                found = _url_sessions(p)
            except ImportError as exc:
                raise UsageError(f"{p}: {missing_module_words(exc, p)}") from None
            except (OSError, ValueError) as exc:  # a message of many lines (hdfs's): its first says what
                said = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise UsageError(f"{p}: cannot list ({said})") from None
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
