"""The CLI's commands as library functions with typed arguments: each builds what it needs, calls one
workhorse and says what happened on the terminal.

Kept apart from monitor.cli.main (argument parsing, which turns the command line into these calls) and
from the workhorses (link, recorder, live session, replay, analysis, report) so those stay free of
presentation. A command that talks to insoles returns a :data:`Command`, a coroutine function of a stop
event (Ctrl-C or SIGTERM sets it); the others return the exit status. Each command is kept in a module of
its own (monitor.cli.record_command, live_command, analyze_command, report_command, sim_command,
scan_command, replay_command, export_command, study_command; monitor.cli.importing); this one names them
all, with :class:`~monitor.cli.insoles.Insoles`, the insoles a command line names.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from monitor.cli.analyze_command import analyze_command  # noqa: F401
from monitor.cli.export_command import export_command  # noqa: F401
from monitor.cli.importing import import_command  # noqa: F401
from monitor.cli.insoles import Insoles  # noqa: F401 - the insoles a command line names (monitor.cli.main)
from monitor.cli.live_command import live_command  # noqa: F401
from monitor.cli.record_command import record_command  # noqa: F401
from monitor.cli.replay_command import replay_command  # noqa: F401
from monitor.cli.report_command import report_command  # noqa: F401
from monitor.cli.scan_command import scan_command  # noqa: F401
from monitor.cli.sim_command import sim_command  # noqa: F401
from monitor.cli.study_command import study_command  # noqa: F401

Command = Callable[[asyncio.Event], Awaitable[int]]
