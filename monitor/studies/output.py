"""A study's outputs in its folder: each table as Parquet and CSV, and the cohort report (study.html)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from monitor.errors import UsageError
from monitor.report.study_writer import write_study_report
from monitor.session.parquet_pages import WRITE_CHECKSUMS, parquet_output
from monitor.studies.run import StudyTables
from monitor.studies.sources import is_url
from monitor.util.outputs import check_folder, check_folder_not_dash, resolved_output, what_it_is, write_whole

STUDY_HTML = "study.html"


#: How the study's folder is named on the command line; :func:`monitor.study` names its argument ``out_dir``.
CLI_OPTION = "-o"


def check_out_dir(out_dir: str | os.PathLike[str], *, option: str = CLI_OPTION) -> Path:
    """``out_dir`` as a Path; UsageError when it is the string ``-`` (standard output elsewhere:
    monitor.util.outputs.check_folder_not_dash) or when it is there and no folder (a file, or a device or a
    pipe such as /dev/stdout: monitor.util.outputs.what_it_is). ``option`` is the caller's name for the folder
    (``-o``, or ``out_dir`` from Python), said in the error."""
    check_folder_not_dash(out_dir, example=_named(option, "study"))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is {what_it_is(out)}; {option} names the study's folder (made if missing)")
    return out


def _named(option: str, folder: str | os.PathLike[str]) -> str:
    """``folder`` as the caller gives it: ``-o study`` on the command line, ``out_dir="study"`` from Python."""
    return f"{option} {folder}" if option.startswith("-") else f'{option}="{os.fspath(folder)}"'


def check_apart_from_sessions(out_dir: str | os.PathLike[str], sources: Sequence[str], *,
                              option: str = CLI_OPTION) -> None:
    """UsageError (one line) when ``out_dir`` is one of the study's session directories ``sources``
    (monitor.studies.sources.find_sessions: local paths, ``file://`` URLs) or inside one. A session's
    folder holds what it was recorded with: the study's tables, study.html and cache there would mix
    with its files, and they would change the session's cache key (the hash of all its files), so that
    every run analysed it again. A folder that holds sessions (``study rides -o rides``) is fine. ``option``: as
    :func:`check_out_dir`'s."""
    out = resolved_output(out_dir)
    around = {out, *out.parents}
    for src in sources:
        if is_url(src) and not src.startswith("file://"):
            continue
        session = Path(src.removeprefix("file://")).resolve()
        if session in around:
            where = "is the session directory" if session == out else "is inside the session directory"
            raise UsageError(f"{_named(option, out_dir)}: {where} {src}; give the study a folder of its own (e.g. "
                             f"{_named(option, session.parent / 'study')})")


def prepare_out_dir(out_dir: str | os.PathLike[str], sources: Sequence[str] = ()) -> Path:
    """:func:`check_out_dir` and :func:`check_apart_from_sessions`, then whether the folder (made if missing) can take
    the study's files (monitor.util.outputs.check_folder, which leaves nothing behind), so that a folder the study
    cannot write is one OutputError naming it before any session is analysed."""
    out = check_out_dir(out_dir)
    check_apart_from_sessions(out, sources)
    check_folder(out, f"{out}: cannot write the study there")
    return out


def _to_parquet(df: Any, path: Path) -> None:
    """``df`` (a pandas DataFrame) as Parquet with page checksums at ``path``, whatever its name."""
    with parquet_output(path) as target:  # a folder named in Latin-1 too
        df.to_parquet(target, index=False, **WRITE_CHECKSUMS)


def write_outputs(tables: StudyTables, out_dir: str | os.PathLike[str], *, title: str = "") -> list[Path]:
    """Write ``<name>.parquet`` and ``<name>.csv`` of each table, then ``study.html``, into ``out_dir``
    (made if missing), each written whole; return the paths written."""
    out = check_out_dir(out_dir)
    outputs = []
    for name, df in tables.tables().items():
        outputs.append((out / f"{name}.parquet",
                        lambda tmp, df=df: _to_parquet(df, tmp)))
        outputs.append((out / f"{name}.csv", lambda tmp, df=df: df.to_csv(tmp, index=False)))
    write_whole(outputs)
    html = write_study_report(tables.sessions, tables.errors, out / STUDY_HTML, title=title)
    return [p for p, _ in outputs] + [html]
