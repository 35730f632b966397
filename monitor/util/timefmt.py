"""Session times for people: ``m:ss`` under an hour, ``h:mm:ss`` from an hour on."""

from __future__ import annotations

import math


def clock_text(t_s: float | None, missing: str = "-", *, tenths: bool = False,
               short_of: float | None = None) -> str:
    """Session seconds as ``m:ss`` or ``h:mm:ss`` (rounded to the second, negative as 0:00), or with
    ``tenths`` as ``m:ss.t`` (to 0.1 s: a step's time, several a second); ``missing`` for None or a
    non-finite time. ``short_of``: the time (s) of a rule said beside it that ``t_s`` falls short of; a
    ``t_s`` below it is shown below it as shown (rounded down where rounding would reach it: 299.6 s beside
    5:00 is 4:59, which 5:00 would read as meeting; 29.99 s is still 0:30). Whole seconds only."""
    if t_s is None or not math.isfinite(t_s):
        return missing
    t_s = max(float(t_s), 0.0)
    whole, tenth = divmod(int(round(t_s * 10)), 10) if tenths else (int(round(t_s)), None)
    if short_of is not None and not tenths and t_s < short_of:
        whole = max(min(whole, int(round(short_of)) - 1), 0)
    m, s = divmod(whole, 60)
    h, m = divmod(m, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    return text if tenth is None else f"{text}.{tenth}"


#: What :func:`span_words` says of a time more than none and under a second.
UNDER_A_SECOND = "less than a second"


def span_words(t_s: float, short_of: float | None = None) -> str:
    """A time (s) as m:ss (:func:`clock_text`, rounded to the second as every session time is), or "less than a
    second" (UNDER_A_SECOND) where it is more than none and under 1 s (0.5 s too: never "not analysed for 0:00";
    0.6 s is not "0:01", the time a second or more reads as); ``short_of`` (s): the whole it is
    part of or a rule it falls short of, said beside it, which a shorter time never reads as (7:15.7 of 7:16 is
    "7:15", :func:`clock_text`)."""
    return UNDER_A_SECOND if 0 < t_s < 1 else clock_text(t_s, short_of=short_of)


def stopped_words(t_s: float, of_s: float) -> str:
    """Where a recording stopped before the ``of_s`` asked for (both s): "stopped at 4:28 of 8:00", or, more than
    none and under a second in (:func:`span_words`), "stopped less than a second into 8:00" (not "at 0:01")."""
    if span_words(t_s) == UNDER_A_SECOND:
        return f"stopped {UNDER_A_SECOND} into {clock_text(of_s)}"
    return f"stopped at {clock_text(t_s)} of {clock_text(of_s)}"
