"""The head of a session's summary (monitor.live.summary), live or replayed: what the session was in a word,
its label where that says more, and how much of it was recorded, or where Ctrl-C stopped it."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from monitor.analysis.part_words import brief_words
from monitor.signal.activity_words import DECLARED_ACTIVITY, DEFAULT_LABEL, activity_label, activity_word
from monitor.util.timefmt import clock_text, span_words, stopped_words
from monitor.util.words import listed

if TYPE_CHECKING:  # the summary holds these words' session; they are said in it
    from monitor.live.summary import LiveSummary


def session_word(s: LiveSummary) -> str:
    """What the session was in a word (activity_word): the activity as declared (:func:`declared_of`: the
    summary's, or the feet's own word of it), which replaces every label of the detector, even where it judged
    no window; else the activities recognised, the feet's in order ("run", "elliptical or stair climber" for the
    stepping machines, "run and walk" where the feet differ, "walk then run" for a foot's session of several,
    its summary's ``activities``, as the report's header says them), else session (nothing recognised: what
    activity_word says of an activity not known, and what a recording's label and the rider's lines call it).
    The activities too brief for figures of their own are :func:`brief_said`'s."""
    if declared := declared_of(s):
        return activity_word(declared)
    said = [" then ".join(activity_word(p["activity"], as_declared=False) for p in parts)
            if (parts := s.pipeline[f].get("activities")) else activity_word(a, as_declared=False)
            for f, a in _recognised(s).items()]
    if not said:
        return activity_word(None)
    return listed(list(dict.fromkeys(said)))


def declared_of(s: LiveSummary) -> str | None:
    """The activity as declared: ``s.declared_word``, else the one word of a session every foot with an
    activity gives for it where that word is no class of the detector's, so the detector did not recognise it
    ("elliptical", "stair_climber", "cycling_seated": monitor.signal.activity_words.DECLARED_ACTIVITY; a
    summary built from feet info of ``{"activity": "elliptical"}`` alone); None where nothing was declared."""
    if s.declared_word:
        return s.declared_word
    said = set(_recognised(s).values())
    word = said.pop() if len(said) == 1 else None
    return word if word in DECLARED_ACTIVITY and DECLARED_ACTIVITY[word] != word else None


def _recognised(s: LiveSummary) -> dict[str, str]:
    """Per foot with an activity recognised, its main one (its summary's ``activity``)."""
    acts = {f: str(p.get("activity")) for f, p in s.pipeline.items()}
    return {f: a for f, a in acts.items() if a not in ("unknown", "None")}


def brief_said(s: LiveSummary) -> str:
    """The feet's activities too brief for figures of their own, in analyze's words of them
    (monitor.analysis.part_words.brief_words): "also 1:00 running" where every foot recognised says the same,
    else each foot's, "left also 1:00 running, right also 1:10 running"; "" where there is none (or the
    activity was declared: the detector's labels are the declared one's, :func:`declared_of`)."""
    if declared_of(s):
        return ""
    feet = _recognised(s)
    said = {f: w for f in feet if (w := brief_words(s.pipeline[f], short=True))}
    if not said:
        return ""
    if len(set(said.values())) == 1 and len(said) == len(feet):
        return next(iter(said.values()))
    return ", ".join(f"{f} {w}" for f, w in said.items())


def end_word(s: LiveSummary) -> str:
    """What the session's end is the end of, as its summary names the session (:func:`session_word`): "ride",
    "run"; "session" where no activity is known, or where the session held more than one ("run and walk",
    "walk then run", a walk with a brief run: :func:`brief_said`), as the referral says it
    (monitor.live.summary_verdict.referred_activities)."""
    word = session_word(s)
    several = " and " in word or " then " in word or brief_said(s)
    return activity_word(None) if several else word


def of_what(s: LiveSummary) -> str:
    """What follows a summary's length: "of ride", "of run and walk", "of walk, also 1:00 running" (as analyze
    and the report's header say a brief activity: :func:`brief_said`); "with no activity recognised" where
    session_word has only "session" to say ("1:00 of session" says nothing)."""
    word = session_word(s)
    if word == activity_word(None):
        return "with no activity recognised"
    brief = brief_said(s)
    return f"of {word}" + (f", {brief}" if brief else "")  # the label follows in brackets


def said_label(s: LiveSummary) -> str:
    """The session's label as its summary (and a replay's) says it: "" for one that says nothing more than
    the summary's word for the session, the default "session" (DEFAULT_LABEL), that word itself ("of run
    (run)" for ``live --activity running``) or the declared activity's own default label ("of stair
    climber (stairs)" for ``live --activity stair_climber``, monitor.session.info.activity_label)."""
    quiet = {DEFAULT_LABEL, session_word(s), activity_label(declared_of(s))}
    return s.label if s.label not in quiet else ""


def stopped_early(stopped: bool, recorded_s: float, asked_s: float | None) -> float | None:
    """The duration asked for (``--duration``, s) of a session that Ctrl-C or SIGTERM (``stopped``) ended
    before it; None for a session that ran its course, or had none to run (it ends at Ctrl-C). A signal in
    the session's close, once its duration is recorded (the same clock), did not cut it short."""
    if not stopped or asked_s is None or not math.isfinite(asked_s):
        return None
    return asked_s if clock_text(recorded_s) != clock_text(asked_s) else None


def recorded_words(recorded_s: float, asked_s: float | None = None) -> str:
    """How much of the session was recorded: "4:28" ("less than a second" under one: span_words), or "stopped
    at 4:28 of 8:00" ("stopped less than a second into 8:00": timefmt.stopped_words) when Ctrl-C cut short the
    ``asked_s`` asked for (:func:`stopped_early`)."""
    if asked_s is None:
        return span_words(recorded_s)
    return stopped_words(recorded_s, asked_s)
