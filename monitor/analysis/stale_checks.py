"""When a foot's silence makes it stale: the times the checks fall at, and the clock a check judges at. Pure.

The alert policy (monitor.analysis.alerts, "Data stale") dates a foot's data-stale alert when its silence
reached ``stale_after_s``; the live session's analysis core (monitor.analysis.streaming) and a batch
analysis (monitor.analysis.batch_clock) make their checks with these, so that both date it alike.
"""

from __future__ import annotations

import numpy as np

#: Where a foot's silence is counted from before its first data: the session's start (session s).
SESSION_START_S = 0.0


def stale_clock(check_s: float, newest_s: float, heard_s: float, stale_after_s: float) -> float:
    """The time (session s) a stale-data check made at ``check_s`` judges silences at: the newest frame of any
    foot (``newest_s``) while some foot's frames arrived within ``stale_after_s`` (the newest arrival at
    ``heard_s``), so a host that delivers late makes no foot look stale; ``check_s`` once none has for as
    long. The live session's analysis core judges so at each check (monitor.analysis.streaming), a batch
    analysis at the session's end (monitor.analysis.batch_clock, its frames' times their arrivals)."""
    return newest_s if check_s - heard_s < stale_after_s else check_s


def stale_checks(valid_t: dict[str, np.ndarray], stale_after_s: float, until_s: float,
                 start_s: float = SESSION_START_S) -> list[float]:
    """The session times (s, in order, up to ``until_s``) at which a foot's silence reaches ``stale_after_s``:
    its last frame with data before a silence that long (``valid_t``: per foot, the times of its frames
    with data, in order), or the session's start ``start_s`` before a first frame that late
    (monitor.analysis.alerts.AlertPolicy.start), plus ``stale_after_s``. A check there dates the data-stale
    event as the live session does (monitor.analysis.alerts), not at the next assessment."""
    out: list[float] = []
    for vt in valid_t.values():
        if not vt.size:
            continue
        vt = np.concatenate(([start_s], vt))
        due_s = vt + stale_after_s  # the same sum the policy makes, so its check finds the foot stale there
        silent = np.append(vt[1:] > due_s[:-1], True)  # no frame by then (the last: none after it)
        out.extend(float(t) for t in due_s[silent] if t <= until_s)
    return sorted(out)
