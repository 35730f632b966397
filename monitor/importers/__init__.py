"""Importers: other insoles' exports as Solewatch session directories.

Parsing (``read_moticon``, ``read_physionet``, ``read_generic_csv``: file -> ImportedRecording, nothing
written) is apart from writing (``write_session``); ``import_file`` does both. The result loads with
``monitor.load_session`` like a recorded session. Formats:

* ``moticon``: Moticon OpenGo .txt export (monitor.importers.moticon);
* ``physionet``: PhysioNet gaitpdb force file (monitor.importers.physionet);
* ``csv``: the generic CSV of docs/import-csv.md, with a layout JSON (monitor.importers.generic_csv).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from monitor.errors import SessionFormatError, UsageError
from monitor.importers.base import EVENT_COLUMNS, GAIT_EVENTS, MARKER, ImportedRecording
from monitor.importers.generic_csv import read_generic_csv, read_layout
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
#: Formats whose file does not say where its sensors are: their reader takes (file, layout file).
LAYOUT_READERS: dict[str, Callable[[Path, Path], ImportedRecording]] = {
    "csv": read_generic_csv,
}
FORMATS = (*READERS, *LAYOUT_READERS)

PathArg = str | os.PathLike[str]


def read_recording(fmt: str, path: PathArg, *, layout: PathArg | None = None) -> ImportedRecording:
    """Parse ``path`` as format ``fmt`` (one of FORMATS); ``layout``: the layout JSON a ``csv`` file needs
    (docs/import-csv.md), and that no other format takes."""
    name = Path(path).name
    if fmt in LAYOUT_READERS:
        if layout is None:
            raise UsageError(f"{name}: format {fmt!r} needs a layout file (--layout LAYOUT.json, "
                             "docs/import-csv.md)")
        return LAYOUT_READERS[fmt](Path(path), Path(layout))
    if fmt not in READERS:
        known = ", ".join(FORMATS)
        raise SessionFormatError(f"{name}: unknown import format {fmt!r} (known: {known})")
    if layout is not None:
        raise UsageError(f"{name}: format {fmt!r} takes no layout file (the file itself says where its "
                         "sensors are)")
    return READERS[fmt](Path(path))


def import_file(fmt: str, path: PathArg, out_dir: PathArg, *, layout: PathArg | None = None) -> Path:
    """Parse ``path`` as ``fmt`` and write it as a session directory at ``out_dir``; return that path."""
    return write_session(read_recording(fmt, path, layout=layout), out_dir)


__all__ = [
    "EVENTS_TABLE",
    "EVENT_COLUMNS",
    "EXTRAS_TABLE",
    "FORMATS",
    "LAYOUT_READERS",
    "GAIT_EVENTS",
    "MARKER",
    "ImportedRecording",
    "import_file",
    "read_extras",
    "read_generic_csv",
    "read_imported_events",
    "read_layout",
    "read_moticon",
    "read_physionet",
    "read_recording",
    "sample_counts",
    "write_session",
]
