"""Riders (and a few runners and walkers): what differs between people, drawn from a seeded RNG.

A :class:`RiderSpec` holds scalars only; the timeline of a ride (efforts, standing, coasting, reliefs,
steps) follows from it in firmware_sim.population.timeline. Rider ``i`` of ``draw_population(n, seed)`` is
drawn from its own stream ``(seed, i)``, so a larger population starts with the same riders.

Every range is tagged with its source (domain.md tag) or "(guess)".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CONDITIONS = ("healthy", "focal", "lateral", "tight_shoe", "swelling", "toe_clip")
#: The region each condition acts on (ground truth ``region``); "forefoot" for whole-forefoot conditions.
CONDITION_REGION = {"healthy": None, "focal": "mth2_3", "lateral": "mth4_5", "tight_shoe": "forefoot",
                    "swelling": "forefoot", "toe_clip": "forefoot"}
ACTIVITIES = ("cycling", "running", "walking")


@dataclass(frozen=True)
class Condition:
    """Ground truth of a rider's condition.

    kind : one of CONDITIONS
    foot : "left", "right", "both", or None (healthy)
    onset_s : when it starts (s from the start of the ride); it builds up over ``ramp_s``
    region : CONDITION_REGION[kind]
    gain : focal: extra focal peak as a fraction of the rider's MTH1 peak; lateral: MTH4-5 multiplier;
        swelling: final forefoot load multiplier; others 1
    residual_kpa : tight_shoe, toe_clip: pressure kept through the unloaded phase; swelling: the residual
        reached at the end of the ramp
    ramp_s : build-up time (s)
    """

    kind: str = "healthy"
    foot: str | None = None
    onset_s: float = 0.0
    region: str | None = None
    gain: float = 1.0
    residual_kpa: float = 0.0
    ramp_s: float = 60.0

    def affects(self, foot: str) -> bool:
        return self.kind != "healthy" and self.foot in (foot, "both")


@dataclass(frozen=True)
class RiderSpec:
    """One person. Pressures in kPa, times in s, rates per minute; ratios are to ``peak_kpa``."""

    rider_id: str
    seed: int
    activity: str = "cycling"
    ride_s: float = 1800.0
    cadence_per_min: float = 85.0  # cycling: rpm; gait: steps of both feet per minute
    peak_kpa: float = 80.0  # cycling: MTH1 peak at the usual power, seated; gait: MTH2-3 peak
    ratio: dict[str, float] = field(default_factory=dict)  # patch name -> peak / MTH1 peak
    upstroke_floor: float = 0.08  # cycling: pedal load at the top of the upstroke / peak
    right_gain: float = 1.0  # right foot's loads over the left's
    right_ratio: dict[str, float] = field(default_factory=dict)  # patch name -> right's ratio over the left's
    ride_profile: str = "steady"  # "steady", "intervals", "climbs"
    standing_per_min: float = 0.1  # standing bouts per minute of riding
    standing_gain: float = 1.8  # forefoot load standing over seated
    coasting_per_min: float = 0.1  # coasting bouts per minute
    coast_forefoot_kpa: float = 12.0  # forefoot load coasting with the feet level
    relief_every_s: float | None = 300.0  # None: never relieves
    relief_floor_kpa: float = 2.0  # forefoot pressure while relieved
    stance_fraction: float = 0.6  # gait: stance / stride
    strike: str = "rearfoot"  # running: "rearfoot" or "forefoot"
    condition: Condition = Condition()

    def previous_ride(self, ride_s: float = 600.0) -> RiderSpec:
        """The same person on an earlier, healthy ride of ``ride_s``: the same body and habits, another day's
        efforts, stops and noise (another seed), no condition. What a returning rider's kept normal
        (``solewatch ... --rider NAME``) was learnt from."""
        from dataclasses import replace

        return replace(self, seed=(self.seed + 104729) % 2**31, condition=Condition(), ride_s=float(ride_s))

    @property
    def held_out(self) -> bool:
        from firmware_sim.population.split import is_held_out

        return is_held_out(self.rider_id)


def _u(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi))


#: The spread of a healthy person's left-right difference in each region's share, as the SD of the log of
#: right over left (guess: no study of it in pedalling was found; 0.07 per region makes the MTH4-5 to MTH1
#: balance of the two feet differ by an SD of 10 %).
RIGHT_RATIO_LOG_SD = 0.07


def _right_ratio(seed: int, index: int) -> dict[str, float]:
    """Each patch's ratio on the right foot over the left's, from a stream of its own (so every other draw of
    the rider is as it was without it)."""
    rng = np.random.default_rng([seed, index, 1])
    names = ("mth1", "hallux", "mth2_3", "mth4_5", "lesser_toes", "heel", "midfoot_lateral", "midfoot_medial")
    return {n: float(np.exp(rng.normal(0.0, RIGHT_RATIO_LOG_SD))) for n in names}


def _cycling_ratios(rng: np.random.Generator) -> dict[str, float]:
    """Regional peaks over the MTH1 peak, seated pedalling."""
    return {
        "mth1": 1.0,
        # MTH1 and hallux carry most force [8] M; MTH2-3 somewhat below MTH1 (guess)
        "hallux": _u(rng, 0.7, 1.05),
        "mth2_3": _u(rng, 0.65, 0.95),
        # medial/lateral balance: MTH1-dominant riders [8] M through forefoot varus, which overloads the lateral
        # forefoot [26] W: a healthy spread of 0.55-1.45 (guess; [4] W's healthy riders, lateral 34-59 % above
        # the medial, would be 1.34-1.59, of which it keeps 1.34-1.45)
        "mth4_5": float(np.exp(rng.uniform(np.log(0.55), np.log(1.45)))),
        "lesser_toes": _u(rng, 0.3, 0.6),  # (guess)
        # every area contributes to pedal force, heel and midfoot included [8] M; upright riding loads the
        # heel far less than walking (recumbent heel 25 vs forefoot 41 kPa [1] S; guess 0.1-0.45)
        "heel": _u(rng, 0.10, 0.45),
        "midfoot_lateral": _u(rng, 0.2, 0.5),  # (guess)
        "midfoot_medial": _u(rng, 0.05, 0.25),  # the arch, little contact on a flat insole [20] M (guess)
        "focal_mth2_3": 0.0,
    }


def _gait_ratios(rng: np.random.Generator, activity: str, strike: str) -> dict[str, float]:
    """Regional peaks over the forefoot peak: walking heel 215, midfoot 119, forefoot 253 kPa; running
    188, 144, 251 kPa [1] S; running MTH2-3 above MTH1 in every trial [3] M."""
    heel, mid = (215 / 253, 119 / 253) if activity == "walking" else (188 / 251, 144 / 251)
    if strike == "forefoot":
        heel *= 0.3  # non-rearfoot strikers load the heel less, MTH1 more [13][14] M (factor: guess)
    return {
        "mth2_3": 1.0, "mth1": _u(rng, 0.75, 0.95) * (1.2 if strike == "forefoot" else 1.0),
        "mth4_5": _u(rng, 0.6, 0.9), "hallux": _u(rng, 0.6, 0.9), "lesser_toes": _u(rng, 0.3, 0.5),
        "heel": heel * _u(rng, 0.85, 1.15), "midfoot_lateral": mid * _u(rng, 0.7, 1.1),
        "midfoot_medial": mid * _u(rng, 0.2, 0.5), "focal_mth2_3": 0.0,  # (guess)
    }


def _condition(rng: np.random.Generator, kind: str, activity: str) -> Condition:
    """A condition with physically plausible magnitudes (see docs/population.md)."""
    if kind == "healthy":
        return Condition()
    bilateral_p = {"focal": 0.2, "lateral": 0.2, "tight_shoe": 0.3, "swelling": 0.5, "toe_clip": 0.5}[kind]
    foot = "both" if rng.random() < bilateral_p else ("left" if rng.random() < 0.5 else "right")
    late = rng.random() < (1.0 if kind == "swelling" else 0.35)
    onset = _u(rng, 300, 900) if late else 0.0  # a fault from the start, or minutes in (guess)
    region = CONDITION_REGION[kind]
    if kind == "focal":  # extra focal peak at MTH2-3, 0.4-0.9 of MTH1 (guess; case report [7] W)
        return Condition(kind, foot, onset, region, gain=_u(rng, 0.4, 0.9), ramp_s=120.0)
    if kind == "lateral":  # MTH4-5 x1.34-1.59 over the rider's normal (guess from [4] W's healthy 34-59 %)
        return Condition(kind, foot, onset, region, gain=_u(rng, 1.34, 1.59), ramp_s=120.0)
    if kind == "tight_shoe":  # 12-30 kPa kept through the unloaded phase, above 4.3 kPa [28] S (guess)
        return Condition(kind, foot, onset, region, residual_kpa=_u(rng, 12, 30), ramp_s=30.0)
    if kind == "swelling":  # load +15-35 %, a residual of 6-15 kPa, over 20-30 min (guess; a cause [16][17] W)
        return Condition(kind, foot, onset, region, gain=_u(rng, 1.15, 1.35), residual_kpa=_u(rng, 6, 15),
                         ramp_s=_u(rng, 1200, 1800))
    # toe_clip: a strap pressing the dorsum, 10-25 kPa plantar residual through the upstroke [16][19] (guess)
    return Condition(kind, foot, onset, region, residual_kpa=_u(rng, 10, 25), ramp_s=30.0)


def draw_rider(index: int, seed: int, *, activity: str | None = None, condition: str | None = None,
               slow_walk: bool | None = None) -> RiderSpec:
    """Rider ``index`` of population ``seed``; ``activity``, ``condition``, ``slow_walk`` force a draw."""
    rng = np.random.default_rng([seed, index])
    rider_id = f"r{index:05d}"
    if activity is None:  # mostly cycling; some runs and walks for the activity and gait checks (guess)
        activity = str(rng.choice(ACTIVITIES, p=[0.8, 0.08, 0.12]))
    if condition is None:
        kinds = CONDITIONS if activity == "cycling" else CONDITIONS[:5]  # toe clips are a pedal's
        p = np.array([0.4] + [0.6 / (len(kinds) - 1)] * (len(kinds) - 1))
        condition = str(rng.choice(kinds, p=p))
    cond = _condition(rng, condition, activity)
    common = dict(rider_id=rider_id, seed=int(rng.integers(2**31)), activity=activity, condition=cond,
                  right_gain=_u(rng, 0.92, 1.08),  # left-right difference up to 8 % (guess)
                  right_ratio=_right_ratio(seed, index))
    if activity == "cycling":
        relieves = rng.random() < 0.7  # (guess)
        return RiderSpec(
            **common, ride_s=_u(rng, 1800, 5400),
            cadence_per_min=_u(rng, 60, 110),  # (brief; lab cadence 80-90 rpm [10] M)
            peak_kpa=_u(rng, 60, 120),  # whole-foot peak 70-75 at 200 W, 85-110 at 300 W [4] W
            ratio=_cycling_ratios(rng), upstroke_floor=_u(rng, 0.03, 0.15),  # clipped in, never 0 [10]
            ride_profile=str(rng.choice(["steady", "intervals", "climbs"])),
            standing_per_min=_u(rng, 0.0, 0.4), standing_gain=_u(rng, 1.5, 2.2),  # [10] M, (guess)
            coasting_per_min=_u(rng, 0.0, 0.4), coast_forefoot_kpa=_u(rng, 8, 20),  # (guess)
            relief_every_s=_u(rng, 180, 480) if relieves else None,  # every 3-8 min [38] W
            relief_floor_kpa=_u(rng, 0.0, 5.0))
    strike = "rearfoot"
    if activity == "running":
        strike = "forefoot" if rng.random() < 0.3 else "rearfoot"  # (guess)
        cadence, stance, peak = _u(rng, 150, 180), _u(rng, 0.33, 0.40), 251 * _u(rng, 0.85, 1.2)
    else:
        slow = (rng.random() < 0.35) if slow_walk is None else slow_walk
        # walking 90-120 steps/min, stance ~60 % [15] S; a slow walk under 70 steps/min stands longer
        cadence = _u(rng, 50, 68) if slow else _u(rng, 90, 120)
        stance = _u(rng, 0.64, 0.70) if slow else _u(rng, 0.58, 0.62)
        peak = 253 * _u(rng, 0.85, 1.2) * (0.85 if slow else 1.0)  # [1] S; slower, lower (guess)
    ratio = _gait_ratios(rng, activity, strike)
    return RiderSpec(**common, ride_s=_u(rng, 300, 1200), cadence_per_min=cadence, peak_kpa=peak,
                     ratio=ratio, stance_fraction=stance, strike=strike, relief_every_s=None,
                     standing_per_min=0.0, coasting_per_min=0.0)


def draw_population(n: int, seed: int) -> list[RiderSpec]:
    """``n`` riders of population ``seed`` (rider i is the same for any n)."""
    return [draw_rider(i, seed) for i in range(n)]
