"""What a live or replay summary says under its count of alerts, as solewatch analyze says it: the verdict of
an early sign without a warning (why no warning came: it showed in the first minutes the session took as the
rider's normal, or a longer session would tell), the verdict of a warning when a foot was watched too briefly
for it to speak for (monitor.analysis.watched), and what the session was judged against, with how to keep a
normal where none was kept and whether a kept one is from earlier rides (monitor.analysis.normal_words); a foot
none of whose frames could be analysed is named as analyze's verdict names it (monitor.analysis.sensor_gaps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.analysis.advice import REMINDERS, Advice, Setup, advise, given_setup, unexplained_marks
from monitor.analysis.judged import judged_against
from monitor.analysis.normal_words import kept_when
from monitor.analysis.watched import Brief, briefly_watched, covered_words, data_time_words, none_covered, unspoken
from monitor.codebook import FEET
from monitor.util.timefmt import span_words

if TYPE_CHECKING:
    from monitor.live.summary import LiveSummary


def activities(s: LiveSummary) -> dict[str, str | None]:
    """Per foot, its activity: the pipeline's label (None: none)."""
    return {foot: p.get("activity") for foot, p in s.pipeline.items()}


def summary_setup(s: LiveSummary) -> Setup:
    """The setup the summary advises for: the session's (``s.setup``, its setup.json) as analyze takes it
    (monitor.analysis.advice.given_setup), a bike's remembered pedals and shoes left off a session found on
    foot."""
    return given_setup(s.setup, activities=activities(s).values())


def kept_feet(s: LiveSummary) -> dict[str, bool]:
    """Per foot whose activity is known, whether it was judged against the kept normal (``s.normal``,
    RiderBaseline.kept_feet); {} without one."""
    return {} if s.normal is None else s.normal.kept_feet(activities(s), s.declared_word)


def summary_advice(s: LiveSummary) -> Advice:
    """The session's verdict and what to try (monitor.analysis.advice.advise), as solewatch analyze gives
    them: a foot judged against a kept normal learnt none, the others took their first ``s.baseline_s`` as
    normal; the data after a sign is the time with data (``s.data_runs``' after it, else ``s.data_s``, else the
    recording's duration), a foot watched too briefly is named (:func:`brief_feet`), a foot with no
    insole in the recording (none of its counters) is said not recorded, as Session.feet_not_recorded does,
    and what the insoles cannot check (``s.unchecked``) ends it; the feet's footstrike is the one measured on
    the session's steps (``s.strikes``), as analyze's."""
    kept = kept_feet(s)
    feet = tuple(s.record.counters) or tuple(s.pipeline)
    missing = tuple(f for f in FEET if f not in feet) if feet else ()
    return advise(s.alerts, feet, activities(s), summary_setup(s), shown=s.shown,
                  data_s=s.record.duration_s if s.data_s is None else s.data_s, warn_after_s=s.warn_after_s,
                  learnt_s={f: None if kept.get(f) else s.baseline_s for f in feet}, data_runs=s.data_runs or None,
                  not_recorded=missing, unanalysed=s.sensor_gaps.unanalysed, lost=s.log_lost, unchecked=s.unchecked,
                  strikes=s.strikes, unmeasured=s.sensor_gaps.unmeasured, relief_min_s=s.relief_min_s,
                  session_s=session_length_s(s), referred=referred_activities(s),
                  checks_nothing=s.checks_nothing)


def referred_activities(s: LiveSummary) -> list[str | None]:
    """Every activity the session's feet are told in, per foot its own, its several and those too brief to be
    parts (as AnalysisResult.session_activities), in whose words its referrals are said (summary_referrals,
    and the verdict's after numb marks no sign explains: monitor.analysis.referrals)."""
    return [a for p in s.pipeline.values()
            for a in [p.get("activity"), *(part["activity"] for part in p.get("activities", ())),
                      *(part["activity"] for part in p.get("brief_activities", ()))]]


def session_length_s(s: LiveSummary) -> float:
    """The session's length (s) against which a foot that sent a small share of it is watched too briefly
    (monitor.analysis.watched.briefly_watched's ``session_s``), as analyze takes it (AnalysisResult.duration_s,
    session.json's duration): the recording's duration (``s.record.duration_s``: a live ride's end, what a
    replay covers), or of a stopped replay the session time it read to (``s.record.read_to_s``): what came
    after was not read."""
    return s.record.duration_s if s.record.read_to_s is None else s.record.read_to_s


def brief_feet(s: LiveSummary) -> dict[str, Brief]:
    """Per foot the summary watched too briefly for its words to speak for (``s.data_runs``), by analyze's rule
    (monitor.analysis.watched.briefly_watched): less time with data than ``s.warn_after_s`` and much less than
    the other foot's, or under a share of the session's length (:func:`session_length_s`)."""
    return briefly_watched(s.data_runs, s.warn_after_s, session_length_s(s))


def unspoken_words(s: LiveSummary) -> tuple[str, str]:
    """What a summary with no alert of load says of the feet its words cannot speak for, as analyze's verdict
    says it (monitor.analysis.advice.advise): the feet it covers (" on the left foot", "" for all) and the
    clauses naming the others: a foot watched too briefly (monitor.analysis.watched), a foot none of whose
    frames could be analysed (``s.sensor_gaps``)."""
    feet, clauses = unspoken(brief_feet(s), s.sensor_gaps.unanalysed, s.warn_after_s,
                             s.log_lost, stopped=s.record.read_to_s is not None)  # a stopped replay's: what it read
    return covered_words(tuple(s.record.counters) or tuple(s.pipeline), feet), clauses


def unjudged_words(s: LiveSummary) -> str:
    """Where the summary's words can speak for no foot (each watched too briefly or not analysed:
    monitor.analysis.watched.none_covered), the clauses naming them, as analyze's verdict of nothing to judge says
    them ("the left foot was not analysed: ...; the right foot ..."); "" where some foot was judged."""
    feet, clauses = unspoken(brief_feet(s), s.sensor_gaps.unanalysed, s.warn_after_s,
                             s.log_lost, stopped=s.record.read_to_s is not None)
    return clauses.removeprefix("; ") if none_covered(tuple(s.record.counters) or tuple(s.pipeline), feet) else ""


def had_words(s: LiveSummary) -> str:
    """How long a summary too short to tell says it watched, as analyze's verdict says it
    (monitor.analysis.watched.data_time_words): "1:00 of data (the left foot 0:44)", each foot whose time with
    data is shorter said beside the longest foot's (``s.data_s``), except a foot its own clause names (watched
    too briefly, or not analysed: :func:`unspoken_words`); with ``s.data_s`` unknown, the recording's duration
    ("1:00", "less than a second"), shown short of ``s.warn_after_s`` as the rule it falls short of is. The
    data time is said as part of the length the summary's head says where the two read otherwise: of a stopped
    replay (``s.record.read_to_s`` set, ``s.record.duration_s`` what it read) "0:01 of data of the 0:02 read",
    else of what was recorded, "0:59 of data of the 1:00 recorded" (the first frames came late)."""
    if s.data_s is None:
        return span_words(s.record.duration_s, short_of=s.warn_after_s)  # not "0:00" of some
    feet, _ = unspoken(brief_feet(s), s.sensor_gaps.unanalysed, s.warn_after_s,
                       s.log_lost)
    read_as = "recorded" if s.record.read_to_s is None else "read"
    return data_time_words(s.data_s, s.data_runs or None, s.warn_after_s, feet, s.record.duration_s, read_as)


def reminder_lines(s: LiveSummary, marked: str) -> list[str]:
    """The lines said under an "Alerts:" line, before :func:`verdict_lines`: where the session's alerts were
    reminders to unweight only (no sign, no warning) and a foot was watched too briefly
    (monitor.analysis.watched) or could not be analysed (``s.sensor_gaps``), analyze's verdict, which names
    that foot ("the right foot sent only 1:11 of data, ..."); else the numb marks no sign of load explains
    (``marked``, monitor.analysis.advice.unexplained_marks: "" for none)."""
    alerts = [a for a in s.alerts if a.kind == "alert" and a.level is not None]
    reminders_only = bool(alerts) and all(a.pattern in REMINDERS and a.level not in ("warning", "alert")
                                          for a in alerts)
    if reminders_only and (brief_feet(s) or s.sensor_gaps.unanalysed):
        return [summary_advice(s).verdict]
    signs = any(a.pattern not in REMINDERS for a in alerts)  # a sign's verdict says the marks (verdict_lines)
    return [f"No sustained forefoot overload, yet {marked}."] if marked and not signs else []


def verdict_lines(s: LiveSummary) -> list[str]:
    """The lines said under the alerts: the verdict where the session's signs came without a warning (its
    "Alerts:" line counts notices only, which a newcomer reads as nothing said), or came with one while a
    foot was watched too briefly (monitor.analysis.watched: "Alerts: left foot 1 warning." says nothing of a
    right foot watched for 2 minutes of 20; the verdict names it) or a foot without a sign was marked numb
    (the verdict says it had no pressure cause: unexplained_marks) or a foot could not be analysed at all (a whole
    group of its sensors with no sample: ``s.sensor_gaps``, whose verdict names it and calls no sign the other
    foot's "only"), then what the session was judged against, where its verdict judged any foot
    (monitor.analysis.advice.Advice.nothing_to_judge)."""
    signs = [a for a in s.alerts if a.kind == "alert" and a.level is not None and a.pattern not in REMINDERS]
    warned = any(a.kind == "alert" and a.level in ("warning", "alert") for a in s.alerts)
    said = (signs and not warned) or (warned and (brief_feet(s)
                                                  or unexplained_marks(s.alerts, s.data_runs)
                                                  or s.sensor_gaps.unanalysed))
    advice = summary_advice(s)
    lines = [advice.verdict] if said else []
    if advice.nothing_to_judge:  # no foot judged (one too brief to tell beside one not analysed): against nothing
        return lines
    judged = judged_against(feet_analysed(s), kept_feet(s), s.normal, s.rider, activities(s), s.declared_word,
                            own=kept_later(s), elsewhere=s.elsewhere, from_session=not s.normal_given,
                            kept_now=s.kept_now)
    return lines if judged is None else [*lines, judged.line]  # None: no foot analysed, nothing was judged


def kept_later(s: LiveSummary) -> dict[str, str]:
    """Per foot judged against the rider's kept normal (``s.normal``) that a ride at or after the session's start
    kept (its ``kept_utc``; ``s.record.start_utc``): "other", said "kept from other rides", as the live start
    line says it (monitor.cli.judged_against.rider_start_line) and analyze afterwards
    (monitor.analysis.normal_words.kept_when); a normal with no time is the one the run judged against (its
    baseline.json, kept before it): earlier. {} for a normal a replay's caller gave, or none."""
    if s.normal is None or s.rider is None or s.normal_given:
        return {}
    return kept_when(kept_feet(s), s.normal, activities(s), s.record.start_utc, s.declared_word, live=s.normal)


def feet_analysed(s: LiveSummary) -> dict[str, bool | None]:
    """Per foot of the pipeline (or of ``s.data_runs``), whether some of its frames were analysed (its
    summary's ``analysed``, FootPipeline.summary), as analyze's AnalysisResult.judged tells it; where a summary
    does not say, False for a foot whose runs of readings (``s.data_runs``) show it sent no data, else None (not
    known): monitor.analysis.judged.judged_any's input."""
    runs = s.data_runs or {}
    sent = {foot: None if r else False for foot, r in runs.items()}  # sent no data: not analysed
    return {foot: s.pipeline.get(foot, {}).get("analysed", sent.get(foot)) for foot in FEET
            if foot in s.pipeline or foot in runs}
