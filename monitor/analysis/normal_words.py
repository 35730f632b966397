"""What a session was judged against, in one line under the verdict: a rider's normal kept from earlier
sessions of its activity, or the session's own first minutes (none kept, or one of other activities only),
or each foot's where they differ (a normal kept for one foot only). Pure."""

from __future__ import annotations

from collections.abc import Mapping

from monitor.codebook import FEET
from monitor.session.info import activity_sessions
from monitor.signal.baseline import RiderBaseline


#: How a person gets a kept normal, said where a session had none: `solewatch live --rider NAME` judges
#: against and keeps the rider's normal (monitor.session.riders).
KEEP_HINT = "record with `live --rider NAME` to keep your normal"


def split_feet(kept: Mapping[str, bool]) -> tuple[list[str], list[str]] | None:
    """``kept`` (per foot, whether it was judged against a kept normal, RiderBaseline.kept_feet) as (the
    feet judged against it, the feet whose normal was learnt from the first minutes) where both hold a foot;
    None where every foot was judged alike (the words need not name a foot)."""
    held = [foot for foot in FEET if kept.get(foot)]
    learnt = [foot for foot in FEET if foot in kept and not kept[foot]]
    return (held, learnt) if held and learnt else None


def judged_words(kept: Mapping[str, bool], normal: RiderBaseline | None, rider: str | None,
                 activities: Mapping[str, str | None], declared_word: str | None = None) -> str:
    """The line: ``kept`` per foot whether the normal held that foot's activity (AnalysisResult.kept_feet),
    ``normal`` the normal given (None: none), ``rider`` whose it is (None: the live session's own,
    baseline.json), ``activities`` each foot's pipeline label (None: not known), ``declared_word`` the
    activity as declared (said in its place: "elliptical" rather than its class). With no normal given, the
    line says how to keep one (:data:`KEEP_HINT`), or, for a ``rider`` named, that none was kept for them yet
    (a live session's ``--rider``, which keeps what this one learns)."""
    if normal is None:
        if rider:
            return f"Judged against this session's first minutes (no normal kept for {rider} yet)."
        return f"Judged against this session's first minutes (no kept normal; {KEEP_HINT})."
    whose = f"{rider}'s" if rider else "the rider's"
    where = "" if rider else " (the live session's baseline.json)"
    labels = {a for a in activities.values() if a and a != "unknown"}
    act = declared_word or (labels.pop() if len(labels) == 1 else None)
    split = split_feet(kept)
    if split:
        held, learnt = split
        return "Judged per foot: " + "; ".join(
            [f"{foot} foot against {whose} normal kept from earlier "
             f"{activity_sessions(declared_word or activities.get(foot))}{where}" for foot in held]
            + [f"{foot} foot against this session's first minutes (none kept for it)" for foot in learnt]) + "."
    if kept and all(kept.values()):
        return f"Judged against {whose} normal kept from earlier {activity_sessions(act)}{where}."
    held_acts = " and ".join(activity_sessions(a) for a in normal.activities()) or "no activity"
    this = f"none of {activity_sessions(act)}" if act else "none of an activity recognised here"
    return f"Judged against this session's first minutes: {whose} kept normal{where} is of {held_acts}, {this}."
