"""The caveats of a comparison (monitor.analysis.compare): what makes two sessions compare poorly, in
words. A caveat that says the same of both sessions (a session compared with itself, two sessions missing as
much) is said once, of both. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from monitor.analysis.compare_facts import SessionFacts, insole_difference
from monitor.analysis.compare_text import clock
from monitor.signal.activity_words import activity_word
from monitor.util.pressure_units import unit_name

if TYPE_CHECKING:
    from monitor.analysis.compare import MetricChange
    from monitor.analysis.compare_rules import Thresholds


def _activities(facts: SessionFacts, feet: tuple[str, ...], when: str) -> str:
    """The activities of ``feet`` in the ``when`` ("before", "after") session in words: "run before",
    "elliptical or stair climber after"; one not recognised ("unknown") is said so, "the before session's
    activity was not recognised", never "session before"."""
    known = sorted({activity_word(facts.activity[f]) for f in feet if facts.activity[f] != "unknown"})
    if not known:
        return f"the {when} session's activity was not recognised"
    unknown = [f for f in feet if facts.activity[f] == "unknown"]
    return " and ".join(known) + f" {when}" + (f" (the {unknown[0]} foot's not recognised)" if unknown else "")


def comparison_caveats(fb: SessionFacts, fa: SessionFacts, feet: tuple[str, ...], changes: list[MetricChange],
                       th: Thresholds) -> list[str]:
    """The caveats of comparing the session of ``fb`` (before) with that of ``fa`` (after) on ``feet``,
    given their rows ``changes`` and thresholds ``th``: activity, length, missing data, too few cycles,
    other insoles, nominal units, cadence; each a sentence starting "Caveat: "."""
    out: list[str] = []
    if sorted({fb.activity[f] for f in feet}) != sorted({fa.activity[f] for f in feet}):
        out.append(f"Caveat: the sessions differ in activity ({_activities(fb, feet, 'before')}, "
                   f"{_activities(fa, feet, 'after')}): pressures of different activities do not compare.")
    if fb.duration_s and fa.duration_s:
        ratio = max(fb.duration_s, fa.duration_s) / min(fb.duration_s, fa.duration_s)
        if ratio > th.duration_ratio:
            out.append(f"Caveat: the sessions differ in length ({clock(fb.duration_s)} before, "
                       f"{clock(fa.duration_s)} after, {ratio:.1f}x): counts and first-warning times "
                       "compare poorly.")

    def missing(facts: SessionFacts, when: str) -> list[tuple[Any, str]]:
        out = []
        for foot in feet:
            m = facts.missing_fraction.get(foot)
            if m is not None and m > th.missing_fraction:
                pct = percent_words(m)
                out.append(((foot, pct), f"Caveat: {pct} % of the {foot} foot's data is "
                            f"missing {_in(when)}: its numbers rest on less data."))
        return out

    def few_cycles(facts: SessionFacts, when: str) -> list[tuple[Any, str]]:
        cycles = {f: facts.cycles.get(f, 0) for f in feet}  # None: its load never measured, none counted
        if not (few := [f for f in feet if cycles[f] is None or cycles[f] < th.min_cycles]):
            return []
        counts = ", ".join(f"{f} {'not counted, its load never measured' if cycles[f] is None else cycles[f]}"
                           for f in few)
        return [(counts, f"Caveat: too few cycles for a stable mean on {_on(few)} {_in(when)} ({counts}; "
                         f"about {th.min_cycles} are needed): {'their' if len(few) == 2 else 'its'} peak "
                         "pressures, pressure-time integrals and forefoot share are reported, not judged.")]

    def uncalibrated(facts: SessionFacts, when: str) -> list[tuple[Any, str]]:
        if not (raw := [f for f in differ if not facts.layouts[f].calibrated]):
            return []
        whose = "both sessions' insoles send" if when == "both" else f"the {when} session's insole sends"
        return [(tuple(raw), f"Caveat: {whose} {unit_name(False)}, not kPa, on {_on(raw)}: "
                             f"{'their' if when == 'both' else 'its'} pressures do not compare with another insole's.")]

    out += _said_once(missing, fb, fa) + _said_once(few_cycles, fb, fa)
    why = {f: insole_difference(fb, fa, f) for f in feet}
    differ = [f for f in feet if why[f] is not None]
    for reason in dict.fromkeys(why[f] for f in differ):
        on = [f for f in differ if why[f] == reason]
        out.append(f"Caveat: different insoles on {_on(on)} ({reason}): their peak pressures and pressure-time "
                   "integrals are reported, not judged.")
    out += _said_once(uncalibrated, fb, fa)
    for c in changes:
        cycling = fb.activity.get(c.foot) == fa.activity.get(c.foot) == "cycling"
        if c.metric == "cadence_per_min" and c.verdict == "neutral" and cycling:
            out.append(f"Caveat: the {c.foot} foot's cadence changed from {c.before:.0f} to {c.after:.0f} "
                       "rpm: at the same power a higher cadence lowers peak pedal force (Sanderson, Hennig "
                       "and Black 2000), so part of the change may be the cadence.")
    return out


def percent_words(fraction: float) -> str:
    """A fraction of 1 as a whole per cent ("12"), but never rounded up to 100 nor down to 0 (a tenth, rounded
    towards what it is not: 0.997 is "99.7", 0.9996 "99.9", 0.0004 "0.1"): 100 % missing says nothing came."""
    pct = 100.0 * fraction
    said = f"{pct:.0f}"
    if said == "100" and fraction < 1.0:
        return f"{math.floor(pct * 10) / 10:.1f}"
    if said == "0" and fraction > 0.0:
        return f"{max(math.ceil(pct * 10) / 10, 0.1):.1f}"
    return said


def _in(when: str) -> str:
    """"in the before session", "in the after session", or "in both sessions" (``when`` "both")."""
    return "in both sessions" if when == "both" else f"in the {when} session"


def _said_once(make: Callable[[SessionFacts, str], list[tuple[Any, str]]], fb: SessionFacts,
               fa: SessionFacts) -> list[str]:
    """The caveats ``make`` says of each session (``make(facts, when)``: (what it says, its words) per
    caveat, ``when`` "before", "after" or "both"), the before session's first; one that says the same of
    both (a session compared with itself, or two missing as much) is said once, of both sessions."""
    before, after = make(fb, "before"), make(fa, "after")
    said_after = {key for key, _ in after}
    out = [both if key in said_after else words
           for (key, words), (_, both) in zip(before, make(fb, "both"))]
    said_before = {key for key, _ in before}
    return out + [words for key, words in after if key not in said_before]


def _on(feet: list[str]) -> str:
    return "both feet" if len(feet) == 2 else f"the {feet[0]} foot"


#: How many of the differing detection parameters a caveat names before it counts the rest.
PARAMS_NAMED = 3  # a guess: a line stays readable


def params_caveat(before: Any, after: Any) -> list[str]:
    """The caveat of two sessions judged with different detection parameters (``before``, ``after``:
    monitor.signal.params.Params, each session's own params.json or the defaults): the fields that differ,
    "section.field before, after" (the first :data:`PARAMS_NAMED`, then how many more), and that a difference
    in what was detected may be the parameters', not the change's; [] where they are the same."""
    if before == after:
        return []
    b, a = _flat(before.to_dict()), _flat(after.to_dict())
    differ = [f"{name} {b.get(name)} before, {a.get(name)} after" for name in dict.fromkeys([*b, *a])
              if b.get(name) != a.get(name)]
    shown = "; ".join(differ[:PARAMS_NAMED]) + (f"; {len(differ) - PARAMS_NAMED} more" if len(differ) > PARAMS_NAMED
                                                 else "")
    return [f"Caveat: the sessions were judged with different detection parameters ({shown}): a difference "
            "in notices, warnings, alerts or reliefs may come from the parameters, not from the change."]


def _flat(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested dict's leaves by dotted name: {"detector": {"confirm_windows": 3}} ->
    {"detector.confirm_windows": 3}."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        out.update(_flat(value, f"{name}.") if isinstance(value, dict) else {name: value})
    return out


#: The rows a normal decides: when each foot warned, and how many notices, warnings and alerts it raised.
NORMAL_BOUND = frozenset({"first_warning_s", "notice_count", "warning_count", "alert_count"})
_CAUTION = " The normal kept may hold the problem"


def same_normals(before: Any, after: Any, feet: tuple[str, ...]) -> bool:
    """Whether the sessions of ``before`` and ``after`` (AnalysisResults) judged ``feet`` alike: each foot
    against each session's own first minutes in both, or against one kept normal (equal measures,
    monitor.signal.baseline.same_normal) in both. True where either judged nothing (no words to set apart)."""
    from monitor.signal.baseline import normal_key, same_normal

    jb, ja = before.judged(), after.judged()
    if jb is None or ja is None:
        return True

    def kept(result: Any, judged: Any, foot: str) -> Any:
        if judged.feet.get(foot, {}).get("normal") != "kept" or result.normal is None:
            return None
        return result.normal.get(foot, normal_key(result.activities().get(foot) or "unknown", result.declared_word))

    for foot in feet:
        nb, na = kept(before, jb, foot), kept(after, ja, foot)
        if (nb is None) != (na is None) or (nb is not None and not same_normal(nb, na)):
            return False
        if (jb.feet.get(foot, {}).get("caution")) != (ja.feet.get(foot, {}).get("caution")):
            return False
    return True


def normals_caveat(before: Any, after: Any, feet: tuple[str, ...]) -> list[str]:
    """The caveat of two sessions (``before``, ``after``: AnalysisResults) that judged ``feet`` against
    different normals (:func:`same_normals`): what each was judged against, as the line under its verdict
    says it (monitor.analysis.judged), the early sign or warning its kept normal was kept with in brackets,
    and that their warnings and alerts are then not like for like; [] where they judged alike."""
    if same_normals(before, after, feet):
        return []
    said = [_judged_sentence(r.judged()) for r in (before, after)]
    return [f"Caveat: the sessions were judged against different normals. Before: {said[0]}. After: {said[1]}. "
            "A warning is a change from the normal it was judged against, so their first warnings, notices, "
            "warnings and alerts are reported, not judged."]


def _judged_sentence(judged: Any) -> str:
    """A Judged's line without its full stop ("judged against this session's first minutes"), its caution
    said short (", kept with an early sign on the left foot") in place of its own sentence."""
    line = judged.line.split(_CAUTION)[0].removesuffix(".")
    cautions = {f: v["caution"] for f, v in judged.feet.items() if v.get("caution")}
    words = {"numb": "a numb mark", "warned": "a warning", "early_sign": "an early sign"}
    kept_with = " and ".join(f"{words[c]} on the {' and '.join(f for f in cautions if cautions[f] == c)} foot"
                          for c in dict.fromkeys(cautions.values()))
    return line + (f", kept with {kept_with}" if kept_with else "")
