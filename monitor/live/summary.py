"""What a recording, a live session or a replay says at its end: the counts, and those counts in words."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from monitor.analysis.advice import MAX_TIPS, Tip, capped, unexplained_marks, with_marks
from monitor.analysis.alerts import Alert, Shown
from monitor.analysis.marks import person
from monitor.analysis.sensor_gaps import GapWords
from monitor.analysis.sources import source_lines
from monitor.analysis.streaming import LinkNotice
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.analysis.watched import no_sample_at_all, no_sample_length, no_sample_words
from monitor.codebook import FEET
from monitor.live.delivery import Delivered
from monitor.live.record_summary import TABLES_INTERRUPTED, RecordSummary, link_trouble_words
from monitor.live.summary_head import of_what, recorded_words, said_label
from monitor.live.summary_verdict import (
    had_words,
    referred_activities,
    reminder_lines,
    summary_advice,
    unjudged_words,
    unspoken_words,
    verdict_lines,
)
from monitor.session.lost_words import feet_lost_words
from monitor.session.model import log_ends_words, unclosed_words
from monitor.session.rawlog import SkippedSpan
from monitor.signal.baseline import RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.plain_text import one_line
from monitor.util.timefmt import UNDER_A_SECOND, clock_text, span_words
from monitor.util.words import counted


@dataclass
class LiveSummary:
    """What a live session did: the recording, every event delivered, the pipeline's per-foot summary."""

    record: RecordSummary
    delivered: list[Delivered]
    pipeline: dict[str, dict[str, Any]]
    notices: list[LinkNotice] = field(default_factory=list)
    speed: float = 1.0
    label: str = ""
    analysis_error: str | None = None
    events_error: str | None = None
    callback_errors: list[str] = field(default_factory=list)
    #: what the session learnt of the rider's normal (monitor.signal.baseline), to keep with ``--rider``
    baseline: RiderBaseline | None = None
    #: what its first minutes give, judged against a kept normal or not (ForefootDetector.own_baseline_)
    own_normal: RiderBaseline | None = None
    #: the rider's declared setup (``{"pedals", "shoes"}``, setup.json), which the advice's words follow
    setup: dict[str, Any] | None = None
    #: the loaded time a warning needs (DetectorParams.warn_after_s of the session's params): a shorter
    #: session without alerts was too short to tell
    warn_after_s: float = DEFAULT_PARAMS.detector.warn_after_s
    #: per foot, each pattern it showed at each level (AlertPolicy.shown): feet that showed the same, told so
    shown: dict[str, tuple[Shown, ...]] = field(default_factory=dict)
    #: the activity as declared ("elliptical", "stair_climber": monitor.analysis.declared.declared_word), None
    #: when none was: the session is said in it where the detector's class has no word of its own
    declared_word: str | None = None
    #: the longest foot's time with data (s, AnalysisCore.data_s: a hole of more than ABSENT_MIN_S adds nothing,
    #: as in solewatch analyze's verdict); None: not known, the recording's duration stands for it
    data_s: float | None = None
    #: per foot, the runs of its readings (AnalysisCore.data_runs), whence the verdict names a foot watched too
    #: briefly for it to speak for (monitor.analysis.watched), as analyze's does; None: not known
    data_runs: dict[str, tuple[tuple[float, float], ...]] | None = None
    #: the rider's normal from earlier sessions it was judged against (None: none, its first minutes were
    #: taken as normal), whose it is (``--rider NAME``; None: not named), and the span at the start taken as
    #: normal where none was kept (s, DetectorParams.baseline_s): said as solewatch analyze says them
    normal: RiderBaseline | None = None
    rider: str | None = None
    baseline_s: float = DEFAULT_PARAMS.detector.baseline_s
    #: the shortest relief counted (s, FeatureParams.relief_min_s of the session's params): the break asked for
    relief_min_s: float = DEFAULT_PARAMS.features.relief_min_s
    #: how far the judged windows towards a normal of its own reached, of the activity and foot furthest along
    #: (s, at most ``baseline_s``: monitor.signal.baseline.BaselineBuilder.judged_s); None: not known
    normal_judged_s: float | None = None
    #: whether any window was judged towards that normal (a single one reaches 0 s; None: not known)
    normal_judged_any: bool | None = None
    #: whether ``normal`` is one a replay's caller gave (replay_session's baseline=, normal_words.GIVEN_WORDS);
    #: (the insole kinds the rider's normal is kept for, none of them this session's; this session's kind)
    normal_given: bool = False
    elsewhere: tuple[tuple[str, ...], str | None] = ((), None)
    #: whether the rider's normal kept now is what this session learnt: its ride kept it, and the line under
    #: the verdict says so (monitor.session.kept_by_ride, monitor.cli.rider_kinds.summary_kept)
    kept_now: bool = False
    #: the sensors with no sample and the feet not analysed, in analyze's words (AnalysisCore.sensor_gaps)
    sensor_gaps: GapWords = field(default_factory=GapWords)
    #: per foot whose frames a replayed raw log lost, the frames the close counted (ReplaySource.lost), said
    #: as analyze says them: lost from the log, not unsent (monitor.session.lost_words)
    log_lost: dict[str, int] = field(default_factory=dict)
    #: what the insoles of the feet with data cannot check, in analyze's words (AnalysisCore.unchecked,
    #: monitor.analysis.unchecked): said after the verdict, or after the "Alerts:" line where none is said
    unchecked: str = ""
    #: whether those insoles can check no warning pattern at all (AnalysisCore.checks_nothing: every sensor's
    #: region ``unknown``): with no alert it says "nothing could be checked, nothing to judge", as analyze's verdict
    checks_nothing: bool = False
    #: per foot with steps, its measured footstrike over the session's steps (AlertPolicy.measured,
    #: monitor.analysis.strike), which the strike-pattern advice of a run needs, as analyze's advice has it
    strikes: dict[str, str | None] = field(default_factory=dict)
    #: where the analysis fell behind the data received beyond its bound, or alerts came late: how far
    #: (monitor.live.analysis_lag.AnalysisLag.note), said as a note; None where it kept up
    lag_note: str | None = None

    @property
    def alerts(self) -> list[Alert]:
        return [d.alert for d in self.delivered]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per foot: alerts per level, and ``data_stale`` / ``data_back`` / ``back_to_normal`` events."""
        out: dict[str, dict[str, int]] = {}
        for a in self.alerts:
            key = a.level if a.kind == "alert" else a.kind
            out.setdefault(a.foot, Counter())[key] += 1
        return {foot: dict(c) for foot, c in out.items()}

    def channel_counts(self) -> dict[str, int]:
        return dict(Counter(ch for d in self.delivered for ch in d.delivered))

    def top_suggestions(self, n: int = MAX_TIPS) -> list[Tip]:
        """What to try (monitor.analysis.advice): the suggestions of the warnings and alerts (of every alert
        if there was none), per foot, most useful first, at most ``n`` (and the check of one side when only
        one foot was warned); the cap of analyze and the report (MAX_TIPS), whose break or relief it keeps
        (advice.RELIEF_KEY) at any ``n`` of 1 or more (advice.capped)."""
        return capped(summary_advice(self).tips, n)


#: What the summary's "Alerts:" line counts (the load's), and what its "Events:" line counts (the data's and
#: the rider's marks), per foot.
ALERT_COUNTS = ("alert", "warning", "notice", "back_to_normal")
EVENT_COUNTS = ("data_stale", "data_back", "rider_mark")


def _count_words(c: dict[str, int], who: str, keys: tuple[str, ...]) -> str:
    """``c``'s counts of ``keys`` in words ("1 warning, 2 notices", "1 data stale, 1 numb mark of the rider");
    "" when it has none of them."""
    parts = [f"{c[k]} {k.replace('_', ' ')}{'s' if c[k] != 1 and k in ('notice', 'warning', 'alert') else ''}"
             for k in keys if c.get(k) and k != "rider_mark"]
    if "rider_mark" in keys and c.get("rider_mark"):
        parts.append(f"{c['rider_mark']} numb mark{'s' if c['rider_mark'] != 1 else ''} of the {who}")
    return ", ".join(parts)


def _per_foot(counts: dict[str, dict[str, int]], who: str, keys: tuple[str, ...]) -> str:
    """The feet's counts of ``keys``, "left foot 1 warning; right foot 2 notices" ("" when none has any)."""
    said = ((foot, _count_words(counts[foot], who, keys)) for foot in FEET if foot in counts)
    return "; ".join(f"{foot} foot {words}" for foot, words in said if words)


#: Distinct display errors said one line each at the end of a session; the rest are counted (guess: enough
#: to see what broke without a screenful of one fault's variants).
CALLBACK_ERRORS_SHOWN = 3


def callback_notes(errors: list[str]) -> list[str]:
    """The lines of the view, notice or progress callbacks that failed (``LiveMonitor.callback_errors``;
    detection went on): one per distinct error, in the order they first came, with how often it came; past
    ``CALLBACK_ERRORS_SHOWN`` of them, one line counting the others."""
    seen = Counter(errors)
    lines = [f"Note: the display failed {'once' if n == 1 else f'{n:,} times'} (detection went on): {err}"
             for err, n in list(seen.items())[:CALLBACK_ERRORS_SHOWN]]
    rest = len(seen) - CALLBACK_ERRORS_SHOWN
    if rest > 0:
        lines.append(f"Note: and {counted(rest, 'other display error')}.")
    return lines


def summary_text(s: LiveSummary, *, report: Path | None = None, report_error: str | None = None,
                 stopped_of_s: float | None = None, rider: str | None = None) -> str:
    """The end of a live session in plain words; ``report``: the session report's path, ``report_error``:
    why it could not be written; ``stopped_of_s``: the duration asked for, when Ctrl-C stopped the session
    before it (monitor.live.summary_head.stopped_early); ``rider``: the ``--rider`` it was judged for (None:
    the summary's)."""
    s = replace(s, **({} if rider is None else {"rider": rider}))
    rec = s.record
    sim = f", simulated at {s.speed:g}x" if s.speed != 1 else ""
    label = said_label(s)
    length = recorded_words(rec.duration_s, stopped_of_s)
    held = no_sample_length(rec.duration_s, s.data_runs, length) or f"{length} {of_what(s)}"  # not "0:00 of ride"
    head = f"Session: {held}{f' ({label}{sim})' if label else sim}."
    if rec.recording_error:
        at = "" if rec.recording_stopped_s is None else f" at {clock_text(rec.recording_stopped_s)}"
        where = [f"Recording stopped early{at} ({rec.recording_error}); what was written before is in {rec.path}"]
    else:
        where = [f"Session recorded in {rec.path}"]
    if rec.tables_interrupted:
        where.append(TABLES_INTERRUPTED[0].upper() + TABLES_INTERRUPTED[1:])
    if report is not None:
        where.append(f"Report: {report} (open it in a browser)")
    elif report_error:
        where.append(f"No report: {report_error}; try `solewatch report {rec.path}`")
    kept = " (recorded in gaps.csv)" if rec.gaps_file else \
        " (in raw.swlog)" if rec.tables_interrupted else " (no gaps.csv was written)"
    return "\n".join(summary_lines(s, head=head, where=where, gaps_kept=kept))


def found_lines(s: LiveSummary) -> list[str]:
    """What a session's summary says it found, the lines under its head: the "Alerts:" line (or why none), the
    verdict's lines, the caveats of sensors with no sample and the "Events:" line; the phone view's ended page
    says them too (monitor.live.web.state.ended_fields)."""
    rec, lines = s.record, []
    counts = s.counts()
    who = person(p.get("activity") for p in s.pipeline.values())
    alerts, events = _per_foot(counts, who, ALERT_COUNTS), _per_foot(counts, who, EVENT_COUNTS)
    # NO DATA, DATA BACK and a numb mark judge no load: they are said on a line of their own, and without an
    # alert the verdict is said beside them, as solewatch analyze says it (monitor.analysis.advice.advise)
    load = any(a.kind == "alert" for a in s.alerts)
    # numb marks that no sign of load explains, as the verdict says them
    marked = unexplained_marks(s.alerts, s.data_runs, s.log_lost, referred_activities(s))
    covered, briefs = unspoken_words(s)  # the feet the words cannot speak for, as analyze's verdict says them
    if not load and no_sample_at_all(s.data_runs):  # "none in 0:00 of data" named no foot
        feet = tuple(f for f in FEET if f in s.data_runs) or tuple(s.data_runs)
        cut = rec.read_to_s is not None  # a stopped replay's: no sample in what it read, not in the session
        lines.append(with_marks(f"Alerts: none: {no_sample_words(feet, stopped=cut)}, nothing to judge.", marked))
    elif not load and s.sensor_gaps.unmeasured:  # no insole measured any load: no load to find anything in
        lines.append(with_marks(f"Alerts: none: {s.sensor_gaps.unmeasured}, nothing to judge.", marked))
    elif not load and (unjudged := unjudged_words(s)):  # no foot could be judged: nothing found is no word
        lines.append(with_marks(f"Alerts: none: {unjudged}, nothing to judge.", marked))
    elif not load and s.checks_nothing:  # nothing was looked for: no "no sustained forefoot load was found"
        lines.append(with_marks("Alerts: none: nothing could be checked, nothing to judge.", marked))
    elif load:
        lines.append(f"Alerts: {alerts}.")
        lines.extend(reminder_lines(s, marked))  # reminders only: a foot watched briefly, or the marks
    elif (rec.duration_s if s.data_s is None else s.data_s) < s.warn_after_s:  # too little for a warning
        lines.append(with_marks(f"Alerts: none in {had_words(s)}{covered}, too short to tell: a warning needs "
                                f"{clock_text(s.warn_after_s)} of sustained forefoot load{briefs}.", marked))
    else:
        lines.append(with_marks(f"Alerts: none; no sustained forefoot load was found{covered}{briefs}.", marked))
    said = verdict_lines(s)  # an early sign without a warning explained; what it was judged against
    if s.unchecked and not any(s.unchecked in line for line in [*lines, *said]):  # a verdict said has it
        lines.append(s.unchecked)  # as analyze's verdict ends: no sign of them is no word on them
    lines.extend(said)
    lines.extend(f"caveat: {note}" for note in s.sensor_gaps.notes)  # sensors with no sample, as analyze says
    if events:
        lines.append(f"Events: {events}.")
    return lines


def summary_lines(s: LiveSummary, *, head: str, where: list[str], gaps_kept: str = " (recorded in gaps.csv)"
                  ) -> list[str]:
    """The lines of a session's summary: ``head``, the events, what to try and the sources it cites,
    ``where`` (the session's place), referrals and the disclaimer. ``gaps_kept``: where the gaps are
    written, said after their count."""
    rec = s.record
    lines = [head, *found_lines(s)]
    ch = s.channel_counts()
    if ch:
        lines.append("Delivered: " + ", ".join(f"{n} by {name}" for name, n in ch.items()) + ".")
    for foot, c in rec.counters.items():
        trouble = link_trouble_words(c, rec.transport, rec.frames_link_down.get(foot))
        if trouble:
            lines.append(f"Link, {foot}: {', '.join(trouble)}.")
        damaged = c.get("packets_log_damaged")
        if damaged:  # received, then lost on disk: not the link's doing
            lines.append(f"Raw log, {foot}: {counted(damaged, rec.transport.packet)} unreadable (received, "
                         f"{'its record' if damaged == 1 else 'their records'} damaged).")
    if rec.gaps:
        lines.append(f"Gaps in the data: {rec.gaps}{gaps_kept}.")
    lines.extend(f"Note: {n}" for n in rec.notes)
    lines.extend(f"Note: {n}" for n in rec.absent_notes())
    for notice in s.notices:
        if notice.kind in ("battery_low", "analysis_stopped"):
            lines.append(f"Note: {notice.text}")
    if s.lag_note:
        lines.append(f"Note: {s.lag_note[0].upper()}{s.lag_note[1:]}.")
    lines.extend(callback_notes(s.callback_errors))
    top = s.top_suggestions()
    if top:
        lines.append("")
        lines.append("What to try:")
        lines.extend(f"  - {sg.text} (evidence {sg.strength}: {sg.evidence or 'practitioner advice'})"
                     for sg in top)
    refs = summary_referrals(s)
    lines.extend(source_lines([*lines, *where, *refs]))  # every tag printed, the verdict's [18][36] too
    lines.append("")
    lines.extend(where)
    if s.events_error:
        lines.append(f"The events file stopped: {one_line(s.events_error)}")
    lines.append("")
    lines.extend(refs)
    lines.append(NOT_A_MEDICAL_DEVICE)
    return lines


def summary_referrals(s: LiveSummary) -> tuple[str, ...]:
    """When to see a clinician, in the words of the session's activities (monitor.analysis.suggestions.referrals,
    as analyze says them, each foot's several activities too, and those too brief to be parts: "after the session
    ends" for a walk then a run): the
    summary's last lines before the disclaimer, and the ended phone page's."""
    return referrals(referred_activities(s))


@dataclass
class ReplaySummary(LiveSummary):
    """What a replay did: a live session's summary of the recording it read, plus the replay's own figures.

    ``record.duration_s`` is what the replay covers: the session's duration, or where the raw log ends when
    that is before the session did (cut short, to the second: monitor.live.replay.replayed_span_s), the
    later of its last record's session time and its last frame's (monitor.session.log_end); ``session_duration_s``
    is the session's own (session.json; None when it has none). ``replay_speed``: the pace asked for (None: as
    fast as possible); ``wall_s``: how long it took; ``records``, ``frames``: what it read and assembled;
    ``truncated_tail_bytes``: a record cut short at the end of the log, dropped; ``damaged_spans``: bytes
    of the log skipped as damaged (monitor.session.rawlog.SkippedSpan); ``stopped_at_s``: session time
    where ``stop`` ended it early, the host time x the speed of the record it stopped at (None when it ran to
    the end), which can lie seconds past the frames read (:attr:`replayed_s`).
    """

    replay_speed: float | None = None
    wall_s: float = 0.0
    records: int = 0
    frames: int = 0
    truncated_tail_bytes: int = 0
    stopped_at_s: float | None = None
    session_duration_s: float | None = None
    damaged_spans: tuple[SkippedSpan, ...] = ()

    @property
    def replayed_s(self) -> float:
        """Session s of data replayed: a stopped replay's latest frame read of either foot (``record.read_to_s``,
        monitor.live.record_summary.replayed_record: the host received the frames before the stop late, at 40x
        50 ms is 2 s), else what the replay covers (``record.duration_s``)."""
        rec = self.record
        if self.stopped_at_s is None:
            return rec.duration_s
        read_s = self.stopped_at_s if rec.read_to_s is None else rec.read_to_s
        return min(read_s, rec.duration_s)

    @property
    def speedup(self) -> float:
        """Recorded session seconds replayed (:attr:`replayed_s`: of a stopped replay, the data time it got to)
        per wall second."""
        return self.replayed_s / self.wall_s if self.wall_s > 0 else math.inf


def replay_text(s: ReplaySummary) -> str:
    """The end of a replay in plain words (the live summary's, said of a replay)."""
    pace = "as fast as possible" if s.replay_speed is None else f"at {s.replay_speed:g}x the recorded pace"
    rec = s.record
    sim = f"recorded at {s.speed:g}x" if s.speed != 1 else ""
    about = ", ".join(x for x in (said_label(s), sim) if x)  # "(session)" says nothing
    stopped = s.stopped_at_s is not None  # "6:55 of 20:01 of ride (...), stopped"; its alerts of those 6:55
    # a stopped replay's samples are those it read: the rest of the log may hold some
    length = span_words(rec.duration_s)  # a whole session of 0.6 s: "less than a second of ride", not "0:01"
    held = (None if stopped else no_sample_length(rec.duration_s, s.data_runs, length)) or \
        f"{length} {of_what(s)}"  # not "0:00 of ride"
    none_read = stopped and not any((s.data_runs or {}).values())  # "none of 1:00", not "0:00 of 1:00"
    got = "none" if none_read else span_words(s.replayed_s)  # "less than a second of 1:00", not "0:00"
    # of a session under a second: "part of less than a second of ride", not "less than a second of" it
    part = "part of " if got == length == UNDER_A_SECOND else f"{got} of "
    head = (f"Replay: {part if stopped else ''}{held}"
            f"{f' ({about})' if about else ''}{', stopped' if stopped else ''}, {pace}, "
            f"in {s.wall_s:.1f} s.")
    where = [f"Session replayed from {rec.path} (nothing was written to it)."]
    ends = log_ends_words(rec.duration_s, s.session_duration_s)
    if ends:
        where.insert(0, f"{ends[0].upper()}{ends[1:]}: the replay covers that much.")
    if s.session_duration_s is None:  # analyze's caveat line (Session.unclosed_note): no close, no length of its own
        where.insert(0, f"Note: {unclosed_words(rec.duration_s)}.")
    if stopped:  # the data replayed, not the stop's record time
        at = f"{got} into the session" if got == UNDER_A_SECOND else f"at {got} of the session"
        where.insert(0, "Stopped before any data was read." if none_read else f"Stopped {at}.")
    if s.truncated_tail_bytes:
        where.insert(0, f"The raw log ends with a record cut short ({s.truncated_tail_bytes} bytes, "
                        "dropped): the recorder stopped mid-write.")
    if s.log_lost:  # analyze's caveat line (Session.log_end_note)
        where.insert(0, f"Note: {feet_lost_words(s.log_lost)}.")
    for span in s.damaged_spans:
        where.insert(0, f"The raw log is damaged at byte {span.offset}: {span.n_bytes} bytes skipped, what they "
                        "held is missing; the records before and after them were replayed.")
    # a replay writes nothing: its gaps are the raw log's, the recording's own are the session's gaps.csv
    told = replace(s, record=replace(rec, duration_s=s.replayed_s)) if stopped else s
    return "\n".join(summary_lines(told, head=head, where=where, gaps_kept=" (as the raw log gives them)"))
