"""Batch analysis of a recorded or imported session: the pipeline, the alert policy, a JSON-ready result.

``analyze(session, params)`` feeds each foot's frames through the same streaming pipeline the live
monitor uses (in one block: streaming equals batch), then the assessments of both feet, in time order,
through the alert policy; the stances of a walk or a run are then measured on the frames
(monitor.analysis.steps: contact time, footstrike, impulse). docs/analyze-json.md documents the JSON.
One idea: a whole session analysed at once, as the live monitor would have analysed it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.analysis.absent_words import absent_words, no_data_message
from monitor.analysis.activity_contacts import with_contacts
from monitor.analysis.advice import Advice, Setup, advise
from monitor.analysis.alerts import Alert, AlertPolicy, Shown
from monitor.analysis.asymmetry import session_asymmetry
from monitor.analysis.batch_clock import DataClock
from monitor.analysis.damage_json import damaged_spans_json
from monitor.analysis.declared import declared_activity, declared_word  # noqa: F401 - said here too
from monitor.analysis.declared_check import DeclaredMismatch, declared_mismatch
from monitor.analysis.foot_frames import foot_blocks, read_times
from monitor.analysis.judged import Judged, judged_against
from monitor.analysis.marks import MarkCheck, RiderMark, judge_marks, mark_alert, marks_from_events
from monitor.analysis.result_json import result_json
from monitor.analysis.sensor_gaps import unanalysed_words, unmeasured_words
from monitor.analysis.steps import FootSteps, foot_steps, steps_summary
from monitor.analysis.strike import foot_strike
from monitor.analysis.unchecked import feet_reads, imported_layout, unchecked_all, unchecked_words
from monitor.analysis.unilateral import UnilateralCheck
from monitor.analysis.watched import no_sample_words, of_feet_recorded
from monitor.codebook import FEET
from monitor.link.silent_back import silent_back_notes
from monitor.session.absence import (
    DataRuns,
    DataRunsSoFar,
    absent_at_ends,
    down_before_data,
    longest_data_time_s,
    silent_spans,
)
from monitor.session.insole_kinds import other_kinds, session_insole
from monitor.session.model import Session
from monitor.signal.activity_words import DECLARED_ACTIVITY
from monitor.signal.baseline import RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.signal.pipeline import FootPipeline
from monitor.util.collector import objects_before_frozen
from monitor.util.pressure_units import feet_units_differ, layout_unit

#: Session activities (SessionInfo.activity, scenario names) in the pipeline's vocabulary.
DECLARED_ACTIVITY = DECLARED_ACTIVITY  # the table's (monitor.signal.activity_words)


@dataclass
class AnalysisResult:
    """What analyze found: alerts, other events, per-foot pipelines (results end in ``_``)."""

    session_id: str
    declared_activity: str | None
    params: Params
    feet: dict[str, FootPipeline]
    alerts: list[Alert] = field(default_factory=list)
    events: list[Alert] = field(default_factory=list)  # back-to-normal, data-stale, data-back
    steps: dict[str, FootSteps] = field(default_factory=dict)  # per foot with stances (walking, running)
    setup: Setup = field(default_factory=Setup)  # the rider's declared pedals and shoes
    marks: list[RiderMark] = field(default_factory=list)  # the rider's "numb now" marks (raw log), in time order
    no_data: tuple[str, ...] = ()  # the feet of the session with no pressure sample at all
    #: the longest foot's time with data (s): each frame of its runs one sample period at its rate
    #: (monitor.session.absence.data_time_s; a hole of more than ABSENT_MIN_S adds nothing); None: unknown
    data_s: float | None = None
    #: per foot, ``(first_s, last_s)`` of each run of its readings, their readings counted and the foot's
    #: sample period (monitor.session.absence.data_runs, DataRuns)
    data_runs: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    #: bytes of the raw log skipped as damaged (Session.damaged_spans), each {offset, n_bytes, from_s, to_s}:
    #: its byte offset and length, and the session seconds of the sound records around it (None: the start,
    #: the end); ``damage_note`` says them in one line (Session.damage_note, "" for a sound log)
    damaged_spans: tuple[dict[str, Any], ...] = ()
    damage_note: str = ""
    #: the feet whose layout claims an IMU but whose IMU rows the session lacks (Session.imu_missing): their
    #: activity, where recognised, is from pressure alone; ``imu_note`` says so in one line (Session.imu_note)
    imu_missing: tuple[str, ...] = ()
    imu_note: str = ""
    #: the feet the session has no insole for (Session.feet_not_recorded: never connected, or not in an
    #: imported file); ``not_recorded_note`` says so in one line (Session.not_recorded_note)
    feet_not_recorded: tuple[str, ...] = ()
    not_recorded_note: str = ""
    log_end_note: str = ""  # where the data end, when not at the session's end (Session.log_end_note)
    log_lost: dict[str, int] = field(default_factory=dict)  # feet whose frames the raw log lost (Session.log_lost)
    #: "the recording was stopped at 8:27 of 20:00 (Ctrl-C)": a recording a signal cut short of the duration
    #: asked for (SessionInfo.stopped_note); "" otherwise
    stopped_note: str = ""
    #: the feet back on their link that sent no data for the data-stale delay after it, in the recording's words
    #: ("right insole reconnected at 0:35 but sent no data after it (its data ended at 0:20)",
    #: monitor.link.silent_back.silent_back_notes)
    silent_back_notes: tuple[str, ...] = ()
    #: per foot whose activity is known, whether it was judged against a normal kept from earlier sessions
    #: (``analyze(..., baseline=)``) that holds that foot's activity (RiderBaseline.kept_feet); False: that
    #: foot's first ``DetectorParams.baseline_s`` of judged windows were taken as the rider's normal (none
    #: given, or one of other activities, or of the other foot only). Empty when no normal is given.
    kept_feet: dict[str, bool] = field(default_factory=dict)
    #: of those, made by "this" session (judged as live judged it: learnt on its first minutes, its kept normal
    #: what they give) or "other" ones (after it), or "unknown" (not known to be earlier ones); a foot left
    #: out: earlier sessions' (monitor.analysis.normal_words.kept_when)
    kept_from: dict[str, str] = field(default_factory=dict)
    #: for judged_words: the normal given, its rider (None: not named), whether it is the session's baseline.json
    normal: RiderBaseline | None = None
    rider: str | None = None
    #: the session's insole kind (monitor.session.insole_kinds), which its learnt normal is kept under; and
    #: the kinds a normal given (or the rider's kept normals) is of when none is of this kind: not used
    insole: str | None = None
    #: the name of the layout JSON a generic CSV import was read with (``imported_from.header.layout``), which
    #: says what its insoles cannot check; None for any other session
    layout_file: str | None = None
    normal_elsewhere: tuple[str, ...] = ()
    normal_from_session: bool = False
    #: whether ``rider``'s normal kept now is what this session learnt (monitor.session.kept_by_ride)
    kept_now: bool = False
    #: the declared activity as it was declared (session.json's or the caller's word, e.g. "elliptical",
    #: "stair_climber", "cycling_seated"), which the text and the report say; ``declared_activity`` is its
    #: class in the detector's vocabulary (DECLARED_ACTIVITY), the one the rules and ``--json`` use. None:
    #: none declared
    declared_word: str | None = None
    #: per foot, each pattern it showed at each level, at its first showing (AlertPolicy.shown), alerted or
    #: not: what makes the advice tell both feet the same where they showed the same
    shown: dict[str, tuple[Shown, ...]] = field(default_factory=dict)
    #: per foot with steps, the footstrike the advice reads (AlertPolicy.measured's whole(); None: not known,
    #: :meth:`strikes` then reads all the steps)
    run_strikes: dict[str, str | None] | None = None
    #: the declared activity contradicted by the recogniser over most of the session
    #: (monitor.analysis.declared_check), None when it is not (or none is declared): a caution only, the
    #: declared activity still replaces every label
    declared_mismatch: DeclaredMismatch | None = None
    #: per foot, ``(start_s, end_s)`` where it sent no data for longer than absence.ABSENT_MIN_S (its gaps,
    #: and before its first frame with data or after its last: monitor.session.absence.silent_spans), where
    #: the report draws no level or line
    silent_spans: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    #: per foot, ``(start_s, end_s, frames)`` where it sent no data at the session's start or end
    #: (monitor.session.absence.absent_at_ends), as the end of live and replay and the report say them
    absent_at_ends: dict[str, list[tuple[float, float, int]]] = field(default_factory=dict)
    duration_s: float | None = None  # the session's (None: unknown); ``speed``: a simulation's
    speed: float = 1.0
    #: per foot whose link went down (a ``disconnected`` event) before its first data, when (session s): its
    #: late start is said as that drop
    dropped_before_data: dict[str, float] = field(default_factory=dict)

    def absent_notes(self, feet: Collection[str] | None = None) -> list[str]:
        """:attr:`absent_at_ends` in live's words (monitor.analysis.absent_words), of ``feet`` (None: all)."""
        return [absent_words(foot, *span, self.duration_s or span[1], self.speed,
                             self.dropped_before_data.get(foot))
                for foot, spans in self.absent_at_ends.items() if feet is None or foot in feet for span in spans]

    def mark_checks(self) -> list[MarkCheck]:
        """Each of the rider's marks against the detector's alerts: warned before it, and how long before; and
        whether the foot sent data at it (MarkCheck.no_data_since_s)."""
        return judge_marks(self.marks, self.alerts, self.data_runs, self.log_lost)

    def activities(self) -> dict[str, str | None]:
        """Per foot, the activity the advice speaks of: the declared one, which replaces every label of
        the recogniser (docs/detection.md), else the recognised one (None while it is unknown); None for a
        foot with no pressure sample (:attr:`no_data`), whose activity nothing shows."""
        out: dict[str, str | None] = {}
        for foot, s in self.summary().items():
            act = s.get("activity")
            out[foot] = None if foot in self.no_data else (
                self.declared_activity or (act if act and act != "unknown" else None))
        return out

    def session_activities(self) -> list[str | None]:
        """Every activity the session's feet are told in (:meth:`activities`, and each of a foot's several:
        its summary's ``activities``, and those too brief to be parts, its ``brief_activities``), per foot in
        order, for the words that name the session (the referral's "after the walk ends", "after the session
        ends" for a walk then a run)."""
        acts = self.activities()
        summary = self.summary()
        return [a for foot, act in acts.items()
                for a in [act, *(p["activity"] for p in summary[foot].get("activities", ())),
                          *(p["activity"] for p in summary[foot].get("brief_activities", ()))]]

    def activity_sources(self) -> dict[str, tuple[str, str | None]]:
        """Per foot, (activity, where it came from): ``declared`` when a declared activity is in force (the
        session's own, or the caller's), else ``recognised`` (the recogniser's label from force, and the
        IMU where the insole has one; ``unknown`` when no window was recognised); ("unknown", None) for a
        foot with no pressure sample (:attr:`no_data`)."""
        return {foot: ("unknown", None) if foot in self.no_data
                else (act, "declared") if self.declared_activity else (act or "unknown", "recognised")
                for foot, act in self.activities().items()}

    @property
    def kept_normal(self) -> bool:
        """Whether every foot whose activity is known was judged against a kept normal (:attr:`kept_feet`);
        False when none is known or any foot's normal was learnt from the session's first minutes."""
        return bool(self.kept_feet) and all(self.kept_feet.values())

    def advice(self) -> Advice:
        """The verdict and what to try, per foot and for the declared setup (monitor.analysis.advice); with
        no pressure sample from any foot, a verdict that says so (nothing was watched, nothing is clear),
        and whose it is where a foot was not recorded (monitor.analysis.watched.of_feet_recorded)."""
        if self.feet and set(self.no_data) >= set(self.feet):
            verdict = f"Verdict: {no_sample_words(tuple(self.feet))}: nothing to judge."
            return Advice(of_feet_recorded(verdict, tuple(self.feet), self.feet_not_recorded), [],
                          nothing_to_judge=True)
        # numb marks no sign explains are said in the verdict
        marks = [mark_alert(m, pedals=self.setup.pedals) for m in self.marks]
        return advise(self.alerts + self.events + marks, tuple(self.feet), self.activities(), self.setup,
                      data_s=self.data_s, data_runs=self.data_runs or None,
                      warn_after_s=self.params.detector.warn_after_s, not_recorded=self.feet_not_recorded,
                      unanalysed=unanalysed_words(self.feet, self.params.detector.warn_after_s, self.data_runs),
                      unmeasured=unmeasured_words(self.feet, self.data_runs),
                      shown=self.shown, lost=self.log_lost, unchecked=self.unchecked(), strikes=self.strikes(),
                      relief_min_s=self.params.features.relief_min_s, session_s=self.duration_s,
                      referred=self.session_activities(),
                      checks_nothing=unchecked_all(*feet_reads(self.feet, self.no_data)),
                      learnt_s={  # one judged against a kept normal learnt none
                          f: None if self.learnt_none(f) else self.params.detector.baseline_s for f in self.feet})

    def unchecked(self) -> str:
        """What the insoles of the feet with data cannot check, in words (monitor.analysis.unchecked), named
        by the session's insole kind (:attr:`insole`; a generic CSV import's by :attr:`layout_file`), their
        layouts' and their sensors' that sent no sample in the whole session; "" for nothing."""
        layouts, silent = feet_reads(self.feet, self.no_data)
        return unchecked_words(layouts, self.insole, silent, self.layout_file)

    def learnt_none(self, foot: str) -> bool:
        """Whether ``foot`` was judged against a kept normal from its first window (:attr:`kept_feet`), not
        learnt on this session's first minutes, as a foot whose kept normal they made is judged
        (:attr:`kept_from` "this", monitor.cli.rider_analysis)."""
        return bool(self.kept_feet.get(foot)) and self.kept_from.get(foot) != "this"

    def judged(self) -> Judged | None:
        """What the session was judged against (monitor.analysis.judged): a rider's kept normal, or the
        session's first minutes; None where no foot was analysed (nothing was judged: a foot whose load was never
        measured is not, as its summary's ``analysed`` says), and where the verdict found nothing to judge (a foot
        watched too briefly to tell beside one not analysed: Advice.nothing_to_judge)."""
        if self.advice().nothing_to_judge:
            return None
        return judged_against({foot: s["analysed"] for foot, s in self.summary().items()}, self.kept_feet,
                              self.normal, self.rider, self.activities(), self.declared_word, self.kept_from,
                              (self.normal_elsewhere, self.insole), from_session=self.normal_from_session,
                              kept_now=self.kept_now)

    def judged_words(self) -> str:
        """The line under the verdict saying what the session was judged against (:meth:`judged`'s, as
        ``--json``'s ``judged_against.line``); "" where nothing was judged."""
        judged = self.judged()
        return judged.line if judged is not None else ""

    def summary(self) -> dict[str, Any]:
        """Per foot of the session, left then right, FootPipeline.summary(): a foot not analysed (no frame
        with data, or a whole group of its sensors with no sample) has relief_count and cycles None and its
        measures NaN, as ``--json`` has them null; a foot whose load was never measured, relief_count and
        cycles None. A foot whose session holds several activities (FootPipeline.summary's ``activities``) has
        each with its ``contact_s`` too (monitor.analysis.activity_contacts.with_contacts), and so has the
        ``main_part`` of one whose other activities were too brief to be parts."""
        out = {}
        for foot in [f for f in FEET if f in self.feet]:
            pipe = self.feet[foot]
            s = pipe.summary()
            if s["activities"]:
                s["activities"] = with_contacts(s["activities"], self.steps.get(foot), pipe.known_activities)
            if s["main_part"] is not None:  # its own steps' figures alone, not the brief activity's too
                s["main_part"] = with_contacts((s["main_part"],), self.steps.get(foot), pipe.known_activities)[0]
            out[foot] = s
        return out

    @property
    def baseline(self) -> RiderBaseline:
        """The rider's normal this session learnt (per foot and activity), to judge their next sessions
        against: ``analyze(next_session, baseline=result.baseline)``; ``--rider`` keeps it."""
        return RiderBaseline({foot: pipe.detector.baseline_ for foot, pipe in self.feet.items()}, self.insole)

    def asymmetry(self) -> dict[str, Any]:
        """Left/right asymmetry index 100 x (L - R) / mean(L, R) of forefoot share and regional PTI, and
        whether each is clearly away from even (monitor.analysis.asymmetry.session_asymmetry); {} for one foot."""
        return session_asymmetry(self.summary(), self.feet) if {"left", "right"} <= set(self.feet) else {}

    def strikes(self) -> dict[str, str | None]:
        """Per foot with steps, its measured footstrike (monitor.analysis.strike.foot_strike: None where not
        measured), which the strike-pattern advice of a run needs (monitor.analysis.suggestions): of its steps
        taken while running where it has any, else of all of them (StrikesSoFar.whole, as live tells it)."""
        if self.run_strikes is not None:
            return dict(self.run_strikes)
        return {foot: foot_strike(s.strike) for foot, s in self.steps.items()}

    def gait(self) -> dict[str, Any]:
        """Per-foot step figures and the left/right balance (monitor.analysis.steps.steps_summary)."""
        return steps_summary(self.steps, {f: layout_unit(pipe.layout) for f, pipe in self.feet.items()})

    @property
    def mismatch_note(self) -> str:
        """The caution of ``declared_mismatch`` in one line ("" without one)."""
        return self.declared_mismatch.note() if self.declared_mismatch else ""

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON of ``solewatch analyze --json`` (monitor.analysis.result_json, docs/analyze-json.md)."""
        return result_json(self)


@objects_before_frozen()
def analyze(session: Session, params: Params | None = None, activity: str | None = None,
            baseline: RiderBaseline | None = None, setup: Setup | None = None,
            rider: str | None = None, normal_from_session: bool = False) -> AnalysisResult:
    """Run the detection pipeline and alert policy over a loaded session.

    ``activity``: the activity declared by the caller (a session vocabulary word, see DECLARED_ACTIVITY, or a pipeline
    label); None uses the session's own ``activity`` (session.json). A declared activity replaces every label of the
    recogniser, "unknown" included (docs/detection.md). ``baseline``: the rider's normal from earlier sessions
    (monitor.signal.baseline.RiderBaseline), else it is learnt from this session's first minutes (for every activity
    it does not hold); ``rider``: whose it is (``--rider NAME``), ``normal_from_session``: whether ``baseline`` is
    the session's baseline.json, for the words. ``setup``: the rider's declared pedals and shoes (toe clips change
    the advice; a bike's remembered ones are dropped on foot: Setup.on). The recogniser runs on a declared session
    too, only to caution where the data contradict the declaration (``AnalysisResult.declared_mismatch``,
    monitor.analysis.declared_check). Python's collections walk only the objects it makes (monitor.util.collector)."""
    params = params or DEFAULT_PARAMS
    insole = session_insole(session.info.layouts, session.info.imported_from)  # a normal judges its kind only
    baseline = RiderBaseline.checked(baseline)
    elsewhere = (baseline.insole,) if baseline is not None and baseline.insole not in (None, insole) else ()
    baseline, elsewhere = (None, elsewhere) if elsewhere else (baseline, other_kinds(session.info, rider, baseline))
    declared = declared_activity(session.info.activity, activity)
    said = declared_word(session.info.activity, activity)
    feet: dict[str, FootPipeline] = {}
    valid_t: dict[str, np.ndarray] = {}
    runs: dict[str, DataRuns] = {}
    for foot in session.info.feet:
        layout = session.info.layouts[foot]
        pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), params, activity=declared,
                            baseline=baseline, recognise_declared=True, machine=said)
        valid = [np.empty(0)]
        so_far = DataRunsSoFar(1.0 / float(layout.current_rate_hz))  # a frame of a run: one sample period
        for block in foot_blocks(session, foot):
            pipe.feed(block)
            valid.append(read_times(block))
            so_far.add(block.t_s, block.pressure_kpa)
        pipe.finish()
        feet[foot] = pipe
        runs[foot] = so_far.runs
        valid_t[foot] = np.concatenate(valid)
    setup = setup or Setup()
    result = AnalysisResult(session.info.session_id, declared, params, feet, setup=setup,
                            marks=marks_from_events(session.events),
                            data_s=longest_data_time_s(runs), data_runs=runs,
                            damaged_spans=damaged_spans_json(session), damage_note=session.damage_note(),
                            imu_missing=session.imu_missing(), imu_note=session.imu_note(),
                            feet_not_recorded=session.feet_not_recorded(),
                            not_recorded_note=session.not_recorded_note(),
                            log_end_note=session.log_end_note(), log_lost=dict(session.log_lost),
                            stopped_note=session.info.stopped_note(),
                            normal=baseline, rider=rider, insole=insole, normal_elsewhere=elsewhere,
                            layout_file=imported_layout(session.info.imported_from),
                            normal_from_session=normal_from_session,
                            declared_mismatch=declared_mismatch(
                                declared, {foot: pipe.recognised_s() for foot, pipe in feet.items()}, said),
                            declared_word=said)
    result.kept_feet = baseline.kept_feet(result.activities(), said) if baseline is not None else {}
    result.setup = setup = setup.on(result.activities().values())  # a bike's remembered pedals stay off a run
    for foot, pipe in feet.items():
        if pipe.contacts_:  # walking, running: each stance measured on the frames as stored
            t_s, pressure = session.foot_arrays(foot)
            result.steps[foot] = foot_steps(foot, t_s, pressure, session.info.layouts[foot], pipe.contacts_)
            del t_s, pressure
    policy = AlertPolicy(params.alerts, pedals=setup.pedals, relief_min_s=params.features.relief_min_s)
    for foot, steps in result.steps.items():  # an alert is told the footstrike of the steps before it, as live
        policy.steps(foot, steps.initial_contact_s, steps.strike)
    merged = sorted(((a.t_s, FEET.index(a.foot), a) for pipe in feet.values() for a in pipe.assessments_),
                    key=lambda x: (x[0], x[1]))
    windows = {foot: {w.t_s: w for w in pipe.windows_} for foot, pipe in feet.items()}
    layouts = {f: pipe.layout for f, pipe in feet.items()}
    unilateral = UnilateralCheck(feet, params, baseline, feet_units_differ(layouts))  # each foot against the other

    def give(ready: list) -> None:
        for b, act in ready:
            feet[b.foot].amend(b)
            for ev in policy.feed(b, act):
                (result.alerts if ev.kind == "alert" else result.events).append(ev)

    result.no_data = tuple(foot for foot, vt in valid_t.items() if not vt.size)
    end_s = session.info.duration_s or max((float(vt[-1]) for vt in valid_t.values() if vt.size), default=None)
    reached_s = session.info.planned_duration_s  # a foot's data at it reached the end, as the recording says
    result.silent_spans = {foot: silent_spans(r, session.info.layouts[foot].current_rate_hz, end_s, reached_s)
                           for foot, r in runs.items()}
    result.absent_at_ends = absent_at_ends({foot: (r[0][0], r[-1][1]) if r else None for foot, r in runs.items()},
                                           {f: float(session.info.layouts[f].current_rate_hz) for f in runs}, end_s,
                                           reached_s)
    result.duration_s, result.speed = end_s, float(session.info.speed or 1.0)
    result.dropped_before_data = down_before_data(session.events, runs)
    result.silent_back_notes = tuple(silent_back_notes(session.events, valid_t))
    for foot in result.no_data:  # never sent a sample: said as a foot whose data stopped is, from the start
        result.events.append(Alert(0.0, foot, "data_stale", None, message=no_data_message(foot, result.log_lost)))
        give(unilateral.absent(foot))

    clock = DataClock(policy, valid_t, end_s, result.events.append)  # each foot's silences, start to end
    for foot, since_s, back_s in clock.silences():  # known before the windows in them, as live learns them
        give(unilateral.silent(foot, since_s, back_s))  # from its data-stale and data-back events
    for t_s, _, a in merged:
        clock.until(t_s)
        w = windows[a.foot].get(a.t_s)
        if w is not None:  # the step-rate tip is for a run under the optimum (monitor.analysis.suggestions)
            policy.step_rates(a.foot, ((w.t_s, w.cadence_per_min),))
        give(unilateral.feed(a, w.activity if w is not None else None))
    clock.end()
    give(unilateral.flush())
    result.shown = policy.shown()
    result.run_strikes = policy.measured.whole()
    return result

