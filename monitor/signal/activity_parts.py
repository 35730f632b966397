"""Which activities a foot's session holds for a real share of it: a walk then a run is told as both, each with
its own figures, not as the walk at the run's cadence. Pure."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PART_MIN_S", "PART_MIN_SHARE", "session_parts"]

#: An activity is a part of the session of its own where its windows span at least this long (s) ...
#: (guess: two minutes, long enough for a cadence and a contact time of its own, more than a recogniser's
#: flicker between two labels or a pause at a crossing)
PART_MIN_S = 120.0
#: ... and at least this share of the foot's windows with a known activity (guess: a fifth).
PART_MIN_SHARE = 0.2


def session_parts(window_counts: Mapping[str, int], step_s: float) -> tuple[str, ...]:
    """The activities of a foot's session told each on its own, in order of their first window, when more than
    one qualifies: each with at least PART_MIN_S of windows (its windows' count times ``step_s``, the windows'
    step in s) and PART_MIN_SHARE of the windows with a known activity. ``window_counts``: activity -> number
    of windows (known activities only, in order of their first window). () when one activity or none
    qualifies: the session is then of its main activity."""
    total = sum(window_counts.values())
    parts = tuple(a for a, n in window_counts.items()
                  if n > 0 and n * step_s >= PART_MIN_S and n >= PART_MIN_SHARE * total)
    return parts if len(parts) > 1 else ()
