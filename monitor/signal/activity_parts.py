"""Which activities a foot's session holds for a real share of it: a walk then a run is told as both, each with
its own figures, not as the walk at the run's cadence. Pure."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BRIEF_MIN_S", "PART_MIN_S", "PART_MIN_SHARE", "brief_activities", "session_parts"]

#: An activity is a part of the session of its own where its windows span at least this long (s) ...
#: (guess: two minutes, long enough for a cadence and a contact time of its own, more than a recogniser's
#: flicker between two labels or a pause at a crossing)
PART_MIN_S = 120.0
#: ... and at least this share of the foot's windows with a known activity (guess: a fifth).
PART_MIN_SHARE = 0.2
#: An activity that is neither the main one nor a part is named as a brief one only where its windows span at
#: least this long (s) (guess: three 10-s windows; a window or two of another label is the recogniser's flicker,
#: a misrecognised window in a ride, not an activity of the session)
BRIEF_MIN_S = 30.0


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


def brief_activities(window_counts: Mapping[str, int], step_s: float, main: str,
                     parts: tuple[str, ...]) -> tuple[str, ...]:
    """The activities of a foot's session too brief to be parts of their own yet more than a flicker: those of
    ``window_counts`` (activity -> number of windows, in order of their first window) other than ``main`` (the
    foot's main activity) and ``parts`` (:func:`session_parts`) with at least BRIEF_MIN_S of windows (their
    count times ``step_s``, s), in order of their first window; () where there is none."""
    return tuple(a for a, n in window_counts.items()
                 if a not in parts and a != main and n * step_s >= BRIEF_MIN_S)
