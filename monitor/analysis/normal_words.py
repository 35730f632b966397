"""What a session was judged against, in one line under the verdict: a rider's normal kept from earlier
sessions of its activity, or from this session's own first minutes (its first ride, judged live against
them, whose normal was kept after it), or from other sessions (a ride too short to keep a normal, whose
rider's normal a later ride kept), or the session's own first minutes (none kept, or one of other
activities only), or each foot's where they differ (a normal kept for one foot only); a normal read from
the session's baseline.json is said so, one the caller gave as given; and why a kept normal may hold the problem
(its caution), in the one set of words the end of the live ride that kept it says too. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from monitor.codebook import FEET
from monitor.session.info import activity_sessions
from monitor.session.insole_kinds import insole_words, kinds_words, live_kind
from monitor.signal.activity_words import activity_session
from monitor.signal.baseline import CAUTIONS, RiderBaseline, normal_key, same_normal, utc_time

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


def own_feet(kept: Mapping[str, bool], live_kept: Mapping[str, bool] | None) -> tuple[str, ...]:
    """The feet judged against a rider's kept normal (``kept``, RiderBaseline.kept_feet) whose normal the
    session's live run did not have (``live_kept``: per foot, whether the normal it ran with, its
    baseline.json, held that foot's activity; None or {}: it ran with none), in FEET order. For a session
    recorded for that rider (session.json ``rider``) these feet's kept normal was made from the session
    itself: a ride judged against its first minutes keeps what it learnt, and a ride that had a normal of
    its activity keeps nothing new (monitor.cli.rider_kinds.keep_rider_normal)."""
    return tuple(f for f in FEET if kept.get(f) and not (live_kept or {}).get(f))


def kept_from(feet: Collection[str], normal: RiderBaseline, own: RiderBaseline,
              activities: Mapping[str, str | None], machine: str | None = None) -> dict[str, str]:
    """Per foot of ``feet`` (:func:`own_feet`: a session recorded for the rider, whose live run had no normal
    of that foot's activity), where its kept normal (``normal``) was made: "this" where it is what the
    session's own first minutes give (``own``: per foot and activity, ForefootDetector.own_baseline_; equal
    within float rounding, baseline.same_normal), else "other" (the session too short to keep one, or its
    normal since replaced: another session's). ``activities``: each foot's pipeline label; ``machine``: the
    declared word (baseline.normal_key)."""
    def key(foot: str) -> str:
        return normal_key(activities.get(foot) or "unknown", machine)
    return {f: "this" if same_normal(normal.get(f, key(f)), own.get(f, key(f))) else "other" for f in feet}


def kept_when(kept: Mapping[str, bool], normal: RiderBaseline, activities: Mapping[str, str | None],
              start_utc: str | None, machine: str | None = None,
              live: RiderBaseline | None = None) -> dict[str, str]:
    """Per foot judged against a rider's kept ``normal`` (``kept``, RiderBaseline.kept_feet), where the
    session that kept it is not known to have started before this session (``start_utc``, its session.json's):
    "other" where it started at or after it (kept by a later ride), "unknown" where the normal holds no time
    (kept before the time was kept with it, or made by hand: ActivityBaseline.kept_utc); the feet whose
    normal an earlier session kept are left out, and so are those whose normal holds no time but is the one
    the session's own live run was judged against (``live``, its baseline.json: kept before it, so earlier).
    ``activities``, ``machine``: as :func:`kept_from` takes them."""
    now, out = utc_time(start_utc), {}
    for foot in (f for f in FEET if kept.get(f)):
        key = normal_key(activities.get(foot) or "unknown", machine)
        held = normal.get(foot, key)
        then = utc_time(held.kept_utc if held is not None else None)
        if then is None and live is not None and held is not None and same_normal(held, live.get(foot, key)):
            continue  # the normal this session's live run judged against: kept before it
        if then is None or now is None or then >= now:  # else kept by an earlier session: left out
            out[foot] = "unknown" if then is None or now is None else "other"
    return out


#: A normal the caller gave (``monitor.analyze(..., baseline=)``, ``replay_session(..., baseline=)``), not
#: read from a session's baseline.json nor kept for a named rider: said as such, where it came from unknown.
GIVEN_WORDS = "the normal given (baseline=)"


def judged_words(kept: Mapping[str, bool], normal: RiderBaseline | None, rider: str | None,
                 activities: Mapping[str, str | None], declared_word: str | None = None,
                 own: Mapping[str, str] | None = None,
                 elsewhere: tuple[Collection[str], str | None] = ((), None), from_session: bool = False,
                 kept_now: bool = False) -> str:
    """The line: ``kept`` per foot whether the normal held that foot's activity (AnalysisResult.kept_feet),
    ``normal`` the normal given (None: none), ``rider`` whose it is (None: not named: the live session's
    own, its baseline.json, where ``from_session``; else one the caller gave, :data:`GIVEN_WORDS`),
    ``activities`` each foot's pipeline label (None: not known), ``declared_word`` the activity as declared
    (said in its place: "elliptical" rather than its class). With no normal given, the
    line says how to keep one (:data:`KEEP_HINT`), or, for a ``rider`` named, that none was kept for them yet
    (a live session's ``--rider``, which keeps what this one learns). ``own``: per foot whose kept
    normal is no earlier session's (:func:`kept_from`, :func:`kept_when`), "this" where this session's own first
    minutes made it, said so: "kept from this ride's first minutes, as it was judged live", not "from earlier
    rides"; "other" where another session made it after this one, "unknown" where the session that made it is
    not known to be an earlier one: "kept from other rides". ``elsewhere``: (the insole kinds a
    normal is kept for, none of them this session's, whose kind is the second; monitor.session.insole_kinds),
    said where no normal was given for the session's kind. ``kept_now``: the ``rider``'s normal kept now is
    what this session learnt (monitor.session.kept_by_ride), which its ride kept: said so where no normal
    (or none of its activity) was given, not "none kept yet"."""
    own = own or {}
    ride = activity_session(declared_word or next((a for a in activities.values() if a and a != "unknown"), None))
    kept_it = f"this {ride} kept its first minutes as {rider}'s normal" if rider and kept_now else ""
    kinds, insole = elsewhere
    if normal is None and insole and not live_kind(insole):  # no live session keeps a normal of its kind
        whose = (f"{rider}'s normal is kept for {kinds_words(kinds)}; " if rider else "the normal given is kept "
                 f"for {kinds_words(kinds)}; ") if kinds else ""
        return (f"Judged against this session's first minutes: {whose}a normal is kept by `live --rider` only, "
                f"never for {insole_words(insole)}.")
    if normal is None and kinds:
        whose = f"{rider}'s normal is kept" if rider else "the normal given is"
        if kept_it:
            return (f"Judged against this session's first minutes: {whose} for {kinds_words(kinds)}, and "
                    f"{kept_it} for {insole_words(insole or 'solewatch')}.")
        return (f"Judged against this session's first minutes: {whose} for {kinds_words(kinds)}, none for "
                f"{insole_words(insole or 'solewatch')}{' yet' if rider else ''}.")
    if normal is None:
        if kept_it:
            return f"Judged against this session's first minutes (none was kept for {rider} before: {kept_it})."
        if rider:
            return f"Judged against this session's first minutes (no normal kept for {rider} yet)."
        return f"Judged against this session's first minutes (no kept normal; {KEEP_HINT})."
    if rider or from_session:
        whose = f"{rider}'s normal" if rider else "the rider's normal"
        where = "" if rider else " (the live session's baseline.json)"
    else:
        whose, where = f"{GIVEN_WORDS},", ""
    labels = {a for a in activities.values() if a and a != "unknown"}
    act = declared_word or (labels.pop() if len(labels) == 1 else None)

    def source(foot: str | None) -> str:  # where the normal was kept from: a foot's, or every foot's (None)
        said = declared_word or (activities.get(foot) if foot else act)
        made = own.get(foot) if foot else next((own[f] for f in FEET if kept.get(f) and f in own), None)
        if made == "this":
            return f"this {activity_session(said)}'s first minutes"
        return f"{'other' if made else 'earlier'} {activity_sessions(said)}{where}"

    split = split_feet(kept)
    held_feet = [f for f in FEET if kept.get(f)]
    if split or len({own.get(f) for f in held_feet}) > 1:
        held, learnt = split or (held_feet, [])
        return "Judged per foot: " + "; ".join(
            [f"{foot} foot against {whose} kept from {source(foot)}" for foot in held]
            + [f"{foot} foot against this session's first minutes (none kept for it)" for foot in learnt]) + "."
    if kept and all(kept.values()):
        as_live = ", as it was judged live" if "this" in own.values() else ""
        return f"Judged against {whose} kept from {source(None)}{as_live}."
    held_acts = " and ".join(activity_sessions(a) for a in normal.activities()) or "no activity"
    this = f"none of {activity_sessions(act)}" if act else "none of an activity recognised here"
    kept_normal = f"{whose.removesuffix(' normal')} kept normal" if rider or from_session else GIVEN_WORDS
    if kept_it:
        this = f"none of {activity_sessions(act)} before: {kept_it}" if act else this
    return f"Judged against this session's first minutes: {kept_normal}{where} is of {held_acts}, {this}."


#: Each caution's reason (monitor.signal.baseline.CAUTIONS, strongest first, the order they are said in), said
#: of the session that kept the normal, the feet it holds for in ``{feet}``.
_REASONS = {"numb": "had the {feet} foot marked numb", "warned": "warned on the {feet} foot",
            "early_sign": "showed an early sign on the {feet} foot in the first minutes its normal was learnt from"}


def caution_reasons(cautions: Mapping[str, str]) -> str:
    """Why a kept normal may hold the problem, in the one set of words every caution of it says (the end of
    `live --rider` that kept it, monitor.cli.rider_kinds.warned_caveat; the line under a verdict judged against
    it and `live --rider`'s start line, :func:`caution_words`): ``cautions`` per foot, one of
    monitor.signal.baseline.CAUTIONS (a foot marked numb and warned on is "numb", the strongest:
    monitor.cli.rider_kinds.cautions), each one said, a numb mark first, then a warning, then an early sign,
    with its feet in FEET order: "had the left foot marked numb and showed an early sign on the right foot in
    the first minutes its normal was learnt from"; "" where none."""
    said = [_REASONS[c].format(feet=" and ".join(f for f in FEET if cautions.get(f) == c)) for c in CAUTIONS
            if c in cautions.values()]
    return " and ".join(said)


def caution_words(cautions: Mapping[str, str], ride: str) -> str:
    """The sentence said after the line where a foot was judged against a kept normal that may hold the
    problem (``cautions``: per such foot, one of monitor.signal.baseline.CAUTIONS, kept with the normal by the
    ``ride`` that kept it: ride, run, walk, session): "" where none. A problem there from that ride's first
    minutes is in the normal, so a session judged against it shows no change from it, and once it is fixed a
    healthy session may warn against it (moving a cleat back lowers MTH2-3, so MTH1 rises against the other
    heads' mean); what to do is docs/detection.md's ("The rider's own normal"). Why, in the words the end of
    the ride that kept it said it: :func:`caution_reasons`."""
    what = caution_reasons(cautions)
    if not what:
        return ""
    return (f" The normal kept may hold the problem, as the {ride} that kept it {what}: a problem "
            f"already in it is no change from it, and once it is fixed a healthy {ride} may warn against it, the "
            "other heads' loads changed by the fix (docs/detection.md, \"The rider's own normal\", says what to do).")
