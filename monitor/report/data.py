"""What the session report shows, computed from a session and its analysis: :func:`report_data` gathers,
one foot's frames at a time, the numbers of every section into one :class:`ReportData`. Pure: no drawing,
no files.

Everything here is numbers in arrays and small dataclasses; monitor.report.plots draws them and
monitor.report.html lays them out. Each kind of number is computed in its own module:

* monitor.report.frames_data: one foot's frames, as stored.
* monitor.report.maps_data: mean and peak pressure per sensor (the heatmaps).
* monitor.report.cycles_data: region peak pressure and centre of pressure over a time-normalised cycle.
* monitor.report.timeline_data: per analysis window, forefoot load and share, the detector's level, reliefs.
* monitor.report.quality_data: gaps, missing frames, link events, battery, counters, import caveats.
* monitor.report.verdict_data: what happened, in the words of monitor.report.text, and what to try.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.analysis.activity_contacts import activity_after_fact, activity_of_steps, placement_margin_s
from monitor.analysis.batch import AnalysisResult
from monitor.analysis.sensor_gaps import feet_notes, zero_caveats
from monitor.analysis.steps import FootSteps
from monitor.analysis.unchecked import feet_reads
from monitor.codebook import SensorLayout
from monitor.link.transport_words import transport_of
from monitor.report.cycles_data import CycleCurves, cycle_curves
from monitor.report.event_list import LinkEvent, link_events
from monitor.report.frames_data import foot_frames
from monitor.report.maps_data import PressureMap, load_not_measured, pressure_map
from monitor.report.quality_data import DataQuality, FootQuality, foot_quality, quality_of
from monitor.report.steps_cadence import told_parts
from monitor.report.timeline_data import Timeline, timeline
from monitor.report.verdict_data import Verdict, verdict
from monitor.session.model import Session
from monitor.signal.stage_params import ActivityParams, CycleParams
from monitor.util.pressure_units import PressureUnits, foot_units, session_units


@dataclass
class ReportData:
    """Everything the report shows, per foot where it is per foot."""

    session_id: str
    label: str
    #: the activity the analysis judged with, as declared (``report --activity``'s word, else session.json's,
    #: e.g. "cycling_seated"; AnalysisResult.declared_word), "unknown" where none is declared (recognised)
    activity: str
    start_utc: str
    layouts: dict[str, SensorLayout]
    verdict: Verdict
    summary: dict[str, dict[str, Any]]  # per foot, AnalysisResult.summary() with "activity_said" (data.py)
    asymmetry: dict[str, Any]
    maps: dict[str, PressureMap]
    curves: dict[str, CycleCurves | None]
    timelines: dict[str, Timeline]
    alerts: list[Any]
    events: list[Any]
    quality: DataQuality
    steps: dict[str, FootSteps] = field(default_factory=dict)  # walking, running (monitor.analysis.steps)
    gait: dict[str, Any] = field(default_factory=dict)  # AnalysisResult.gait(): per foot, balance
    #: A bike computer's ride set against the insoles (monitor.report.ride_data.RideReport), None without
    #: an imported ride.
    ride: Any = None
    #: The rider's "numb now" marks, each against the detector's warnings (monitor.analysis.marks.MarkCheck).
    marks: list[Any] = field(default_factory=list)
    #: The link events of a recording (monitor.report.event_list), in time order.
    link_events: list[LinkEvent] = field(default_factory=list)
    #: Per foot whose session holds several activities (its summary's ``activities``: a walk then a run; or its
    #: ``main_part`` and ``brief_activities``: a walk then a run too brief for figures of its own), each
    #: step's activity, "" for one in none of them ((n,) str, monitor.analysis.activity_contacts.activity_of_steps)
    step_activity: dict[str, np.ndarray] = field(default_factory=dict)
    #: The same feet's steps' activity as known after the session, which the Steps figure draws each activity's
    #: span by ((n,) str, monitor.analysis.activity_contacts.activity_after_fact: to within 5 s of the change)
    span_activity: dict[str, np.ndarray] = field(default_factory=dict)
    #: The analysis's longest stride (s; its ``cycles.max_stride_s``): the Steps figure's median lines break at a
    #: longer pause between a foot's steps (monitor.report.plots.steps.median_pieces), as its gait detector did
    max_stride_s: float = CycleParams.max_stride_s
    #: How near the change (s, either way) ``span_activity`` places it: half the analysis's activity step
    #: (monitor.analysis.activity_contacts.placement_margin_s), which the Steps figure's caption says
    span_within_s: float = placement_margin_s(ActivityParams())

    @property
    def units(self) -> PressureUnits:
        """The words the report says this session's pressures in (monitor.util.pressure_units): kPa, or nominal
        units from an uncalibrated insole."""
        return session_units(self.layouts)

    @property
    def foot_units(self) -> dict[str, PressureUnits]:
        """Each foot's own unit words (monitor.util.pressure_units.foot_units): what the figures that draw both feet
        are given, so that feet in different units never share an axis."""
        return foot_units(self.layouts)


def report_data(session: Session, result: AnalysisResult,
                progress: Callable[[str], None] | None = None, ride: Any = None) -> ReportData:
    """Compute everything the report shows. ``progress`` is called with a short line per stage. ``ride``:
    the session's imported ride (monitor.session.ride.Ride), whose crank cadence then replaces the
    insoles' estimate in the verdict's lines."""
    say = progress or (lambda _msg: None)
    feet = session.info.feet
    maps: dict[str, PressureMap] = {}
    curves: dict[str, CycleCurves | None] = {}
    qualities: dict[str, FootQuality] = {}
    t_end = 0.0
    for foot in feet:  # one foot's frames at a time
        say(f"pressure map and cycle curves: {foot} foot")
        frames = foot_frames(session, foot)
        layout = session.info.layouts[foot]
        pipe = result.feet.get(foot)
        maps[foot] = pressure_map(frames, layout)
        if pipe is not None and not pipe.load_measured:  # no mean of a load never measured: the caption says so
            maps[foot] = load_not_measured(maps[foot])
        # stances as the Steps table counts them (its steps are made of them), the last one too
        curves[foot] = (cycle_curves(frames, layout, pipe.cycles_, stances=pipe.contacts_) if pipe is not None
                        else None)
        qualities[foot] = foot_quality(session, frames)
        if frames.n_frames:
            t_end = max(t_end, float(frames.t_s[-1]))
        del frames
    say("timeline and data quality")
    timelines = {foot: timeline(result, foot) for foot in feet if foot in result.feet}
    quality = quality_of(session, qualities, t_end, feet_reads(result.feet, result.no_data)[1])
    if result.mismatch_note:  # the data against a declared activity: the analysis's, not the data's own
        quality.caveats.insert(0, result.mismatch_note)
    # sensors with no sample: what they cost the analysis
    quality.caveats.extend(feet_notes(result.feet, result.data_runs))
    # sensors that read 0 while loaded: one caveat per foot, the analysis's (an import's that says the same, once)
    quality.caveats[:] = zero_caveats(result.feet, quality.caveats)
    summary = result.summary()
    # "activity": the detector's class (the rules and figures go by it); "activity_said": the declared
    # activity as declared ("elliptical", whose class is "elliptical_or_stair"), else the class; a foot with no
    # pressure sample has none: "unknown", said "no data"
    summary = {foot: {**s, "activity": "unknown", "activity_said": "no data"} if foot in result.no_data
               else {**s, "activity": (act := s.get("activity") if s.get("activity") != "unknown"
                                       else (result.declared_activity or "unknown")),
                     "activity_said": result.declared_word or act}
               for foot, s in summary.items()}
    ride_numbers, crank = None, None
    if ride is not None:
        from monitor.report.ride_data import crank_cadence_by_foot, ride_report

        say("the ride against the insoles")
        ride_numbers = ride_report(session, result, ride.records, ride.meta)
        crank = crank_cadence_by_foot(result, ride.records, feet)  # as `solewatch analyze` says it
        if crank is not None:
            summary = {foot: {**s, "cadence_per_min": crank.get(foot, s.get("cadence_per_min"))}
                       for foot, s in summary.items()}
    judged_with = result.declared_word or result.declared_activity or "unknown"
    # the feet of a session of several activities (a walk then a run, or a walk whose run was too brief for
    # figures of its own) that have steps: each activity's steps, each with its median in the Steps figure
    parted = {foot: [*told_parts(s), *(s.get("brief_activities") or ())] for foot, s in summary.items()
              if told_parts(s) and foot in result.steps and foot in result.feet}
    return ReportData(session.info.session_id, session.info.label, judged_with,
                      session.info.start_utc, dict(session.info.layouts), verdict(result, feet, crank), summary,
                      result.asymmetry(), maps, curves, timelines, list(result.alerts), list(result.events),
                      quality, dict(result.steps), result.gait() if result.steps else {}, ride_numbers,
                      result.mark_checks(), link_events(session.events, feet, transport_of(session.info.layouts)),
                      {foot: activity_of_steps(parts, result.steps[foot], result.feet[foot].known_activities)
                       for foot, parts in parted.items()},
                      {foot: activity_after_fact(parts, result.steps[foot],
                                                 result.feet[foot].known_activities, result.params.activity)
                       for foot, parts in parted.items()},
                      result.params.cycles.max_stride_s, placement_margin_s(result.params.activity))
