"""Where a foot sent no data at a session's start or end, in the words every view says it in: the end of
``live`` and ``replay`` (monitor.live.summary.RecordSummary.absent_notes) and ``analyze``'s text
(monitor.report.text). Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from monitor.util.timefmt import clock_text
from monitor.util.words import counted


#: A simulated drop's ``--fault`` text up to its time (firmware_sim.faults' grammar, which analysis does not
#: import: KIND:FOOT@TIME, TIME a number with unit s, m or h).
_DROP_RE = re.compile(r"^\s*drop:(?P<foot>left|right)@\s*(?P<n>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[smh])")
_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0}


def drops_of(foot: str, faults: Sequence[str], by_s: float) -> list[str]:
    """The simulation's injected drops of ``foot`` (its ``--fault`` texts, session.json's ``faults``) due at or
    before ``by_s`` (session s), as written."""
    out = []
    for text in faults:
        m = _DROP_RE.match(text)
        if m and m["foot"] == foot and float(m["n"]) * _UNIT_S[m["unit"]] <= by_s:
            out.append(text.strip())
    return out


def absent_words(foot: str, start_s: float, end_s: float, frames: int, duration_s: float,
                 speed: float = 1.0, dropped_s: float | None = None, faults: Sequence[str] = ()) -> str:
    """One span (session s, monitor.session.absence.absent_at_ends: ``start_s`` 0 at the start, ``end_s`` the
    session's ``duration_s`` at its end) of ``foot`` without data and the ``frames`` it lacks: "left insole
    silent from 5:30 to the end: 4,500 frames missing". A late start whose foot's link went down before its
    first frame (``dropped_s``, session s, NaN: unknown; monitor.link.assembly.SessionAssembler.down_before_data)
    says that drop, and the simulation's injected drops of that foot by then (``faults``: its ``--fault``
    texts); any other simulation's late start (``speed`` above 1) says how much of the host's time it was (its
    speed x that is the span)."""
    if start_s <= 0.0 and end_s >= duration_s:
        when = ": no data at all"
    elif start_s <= 0.0 and dropped_s is not None:  # down as it started: the drop's, not the host's
        when = f": no data from the start to {clock_text(end_s)}"
        at = f" at {clock_text(dropped_s)}" if math.isfinite(dropped_s) else ""
        injected = drops_of(foot, faults, end_s)
        when += (f" (its link went down{at}, before its first data"
                 + (f": the simulation's {', '.join(injected)}" if injected else "") + ")")
    elif start_s <= 0.0:  # the insole, the radio or (simulated) the host's start: data came later
        when = f": no data from the start to {clock_text(end_s)}"
        if speed > 1.0:
            when += (f" (a simulation at {speed:g}x: {end_s / speed:.2f} s of the host's time, which a busy "
                     "host can take to start it)")
    else:
        when = f" silent from {clock_text(start_s)} to the end"
    return f"{foot} insole{when}: {counted(frames, 'frame')} missing"
