"""Each session's Outcome kept in the study's folder, so an interrupted study resumes where it stopped.

``<OUTDIR>/.cache/<key>/``: one ``<table>.arrow`` (Arrow IPC stream bytes, exactly what the worker sent
back) per table, or ``error.txt`` holding the one-line reason. A key's folder is written under a
temporary name and renamed into place: a folder that is there is whole. A failed session is kept too (its
files and the parameters decide it again the same way).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from monitor.studies.task import TABLES, Outcome
from monitor.util.outputs import as_output_error, temp_beside

CACHE_DIR = ".cache"
ERROR_TXT = "error.txt"


def cache_root(out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / CACHE_DIR


def load(root: Path, source: str, key: str) -> Outcome | None:
    """The cached Outcome of ``key`` (named for ``source``), or None when there is none."""
    d = root / key
    if not d.is_dir():
        return None
    try:
        if (d / ERROR_TXT).is_file():
            return Outcome(source, key, error=(d / ERROR_TXT).read_text(encoding="utf-8"))
        return Outcome(source, key, {name: (d / f"{name}.arrow").read_bytes() for name in TABLES})
    except OSError:
        return None  # unreadable: analysed again


def store(root: Path, outcome: Outcome) -> None:
    """Keep ``outcome`` under its key (nothing when that key is there already)."""
    d = root / outcome.key
    if d.is_dir():
        return
    tmp = temp_beside(d, "writing")
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        if outcome.error:
            (tmp / ERROR_TXT).write_text(outcome.error, encoding="utf-8")
        for name, data in outcome.tables.items():
            (tmp / f"{name}.arrow").write_bytes(data)
        os.rename(tmp, d)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if not d.is_dir():
            raise as_output_error(d, exc) from None
