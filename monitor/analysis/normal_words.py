"""What a session was judged against, in one line under the verdict: a rider's normal kept from earlier
sessions of its activity, or the session's own first minutes (none kept, or one of other activities only).
Pure."""

from __future__ import annotations

from collections.abc import Mapping

from monitor.session.info import activity_sessions
from monitor.signal.baseline import RiderBaseline


def judged_words(kept: bool, normal: RiderBaseline | None, rider: str | None,
                 activities: Mapping[str, str | None], declared_word: str | None = None) -> str:
    """The line: ``kept`` (the normal held each foot's activity, AnalysisResult.kept_normal), ``normal`` the
    normal given (None: none), ``rider`` whose it is (None: the live session's own, baseline.json),
    ``activities`` each foot's pipeline label (None: not known), ``declared_word`` the activity as declared
    (said in its place: "elliptical" rather than its class)."""
    if normal is None:
        return "Judged against this session's first minutes (no kept normal)."
    whose = f"{rider}'s" if rider else "the rider's"
    where = "" if rider else " (the live session's baseline.json)"
    labels = {a for a in activities.values() if a and a != "unknown"}
    act = declared_word or (labels.pop() if len(labels) == 1 else None)
    if kept:
        return f"Judged against {whose} normal kept from earlier {activity_sessions(act)}{where}."
    held = " and ".join(activity_sessions(a) for a in normal.activities()) or "no activity"
    this = f"none of {activity_sessions(act)}" if act else "none of an activity recognised here"
    return f"Judged against this session's first minutes: {whose} kept normal{where} is of {held}, {this}."
