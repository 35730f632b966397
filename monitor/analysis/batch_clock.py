"""A batch analysis's data clock: when each foot's data reach the alert policy, and where its stale-data
checks fall, by the rules of the live session's analysis core (monitor.analysis.streaming), so that
``analyze`` gives the data-stale and data-back events the live session and its replay give.

* A foot's silence is counted from the session's start (``AlertPolicy.start``): a foot whose first data come
  ``stale_after_s`` late is stale from then, and its first data give a data-back event.
* A check falls wherever a foot's silence reaches ``stale_after_s`` (``stale_checks``), dated there; the
  last falls at the session's end as the core's last check judges it (``stale_clock``, the frames' times
  taken for their arrivals): a foot whose data stop before the end is stale whether its rows stop or go
  on empty (all NaN), and data back after the last assessment still give their data-back event.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.stale_checks import SESSION_START_S, stale_checks, stale_clock


class DataClock:
    """The policy's data clock and stale-data checks over a whole session.

    ``valid_t``: per foot, the times (n,) session s of its frames with data, in order (a foot with none is
    left out of the checks: the batch says it had no sample at all); ``end_s``: the session's end (s;
    None: unknown, no check after the data); ``emit`` gets each data-stale and data-back event, in order.
    """

    def __init__(self, policy: AlertPolicy, valid_t: dict[str, np.ndarray], end_s: float | None,
                 emit: Callable[[Alert], None]) -> None:
        self.policy, self.valid_t, self.emit = policy, valid_t, emit
        after_s = policy.params.stale_after_s
        newest = max((float(vt[-1]) for vt in valid_t.values() if vt.size), default=None)
        #: the latest time (session s) a silence is judged at: the end's check's clock
        self.until_s = -math.inf if newest is None else stale_clock(
            newest if end_s is None else end_s, newest, newest, after_s)
        policy.start([foot for foot, vt in valid_t.items() if vt.size])
        self._checks = stale_checks(valid_t, after_s, self.until_s)
        self._k = 0
        self._sent = dict.fromkeys(valid_t, 0)  # per foot, the frames already given to the policy

    def silences(self) -> list[tuple[str, float, float]]:
        """Each silence the checks find stale: ``(foot, since_s, back_s)``, the foot's newest frame with data
        before it and its first after it (session s; the session's start for a silence from there, inf for
        one to the end), as the live session's data-stale and data-back events bound it."""
        after_s, out = self.policy.params.stale_after_s, []
        for foot, vt in self.valid_t.items():
            if not vt.size:
                continue
            t = np.concatenate(([SESSION_START_S], vt, [math.inf]))
            due_s = t[:-1] + after_s  # the sum the checks make (stale_checks)
            stale = (t[1:] > due_s) & (due_s <= self.until_s)
            out += [(foot, float(t[i]), float(t[i + 1])) for i in np.flatnonzero(stale)]
        return out

    def until(self, t_s: float) -> None:
        """Every check due by ``t_s`` (session s, in order), then the data clock and a check at ``t_s``."""
        checks = self._checks
        while self._k < len(checks) and checks[self._k] <= t_s:  # a silence reached stale_after_s: dated then
            self._check(checks[self._k])
            self._k += 1
        self._check(t_s)

    def end(self) -> None:
        """The session's end: the checks left, and every frame still to come (its data-back event)."""
        self.until(math.inf)

    def _check(self, t_s: float) -> None:
        """The policy's data clock and stale-data check at ``t_s`` (session s)."""
        policy = self.policy
        for foot, vt in self.valid_t.items():  # the newest frame each foot had sent by t_s, the first new one
            i = int(np.searchsorted(vt, t_s, side="right"))
            if i > self._sent[foot]:
                back = policy.data(foot, float(vt[i - 1]), first_s=float(vt[self._sent[foot]]))
                self._sent[foot] = i
                if back is not None:  # a stale foot's data resumed, as the live session says it
                    self.emit(back)
        for ev in policy.tick(min(t_s, self.until_s)):
            self.emit(ev)
