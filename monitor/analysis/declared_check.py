"""A declared activity held against what the recogniser makes of the same data.

A declared activity (the session's, a layout's, ``--activity``) replaces every label of the recogniser
(docs/detection.md) and keeps doing so here: nothing this module finds changes a detection result. But a
session declared a ride whose feet step (each foot sits at its floor, in the air, for a swing share of
every cycle) for most of its time, or one declared a walk or a run whose feet stay on a pedal, was most
likely labelled wrongly (a mislabelled export, a wrong ``--activity``), and its advice speaks of the wrong
activity. :func:`declared_mismatch` says so when the recogniser (monitor.signal.activity, run beside the
declared activity by ``FootPipeline(..., recognise_declared=True)``) gives the other family of activity
(stepping: running, walking; continuous contact: cycling, elliptical_or_stair) for more than
``MISMATCH_MIN_SHARE`` of the data it judged, both feet pooled.

The recogniser's known blind spot stays: force alone reads a pedal stroke that rests flat at its upstroke
floor for half the revolution as a swing (docs/detection.md, "Force alone has a blind spot"), so the
caution can be wrong where the declaration is right; that is why it is a caution and the declaration wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monitor.signal.activity_words import ACTIVITY_WORDS, activity_name
from monitor.util.timefmt import clock_text

#: More than this share of the time the recogniser judged (its windows tile each foot's data, a window
#: "unknown" included: standing, coasting, a relief, too little data), both feet pooled, in the other
#: family of activity is a caution. Guess: "most of the session", so that a few stepping windows of a ride
#: (walking to the bike, a push up a hill) or a few misread ones never raise it.
MISMATCH_MIN_SHARE = 0.5

STEPPING = ("running", "walking")
CONTACT = ("cycling", "elliptical_or_stair")
#: What the data look like, per recogniser label, in words (the activity table's).
LOOKS_LIKE = {a: w.looks_like for a, w in ACTIVITY_WORDS.items() if a == w.detector}


@dataclass(frozen=True)
class DeclaredMismatch:
    """The recogniser against a declared activity, over a session.

    ``declared``: the declared activity (a pipeline label); ``looks_like``: the recogniser's commonest label
    of the other family; ``contradicting_s`` / ``judged_s``: seconds of data (per foot, averaged over the
    feet with windows) in windows of the other family / in all the recogniser's windows; ``share``:
    their ratio, 0..1; ``said``: the declared activity as declared ("elliptical", "stair_climber":
    monitor.analysis.declared.declared_word; None: said as ``declared``), which the caution speaks of."""

    declared: str
    looks_like: str
    contradicting_s: float
    judged_s: float
    share: float
    said: str | None = None

    def note(self) -> str:
        """The caution in one line, as analyze's text and the report say it."""
        declared = activity_name(self.said or self.declared)  # "elliptical", not "elliptical or stair climber"
        return (f"the session is declared {declared}, but the pressure looks like {LOOKS_LIKE[self.looks_like]} "
                f"for {clock_text(self.contradicting_s)} of the {clock_text(self.judged_s)} the recogniser "
                f"judged ({self.share:.0%}): the analysis and advice are for {declared} as declared; if the "
                "session is not that, analyze it with --activity")

    def to_dict(self) -> dict[str, Any]:
        return {"declared": self.declared, "looks_like": self.looks_like,
                "contradicting_s": round(self.contradicting_s, 1), "judged_s": round(self.judged_s, 1),
                "share": round(self.share, 3), "note": self.note()}


def declared_mismatch(declared: str | None, seconds: Mapping[str, Mapping[str, float]],
                      said: str | None = None) -> DeclaredMismatch | None:
    """The caution for a declared activity, or None (none declared, nothing recognised, or the data do not
    contradict it for more than ``MISMATCH_MIN_SHARE`` of the recogniser's time).

    ``seconds``: per foot, seconds of data per recogniser label, its windows tiling the data
    (``FootPipeline.recognised_s``); ``said``: the declared activity as declared (DeclaredMismatch.said)."""
    other = CONTACT if declared in STEPPING else STEPPING if declared in CONTACT else ()
    feet = [c for c in seconds.values() if sum(c.values()) > 0]
    if declared is None or not other or not feet:
        return None
    pooled: Counter[str] = Counter()
    for c in feet:
        pooled.update(c)
    all_s = sum(pooled.values())
    other_s = sum(pooled[a] for a in other)
    if other_s <= MISMATCH_MIN_SHARE * all_s:
        return None
    looks_like = max(other, key=lambda a: (pooled[a], -other.index(a)))
    return DeclaredMismatch(declared, looks_like, other_s / len(feet), all_s / len(feet), other_s / all_s, said)
