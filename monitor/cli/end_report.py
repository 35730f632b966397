"""The session report `live` writes at its end, which Ctrl-C and SIGTERM stop at once and a hangup does not.

A command run by monitor.cli.main._run_async hears Ctrl-C and SIGTERM through its event loop, which sets the
command's stop event; but the loop runs its signal handlers only between tasks, so during a long
synchronous step (the report: seconds to a minute of figures) a signal waited for that step to finish.
:func:`write_end_report` writes it within monitor.util.interrupts.interrupts_here: Ctrl-C or SIGTERM raises
KeyboardInterrupt where the work is, and the report stops there (it is written whole or not at all,
monitor.util.outputs.write_whole). A hangup (SIGHUP: the terminal closed) stops nothing: its handler
(monitor.util.interrupts.on_hangup) sends the lost terminal's outputs to the null device, and the report is
written for whoever opens it later.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import SolewatchError
from monitor.util.interrupts import interrupts_here
from monitor.util.plain_text import error_line


def write_end_report(session: Path, params) -> tuple[Path | None, str | None]:
    """Write the report of the recorded ``session`` (SESSION/report.html) with ``params``: ``(its path,
    None)``, or ``(None, why not)``: ``"interrupted"`` for Ctrl-C or SIGTERM, else the error. A hangup
    meanwhile is no interruption: the report is written whole all the same. The session is recorded
    whatever happens to its report."""
    from monitor.report.writer import write_session_report

    try:
        with interrupts_here():
            return write_session_report(session, params), None
    except KeyboardInterrupt:
        return None, "interrupted"
    except Exception as exc:
        return None, str(exc) if isinstance(exc, SolewatchError) else error_line(exc)
