"""What an alert asks for now and for after, in the words its message and the live views say. Pure.

A warning or an alert asks for relief now and its fix after: its break or relief (:data:`RELIEF_KEY`) is
its first suggestion, its pattern's rule's or not, and its message says both, "Take a 20-60 s break. After:
Loosen the left shoe's forefoot laces", as the live views say them (monitor.live.shown) and the advice's list
puts them after a warning (monitor.analysis.advice); a notice asks for nothing now and its message says so,
then its first suggestion, its fix for after: "Nothing urgent now. After: Move the left cleat back 2-10 mm"
(:func:`now_after`). The alert policy (monitor.analysis.alerts) words its alerts with these.
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.analysis.suggestions import SUGGESTIONS, words
from monitor.util.timefmt import clock_text

#: The levels that ask for relief now (the others: an early sign, nothing urgent).
URGENT_LEVELS = ("warning", "alert")
#: The suggestion that is a break or a relief, which a warning or an alert asks for now (:func:`relief_now`).
RELIEF_KEY = "unweight"
#: What a notice asks for now: nothing (an early sign); its fix is for after (:func:`now_after`).
NOTICE_NOW = "Nothing urgent now"


def first_fix(suggestions: Sequence[str], keys: Sequence[str]) -> str | None:
    """The first of an alert's ``suggestions`` (short texts) that is no break or relief (``keys``: theirs, in
    the same order; a suggestion without one counts as a fix): the fix for after; None if there is none."""
    return next((s for i, s in enumerate(suggestions) if (keys[i] if i < len(keys) else None) != RELIEF_KEY), None)


def now_after(level: str | None, suggestions: Sequence[str], keys: Sequence[str],
              relief: str) -> tuple[str | None, str | None]:
    """``(now, after)`` of an alert at ``level`` with ``suggestions`` (short texts) and their ``keys``, as its
    message and the live views say them (monitor.live.shown.now_and_after): a warning or an alert asks for
    ``relief`` now, its first fix after (:func:`first_fix`); a notice asks for nothing now (NOTICE_NOW), its
    first suggestion after, unless that is relief (no relief for a long time), which it asks for now; a notice
    without suggestions asks for nothing now and has nothing for after (not its whole message as what to do
    now); ``now`` None for an alert of no level without suggestions."""
    if level in URGENT_LEVELS:
        return relief, first_fix(suggestions, keys)
    first = suggestions[0] if suggestions else None
    if first is not None and tuple(keys[:1]) != (RELIEF_KEY,):
        return NOTICE_NOW, first
    if first is None and level == "notice":
        return NOTICE_NOW, None
    return first, None


def todo_text(now: str, after: str | None) -> str:
    """What to do now and the fix after in one line, as the terminal, the events' and analyze's messages say
    them: "Take a 20-60 s break. After: Loosen the left shoe's forefoot laces" (``now`` alone without one)."""
    return now + (f". After: {after}" if after else "")


def found_before_words(foot: str, data_until_s: float) -> str:
    """What an alert dated in ``foot``'s silence rests on, its newest data at ``data_until_s`` (session s):
    "found in the data before the left insole went silent at 1:10"."""
    return f"found in the data before the {foot} insole went silent at {clock_text(data_until_s)}"


def relief_now(activity: str | None, relief_min_s: float | None = None) -> str:
    """A relief asked for now, in the words of ``activity`` (None: not known): the suggestion table's
    ``unweight`` as every tip says it (monitor.analysis.tips.words, one rule for both), "Unweight the foot
    20-60 s" on a bike, "Take a 20-60 s break" on foot, "Slow down, step off for 20-60 s" on an elliptical or a
    stair climber (its ``machine_short``: the machine moves under the feet), and where the activity is not known
    (None, "" or "unknown": a bike's or one on foot) words for either, "Take the weight off the foot 20-60 s" (its
    ``either_short``); ``relief_min_s`` (s; None: the defaults') sets its time
    (monitor.analysis.suggestions.relief_words)."""
    return words(SUGGESTIONS["unweight"], activity, relief_min_s=relief_min_s)[0]
