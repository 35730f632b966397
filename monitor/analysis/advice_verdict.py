"""The verdict sentence of a session's advice (monitor.analysis.advice): which foot or feet were warned or
showed a sign, where, the pattern in plain words and its likely cause, and when; whether the other foot
showed it too, whether it came in the first minutes the session took as the rider's normal, and whether
the data after it were long enough for a warning. Pure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from monitor.analysis.suggestions import pattern_words
from monitor.codebook import FEET, region_name
from monitor.session.absence import data_time_s
from monitor.signal.patterns import HEAD_PATTERNS
from monitor.util.timefmt import clock_text

#: per foot, each (pattern, region) of its alerts, a notice included: session s of the first
Raised = dict[str, dict[tuple[str, str | None], float]]


def _feet_text(feet: Sequence[str]) -> str:
    return "both feet" if len(feet) > 1 else f"the {feet[0]} foot"


def _region(region: str | None) -> str:
    return region_name(region) if region else "the forefoot"


def learnt_as_normal(first_s: Mapping[str, float], learnt_s: float | Mapping[str, float | None] | None) -> list[str]:
    """The feet of ``first_s`` (per foot, the session s of its first sign) whose sign showed in the first
    minutes: at or before ``learnt_s``, the span at the start (s, DetectorParams.baseline_s) the session took
    as the rider's normal (per foot where a mapping; None: judged against a kept normal), so that the normal
    learnt there holds it ("it showed in the first minutes"); in ``first_s``'s order."""
    learnt = learnt_s if isinstance(learnt_s, Mapping) else dict.fromkeys(first_s, learnt_s)
    return [f for f, t_s in first_s.items() if learnt.get(f) is not None and t_s <= learnt[f]]


@dataclass(frozen=True)
class Finding:
    """A foot's first sign as the verdict names it: when (session s), under which region (None: the
    forefoot), its pattern and likely cause."""

    foot: str
    t_s: float
    region: str | None
    pattern: str | None
    cause: str | None
    steps_per_min: float | None = None  # the step rate where it was shown (Shown.steps_per_min; None: not known)


def raised_at(raised: Mapping[tuple[str, str | None], float], pattern: str | None, region: str | None) -> float | None:
    """When a foot first raised an alert (a notice included) of ``pattern`` under ``region``: ``raised`` is
    its alerts' ``(pattern, region)`` -> first session s; a region None on either side (a pattern without
    one) matches any. None: it raised none. The region counts for a pattern of one head (HEAD_PATTERNS): a
    notice under MTH4-5 is not the warning under MTH2-3 on the other foot, a pad behind MTH2-3 in both shoes
    would not follow from it. A whole-forefoot pattern's region is only where its load was heaviest, so any
    of its regions matches: pressure that stays on, heaviest under MTH2-3, is the same pattern as that
    heaviest under MTH1."""
    focal = pattern in HEAD_PATTERNS
    times = [t for (p, r), t in raised.items()
             if p == (pattern or "") and (not focal or region is None or r is None or r == region)]
    return min(times, default=None)


def _what(f: Finding, heaviest: str | None = None) -> str:
    """Where and what: "under MTH2-3 (a focal pressure peak ...)" of a pattern of one head (HEAD_PATTERNS);
    "across the forefoot, heaviest under MTH1 (a high share of the load on the forefoot ...)" of a
    whole-forefoot pattern, whose region is only where its load is heaviest (``heaviest``: where that is, in
    words, in place of ``f.region``'s: "MTH1 on the left and MTH2-3 on the right", :func:`_each_heaviest`)."""
    cause = f"; likely cause: {f.cause}" if f.cause else ""
    if f.pattern in HEAD_PATTERNS:
        where = f"under {_region(f.region)}"
    else:
        heaviest = heaviest or (region_name(f.region) if f.region else None)
        where = "across the forefoot" + (f", heaviest under {heaviest}" if heaviest else "")
    return f"{where} ({pattern_words(f.pattern)}{cause})"


def _each_heaviest(items: Sequence[Finding]) -> str | None:
    """Of findings on several feet of one whole-forefoot pattern and cause, heaviest under different heads, where
    each foot's load was heaviest, in one phrase: "MTH1 on the left and MTH2-3 on the right" (the pattern is one,
    its region only where its load is heaviest: one sentence names both feet); None where they are not so (a
    pattern of one head, a cause or a pattern apart, a foot without a region): each foot is then said apart."""
    if (len(items) < 2 or len({(i.pattern, i.cause) for i in items}) != 1 or items[0].pattern in HEAD_PATTERNS
            or not all(i.region for i in items)):
        return None
    return " and ".join(f"{region_name(i.region)} on the {i.foot}" for i in items)


def verdict_sentence(found: dict[str, Finding], watched: Sequence[str], *, warned: bool,
                     data_s: float | None = None, warn_after_s: float | None = None,
                     learnt_s: float | Mapping[str, float | None] | None = None,
                     data_runs: Mapping[str, Sequence[tuple[float, float]]] | None = None,
                     raised: Raised | None = None, brief: str = "", numb: str = "if a foot goes numb",
                     gathering: Collection[str] = ()) -> str:
    """``watched``: the feet not watched too briefly (nor, with their runs unknown, ever stale), the feet a
    sign on one foot is told from. ``brief``: the clauses naming the feet watched too briefly
    (monitor.analysis.watched.brief_clauses: "; the right foot sent only 2:00 of data, ..."), said last,
    before the full stop: a warning on one foot is no word on a foot watched for 2 minutes of 20. A warning
    on one foot whose pattern another foot raised as a notice (``raised``: per foot, each pattern of its
    alerts, a notice included, under the same region where the pattern names one, and when it first came)
    is not that foot's only: the verdict says the other
    foot showed it too, and from when. A sign
    without a warning that every foot showed within the first ``learnt_s`` (the span the session took as the
    rider's normal; per foot where a mapping; None: judged against a kept normal) says so: a longer session
    would not make it a change (a sign on a foot judged against a kept normal was not taken as normal, nor one
    on a foot of ``gathering``, whose patterns gathered loaded time toward a warning: on the change or extreme
    tier, against the other foot too, which a longer session would warn of), and
    what to do of it, ``numb``: "for the numbness marked" where the wearer marked a foot with a sign numb, "if
    the right foot goes numb" where a foot without one was marked, else "if a foot goes numb".
    Otherwise it ends "a longer session would tell" unless the data after the last foot's first sign already
    held the ``warn_after_s`` of load a warning needs: then it says how long the sign went
    without becoming one; either way followed by what to do "for the numbness marked" where a foot with a sign
    was marked numb. That data is the sign's own foot's time with data after it where ``data_runs``
    (per foot, its runs of readings, monitor.session.absence.data_runs) are given, a hole adding nothing (of
    signs on both feet, the shorter: a sign on a foot watched 2 minutes went on no longer than that); else
    ``data_s`` minus the last sign's time."""
    feet = [f for f in FEET if f in found]
    items = [found[f] for f in feet]
    same = len({(i.region, i.pattern, i.cause) for i in items}) == 1
    heaviest = None if same else _each_heaviest(items)  # one whole-forefoot pattern, each foot's heaviest head
    if warned:
        lead = "Verdict: sustained forefoot load"
    else:
        lead = "Verdict: no warning, but an early sign"
    also = {g: raised_at((raised or {}).get(g, {}), items[0].pattern, items[0].region) for g in FEET
            if g not in found} if warned and len(feet) == 1 else {}
    also = {g: t for g, t in also.items() if t is not None}
    only = " only" if len(feet) == 1 and not also and any(f != feet[0] for f in watched) else ""
    if same or heaviest:
        clocks = [clock_text(i.t_s) for i in items]
        when = clocks[0] if len(set(clocks)) == 1 else " and ".join(f"{c} ({i.foot})" for c, i in zip(clocks, items))
        text = f"{lead} on {_feet_text(feet)}{only} {_what(items[0], heaviest)}, " \
               f"{'first warned' if warned else 'seen first'} at {when}"
    else:
        text = lead + "; and".join(f" on the {i.foot} foot {_what(i)}, "
                                   f"{'first warned' if warned else 'seen first'} at {clock_text(i.t_s)}"
                                   for i in items)
    if warned:
        return text + "".join(f"; the {g} foot showed it too (a notice, from {clock_text(t)})"
                              for g, t in also.items()) + brief + "."
    last_s = max(i.t_s for i in items)
    if len(learnt_as_normal({i.foot: i.t_s for i in items if i.foot not in gathering}, learnt_s)) == len(items):
        return text + ("; it showed in the first minutes, which a session without a kept normal of your own takes "
                       "as normal, so time alone does not make it a warning: ") + \
            numb + ", try what is suggested" + brief + "."
    if data_runs:  # each sign's own foot's data after it: another foot's data is no time it went on
        after_s: float | None = min(data_time_s(data_runs.get(i.foot, ()), after_s=i.t_s) for i in items)
    else:
        after_s = None if data_s is None else data_s - last_s
    tried = f": {numb}, try what is suggested" if numb.startswith("for the numbness marked") else ""  # marked now
    if after_s is None or warn_after_s is None or after_s < warn_after_s:
        return text + "; a longer session would tell" + tried + brief + "."
    return text + f"; no warning followed in the {clock_text(after_s)} of data after it" + tried + brief + "."


def numb_words(numb_feet: Sequence[str], marked_for: Sequence[str], signed: Collection[str], marked: bool) -> str:
    """What the suggestions of a sign the first minutes took as normal are for (:func:`verdict_sentence`'s ``numb``):
    "for the numbness marked" (on the feet with a sign marked while they sent data, ``marked_for``, where ``marked``
    other marks have no
    cause) where a foot with a sign was marked numb; "if the right foot goes numb" where only a foot without
    one was marked and one foot has a sign; else "if a foot goes numb"."""
    if marked_for:
        return f"for the numbness marked on {_feet_text(marked_for)}" if marked else "for the numbness marked"
    if numb_feet and len(signed) == 1:
        return f"if {_feet_text(sorted(signed))} goes numb"
    return "if a foot goes numb"
