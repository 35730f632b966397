"""Named simulated sessions with their ground truth: what the rider does and what is wrong, and when.

Pure data: nothing here computes pressure (firmware_sim.model does). A ``Scenario`` names an activity, a
cadence, a power or a speed, a schedule of deliberate unweighting ("relief") and the conditions (problem
patterns) with their time span, foot, region and likely cause from domain.md section 6.

Cadence units: crank revolutions per minute for cycling; cycles of both feet together per minute for running,
walking, elliptical and stair-climber, so one foot completes ``cadence / 2`` cycles a minute: steps/min on foot
and on a stair-climber, strokes/min on an elliptical, whose foot goes round without leaving the pedal (the unit
monitor's views say it in: monitor.signal.activity_words.cadence_unit).

A scenario may change activity partway: from ``then_s`` on, the session goes on as the scenario ``then``
(a walk that turns into a run); a session of it declares no activity, so that the analysis recognises each.

Relief means the foot is deliberately unweighted (coasting with the foot resting on the pedal, a stop,
stepping off a machine). Standing on the pedals is NOT relief: it raises pedal force up to 3x body weight
[10] M. In gait the forefoot is also unloaded in every swing phase; the relief schedule covers the
deliberate, longer breaks only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

FEET = ("left", "right")
ACTIVITIES = ("cycling_seated", "cycling_standing", "running", "walking", "elliptical", "stair_climber")
CYCLING = ("cycling_seated", "cycling_standing")
STRIKES = ("rearfoot", "forefoot")
REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux")

#: Problem patterns a Condition may carry; firmware_sim.model gives each its effect on pressure.
PATTERNS = (
    "forefoot_share_high",  # more of the load on the forefoot, less on heel and midfoot
    "focal_mth",  # one metatarsal region (Condition.region) loaded well above its neighbours
    "cop_forward",  # centre of pressure moved toward the toes
    "residual_unloaded",  # forefoot pressure that stays when the foot is unloaded (upstroke, swing)
    "creeping_load",  # forefoot load rising slowly over the session
    "low_midfoot_contact",  # little load under the arch
    "lateral_overload",  # MTH4-5 above MTH1
    "dorsal_compression",  # strap or toe-clip pressure on top of the foot, pushing the sole down
    "continuous_forefoot_load",  # the forefoot never unloads within a cycle
)

#: Accepted cadence ranges per activity (per minute). Cycling 60-110 rpm (lab 80-90 [10] M); running
#: 150-185 steps/min (154-169 [11] M, optimum ~170 [12] M); walking 90-120 steps/min [15] S; elliptical
#: and stair-climber ranges are [W] guesses.
CADENCE_RANGE_PER_MIN = {
    "cycling_seated": (60.0, 110.0),
    "cycling_standing": (50.0, 110.0),
    "running": (150.0, 185.0),
    "walking": (90.0, 120.0),
    "elliptical": (100.0, 180.0),
    "stair_climber": (50.0, 120.0),
}


@dataclass(frozen=True)
class Condition:
    """A problem pattern, active on ``[start_s, end_s)`` of session time (``end_s`` None = to the end).

    ``ramp_s`` is how long the pattern takes to build up from ``start_s`` (a few seconds for a fit
    problem present from the start, tens of minutes for swelling). ``cause`` is a short phrase from the
    "Likely cause" column of domain.md section 6.
    """

    name: str
    start_s: float
    end_s: float | None
    foot: str
    region: str | None
    cause: str
    pattern: str
    ramp_s: float = 20.0

    def __post_init__(self) -> None:
        if self.foot not in (*FEET, "both"):
            raise ValueError(f"condition {self.name!r}: foot must be left, right or both, not {self.foot!r}")
        if self.region is not None and self.region not in REGIONS:
            raise ValueError(f"condition {self.name!r}: region must be one of {REGIONS} or None")
        if self.pattern not in PATTERNS:
            raise ValueError(f"condition {self.name!r}: unknown pattern {self.pattern!r}; known: {PATTERNS}")
        if self.end_s is not None and self.end_s <= self.start_s:
            raise ValueError(f"condition {self.name!r}: end_s must be after start_s")
        if self.ramp_s <= 0:
            raise ValueError(f"condition {self.name!r}: ramp_s must be positive")

    def applies_to(self, side: str) -> bool:
        return self.foot in (side, "both")

    def ground_truth(self) -> dict[str, Any]:
        return {
            "name": self.name, "start_s": self.start_s, "end_s": self.end_s, "foot": self.foot,
            "region": self.region, "cause": self.cause, "pattern": self.pattern, "ramp_s": self.ramp_s,
        }


@dataclass(frozen=True)
class ReliefSchedule:
    """Periodic deliberate unweighting: ``duration_s`` long, every ``every_s``, the first at ``first_s``.

    Relief intervals are ``[first_s + k * every_s, first_s + k * every_s + duration_s)``, k = 0, 1, ...
    """

    every_s: float
    duration_s: float
    first_s: float

    def __post_init__(self) -> None:
        if not 0 < self.duration_s < self.every_s:
            raise ValueError("relief duration_s must be positive and shorter than every_s")
        if self.first_s < 0:
            raise ValueError("relief first_s must not be negative")

    def intervals(self, until_s: float) -> list[list[float]]:
        """Relief intervals ``[start_s, end_s)`` that start before ``until_s``."""
        out: list[list[float]] = []
        start_s = self.first_s
        while start_s < until_s:
            out.append([start_s, start_s + self.duration_s])
            start_s += self.every_s
        return out


@dataclass(frozen=True)
class Scenario:
    """A simulated session: activity, intensity, relief breaks and problem conditions with ground truth.

    ``cadence_per_min`` is rpm for cycling, cycles of both feet per minute otherwise (:attr:`cadence_unit`).
    ``power_w`` is for cycling, ``speed_m_s`` for running and walking. ``healthy_counterpart`` names the scenario to
    compare a problem scenario against (same activity, intensity and relief, no condition). ``pedals`` and
    ``shoes``: the rider's setup the scenario simulates (``pedals`` one of monitor.signal.pedals.PEDALS; None: not
    said), which a recording of it keeps as ``--pedals`` and ``--shoes`` would (monitor.cli.inputs.scenario_setup).
    ``then``: the scenario the session goes on as from ``then_s`` (session s) on, each foot from its first cycle
    starting then (firmware_sim.model); ``activity``, cadence, speed and strike are those of the part before it.
    """

    name: str
    description: str
    activity: str
    cadence_per_min: float
    default_duration_s: float
    power_w: float | None = None
    speed_m_s: float | None = None
    strike: str | None = None
    relief: ReliefSchedule | None = None
    conditions: tuple[Condition, ...] = ()
    feet: tuple[str, ...] = FEET
    healthy_counterpart: str | None = None
    pedals: str | None = None
    shoes: str | None = None
    then: Scenario | None = None
    then_s: float | None = None

    def __post_init__(self) -> None:
        if self.activity not in ACTIVITIES:
            raise ValueError(f"scenario {self.name!r}: unknown activity {self.activity!r}; "
                             f"known: {ACTIVITIES}")
        lo, hi = CADENCE_RANGE_PER_MIN[self.activity]
        if not lo <= self.cadence_per_min <= hi:
            raise ValueError(f"scenario {self.name!r}: cadence {self.cadence_per_min} outside {lo}-{hi}/min")
        if self.activity in CYCLING and (self.power_w is None or self.power_w <= 0):
            raise ValueError(f"scenario {self.name!r}: cycling needs a positive power_w")
        if self.activity == "running" and self.strike not in STRIKES:
            raise ValueError(f"scenario {self.name!r}: running needs strike in {STRIKES}")
        if not self.description or "\n" in self.description:
            raise ValueError(f"scenario {self.name!r}: description must be one non-empty line")
        if not self.feet or any(f not in FEET for f in self.feet):
            raise ValueError(f"scenario {self.name!r}: feet must be a non-empty subset of {FEET}")
        if (self.then is None) != (self.then_s is None):
            raise ValueError(f"scenario {self.name!r}: then and then_s go together")
        if self.then is not None and (self.then.then is not None or self.then.feet != self.feet
                                      or not 0 < self.then_s < self.default_duration_s):
            raise ValueError(f"scenario {self.name!r}: then must be one activity on the same feet, from a time "
                             f"inside the session")

    @property
    def session_activity(self) -> str:
        """The activity a session of the scenario declares (session.json ``activity``): its own, or "unknown",
        none, where it changes activity (the analysis then recognises each)."""
        return self.activity if self.then is None else "unknown"

    @property
    def cadence_unit(self) -> str:
        """The unit of ``cadence_per_min``: "rpm" on a bike, "strokes/min" on an elliptical, "steps/min" else."""
        return "rpm" if self.activity in CYCLING else "strokes/min" if self.activity == "elliptical" else "steps/min"

    @property
    def cycle_hz(self) -> float:
        """Cycles per second of one foot (crank revolutions, or strides)."""
        per_foot = self.cadence_per_min if self.activity in CYCLING else self.cadence_per_min / 2.0
        return per_foot / 60.0

    def relief_intervals(self, until_s: float | None = None) -> list[list[float]]:
        """Relief intervals ``[start_s, end_s)`` starting before ``until_s`` (default: default_duration_s)."""
        if self.relief is None:
            return []
        return self.relief.intervals(self.default_duration_s if until_s is None else until_s)

    def ground_truth(self, duration_s: float | None = None) -> dict[str, Any]:
        """JSON-serialisable ground truth for a session of ``duration_s`` (default: default_duration_s)."""
        duration_s = self.default_duration_s if duration_s is None else duration_s
        relief = None if self.relief is None else {
            "every_s": self.relief.every_s, "duration_s": self.relief.duration_s,
            "first_s": self.relief.first_s,
        }
        return {
            "scenario": self.name,
            "description": self.description,
            "activity": self.activity,
            "strike": self.strike,
            "cadence_per_min": self.cadence_per_min,
            "cadence_unit": self.cadence_unit,
            "power_w": self.power_w,
            "speed_m_s": self.speed_m_s,
            "feet": list(self.feet),
            "duration_s": duration_s,
            "relief_rule": relief,
            "relief_s": self.relief_intervals(duration_s),
            "conditions": [c.ground_truth() for c in self.conditions],
            "healthy_counterpart": self.healthy_counterpart,
            **({} if self.then is None else {"then": {
                "from_s": self.then_s, "scenario": self.then.name, "activity": self.then.activity,
                "strike": self.then.strike, "cadence_per_min": self.then.cadence_per_min,
                "speed_m_s": self.then.speed_m_s}}),
        }

    def to_json(self, duration_s: float | None = None) -> str:
        return json.dumps(self.ground_truth(duration_s), sort_keys=True)


# Relief breaks [W]: healthy riders unweight for 30 s every 6 min, inside the "at least every 8 min" a
# healthy session needs here; domain.md's table advises 15-60 s every 15-30 min (its inference, W), [38] W gives
# 15-30 s every 15-30 min or 1-2 min every 20-30 min, so this is generous.
_HEALTHY_RELIEF = ReliefSchedule(every_s=360.0, duration_s=30.0, first_s=360.0)
_GYM_RELIEF = ReliefSchedule(every_s=420.0, duration_s=30.0, first_s=420.0)

_RIDE = dict(activity="cycling_seated", cadence_per_min=90.0, power_w=220.0, default_duration_s=3600.0,
             relief=_HEALTHY_RELIEF)
_RUN = dict(activity="running", cadence_per_min=170.0, speed_m_s=2.78, strike="rearfoot",
            default_duration_s=1800.0)
_ELLIPTICAL = dict(activity="elliptical", cadence_per_min=140.0, default_duration_s=1800.0)


def _ride(name: str, description: str, *conditions: Condition, pedals: str | None = None) -> Scenario:
    return Scenario(name=name, description=description, conditions=conditions,
                    healthy_counterpart="healthy-ride", pedals=pedals, **_RIDE)


def _all() -> dict[str, Scenario]:
    cleat_cause = "cleat too far forward"
    healthy_run = Scenario(name="healthy-run",
                           description="Rearfoot-strike run at 170 steps/min and 2.78 m/s in well-fitting shoes.",
                           **_RUN)
    scenarios = [
        Scenario(name="healthy-ride",
                 description="Seated ride at 90 rpm and 220 W, unweighting 30 s every 6 min; no fit problem.",
                 **_RIDE),
        _ride("cleat-forward",
              "Cleats too far forward: focal MTH2-3 load, centre of pressure at the front of the ball.",
              Condition("cleat-forward-focal", 0.0, None, "both", "mth2_3", cleat_cause, "focal_mth"),
              Condition("cleat-forward-cop", 0.0, None, "both", None, cleat_cause, "cop_forward")),
        _ride("tight-shoes",
              "Closure too tight: forefoot pressure stays above 20 kPa in the upstroke and when unweighted.",
              Condition("tight-closure", 0.0, None, "both", None, "closure too tight", "residual_unloaded")),
        _ride("swelling",
              "Feet swell from minute 10: forefoot load and residual pressure creep up over 30 minutes.",
              Condition("swelling", 600.0, None, "both", None, "swelling", "creeping_load", ramp_s=1800.0)),
        _ride("lateral-overload",
              "Forefoot varus: MTH4-5 loaded well above MTH1 on both feet while seated.",
              Condition("lateral-overload", 0.0, None, "both", "mth4_5", "forefoot varus",
                        "lateral_overload")),
        _ride("high-arch-flat-insole",
              "High arch on a flat insole: little midfoot contact, a high forefoot share in steady riding.",
              Condition("flat-insole", 0.0, None, "both", None, "flat insole", "low_midfoot_contact")),
        _ride("toe-clips",
              "Toe clips and straps: dorsal compression keeps the forefoot loaded, peaks less spread.",
              Condition("toe-clips", 0.0, None, "both", None, "dorsal compression", "dorsal_compression"),
              pedals="toe-clips"),
        _ride("one-sided",
              "Right cleat too far forward only: focal MTH2-3 load on the right foot, left foot healthy.",
              Condition("right-cleat-focal", 0.0, None, "right", "mth2_3", "cleat asymmetry", "focal_mth"),
              Condition("right-cleat-cop", 0.0, None, "right", None, "cleat asymmetry", "cop_forward")),
        healthy_run,
        Scenario(name="forefoot-strike-run",
                 description="Forefoot strike, 170 steps/min: little heel load, high MTH1 peak and PTI.",
                 conditions=(Condition("forefoot-strike", 0.0, None, "both", "mth1", "strike pattern",
                                       "focal_mth"),),
                 healthy_counterpart="healthy-run", **{**_RUN, "strike": "forefoot"}),
        Scenario(name="tight-running-shoes",
                 description="Running shoes laced too tight: forefoot pressure stays up through every swing.",
                 conditions=(Condition("tight-laces", 0.0, None, "both", None, "closure too tight",
                                       "residual_unloaded"),),
                 healthy_counterpart="healthy-run", **_RUN),
        Scenario(name="healthy-walk",
                 description="Walking at 110 steps/min and 1.3 m/s, stance about 60% of each stride.",
                 activity="walking", cadence_per_min=110.0, speed_m_s=1.3, default_duration_s=900.0),
        # the walk of healthy-walk, then the run of healthy-run; 4 minutes of each (guess: each part at least
        # the 2 minutes and fifth of the windows monitor.signal.activity_parts needs to tell it)
        Scenario(name="walk-then-run",
                 description="Treadmill walk at 110 steps/min for 4 minutes, then a run at 170 steps/min.",
                 activity="walking", cadence_per_min=110.0, speed_m_s=1.3, default_duration_s=480.0,
                 then=healthy_run, then_s=240.0),
        Scenario(name="healthy-elliptical",
                 description="Upright elliptical at 140 strokes/min: weight rolls to the heel once a cycle.",
                 relief=_GYM_RELIEF, **_ELLIPTICAL),
        Scenario(name="elliptical-leaning",
                 description="Elliptical, leaning on the handles: forefoot loaded all cycle, no breaks.",
                 conditions=(Condition("leaning-share", 0.0, None, "both", None, "leaning forward",
                                       "forefoot_share_high"),
                             Condition("leaning-continuous", 0.0, None, "both", None, "no unloading phase",
                                       "continuous_forefoot_load")),
                 healthy_counterpart="healthy-elliptical", **_ELLIPTICAL),
        Scenario(name="stair-climber",
                 description="Stair-climber at 80 steps/min: forefoot-dominant, continuous contact, breaks.",
                 activity="stair_climber", cadence_per_min=80.0, default_duration_s=1200.0,
                 relief=_GYM_RELIEF),
    ]
    return {s.name: s for s in scenarios}


SCENARIOS: dict[str, Scenario] = _all()


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; KeyError naming the valid names otherwise."""
    try:
        return SCENARIOS[name]
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; valid: {', '.join(sorted(SCENARIOS))}") from None
