"""Numb marks of the wearer that no sign of forefoot load explains, in the verdict's words.

Pure: from an analysis's alerts (monitor.analysis.alerts; a mark is kind ``rider_mark``, monitor.analysis.marks)
and each foot's runs of readings (monitor.session.absence.data_runs): a mark on a foot that sent no data then
is not said to have no pressure cause in the data, which hold nothing of that time, but to have come when the
foot sent none, and since when. Nor is such a mark said to be explained by a sign its foot showed before its data
stopped: the foot's load at the mark is not known, whatever it was before; what is known is said (the last
sign before the mark, its level and time) and the referral to a clinician stays.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from monitor.analysis.alerts import Alert
from monitor.analysis.marks import no_data_words, unwatched_since_s
from monitor.analysis.referrals import see_a_clinician
from monitor.codebook import FEET
from monitor.util.timefmt import clock_text

#: Reminders (to unweight) are not a sign of a fit problem.
REMINDERS = (None, "no_relief", "relief_rare")


#: What the verdict says of numb marks that no sign of forefoot load explains, before the referral to a
#: clinician in the words of the session's activities (monitor.analysis.referrals.see_a_clinician: domain.md
#: section 6's last row, numbness that persists off the bike [18][36]).
_NO_PRESSURE_CAUSE = "with no pressure cause in the data"

Runs = Mapping[str, Sequence[tuple[float, float]]]


def signed_feet(alerts: Sequence[Alert]) -> set[str]:
    """The feet with a sign of forefoot load among ``alerts``: an alert of a pattern other than a reminder to
    unweight, at any level."""
    return {a.foot for a in alerts if a.kind == "alert" and a.level is not None and a.pattern not in REMINDERS}


def explained(mark: Alert, signed: Collection[str], data_runs: Runs | None) -> bool:
    """Whether a numb ``mark`` is explained by a sign of forefoot load: its foot is among ``signed``
    (:func:`signed_feet`) and it sent data at the mark (``data_runs``: :func:`unexplained_marks`'s). A mark on a
    foot that sent none then is not, whatever its data showed before they stopped: its load at the mark is
    not known."""
    return mark.foot in signed and unwatched_since_s(mark.foot, mark.t_s, data_runs) is None


def unexplained_feet(alerts: Sequence[Alert], data_runs: Runs | None = None) -> tuple[str, ...]:
    """The feet, left then right, with a numb mark among ``alerts`` that no sign explains (:func:`explained`)."""
    signed = signed_feet(alerts)
    return tuple(_in_order({a.foot: None for a in alerts if a.kind == "rider_mark"
                            and not explained(a, signed, data_runs)}))


def _sign_before(alerts: Sequence[Alert], foot: str, t_s: float) -> str:
    """The last sign of forefoot load on ``foot`` at or before ``t_s`` (:func:`signed_feet`'s kind), in words
    ("a warning at 5:10"), "" for none."""
    signs = [a for a in alerts if a.kind == "alert" and a.foot == foot and a.level is not None
             and a.pattern not in REMINDERS and a.t_s <= t_s]
    if not signs:
        return ""
    last = max(signs, key=lambda a: a.t_s)
    return f"{'an' if last.level[0] in 'aeiou' else 'a'} {last.level} at {clock_text(last.t_s)}"


def unexplained_marks(alerts: Sequence[Alert], data_runs: Runs | None = None,
                      lost: Mapping[str, int] | None = None, activities: Iterable[str | None] = ()) -> str:
    """The numb marks among ``alerts`` (kind ``rider_mark``, monitor.analysis.marks) on feet without a sign of
    forefoot load (:func:`signed_feet`: a sign on the right foot explains no numbness of the left) in words:
    "the left foot was marked numb at 0:50 and the right at 2:10, with no pressure cause in the data: ..."
    ("" when there is no such mark). A mark on a foot that sent no data then (``data_runs``: per foot its runs
    of readings, monitor.analysis.marks.unwatched_since_s; None: not known, every foot had data) is said as
    such: "the left foot was marked numb at 7:00, when it had sent no data since 4:00 (its load then
    unknown): ..."; the referral to a clinician (domain.md section 6's last row) stays, said once, in the words
    of the session's ``activities`` as its referrals say them (monitor.analysis.referrals.see_a_clinician: "if
    numbness persists after the run ends, see a clinician [36]"; none known: "after the session ends ...
    [18][36]"). A mark on a foot whose frames the raw log lost (``lost``: Session.log_lost) says so
    (monitor.analysis.marks.no_data_words)."""
    signed = signed_feet(alerts)
    watched: dict[str, list[float]] = {}
    unwatched: dict[tuple[str, float], list[float]] = {}
    marks = (a for a in alerts if a.kind == "rider_mark" and not explained(a, signed, data_runs))
    for a in sorted(marks, key=lambda a: a.t_s):
        since_s = unwatched_since_s(a.foot, a.t_s, data_runs)
        (watched.setdefault(a.foot, []) if since_s is None else unwatched.setdefault((a.foot, since_s), [])
         ).append(a.t_s)
    if not watched and not unwatched:
        return ""
    said = []
    if watched:
        feet = _in_order(watched)
        times = {f: " and ".join(clock_text(t) for t in watched[f]) for f in feet}
        said.append(" and ".join([f"the {feet[0]} foot was marked numb at {times[feet[0]]}",
                                  *(f"the {f} at {times[f]}" for f in feet[1:])]) + f", {_NO_PRESSURE_CAUSE}")
    for foot, since_s in sorted(unwatched, key=lambda k: (FEET.index(k[0]) if k[0] in FEET else len(FEET), k[1])):
        times_said = " and ".join(clock_text(t) for t in unwatched[foot, since_s])
        sign = _sign_before(alerts, foot, unwatched[foot, since_s][0]) if foot in signed else ""
        known = f"; its data's last sign: {sign}" if sign else ""
        gone = (foot, lost[foot]) if lost and lost.get(foot) else None  # lost from the raw log, not unsent
        when = no_data_words(since_s, "it", known, gone)
        said.append(f"the {foot} foot was marked numb at {times_said}, when {when}")
    return f"{', and '.join(said)}: {see_a_clinician(activities)}"


def _in_order(feet: Mapping[str, object]) -> list[str]:
    """``feet`` left, right, then any other in its own order, each once."""
    return [f for f in FEET if f in feet] + list(dict.fromkeys(f for f in feet if f not in FEET))


def with_marks(verdict: str, marked: str) -> str:
    """``verdict`` (ending in a full stop), and after it the marks that no sign explains (:func:`unexplained_marks`)."""
    return verdict if not marked else f"{verdict[:-1]}; yet {marked}."
