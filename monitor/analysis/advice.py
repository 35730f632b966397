"""The advice of a session in plain words: the verdict sentence and what to try, per foot and for the setup.

Pure. From an analysis's alerts (monitor.analysis.alerts), the feet that were recorded, each foot's activity
and the rider's declared setup (pedals, shoes), :func:`advise` says

* the verdict (monitor.analysis.advice_verdict): which foot or feet were warned (both when both were),
  where, the pattern in plain words and its likely cause, and when;
* what to try: the suggestions the alert policy gave the warned feet (monitor.analysis.suggestions: for the
  activity, the declared pedals, and swelling; looked up again for an alert without them), each naming the
  foot, cleat or shoe it is for ("both cleats", "the right shoe"), in the activity's words (laces and breaks
  for running, straps, dials and reliefs on a bike); when only one of two feet was warned and the other
  raised no alert of its pattern (a notice included), checking that side against the other comes last;
  after a warning, or a numb mark on a foot with a sign, its break or relief comes first (though the warned
  pattern's rule holds none: the warning, or the mark's own words, asked for it now), and after notices alone
  it takes the last place the cap on the list keeps where the cap would cut it (:data:`RELIEF_KEY`).

Both feet are told the same where they showed the same. A foot's first alert names one pattern, though it
often shows several at once (the alert policy's :meth:`~monitor.analysis.alerts.AlertPolicy.shown`), and
which one comes first can turn on a few seconds: a high arch on a flat insole gave the right foot "a high
share of the load on the forefoot" at 1:10 and the left "the centre of pressure far forward" at 1:20,
though each foot showed both. When the feet's first alerts name different patterns but every such foot
showed one same pattern at that level, the verdict names that pattern for them (the first shown of such
patterns), and its suggestions come first, for both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from monitor.analysis.advice_verdict import Finding, Raised, learnt_as_normal, numb_words, raised_at, verdict_sentence
from monitor.analysis.alert_todo import RELIEF_KEY
from monitor.analysis.alerts import Alert, Shown
from monitor.analysis.mark_words import (
    REMINDERS,
    explained,
    signed_feet,
    unexplained_feet,
    unexplained_marks,
    with_marks,
)
from monitor.analysis.setup import Setup, given_setup
from monitor.analysis.suggestions import (
    SUGGESTIONS,
    advice_pattern,
    evidence_for,
    for_step_rate,
    heads_region,
    is_cycling,
    not_known,
    rule_for,
    strength_for,
    words,
)
from monitor.analysis.tips import on_machine
from monitor.analysis.watched import briefly_watched, covered_words, data_time_words, none_covered, of_feet_recorded
from monitor.analysis.watched import unspoken as unspoken_feet  # its name here is the feet it gives
from monitor.codebook import FEET
from monitor.signal.patterns import WARNING_PATTERNS
from monitor.util.timefmt import clock_text

__all__ = ["RELIEF_KEY", "REMINDERS", "Advice", "Setup", "Tip", "advise", "capped", "given_setup", "learnt_as_normal",
           "raised_at", "unexplained_marks", "with_marks"]
#: At most this many suggestions in "what to try", the check of one side not counted (guess: a short list
#: is read).
MAX_TIPS = 4
# RELIEF_KEY (monitor.analysis.alert_todo, the alerts' own): the suggestion that is a break or a relief (domain.md's
# tight-shoe row: "stand or unweight 15–60 s every 15–30 min", [16][17][38] W): after a warning or a numb mark on a foot
# with a sign (whose words ask for it at once: monitor.analysis.marks.mark_now) it comes first, and after notices alone
# it takes the last place the cap keeps where the cap would cut it (the fixes before it in their order), so that no cap
# on the list (MAX_TIPS: analyze, the report and the live summary alike) cuts the one thing the wearer can do now.


@dataclass(frozen=True)
class Tip:
    """One line of "what to try": a suggestion in the words of its activity, for ``feet``.

    ``text``, ``short``, ``evidence``, ``strength`` and ``key`` read as those of a
    monitor.analysis.suggestions.Suggestion."""

    key: str
    feet: tuple[str, ...]
    short: str
    text: str
    evidence: str
    strength: str

    def to_json(self) -> dict[str, object]:
        """The tip as ``analyze --json``'s ``what_to_try[]`` holds it (docs/analyze-json.md): its key, feet (a
        list), short label, sentence, source tags ("" where it has none: practitioner advice) and strength."""
        return {"key": self.key, "feet": list(self.feet), "short": self.short, "text": self.text,
                "evidence": self.evidence, "strength": self.strength}


@dataclass(frozen=True)
class Advice:
    """The verdict sentence ("Verdict: ...") and what to try, most useful first; ``too_short``: nothing was
    found in a session shorter than a warning needs, which cannot rule a problem out."""

    verdict: str
    tips: list[Tip]
    too_short: bool = False
    #: the feet the wearer marked numb (kind ``rider_mark``) on which no sign of forefoot load was found
    #: (a sign on the other foot explains none), or marked while they sent no data (a sign before the data
    #: stopped explains none: the load at the mark is unknown); the verdict says so (:func:`unexplained_marks`)
    marked_without_cause: tuple[str, ...] = ()
    #: no foot was judged, so the verdict says there is nothing to judge: none sent a pressure sample, none
    #: measured any load, or each was watched too briefly or not analysed (monitor.analysis.watched.none_covered)
    #: and no alert came; no view then says what the session was judged against
    nothing_to_judge: bool = False


def _first_sign(alerts: Sequence[Alert]) -> dict[str, float]:
    out: dict[str, float] = {}
    for a in alerts:
        if a.pattern not in REMINDERS:
            out.setdefault(a.foot, a.t_s)
    return out


def _findings(alerts: Sequence[Alert], activity: Mapping[str, str | None], pedals: str | None,
              first: Mapping[str, float], strikes: Mapping[str, str | None]) -> dict[str, Finding]:
    """Per foot, its first alert among ``alerts`` (in time order), with its likely cause (the alert's own,
    else looked up)."""
    out: dict[str, Finding] = {}
    for a in alerts:
        if a.foot in out:
            continue
        cause = a.cause
        if cause is None:
            rule = rule_for(advice_pattern(a.pattern, first.get(a.foot)), a.region, activity.get(a.foot), pedals,
                            strikes.get(a.foot))
            cause = rule.cause if rule else None
        out[a.foot] = Finding(a.foot, a.t_s, a.region, a.pattern, cause)
    return out


def _alike(found: dict[str, Finding], shown: Mapping[str, Sequence[Shown]] | None, levels: Collection[str],
           activity: Mapping[str, str | None], pedals: str | None,
           first: Mapping[str, float], strikes: Mapping[str, str | None]) -> dict[str, Finding]:
    """``found``, or, when its feet name different patterns but each of them showed one same pattern at one
    of ``levels``, that pattern for each (the first shown of such; the detector's order on a tie), at its
    first showing on that foot at those levels and under the region it named there."""
    if shown is None or len(found) < 2 or len({f.pattern for f in found.values()}) == 1:
        return found
    of_foot: dict[str, dict[str, Shown]] = {}
    for foot in found:
        of_foot[foot] = {}
        for s in shown.get(foot, ()):  # in time order: the first showing at any of the levels
            if s.level in levels and s.pattern in WARNING_PATTERNS:
                of_foot[foot].setdefault(s.pattern, s)
    common = set.intersection(*(set(d) for d in of_foot.values()))
    if not common:
        return found
    pick = min(common, key=lambda p: (min(d[p].t_s for d in of_foot.values()), WARNING_PATTERNS.index(p)))
    out = {}
    for foot, f in found.items():
        s = of_foot[foot][pick]
        region = s.region or f.region
        rule = rule_for(advice_pattern(pick, first.get(foot)), region, activity.get(foot), pedals, strikes.get(foot))
        out[foot] = Finding(foot, s.t_s, region, pick, rule.cause if rule else None, s.steps_per_min)
    return out


def advise(alerts: Sequence[Alert], recorded: Sequence[str], activity: Mapping[str, str | None],
           setup: Setup | None = None, *, data_s: float | None = None,
           warn_after_s: float | None = None, learnt_s: float | Mapping[str, float | None] | None = None,
           shown: Mapping[str, Sequence[Shown]] | None = None,
           data_runs: Mapping[str, Sequence[tuple[float, float]]] | None = None,
           not_recorded: Sequence[str] = (), unanalysed: Mapping[str, str] | None = None,
           lost: Mapping[str, int] | None = None, unchecked: str = "",
           strikes: Mapping[str, str | None] | None = None, unmeasured: str = "",
           relief_min_s: float | None = None, session_s: float | None = None,
           referred: Iterable[str | None] | None = None, checks_nothing: bool = False) -> Advice:
    """The advice of a session's alerts (kind "alert", in time order).

    ``recorded``: the feet the session has; ``activity``: each foot's activity (a pipeline label such as
    "cycling" or "running", or a session word such as "cycling_seated"); ``setup``: the declared pedals and
    shoes. The suggestions are those of the warnings and alerts (of every sign when there was none), per
    foot; a suggestion given for both feet names both. ``alerts`` may hold the session's other events: with
    ``data_runs`` unknown, a foot whose data went stale is not a comparison, so a sign on the other foot alone
    is not called one foot's only (nor checked against the other side); with them, only a foot watched too
    briefly is not (a dropout of 0:20 in 8:00 leaves the foot a side to compare with). ``data_s``: the
    session's time with data (s, the longest foot's: a hole in its data adds nothing,
    monitor.session.absence.data_time_s); shorter than ``warn_after_s``, the loaded time a warning needs
    (DetectorParams.warn_after_s), no warning could have come, and a verdict of nothing found says the
    session was too short to tell, in ``data_s`` of data and a shorter foot's own time beside it
    (monitor.analysis.watched.data_time_words: "1:00 of data (the left foot 0:44)"); an early sign without a
    warning says whether the data after it was long enough for one. ``learnt_s``: the span at the start (s,
    DetectorParams.baseline_s) taken as the
    rider's normal when the session had no kept normal (None: it had one, or unknown; a mapping: per foot,
    None for a foot judged against a kept normal); an early sign there already says it is judged as the
    rider's own. ``shown``: per foot, the patterns it showed
    (AlertPolicy.shown; None: not known), which make feet that showed the same pattern told the same; a foot
    one of whose patterns gathered loaded time toward a warning (Shown.gathers_s: the change or extreme tier,
    against the other foot too) has no sign the first minutes took as normal.
    ``data_runs``: per foot, its runs of readings (monitor.session.absence.data_runs), from which the data
    after an early sign is counted (None: ``data_s`` minus the sign's time), and the verdict names the feet
    watched too briefly for it to speak for (monitor.analysis.watched: 0:05 of data in a 6-minute run),
    whether it found nothing, reminders, a sign or a warning (a warning on the left foot is no word on a
    right foot watched for 2 minutes of 20: no "only"). Numb
    marks of the wearer among ``alerts`` (kind ``rider_mark``) on a foot with no sign of forefoot load, or made
    while their foot sent no data (a sign before its data stopped explains none: monitor.analysis.mark_words), are
    said after the verdict (of nothing found, or of the other foot's sign, whose advice stays that foot's):
    no pressure cause was found for them, and numbness that persists needs a clinician; a mark on a foot
    with a sign its first minutes took as normal is "the numbness marked" that the suggestions are for.
    ``not_recorded``: the feet the session has no insole for, which the verdict says it
    is not of (monitor.analysis.watched.of_feet_recorded). ``unanalysed``: per foot with data none of which
    could be analysed (a whole group of its sensors with no sample: monitor.analysis.sensor_gaps), what the
    verdict says of it ("the right foot was not analysed: ..."): like a foot watched too briefly, the verdict
    does not speak for it, nor is it a side to compare with; where it speaks for no foot and no alert came,
    their clauses are the verdict, with nothing to judge, not one of nothing found. ``lost``: Session.log_lost,
    said as lost.
    ``unchecked``: the patterns the feet's insoles cannot check, in words (monitor.analysis.unchecked), said
    after the verdict: no sign of them is no word on them. ``strikes``: per foot, its measured footstrike
    (monitor.analysis.strike.foot_strike; a foot not in it is not measured), which a run's strike-pattern
    advice needs (monitor.analysis.suggestions). ``unmeasured``: where no insole measured any load, the one clause
    that says so (monitor.analysis.sensor_gaps.unmeasured_words), which is then the verdict, with nothing to
    judge, in place of one of nothing found followed by each foot's clause. ``relief_min_s``: the shortest relief
    counted under the session's params (s, FeatureParams.relief_min_s; None: the defaults'), the break's time
    (monitor.analysis.suggestions.relief_words). ``session_s``: the session's length (s; None: unknown), against
    which a foot that sent a small share of it is watched too briefly whatever the other foot sent
    (monitor.analysis.watched.briefly_watched). ``referred``: the session's activities its referrals speak of
    (monitor.analysis.referrals: each foot's several too; None: ``activity``'s), in whose words the numb marks
    no sign explains are referred to a clinician ("after the run ends"). ``checks_nothing``: no foot's insole can
    check any warning pattern (monitor.analysis.unchecked.unchecked_all: a layout whose every sensor is
    ``unknown``); with no alert the verdict is then "nothing could be checked, nothing to judge", followed by
    ``unchecked``, in place of one of nothing found."""
    setup = setup or Setup()
    strikes = strikes or {}
    referred = list(activity.values()) if referred is None else list(referred)
    marked = unexplained_marks(alerts, data_runs, lost, referred)  # marks on feet with no sign: after the verdict
    signed = signed_feet(alerts)
    numb_feet = [f for f in FEET if any(a.kind == "rider_mark" and a.foot == f for a in alerts)]
    marked_feet = unexplained_feet(alerts, data_runs)  # said after the verdict (``marked``)
    # the suggestions are for their numbness: a mark while the foot sent data, on a foot with a sign
    marked_for = [f for f in numb_feet
                  if any(a.kind == "rider_mark" and a.foot == f and explained(a, signed, data_runs) for a in alerts)]
    numb = numb_words(numb_feet, marked_for, signed, bool(marked))
    brief = briefly_watched(data_runs, warn_after_s, session_s)  # feet the verdict cannot speak for: it names them
    # a foot barely watched is no side to check against; a foot with a dropout is one (with the runs unknown,
    # a foot whose data ever went stale is none)
    stale = {a.foot for a in alerts if a.kind == "data_stale"} if data_runs is None else set()
    unspoken, said = unspoken_feet(brief, unanalysed, warn_after_s, lost)  # the feet the verdict does not speak for
    compared = tuple(f for f in recorded if f not in stale and f not in unspoken)
    alerts = [a for a in alerts if a.kind == "alert" and a.level is not None]
    urgent = [a for a in alerts if a.level in ("warning", "alert")]
    signs = [a for a in alerts if a.pattern not in REMINDERS]
    first = _first_sign(alerts)
    raised: Raised = {}  # per foot, each (pattern, region) of its alerts, a notice included: when it first came
    for a in signs:
        raised.setdefault(a.foot, {}).setdefault((a.pattern or "", a.region), a.t_s)
    showed: dict[str, set[str]] = {}  # per foot, the patterns it showed at the verdict's levels
    lead: list[Finding] = []  # the pattern the feet showed alike, where their first alerts differ: fixed first
    if unmeasured and not alerts:  # not "no sustained forefoot load found": no load was measured to find it in
        verdict = with_marks(f"Verdict: {unmeasured}, nothing to judge.", marked)
        return Advice(_said(of_feet_recorded(verdict, recorded, not_recorded), unchecked), [],
                      marked_without_cause=marked_feet, nothing_to_judge=True)
    if checks_nothing and not alerts:  # not "no sustained forefoot load found": nothing was looked for
        verdict = with_marks("Verdict: nothing could be checked, nothing to judge.", marked)
        return Advice(_said(of_feet_recorded(verdict, recorded, not_recorded), unchecked), [],
                      marked_without_cause=marked_feet, nothing_to_judge=True)
    if not alerts and none_covered(recorded, unspoken):  # no foot could be judged: no "nothing found" either
        verdict = with_marks(f"Verdict: {said.removeprefix('; ')}, nothing to judge.", marked)
        return Advice(_said(of_feet_recorded(verdict, recorded, not_recorded), unchecked), [],
                      marked_without_cause=marked_feet, nothing_to_judge=True)
    if urgent or signs:
        found = _findings(urgent or signs, activity, setup.pedals, first, strikes)
        levels = ("warning", "alert") if urgent else ("notice", "warning", "alert")
        alike = _alike(found, shown, levels, activity, setup.pedals, first, strikes)
        lead = list(alike.values()) if alike is not found else []
        showed = {foot: {x.pattern for x in of if x.level in levels} for foot, of in (shown or {}).items()}
        verdict = with_marks(verdict_sentence(alike, compared, warned=bool(urgent), data_s=data_s,
                                      warn_after_s=warn_after_s, learnt_s=learnt_s, data_runs=data_runs,
                                      raised=raised, brief=said, numb=numb,
                                      gathering=[f for f, of in (shown or {}).items()
                                                 if any(x.gathers_s is not None for x in of)]), marked)
    elif alerts:
        # in the words of the tips' relief (monitor.analysis.tips.words): a bike's, either's where no foot's
        # activity is known, a stepping machine's (it moves under the feet: slow down and step off it, as the
        # alert's short line says, ``machine_short``: domain.md's elliptical row "take breaks" [1] W, the
        # relief's times [38] W), else a break
        nudge = "reminders to unweight the foot" if any(is_cycling(a) for a in activity.values()) \
            else "reminders to take the weight off the foot" if all(map(not_known, activity.values())) \
            else "reminders to slow down and step off the machine" if any(map(on_machine, activity.values())) \
            else "reminders to take a break"
        verdict = with_marks(f"Verdict: no sustained forefoot overload{covered_words(recorded, unspoken)}; {nudge}"
                             f"{said}.", marked)
    elif data_s is not None and warn_after_s is not None and data_s < warn_after_s:
        # the data's time below the rule's as said: 299.6 s said as 5:00 would read as meeting it
        verdict = (f"Verdict: nothing found in {data_time_words(data_s, data_runs, warn_after_s, unspoken)}"
                   f"{covered_words(recorded, unspoken)}, too short to tell: a warning needs "
                   f"{clock_text(warn_after_s)} of sustained forefoot load"
                   f"{said}.")  # a foot that stopped early: its own time
        return Advice(_said(of_feet_recorded(with_marks(verdict, marked), recorded, not_recorded), unchecked), [],
                      too_short=True, marked_without_cause=marked_feet)
    else:
        verdict = with_marks(f"Verdict: no sustained forefoot load found{covered_words(recorded, unspoken)}"
                             f"{said}.", marked)
    return Advice(_said(of_feet_recorded(verdict, recorded, not_recorded), unchecked),
                  _tips(lead, urgent or alerts, compared, activity, setup, first, showed, raised, strikes,
                        warned=bool(urgent or marked_for), relief_min_s=relief_min_s),
                  marked_without_cause=marked_feet)


def _said(verdict: str, unchecked: str) -> str:
    """The verdict, then what the insoles cannot check (``unchecked``: "" for nothing)."""
    return f"{verdict} {unchecked}" if unchecked else verdict


def _tips(lead: Sequence[Finding], alerts: Sequence[Alert], watched: Sequence[str],
          activity: Mapping[str, str | None], setup: Setup, first: Mapping[str, float],
          showed: Mapping[str, set[str]], raised: Raised | None = None,
          strikes: Mapping[str, str | None] | None = None, warned: bool = False,
          relief_min_s: float | None = None) -> list[Tip]:
    """The suggestions of ``lead`` (the findings the feet showed alike), then of ``alerts``, each for its foot
    and for every other foot with a sign among ``alerts`` that ``showed`` its pattern too, or that ``raised``
    an alert of it (per foot, the patterns of its alerts, a notice included: :func:`raised_at`): a whole-forefoot
    pattern on the pattern alone, a focal or lateral one under the same region (a warning on the right foot
    of pressure that stays on, heaviest under MTH2-3, and a notice of it on the left, heaviest under MTH1,
    loosen both shoes). When only one of two watched
    feet was warned and the other raised none of its patterns, checking that side comes last: a pattern
    both feet showed is not one side's (domain.md section 6, "Unilateral pattern"). ``watched``: the feet
    that side can be checked against, none watched too briefly (monitor.analysis.watched). ``warned``: the
    ``alerts`` are warnings (or alerts), whose break or relief (:data:`RELIEF_KEY`) comes first, their rule's
    or not (the warning asked for it now: monitor.analysis.alert_todo.now_after), for every foot their suggestions
    name, whichever warning's rule holds it (never a foot with a notice alone of another pattern); of notices
    alone, a break or relief is for the feet of the notices whose suggestions hold it (as any suggestion), and
    one the cap (:data:`MAX_TIPS`) would cut takes the last place it keeps. A numb mark of the wearer asks for the
    break at once (monitor.analysis.marks.mark_now): after one on a foot with a sign (whose numbness the suggestions
    are for) ``warned`` is True whatever the ``alerts``' levels."""
    raised = raised or {}
    order: list[str] = []
    feet_of: dict[str, list[str]] = {}
    act_of: dict[str, str | None] = {}
    region_of: dict[str, str | None] = {}  # the region a suggestion names (a pad's heads); None if feet differ
    affected = {a.foot for a in alerts if a.pattern not in REMINDERS}
    sources = [(f.foot, f.pattern, f.region, (), f.steps_per_min) for f in lead]
    sources += [(a.foot, a.pattern, a.region, a.suggestion_keys, None) for a in alerts]
    for foot, pattern, region, keys, steps_per_min in sources:
        act = activity.get(foot)
        if not keys:  # an alert's keys are the alert policy's, for the activity, the pedals, swelling, step rate
            rule = rule_for(advice_pattern(pattern, first.get(foot)), region, act, setup.pedals,
                            (strikes or {}).get(foot))
            keys = for_step_rate(rule.suggestions if rule is not None else ("unweight",), steps_per_min)
        others = [g for g in FEET if g != foot and ((g in affected and pattern in showed.get(g, ()))
                                                    or raised_at(raised.get(g, {}), pattern, region) is not None)]
        heads = heads_region(pattern, region)  # a whole-forefoot pattern's pad: where domain.md puts one
        for k in keys:
            if k not in feet_of:
                order.append(k)
                feet_of[k], act_of[k], region_of[k] = [], act, heads
            elif region_of[k] != heads:
                region_of[k] = None
            for g in (foot, *others):
                if g not in feet_of[k]:
                    feet_of[k].append(g)
    if warned and affected:  # a warning asks for its break whatever its rule holds: for every foot it advises
        if RELIEF_KEY not in order:
            order.append(RELIEF_KEY)
            feet_of[RELIEF_KEY] = []
        told = {g for k in order for g in feet_of[k]} or affected  # the feet the warnings' suggestions are for
        first_warned = next(a.foot for a in alerts if a.pattern not in REMINDERS)
        feet_of[RELIEF_KEY], act_of[RELIEF_KEY], region_of[RELIEF_KEY] = sorted(told), activity.get(first_warned), None
    if RELIEF_KEY in order and (warned or order.index(RELIEF_KEY) >= MAX_TIPS):
        order.remove(RELIEF_KEY)  # first after a warning, else the last place the cap keeps
        order.insert(0 if warned else MAX_TIPS - 1, RELIEF_KEY)
    tips = [_tip(k, feet_of[k], act_of[k], setup.pedals, region_of[k], relief_min_s) for k in order[:MAX_TIPS]]
    warned_of = {(a.pattern, a.region) for a in alerts if a.pattern not in REMINDERS}
    if len(affected) == 1 and any(f not in affected for f in watched) and "check_side" not in order \
            and not any(raised_at(raised.get(g, {}), p, r) is not None
                        for g in watched if g not in affected for p, r in warned_of):
        foot = affected.pop()
        tips.append(_tip("check_side", [foot], activity.get(foot), setup.pedals))
    return tips


def capped(tips: Sequence[Tip], n: int) -> list[Tip]:
    """The first ``n`` of ``tips`` (an Advice's, in its order), and the check of one side where there is one;
    the break or relief (:data:`RELIEF_KEY`) the cut would leave out takes the last place kept, as the advice's
    own cap (:data:`MAX_TIPS`) has it: no ``n`` of 1 or more cuts it (after a warning it is first already)."""
    kept = list(tips[:n])
    if n >= 1 and not any(t.key == RELIEF_KEY for t in kept):
        kept[n - 1:] = [t for t in tips[n:] if t.key == RELIEF_KEY][:1] or kept[n - 1:]
    return kept + [t for t in tips[n:] if t.key == "check_side" and t not in kept]


def _tip(key: str, feet: Sequence[str], activity: str | None, pedals: str | None,
         region: str | None = None, relief_min_s: float | None = None) -> Tip:
    s = SUGGESTIONS[key]
    ordered = tuple(f for f in FEET if f in feet)
    short, text = words(s, activity, ordered, pedals, region, relief_min_s)
    return Tip(key, ordered, short, text, evidence_for(s, activity, pedals), strength_for(s, activity))
