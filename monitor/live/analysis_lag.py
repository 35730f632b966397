"""How far a live session's analysis runs behind the session's time, and how late its alerts came.

A host too busy for the session's speed (a simulation at 30x on a loaded laptop) takes longer to receive and
judge a second of ride than the ride takes: the data wait in the radio's stack, the simulated insoles' bursts
or the link's queue, and detection runs minutes of ride behind the session's clock. The lag is measured as
each block of frames is handed to the analysis: the session time now (host s x speed) minus the session time
of the newest frame handed on so far, any foot's (the frames' own times, from the insoles' clocks: what the
insoles have sampled by now against what has been judged). A foot that goes silent changes nothing (it is
measured as frames come). Pure: the caller gives every time.
"""

from __future__ import annotations

import math

from monitor.util.words import counted

#: The lag (session s) beyond which the views say the analysis is behind and the end summary says how far it
#: fell (guess: a busy host's hiccup of 0.2 s is 8 s of ride at 40x; more than that is a backlog, not jitter).
BEHIND_BOUND_S = 10.0


def behind_words(behind_s: float) -> str:
    """The views' words for an analysis ``behind_s`` session seconds behind: "analysis 87 s behind"."""
    return f"analysis {behind_s:.0f} s behind"


class AnalysisLag:
    """The analysis lag of a live session (session s), its largest, and how late each alert was delivered.

    ``settle_s``: how long after its time an alert comes out on a host that keeps up (the window it is about
    settles that long after its end: FeatureParams.settle_s); an alert is late by what its delivery took
    beyond that."""

    def __init__(self, *, bound_s: float = BEHIND_BOUND_S, settle_s: float = 0.0) -> None:
        self.bound_s = bound_s
        self.settle_s = settle_s
        self._newest_s = -math.inf  # the newest frame handed on (session s)
        self.lag_s = 0.0  # as the newest frames were handed on
        self.largest_s = 0.0
        self.late_s: list[float] = []  # per alert delivered, session s beyond its settling

    def handed(self, frame_s: float, now_s: float) -> None:
        """Frames up to ``frame_s`` are handed to the analysis at ``now_s`` (session s)."""
        self._newest_s = max(self._newest_s, frame_s)
        self.lag_s = max(now_s - self._newest_s, 0.0)
        if self.lag_s > self.largest_s:
            self.largest_s = self.lag_s

    def behind_s(self) -> float | None:
        """The lag now (session s) where it is beyond ``bound_s``; None while the analysis keeps up."""
        return self.lag_s if self.lag_s > self.bound_s else None

    def delivered(self, alert_t_s: float, delivered_s: float) -> None:
        """An alert about ``alert_t_s`` was delivered at ``delivered_s`` (session s)."""
        self.late_s.append(max(delivered_s - alert_t_s - self.settle_s, 0.0))

    def note(self) -> str | None:
        """The end summary's note where the analysis fell behind beyond ``bound_s``, or an alert came later than
        that: the largest lag, and how late the alerts were; None where it kept up."""
        late = [s for s in self.late_s if s > self.bound_s]
        if self.largest_s <= self.bound_s and not late:
            return None
        said = (f"the analysis fell up to {self.largest_s:.0f} s behind the session's time (the host was too "
                "busy for the session's speed)")
        if late:
            said += (f"; {counted(len(late), 'alert')} of {len(self.late_s)} came up to {max(late):.0f} s late "
                     f"(after {self.settle_s:g} s for the window to settle)")
        return said + f"; the views say it beyond {self.bound_s:g} s behind (a guess)"
