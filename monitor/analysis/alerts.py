"""The alert policy: from the detector's assessments to the alerts a person receives. Pure, streaming.

Levels rise notice < warning < alert. Per foot:

* **Raise**: an assessment above the raised level, held for ``raise_hold_s``, raises an alert at its level
  (escalation always gets through, a snooze included).
* **No storms**: while the level holds, the same alert is repeated only after ``quiet_s``.
* **Missing stays missing**: an assessment of a window without data (``Assessment.with_data`` False: under
  the detector's ``min_valid_fraction``, a foot's silence) raises nothing, first or repeated, and changes
  nothing the policy keeps; a level that stands is repeated on windows with data only, and after the silence
  the policy follows the detector's level as it finds it.
* **No data stands until data back**: a window of a foot dated from its data-stale alert (its newest data +
  ``stale_after_s``) to its first data after (its data-back event) repeats nothing, though it holds the
  detector's share of data from before the silence: the foot's state is NO DATA then, not a repeat of the
  level it had. The silence is the foot's data's own times, so the rule holds whether the window comes
  before or after the check that finds the foot stale, or after its data are back (live, replay, batch).
* **Found before a silence**: a first alert or an escalation of a window dated in such a silence (from the
  data-stale alert to the data-back event) is raised, as the detector's level stands, but it rests on the
  foot's data from before the silence (``Alert.data_until_s``, its newest) and says so ("found in the data
  before the left insole went silent at 1:10"); it keeps its date, and the live session and its replay tell
  it after the data-back event (monitor.analysis.streaming), not while NO DATA stands.
* **Snooze**: :meth:`AlertPolicy.snooze` silences repeats and notices for ``snooze_s``; escalations still
  get through.
* **Back to normal**: when a foot that had a warning or an alert is assessed "none" again (the forefoot was
  relieved), one back-to-normal event says so.
* **Data stale**: a foot without data for ``stale_after_s`` gets one data-stale alert, dated when its
  silence reached ``stale_after_s`` (however late the check that finds it), and no all-clear until its data
  is back; the detector's silence on a foot that sends nothing is never good news.
* **Data back**: when data arrive again from a foot that had a data-stale alert, one data-back event says
  so, with how long the foot was silent; a silence too short for a data-stale alert says nothing. The live
  session, its replay (monitor.analysis.streaming) and a batch analysis (monitor.analysis.batch) give it.

The suggestions table (monitor.analysis.suggestions) turns each alert's pattern into concrete adjustments;
what an alert asks for now and for after, and how its message says it, are monitor.analysis.alert_todo's
(its names are importable from here too). When a foot's silence makes it stale, and the clock a check
judges at, are monitor.analysis.stale_checks'.
The policy also keeps when each foot first showed each pattern at each level (:meth:`AlertPolicy.shown`),
alerted or not: a foot that raised a notice for one pattern often shows others beside it, which the
session's advice reads (monitor.analysis.advice).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from monitor.analysis.alert_place import alert_place
from monitor.analysis.alert_todo import (  # noqa: F401
    NOTICE_NOW,
    RELIEF_KEY,
    URGENT_LEVELS,
    first_fix,
    found_before_words,
    now_after,
    relief_now,
    todo_text,
)
from monitor.analysis.stale_checks import SESSION_START_S, stale_checks, stale_clock  # noqa: F401
from monitor.analysis.strike import STRIKES, StrikesSoFar
from monitor.analysis.suggestions import (
    SUGGESTIONS,
    advice_pattern,
    heads_region,
    pattern_short,
    rule_for,
    suggest,
    words,
)
from monitor.codebook import FEET
from monitor.errors import quote
from monitor.signal.params import AlertParams
from monitor.signal.types import LEVELS, Assessment

RANK = {level: i for i, level in enumerate(LEVELS)}
#: The kinds of event the policy gives, live and in an analysis (``solewatch analyze``'s events, its JSON
#: schema's kinds): ``data_back`` when a stale foot's data resume.
KINDS = ("alert", "back_to_normal", "data_stale", "data_back")


@dataclass(frozen=True)
class Alert:
    """One event for the person: an alert (level notice/warning/alert), back-to-normal, data-stale, or
    data-back."""

    t_s: float
    foot: str
    kind: str  # one of KINDS
    level: str | None  # notice, warning, alert for kind "alert"; None otherwise
    region: str | None = None
    pattern: str | None = None
    cause: str | None = None
    suggestions: tuple[str, ...] = ()  # short texts
    suggestion_keys: tuple[str, ...] = ()
    message: str = ""
    silent_s: float | None = None  # data-back only: session s the foot sent no data (the message says it)
    #: an alert's relief now in the words of the activity the policy judged it in (the suggestion table's
    #: ``unweight``, monitor.analysis.alerts.relief_now: "Unweight the foot 20-60 s" on a bike, "Take the
    #: weight off the foot 20-60 s" where the activity is not known, "Take a 20-60 s break" on foot, "Slow down,
    #: step off for 20-60 s" on a gym machine); a rider mark's, what to do at
    #: once and when to see a clinician (monitor.analysis.marks.mark_says); None for the other kinds. Not in
    #: :meth:`to_dict` nor the events lines: the views say it (monitor.live.shown)
    relief: str | None = None
    #: a first alert or an escalation dated in a silence of its foot (monitor.analysis.alerts, "Found before a
    #: silence"): the session s of the foot's newest data before that silence, which the alert rests on (its
    #: message says it); None otherwise
    data_until_s: float | None = None

    def to_dict(self) -> dict:
        return {"t_s": round(self.t_s, 3), "foot": self.foot, "kind": self.kind, "level": self.level,
                "region": self.region, "pattern": self.pattern, "cause": self.cause,
                "suggestions": list(self.suggestions), "message": self.message}


@dataclass(frozen=True)
class Shown:
    """A pattern a foot showed: first at ``t_s`` (s) at ``level``, under ``region`` (None: not named)."""

    pattern: str
    level: str
    t_s: float
    region: str | None
    #: the step rate of the window it was first shown in (both feet, steps/min; None: not known), which the
    #: step-rate tip is for (monitor.analysis.suggestions.for_step_rate)
    steps_per_min: float | None = field(default=None, compare=False)
    #: when (session s) the pattern, at this level, was first on a tier that gathers loaded time toward a
    #: warning (Assessment.gathering: change or extreme, against the other foot too); None: never, as a
    #: population-tier notice, which the normal learnt from the first minutes holds
    gathers_s: float | None = field(default=None, compare=False)


@dataclass
class _FootState:
    raised: str = "none"
    pending_level: str = "none"
    pending_since_s: float | None = None
    last_alert_s: dict[str, float] = field(default_factory=dict)
    snoozed_until_s: float = -1.0
    last_data_s: float | None = None
    stale: bool = False
    stale_s: float = 0.0  # when the data-stale alert was given (session s)
    first_sign_s: float | None = None  # when the foot first showed a pattern (the swelling reading)
    shown: dict[tuple[str, str], Shown] = field(default_factory=dict)  # (pattern, level) -> its first showing
    steps_per_min: dict[float, float] = field(default_factory=dict)  # window t_s -> its step rate, till fed
    #: (from_s, to_s) session s of each silence of the foot that ended: its newest data + stale_after_s (the
    #: data-stale alert's time) to its first data after (the data-back event's)
    silences: list[tuple[float, float]] = field(default_factory=list)

    def silent(self, t_s: float, stale_after_s: float) -> bool:
        """Whether ``t_s`` (session s) falls in one of the foot's silences, one that ended or the one it is
        in (no data since ``stale_after_s`` or more before ``t_s``): a NO DATA stands for the foot then."""
        if self.last_data_s is not None and t_s >= self.last_data_s + stale_after_s:
            return True
        return any(from_s <= t_s < to_s for from_s, to_s in self.silences)

    def silence_from_s(self, t_s: float, stale_after_s: float) -> float | None:
        """The newest data (session s) before the silence ``t_s`` falls in (:meth:`silent`); None if none."""
        for from_s, to_s in self.silences:
            if from_s <= t_s < to_s:
                return from_s - stale_after_s
        if self.last_data_s is not None and t_s >= self.last_data_s + stale_after_s:
            return self.last_data_s
        return None


def _message(foot: str, level: str, pattern: str | None, region: str | None, first: str | None) -> str:
    """"WARNING left foot under MTH2-3, focal peak: ...", "NOTICE left forefoot (heaviest under MTH1), pressure
    stays on: ..." (monitor.analysis.alert_place)."""
    what = pattern_short(pattern) or "load"
    tail = f": {first}" if first else ""
    return f"{level.upper()} {foot} {alert_place(pattern, region).after_foot()}, {what}{tail}"


def _told_strikes(strikes: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """AlertPolicy's ``strikes`` as a dict, each foot one of FEET and each word one of STRIKES or None;
    ValueError naming the first that is not."""
    told = dict(strikes or {})
    for foot, word in told.items():
        if foot not in FEET:
            raise ValueError(f"AlertPolicy strikes: foot {quote(foot)} is not a foot: {' or '.join(FEET)}")
        if word is not None and word not in STRIKES:
            raise ValueError(f"AlertPolicy strikes: {foot} {quote(word)} is not a footstrike: one of "
                             f"{', '.join(STRIKES)} (None: not measured)")
    return told


class AlertPolicy:
    """Turns assessments (both feet, in time order) into Alerts. ``activity`` picks suggestion rules and
    their words; ``pedals`` is the rider's declared setup (clipless, toe-clips, flat; None: not declared).
    The strike-pattern rule of a run (monitor.analysis.suggestions) needs the foot's footstrike: an alert at
    ``t_s`` is told that of the foot's steps measured with an initial contact before ``t_s`` in windows of
    the alert's activity, a run's alert that of the steps taken while running, not of a walk before it
    (:meth:`steps`, ``measured``: monitor.analysis.strike.StrikesSoFar; a live session, its replay and a
    batch analysis give them alike);
    ``strikes``: per foot, a footstrike told instead (monitor.analysis.strike.foot_strike's words; None: not
    measured), a ValueError for a foot not one of monitor.codebook.FEET or a word not one of
    monitor.analysis.strike.STRIKES (a misspelt one would match no strike row). ``relief_min_s``: the
    shortest relief counted under the session's params (s, FeatureParams.relief_min_s; None: the defaults'),
    which the relief asked for follows (monitor.analysis.suggestions.relief_words)."""

    def __init__(self, params: AlertParams | None = None, pedals: str | None = None,
                 strikes: Mapping[str, str | None] | None = None, relief_min_s: float | None = None) -> None:
        self.params = params or AlertParams()
        self.relief_min_s = relief_min_s
        self.pedals = pedals
        self.strikes = _told_strikes(strikes)
        self.measured = StrikesSoFar()
        self._feet: dict[str, _FootState] = {}

    def _state(self, foot: str) -> _FootState:
        return self._feet.setdefault(foot, _FootState())

    def step_rates(self, foot: str, rates: Iterable[tuple[float, float]]) -> None:
        """The step rate (both feet, steps/min; NaN: not known) of ``foot``'s windows, ``(t_s, rate)`` each,
        before their assessments are fed: an alert's suggestions and the patterns shown carry it."""
        self._state(foot).steps_per_min.update(rates)

    def steps(self, foot: str, initial_contact_s: np.ndarray, strike: np.ndarray) -> None:
        """``foot``'s measured steps, each its initial contact (session s) and footstrike type
        (FootSteps.strike), shape (n,) each, before the assessments of the windows after them are fed: an
        alert is told the footstrike of the steps whose initial contact came before its time."""
        self.measured.add(foot, initial_contact_s, strike)

    def shown(self) -> dict[str, tuple[Shown, ...]]:
        """Per foot, each pattern it showed at each level, at its first showing, in time order."""
        return {foot: tuple(sorted(st.shown.values(), key=lambda s: s.t_s)) for foot, st in self._feet.items()}

    def snooze(self, foot: str, t_s: float) -> None:
        """Silence repeats and notices for this foot for ``snooze_s`` from ``t_s``."""
        self._state(foot).snoozed_until_s = t_s + self.params.snooze_s

    def start(self, feet: Collection[str], t_s: float = SESSION_START_S) -> None:
        """The session's ``feet`` at its start ``t_s`` (session s): each counts its silence from there, so a
        foot whose first data come ``stale_after_s`` or more later is stale from then, and its first data
        give a data-back event; a live session, its replay and a batch analysis alike."""
        for foot in feet:
            self.data(foot, t_s)

    def data(self, foot: str, t_s: float, first_s: float | None = None) -> Alert | None:
        """Data arrived from ``foot`` up to ``t_s`` (session s), the first of them at ``first_s`` (default
        ``t_s``). Returns the data-back event when the foot had a data-stale alert (else None): at
        ``first_s``, or at the data-stale alert where data from before it came after it (radio delay), so
        never before it; saying how long the foot was silent to then (from its newest data before, in
        session s), so never less than the data-stale alert said."""
        st = self._state(foot)
        if st.last_data_s is not None and t_s <= st.last_data_s:
            return None
        back = None
        if st.last_data_s is not None:  # a silence in the data's own times, whenever a check found it
            came_s = t_s if first_s is None else min(max(first_s, st.last_data_s), t_s)
            if came_s > st.last_data_s + self.params.stale_after_s:  # stale_checks' rule: a check found it
                st.silences.append((st.last_data_s + self.params.stale_after_s, came_s))
        if st.stale and st.last_data_s is not None:
            at_s = max(t_s if first_s is None else min(max(first_s, st.last_data_s), t_s), st.stale_s)
            silent_s = at_s - st.last_data_s
            back = Alert(at_s, foot, "data_back", None, silent_s=silent_s,
                         message=f"DATA BACK from the {foot} insole after {silent_s:.1f} s: its load is "
                                 "watched again")
        st.last_data_s = t_s
        st.stale = False
        return back

    def tick(self, t_s: float, sending: Collection[str] = ()) -> list[Alert]:
        """Check every known foot for stale data at session time ``t_s``; the feet in ``sending`` still
        deliver data (late, not missing) and are not stale. A stale foot's data-stale event is dated when its
        silence reached ``stale_after_s`` (its newest data + ``stale_after_s``, session s), whenever the check
        comes, and says that silence: a live check, a replay's and a batch analysis's date it alike."""
        out = []
        after_s = self.params.stale_after_s
        for foot, st in self._feet.items():
            if st.last_data_s is None or st.stale or foot in sending:
                continue
            due_s = st.last_data_s + after_s
            if t_s >= due_s:
                st.stale, st.stale_s = True, due_s
                out.append(Alert(due_s, foot, "data_stale", None,
                                 message=f"NO DATA from the {foot} insole for {after_s:.0f} s: its load is "
                                         "unknown"))
        return out

    def feed(self, a: Assessment, activity: str | None = None) -> list[Alert]:
        """One assessment; returns the alerts it causes (often none; always none for a window without data)."""
        st = self._state(a.foot)
        steps_per_min = st.steps_per_min.pop(a.t_s, None)
        self.measured.window(a.foot, a.t_s, activity)  # the steps up to this window are its activity's
        if not a.with_data:
            return []  # the detector had nothing to judge: its level only carries on what came before
        p = self.params
        out: list[Alert] = []
        for pattern, level, region in a.shown:
            if (pattern, level) not in st.shown:
                st.shown[(pattern, level)] = Shown(pattern, level, a.t_s, region, steps_per_min)
            if pattern in a.gathering and st.shown[(pattern, level)].gathers_s is None:
                st.shown[(pattern, level)] = replace(st.shown[(pattern, level)], gathers_s=a.t_s)
        if st.first_sign_s is None and a.level != "none" and a.pattern not in (None, "no_relief", "relief_rare"):
            st.first_sign_s = a.t_s
        if RANK[a.level] > RANK[st.raised]:
            if st.pending_level != a.level or st.pending_since_s is None:
                st.pending_level, st.pending_since_s = a.level, a.t_s
            if a.t_s - st.pending_since_s >= p.raise_hold_s:
                if a.level == "notice" and a.t_s < st.snoozed_until_s:
                    st.last_alert_s[a.level] = a.t_s  # raised quietly; repeats follow the quiet time
                else:  # in a silence: the data it rests on are those before it (the module docstring)
                    out.append(self._alert(a, activity, st.silence_from_s(a.t_s, p.stale_after_s),
                                                steps_per_min))
                st.raised = a.level
                st.pending_since_s = None
            return out
        st.pending_level, st.pending_since_s = "none", None
        if a.level == "none":
            if RANK[st.raised] >= RANK["warning"]:
                out.append(Alert(a.t_s, a.foot, "back_to_normal", None,
                                 message=f"BACK TO NORMAL {a.foot} foot: assessed none again, its pattern has ended"))
            st.raised = "none"
            return out
        if RANK[a.level] < RANK[st.raised]:
            return out  # a step down keeps the raised level until the forefoot is relieved
        last = st.last_alert_s.get(a.level)
        snoozed = a.t_s < st.snoozed_until_s
        if last is not None and a.t_s - last >= p.quiet_s and not snoozed and not st.silent(a.t_s, p.stale_after_s):
            out.append(self._alert(a, activity, None, steps_per_min))  # never a repeat where NO DATA stands
        return out

    def _alert(self, a: Assessment, activity: str | None, data_until_s: float | None = None,
               steps_per_min: float | None = None) -> Alert:
        st = self._state(a.foot)
        st.last_alert_s[a.level] = a.t_s
        pattern = advice_pattern(a.pattern, st.first_sign_s)
        strike = self.strikes[a.foot] if a.foot in self.strikes else self.measured.at(a.foot, activity)
        sugg = suggest(pattern, a.region, activity, self.pedals, steps_per_min, strike)
        if a.level in URGENT_LEVELS:  # relief now comes first, its rule's or not, its fixes after in their order
            sugg = [SUGGESTIONS[RELIEF_KEY], *(s for s in sugg if s.key != RELIEF_KEY)]
        rule = rule_for(pattern, a.region, activity, self.pedals, strike)
        heads = heads_region(a.pattern, a.region)  # a whole-forefoot pattern's pad: where domain.md puts one
        shorts = tuple(words(s, activity, (a.foot,), self.pedals, heads, self.relief_min_s)[0] for s in sugg)
        keys = tuple(s.key for s in sugg)
        relief = relief_now(activity, self.relief_min_s)
        now, after = now_after(a.level, shorts, keys, relief)
        message = _message(a.foot, a.level, a.pattern, a.region, todo_text(now, after) if now else None)
        if data_until_s is not None:
            message += f" ({found_before_words(a.foot, data_until_s)})"
        return Alert(a.t_s, a.foot, "alert", a.level, a.region, a.pattern,
                     rule.cause if rule else None, shorts, keys, message, relief=relief, data_until_s=data_until_s)
