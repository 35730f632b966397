"""One session of a study: its key, and its analysis into small tables (the unit of work a worker runs).

``session_key`` fingerprints a session's files and the study's parameters: a local session by the
SHA-256 of each file's bytes, a URL by the filesystem's own fingerprint of each file (fsspec ``ukey``:
an object store's ETag and size, say). On a cluster the workers compute the keys, where the sessions
lie, so the client never reads a session's data.

``run_session`` loads one session where it lies (a local directory, or an fsspec URL copied to a
temporary folder on the worker that runs it), analyses it (monitor.analysis.batch; its alerts advised for
the setup it was recorded with, its setup.json, as ``solewatch analyze`` advises), and returns an Outcome
holding only its small tables, each as Arrow IPC bytes: what travels back from a worker and what the cache
keeps. A session that cannot be read or analysed returns its one-line reason instead.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc

from monitor.errors import SolewatchError
from monitor.session.names import STUDY_JSON
from monitor.studies.sources import is_url
from monitor.util.version import __version__

#: The keys a study.json may hold, each an optional string (docs/study.md).
STUDY_KEYS = ("rider", "change")
#: The per-session tables, in the order they are written.
TABLES = ("sessions", "alerts", "windows")
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Outcome:
    """One session's result: ``tables`` (name -> Arrow IPC stream bytes) or ``error`` (one line)."""

    source: str
    key: str
    tables: dict[str, bytes] = field(default_factory=dict)
    error: str = ""

    @property
    def nbytes(self) -> int:
        """Bytes of the tables and the error text: what a worker sends back (besides pickling's few)."""
        return sum(len(b) for b in self.tables.values()) + len(self.error.encode("utf-8", "surrogateescape"))


def params_hash(params: Any) -> str:
    """The first 16 hex digits of the SHA-256 of the parameters' JSON (keys sorted)."""
    text = json.dumps(params.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: The format of the tables a study caches per session, in each session's cache key: raised whenever what the
#: tables hold changes, so results cached before are computed afresh (docs/study.md;
#: tests/test_study_cache_format.py holds a fingerprint of the tables per format).
STUDY_FORMAT = "solewatch-study/15"


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK_BYTES):
            h.update(chunk)
    return h.hexdigest()


def session_key(source: str, p_hash: str) -> str:
    """The cache key of ``source`` analysed with parameters of hash ``p_hash``: SHA-256 over the software
    version, ``p_hash`` and each file's relative name and fingerprint (sorted by name)."""
    h = hashlib.sha256(f"{STUDY_FORMAT} {__version__} {p_hash}\n".encode())
    if is_url(source):
        import fsspec

        fs, root = fsspec.core.url_to_fs(source)
        for p in sorted(fs.find(root)):
            h.update(f"{os.path.relpath(p, root)}\0{fs.ukey(p)}\n".encode())
    else:
        root = Path(source)
        for p in sorted(q for q in root.rglob("*") if q.is_file()):
            h.update(f"{p.relative_to(root).as_posix()}\0{_file_digest(p)}\n".encode())
    return h.hexdigest()


def key_or_error(source: str, p_hash: str) -> tuple[str, str]:
    """``(session_key(source, p_hash), "")``, or ``("", reason)`` when the session's files cannot be read
    (the reason one line). Run where the session lies: on a cluster, by a worker."""
    try:
        return session_key(source, p_hash), ""
    except Exception as exc:  # a session gone or unreadable is one row of the errors table
        return "", f"cannot read its files: {_reason(exc)}"


def to_ipc(df: Any) -> bytes:
    """A DataFrame as Arrow IPC stream bytes (its index dropped)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def _declared(path: Path) -> dict[str, Any]:
    from monitor.errors import SessionFormatError, quote
    from monitor.session.rider_name import rider_name
    from monitor.util.json_keys import key_line
    from monitor.util.plain_text import control_words
    from monitor.util.textfiles import read_json

    f = path / STUDY_JSON
    if not f.exists():
        return {}
    obj, obj_text = read_json(f, SessionFormatError, example='e.g. {"rider": "anna", "change": "cleats 3 mm back"}')
    if not isinstance(obj, dict):
        raise SessionFormatError(f"{f}: expected a JSON object")
    unknown = [key for key in obj if key not in STUDY_KEYS]
    if unknown:
        close = difflib.get_close_matches(unknown[0], STUDY_KEYS, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise SessionFormatError(f"{f}: unknown key {quote(unknown[0])}{hint} (allowed: "
                                 f"{', '.join(STUDY_KEYS)})")
    out = {}
    for name in STUDY_KEYS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise SessionFormatError(f"{f}: field {name} is not a string")
        # written into sessions.csv and study.html as they are: plain text, as --shoes (a researcher's rider
        # label may hold a space, "Anna Smith", which live --rider's file-name rule refuses)
        problem = value and control_words(value)
        if problem:
            line = key_line(obj_text, (name,))
            raise SessionFormatError(f"{f}: {'' if line is None else f'line {line}: '}field {name}: {problem}")
        # in Unicode NFC, as a rider name is taken everywhere (monitor.session.rider_name): "Zoë" typed as
        # "Zoe" + a combining diaeresis in one study.json and precomposed in another is one rider, one change
        out[name] = rider_name(value)
    return out


def analyse_directory(path: Path, params: Any) -> dict[str, Any]:
    """The per-session DataFrames (TABLES) of the session directory ``path``."""
    from monitor.analysis.batch import analyze
    from monitor.analysis.setup import given_setup
    from monitor.report.frames_data import foot_frames
    from monitor.report.quality_data import foot_quality
    from monitor.session.directory import load_session
    from monitor.session.kept_inputs import session_kept_setup
    from monitor.session.rider_name import rider_name
    from monitor.studies.rows import session_tables

    declared = _declared(path)  # the small file first: a bad one is said without loading the session
    session = load_session(path)
    if not declared.get("rider") and session.info.rider:  # study.json's rider wins; else live --rider's
        declared = {**declared, "rider": rider_name(session.info.rider)}  # NFC, as study.json's
    # advised for the setup it was recorded with (its setup.json), as monitor.analyze and solewatch analyze
    result = analyze(session, params, setup=given_setup(session_kept_setup(session)))
    valid, quality = {}, {}
    for foot in session.info.feet:
        q = foot_quality(session, foot_frames(session, foot))
        valid[foot] = 1.0 - q.missing_share if q.missing_share == q.missing_share else float("nan")
        quality[foot] = {"gaps": q.gaps, "gap_s": q.gap_s, "disconnects": q.disconnects}
    return session_tables(session, result, declared, params_hash(params), valid, quality)


def _reason(exc: BaseException) -> str:
    text = str(exc) if isinstance(exc, SolewatchError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split()) or type(exc).__name__


def run_session(source: str, params: Any, key: str) -> Outcome:
    """Analyse ``source`` with ``params`` into an Outcome: its tables as IPC bytes, or the reason it
    failed (a SolewatchError's line, else the exception's type and message)."""
    try:
        if is_url(source):
            import fsspec

            fs, root = fsspec.core.url_to_fs(source)
            with tempfile.TemporaryDirectory(prefix="solewatch-study-") as tmp:
                local = Path(tmp) / "session"
                fs.get(root.rstrip("/") + "/", str(local), recursive=True)
                frames = analyse_directory(local, params)
        else:
            frames = analyse_directory(Path(source), params)
        return Outcome(source, key, {name: to_ipc(frames[name]) for name in TABLES})
    except Exception as exc:  # one bad session is one row of the errors table; the study goes on
        return Outcome(source, key, error=_reason(exc))
