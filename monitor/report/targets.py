"""A report's targets checked before anything is read, analysed or drawn (``solewatch report -o EXISTING`` is
refused at once): light imports only, no analysis and no plotting (tests/test_report_targets_first.py)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from monitor.errors import UsageError
from monitor.session.export import PYTHON_WORDS, SESSION_FILES, Words, session_of_own_file
from monitor.util.outputs import (
    check_writable,
    output_name,
    replaces_a_file,
    resolved_output,
    resolved_own,
    standard_stream_of,
)


def check_report_targets(targets: Sequence[str | os.PathLike[str]], sessions: Sequence[str | os.PathLike[str]],
                         *, force: bool = True, writable: bool = False,
                         pdf: str | os.PathLike[str] | None = None, words: Words = PYTHON_WORDS) -> None:
    """Refuse, before anything is read or written, a report target that is a file of any of ``sessions``
    (directories: the one reported and the one compared with) or of any other session, a directory, named twice, or that
    exists when not ``force``. Raises UsageError (one line). ``writable``: also OutputError (one line) for a
    target that cannot be written (a read-only folder: monitor.util.outputs.check_writable), found before
    the work of the report. ``pdf``: the target that is the PDF (a directory given for it is said with a
    PDF's name). ``words``: how a target that exists says the choice that replaces it (``force=True``; the
    command line passes monitor.session.export.CLI_WORDS, ``--force``)."""
    own = {resolved_own(Path(s) / name): Path(s) for s in sessions for name in SESSION_FILES}
    seen: set[Path] = set()
    for target in map(Path, targets):
        where = resolved_output(target)
        session = own.get(where) or session_of_own_file(target)  # the sessions reported, or any other's
        if session is not None:
            raise UsageError(f"{target}: is the session's own {where.name} (session {session}); choose "
                             "another file name")
        if target.is_dir():
            name = "report.pdf" if pdf is not None and target == Path(pdf) else "report.html"
            raise UsageError(f"{target}: is a directory; give a file name, e.g. {target / name}")
        stream = standard_stream_of(target)  # -o - and --pdf -: one stream, whatever names it
        if (stream or where) in seen:
            raise UsageError(f"{output_name(target)}: the HTML report and the PDF need different files"
                             + ("; one stream cannot carry both: name a file for one" if stream else ""))
        seen.add(stream or where)
        if replaces_a_file(target) and not force:  # a device or a pipe (-o /dev/stdout) is written into
            raise UsageError(f"{target}: exists; choose another file or replace it with {words.force}")
    if writable:
        for target in map(Path, targets):
            check_writable(target)
