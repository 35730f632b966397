"""An analysis in plain words, for a terminal: what happened under each foot and what to try."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.marks import MarkCheck, no_data_words
from monitor.analysis.part_words import brief_words
from monitor.analysis.sensor_gaps import (
    data_s,
    feet_notes,
    groups_missing,
    not_analysed_s,
    span_words,
    zero_notes,
)
from monitor.analysis.sources import source_lines
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.analysis.watched import Brief, briefly_watched, gap_words, no_sample_length
from monitor.report.cycle_words import stroke_noun
from monitor.report.steps_section import counts_line
from monitor.session.lost_words import lost_foot_words
from monitor.signal.activity_words import activity_name, cadence_unit, is_cycling
from monitor.util.timefmt import clock_text
from monitor.util.words import listed


def cadence_words(activity: str | None, cadence_per_min: float | None) -> str | None:
    """A foot's cadence (monitor.signal.pipeline's summary: crank revolutions per minute on a bike, cycles of
    both feet per minute otherwise) as a person reads it, in the unit of ``activity`` (a pipeline label or the
    declared word: monitor.signal.activity_words.cadence_unit): "cadence 85 rpm", "cadence 170 steps/min",
    an elliptical's "cadence 140 strokes/min"."""
    if not cadence_per_min or cadence_per_min != cadence_per_min:  # none, or NaN: too few cycles to tell
        return None
    return f"cadence {cadence_per_min:.0f} {cadence_unit(activity)}"


def parts_words(parts: Sequence[Mapping[str, Any]]) -> str:
    """A foot's several activities (its summary's ``activities``, in order) each with its own cadence
    (:func:`cadence_words`) and forefoot share where it has one: "walking, cadence 110 steps/min, forefoot share
    52%, then running, cadence 170 steps/min, forefoot share 78%"."""
    return ", then ".join(", ".join(w for w in (activity_name(p["activity"]),
                                                cadence_words(p["activity"], p.get("cadence_per_min")),
                                                _share_words(p.get("forefoot_share"))) if w)
                          for p in parts)


def _share_words(share: float | None) -> str:
    """"forefoot share 52%" of a share (0-1); "" where there is none (None, NaN)."""
    return f"forefoot share {share:.0%}" if share is not None and share == share else ""


def foot_lines(result: AnalysisResult, cadence_per_min: dict[str, float] | None = None) -> list[str]:
    """One line per foot: activity (monitor.signal.activity_words.activity_name: as declared, e.g.
    "elliptical" where the detector's class is "elliptical_or_stair", AnalysisResult.declared_word; else the
    class, "elliptical or stair climber"), cadence, forefoot share, reliefs on a bike, the
    first warning (a foot with no pressure sample: that it has no data; a foot none of whose data could be
    analysed, a whole group of its sensors with no sample: that it was not analysed, and for how long of its
    data where part of it was not, monitor.analysis.sensor_gaps; an uncalibrated insole's foot whose loaded
    level was never known: that its load was never measured, in place of its reliefs, and that it was not judged
    in place of its first warning; a foot the session has no insole
    for: AnalysisResult.not_recorded_note), and for a foot watched too briefly
    for its numbers to stand for the session (monitor.analysis.watched) its time with data.
    ``cadence_per_min``: a crank sensor's cadence per foot in place of the insoles' estimate."""
    lines = []
    activities = result.activities()
    brief = briefly_watched(result.data_runs or None, result.params.detector.warn_after_s, result.duration_s)
    for foot, s in result.summary().items():
        if foot in result.no_data:  # nothing watched: no activity, no warning to speak of
            lost = result.log_lost.get(foot)  # lost from the raw log, not unsent
            lines.append(f"{foot}: no data: {lost_foot_words(foot, lost)}" if lost else
                         f"{foot}: no data (no pressure sample in the session)")
            continue
        pipe = result.feet[foot]
        if not pipe.analysed:  # data, none of it analysable: no warning could come (monitor.analysis.sensor_gaps)
            groups = listed(groups_missing(pipe.coverage))
            lines.append(f"{foot}: not analysed: no sample from any sensor of its {groups} in its "
                         f"{clock_text(data_s(pipe.coverage, pipe.rate_hz, result.data_runs.get(foot)))} of data")
            continue
        act = activities.get(foot)  # the detector's class: cadence words and rules go by it
        parts = [activity_name(result.declared_word or act)]  # "elliptical", not its class
        crank = (cadence_per_min or {}).get(foot)
        if crank is not None and crank == crank:  # not NaN
            cadence = f"cadence {crank:.0f} rpm (crank sensor)"
        elif s.get("activities"):  # several activities: each with its own cadence, never one of the other's
            parts = [parts_words(s["activities"])]
            cadence = None
        else:
            cadence = cadence_words(result.declared_word or act, s.get("cadence_per_min"))  # a machine's word
        brief_acts = brief_words(s)  # a run too short for figures of its own after a walk: its time alone
        if cadence:
            parts.append(cadence + (f" ({brief_acts})" if brief_acts else ""))
        elif brief_acts:
            parts.append(brief_acts)
        share = s.get("forefoot_share")
        if share is not None and share == share:  # not NaN; of the whole session beside each activity's own
            whole = s.get("activities") or brief_acts
            parts.append(f"forefoot share {share:.0%}" + (" over the session" if whole else ""))
        elif not result.feet[foot].reducer.complete:  # no sensor under the heel, midfoot or toes
            parts.append("forefoot share not measurable with this insole's sensors")
        n = s.get("relief_count")  # None: not counted (a foot not analysed, said above; its load never measured)
        if not pipe.load_measured:  # no loaded level, or an insole that read 0 throughout: no relief could start
            parts.append("load never measured (its insole read 0 on every sensor)" if pipe.read_nothing else
                         "load never measured (its forefoot read nothing above the insole's noise)")
        elif is_cycling(act) and n is not None:
            parts.append(f"{n} relief{'' if n == 1 else 's'}")
        first = clock_text(s.get("first_warning_s"), missing="")
        # a load never measured was never judged: no warning could come, and "no warning" would read as watched
        parts.append(f"first warning {first}" if first else "no warning" if pipe.load_measured else "not judged")
        if foot in brief:  # its numbers are of so much data: "no warning in its 0:05 of data, no data from 1:00..."
            b = unnoted(brief[foot], result.absent_at_ends.get(foot, ()))
            parts[-1] += f" in its {clock_text(b.data_s)} of data{gap_words(b)}"
        if pipe.coverage.n_not_analysed:  # part of its data could not be analysed: said beside its verdict
            gone_s = not_analysed_s(pipe.coverage, pipe.rate_hz, result.data_runs.get(foot))
            had_s = data_s(pipe.coverage, pipe.rate_hz, result.data_runs.get(foot))
            parts[-1] += f" (not analysed for {span_words(gone_s, short_of=had_s)})"
        lines.append(f"{foot}: " + ", ".join(parts))
    if result.not_recorded_note:  # a foot without an insole: said where its line would be
        lines.append(result.not_recorded_note)
    return lines


def steps_lines(result: AnalysisResult, cadence_per_min: dict[str, float] | None = None) -> list[str]:
    """Per foot with steps or strokes, one line: its steps as the report's Steps table says them (count,
    cadence, contact time, footstrike: monitor.report.steps_section.counts_line), or its counted strokes
    (``analyze --json``'s ``strokes``) in the session's words, pedal strokes on a bike. ``cadence_per_min``: a
    crank sensor's, which replaces the insoles' cadence as in the report."""
    summary = {foot: {**s, "cadence_per_min": (cadence_per_min or {}).get(foot, s.get("cadence_per_min")),
                      "activity_said": result.declared_word or s.get("activity")}
               for foot, s in result.summary().items()}
    data = SimpleNamespace(steps=dict(result.steps), gait=result.gait() if result.steps else {}, summary=summary)
    acts = result.activities()
    out = []
    for foot, pipe in result.feet.items():
        noun = "pedal stroke" if is_cycling(acts.get(foot)) else stroke_noun(data)
        line = counts_line(data, foot, len(pipe.strokes_), noun)
        if line:
            out.append(line)
    return out


def unnoted(brief: Brief, noted: Sequence[tuple[float, float, int]]) -> Brief:
    """``brief`` (monitor.analysis.watched.Brief) without the spans the text's notes say with the frames
    missing (``noted``: the foot's AnalysisResult.absent_at_ends, ``(start_s, end_s, frames)``): its hole
    before its first reading where a span starts at 0, its silence after its last ("none after 2:31") where
    one starts later; the holes between its runs, which no note says, stay. Each span is said once, in the
    note's words, as live and replay say it."""
    at_start = any(start <= 0.0 for start, _, _ in noted)
    at_end = any(start > 0.0 for start, _, _ in noted)
    holes = brief.holes[1:] if at_start and brief.holes and brief.holes[0][0] <= 0.0 else brief.holes
    return brief._replace(holes=holes, stopped_s=None if at_end else brief.stopped_s)


def mark_words(check: MarkCheck) -> str:
    """A mark against the detector in words: warned before it (when, how long before), or not; and where the
    foot sent no data at the mark, since when (MarkCheck.no_data_since_s: "nothing before it; the foot had sent
    no data since 4:00 (its load then unknown)")."""
    if check.warned_before:
        said = f"warned at {clock_text(check.first_warning_s)}, {clock_text(check.lead_s)} before"
    elif check.first_sign_s is not None:
        said = f"no warning before it; a notice at {clock_text(check.first_sign_s)}"
    else:
        said = "nothing before it"
    if check.no_data_since_s is None:
        return said
    return f"{said}; {no_data_words(check.no_data_since_s, lost=check.lost)}"


def analysis_text(result: AnalysisResult, cadence_per_min: dict[str, float] | None = None, *,
                  wrap: Callable[[str], str] | None = None) -> str:
    """Several short paragraphs: the verdict and what it was judged against, per-foot summary (and where a
    foot sent no data at the session's start or end, in live's words: AnalysisResult.absent_notes), alerts, the
    rider's marks against them, what to try, sources, referrals.
    ``cadence_per_min``: a cadence per foot that replaces the insoles' estimate (a crank sensor's, from
    an imported ride: docs/fit.md), said as such. ``wrap``: each referral's text as it is to be printed
    (the command line's: wrapped to the terminal, monitor.cli.wrapping); None: a line each."""
    advice = result.advice()
    judged = result.judged_words()  # "" where nothing was judged
    length = no_sample_length(result.duration_s, result.data_runs, clock_text(result.duration_s or 0.0))
    held = [f"Session: {length}."] if length else []
    lines: list[str] = [advice.verdict, *held, *([judged] if judged else []), ""]  # held: as the end of live says
    setup = result.setup.words(result.activities().values())  # pedals on foot: said not to apply
    if setup:
        lines.append(f"setup: {setup}")
    if result.stopped_note:  # the report's caveat, the live summary's "stopped at 8:27 of 20:00"
        lines.append(f"caveat: {result.stopped_note}")
    if result.damage_note:  # the report's caveat, in the same words
        lines.append(f"caveat: {result.damage_note}")
    if result.imu_note:  # the report's caveat, in the same words
        lines.append(f"caveat: {result.imu_note}")
    if result.mismatch_note:  # the report's caveat, in the same words
        lines.append(f"caveat: {result.mismatch_note}")
    # sensors with no sample, the report's too
    lines.extend(f"caveat: {note}" for note in feet_notes(result.feet, result.data_runs))
    # sensors that read 0 in every frame while loaded (an import says them too: analyze says what it read)
    lines.extend(f"caveat: {note}" for note in zero_notes(result.feet))
    lines.extend(foot_lines(result, cadence_per_min))
    lines.extend(steps_lines(result, cadence_per_min))
    # every span live and replay say at their end, a briefly watched foot's too (its line leaves them to these
    # notes, which say the frames missing: unnoted); a foot with no data's line says it all
    said = [f for f in result.feet if f not in result.no_data]
    lines.extend(f"Note: {n}" for n in result.absent_notes(said))
    lines.extend(f"Note: {n}" for n in result.silent_back_notes)  # back on its link, and no data: as recorded
    if result.alerts or result.events:
        lines.append("")
        lines.append("Alerts:")
        for a in sorted(result.alerts + result.events, key=lambda a: a.t_s):
            lines.append(f"  {clock_text(a.t_s):>8}  {a.message}")
    if result.marks:
        lines.append("")
        lines.append("Numb-now marks:")
        lines.extend(f"  {clock_text(c.mark.t_s):>8}  {c.mark.foot} foot: {mark_words(c)}"
                     for c in result.mark_checks())
    if advice.tips:
        lines.append("")
        lines.append("What to try:")
        for t in advice.tips:
            lines.append(f"  - {t.text} (evidence {t.strength}: {t.evidence or 'practitioner advice'})")
    refs = referrals(result.session_activities())
    lines.extend(source_lines([*lines, *refs]))  # every tag printed, the verdict's [18][36] too
    lines.append("")
    lines.extend(map(wrap or str, refs))
    lines.append(NOT_A_MEDICAL_DEVICE)
    return "\n".join(lines)
