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
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import UsageError
from monitor.util.arguments import kind_of, path_argument

if TYPE_CHECKING:
    from monitor.importers.base import ImportedRecording

#: format -> (module, reader): the readers, imported when first used. ``import monitor.importers`` loads
#: no pandas: ``solewatch import moticon`` of a clean export needs none (monitor.importers.moticon_stream).
_READERS = {"moticon": ("monitor.importers.moticon", "read_moticon"),
            "physionet": ("monitor.importers.physionet", "read_physionet")}
#: Where a format that takes no layout file has its sensors' places from, in words for its error line.
_SENSORS_FROM = {"moticon": "its sensors' places are inferred from the export's own centre of pressure, as Moticon "
                            "publishes no sensor map (monitor.importers.moticon)",
                 "physionet": "the data's README gives its sensors' places (monitor.importers.physionet)"}
#: Formats whose file does not say where its sensors are: their reader takes (file, layout file).
_LAYOUT_READERS = {"csv": ("monitor.importers.generic_csv", "read_generic_csv")}
FORMATS = (*_READERS, *_LAYOUT_READERS)
#: The package's other names -> the module that holds them (imported when first used).
_LAZY = {
    "EVENT_COLUMNS": "monitor.importers.base", "GAIT_EVENTS": "monitor.importers.base",
    "MARKER": "monitor.importers.base", "ImportedRecording": "monitor.importers.base",
    "read_generic_csv": "monitor.importers.generic_csv", "read_layout": "monitor.importers.generic_csv_layout",
    "read_moticon": "monitor.importers.moticon", "read_physionet": "monitor.importers.physionet",
    "EVENTS_TABLE": "monitor.importers.session", "EXTRAS_TABLE": "monitor.importers.session",
    "read_extras": "monitor.importers.session", "read_imported_events": "monitor.importers.session",
    "sample_counts": "monitor.importers.session", "write_session": "monitor.importers.session",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    if name in ("READERS", "LAYOUT_READERS"):
        table = _READERS if name == "READERS" else _LAYOUT_READERS
        return {fmt: getattr(import_module(mod), fn) for fmt, (mod, fn) in table.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PathArg = str | os.PathLike[str]


def read_recording(fmt: str, path: PathArg, *, layout: PathArg | None = None) -> ImportedRecording:
    """Parse ``path`` as format ``fmt`` (one of FORMATS); ``layout``: the layout JSON a ``csv`` file needs
    (docs/import-csv.md), and that no other format takes. A pipe is refused (it can be read only once).

    An unknown ``fmt``, or a ``layout`` where none is taken or none where one is needed, is a UsageError
    naming the argument; a file that cannot be read as ``fmt`` a SessionFormatError naming the file."""
    from monitor.importers.sniff import parquet_error, spreadsheet_error
    from monitor.importers.text_checks import check_not_pipe

    check_path_arguments(path, layout=layout)
    name = str(path)
    check_format(fmt)
    check_not_pipe(Path(path))
    binary = spreadsheet_error(path, fmt) or parquet_error(path, fmt)  # said before a NUL byte is: "binary data"
    if binary is not None:
        raise binary
    check_layout(fmt, layout, name)
    if fmt in _LAYOUT_READERS:
        module, fn = _LAYOUT_READERS[fmt]
        return getattr(import_module(module), fn)(Path(path), Path(layout))
    module, fn = _READERS[fmt]
    return getattr(import_module(module), fn)(Path(path))


def check_path_arguments(path: Any, *, layout: Any = None) -> None:
    """A TypeError naming ``path`` or ``layout`` when it is not a str or os.PathLike (a ``layout`` of None
    is none), before pathlib's from deep inside (docs/api.md, "Errors")."""
    path_argument(path, "path")
    if layout is not None:
        path_argument(layout, "layout")


def check_layout(fmt: str, layout: object, name: str, *, give: str = "layout=LAYOUT.json",
                 drop: str = "layout=None") -> None:
    """UsageError naming ``name`` (the file) where ``fmt`` needs a layout file and ``layout`` is None, or
    takes none and one is given; ``give`` and ``drop`` say how, in the caller's words (the API's by
    default, ``--layout`` on the command line)."""
    if fmt in _LAYOUT_READERS and layout is None:
        raise UsageError(f"{name}: format {fmt!r} needs a layout file ({give}, docs/import-csv.md)")
    if fmt not in _LAYOUT_READERS and layout is not None:
        where = _SENSORS_FROM.get(fmt, "its reader places its sensors")
        raise UsageError(f"{name}: format {fmt!r} takes no layout file ({where}; {drop})")


def check_format(fmt: object) -> None:
    """UsageError naming the argument ``fmt`` unless it is one of FORMATS. A FIT ride is not among them: it
    makes no session of its own but is added to one (monitor.importers.fit_ride.import_fit_ride, which
    ``solewatch import fit`` calls)."""
    if fmt in FORMATS:
        return
    if fmt == "fit":
        raise UsageError("fmt='fit': a FIT ride is no session of its own; add it to a recorded session with "
                         "monitor.importers.fit_ride.import_fit_ride(path, session_dir) (docs/fit.md)")
    raise UsageError(f"fmt={fmt!r}: unknown import format (known: {', '.join(FORMATS)})")


def import_activity(activity: object) -> str | None:
    """The activity an import declares, as ``solewatch import --activity`` takes it: one of the words
    of ACTIVITY_LABELS (cycling, running, walking, elliptical, stair_climber), in any case, as the vocabulary
    spells it (monitor.signal.activity_words.spelt_activity); None (the file's own) stays None. Another word
    is a UsageError naming the argument and the words it may have meant (``activity='run': unknown activity;
    did you mean running? (known: ...)``), another kind a TypeError."""
    from monitor.signal.activity_words import ACTIVITY_LABELS, meant_words, spelt_activity

    if activity is None:
        return None
    if not isinstance(activity, str):
        raise TypeError(f"activity takes a word ({', '.join(ACTIVITY_LABELS)}) or None, not {kind_of(activity)}")
    word = spelt_activity(activity)
    if word not in ACTIVITY_LABELS:
        raise UsageError(f"activity={activity!r}: unknown activity{meant_words(word, ACTIVITY_LABELS)} (known: "
                         f"{', '.join(ACTIVITY_LABELS)}; None: the file's own)")
    return word


def import_file(fmt: str, path: PathArg, out_dir: PathArg, *, layout: PathArg | None = None,
                activity: str | None = None) -> Path:
    """Parse ``path`` as ``fmt`` and write it as a session directory at ``out_dir``; return that path.
    ``activity`` declares what the recording is (session.json), over what the file says, as
    ``solewatch import --activity`` (:func:`import_activity`; None: the file's own, a CSV layout's
    ``activity``, else "unknown": a Moticon or PhysioNet file says none, so it is recognised when analysed).

    A clean Moticon export is written block by block as it is read (monitor.importers.moticon_stream),
    the same session as parsing it whole and writing that; any other file is parsed whole, then written.
    Errors as :func:`read_recording`'s; an ``out_dir`` of another kind a TypeError naming it."""
    check_path_arguments(path, layout=layout)
    path_argument(out_dir, "out_dir")
    check_format(fmt)
    activity = import_activity(activity)
    if fmt == "moticon" and layout is None:
        from monitor.importers.moticon_stream import stream_moticon

        streamed = stream_moticon(Path(path), Path(out_dir), activity=activity)
        if streamed is not None:
            return streamed.path
    from monitor.importers.data_caveats import with_data_caveats
    from monitor.importers.session import write_session

    rec = read_recording(fmt, path, layout=layout)
    if activity:
        from dataclasses import replace

        rec = replace(rec, activity=activity)
    return write_session(with_data_caveats(rec), out_dir)  # at the activity declared


__all__ = [
    "EVENTS_TABLE",
    "EVENT_COLUMNS",
    "EXTRAS_TABLE",
    "FORMATS",
    "LAYOUT_READERS",
    "check_format",
    "check_layout",
    "import_activity",
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
