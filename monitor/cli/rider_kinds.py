"""A rider's kept normal for the insoles of this session: chosen by the session's insole kind
(monitor.session.insole_kinds, monitor.session.riders.RiderNormals), and said in the lines a command with
``--rider`` starts with where it is not simply the rider's normal of these insoles; and what a live
session learnt of it, kept under its insole kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from monitor.cli.machine_normal import machine_kept_caveat
from monitor.errors import SolewatchError
from monitor.session.insole_kinds import insole_words, kinds_words
from monitor.signal.activity_words import activity_sessions
from monitor.util.plain_text import one_line

if TYPE_CHECKING:
    from monitor.session.riders import RiderNormals
    from monitor.signal.baseline import RiderBaseline


def other_insoles_line(rider: str, normals: RiderNormals | None, insole: str, word: str) -> str | None:
    """The start line of a session of insole kind ``insole`` whose rider has a normal kept for other kinds
    only (None where not): this ``word``'s (ride, run, walk, session) first minutes are its normal."""
    if normals is None or normals.for_insole(insole) is not None or not normals.kinds():
        return None
    return (f"rider {rider}: its normal is kept for {kinds_words(normals.kinds())}, none for "
            f"{insole_words(insole)} yet: this {word}'s first minutes are taken as its normal")


def unknown_kind_line(rider: str, normals: RiderNormals | None, insole: str,
                      activity: str | None = None) -> str | None:
    """A line where the session is judged on an activity by a normal kept before the insole kind was kept
    with it (it may be another kind's), else None; ``activity``: the session's declared word (None or
    "unknown": any activity it holds may be recognised)."""
    from monitor.analysis.declared import declared_activity
    from monitor.signal.baseline import normal_key

    used = normals.unknown_used(insole) if normals is not None else []
    label = declared_activity(activity)
    if label is not None:  # a declared session is judged on its own activity only
        used = [a for a in used if a == normal_key(label, activity)]
    if not used:
        return None
    acts = " and ".join(activity_sessions(a) for a in used)
    return (f"rider {rider}: its normal of {acts} was kept before the kind of insole was kept with it, and may "
            f"be of other insoles than {insole_words(insole)}")


def session_kind(session_dir) -> str:
    """The insole kind of a recorded session (its session.json)."""
    from monitor.session.directory import read_info
    from monitor.session.insole_kinds import session_insole

    info = read_info(session_dir)
    return session_insole(info.layouts, info.imported_from)


def warned_caveat(rider: str, word: str, warned: Sequence[str], path, signs: Sequence[str] = (),
                  numb: Sequence[str] = ()) -> str:
    """The line after a kept normal of a ``word`` (ride, run...) in which the rider marked the ``numb`` feet
    numb (:func:`numb_feet`), or that warned on the ``warned`` feet (its warnings and alerts), or showed an
    early sign on the ``signs`` feet in the first minutes its normal was learnt from (a notice there: the
    verdict's "it showed in the first minutes"); none: "": the normal kept may hold the problem, which the
    next session would then take as the rider's normal; what to do about it is docs/detection.md's ("The
    rider's own normal"). Why, per foot as the normal is kept with it (:func:`cautions`: a foot marked numb
    and warned on is said marked numb), every foot's reason said, in the words a later verdict judged against
    it says (monitor.analysis.normal_words.caution_reasons)."""
    from monitor.analysis.normal_words import caution_reasons

    what = caution_reasons(cautions(warned, signs, numb))
    if not what:
        return ""
    return (f"\nrider {rider}: this {word} {what}, so the normal kept may hold the problem "
            f"and later {word}s would take it as normal, or, once it is fixed, warn against it (the other heads' "
            f"loads changed by the fix): before the first {word} after the fix, delete {path} (every insole kind's "
            f"normal in it) and keep a new one with `live --rider {rider}` (docs/detection.md, \"The rider's "
            "own normal\")")


def cautions(warned: Sequence[str], signs: Sequence[str] = (), numb: Sequence[str] = ()) -> dict[str, str]:
    """Per foot, why the normal a session keeps of it may hold the problem (baseline.CAUTIONS): "numb" on the
    ``numb`` feet (marked numb by the rider, :func:`numb_feet`), "warned" on the other ``warned`` feet,
    "early_sign" on the ``signs`` feet that neither did (:func:`early_signs`). Kept with the normal, so a
    later session judged against it says so under its verdict (monitor.analysis.judged)."""
    return {**{foot: "early_sign" for foot in signs}, **{foot: "warned" for foot in warned},
            **{foot: "numb" for foot in numb}}


def keep_rider_normal(rider: str, learnt: RiderBaseline | None, baseline_s: float, *, known: bool,
                      word: str = "ride", warned: Sequence[str] = (), signs: Sequence[str] = (),
                      judged_s: float | None = None, judged_any: bool | None = None,
                      kept_utc: str | None = None, numb: Sequence[str] = ()) -> str | None:
    """Keeps what a live ride learnt of ``rider``'s normal (a RiderBaseline, or None; kept under its
    ``insole`` kind beside the other kinds', monitor.session.riders.save_rider_baseline) and says so in a line,
    calling the session ``word`` (monitor.session.info.activity_word: ride, run, walk or session) and naming
    the kind ("rider cy: kept this ride's normal for Solewatch insoles in ...").
    A ride of an activity the rider has no normal of (``known`` False) with less than ``baseline_s`` of its
    judged windows learnt nothing, and is told so, with how far its judged windows reached (``judged_s``, s,
    BaselineBuilder.judged_s; None: not said; ``judged_any``: whether any window was judged, which a ``judged_s``
    of 0 leaves open, BaselineBuilder.judged_any; None: not known, 0 read as none); one judged against its
    kept normal learns nothing new (None).
    A session that warned (``warned``: the feet of its warnings and alerts) says after it that the normal
    kept may hold the problem (:func:`warned_caveat`), as does one with an early sign in its first minutes
    (``signs``: those feet) and one in which the rider marked a foot numb (``numb``: those feet, at any time,
    :func:`numb_feet`: the strongest sign, treated at least as a warning is); it is kept all the same, with
    that caution on those feet (:func:`cautions`), and with when the session started (``kept_utc``, its
    session.json ``start_utc``; RiderBaseline.stamped). A normal kept of the stepping machines' class (a
    session that declared no machine) says after it that it is one for both machines, and how to keep them
    apart (monitor.cli.machine_normal.machine_kept_caveat)."""
    from monitor.session.riders import save_rider_baseline
    from monitor.util.timefmt import clock_text

    if learnt is None or not learnt.feet or not any(learnt.feet.values()):
        if known:
            return None
        had = "less" if judged_s is None else f"{clock_text(judged_s, short_of=baseline_s)} of them" \
            if judged_s > 0 else "only that first window" if judged_any else "none"
        return (f"rider {rider}: nothing kept of this {word}'s normal (it takes {clock_text(baseline_s)} of "
                f"judged windows of one activity, from its first judged window; this {word} had {had})")
    kind = f" for {insole_words(learnt.insole)}" if learnt.insole else ""  # as keep_own_of_kind says it
    try:
        path = save_rider_baseline(rider, learnt.cautioned(cautions(warned, signs, numb)).stamped(kept_utc))
    except (OSError, SolewatchError) as exc:  # the session is recorded whatever happens here
        return f"rider {rider}: could not keep this {word}'s normal{kind} ({one_line(str(exc))})"
    return (f"rider {rider}: kept this {word}'s normal{kind} in {path}"
            + warned_caveat(rider, word, warned, path, signs, numb) + machine_kept_caveat(rider, learnt))


def keep_own_of_kind(rider: str, normals: RiderNormals | None, insole: str, own: RiderBaseline | None,
                     word: str = "ride", warned: Sequence[str] = (), signs: Sequence[str] = (),
                     kept_utc: str | None = None, numb: Sequence[str] = ()) -> str | None:
    """Keeps, under the session's kind ``insole``, what its first minutes give (``own``: per foot and
    activity, ForefootDetector.own_baseline_) of each activity it was judged on by ``rider``'s normal of a
    kind not known (RiderNormals.unknown_used), which it learnt nothing of: the next session of that kind
    has a normal of its own kind, and the line saying it may be of other insoles stops. The line saying so
    (and :func:`warned_caveat` where the rider marked the ``numb`` feet numb, the session warned on
    ``warned`` feet, or showed an early sign on the ``signs`` feet in its first minutes: kept with that
    caution, :func:`cautions`; and with ``kept_utc``, when the session started), None where nothing is kept."""
    from monitor.session.riders import save_rider_baseline
    from monitor.signal.baseline import RiderBaseline

    used = set(normals.unknown_used(insole)) if normals is not None else set()
    feet = {foot: {a: b for a, b in acts.items() if a in used} for foot, acts in (own.feet if own else {}).items()}
    feet = {foot: acts for foot, acts in feet.items() if acts}
    if not feet:
        return None
    kept = RiderBaseline(feet, insole)
    try:
        path = save_rider_baseline(rider, kept.cautioned(cautions(warned, signs, numb)).stamped(kept_utc))
    except (OSError, SolewatchError) as exc:  # the session is recorded whatever happens here
        return f"rider {rider}: could not keep this {word}'s normal for {insole_words(insole)} ({one_line(str(exc))})"
    return (f"rider {rider}: kept this {word}'s normal for {insole_words(insole)} in {path}"
            + warned_caveat(rider, word, warned, path, signs, numb) + machine_kept_caveat(rider, kept))


def numb_feet(alerts) -> list[str]:
    """Of a session's ``alerts`` (monitor.analysis.alerts.Alert, the rider's marks among them, kind
    monitor.analysis.marks.RIDER_MARK_KIND), the feet the rider marked numb at any time, sorted: the
    strongest sign that the normal the session keeps may hold the problem, whatever the detector said."""
    from monitor.analysis.marks import FEET_MARKED, RIDER_MARK_KIND

    return sorted({a.foot for a in alerts if a.kind == RIDER_MARK_KIND and a.foot in FEET_MARKED})


def early_signs(alerts, baseline_s: float) -> tuple[list[str], list[str]]:
    """Of a session's ``alerts`` (monitor.analysis.alerts.Alert), the feet it warned on (warnings and
    alerts) and, of the others, those with a notice in its first ``baseline_s`` s, which a first session
    learns its normal from (the verdict's "it showed in the first minutes": advice.learnt_as_normal)."""
    from monitor.analysis.advice import learnt_as_normal

    raised = [a for a in alerts if a.kind == "alert"]
    warned = sorted({a.foot for a in raised if a.level in ("warning", "alert")})
    first_s: dict[str, float] = {}  # per foot that did not warn, its first notice (s)
    for a in raised:
        if a.level == "notice" and a.foot not in warned:
            first_s[a.foot] = min(a.t_s, first_s.get(a.foot, a.t_s))
    return warned, sorted(learnt_as_normal(first_s, baseline_s))


def summary_kept(summary, rider: str | None, insole: str | None):
    """``summary`` (a live session's or its replay's LiveSummary) with ``kept_now``: whether ``rider``'s normal
    kept now for the ``insole`` kind is what the session learnt (monitor.session.kept_by_ride), so
    the line under its verdict says this ride kept it, not that none is kept yet."""
    from dataclasses import replace

    from monitor.live.summary_verdict import activities
    from monitor.session.kept_by_ride import kept_by_session

    learnt = summary.baseline and replace(summary.baseline, insole=insole)
    return replace(summary, kept_now=kept_by_session(rider, learnt, activities(summary), summary.declared_word))


def normals_kept(rider: str, summary, baseline: RiderBaseline | None, normals: RiderNormals | None,
                 insole: str, baseline_s: float, activity: str | None, word: str) -> list[str]:
    """What ``live --rider`` keeps of ``rider``'s normal at the end of a session (its LiveSummary
    ``summary``, judged against ``baseline``, the kept normal of its ``insole`` kind, or None; ``normals``:
    every kind's), in the lines it says so (:func:`keep_rider_normal`, :func:`keep_own_of_kind`, with
    :func:`warned_caveat` after a session in which a foot was marked numb, that warned or showed an early
    sign in its first minutes; each kept with when the session started, :func:`session_start`); [] where
    nothing is kept."""
    from dataclasses import replace

    kept = baseline is not None and all(baseline.kept_feet(  # each activity recognised is kept already
        {foot: p.get("activity") for foot, p in summary.pipeline.items()}, activity).values())
    warned, signs = early_signs(summary.alerts, baseline_s)
    numb = numb_feet(summary.alerts)
    started = session_start(summary.record.path)
    said = [keep_rider_normal(rider, summary.baseline and replace(summary.baseline, insole=insole), baseline_s,
                              known=kept, word=word, warned=warned, signs=signs, judged_s=summary.normal_judged_s,
                              judged_any=summary.normal_judged_any, kept_utc=started, numb=numb),
            keep_own_of_kind(rider, normals, insole, summary.own_normal, word, warned, signs, started, numb)]
    return [line for line in said if line]


def session_start(session_dir) -> str | None:
    """The ``start_utc`` of the session at ``session_dir`` (its session.json), kept with the normal it keeps;
    None where it cannot be read (the normal is kept all the same, with no time)."""
    from monitor.session.directory import read_info

    try:
        return read_info(session_dir).start_utc
    except (OSError, SolewatchError, TypeError, ValueError):
        return None
