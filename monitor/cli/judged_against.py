"""What a command over a session is judged against, in words: the rider's kept normal, the normal a live
session ran with, or the session's own first minutes (``analyze``'s, ``report``'s and ``export``'s progress
lines, a live ride's first line), and per foot whether a normal holds the session's activity. Pure words, no
I/O but what the session and the rider's normal give."""

from __future__ import annotations

from collections.abc import Sequence

from monitor.codebook import FEET


def recorded_for(info) -> dict:
    """Whom the session of ``info`` (SessionInfo) was recorded for and the kinds their normal was kept for
    then, none the session's: :func:`baseline_words`'s ``session_rider``, ``kept_for`` and ``kind``."""
    from monitor.session.insole_kinds import kinds_elsewhere

    kept_for, kind = kinds_elsewhere(info, info.rider, None)
    return {"session_rider": info.rider, "kept_for": kept_for, "kind": kind}


def baseline_words(rider: str | None, baseline, kept=None, session_rider: str | None = None, own=None,
                   kept_for: Sequence[str] = (), kind: str = "") -> str:
    """What :func:`detection_baseline` gave, in words for a progress line: ``rider``'s kept normal, the
    normal the live session ran with (its baseline.json), or the session's own first minutes: those too
    where the normal given does not hold the session's activity, and per foot where it holds one foot's
    only (``kept``: per foot whether its activity is kept, :func:`normal_kept_feet` or
    AnalysisResult.kept_feet; None: not known before the analysis, the activity not declared). ``own``: per
    foot, where its kept normal was made (AnalysisResult.kept_from: "this" where the session's own first
    minutes made it, which it is judged on as live judged it, monitor.cli.rider_analysis).
    ``session_rider``: whom the session was recorded for (session.json ``rider``): a live ride of theirs
    without a baseline.json had no normal of theirs before it, and may have kept its own for them at its
    end, so it is not said to have kept none; ``kept_for``: the insole kinds their normal was kept for when
    the session started, none of them the session's ``kind`` (session.json ``normal_kept_for``,
    monitor.session.insole_kinds.kinds_elsewhere), said as the live summary said them."""
    from monitor.analysis.normal_words import split_feet

    this = [f for f in FEET if (own or {}).get(f) == "this" and (kept or {}).get(f)]
    if this and rider is not None:  # the ride that made the normal: judged on its own first minutes
        made = f"the session's first minutes as its normal{{}}, as live judged it (rider {rider}'s kept normal was " \
               "made of them)"
        held = [f for f in FEET if kept.get(f) and f not in this]
        learnt = [f for f in FEET if f in kept and not kept[f]]
        if not held and not learnt:
            return made.format("")
        return "; ".join([*([f"rider {rider}'s kept normal on the {' and '.join(held)} foot"] if held else []),
                          made.format(f" on the {' and '.join(this)} foot"),
                          *([f"the session's first minutes as its normal on the {' and '.join(learnt)} foot "
                             f"(rider {rider}'s kept normal has none of its activity for it)"] if learnt else [])])
    given = f"rider {rider}'s kept normal" if rider is not None else \
        "the normal the live session ran with (baseline.json)"  # a word for no one: any activity
    whose = given if rider is not None else "the live session's baseline.json"
    split = split_feet(kept) if baseline is not None and kept is not None else None
    if split:
        held, learnt = split
        return (f"{given} on the {' and '.join(held)} foot, the session's first minutes as its normal on the "
                f"{' and '.join(learnt)} foot ({whose} has none of its activity for it)")
    if baseline is not None and kept is not None and not (kept and all(kept.values())):
        return f"the session's first minutes as its normal ({whose} has none of its activity)"
    if baseline is None and rider is not None:
        return f"the session's first minutes as its normal ({given} is of other insoles only)"
    if baseline is not None or rider is not None:
        return given
    if session_rider is not None and kept_for:
        from monitor.session.insole_kinds import insole_words, kinds_words

        return (f"the session's first minutes as its normal, as live judged it (rider {session_rider} had a "
                f"normal kept for {kinds_words(kept_for)}, none for {insole_words(kind) if kind else 'its insoles'})")
    if session_rider is not None:
        return (f"the session's first minutes as its normal, as live judged it (rider {session_rider} had none "
                "kept before this session)")
    return "the session's first minutes as its normal (it kept none)"


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


def normal_kept_feet(baseline, session, activity: str | None = None) -> dict[str, bool] | None:
    """Per foot of the loaded ``session``, whether ``baseline`` (a RiderBaseline, or None) keeps the activity
    declared for it (its own, or ``activity``; RiderBaseline.kept_feet); None where nothing is declared (the
    recogniser says which after the analysis: AnalysisResult.kept_feet) or no baseline is given."""
    from monitor.analysis.batch import declared_activity, declared_word

    declared = declared_activity(session.info.activity, activity)
    if baseline is None or declared is None:
        return None
    return baseline.kept_feet(dict.fromkeys(session.info.feet, declared),
                              declared_word(session.info.activity, activity))
