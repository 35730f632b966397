"""The rider's own marks ("numb now"): what they are, and each one held against the detector's warnings.

A rider presses "numb now" (the phone view's button, a key of the terminal view) when a foot tingles or goes
numb. The live session puts a ``rider_mark`` event into the link's record stream, so the raw log holds it
where it happened; the analysis core gives it back as an :class:`monitor.analysis.alerts.Alert` of kind
``rider_mark`` (the events file, the replay), and a session's analysis reads it from the raw log's events
(``Session.events``). Marks are the ground truth a detector is judged against: for each mark,
:func:`judge_marks` says whether the foot was warned before it, and how long before. A mark's message names
the person of the session's activity (``person``: monitor.signal.activity_words's, the word the detector's
reasons use too). Pure (no I/O).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.analysis.alert_todo import relief_now
from monitor.analysis.alerts import Alert
from monitor.analysis.referrals import referrals
from monitor.analysis.tips import SUGGESTIONS, words
from monitor.errors import quote
from monitor.session.absence import no_data_since_s
from monitor.session.lost_words import lost_foot_words
from monitor.signal.activity_words import is_cycling, person
from monitor.util.hostclock import LATE_WAKE_HOST_S
from monitor.util.timefmt import clock_text

#: The link event of a rider's mark, in the raw log (docs/session-format.md).
RIDER_MARK_EVENT = "rider_mark"
#: The alert kind a mark is given back as (events file, replay; docs/events-json.md).
RIDER_MARK_KIND = "rider_mark"
#: What a rider can mark (one kind so far: a foot that tingles or goes numb).
MARKS = ("numb",)
#: Where a mark can come from.
MARK_SOURCES = ("web", "terminal")
FEET_MARKED = ("left", "right")
#: How a mark's message says who marked it, before the person's word.
MARKED_BY = "marked by the "


@dataclass(frozen=True)
class RiderMark:
    """One mark: session time ``t_s`` (s, the record's host time x speed, from 0), the ``foot``, what was
    marked. ValueError for a time that is not a finite number from 0 (a raw log's host times are,
    monitor.session.rawlog_format; docs/analyze-json.schema.json holds ``marks[].t_s`` to it)."""

    t_s: float
    foot: str
    mark: str = "numb"
    source: str | None = None

    def __post_init__(self) -> None:
        ok = isinstance(self.t_s, numbers.Real) and not isinstance(self.t_s, bool) and math.isfinite(self.t_s)
        if not ok or self.t_s < 0:
            raise ValueError(f"a mark's t_s is session time, a finite number of seconds from 0, not {self.t_s!r}")


def mark_event(foot: str, source: str, mark: str = "numb") -> dict[str, Any]:
    """The link event's fields (without ``event`` and ``foot``, which the link adds); ValueError for a foot,
    mark or source that is none of the known ones."""
    if foot not in FEET_MARKED:
        raise ValueError(f"a mark is for the left or the right foot, not {quote(foot)}")
    if mark not in MARKS or source not in MARK_SOURCES:
        raise ValueError(f"unknown mark {mark!r} or source {source!r}")
    return {"mark": mark, "source": source}


def mark_from_event(t_s: float, event: dict[str, Any]) -> RiderMark | None:
    """The mark a raw-log event holds (None for another event, or a mark of no known foot)."""
    if event.get("event") != RIDER_MARK_EVENT or event.get("foot") not in FEET_MARKED:
        return None
    mark = event.get("mark") if event.get("mark") in MARKS else "numb"
    source = event.get("source") if event.get("source") in MARK_SOURCES else None
    return RiderMark(float(t_s), str(event["foot"]), mark, source)


def marks_from_events(events: Iterable[dict[str, Any]]) -> list[RiderMark]:
    """The marks among a session's events (``Session.events``: dicts with ``t_s``), in time order."""
    out = [m for ev in events if (m := mark_from_event(ev.get("t_s", math.nan), ev)) is not None]
    return sorted(out, key=lambda m: m.t_s)


def no_data_words(since_s: float, who: str = "the foot", known: str = "", lost: tuple[str, int] | None = None) -> str:
    """That ``who`` sent no data from ``since_s`` (session s, MarkCheck.no_data_since_s; 0 or less: the start)
    to a mark, in the words every view says it in: "the foot had sent no data since 4:00 (its load then
    unknown)"; ``known``, what the data said before they stopped, goes inside the parentheses ("; its data's
    last sign: a warning at 5:10"). ``lost``: (foot, frames its close counted) of a foot whose frames the raw
    log lost (Session.log_lost): "the right foot's data were lost from the raw log, which kept none of the 6,000
    frames received, its load then unknown" (monitor.session.lost_words.lost_foot_words), never "sent no
    data"."""
    if lost is not None:
        return f"{lost_foot_words(*lost)}, its load then unknown{known}"
    since = "the start" if since_s <= 0 else clock_text(since_s)
    return f"{who} had sent no data since {since} (its load then unknown{known})"


def mark_now(foot: str, activity: str | None = None, relief_min_s: float | None = None,
             pedals: str | None = None) -> str:
    """What the rider who marked ``foot`` numb does at once, in the words of ``activity`` (None: not known):
    domain.md section 6's "stand or unweight 15–60 s" and "loosen the forefoot strap or dial" ([16][17][38] W;
    cyclists' numbness relieved by stopping [16] M), as the suggestion table's ``unweight``
    (monitor.analysis.alert_todo.relief_now, its time from ``relief_min_s``, s; None: the defaults') and
    ``loosen_closure`` say them: "Unweight the foot 20-60 s; loosen the left shoe's strap or dial" on a bike,
    "Take a 20-60 s break; loosen the left shoe's forefoot laces" on foot, "Slow down, step off for 20-60 s; ..."
    on a gym machine; where the activity is not known (a
    bike's or one on foot) in words for either, "Take the weight off the foot 20-60 s; loosen the left shoe over
    the forefoot" (as :func:`relief_now`, the alerts and the tips say them there: monitor.analysis.tips.words).
    On a bike with the declared ``pedals`` toe clips, the toe strap (domain.md's "worse with toe clips or straps
    ... looser straps" [16][19] W-M, as the tips' ``no_toe_clips`` says it): "Unweight the foot 20-60 s; loosen
    the toe strap on the left foot"."""
    if is_cycling(activity) and pedals == "toe-clips":
        return f"{relief_now(activity, relief_min_s)}; loosen the toe strap on the {foot} foot"
    loosen = words(SUGGESTIONS["loosen_closure"], activity, (foot,), pedals)[0]
    return f"{relief_now(activity, relief_min_s)}; {loosen[:1].lower()}{loosen[1:]}"


def mark_says(foot: str, activity: str | None = None, relief_min_s: float | None = None,
              pedals: str | None = None) -> str:
    """What a rider who marked ``foot`` numb is told: :func:`mark_now`, then when to see a clinician, the referral
    the phone view gives after a mark (monitor.analysis.referrals.referrals, domain.md section 6's last row
    [18][36]), both in the words of ``activity`` (None: not known): "Unweight the foot 20-60 s; loosen the left
    shoe's strap or dial. If numbness persists after the ride ends, see a clinician; ..."; ``pedals``: the
    declared pedals (:func:`mark_now`)."""
    return f"{mark_now(foot, activity, relief_min_s, pedals)}. {referrals([activity])[0]}"


def mark_alert(mark: RiderMark, activity: str | None = None, no_data_since_s: float | None = None,
               lost_frames: int | None = None, relief_min_s: float | None = None,
               pedals: str | None = None) -> Alert:
    """The mark as an event for the person and the events file (kind ``rider_mark``, no level), naming the
    person of the marked foot's ``activity`` (:func:`person`: "marked by the runner"), and where the foot had
    sent no data since ``no_data_since_s`` (session s; None: it had data at the mark, or not known), that
    (:func:`no_data_words`): "NUMB NOW left foot: marked by the runner; the foot had sent no data since 4:00
    (its load then unknown)"; ``lost_frames``: of a foot whose frames the raw log lost, its close's count, said so.
    Its ``relief`` is what to do at once and when to see a clinician (:func:`mark_says`, ``relief_min_s`` its
    time, ``pedals`` the declared pedals), in the words of the activity the analysis knew, which the views say
    (not the events file, as of an alert's relief), so a replay's line says the live one's."""
    lost = (mark.foot, lost_frames) if lost_frames else None
    unwatched = "" if no_data_since_s is None else f"; {no_data_words(no_data_since_s, lost=lost)}"
    return Alert(mark.t_s, mark.foot, RIDER_MARK_KIND, None,
                 message=f"NUMB NOW {mark.foot} foot: {MARKED_BY}{person([activity])}{unwatched}",
                 relief=mark_says(mark.foot, activity, relief_min_s, pedals))


def marked_by(alert: Alert) -> str:
    """Who marked a mark's event, as its message says it ("marked by the runner"; "marked" if it does not),
    and where the foot had sent no data then, that (:func:`mark_alert`)."""
    said = alert.message.partition(": ")[2]
    return said if said.startswith(MARKED_BY) else "marked"


def mark_no_data(alert: Alert) -> str | None:
    """Where the marked foot had sent no data then, the words the mark's line says of it (:func:`marked_by`
    after its "; ": "the foot had sent no data since the start (its load then unknown)"); None where it had
    data, or its message says nothing of it."""
    said = marked_by(alert).partition("; ")[2]
    return said or None


@dataclass(frozen=True)
class MarkCheck:
    """A mark against the detector: the first warning (or alert) on that foot at or before the mark
    (``first_warning_s``, None: none), how long before the mark it came (``lead_s``), the first sign of
    any level (``first_sign_s``, a notice included), and where the foot sent no data at the mark, since when
    (``no_data_since_s``, s: its last reading before it, 0.0 for none; None: it had data at the mark, or its
    data are not known): nothing before such a mark is no evidence that nothing was there. ``lost_frames``:
    the frames the close counted of a foot whose frames the raw log lost (Session.log_lost; None: not lost)."""

    mark: RiderMark
    first_warning_s: float | None
    first_sign_s: float | None
    no_data_since_s: float | None = None
    lost_frames: int | None = None

    @property
    def lost(self) -> tuple[str, int] | None:
        """(foot, frames) for :func:`no_data_words` where the raw log lost the marked foot's frames, else None."""
        return None if not self.lost_frames else (self.mark.foot, self.lost_frames)

    @property
    def warned_before(self) -> bool:
        return self.first_warning_s is not None

    @property
    def lead_s(self) -> float | None:
        return None if self.first_warning_s is None else self.mark.t_s - self.first_warning_s

    def to_dict(self) -> dict[str, Any]:
        def num(v: float | None) -> float | None:
            return None if v is None else round(v, 3)

        return {"t_s": num(self.mark.t_s), "foot": self.mark.foot, "mark": self.mark.mark,
                "source": self.mark.source, "warned_before": self.warned_before,
                "first_warning_s": num(self.first_warning_s), "lead_s": num(self.lead_s),
                "first_sign_s": num(self.first_sign_s), "no_data_since_s": num(self.no_data_since_s)}


def delivery_allowance_s(speed: float) -> float:
    """Session s a foot's data may still be on their way to a live mark beyond ABSENT_MIN_S
    (monitor.session.absence): a pause of the host's ordinary scheduling, LATE_WAKE_HOST_S (monitor.util.hostclock),
    times a simulation's ``speed`` (device s per host s; at 20x, 0.05 s of host time is 1 s of the ride); 0 at
    real time (``speed`` 1 or less), where ABSENT_MIN_S alone judges the insoles' data."""
    return LATE_WAKE_HOST_S * float(speed) if speed > 1.0 else 0.0


def unwatched_since_s(foot: str, t_s: float, data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
                      late_s: float = 0.0) -> float | None:
    """Since when (s) ``foot`` had sent no data at ``t_s`` (monitor.session.absence.no_data_since_s of its
    runs in ``data_runs``, per foot its runs of readings; a foot not in them sent none); None where it had
    data then, or ``data_runs`` is None or empty (not known). ``late_s``: for the data received so far, the
    session s after its newest reading that the foot's next may still be on their way
    (:func:`delivery_allowance_s`); 0 for a session's whole data."""
    return no_data_since_s(data_runs.get(foot, ()), t_s, late_s) if data_runs else None


def judge_marks(marks: Sequence[RiderMark], alerts: Sequence[Alert],
                data_runs: Mapping[str, Sequence[tuple[float, float]]] | None = None,
                lost: Mapping[str, int] | None = None) -> list[MarkCheck]:
    """Each mark against the alerts of the session (the detector's, any order): the warnings and alerts
    (level ``warning`` or ``alert``) and any sign (a notice too) on the marked foot at or before it; and
    against ``data_runs`` (per foot its runs of readings, monitor.session.absence.data_runs; None: not
    known), whether the foot sent data at the mark (:func:`unwatched_since_s`); ``lost``: Session.log_lost."""
    out = []
    for m in marks:
        mine = [a for a in alerts if a.kind == "alert" and a.foot == m.foot and a.t_s <= m.t_s]
        warned = [a.t_s for a in mine if a.level in ("warning", "alert")]
        out.append(MarkCheck(m, min(warned) if warned else None, min((a.t_s for a in mine), default=None),
                             unwatched_since_s(m.foot, m.t_s, data_runs), (lost or {}).get(m.foot)))
    return out
