"""Writing an output so that a failure leaves nothing behind: the directories it needed and made are
removed again, and an OS error (a full disk, no permission) becomes one OutputError naming the output.

Callers write under a temporary name beside the target and rename it into place (monitor.export,
monitor.importers.session); this module holds what both need around that.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import OutputError, SolewatchError


def make_parents(path: Path) -> list[Path]:
    """Create the missing directories above ``path``; return the ones made, outermost first.

    Raises OutputError when something above ``path`` is a file, or a directory cannot be made (then the
    ones made so far are removed again).
    """
    missing: list[Path] = []
    parent = Path(path).parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{path}: {parent} is a file, not a directory")
    made: list[Path] = []
    for d in reversed(missing):
        try:
            d.mkdir()
        except FileExistsError:
            if not d.is_dir():
                remove_dirs(made)
                raise OutputError(f"{path}: {d} is a file, not a directory") from None
            continue
        except OSError as exc:
            remove_dirs(made)
            raise OutputError(f"{path}: cannot make the directory {d} ({exc.strerror or exc})") from None
        made.append(d)
    return made


def remove_dirs(made: list[Path]) -> None:
    """Remove directories made by :func:`make_parents` (innermost first), those still empty."""
    for d in reversed(made):
        try:
            d.rmdir()
        except OSError:
            return


def as_output_error(path: Path, exc: BaseException) -> BaseException:
    """The error to raise for a failed write of ``path``: an OSError that is not already a Solewatch error
    becomes an OutputError (one line: the output and the OS's reason); anything else is itself."""
    if isinstance(exc, OSError) and not isinstance(exc, SolewatchError):
        return OutputError(f"{path}: cannot write ({exc.strerror or exc}); nothing was left behind")
    return exc
