"""Writing an output so that a failure leaves nothing behind: the directories it needed and made are
removed again, and an OS error (a full disk, no permission) becomes one OutputError naming the output.

Files are written whole or not at all by :func:`write_whole` (monitor.session.export, monitor.report.writer): each under
a temporary name beside its target, renamed into place once all are written. A target that already exists and
is not a regular file (a device such as /dev/stdout, a named pipe) is never replaced: its content is written
into it once whole, from a temporary file in the system's temporary directory; standard output or standard
error itself (``-o /dev/stdout``, :func:`standard_stream_of`) through its own open descriptor, so that the
file of ``>> FILE`` is added to, never cut short. A session directory
(monitor.importers.session) is made the same way with the helpers below. :func:`check_writable` finds out
before any work whether a target can be written at all, :func:`check_folder` whether a folder can take
what a command makes in it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from monitor.errors import OutputError, SolewatchError, UsageError
from monitor.util.path_errors import said_path


def temp_beside(target: Path, purpose: str) -> Path:
    """A hidden name beside ``target`` for work in progress on it, ``.NAME.PURPOSE-PID-TOKEN``: unique to
    this process and call, so that two writers never share one, and easy to tell from finished outputs."""
    target = Path(target)
    return target.parent / f".{target.name}.{purpose}-{os.getpid()}-{secrets.token_hex(4)}"


#: The folder of a process's open file descriptors on Linux, as os.path.realpath gives it.
_FD_FOLDER = re.compile(r"/proc/(?:self|\d+)/fd")
#: Symbolic links followed at most, as Linux's MAXSYMLINKS (40) before ELOOP.
_MAX_LINKS = 40


def names_open_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names one of this process's open file descriptors (``/dev/stdout``, ``/dev/fd/1``,
    ``/proc/self/fd/1``: through its symbolic links, a name in /proc/PID/fd, Linux). What the descriptor is
    open on is the shell's choice (a terminal, a pipe, the file of ``> FILE``): it is written into."""
    p = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if _FD_FOLDER.fullmatch(os.path.realpath(os.path.dirname(p))):
            return os.path.exists(p)
        if not os.path.islink(p):
            return False
        p = os.path.join(os.path.dirname(p), os.readlink(p))
    return False


def is_special(path: Path) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a directory (a device, a named pipe, a
    socket), or names an open file descriptor (:func:`names_open_file`, whatever it is open on): an output
    there is written into, never renamed over."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return (not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)) or names_open_file(path)


def replaces_a_file(path: str | os.PathLike[str]) -> bool:
    """Whether writing ``path`` would replace a file that is there, what an output does only when forced
    (``--force``). A device, a named pipe or an open descriptor's name (/dev/stdout: :func:`is_special`) is
    written into, never replaced, so it is not one; nor is a path where nothing is."""
    return Path(path).exists() and not is_special(Path(path))


def is_standard_output(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (``/dev/stdout``, ``/dev/fd/1``, or the file of ``> FILE`` by its own name) is the
    very file this process's standard output is open on: the same device and inode. Written through a
    second descriptor of its own, its lines and standard output's would overwrite each other."""
    return standard_stream_of(path) == 1


#: What messages call the standard streams by their names (``-o -`` is written as ``-o /dev/stdout``,
#: monitor.cli.argtypes.STANDARD_OUTPUT): what they are, as ``--events -`` says it, not a device's path.
_STREAM_WORDS = {"/dev/stdout": "standard output", "/dev/stderr": "standard error"}


def output_name(path: str | os.PathLike[str]) -> str:
    """How a message names the output ``path``: ``standard output`` for /dev/stdout (what ``-o -`` names),
    ``standard error`` for /dev/stderr, any other path as it was given."""
    text = os.fspath(path)
    return _STREAM_WORDS.get(text, text)


def standard_stream_of(path: str | os.PathLike[str]) -> int | None:
    """The descriptor, 1 (standard output) or 2 (standard error), whose very file ``path`` is (the same
    device and inode: ``/dev/stdout``, ``/dev/fd/2``, the file of ``>> FILE`` by its own name), or None.
    Such a target is written through that descriptor: opened again (``open(path, "wb")``), the file of
    ``>> FILE`` would be cut to nothing, what it held lost, and written from its start."""
    try:
        there = os.stat(path)
    except (OSError, ValueError):
        return None
    for fd in (1, 2):
        try:
            out = os.fstat(fd)
        except OSError:  # closed (`>&-`)
            continue
        if (there.st_dev, there.st_ino) == (out.st_dev, out.st_ino):
            return fd
    return None


def _write_into_stream(fd: int, src: Path) -> None:
    """Write the bytes of file ``src`` through the open descriptor ``fd`` (1 or 2) at its own place (the
    end of the file of ``>> FILE``), after what Python has buffered for it: never opened again, so never
    truncated."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):  # closed, or replaced by something without flush
            stream.flush()
    with open(src, "rb") as fh, open(fd, "wb", closefd=False) as dst:
        shutil.copyfileobj(fh, dst)


#: Why ``-`` cannot be a folder of outputs (``study -o -``, ``monitor.study(out_dir="-")``).
DASH_IS_NO_FOLDER = ("- is standard output, which cannot hold a folder of files (the tables, study.html, the "
                     "cache); name a folder, e.g. {example}")


def check_folder_not_dash(out_dir: str | os.PathLike[str], *, example: str = "-o study") -> None:
    """UsageError (:data:`DASH_IS_NO_FOLDER`) when ``out_dir`` is the string ``-``: standard output to
    ``export -o`` and ``report -o``, which one stream of bytes cannot be a folder of. A Path (``Path("-")``,
    what ``-o ./-`` gives) names a folder called ``-``. ``example`` is the way to name a folder in the caller's
    words (the option on the command line, ``out_dir="study"`` from Python)."""
    if isinstance(out_dir, str) and out_dir == "-":
        raise UsageError(DASH_IS_NO_FOLDER.format(example=example))


def what_it_is(path: Path) -> str:
    """What ``path``, which is there and no directory, is, as an output's error says it where a folder was
    needed: ``a file`` (a regular one), ``a device`` (/dev/null), ``a named pipe``, ``a socket``, ``a symbolic
    link to nothing``."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "a symbolic link to nothing" if os.path.islink(path) else "not there"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a socket" if stat.S_ISSOCK(mode) else "something else"


def not_a_folder(path: Path) -> str:
    """``PATH is a file, not a directory`` (or a device, a named pipe...: :func:`what_it_is`)."""
    return f"{said_path(path)} is {what_it_is(path)}, not a directory"


def make_parents(path: Path) -> list[Path]:
    """Create the missing directories above ``path``; return the ones made, outermost first.

    Raises OutputError when something above ``path`` is a file (or a device...), or a directory cannot be made (then the
    ones made so far are removed again).
    """
    missing: list[Path] = []
    parent = Path(path).parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{said_path(path)}: {not_a_folder(parent)}")
    made: list[Path] = []
    for d in reversed(missing):
        try:
            d.mkdir()
        except FileExistsError:
            if not d.is_dir():
                remove_dirs(made)
                raise OutputError(f"{said_path(path)}: {not_a_folder(d)}") from None
            continue
        except OSError as exc:
            remove_dirs(made)
            raise OutputError(f"{said_path(path)}: cannot make the directory {said_path(d)} "
                              f"({os_reason(exc)})") from None
        made.append(d)
    return made


def check_writable(target: Path, failure: str | None = None) -> None:
    """Find out, before the work that makes it, whether ``target`` can be written: the missing folders
    above it are made, a file is written beside it and removed, and the folders made are removed again.
    OutputError, one line, when it cannot: ``failure`` (default ``TARGET: cannot write``) and the system's
    reason. A target that is a device or a pipe (written into, not beside) is not tried."""
    target = Path(target)
    if is_special(target):
        return
    made = make_parents(target)  # OutputError when a folder cannot be made
    try:
        probe = temp_beside(target, "probe")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{failure or f'{target}: cannot write'} ({os_reason(exc)})") from None
    finally:
        remove_dirs(made)


def check_folder(folder: Path, failure: str) -> None:
    """Find out, before the work that fills it, whether ``folder`` (made if missing) can take what a command
    makes in it: a directory is made and removed again in it, or, while it is missing, in the nearest
    folder above it that exists, so that nothing is left behind. OutputError, one line naming ``folder``
    (never the name of the probe): ``FOLDER: ABOVE is a file, not a directory`` (or a device...:
    :func:`not_a_folder`), or ``failure`` and the
    system's reason."""
    folder = Path(folder)
    here = folder
    while not here.exists() and here != here.parent:
        here = here.parent
    if not here.is_dir():
        raise OutputError(f"{folder}: {not_a_folder(here)}")
    probe = temp_beside(here / "solewatch", "probe")
    try:
        probe.mkdir()
        probe.rmdir()
    except OSError as exc:
        raise OutputError(f"{failure} ({os_reason(exc)})") from None


def os_reason(exc: OSError) -> str:
    """What the system said went wrong, in its own words (``os.strerror`` of the error's number, ``No
    space left on device``). Not ``strerror`` itself: pyarrow puts its whole message there, naming the
    temporary file it was writing. A host name or address that cannot be looked up (socket.gaierror, whose
    numbers are getaddrinfo's, negative, not the system's: ``os.strerror(-2)`` is "Unknown error -2") says
    the resolver's words, ``Name or service not known``, and that it is the host."""
    if isinstance(exc, socket.gaierror) or (exc.errno or 0) < 0:  # socket.create_server re-raises it as OSError
        words = str(exc.strerror or exc).split(" (while attempting")[0]
        return f"no such host or address: {words}"
    return os.strerror(exc.errno) if exc.errno else exc.strerror or str(exc)


def remove_dirs(made: list[Path]) -> None:
    """Remove directories made by :func:`make_parents` (innermost first), those still empty."""
    for d in reversed(made):
        try:
            d.rmdir()
        except OSError:
            return


def as_output_error(path: Path, exc: BaseException) -> BaseException:
    """The error to raise for a failed write of ``path``: an OSError that is not already a Solewatch error
    becomes an OutputError (one line: the output and the OS's reason, :func:`os_reason`, never a temporary
    file's name); anything else is itself, and so is a BrokenPipeError: the reader of a pipe going away
    (``-o /dev/stdout | head``) is not the output's fault, and the command ends quietly for it
    (monitor.cli.main)."""
    if isinstance(exc, OSError) and not isinstance(exc, (SolewatchError, BrokenPipeError)):
        return OutputError(f"{output_name(path)}: cannot write ({os_reason(exc)}); nothing was left behind")
    return exc


def through_links(path: Path) -> Path:
    """Where writing ``path`` lands: ``path`` itself, or, when it is a symbolic link (to a link ...), the
    file it ends at, whether or not that exists yet, as ``cp`` and ``sort -o`` write through a link. The
    link stays a link; the file it names is the one replaced."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_whole(outputs: Sequence[tuple[Path, Callable[[Path], None]]], *,
                on_write: Callable[[Path], None] | None = None) -> None:
    """Write each ``(target, write)`` of ``outputs``: ``write(tmp)`` writes the target's content to a
    temporary file beside it (``on_write(target)`` is called first); once every one is written, what goes
    into a device or a pipe is written into it (standard output or error through its open descriptor,
    :func:`standard_stream_of`), then the others are renamed into place. A target that is a symbolic link
    is written through: the file it names is replaced, in that file's folder, and the link stays
    (:func:`through_links`). A failure leaves
    the regular targets as they were and removes the temporary files and the directories made for them; an
    OS error becomes an OutputError naming the target being written."""
    made: list[Path] = []
    temps: list[tuple[Path, Path, bool, Path]] = []  # (temporary file, target, special, the file replaced)
    current = outputs[0][0]
    try:
        for current, write in outputs:
            made += make_parents(current)
            special = is_special(current)
            final = current if special else through_links(current)
            tmp = temp_beside(Path(tempfile.gettempdir()) / current.name if special else final, "writing")
            temps.append((tmp, current, special, final))
            if on_write is not None:
                on_write(current)
            write(tmp)
        # a device or a pipe first: writing into one can fail (/dev/full), and a failure must find every
        # regular target still as it was; a rename, last, does not run out of space
        for tmp, current, special, final in sorted(temps, key=lambda t: not t[2]):
            if special and (fd := standard_stream_of(current)) is not None:
                _write_into_stream(fd, tmp)  # >> FILE: added to, never cut short
                tmp.unlink()
            elif special:
                with open(tmp, "rb") as src, open(current, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                tmp.unlink()
            else:
                os.replace(tmp, final)
    except BaseException as exc:
        for tmp, *_ in temps:
            with contextlib.suppress(OSError):  # the write's own error is the one to say
                tmp.unlink(missing_ok=True)
        remove_dirs(made)
        err = as_output_error(current, exc)
        if err is exc:
            raise
        raise err from None


def write_json_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through ``path.tmp``, renamed into place once synced; a failure (a full
    disk) leaves ``path`` as it was and removes ``path.tmp``, and raises. A symbolic link at ``path`` is
    replaced, not written through: a session's own files are written only into a folder just made for
    them, and a link there (a session made of links to another's files) would carry the write into
    another session. A caller whose file a user may keep elsewhere passes :func:`through_links` of it
    (a rider's baseline and setup, monitor.session.riders and rider_setup)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def resolved_own(path: str | os.PathLike[str]) -> Path:
    """A session's own file ``path`` made absolute with its symbolic links followed, to compare an output
    with; a link that leads back to itself as it stands (absolute), not followed: no output can be it,
    and the reader of that file says it cannot be read, in one line."""
    try:
        return resolved_output(path)
    except UsageError:
        return Path(path).absolute()


def resolved_output(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute with its symbolic links followed (Path.resolve); UsageError (one line) for a
    link that leads back to itself, which Path.resolve raises as RuntimeError (Python 3.11, 3.12) or
    OSError (3.13)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
            raise
        raise UsageError(f"{said_path(path)}: is a symbolic link that leads back to itself (a loop); give another "
                         "name") from None
