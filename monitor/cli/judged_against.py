"""What a live ride with ``--rider`` is judged against, in its first line: whether the rider's kept normal
holds the session's activity, per foot where it holds one foot's only, and whether that normal may hold the
problem (its caution, in the words said under the verdict: monitor.analysis.normal_words.caution_words). Pure
words. (What a recorded session was judged against is said by monitor.analysis.judged, the progress lines of
``analyze``, ``report`` and ``export`` too.)"""

from __future__ import annotations


def rider_start_line(rider: str, baseline, activity: str | None, feet, now_utc: str | None = None) -> str:
    """The line a live session with ``--rider`` starts with: whether ``rider``'s kept normal (a
    RiderBaseline, or None) holds the session's declared ``activity`` (a session's word; "unknown" or None:
    not declared, each recognised activity is judged against its kept normal if any) on its ``feet``;
    where it does not, the session's first minutes are taken as its normal (per foot where it holds one
    foot's only); not declared, where it holds more than one activity, that the normal of the one the session
    is recognised as judges it ("its normal of the activity it is recognised as, from earlier rides or runs").
    A foot judged against a kept normal that may hold the problem (its caution) is said as the verdict will
    say it, after a full stop. The normal is "from earlier" rides where every ride that kept what
    judges the session started before ``now_utc`` (ISO 8601 with a zone; the session starts no earlier), or
    kept no time (it is the session's baseline.json, kept before it): as analyze says it afterwards
    (monitor.analysis.normal_words.kept_when); else "from other" rides; where the feet's normals differ in it,
    each foot's ("its normal from earlier rides on the left foot, from other rides on the right foot"), as
    analyze's per-foot line does, whether the activity was declared or not. ``now_utc`` None: not known."""
    from monitor.analysis.declared import declared_activity
    from monitor.analysis.normal_words import split_feet
    from monitor.signal.activity_words import activity_session, activity_sessions, activity_word
    from monitor.signal.baseline import MACHINES, normal_key

    word = activity_word(activity, as_declared=False)  # ride, run, walk or session ("earlier stair climbers"
    sessions = activity_sessions(activity)  # would name people: "earlier stair climber sessions")
    declared = declared_activity(activity)
    if baseline is None:
        return f"rider {rider}: no earlier {word}: its normal is learnt from the first minutes"
    kept = " and ".join(activity_sessions(a) for a in baseline.activities()) or "no activity"
    if declared is None:  # a machine recognised, not declared, cannot tell whose it is (normal_key)
        which = (" (an elliptical's or a stair climber's for a session declared as one only)"
                 if set(baseline.activities()) & set(MACHINES) else "")
        each = {foot: _when(list(baseline.feet[foot].values()), now_utc) for foot in feet
                if baseline.feet.get(foot)}
        if len(set(each.values())) > 1:  # kept at different times: each foot's word, as a declared one's line
            said = ", from ".join(f"{w} {_kept(baseline, foot)} on the {foot} foot" for foot, w in each.items())
        else:
            said = (f"{_when([b for foot in feet for b in baseline.feet.get(foot, {}).values()], now_utc)} "
                    f"{_kept(baseline, None)}")
        # one activity's normal judges it, the one it is recognised as: "rides and runs" would read as one of both
        whose = "of the activity it is recognised as, " if len(baseline.activities()) > 1 else ""
        return (f"rider {rider}: its normal {whose}from {said}{which}; another activity's is learnt from its "
                "first minutes") + _any_caution(baseline, feet)
    by_foot = baseline.kept_feet(dict.fromkeys(feet, declared), activity)  # a machine's own normal only
    split = split_feet(by_foot)
    key = normal_key(declared, activity)
    said = _caution({foot: baseline.caution(foot, key) for foot, held in by_foot.items() if held},
                    activity_session(activity))
    when = _when([baseline.get(foot, key) for foot, held in by_foot.items() if held], now_utc)
    if split:
        held, learnt = split
        return (f"rider {rider}: its normal from {when} {sessions} on the {' and '.join(held)} foot; on the "
                f"{' and '.join(learnt)} foot (none kept for it) this {word}'s first minutes are taken as its "
                "normal") + said
    if by_foot and all(by_foot.values()):
        each = {foot: _when([baseline.get(foot, key)], now_utc) for foot in by_foot}
        if len(set(each.values())) > 1:  # kept at different times: each foot's word, as analyze's per-foot line
            return f"rider {rider}: its normal from " + ", from ".join(
                f"{w} {sessions} on the {foot} foot" for foot, w in each.items()) + said
        return f"rider {rider}: its normal from {when} {sessions}" + said
    return (f"rider {rider}: no earlier {sessions} (its kept normal is of {kept}): this {word}'s first minutes "
            "are taken as its normal")


def _kept(baseline, foot: str | None) -> str:
    """The sessions of the activities ``baseline`` (a RiderBaseline) keeps a normal of for ``foot`` (None: for
    any foot), in its activities' order, as alternatives, one of which judges a session not declared: "rides",
    "rides or runs"."""
    from monitor.signal.activity_words import activity_sessions

    return " or ".join(activity_sessions(a) for a in baseline.activities()
                       if foot is None or a in baseline.feet.get(foot, {}))


def _when(held, now_utc: str | None) -> str:
    """"earlier" where every normal of ``held`` (ActivityBaseline, None for none) was kept by a ride that
    started before ``now_utc``, or kept no time (the one the session's baseline.json keeps: kept before it,
    as monitor.analysis.normal_words.kept_when reads it afterwards); else "other" (a stamp at or after it:
    a clock that was ahead)."""
    from monitor.signal.baseline import utc_time

    now = utc_time(now_utc)
    stamps = [utc_time(b.kept_utc) for b in held if b is not None and b.kept_utc is not None]
    return "other" if now is not None and any(t is None or t >= now for t in stamps) else "earlier"


def _caution(cautions, ride: str) -> str:
    """A full stop and the caution the verdict says (monitor.analysis.normal_words.caution_words) of
    ``cautions`` (per foot judged against the kept normal, one of CAUTIONS or None) kept by a ``ride`` (a
    word: ride, run, ...); "" where no foot has one."""
    from monitor.analysis.normal_words import caution_words

    said = caution_words({foot: c for foot, c in cautions.items() if c}, ride)
    return "." + said if said else ""


def _any_caution(baseline, feet) -> str:
    """:func:`_caution` of a session whose activity is not declared, so not yet known: per foot of ``feet``,
    the first of CAUTIONS ("numb", then "warned", then "early_sign") that the normal of any activity
    ``baseline`` keeps for it has; the ride that kept it named by its activity where every such normal is of
    one, else "session"."""
    from monitor.signal.activity_words import activity_session
    from monitor.signal.baseline import CAUTIONS

    marked = {foot: {a: b.caution for a, b in baseline.feet.get(foot, {}).items() if b.caution} for foot in feet}
    acts = {a for by_act in marked.values() for a in by_act}
    cautions = {foot: next((c for c in CAUTIONS if c in by_act.values()), None)
                for foot, by_act in marked.items()}
    return _caution(cautions, activity_session(next(iter(acts)) if len(acts) == 1 else None))
