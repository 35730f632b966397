"""Patch amplitudes over time (kPa) for one foot: pedalling or gait, then the rider's condition.

``amplitudes(rider, timeline, foot, t_s)`` -> shape (n_times, n_patches) in kPa, columns in
firmware_sim.population.field.PATCH_NAMES order. All work is array arithmetic over the whole time axis.
"""

from __future__ import annotations

import numpy as np

from firmware_sim.population.field import FOREFOOT_PATCHES, PATCH_INDEX, PATCH_NAMES
from firmware_sim.population.riders import RiderSpec
from firmware_sim.population.timeline import WANDER_KNOT_S, Timeline, interval_weight

#: Crank angle (deg after top dead centre) at which each patch peaks: the forefoot in the downstroke, the
#: heel and midfoot a little later as the foot drops towards the bottom (guess).
PEAK_ANGLE_DEG = {"heel": 130.0, "midfoot_medial": 110.0, "midfoot_lateral": 110.0}
FOREFOOT_PEAK_DEG = 95.0
#: Standing over seated load per patch, apart from the forefoot's (the rider's ``standing_gain``): pedal
#: force ~0.5 body weight seated, up to 3x standing [10] M; the heel comes off the pedal standing (guess).
STANDING_GAIN_REAR = {"heel": 0.4, "midfoot_medial": 1.0, "midfoot_lateral": 1.0}
#: Peak pressure against power and cadence: (P / P_usual)^0.7, from whole-foot peaks 70-75 kPa at 200 W and
#: 85-110 kPa at 300 W [4] W; times (cadence_usual / cadence)^0.5: the same power at a higher cadence needs
#: less pedal force [9] M (exponent: guess).
POWER_EXPONENT = 0.7
CADENCE_EXPONENT = 0.5
#: Standing bouts are pedalled ~10 % slower (guess).
STANDING_CADENCE = 0.9
#: Edges of standing, coasting and relief blend over 2 s; an effort's power over 10 s (guess).
BOUT_RAMP_S = 2.0
EFFORT_RAMP_S = 10.0
#: Gait: where in stance (0 = initial contact, 1 = toe-off) each patch peaks and its half-width: heel
#: early, metatarsal heads at 64-77 % of stance (Moticon sample data, domain.md section 4 [W]), toes last.
GAIT_BUMP = {"heel": (0.15, 0.35), "midfoot_medial": (0.40, 0.35), "midfoot_lateral": (0.40, 0.35),
             "hallux": (0.86, 0.20), "lesser_toes": (0.84, 0.20)}
GAIT_MTH_BUMP = (0.72, 0.30)
#: Share of a tight shoe's squeeze left while the foot is off the pedal, and of a swollen forefoot's
#: residual (guess: the shoe is still on; swelling does not go in a minute).
TIGHT_IN_RELIEF = 0.7
SWELLING_IN_RELIEF = 0.8
#: A toe strap still presses a coasting foot at 40 % of its upstroke value (guess).
CLIP_COASTING = 0.4
#: Lateral overload takes some load off MTH1: x0.9 at full effect (guess).
LATERAL_MTH1 = 0.9

_FORE = np.array([n in FOREFOOT_PATCHES for n in PATCH_NAMES])


def _ratios(rider: RiderSpec) -> np.ndarray:
    return np.array([rider.ratio.get(n, 0.0) for n in PATCH_NAMES])


def _onset(rider: RiderSpec, t_s: np.ndarray) -> np.ndarray:
    """0..1: how far the condition has built up; one present from the start (onset 0) is there in full,
    except swelling, which always builds up over its ramp."""
    c = rider.condition
    if c.onset_s <= 0 and c.kind != "swelling":
        return np.ones_like(t_s)
    return np.clip((t_s - c.onset_s) / c.ramp_s, 0.0, 1.0)


def _raised(theta: np.ndarray, peak_rad: np.ndarray) -> np.ndarray:
    """Pedal loading shape, 1 at ``peak_rad``, 0 half a turn later: ((1 + cos) / 2)^2."""
    return ((1.0 + np.cos(theta[:, None] - peak_rad[None, :])) / 2.0) ** 2


def _patch_levels(rider: RiderSpec, foot: str, t_s: np.ndarray) -> tuple:
    """Each patch's peak (kPa, (n_patches,)), its multiplier over time ((n_times, n_patches)) with the focal
    and lateral conditions applied, a zero residual to fill ((n_times, n_patches), kPa), and the condition's
    build-up over time ((n_times,), 0..1; None when the condition does not affect ``foot``)."""
    peak = rider.peak_kpa * _ratios(rider) * (rider.right_gain if foot == "right" else 1.0)
    if foot == "right" and rider.right_ratio:  # the feet of one person differ a little, region by region
        peak = peak * np.array([rider.right_ratio.get(n, 1.0) for n in PATCH_NAMES])
    mult = np.ones((t_s.size, len(PATCH_NAMES)))
    resid = np.zeros_like(mult)
    c = rider.condition
    if not c.affects(foot):
        return peak, mult, resid, None
    on = _onset(rider, t_s)
    if c.kind == "focal":
        peak[PATCH_INDEX["focal_mth2_3"]] = c.gain * rider.peak_kpa
        mult[:, PATCH_INDEX["focal_mth2_3"]] = on
    elif c.kind == "lateral":
        mult[:, PATCH_INDEX["mth4_5"]] = 1.0 + (c.gain - 1.0) * on
        mult[:, PATCH_INDEX["mth1"]] = 1.0 - (1.0 - LATERAL_MTH1) * on
    return peak, mult, resid, on


def _cycling(rider: RiderSpec, tl: Timeline, foot: str, t_s: np.ndarray) -> np.ndarray:
    ws = interval_weight(t_s, tl.standing, BOUT_RAMP_S)
    wc = interval_weight(t_s, tl.coasting, BOUT_RAMP_S)
    wr = interval_weight(t_s, tl.relief, BOUT_RAMP_S)
    power = np.ones_like(t_s)
    cad_delta = np.zeros_like(t_s)
    for e in tl.efforts:
        w = interval_weight(t_s, [(e.start_s, e.end_s)], EFFORT_RAMP_S)
        power += w * (e.power - 1.0)
        cad_delta += w * e.cadence_delta
    wander = np.interp(t_s, WANDER_KNOT_S * np.arange(tl.cadence_knots.size), tl.cadence_knots)
    cadence = np.clip(rider.cadence_per_min + wander + cad_delta, 40.0, 130.0)
    cadence = cadence * (1.0 - ws * (1.0 - STANDING_CADENCE))
    pedalling = (1.0 - wc) * (1.0 - wr)
    dt = np.diff(t_s, prepend=t_s[0])
    theta = 2.0 * np.pi * np.cumsum(cadence / 60.0 * dt * pedalling) + (np.pi if foot == "right" else 0.0)
    scale = power ** POWER_EXPONENT * (rider.cadence_per_min / cadence) ** CADENCE_EXPONENT

    peak_rad = np.deg2rad([PEAK_ANGLE_DEG.get(n, FOREFOOT_PEAK_DEG) for n in PATCH_NAMES])
    shape = _raised(theta, peak_rad)
    floor = rider.upstroke_floor
    load = floor + (1.0 - floor) * shape
    stand = np.array([STANDING_GAIN_REAR.get(n, rider.standing_gain) for n in PATCH_NAMES])
    gain = 1.0 + ws[:, None] * (stand[None, :] - 1.0)
    peak, mult, resid, on = _patch_levels(rider, foot, t_s)
    c = rider.condition
    if on is not None:
        if c.kind == "tight_shoe":
            resid[:, _FORE] = (c.residual_kpa * on * (1.0 - (1.0 - TIGHT_IN_RELIEF) * wr))[:, None]
        elif c.kind == "swelling":
            mult[:, _FORE] = (1.0 + (c.gain - 1.0) * on)[:, None]
            resid[:, _FORE] = (c.residual_kpa * on * (1.0 - (1.0 - SWELLING_IN_RELIEF) * wr))[:, None]
        elif c.kind == "toe_clip":
            upstroke = 1.0 - shape[:, PATCH_INDEX["mth1"]]
            strap = upstroke * pedalling + CLIP_COASTING * wc * (1.0 - wr)
            resid[:, _FORE] = (c.residual_kpa * on * strap)[:, None]
        resid[:, PATCH_INDEX["focal_mth2_3"]] = 0.0
    coast = rider.coast_forefoot_kpa * _ratios(rider)
    relief = np.where(_FORE, rider.relief_floor_kpa, min(rider.relief_floor_kpa, 3.0))
    relief[PATCH_INDEX["focal_mth2_3"]] = 0.0
    out = (peak[None, :] * mult * gain * load) * (scale * pedalling)[:, None]
    out += (wc * (1.0 - wr))[:, None] * coast[None, :] * mult
    out += wr[:, None] * relief[None, :]
    return out + resid


def _bump(s: np.ndarray, centre: float, half: float) -> np.ndarray:
    u = np.clip((s - centre) / half, -1.0, 1.0)
    return np.cos(0.5 * np.pi * u) ** 2


def stance_phase(t_s: np.ndarray, ic_s: np.ndarray, to_s: np.ndarray) -> np.ndarray:
    """Phase of stance (0 at initial contact, 1 at toe-off) per sample; NaN in swing."""
    k = np.searchsorted(ic_s, t_s, side="right") - 1
    ok = k >= 0
    kk = np.where(ok, k, 0)
    s = (t_s - ic_s[kk]) / (to_s[kk] - ic_s[kk])
    return np.where(ok & (s >= 0) & (s < 1), s, np.nan)


def _gait(rider: RiderSpec, tl: Timeline, foot: str, t_s: np.ndarray) -> np.ndarray:
    ic, to = tl.steps[foot]
    s = stance_phase(t_s, ic, to)
    stance = ~np.isnan(s)
    s0 = np.where(stance, s, 0.0)
    env = np.where(stance, np.sqrt(np.sin(np.pi * s0)), 0.0)  # 0 at contact and toe-off, rises fast
    bumps = np.stack([_bump(s0, *GAIT_BUMP.get(n, GAIT_MTH_BUMP)) for n in PATCH_NAMES], axis=1)
    peak, mult, resid, on = _patch_levels(rider, foot, t_s)
    c = rider.condition
    if on is not None:
        if c.kind in ("tight_shoe", "swelling"):
            if c.kind == "swelling":
                mult[:, _FORE] = (1.0 + (c.gain - 1.0) * on)[:, None]
            resid[:, _FORE] = (c.residual_kpa * on)[:, None]
        resid[:, PATCH_INDEX["focal_mth2_3"]] = 0.0
    return peak[None, :] * mult * bumps * env[:, None] + resid


def amplitudes(rider: RiderSpec, timeline: Timeline, foot: str, t_s: np.ndarray) -> np.ndarray:
    """Patch amplitudes, shape (n_times, n_patches), kPa, for ``foot`` at times ``t_s`` (s, ascending)."""
    t_s = np.asarray(t_s, dtype=float)
    if rider.activity == "cycling":
        return _cycling(rider, timeline, foot, t_s)
    return _gait(rider, timeline, foot, t_s)
