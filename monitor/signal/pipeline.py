"""The per-foot pipeline: frames -> tare -> causal low-pass -> regions -> cycles -> activity -> features ->
detector. Streaming, and the batch form is the same code fed in one block.

Stages (each a ``.feed`` with carried state, monitor.signal.*):

1. ``OffsetTracker`` (tare): sensor offsets learnt while the foot is unloaded, from the raw total force.
2. ``CausalLowpass``: per sensor, state carried across blocks, NaN passes through.
3. ``RegionReducer``: regional forces, peaks and centre of pressure (stateless); ``HotSpotTrack``: the
   forefoot hot spot located over the previous step, read at every sample (what the residual reads).
4. ``GaitCycleDetector`` and ``StrokeDetector`` both run on the filtered total force; the activity known at
   a cycle's start picks which count, and a counted cycle is that activity's: strides for running and walking,
   strokes for cycling and stepping machines (a stroke is never a walk's stride); while the activity is
   unknown (a relief, standing) as for the last known activity. Before the first known activity, strides
   count in the windows (a stride needs the foot to unload: stepping) and strokes do not; the result lists
   (``cycles_``, ``contacts_``, ``strokes_``, summary) keep what was found then aside until the first known
   activity decides, and show the strides and stances if none ever comes (a few seconds of walking).
5. ``ActivityRecognizer``: its decisions ``(t_s, activity)`` apply from ``t_s`` on; the block is split
   there so that the features see each sample with the activity then in effect. It gets the block's IMU
   columns (``FrameBlock.imu``) where the insole sends them (monitor.signal.imu_activity). A declared
   activity takes its place from the foot's first sample on (the recogniser is not fed then).
6. ``FeatureAccumulator``: per-cycle and rolling-window features, reliefs.
7. ``ForefootDetector``: one Assessment per window.

Memory: with ``keep_history=True`` (batch analysis) the results are kept for the whole session: small per
cycle (``cycles_``, ``contacts_``, ``strokes_``), per window (``windows_``, ``assessments_``: one per 10 s)
and per relief, about 1.7 MB per foot-hour of cycling at 90 rpm. With ``keep_history=False`` (the live
monitor: hours of riding) those lists keep the latest ``RECENT`` items only. Either way per-cycle features
are kept for the last ``max_cycle_features`` cycles only, and the summary comes from running sums, counts
and the cycles' durations (8 bytes a cycle, kept by kind and again by activity: 16), so it is the same in both modes.

One idea: the chain of one foot's stages, fed block by block, and both feet's (its length is the
plumbing of seven streaming stages and the bounded summary of a session of hours).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, deque
from dataclasses import replace
from functools import partial
from operator import attrgetter
from typing import Any

import numpy as np

from monitor.codebook import FEET, FrameBlock, SensorLayout, sensor_columns
from monitor.signal.activity import ActivityRecognizer
from monitor.signal.activity_parts import brief_activities, session_parts
from monitor.signal.baseline import RiderBaseline
from monitor.signal.cycles import (
    GaitCycleDetector,
    StrokeDetector,
    cadence_from_durations,
    cadence_per_min,
)
from monitor.signal.detector import ForefootDetector
from monitor.signal.features import (
    GAIT_ACTIVITIES,
    CycleFeatureArrays,
    FeatureAccumulator,
    slice_series,
)
from monitor.signal.filters import CausalLowpass
from monitor.signal.hot_spot_track import HotSpotTrack
from monitor.signal.nominal_scale import HOLD_STEPS, LoadedLevel, StageLimits, gait_first_levels
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.signal.regions import GROUPS, RegionReducer
from monitor.signal.sensor_coverage import AnalysableSeconds, SensorCoverage
from monitor.signal.tare import OffsetTracker
from monitor.signal.types import Assessment, Cycle, CycleFeatures, WindowFeatures
from monitor.signal.zero_sensors import ZeroSensors
from monitor.util.pressure_units import layout_unit

_HEEL_REGIONS = ("heel_medial", "heel_lateral")
#: Frames processed at once (two and a half minutes at 100 Hz: fewer calls per stage, while the front end's
#: arrays of a slice stay about 2 MB each for 18 sensors, 12 MB for a 99-sensel grid).
_SLICE = 15000
#: Items each result list keeps with ``keep_history=False`` (the latest; guess: a quarter of an hour of
#: windows at the 10 s step, more than any reader of the live state looks back).
RECENT = 100
#: CycleFeatures a pipeline keeps by default, the latest (guess: more than any reader looks back at; about
#: 26 minutes of strokes at 78 a minute, docs/performance.md).
CYCLE_FEATURES_KEPT = 2000
#: Which cycles count in each activity.
STRIDE_ACTIVITIES = GAIT_ACTIVITIES
STROKE_ACTIVITIES = ("cycling", "elliptical_or_stair")


def activity_before(act_t: list[float], act: list[str], t_s: float) -> str:
    """Of the activity decisions ``act`` taken at the times ``act_t`` (s, ascending), the one in effect at the
    last sample before ``t_s`` (a decision at ``t_s`` applies from it on); "unknown" before any."""
    i = bisect.bisect_left(act_t, t_s) - 1
    return act[i] if i >= 0 else "unknown"


def _same_level(a: float, b: float) -> bool:
    """Whether two levels (NaN: unknown) are the same, two unknown ones included."""
    return a == b or math.isnan(a) and math.isnan(b)

class FootPipeline:
    """Every stage for one foot. ``feed(block)`` returns the Assessments that became final; ``finish()``, at
    the end of the foot's frames, those of the frames an uncalibrated insole's foot still holds for its first
    loaded level (monitor.signal.nominal_scale).

    Parameters
    ----------
    foot : "left" or "right"
    layout : SensorLayout of that foot's insole
    rate_hz : float
        The nominal sample rate of the frames.
    params : Params
    max_cycle_features : int
        How many of the latest CycleFeatures ``cycle_features_`` keeps.
    keep_history : bool
        Keep every cycle, stance, stroke, window and assessment (True), or the latest ``RECENT`` of each
        (False: bounded memory for a live session). Assessments and the summary do not depend on it.
    recognise_declared : bool
        With a declared activity, run the recogniser all the same and tally its labels
        (``recognised_s``), changing nothing else (what monitor.analysis.declared_check holds the
        declaration against); its windows then tile the data (one every ``activity.window_s``). Without a
        declared activity, or False, the recogniser runs only where its labels are used.
    machine : str or None
        The session's declared word where it names a stepping machine ("elliptical", "stair_climber"):
        the normal kept and used for the machine class is that machine's (ForefootDetector).

    Results (whole session unless said): ``cycles_`` (counted Cycles), ``contacts_`` (``(initial_contact_s,
    toe_off_s)`` of every stance found while the activity is not cycling or stepping), ``strokes_``
    (downstroke peak time of each counted stroke),
    ``cycle_features_`` (latest), ``windows_``, ``assessments_``, ``reliefs_`` (``(start_s, end_s)``),
    ``activity_`` (``(t_s, activity)`` at each change).
    """

    def __init__(self, foot: str, layout: SensorLayout, rate_hz: float, params: Params = DEFAULT_PARAMS,
                 *, max_cycle_features: int = CYCLE_FEATURES_KEPT, keep_history: bool = True,
                 activity: str | None = None, baseline: RiderBaseline | None = None,
                 recognise_declared: bool = False, machine: str | None = None) -> None:
        if foot not in FEET:
            raise ValueError(f"foot must be 'left' or 'right', not {foot!r}")
        self.foot, self.layout, self.rate_hz, self.params = foot, layout, float(rate_hz), params
        n = layout.n_sensors
        self.tare = OffsetTracker(n, self.rate_hz, params.tare)
        self.lowpass = CausalLowpass(self.rate_hz, params.filter, n)
        self.reducer = RegionReducer(layout)
        #: what its sensors with no sample cost it (frames with data, not analysed, per sensor and region)
        self.coverage = SensorCoverage(layout, GROUPS, self.reducer.coarse)
        #: its sensors that read 0 in every frame while it was loaded (at or above its tare's unloaded level,
        #: ``tare.params.unloaded_total_n`` as it stands for each frame: said, never read otherwise)
        self.zeros = ZeroSensors(layout.n_sensors, layout.kpa_per_count)
        #: the seconds it had a frame that could be analysed in (where the report can draw a level)
        self.analysable = AnalysableSeconds()
        self.spot = HotSpotTrack(self.reducer, params.features.step_s, params.tare.forefoot_loaded_kpa)
        self._forefoot_loaded_kpa = params.tare.forefoot_loaded_kpa  # the tare's loaded forefoot (its units)
        # an uncalibrated insole's foot: its absolute limits follow its loaded level (monitor.signal.nominal_scale)
        self._level = None if layout.calibrated else LoadedLevel(params.features.step_s, self.rate_hz)
        self._level_applied: float | None = None
        self._starts_left = 0  # the level's starts_left the detector has forgotten the patterns of
        # and the same level of its total force, which the gait detector's first levels follow
        self._total_level = None if layout.calibrated else LoadedLevel(params.features.step_s, self.rate_hz)
        self._total_applied: float | None = None
        self._read_above_zero = False  # whether any sensor has read above 0 so far (read_nothing)
        self._activity_applied: str | None = None  # the activity its limits were last chosen for
        self._step_activity: tuple[int, str] | None = None  # (level step, the recognised activity at its start)
        # its frames (t_s, raw, imu) held until its first level is known (None: no longer held)
        self._held: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] | None = None if layout.calibrated else []
        #: the time (session s) of the frame whose feed ran the frames held for the first level: the first of
        #: the step where the level became known or the hold ended; none of their windows is final before it
        #: (None: none held, or not run yet, or run by ``finish``)
        self.released_s: float | None = None
        delay_s = self.lowpass.delay_s
        self.gait = GaitCycleDetector(self.rate_hz, params.cycles, foot=foot, delay_s=delay_s,
                                      calibrated=layout.calibrated)
        # strokes_ below comes from the counted cycles: the detector need not keep its own list
        self.stroke = StrokeDetector(self.rate_hz, params.cycles, foot=foot, delay_s=delay_s, keep_strokes=False)
        #: a declared activity (the session's or layout's, or the caller's) replaces every label of the
        #: recogniser, "unknown" included: standing, coasting and stops stay that activity (a stop is a
        #: relief, judged apart), so a declared ride is never judged as "unknown" between its strokes
        self.declared_activity = activity if activity not in (None, "unknown") else None
        # not fed on a declared session (the declared activity is in effect from the first sample),
        # unless its labels are wanted to hold the declaration against; they then change nothing
        # (then its windows tile the data, one every window_s, not every step_s: half the work)
        self._shadow = self.declared_activity is not None and recognise_declared
        self.recognizer = ActivityRecognizer(
            self.rate_hz, replace(params.activity, step_s=params.activity.window_s) if self._shadow
            else params.activity, times_only=self.declared_activity is not None and not self._shadow)
        self._recognised_s: Counter[str] = Counter()  # seconds of data per label (recognise_declared)
        self._first_t_s: float | None = None  # the foot's first frame (s), with recognise_declared
        self.features = FeatureAccumulator(layout, self.rate_hz, params.features)
        self.detector = ForefootDetector(foot, params.detector, baseline, machine,
                                         pressure_unit=layout_unit(layout))
        self._heel = [r for r in _HEEL_REGIONS if r in self.reducer.masks]
        self.keep_history = keep_history
        keep = None if keep_history else RECENT
        self._cycles: deque[Cycle] | list[Cycle] = _history(keep)
        self._contacts: deque[tuple[float, float]] | list[tuple[float, float]] = _history(keep)
        self.strokes_: deque[float] | list[float] = _history(keep)
        self._cycle_features: deque[CycleFeatures] = deque(maxlen=max_cycle_features)
        # recorded cycles whose CycleFeatures are made when cycle_features_ is read: (batch, row)
        self._cycle_features_due: deque[tuple[CycleFeatureArrays, int]] = deque(maxlen=max_cycle_features)
        self.windows_: deque[WindowFeatures] | list[WindowFeatures] = _history(keep)
        self.assessments_: deque[Assessment] | list[Assessment] = _history(keep)
        self.last_windows_: list[WindowFeatures] = []  # the windows of the latest feed (all its slices)
        # for the summary, whatever the history kept
        self._durations = {"stride": _Growing(), "stroke": _Growing()}  # counted cycles (s)
        self._act_durations: dict[str, _Growing] = {}  # counted cycles (s) per known activity at their start
        self._act_sums: dict[str, _CycleSums] = {}  # the summary's sums of the counted cycles, per the same
        self._act_reliefs: Counter[str] = Counter()  # completed reliefs per known activity at their start
        self._n_counted = 0
        self._window_activity: Counter[str] = Counter()
        self._window_shares = _Growing()  # finite forefoot shares of the windows
        self._first_warning_s: float | None = None
        self.activity_: list[tuple[float, str]] = []
        self._act_t: list[float] = []
        self._act_t_array = np.empty(0)  # _act_t as an array (rebuilt when it grows)
        self._act: list[str] = []
        # a jump's windows take the activity its missing samples would: read from the two lists, not through the
        # pipeline (a bound method held by its own stage is a reference cycle, which keeps every pipeline of a
        # process and its arrays until a cyclic collection: a worker of `make validate` grew to 10 GB)
        self.features.activity_before = partial(activity_before, self._act_t, self._act)
        self._known: list[str] = []  # the last activity other than "unknown" at each change
        self._n_reliefs_passed = 0
        self._t_known_s: float | None = None  # first label other than "unknown"
        # found before it: cycles with their features, stances
        self._early: list[tuple[Cycle, CycleFeatures]] = []
        self._early_contacts: list[tuple[float, float]] = []
        #: every stance the gait detector found, counted or not, for a consumer that measures stances as they
        #: come (monitor.analysis.steps_so_far) and sets it to [] and empties it; None: not kept
        self.stances_found_: list[tuple[float, float]] | None = None
        #: likewise, the stances that joined ``contacts_`` (the ones that count), whatever ``contacts_`` keeps
        self.stances_counted_: list[tuple[float, float]] | None = None
        self._sums = _CycleSums(tuple(self.reducer.masks))
        self._early_sums = _CycleSums(tuple(self.reducer.masks))

    @property
    def cycles_(self) -> list[Cycle]:
        if self._t_known_s is None:  # the early ones of the declared activity's kind, else strides
            kind = "stroke" if self.declared_activity in STROKE_ACTIVITIES else "stride"
            return [c for c, _ in self._early if c.kind == kind]
        return self._cycles

    @property
    def contacts_(self) -> list[tuple[float, float]]:
        return self._early_contacts if self._t_known_s is None else self._contacts

    @property
    def contacts_decided(self) -> bool:
        """Whether ``contacts_`` holds the stances that count, to keep: False before the first known activity,
        while the stances found are held aside (the module docstring)."""
        return self._t_known_s is not None

    @property
    def stances_from_s(self) -> float:
        """Session s at or after which a stance the gait detector has not reported yet begins: a stance is
        reported once it ended and ``min_swing_s`` went by, at most ``max_stride_s`` long, as the stride ending
        at its initial contact, before ``GaitCycleDetector.complete_before_s`` (``min_stance_s``, ``max_gap_s``
        and 1 s more kept as a margin for its other waits: guess); +inf where it reports none anymore (its
        strides unused)."""
        if self._strides_unused():
            return math.inf
        p = self.params.cycles
        return self.gait.complete_before_s - p.min_stance_s - p.max_gap_s - 1.0

    @property
    def cycle_features_(self) -> deque[CycleFeatures]:
        """The CycleFeatures of the latest ``max_cycle_features`` counted cycles, oldest first."""
        due, self._cycle_features_due = self._cycle_features_due, deque(maxlen=self._cycle_features.maxlen)
        while due:
            batch = due[0][0]
            rows = []
            while due and due[0][0] is batch:
                rows.append(due.popleft()[1])
            self._cycle_features.extend(batch.objects(rows))
        return self._cycle_features

    @property
    def reliefs_(self) -> list[tuple[float, float]]:
        return self.features.reliefs_

    @property
    def analysed(self) -> bool:
        """Whether some of the foot's frames were analysed: False for a foot with no frame with data, or one
        where a whole group (heel, midfoot, metatarsal heads, toes) had no sample in every frame with data
        (``coverage``)."""
        return self.coverage.n_read > self.coverage.n_not_analysed

    @property
    def read_nothing(self) -> bool:
        """True for a calibrated insole's foot with frames with data of which no sensor ever read above 0 in the
        frames run so far: exactly 0 on every sensor (a dead or absent insole, not a foot that pedalled or walked
        lightly: a loaded insole reads above 0 somewhere). False on an uncalibrated insole (:attr:`load_measured`
        judges it by its loaded level) and on a foot with no frame with data."""
        return self._level is None and self.coverage.n_read > 0 and not self._read_above_zero

    @property
    def load_measured(self) -> bool:
        """False for an uncalibrated insole's foot whose loaded level was never known in the frames run so far
        (monitor.signal.nominal_scale: no forefoot reading with a load's rhythm, or none at all), and for a
        calibrated insole's foot that read nothing (:attr:`read_nothing`): its reliefs, strokes and residual were
        never judged. True otherwise."""
        if self._level is None:
            return not self.read_nothing
        return (self._level_applied or 0.0) > 0.0

    @property
    def next_final_s(self) -> float:
        """The earliest frame time (session s) at which ``feed`` can return an Assessment: frames all
        before it return none (one Assessment per window, monitor.signal.features)."""
        return self.features.next_final_s

    def activity_at(self, t_s: float) -> str:
        """The activity in effect at ``t_s`` ("unknown" before the first decision)."""
        i = bisect.bisect_right(self._act_t, t_s) - 1
        return self._act[i] if i >= 0 else "unknown"

    def _known_many(self, t_s: list[float]) -> list[str]:
        """``_known_at`` of each time."""
        if self._t_known_s is None:
            return ["unknown"] * len(t_s)
        if self._act_t_array.shape[0] != len(self._act_t):
            self._act_t_array = np.array(self._act_t)
        at = np.maximum(np.array(t_s, dtype=float), self._t_known_s)
        return [self._known[i] for i in (np.searchsorted(self._act_t_array, at, side="right") - 1).tolist()]

    def known_activities(self, t_s: list[float]) -> list[str]:
        """The last activity other than "unknown" in effect at each of ``t_s`` (session s), as a counted cycle
        starting then (a step landing then) is told to have; before the first such label, that label ("unknown"
        before any)."""
        return self._known_many(t_s)

    def _known_at(self, t_s: float) -> str:
        """The last activity other than "unknown" in effect at ``t_s``; before the first such label, that
        label ("unknown" if there is none yet)."""
        if self._t_known_s is None:
            return "unknown"
        return self._known[bisect.bisect_right(self._act_t, max(t_s, self._t_known_s)) - 1]

    def feed(self, block: FrameBlock) -> list[Assessment]:
        """Next frames of this foot: ``block.t_s`` (n,), ``block.pressure_kpa`` (n, n_sensors), in order.

        A long block is processed in slices of ``_SLICE`` frames (every stage streams, so the result is the
        same), which keeps the memory of a whole-session block small.
        """
        if block.foot != self.foot:
            raise ValueError(f"a {block.foot} block fed to the {self.foot} pipeline")
        if block.n_sensors != self.layout.n_sensors:
            raise ValueError(f"{block.n_sensors} sensors in the block, {self.layout.n_sensors} in the layout")
        out: list[Assessment] = []
        windows: list[WindowFeatures] = []
        for lo, hi in self._pieces(block.t_s):
            t, raw, imu = block.t_s[lo:hi], block.pressure_kpa[lo:hi], None if block.imu is None else block.imu[lo:hi]
            if self._level is None:
                out += self._feed(t, raw, imu)
                windows += self.last_windows_
                continue
            level = self._level.level_at(float(t[0]))
            total_level = self._total_level.level_at(float(t[0]))
            if self._level.starts_left != self._starts_left:  # a start at a fraction of the load, left
                self._starts_left = self._level.starts_left
                self.detector.forget_notices()
            if self._held is not None and math.isnan(level) and self._level.waited_steps < HOLD_STEPS:
                self._held.append((t, raw, imu))  # the first level is not known yet
                total_n, forefoot = self.reducer.loads_by_sensor(np.ascontiguousarray(raw.T, dtype=float))
                self._level.feed(t, forefoot)
                self._total_level.feed(t, total_n)
                continue
            if self._held:
                self.released_s = float(t[0])
            out += self._release(level, windows, total_level)
            self._scale_limits(level, total_level, float(t[0]))
            out += self._feed(t, raw, imu, to_level=True)
            windows += self.last_windows_
        self.last_windows_ = windows
        return out

    def finish(self) -> list[Assessment]:
        """The end of the foot's frames: those held for an uncalibrated insole's first level run with the level
        of the data there is (:meth:`LoadedLevel.level_so_far`; unknown if none). Returns their Assessments."""
        windows: list[WindowFeatures] = []
        out = (self._release(self._level.level_so_far(), windows, self._total_level.level_so_far())
               if self._held else [])
        self.last_windows_ = windows
        return out

    def _release(self, level: float, windows: list[WindowFeatures], total_level: float) -> list[Assessment]:
        """The frames held for the first level run with ``level`` and ``total_level`` (``_scale_limits``): their
        Assessments; their windows are added to ``windows``."""
        held, self._held = self._held or [], None
        out: list[Assessment] = []
        if held:
            self._scale_limits(level, total_level, float(held[0][0][0]))
        for t, raw, imu in held:
            out += self._feed(t, raw, imu)
            windows += self.last_windows_
        return out

    def _pieces(self, t_s: np.ndarray) -> list[tuple[int, int]]:
        """[lo, hi) of the pieces a block of times ``t_s`` (n,) is processed in: at most ``_SLICE`` frames,
        and on an uncalibrated insole's foot each within one step of its loaded level (which sets the limits
        of the whole piece)."""
        n = t_s.shape[0]
        cuts = set(range(0, n, _SLICE))
        if self._level is not None and n:
            ks = np.floor(np.asarray(t_s, dtype=float) / self._level.step_s)
            cuts.update((np.flatnonzero(ks[1:] != ks[:-1]) + 1).tolist())
        edges = sorted(cuts) + [n]
        return list(zip(edges[:-1], edges[1:]))

    def _judged_activity(self, t_s: float) -> str:
        """The activity an uncalibrated insole's foot's limits are chosen for at ``t_s`` (session s): the declared
        one, else the last recognised one other than "unknown" as it stood when the level step of ``t_s`` began
        (decided on the frames before it: the same however the frames come in blocks); "unknown" before any."""
        if self.declared_activity is not None:
            return self.declared_activity
        k = int(math.floor(t_s / self._level.step_s))
        if self._step_activity is None or self._step_activity[0] != k:
            self._step_activity = (k, self._known[-1] if self._known else "unknown")
        return self._step_activity[1]

    def _scale_limits(self, level: float, total_level: float, t_s: float) -> None:
        """An uncalibrated insole's foot: the limits of its loaded level ``level`` (its units; NaN: unknown)
        under the activity it is judged under at ``t_s`` (session s, the first frame they apply to;
        nominal_scale.reference_loaded_kpa), and the gait detector's first levels of its level of total force
        ``total_level`` (NaN: unknown)."""
        if self._total_applied is None or not _same_level(total_level, self._total_applied):
            self._total_applied = total_level
            self.gait.set_first_levels(*gait_first_levels(self.params.cycles, total_level))
        activity = self._judged_activity(t_s)
        if self._level_applied is None or activity != self._activity_applied or not _same_level(level,
                                                                                                 self._level_applied):
            self._level_applied, self._activity_applied = level, activity
            lim = StageLimits.of_level(self.params, level, activity)
            self.tare.params = replace(self.params.tare, unloaded_total_n=lim.unloaded_total_n,
                                       max_offset_kpa=lim.max_offset_kpa)
            self._forefoot_loaded_kpa = self.spot.loaded_kpa = lim.forefoot_loaded_kpa
            self.features.relief.params = replace(self.params.features, relief_enter_kpa=lim.relief_enter_kpa,
                                                  relief_exit_kpa=lim.relief_exit_kpa)
            self.stroke.set_min_stroke_n(lim.min_stroke_n)
            self.recognizer.params = replace(self.recognizer.params, min_load_range_n=lim.min_load_range_n)
            self.detector.units_per_kpa = lim.units_per_kpa

    def _feed(self, t: np.ndarray, raw: np.ndarray, imu: np.ndarray | None = None,
              to_level: bool = False) -> list[Assessment]:
        """Frames through every stage; ``to_level``: their raw forefoot hot spot then joins the loaded level of
        an uncalibrated insole's foot."""
        raw_t = np.ascontiguousarray(raw.T, dtype=float)  # (n_sensors, n): each sensor contiguous, float64
        raw_total_n, raw_forefoot_kpa = self.reducer.loads_by_sensor(raw_t)
        if to_level and self._level is not None:
            self._level.feed(t, raw_forefoot_kpa)
            self._total_level.feed(t, raw_total_n)
        self.coverage.add(raw_t, raw_total_n)
        self.zeros.add(raw_t, raw_total_n, self.tare.params.unloaded_total_n)  # the tare's level for these frames
        if not self._read_above_zero:
            with np.errstate(invalid="ignore"):
                self._read_above_zero = bool(np.any(raw_t > 0.0))
        self.analysable.add(t, raw_total_n)
        with np.errstate(invalid="ignore"):  # a loaded forefoot is never unloaded (NaN stays NaN)
            raw_total = np.where(raw_forefoot_kpa >= self._forefoot_loaded_kpa, np.inf, raw_total_n)
        filtered = self.lowpass.feed_by_channel(self.tare.feed_by_sensor(raw_t, raw_total), t)
        spot_kpa, relief_kpa = self.spot.feed_with_relief(t, filtered)
        series = replace(self.reducer.reduce_by_sensor(filtered, extras=False),  # the features read neither
                         forefoot_spot_kpa=spot_kpa, forefoot_relief_kpa=relief_kpa)  # peaks nor cop_x
        total = series.total_force_n
        strides = [] if self._strides_unused() else self.gait.feed(t, total)
        strokes = [] if self._strokes_unused() else self.stroke.feed(t, total)
        # the heel's load as the total has it: a heel region whose own sensors miss is filled from its group,
        # so one dead heel sensor does not leave the recogniser's heel rule out (a whole heel: not analysed)
        heel = self.reducer.load_n(series, self._heel) if self._heel else None
        if self.declared_activity is None:
            decided = self.recognizer.feed(t, total, heel, imu)
        else:  # in effect from the foot's first sample, not from the recogniser's first label (10 s in),
            # so the windows and cycles before that label are the declared activity's too
            decided = [(float(t[0]), self.declared_activity)] if not self._act and t.size else []
            if self._shadow and t.size:
                self._tally(self.recognizer.feed(t, total, heel, imu), t)
        for t_d, act in decided:
            if act != (self._act[-1] if self._act else "unknown") or not self._act:
                self._act_t.append(float(t_d))
                self._act.append(act)
                self._known.append(act if act != "unknown" else (self._known[-1] if self._known else act))
                self.activity_.append((float(t_d), act))
                if self._t_known_s is None and act != "unknown":
                    self._t_known_s = float(t_d)
        stances = self.gait.take_contacts()
        if self.stances_found_ is not None:
            self.stances_found_ += stances
        self._early_contacts += stances
        if self._t_known_s is not None:
            known = self._known_many([c[0] for c in self._early_contacts])
            counted = [c for c, k in zip(self._early_contacts, known) if k not in STROKE_ACTIVITIES]
            self._contacts += counted
            if self.stances_counted_ is not None:
                self.stances_counted_ += counted
            self._early_contacts = []
        # Before the first known label, strides count in the windows (a stride needs an unloaded foot)
        # and strokes do not; the lists of results keep them aside until that label decides.
        new = sorted(strides + strokes, key=lambda c: c.end_s)
        t_known = self._t_known_s
        early = {id(c) for c in new if t_known is None or c.end_s < t_known}
        known = self._known_many([c.start_s for c in new])  # the activity it is filed under (_record_rows)
        count = [c for c, k in zip(new, known)
                 if (c.kind == "stride" if id(c) in early else
                     k in (STRIDE_ACTIVITIES if c.kind == "stride" else STROKE_ACTIVITIES))]
        hold = [c for c in new if id(c) in early and c.kind != "stride"]
        windows: list[WindowFeatures] = []
        found: list[CycleFeatureArrays] = []  # each in order of the cycles' end
        segments = self._segments(t)
        for j, (lo, hi, act) in enumerate(segments):
            before_s = float(t[hi]) if j < len(segments) - 1 else math.inf  # cycles whose samples are in
            mine = [c for c in count if c.end_s < before_s]
            held = [c for c in hold if c.end_s < before_s]
            count, hold = count[len(mine):], hold[len(held):]
            batch, wins = self.features.feed_arrays(t[lo:hi], slice_series(series, lo, hi), mine, act,
                                                    hold=held)
            found.append(batch)
            windows.extend(wins)
        if early:
            for batch in found:
                rows = [i for i, c in enumerate(batch.cycles) if id(c) in early]
                self._early += zip([batch.cycles[i] for i in rows], batch.objects(rows))
                self._early_sums.add_rows(batch, [i for i in rows if batch.cycles[i].kind == "stride"])
        if self._early and self._t_known_s is not None:
            self._release_early()
        for batch in found:
            self._record_rows(batch, [i for i, c in enumerate(batch.cycles) if id(c) not in early]
                              if early else list(range(len(batch))))
        new_reliefs = self.features.reliefs_[self._n_reliefs_passed:]
        self._n_reliefs_passed = len(self.features.reliefs_)
        self._act_reliefs.update(self._known_many([start_s for start_s, _ in new_reliefs]))
        assessments = self.detector.feed(windows, new_reliefs)
        self.windows_.extend(windows)
        self.assessments_.extend(assessments)
        self.last_windows_ = windows
        self._window_activity.update(w.activity for w in windows if w.activity != "unknown")
        self._window_shares.extend([w.forefoot_share for w in windows if not math.isnan(w.forefoot_share)])
        if self._first_warning_s is None:
            self._first_warning_s = next((a.t_s for a in assessments if a.level in ("warning", "alert")), None)
        return assessments

    def _tally(self, labels: list[tuple[float, str | None]], t: np.ndarray) -> None:
        """Adds the seconds of data each closed window of the recogniser spans (``window_s``, from the
        foot's first frame for the first one) to its label."""
        if self._first_t_s is None:
            self._first_t_s = float(t[0])
        window_s = self.recognizer.params.window_s
        for g, act in labels:
            self._recognised_s[act or "unknown"] += g - max(g - window_s, self._first_t_s)

    def recognised_s(self) -> Counter[str]:
        """With ``recognise_declared`` on a declared session: seconds of the foot's data per label of the
        recogniser (ACTIVITIES), its windows tiling the data, the last one (not yet closed) from the frames
        it holds, up to the latest; empty otherwise. A window across a gap counts whole (s)."""
        out = Counter(self._recognised_s)
        first_s = self._first_t_s
        last = self.recognizer.classify_open() if self._shadow and first_s is not None else None
        if last is not None and first_s is not None:
            act, start_s, last_s = last
            out[act] += max(0.0, last_s - max(start_s, first_s))
        return out

    def amend(self, a: Assessment) -> None:
        """Put ``a`` in place of this foot's assessment of the same time: the judgement made with the other
        foot (monitor.analysis.unilateral), so that every reader of ``assessments_`` sees it."""
        seq = self.assessments_  # in time order
        i = bisect.bisect_left(seq, a.t_s, key=attrgetter("t_s"))
        if i < len(seq) and seq[i].t_s == a.t_s and seq[i] is not a:
            seq[i] = a
            if a.level in ("warning", "alert") and (self._first_warning_s is None or a.t_s < self._first_warning_s):
                self._first_warning_s = a.t_s

    def _strides_unused(self) -> bool:
        """Whether no stride or stance the gait detector could still report would count, so that it need
        not be fed: a declared stroke activity drops every stride ending at or after the first label
        (the foot's first frame on a declared session) and every stance (``_known_many`` reads the declared
        activity from then on), once the strides ending before that label have all been reported
        (``GaitCycleDetector.complete_before_s``)."""
        return (self.declared_activity in STROKE_ACTIVITIES and self._t_known_s is not None
                and self.gait.complete_before_s > self._t_known_s)

    def _strokes_unused(self) -> bool:
        """Whether no stroke the stroke detector could still report would count: a declared gait activity
        drops every stroke once the first label is known (one ending before it was held, and is dropped
        when released, ``_release_early``)."""
        return self.declared_activity in STRIDE_ACTIVITIES and self._t_known_s is not None

    def _counts(self, c: Cycle) -> bool:
        """Whether a cycle counts: its kind fits the known activity at its start, the one it is filed under."""
        fits = STRIDE_ACTIVITIES if c.kind == "stride" else STROKE_ACTIVITIES
        return self._known_at(c.start_s) in fits

    def _release_early(self) -> None:
        """Cycles found before the first known label join the results if their kind fits it."""
        early, self._early = self._early, []
        for c, cf in early:
            if self._counts(c):
                self._record(c, cf)
        self._early_sums = _CycleSums(tuple(self.reducer.masks))

    def _segments(self, t: np.ndarray) -> list[tuple[int, int, str]]:
        """[lo, hi) index ranges of ``t`` with one activity each."""
        cuts = [0]
        acts = [self.activity_at(float(t[0]))]
        i = bisect.bisect_right(self._act_t, float(t[0]))
        while i < len(self._act_t) and self._act_t[i] <= t[-1]:
            k = int(np.searchsorted(t, self._act_t[i], side="left"))
            if k > cuts[-1]:
                cuts.append(k)
                acts.append(self._act[i])
            else:
                acts[-1] = self._act[i]
            i += 1
        cuts.append(t.size)
        return [(cuts[j], cuts[j + 1], acts[j]) for j in range(len(acts))]

    def _record(self, c: Cycle, cf: CycleFeatures) -> None:
        self._cycles.append(c)
        self._durations[c.kind].extend([c.duration_s])
        act = self._known_at(c.start_s)  # a cycle is the activity's its start's step is (its landing)
        self._act_durations.setdefault(act, _Growing()).extend([c.duration_s])
        self._act_sums.setdefault(act, _CycleSums(self._sums.regions_)).add(cf)
        self._n_counted += 1
        if c.kind == "stroke" and c.peak_s is not None:
            self.strokes_.append(c.peak_s)
        self.cycle_features_.append(cf)
        self._sums.add(cf)

    def _record_rows(self, batch: CycleFeatureArrays, rows: list[int]) -> None:
        """``_record`` of the cycles at ``rows`` of a batch, in that order."""
        if not rows:
            return
        cycles = batch.cycles if len(rows) == len(batch) else [batch.cycles[i] for i in rows]
        self._cycles += cycles
        self.strokes_ += [c.peak_s for c in cycles if c.kind == "stroke" and c.peak_s is not None]
        for kind in ("stride", "stroke"):
            self._durations[kind].extend([c.duration_s for c in cycles if c.kind == kind])
        known = self._known_many([c.start_s for c in cycles])  # by its start, as its step by its landing
        for act in dict.fromkeys(known):
            self._act_durations.setdefault(act, _Growing()).extend(
                [c.duration_s for c, k in zip(cycles, known) if k == act])
            self._act_sums.setdefault(act, _CycleSums(self._sums.regions_)).add_rows(
                batch, [i for i, k in zip(rows, known) if k == act])
        self._n_counted += len(cycles)
        self._cycle_features_due.extend((batch, i) for i in rows)
        self._sums.add_rows(batch, rows)

    def summary(self) -> dict[str, Any]:
        """activity, cadence_per_min (per minute: of the counted cycles of the main activity alone, those that
        started while it was the known activity, where the foot has ``activities`` or ``brief_activities``; of
        all the counted cycles of its kind otherwise; NaN where the activity is ``unknown``, as a window's: a cadence
        has no unit then), forefoot_share (0-1), regions {region: {peak_kpa,
        pti_kpa_s}} (kPa, kPa s: means per counted cycle), relief_count, first_warning_s (session s; None when
        there was none), cycles (counted), analysed (:attr:`analysed` and :attr:`load_measured`: some of its
        frames were judged). A foot none of whose frames was
        analysed (no frame with data, or a whole group of its sensors with no sample) has none of them:
        relief_count and cycles None, cadence, share and every region's values NaN, first_warning_s None
        (not "no warning"; ``analysed`` False tells the two apart); never a 0 that reads as counted. A foot whose
        load was never measured (:attr:`load_measured` False) has ``analysed`` False too, its first_warning_s None
        saying nothing of warnings (none of its windows was judged), and relief_count None: no relief could start;
        cycles None where no stroke was counted either (a foot whose heel stepped keeps its count); and its
        forefoot share and every region's values NaN: none of them is a measure of its load.
        A foot with no pressure sample has activity "unknown", declared or not, as ``analyze --json`` and the
        study say it: nothing shows what it did.
        activities: where the foot's windows hold more than one activity each for a real share of the session
        (monitor.signal.activity_parts.session_parts), one dict per activity in order of its first window:
        activity, windows_s (its windows' count times the windows' step, s), cadence_per_min (of the counted
        cycles that started while it was the known activity: a stride at its step's landing, as that step's
        contact time and footstrike, monitor.analysis.activity_contacts), cycles (those cycles), their
        forefoot_share and regions, and relief_count (those that started while it was the known activity):
        :meth:`_part_load`; () otherwise: ``activity`` (the most common label) is the session's. The foot's
        forefoot_share, regions and relief_count stay the whole session's.
        brief_activities: the other activities its windows hold that are no part of their own (too short:
        a run of 1:40 after a 4-minute walk, session_parts), from BRIEF_MIN_S of their windows (a stray window
        is the recogniser's flicker: monitor.signal.activity_parts.brief_activities), in order of their first
        window, each its activity and windows_s; () where there is none. main_part: where there is one and no
        ``activities``, the main activity's own figures as one of ``activities`` (its cadence_per_min the
        summary's, of its own cycles alone), so that no figure of it holds the other's cycles; None otherwise."""
        by_activity = self._window_activity
        if not self.coverage.n_read:  # no pressure sample: nothing shows what it did, whatever was declared
            activity = "unknown"
        elif by_activity:
            activity = by_activity.most_common(1)[0][0]
        else:  # no window with a known label (a foot that stopped early): the label known, else declared
            known = self._known[-1] if self._known else "unknown"
            activity = known if known != "unknown" else (self.declared_activity or "unknown")
        kind = "stroke" if activity in STROKE_ACTIVITIES else "stride"
        sums = self._early_sums if self._t_known_s is None else self._sums
        share = sums.forefoot_share()
        if math.isnan(share):
            shares = self._window_shares.values()
            share = float(np.median(shares)) if shares.size else math.nan
        regions = sums.regions()
        if not self.load_measured:  # its load was never measured: no figure of it (missing stays missing)
            share = math.nan
            regions = {r: dict.fromkeys(v, math.nan) for r, v in regions.items()}
        step_s = self.params.features.step_s
        parts = session_parts(by_activity, step_s) if self.coverage.n_read else ()
        # the activities too brief to be parts of their own (a run of 1:40 after a walk): said, not figured
        brief = brief_activities(by_activity, step_s, activity, parts) if self.coverage.n_read else ()
        double = 2.0 if activity == "elliptical_or_stair" else 1.0  # strokes of one foot, steps of both
        if self._t_known_s is None:  # the early cycles (few: before the first known activity), of its kind
            cadence, n_cycles = double * cadence_per_min(self.cycles_, kind), len(self.cycles_)
        elif parts or brief:  # the main activity's own cycles: never one activity's name with another's cadence
            cadence, n_cycles = self._part_cadence(activity), self._n_counted
        else:
            cadence = double * cadence_from_durations(self._durations[kind].values(), kind)
            n_cycles = self._n_counted
        if activity == "unknown":  # no unit then, as a window's (docs/detection.md): a pedal stroke reads as a stride
            cadence = math.nan
        return {
            "activity": activity,
            "cadence_per_min": cadence,
            "activities": tuple(self._part(a, by_activity[a] * step_s) for a in parts),
            "brief_activities": tuple({"activity": a, "windows_s": by_activity[a] * step_s} for a in brief),
            "main_part": self._part(activity, by_activity[activity] * step_s) if brief and not parts else None,
            "forefoot_share": share,
            "regions": regions,
            "relief_count": self.features.relief_count_ if self.analysed and self.load_measured else None,
            "first_warning_s": self._first_warning_s,
            "cycles": n_cycles if self.analysed and (self.load_measured or n_cycles) else None,  # no load: none counted
            "analysed": self.analysed and self.load_measured,  # a load never measured: nothing of it judged
        }

    def _part(self, activity: str, windows_s: float) -> dict[str, Any]:
        """``activity``'s own figures (one of the summary's ``activities``, or its ``main_part``): activity,
        windows_s (s, its windows'), cadence_per_min, cycles (those that started while it was the known
        activity) and :meth:`_part_load`'s."""
        return {"activity": activity, "windows_s": windows_s, "cadence_per_min": self._part_cadence(activity),
                "cycles": self._act_durations[activity].values().size if activity in self._act_durations else 0,
                **self._part_load(activity)}

    def _part_load(self, activity: str) -> dict[str, Any]:
        """The summary's load figures of ``activity``'s own counted cycles (those that started while it was the
        known activity, as its cadence): forefoot_share (0-1) and regions {region: {peak_kpa, pti_kpa_s}}
        (kPa, kPa s: means per cycle), NaN where none measured them or the foot's load was never measured;
        relief_count, the reliefs that started while it was the known activity (one still going on counted),
        None where the foot's reliefs are not counted (summary's relief_count)."""
        sums = self._act_sums.get(activity) or _CycleSums(self._sums.regions_)
        share, regions = sums.forefoot_share(), sums.regions()
        if not self.load_measured:
            share, regions = math.nan, {r: dict.fromkeys(v, math.nan) for r, v in regions.items()}
        reliefs: int | None = None
        if self.analysed and self.load_measured:
            going = self.features.relief_in_progress
            reliefs = self._act_reliefs[activity] + int(going is not None and self._known_at(going[0]) == activity)
        return {"forefoot_share": share, "regions": regions, "relief_count": reliefs}

    def _part_cadence(self, activity: str) -> float:
        """The cadence (per minute) of the counted cycles that started while ``activity`` was the known one; NaN
        from too few (monitor.signal.cadence)."""
        kind = "stroke" if activity in STROKE_ACTIVITIES else "stride"
        durations = self._act_durations.get(activity)
        cadence = cadence_from_durations(durations.values() if durations else np.empty(0), kind)
        return cadence * (2.0 if activity == "elliptical_or_stair" else 1.0)


class _CycleSums:
    """Running sums over counted cycles for the session summary (bounded)."""

    def __init__(self, regions: tuple[str, ...]) -> None:
        self.regions_ = regions
        self.peak = dict.fromkeys(regions, 0.0)
        self.pti = dict.fromkeys(regions, 0.0)
        self.n = dict.fromkeys(regions, 0)
        self.ff_fti = 0.0
        self.total_fti = 0.0

    def add_rows(self, batch: CycleFeatureArrays, rows: list[int]) -> None:
        """``add`` of the cycles at ``rows`` of a batch, in that order: the same sums, added one cycle
        after the other (a cycle left out adds 0.0, which changes no sum)."""
        a = batch.arrays
        idx = np.asarray(rows, dtype=np.intp)
        keep = idx[~(a["valid_fraction"][idx] < 0.5)]
        if not keep.size:
            return
        cols = [batch.regions.index(r) if r in batch.regions else -1 for r in self.regions_]
        nan_col = np.full((len(keep), 1), np.nan)
        peak = np.concatenate((a["peak_kpa"][keep], nan_col), axis=1)[:, cols]
        pti = np.concatenate((a["pti_kpa_s"][keep], nan_col), axis=1)[:, cols]
        ok = ~(np.isnan(peak) | np.isnan(pti))
        total, share = a["total_fti_n_s"][keep], a["forefoot_share"][keep]
        fti_ok = ~(np.isnan(total) | np.isnan(share))
        # one running sum over the columns peak (k), PTI (k), forefoot FTI, total FTI
        added = np.concatenate((np.where(ok, peak, 0.0), np.where(ok, pti, 0.0),
                                np.where(fti_ok[:, None], np.stack((share * total, total), axis=1), 0.0)), axis=1)
        k = len(self.regions_)
        sums = _running_sum([self.peak[r] for r in self.regions_] + [self.pti[r] for r in self.regions_]
                            + [self.ff_fti, self.total_fti], added)
        n_ok = ok.sum(axis=0).tolist()
        for j, r in enumerate(self.regions_):
            self.peak[r], self.pti[r] = sums[j], sums[k + j]
            self.n[r] += n_ok[j]
        self.ff_fti, self.total_fti = sums[2 * k], sums[2 * k + 1]

    def add(self, cf: CycleFeatures) -> None:
        if cf.valid_fraction < 0.5:
            return
        for r in self.regions_:
            pk, pti = cf.peak_kpa.get(r, math.nan), cf.pti_kpa_s.get(r, math.nan)
            if not (math.isnan(pk) or math.isnan(pti)):
                self.peak[r] += pk
                self.pti[r] += pti
                self.n[r] += 1
        if not (math.isnan(cf.total_fti_n_s) or math.isnan(cf.forefoot_share)):
            self.ff_fti += cf.forefoot_share * cf.total_fti_n_s
            self.total_fti += cf.total_fti_n_s

    def forefoot_share(self) -> float:
        return self.ff_fti / self.total_fti if self.total_fti > 0 else math.nan

    def regions(self) -> dict[str, dict[str, float]]:
        return {r: {"peak_kpa": self.peak[r] / self.n[r] if self.n[r] else math.nan,
                    "pti_kpa_s": self.pti[r] / self.n[r] if self.n[r] else math.nan} for r in self.regions_}


def _running_sum(start: list[float], rows: np.ndarray) -> list[float]:
    """``start`` plus each row of ``rows`` (m, k), added one row after the other."""
    both = np.concatenate((np.array(start, dtype=float)[None, :], rows))
    return np.add.accumulate(both, axis=0)[-1].tolist()


def _history(maxlen: int | None) -> Any:
    """A result list: a list (everything) or a deque of the latest ``maxlen``."""
    return [] if maxlen is None else deque(maxlen=maxlen)


class _Growing:
    """A float64 array that grows by doubling: 8 bytes per value, appended in amortised O(1)."""

    def __init__(self) -> None:
        self._buf = np.empty(64)
        self._n = 0

    def extend(self, values: list[float]) -> None:
        k = len(values)
        if not k:
            return
        if self._n + k > self._buf.shape[0]:
            grown = np.empty(max(2 * self._buf.shape[0], self._n + k))
            grown[:self._n] = self._buf[:self._n]
            self._buf = grown
        self._buf[self._n:self._n + k] = values
        self._n += k

    def values(self) -> np.ndarray:
        """The values so far, shape (n,) (a view: read, don't keep)."""
        return self._buf[:self._n]


class SessionPipeline:
    """A FootPipeline per foot; ``feed(block)`` routes each block by its foot.

    Parameters
    ----------
    layouts : dict foot -> SensorLayout
    rates : dict foot -> rate (Hz), or None for each layout's ``current_rate_hz``
    params : Params
    keep_history : bool
        FootPipeline's: False keeps the latest results only (a live session).
    max_cycle_features : int
        FootPipeline's: how many of the latest CycleFeatures each foot keeps (0: none, where none is read).
    activity : str or None
        A declared activity (one of the pipeline's labels): used instead of the recognised one.
    baseline : RiderBaseline or None
        The rider's normal from earlier sessions (monitor.signal.baseline).
    machine : str or None
        FootPipeline's: the stepping machine declared, whose own normal the machine class keeps and uses.
    """

    def __init__(self, layouts: dict[str, SensorLayout], rates: dict[str, float] | None = None,
                 params: Params = DEFAULT_PARAMS, *, keep_history: bool = True,
                 max_cycle_features: int = CYCLE_FEATURES_KEPT,
                 activity: str | None = None, baseline: RiderBaseline | None = None,
                 machine: str | None = None) -> None:
        rates = rates or {}
        self.feet: dict[str, FootPipeline] = {
            foot: FootPipeline(foot, layout, float(rates.get(foot, layout.current_rate_hz)), params,
                               max_cycle_features=max_cycle_features, keep_history=keep_history,
                               activity=activity, baseline=baseline, machine=machine)
            for foot, layout in layouts.items()}

    def baseline_(self) -> RiderBaseline:
        """What this session learnt of the rider's normal, both feet (to save with ``--rider``)."""
        return RiderBaseline({foot: pipe.detector.baseline_ for foot, pipe in self.feet.items()})

    def normal_judged_s(self) -> float:
        """How far the judged windows towards a normal of this session's own reached, of the foot and activity
        furthest along (s, at most DetectorParams.baseline_s; BaselineBuilder.judged_s)."""
        return max((pipe.detector.builder.judged_s() for pipe in self.feet.values()), default=0.0)

    def normal_judged_any(self) -> bool:
        """Whether any foot judged a window towards a normal of this session's own (BaselineBuilder.judged_any)."""
        return any(pipe.detector.builder.judged_any() for pipe in self.feet.values())

    def feed(self, block: FrameBlock) -> list[Assessment]:
        if block.foot not in self.feet:
            raise ValueError(f"no layout for the {block.foot} foot")
        return self.feet[block.foot].feed(block)

    @property
    def assessments_(self) -> list[Assessment]:
        """Both feet's assessments in time order (left before right at equal times)."""
        both = [a for pipe in self.feet.values() for a in pipe.assessments_]
        return sorted(both, key=lambda a: (a.t_s, FEET.index(a.foot)))

    def summary(self) -> dict[str, dict[str, Any]]:
        return {foot: pipe.summary() for foot, pipe in self.feet.items()}

    def finish(self) -> list[Assessment]:
        """The end of the session's frames: each foot's :meth:`FootPipeline.finish`."""
        return [a for pipe in self.feet.values() for a in pipe.finish()]


def run_pipeline(session: Any, params: Params = DEFAULT_PARAMS, activity: str | None = None) -> SessionPipeline:
    """Feeds a loaded session (monitor.session.directory.Session) through a SessionPipeline, one block per foot
    (with the foot's IMU rows where the session has them, ``Session.imu``).

    ``activity``: a declared activity in the pipeline's labels (None: recognised)."""
    layouts = session.info.layouts
    pipe = SessionPipeline(layouts, None, params, activity=activity)
    for foot in layouts:
        rows = session.foot_frames(foot)
        if not len(rows):
            continue
        cols = sensor_columns(layouts[foot].n_sensors)
        pipe.feed(FrameBlock(foot, rows["t_s"].to_numpy(dtype=float), rows[cols].to_numpy(dtype=float),
                             session.imu.get(foot)))
    pipe.finish()
    return pipe
