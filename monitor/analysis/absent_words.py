"""Where a foot sent no data at a session's start or end, in the words every view says it in: the end of
``live`` and ``replay`` (monitor.live.summary.RecordSummary.absent_notes) and ``analyze``'s text
(monitor.report.text); and the message of a foot with no sample in the whole session. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping

from monitor.session.lost_words import lost_foot_words
from monitor.util.timefmt import clock_text
from monitor.util.words import counted


def absent_words(foot: str, start_s: float, end_s: float, frames: int, duration_s: float,
                 speed: float = 1.0, dropped_s: float | None = None, *, stopped_s: float | None = None) -> str:
    """One span (session s, monitor.session.absence.absent_at_ends: ``start_s`` 0 at the start, ``end_s`` the
    session's ``duration_s`` at its end) of ``foot`` without data and the ``frames`` it lacks: "left insole
    silent from 5:30 to the end: 4,500 frames missing". A late start whose foot's link went down before its
    first frame (``dropped_s``, session s, NaN: unknown; monitor.link.assembly.SessionAssembler.down_before_data)
    says that drop; any other simulation's late start (``speed`` above 1) says how much of the host's time it was (its
    speed x that is the span). ``stopped_s``: where a stopped replay stopped reading (session s; None: it read the
    whole log), where its spans end, "silent from 5:30 to 7:02, where the replay stopped", not at the session's
    end; a foot with no frame before it had "no data from the start to 7:02, where the replay stopped", not a
    late start: its first frame, if any, lay in what was not read."""
    stop = "" if stopped_s is None or end_s < stopped_s else ", where the replay stopped"
    if start_s <= 0.0 and stop:  # nothing read of it: no start to say, late or not, nor "at all"
        when = f": no data from the start to {clock_text(end_s)}{stop}"
    elif start_s <= 0.0 and end_s >= duration_s:
        when = ": no data at all"
    elif start_s <= 0.0 and dropped_s is not None:  # down as it started: the drop's, not the host's
        when = f": no data from the start to {clock_text(end_s)}"
        at = f" at {clock_text(dropped_s)}" if math.isfinite(dropped_s) else ""
        when += f" (its link went down{at}, before its first data)"
    elif start_s <= 0.0:  # the insole, the radio or (simulated) the host's start: data came later
        when = f": no data from the start to {clock_text(end_s)}"
        if speed > 1.0:
            when += (f" (a simulation at {speed:g}x: {end_s / speed:.2f} s of the host's time, which a busy "
                     "host can take to start it)")
    elif stop:
        when = f" silent from {clock_text(start_s)} to {clock_text(end_s)}{stop}"
    else:
        when = f" silent from {clock_text(start_s)} to the end"
    return f"{foot} insole{when}: {counted(frames, 'frame')} missing"


def no_data_message(foot: str, lost: Mapping[str, int]) -> str:
    """The message of the data-stale event at 0 s of a foot with no pressure sample in the session: "NO DATA
    from the right insole: no sample in the whole session; its load is unknown"; where the raw log rebuilt from
    lost its frames (``lost``: Session.log_lost, foot -> frames its close counted), that they were lost
    (monitor.session.lost_words.lost_foot_words), not unsent."""
    why = lost_foot_words(foot, lost[foot]) if lost.get(foot) else "no sample in the whole session"
    return f"NO DATA from the {foot} insole: {why}; its load is unknown"
