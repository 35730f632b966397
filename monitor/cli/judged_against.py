"""What a live ride with ``--rider`` is judged against, in its first line: whether the rider's kept normal
holds the session's activity, per foot where it holds one foot's only. Pure words. (What a recorded session
was judged against is said by monitor.analysis.judged, the progress lines of ``analyze``, ``report`` and
``export`` too.)"""

from __future__ import annotations


def rider_start_line(rider: str, baseline, activity: str | None, feet) -> str:
    """The line a live session with ``--rider`` starts with: whether ``rider``'s kept normal (a
    RiderBaseline, or None) holds the session's declared ``activity`` (a session's word; "unknown" or None:
    not declared, each recognised activity is judged against its kept normal if any) on its ``feet``;
    where it does not, the session's first minutes are taken as its normal (per foot where it holds one
    foot's only)."""
    from monitor.analysis.batch import declared_activity
    from monitor.analysis.normal_words import split_feet
    from monitor.signal.activity_words import activity_sessions, activity_word
    from monitor.signal.baseline import MACHINES

    word = activity_word(activity, as_declared=False)  # ride, run, walk or session ("earlier stair climbers"
    sessions = activity_sessions(activity)  # would name people: "earlier stair climber sessions")
    declared = declared_activity(activity)
    if baseline is None:
        return f"rider {rider}: no earlier {word}: its normal is learnt from the first minutes"
    kept = " and ".join(activity_sessions(a) for a in baseline.activities()) or "no activity"
    if declared is None:  # a machine recognised, not declared, cannot tell whose it is (normal_key)
        which = (" (an elliptical's or a stair climber's for a session declared as one only)"
                 if set(baseline.activities()) & set(MACHINES) else "")
        return (f"rider {rider}: its normal from earlier {kept}{which}; another activity's is learnt from its "
                "first minutes")
    by_foot = baseline.kept_feet(dict.fromkeys(feet, declared), activity)  # a machine's own normal only
    split = split_feet(by_foot)
    if split:
        held, learnt = split
        return (f"rider {rider}: its normal from earlier {sessions} on the {' and '.join(held)} foot; on the "
                f"{' and '.join(learnt)} foot (none kept for it) this {word}'s first minutes are taken as its "
                "normal")
    if by_foot and all(by_foot.values()):
        return f"rider {rider}: its normal from earlier {sessions}"
    return (f"rider {rider}: no earlier {sessions} (its kept normal is of {kept}): this {word}'s first minutes "
            "are taken as its normal")

