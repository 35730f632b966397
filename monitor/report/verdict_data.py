"""The report's verdict, computed: what happened, in the words of monitor.report.text (as `solewatch
analyze` says it), the alerts per foot and level, and what to try. Pure: no drawing, no files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from monitor.analysis.advice import MAX_TIPS, Tip, capped
from monitor.analysis.alert_place import alert_place
from monitor.analysis.batch import AnalysisResult
from monitor.analysis.mark_words import signed_feet
from monitor.analysis.marks import no_data_words
from monitor.analysis.referrals import see_a_clinician
from monitor.analysis.sources import cited_sources
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.report.text import foot_lines
from monitor.signal.types import LEVELS

#: Suggestions the verdict lists, as `solewatch analyze` does: the advice's cap (MAX_TIPS, a guess).
TOP_SUGGESTIONS = MAX_TIPS


@dataclass(frozen=True)
class Verdict:
    """What happened and what to try.

    headline : the verdict sentence of monitor.report.text (as `solewatch analyze` says it)
    foot_lines : its per-foot summary lines
    alert_counts : foot -> level -> number of alerts; None for a foot not analysed (``unwatched``): no alert
        could come for it, so it has no count, never 0
    first_warning_s : foot -> time of the first warning or alert (None when there was none, and for a foot not
        analysed: ``unwatched``, or :func:`analysed`, tells the two apart)
    where : foot -> where that foot's warnings and alerts lay (its notices' when it had none), each once, in the
        words of every output (monitor.analysis.alert_place, ``Place.alone``): "MTH2-3" under one head (a focal
        or lateral pattern), "forefoot (heaviest under MTH1)" for a whole-forefoot pattern, whose region is only
        where its load is heaviest; an alert with no region adds none
    suggestions : what to try, most useful first, each naming its foot, cleat or shoe
        (monitor.analysis.advice: the warnings' suggestions, every alert's when there was none)
    setup : the rider's declared pedals and shoes in words ("" when none was declared; pedals on foot said not
        to apply: monitor.analysis.advice.Setup.words)
    referrals : when to see a clinician, in the words of the session's activities
        (monitor.analysis.suggestions.referrals)
    clinician : the first referral's trigger as a sentence's end, in the same words
        (monitor.analysis.referrals.see_a_clinician), which "what to try" ends with after numb marks no sign of
        load explains (:func:`nothing_to_try`)
    too_short : nothing found in a session too short for a warning (monitor.analysis.advice.Advice)
    judged : what the verdict was judged against, a rider's kept normal or the session's first minutes
        (AnalysisResult.judged_words), the line under it
    marked_without_cause : the feet marked numb in a session where no sign of load explains it
        (monitor.analysis.advice.Advice): "what to try" then says the fit has nothing to change, not the
        numbness
    marked_unwatched : per numb mark on those feet that no sign explains, in time order, whether its foot sent
        no data at it
        (MarkCheck.no_data_since_s): such a mark is said to have come with the foot's load unknown, not to have
        no pressure cause in the data
    marked_lost : of those marks, per one on a foot whose frames the raw log lost (MarkCheck.lost), its words
        (monitor.analysis.marks.no_data_words: "the right foot's data were lost from the raw log ..."), not
        "sent no data"
    nothing_to_judge : no foot was judged, as the headline says (monitor.analysis.advice.Advice.nothing_to_judge):
        each foot sent no data, measured no load, or was watched too briefly to tell or not analysed; ``judged``
        is then ""
    unwatched : foot -> "no data" (no pressure sample), "not analysed" (data, none of it analysable: a whole
        group of its sensors with no sample) or "load never measured" (none of its windows judged), as its line
        says it (:func:`unwatched_feet`): no alert could
        come for it, so its ``alert_counts`` are None and shown as not known, never 0
    """

    headline: str
    foot_lines: list[str]
    alert_counts: dict[str, dict[str, int] | None]
    first_warning_s: dict[str, float | None]
    where: dict[str, list[str]]
    suggestions: list[Tip]
    setup: str = ""
    referrals: tuple[str, ...] = referrals()
    clinician: str = see_a_clinician()
    disclaimer: str = NOT_A_MEDICAL_DEVICE
    too_short: bool = False
    judged: str = ""
    marked_without_cause: tuple[str, ...] = ()
    unwatched: dict[str, str] = field(default_factory=dict)
    marked_unwatched: tuple[bool, ...] = ()
    marked_lost: tuple[str, ...] = ()
    nothing_to_judge: bool = False


def analysed(v: Verdict, foot: str) -> bool:
    """Whether ``foot`` of the verdict was analysed (an alert could come for it): then its ``first_warning_s``
    None means no warning, else it is not known."""
    return v.alert_counts.get(foot) is not None and foot not in v.unwatched


def nothing_to_try(v: Verdict) -> str:
    """What the report says under "what to try" when there is nothing (lower case, no full stop): with numb
    marks that no sign of load explains, that the fit has nothing to change but the numbness is not cleared
    (``clinician``: "if numbness persists after the ride ends, see a clinician [18][36]"); with no foot judged
    (``nothing_to_judge``, or every foot ``unwatched``), nothing to judge, "no insole measured any load" where
    every foot's data were analysed and its load never measured (``unwatched``), "each foot was watched too
    briefly to tell or not analysed" where one sent data too briefly to tell (it is not ``unwatched``), else "no
    foot's data could be analysed"."""
    if v.marked_without_cause:
        how = [*(["had no pressure cause in the data"] if not all(v.marked_unwatched) else []),
               *(["came while their foot sent no data (its load then unknown)"]
                 if sum(v.marked_unwatched) > len(v.marked_lost) else []),
               *(f"came when {w}" for w in dict.fromkeys(v.marked_lost))]  # lost from the raw log, not unsent
        return ("nothing in the fit to change on this evidence: no alert suggested an adjustment, and the numb "
                f"marks {' or '.join(how)}; {v.clinician}")
    if v.nothing_to_judge or (v.alert_counts and set(v.unwatched) >= set(v.alert_counts)):  # no foot judged
        if v.alert_counts and not set(v.unwatched) >= set(v.alert_counts):  # one too brief to tell
            return "nothing to judge: each foot was watched too briefly to tell or not analysed"
        if v.alert_counts and all(v.unwatched.get(f) == "load never measured" for f in v.alert_counts):  # no load
            return "nothing to judge: no insole measured any load"
        return "nothing to judge: no foot's data could be analysed"
    return "nothing to change on this evidence: no alert suggested an adjustment"


def unwatched_feet(result: AnalysisResult, feet: Sequence[str]) -> dict[str, str]:
    """Of ``feet``, those no alert could come for, in the words of their lines (monitor.report.text.foot_lines):
    "no data" for one with no pressure sample (AnalysisResult.no_data), "not analysed" for one with data none of
    which could be analysed (FootPipeline.analysed False; its summary's counts are then None or 0, neither a
    count of what happened), "load never measured" for one whose load was never measured
    (FootPipeline.load_measured False: none of its windows was judged, so its 0 alerts are no count either)."""
    out = {}
    for foot in feet:
        pipe = result.feet.get(foot)
        if foot in result.no_data or (pipe is not None and not pipe.coverage.n_read):
            out[foot] = "no data"
        elif pipe is not None and not pipe.analysed:
            out[foot] = "not analysed"
        elif pipe is not None and not pipe.load_measured:
            out[foot] = "load never measured"
    return out


def cited(v: Verdict) -> list[int]:
    """The source numbers the verdict's words cite anywhere (ascending): its headline and lines, its
    suggestions' evidence and texts (the relief's "[38]"), what it says when there is nothing to try (the numb
    marks' [18][36]) and its referrals; the report lists each of them under its sources."""
    said = [v.headline, v.judged, *v.foot_lines, *(s.evidence for s in v.suggestions),
            *(s.text for s in v.suggestions), *v.referrals]
    return cited_sources(said if v.suggestions else [*said, nothing_to_try(v)])


def top_suggestions(result: AnalysisResult, n: int = TOP_SUGGESTIONS) -> list[Tip]:
    """The suggestions `solewatch analyze` lists (monitor.analysis.advice): those of the warnings and alerts
    (of every alert when there is none), per foot, in order of appearance, at most ``n`` (and the check of
    one side when only one foot was warned), the break or relief kept at any ``n`` of 1 or more
    (monitor.analysis.advice.capped)."""
    return capped(result.advice().tips, n)


def verdict(result: AnalysisResult, feet: Sequence[str], cadence_per_min: dict[str, float] | None = None
            ) -> Verdict:
    """The verdict of an analysis, in the words of monitor.report.text.analysis_text (``cadence_per_min``:
    a crank sensor's cadence per foot in place of the insoles' estimate): its headline and per-foot lines,
    without its "setup:" and "caveat:" lines (the report's Verdict says the setup, its data quality the
    caveats)."""
    advice = result.advice()
    headline = advice.verdict  # analysis_text's first line
    # the per-foot lines alone: the report says the setup and the caveats (analyze's "setup:" and "caveat:"
    # lines) once each, in their own places
    lines = foot_lines(result, cadence_per_min)
    counts = {foot: {lv: 0 for lv in LEVELS[1:]} for foot in feet}
    first: dict[str, float | None] = dict.fromkeys(feet)
    named: dict[str, list[str]] = {foot: [] for foot in feet}
    notices: dict[str, list[str]] = {foot: [] for foot in feet}
    for a in result.alerts:
        if a.foot not in counts or a.level not in counts[a.foot]:
            continue
        counts[a.foot][a.level] += 1
        into = notices if a.level == "notice" else named
        if a.level != "notice" and first[a.foot] is None:
            first[a.foot] = a.t_s
        said = alert_place(a.pattern, a.region).alone() if a.region else ""
        if said and said not in into[a.foot]:
            into[a.foot].append(said)
    where = {foot: named[foot] or notices[foot] for foot in feet}
    unwatched = unwatched_feet(result, feet)
    known: dict[str, dict[str, int] | None] = {foot: None if foot in unwatched else counts[foot] for foot in feet}
    marked = advice.marked_without_cause
    signed = signed_feet(result.alerts)  # a mark with data on a foot with a sign is explained by it
    checks = [c for c in result.mark_checks()
              if c.mark.foot in marked and (c.no_data_since_s is not None or c.mark.foot not in signed)]
    return Verdict(headline, lines, known, first, where, top_suggestions(result),
                   result.setup.words(result.activities().values()),
                   judged=result.judged_words(),
                   referrals=referrals(result.session_activities()),
                   clinician=see_a_clinician(result.session_activities()),
                   too_short=advice.too_short, nothing_to_judge=advice.nothing_to_judge,
                   marked_without_cause=marked,
                   unwatched=unwatched,
                   marked_unwatched=tuple(c.no_data_since_s is not None for c in checks),
                   marked_lost=tuple(no_data_words(0.0, lost=c.lost) for c in checks
                                     if c.lost and c.no_data_since_s is not None))
