"""A new session directory, written whole or not at all. Does I/O: directories made, renamed, removed.

Everything goes into a temporary directory beside the target, renamed into place at the end: a failure
leaves nothing behind (the directories made for it included), and an existing non-empty directory is
never touched. Shared by the whole-file writer (monitor.importers.session) and the streamed Moticon import
(monitor.importers.moticon_stream).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from monitor.errors import UsageError
from monitor.util.outputs import as_output_error, make_parents, remove_dirs, temp_beside

T = TypeVar("T")


def write_new_dir(out_dir: str | os.PathLike[str], fill: Callable[[Path], T]) -> tuple[Path, T | None]:
    """Call ``fill(tmp)`` on a new temporary directory beside ``out_dir``, then rename it to ``out_dir``;
    return (``out_dir``, what ``fill`` returned).

    ``out_dir`` must not exist or be an empty directory (UsageError otherwise: nothing is overwritten);
    missing directories above it are made. When ``fill`` returns None nothing is kept and (``out_dir``,
    None) is returned. A failure (OutputError for an OS error) leaves nothing behind.
    """
    out = Path(out_dir)
    check_target(out)
    made = make_parents(out)
    tmp = temp_beside(out, "importing")
    try:
        tmp.mkdir()
        result = fill(tmp)
        if result is None:
            shutil.rmtree(tmp, ignore_errors=True)
            remove_dirs(made)
            return out, None
        check_target(out)
        was_there = out.exists()
        if was_there:
            out.rmdir()
        try:
            os.rename(tmp, out)
        except OSError:
            if was_there:
                out.mkdir(exist_ok=True)  # the empty directory the person gave stays
            raise
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        remove_dirs(made)
        err = as_output_error(out, exc)
        if err is exc:
            raise
        raise err from None
    return out, result


def check_target(out: Path) -> None:
    """UsageError unless ``out`` is missing or an empty directory."""
    if out.is_dir():
        if any(out.iterdir()):
            raise UsageError(f"{out}: exists and is not empty; choose a new session directory")
    elif out.exists():
        raise UsageError(f"{out}: exists and is not a directory")
