"""Importers: other insoles' exports as Solewatch session directories.

Parsing (``read_moticon``, ``read_physionet``: file -> ImportedRecording, nothing written) is apart from
writing (``write_session``); ``import_file`` does both. The result loads with ``monitor.load_session``
like a recorded session. Formats:

* ``moticon``: Moticon OpenGo .txt export (monitor.importers.moticon);
* ``physionet``: PhysioNet gaitpdb force file (monitor.importers.physionet).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from monitor.errors import SessionFormatError
from monitor.importers.base import EVENT_COLUMNS, GAIT_EVENTS, MARKER, ImportedRecording
from monitor.importers.moticon import read_moticon
from monitor.importers.physionet import read_physionet
from monitor.importers.session import (
    EVENTS_TABLE,
    EXTRAS_TABLE,
    read_extras,
    read_imported_events,
    sample_counts,
    write_session,
)

READERS: dict[str, Callable[[Path], ImportedRecording]] = {
    "moticon": read_moticon,
    "physionet": read_physionet,
}
FORMATS = tuple(READERS)


def read_recording(fmt: str, path: str | os.PathLike[str]) -> ImportedRecording:
    """Parse ``path`` as format ``fmt`` (one of FORMATS)."""
    try:
        reader = READERS[fmt]
    except KeyError:
        known = ", ".join(FORMATS)
        name = Path(path).name
        raise SessionFormatError(f"{name}: unknown import format {fmt!r} (known: {known})") from None
    return reader(Path(path))


def import_file(fmt: str, path: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> Path:
    """Parse ``path`` as ``fmt`` and write it as a session directory at ``out_dir``; return that path."""
    return write_session(read_recording(fmt, path), out_dir)


__all__ = [
    "EVENTS_TABLE",
    "EVENT_COLUMNS",
    "EXTRAS_TABLE",
    "FORMATS",
    "GAIT_EVENTS",
    "MARKER",
    "ImportedRecording",
    "import_file",
    "read_extras",
    "read_imported_events",
    "read_moticon",
    "read_physionet",
    "read_recording",
    "sample_counts",
    "write_session",
]
