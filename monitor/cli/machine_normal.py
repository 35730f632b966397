"""A stepping machine's session that declares no machine is judged against, and keeps, the normal of the
detector's class of both machines (monitor.signal.baseline.MACHINE_CLASS, ``normal_key``), which either
machine may have kept: one machine's normal reads the other's healthy load as a change (docs/detection.md,
"The rider's own normal"). The lines that say so where it matters, with how to keep them apart: at the start
of ``live --rider`` where the class's normal would judge the session, at its end where the session keeps one,
and on the stderr of ``analyze``, ``report`` and ``export --format fit`` where one judged the session or the
session kept it. Pure words."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from monitor.signal.activity_words import activity_sessions
from monitor.signal.baseline import MACHINE_CLASS, MACHINES

#: How a rider keeps the two machines' normals apart: declaring the machine (normal_key).
DECLARE = f"declare --activity {' or '.join(MACHINES)}: each machine then keeps its own normal"
#: Why it matters, said in each line: the class's normal is one for both machines.
SHARED = (f"its normal of {activity_sessions(MACHINE_CLASS)}, one for both machines (one machine's normal reads "
          "the other's healthy load as a change)")


def machine_judging_line(rider: str, baseline, activity: str | None, feet: Collection[str]) -> str | None:
    """The line ``live --rider`` starts with, after the one naming the normal, where ``rider``'s kept normal
    (a RiderBaseline of the session's insole kind, or None) holds the class's normal for any of ``feet`` and
    the session declares no activity (``activity``: its word; None or "unknown": recognised), so a machine it
    is recognised as is judged against that normal; None where not (a declared machine has its own, a
    declared bike or run never uses it)."""
    from monitor.analysis.declared import declared_activity

    if baseline is None or declared_activity(activity) is not None:
        return None
    if not any(MACHINE_CLASS in baseline.feet.get(foot, {}) for foot in feet):
        return None
    return f"rider {rider}: a stepping machine not declared is judged against {SHARED}: {DECLARE}"


def machine_kept_caveat(rider: str, kept) -> str:
    """The line after one saying a ``live --rider`` session kept ``kept`` (the RiderBaseline it saved) as
    ``rider``'s normal, where that holds the class's normal (only a session that declared no machine keeps
    one: a declared machine keeps its own word's), with a line break before it; else ""."""
    if MACHINE_CLASS not in kept.activities():
        return ""
    return f"\nrider {rider}: this session, a stepping machine not declared, kept {SHARED}: {DECLARE}"


def machine_analysis_line(rider: str | None, activities: Mapping[str, str | None], judged: Mapping[str, bool],
                          kept_from: Mapping[str, str], kept_now: bool, declared: str | None) -> str | None:
    """The stderr line of ``analyze``, ``report`` and ``export --format fit`` of a session recorded or judged
    for ``rider`` (None: no line) whose feet recognised as the class (``activities``: per foot, the pipeline
    label) declare no machine (``declared``: the session's declared word, one of MACHINES: none), where
    such a foot was judged against a kept normal (``judged``: AnalysisResult.kept_feet, which for those feet
    is the class's) or this session kept it (``kept_from`` "this", or ``kept_now``: the rider's normal kept
    now is what it learnt); None where not."""
    if rider is None or declared in MACHINES:
        return None
    feet = [foot for foot, act in activities.items() if act == MACHINE_CLASS]
    if any(kept_from.get(foot) == "this" for foot in feet) or (feet and kept_now):
        return f"rider {rider}: this session, a stepping machine not declared, kept {SHARED}: {DECLARE}"
    if any(judged.get(foot) for foot in feet):
        return f"rider {rider}: this session, a stepping machine not declared, was judged against {SHARED}: {DECLARE}"
    return None


def result_machine_line(result) -> str | None:
    """:func:`machine_analysis_line` of an analysis (monitor.analysis.batch.AnalysisResult, as
    monitor.cli.rider_analysis gives it)."""
    return machine_analysis_line(result.rider, result.activities(), result.kept_feet, result.kept_from,
                                 result.kept_now, result.declared_word)
