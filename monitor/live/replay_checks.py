"""The stale-data checks a replay makes itself, for a raw log that holds none.

A live session's raw log holds the stale-data checks its monitor made (``stale_check`` events, posted by
its timer when a foot looked stale: monitor.live.session), and its replay makes them where they stand. A
session recorded by ``solewatch record`` ran no monitor, so its log holds none: a replay that checked only
at the end would miss a silence that ended before it (no NO DATA, no DATA BACK, though the live session
would have given both). :class:`StaleChecksOnTheWay` makes the checks the live monitor's timer would have
posted: before each notification whose arrival finds a foot silent for ``stale_after_s`` or more (its
newest frames with data arrived that long ago; a foot that sent none yet counts from the session's start,
0 s), at most one per ``CHECK_EVERY_S`` of session time. The data-stale event is dated when the foot's
silence reached ``stale_after_s`` (its last data + ``stale_after_s``, monitor.analysis.alerts), as live and
in ``solewatch analyze``; a check that finds no foot stale gives nothing.

Which logs hold their checks: a live session keeps its parameters (``params.json``, monitor.live.recorder);
a session without them (``solewatch record``) holds no checks.
"""

from __future__ import annotations

import math
from pathlib import Path

from monitor.analysis.streaming import AnalysisCore
from monitor.session.names import PARAMS_JSON
from monitor.util.textfiles import there

#: Session seconds between two checks while a foot stays silent (guess: the live monitor's timer ticks
#: several times a session second at real time; a data-stale event's date does not depend on it).
CHECK_EVERY_S = 1.0


def holds_checks(path: str | Path) -> bool:
    """Whether the session at ``path`` was recorded by a live monitor, whose raw log holds its stale-data
    checks: it kept its parameters (params.json)."""
    return there(Path(path) / PARAMS_JSON)


class StaleChecksOnTheWay:
    """The stale-data checks of a replay of ``core``'s feet (``feet``: the session's, "left"/"right") whose
    raw log holds none: :meth:`arrival` of each notification (session s) in place of the core's."""

    def __init__(self, core: AnalysisCore, feet: tuple[str, ...]) -> None:
        self.core = core
        self.feet = feet
        self._last_check_s = -math.inf
        self.checks = 0

    def arrival(self, session_s: float) -> None:
        """A notification arrives at ``session_s`` (AnalysisCore.arrival): a stale-data check first when a
        foot has been silent for ``stale_after_s`` and no check was made in the last ``CHECK_EVERY_S``."""
        if session_s - self._last_check_s >= CHECK_EVERY_S and session_s >= self.core.policy.params.stale_after_s:
            sending = self.core.sending(session_s)
            if any(foot not in sending for foot in self.feet):  # heard within stale_after_s: not silent
                self._last_check_s = session_s
                self.checks += 1
                self.core.check_stale(session_s)
        self.core.arrival(session_s)
