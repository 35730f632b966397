"""An uncalibrated insole's loaded level, and the absolute limits that become relative to it.

An uncalibrated insole (``SensorLayout.calibrated`` false: ORPHE INSOLE, Ukaton Mission) sends counts at a
nominal scale whose gain in kPa is unknown: a limit in kPa or N (the tare's unloaded foot, the relief's
hysteresis, the residual's cut-offs, the smallest stroke and load range) says nothing of its numbers. On
such a foot each of those limits is taken as a share of the foot's own loaded level: the limit over a
typical loaded forefoot pressure of the activity the foot is judged under (:func:`reference_loaded_kpa`: a
ride's ``REFERENCE_LOADED_KPA``, a walk's or run's, a stepping machine's), times the foot's level in its own
units. A limit of 6 kPa is then 6 % of the foot's level on a ride; multiplying the foot's readings by any
gain multiplies its level, and so every limit, by the same gain, and the verdicts do not move.

The level (:class:`LoadedLevel`) is read from the raw readings, before the tare and the filter (whose limits
it sets): in each step of ``step_s`` of session time (the steps of the features, aligned on whole multiples
of ``step_s``), the ``STEP_QUANTILE`` of the foot's highest forefoot hot-spot pressure; the foot's level is
the median of its latest ``LEVEL_STEPS`` loaded steps: those with data over at least ``STEP_COVER_FRACTION``
of the step whose own level is at least ``LOADED_STEP_FRACTION`` of the foot's level then (a stop, a relief,
a break keep the level they found), as long as it stays at least that share of the median of the steps in
the level (steps that set a foot's first level while it read near zero or at a fraction of its load leave it
at the first step they are all under ``START_STEP_FRACTION`` of, while they are fewer than ``LEVEL_STEPS``; in
a level of ``LEVEL_STEPS`` steps an excursion of up to ``LEVEL_STEPS`` / 2 - 1 steps, however high, still moves
nothing; the population-tier patterns of the windows judged with a start's level that is left are forgotten,
``starts_left``). A step's level applies from the next step on, so the level any sample is judged with depends
on the data of earlier steps only, whatever the chunking. The first level is the ``STEP_QUANTILE`` of the foot's first
closed steps together, once their data span ``FIRST_LEVEL_S`` (a second of frames before the session's zero
is no step of its own), each with a load's rhythm of its own (a constant reading held before joins none). The
pipeline holds the foot's frames until that first level is known and then runs them with it
(monitor.signal.pipeline), so the foot is judged from its first sample; a foot whose level is still unknown
after ``HOLD_STEPS`` steps of session time from its first frame's step, with a forefoot reading or without
(never loaded, or its forefoot sensors empty), runs on with the level unknown: nothing
is tared, no relief starts, no stroke counts, no activity is recognised, no window is judged
(``StageLimits.unknown``) and no reminder of a stretch without relief is given (its time since relief says
nothing). Readings without a load's rhythm (:func:`rhythm` under ``RHYTHM_MIN``: a converter's noise, each
reading on its own) set no first level, whatever their size; a foot whose level is never known is one whose load
was never measured (``FootPipeline.load_measured``).

The gait detector, before it knows a foot's typical stance peak, takes its levels from the whole foot's load:
the same kind of level of its total force (:func:`gait_first_levels`), so a foot whose forefoot reads nothing
still steps.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

#: A typical loaded forefoot pressure on a bike (kPa): upright cycling's whole-foot peak is 70-75 kPa at
#: 200 W and 85-110 kPa at 300 W [4] W (domain.md section 1); 100 kPa (guess, within that range). Also the
#: reference of a foot whose activity is not known yet (a session the detector takes for a ride).
REFERENCE_LOADED_KPA = 100.0
#: A typical loaded forefoot pressure on foot (kPa): walking 253, running 251 [1] S (domain.md section 1; 250
#: a guess within them): the reference of a walk or a run.
REFERENCE_GAIT_LOADED_KPA = 250.0
#: A typical loaded forefoot pressure on a stepping machine (kPa): the elliptical's forefoot, 213 [1] S
#: (domain.md section 1); no figure for a stair climber was found, and the detector does not tell the two
#: apart (``elliptical_or_stair``), so it takes the elliptical's (guess).
REFERENCE_MACHINE_LOADED_KPA = 213.0
#: The reference of each activity the foot is judged under (the pipeline's labels,
#: monitor.signal.activity.ACTIVITIES); any other (cycling, unknown): REFERENCE_LOADED_KPA.
REFERENCE_ACTIVITY_LOADED_KPA = {"running": REFERENCE_GAIT_LOADED_KPA, "walking": REFERENCE_GAIT_LOADED_KPA,
                                 "elliptical_or_stair": REFERENCE_MACHINE_LOADED_KPA}
#: A step's level: this quantile of the foot's highest forefoot hot-spot pressure over the step's samples
#: (guess: near the peaks of the strokes or steps in it, above one noisy sample).
STEP_QUANTILE = 0.9
#: The foot's level: the median of this many of its latest loaded steps (guess: two minutes of 10-s steps, so
#: a partial unweighting or a harder effort of up to 50 s, five steps, does not move it; with 6 steps a 30-s
#: unweighting to a fifth of the load lowered a simulated healthy ORPHE ride's level from 76 to 42 units and
#: gave it false residual notices for a minute, tests/test_nominal_level_start.py).
LEVEL_STEPS = 12
#: A step is loaded when its level is at least this share of the foot's level then (guess: the relief's
#: exit, 10 kPa, of REFERENCE_LOADED_KPA), so a stop or a relief keeps the level it found; a step in the level
#: leaves it when it is below this share of the median of the steps in it (tests/test_nominal_level_steps.py).
LOADED_STEP_FRACTION = 0.1
#: A level of fewer than LEVEL_STEPS steps, every one of them under this share of a loaded step that closes, is
#: left for that step (guess: a start at a fraction of the load, standing or a warm-up, is not the load of the
#: activity judged). Only its lower end is set by data: the simulated ORPHE INSOLE healthy ride (seed 2) begun
#: standing with sway reads 0.55 of its ride's level (41 units against 74), and a share of 0.54 or less kept that
#: start in the level and gave it false notices (8 at 0.5); every simulated start with sway is built alike, so
#: the other seeds and the Ukaton Mission test the same 0.55. Its upper end is a harder effort within a ride, which
#: joins the level: a forefoot peak of 70-75 kPa at 200 W against 85-110 at 300 W [4] W (domain.md section 1), a
#: 200-W step down to 0.64 of a 300-W one, which any share over 0.64 would leave the level for. 0.6 lies between
#: (tests/test_nominal_level_low_start.py).
START_STEP_FRACTION = 0.6
#: The first level needs the foot's data to span this much session time (s) (guess: half a 10-s step, so a
#: second of frames before the session's zero does not set it alone).
FIRST_LEVEL_S = 5.0
#: A later step joins the level only when its samples with a forefoot reading cover at least this share of it
#: at the foot's sample rate (guess: half a step, as FIRST_LEVEL_S), so a fraction of a second of data around
#: a dropout does not count as one of the LEVEL_STEPS.
STEP_COVER_FRACTION = 0.5
#: The frames of this many steps of session time at most are held for the first level (guess: a minute of
#: 10-s steps); a foot that has none by then (never loaded, or no forefoot reading) runs on with it unknown.
HOLD_STEPS = 6
#: Readings show a load's rhythm when their :func:`rhythm` is at least this (guess: halfway between a
#: converter's noise, whose readings are each on their own, about 0, and a load's: 0.94-0.99 in every 10-s step
#: of the simulated ORPHE INSOLE and Ukaton Mission rides, walks and runs and of a ride at a twentieth of its
#: readings; 0-1, 0-2 and 0-4 units of noise -0.08 to 0.12, tests/test_nominal_noise_foot.py). It does not
#: depend on how many sensors the forefoot has, nor on the readings' scale.
RHYTHM_MIN = 0.5


def reference_loaded_kpa(activity: str | None) -> float:
    """The typical loaded forefoot pressure (kPa) of ``activity`` (a pipeline label; None: not known): what
    an uncalibrated foot's loaded level stands for, so its limits mean in its units what they mean in kPa."""
    return REFERENCE_ACTIVITY_LOADED_KPA.get(activity or "unknown", REFERENCE_LOADED_KPA)


def rhythm(x: np.ndarray) -> float:
    """How much each of the readings ``x`` (n,) (any unit; NaN: missing, left out) follows the one before: their
    lag-1 autocorrelation, 1 - var(diff) / (2 var), about 0 for noise (each reading on its own) and near 1 for a
    load sampled many times a stroke or a step; NaN for readings that do not vary (or fewer than two)."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    if v.size < 2 or v.max() == v.min():
        return math.nan
    return 1.0 - float(np.var(np.diff(v))) / (2.0 * float(np.var(v)))


class LoadedLevel:
    """One foot's loaded level in its own units, streaming.

    ``step_s``: the steps' length (s); ``rate_hz``: the foot's sample rate (Hz), which says how much of a step
    its samples cover. ``feed(t_s, forefoot)`` adds samples: ``t_s`` (n,) session s in order, ``forefoot``
    (n,) the highest forefoot hot-spot pressure of the raw readings (nominal units; NaN where missing).
    ``level_at(t_s)`` closes the steps before ``t_s``'s and returns the level that applies at ``t_s`` (NaN while
    unknown).
    ``waited_steps``: the steps of session time closed while the level was unknown, from the first sample's
    step on, with a forefoot reading or without (a step no sample fell in too). ``starts_left``: how many times
    the steps of a start at a fraction of the load were left for a loaded step (START_STEP_FRACTION): the
    windows judged with their level were not judged with the activity's (the pipeline then has the detector
    forget what they showed on the population tier, ForefootDetector.forget_notices). State: the open step's
    samples, the samples of the steps closed before the first level (at most HOLD_STEPS steps) and the latest
    LEVEL_STEPS step levels.
    """

    def __init__(self, step_s: float, rate_hz: float) -> None:
        self.step_s = float(step_s)
        self.rate_hz = float(rate_hz)
        self._k: int | None = None  # the open step
        self._open: list[tuple[np.ndarray, np.ndarray]] = []  # its samples (t_s, forefoot)
        self._first: list[tuple[np.ndarray, np.ndarray]] = []  # the closed steps' before the first level
        self._loaded: deque[float] = deque(maxlen=LEVEL_STEPS)
        self.level = math.nan
        self.waited_steps = 0
        self.starts_left = 0

    def feed(self, t_s: np.ndarray, forefoot: np.ndarray) -> None:
        t = np.asarray(t_s, dtype=float)
        x = np.asarray(forefoot, dtype=float)
        if not t.size:
            return
        ks = np.floor(t / self.step_s)
        cuts = [0, *(np.flatnonzero(ks[1:] != ks[:-1]) + 1).tolist(), t.size]
        for a, b in zip(cuts[:-1], cuts[1:]):
            self._enter(int(ks[a]))
            self._open.append((t[a:b], x[a:b]))

    def level_at(self, t_s: float) -> float:
        self._enter(int(math.floor(float(t_s) / self.step_s)))
        return self.level

    def level_so_far(self) -> float:
        """The level, or while it is unknown the ``STEP_QUANTILE`` of every sample fed so far (the open step's
        too; NaN without one above 0, or without a load's rhythm): what the data at the end of a foot's frames
        give."""
        if not math.isnan(self.level):
            return self.level
        _, x = _with_data(self._first + self._open)
        q = float(np.quantile(x, STEP_QUANTILE)) if x.size else math.nan
        return q if q > 0 and rhythm(x) >= RHYTHM_MIN else math.nan

    def _enter(self, k: int) -> None:
        """Step ``k`` is the open one: the step open before it, if another, is closed."""
        if self._k is not None and k != self._k:
            self._close(k - self._k)
        self._k = k

    def _close(self, elapsed_steps: int) -> None:
        """The open step closes, ``elapsed_steps`` steps of session time before the one entered."""
        t, x = _with_data(self._open)
        if math.isnan(self.level):
            self.waited_steps += elapsed_steps
            self._first_close(t, x)
            return
        self._open = []
        if x.size < STEP_COVER_FRACTION * self.step_s * self.rate_hz:  # too little of the step: no level of its own
            return
        step = float(np.quantile(x, STEP_QUANTILE))
        if step > 0 and step >= LOADED_STEP_FRACTION * self.level:
            if len(self._loaded) < LEVEL_STEPS and max(self._loaded) < START_STEP_FRACTION * step:
                self._loaded.clear()  # a start at a fraction of the load (near zero, standing, a warm-up)
                self.starts_left += 1
            self._loaded.append(step)
            steps = np.array(self._loaded)
            loaded = steps[steps >= LOADED_STEP_FRACTION * np.median(steps)]  # unloaded by the later ones: out
            self._loaded = deque(loaded.tolist(), maxlen=LEVEL_STEPS)
            self.level = float(np.median(loaded))

    def _first_close(self, t: np.ndarray, x: np.ndarray) -> None:
        """A step closed before the first level: its samples join those of the steps before it; once they
        span FIRST_LEVEL_S and are loaded with a load's rhythm (RHYTHM_MIN), they set the first level together."""
        if not x.size:
            self._open = []
            return
        self._first.append((t, x))
        self._open = []
        # a step without a load's rhythm of its own (a constant reading: standing still) joins no first level
        self._first = [part for part in self._first if rhythm(part[1]) >= RHYTHM_MIN]
        if not self._first:
            return
        t, x = _with_data(self._first)
        step = float(np.quantile(x, STEP_QUANTILE))
        if t[-1] - t[0] >= FIRST_LEVEL_S and step > 0 and rhythm(x) >= RHYTHM_MIN:
            self._loaded.append(step)
            self.level = step
            self._first = []
        elif len(self._first) >= HOLD_STEPS:  # the latest steps with data, at most HOLD_STEPS - 1 kept
            self._first = self._first[1:]


def _with_data(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The ``(t_s, forefoot)`` samples of ``parts`` joined, those with a reading only: (m,), (m,)."""
    if not parts:
        return np.empty(0), np.empty(0)
    t = np.concatenate([p[0] for p in parts])
    x = np.concatenate([p[1] for p in parts])
    ok = ~np.isnan(x)
    return t[ok], x[ok]


def gait_first_levels(cycles, total_level: float) -> tuple[float, float]:
    """The gait detector's swing floor and least contact height (its units) while it knows no typical stance
    peak, on an uncalibrated insole's foot whose loaded level of total force is ``total_level`` (a
    :class:`LoadedLevel` fed the raw total force: near its stance peaks; NaN while unknown): the shares of it
    ``cycles`` (CycleParams) takes of a typical peak (``nominal_swing_floor_fraction``,
    ``nominal_min_contact_fraction``); -inf and inf while it is unknown (no contact starts)."""
    if not total_level > 0:
        return -math.inf, math.inf
    return cycles.nominal_swing_floor_fraction * total_level, cycles.nominal_min_contact_fraction * total_level


@dataclass(frozen=True)
class StageLimits:
    """The absolute limits of the stages of one foot, in its own units: the tare's unloaded total (N) and
    loaded forefoot (kPa) and its largest offset (kPa) (TareParams), the relief's enter and exit levels
    (FeatureParams), the smallest stroke (CycleParams.min_stroke_n) and load range
    (ActivityParams.min_load_range_n) (N), and ``units_per_kpa``, what the detector's residual limits in kPa
    are multiplied by (NaN: not judged)."""

    unloaded_total_n: float
    forefoot_loaded_kpa: float
    max_offset_kpa: float
    relief_enter_kpa: float
    relief_exit_kpa: float
    min_stroke_n: float
    min_load_range_n: float
    units_per_kpa: float

    @classmethod
    def scaled(cls, params, units_per_kpa: float) -> StageLimits:
        """``params``' (monitor.signal.params.Params) limits times ``units_per_kpa`` (1.0: as they are)."""
        s = float(units_per_kpa)
        tare, feat = params.tare, params.features
        return cls(tare.unloaded_total_n * s, tare.forefoot_loaded_kpa * s, tare.max_offset_kpa * s,
                   feat.relief_enter_kpa * s, feat.relief_exit_kpa * s, params.cycles.min_stroke_n * s,
                   params.activity.min_load_range_n * s, s)

    @classmethod
    def unknown(cls) -> StageLimits:
        """Before a foot's level is known: no sample is unloaded for the tare, no location is loaded, no
        smoothed pressure is below the relief's level, no stroke or load range is large enough."""
        inf = math.inf
        return cls(-inf, inf, 0.0, -inf, -inf, inf, inf, math.nan)

    @classmethod
    def of_level(cls, params, level: float, activity: str | None = None) -> StageLimits:
        """The limits of a foot of an uncalibrated insole whose loaded level is ``level`` (its units; NaN
        while unknown), judged under ``activity`` (a pipeline label; None: not known): the level stands for
        the activity's :func:`reference_loaded_kpa`."""
        if not level > 0:
            return cls.unknown()
        return cls.scaled(params, level / reference_loaded_kpa(activity))
