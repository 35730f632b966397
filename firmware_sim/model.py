"""Seeded plantar-pressure generator: a Scenario and a foot -> per-sensor pressure (kPa) at any times.

Every output is a pure function of (scenario, side, seed, sensor, time), so any split of a session into
blocks, at any mix of sample rates, gives the same values at the same times:

- times are quantised to whole microseconds (``round(t_s * 1e6)``), the device clock's resolution;
- the cycle phase is the closed-form integral of a smooth seeded cadence curve (mean = the scenario's
  cadence, +-1 % and +-0.5 % sinusoids with periods of minutes [W] guess); the right foot runs half a
  cycle behind the left (cranks at 180 degrees, alternate steps);
- noise and per-cycle variability come from a counter-based hash of (seed, side, sensor, microsecond or
  cycle index), never from sequential draws; offset drift is a seeded sum of slow sinusoids of time.

The pressure of sensor s at time t is::

    p = (1 - r) * (floor_s + amp_s * shape_s(phase) * g(cycle)) + r * unloaded + residual_s + drift_s + noise

with ``r`` the relief envelope (deliberate unweighting), conditions scaling ``amp_s`` and adding to
``floor_s`` (loaded only) or ``residual_s`` (also when unloaded), clipped at 0. Magnitudes and timing come
from domain.md (tags in the profile functions below); the frame is anatomical, so left and right use the
same region patterns and differ only by seed-driven noise and the half-cycle offset.

A scenario that changes activity (``Scenario.then``) switches each foot to the later activity's model at the
first cycle of its own that starts at or after ``then_s``; the cycle count, drift and noise run on across it.

One idea: the simulator's seeded pressure model (every sensor's pressure as a pure function of time).
"""

from __future__ import annotations

import numpy as np

from firmware_sim.layout import InsoleSpec
from firmware_sim.scenarios import CYCLING, Condition, Scenario

_TABLE_SIZE = 1024  # phase samples per cycle in the shape table

#: Pressure of a sensor under an unweighted foot in a closed shoe (sock and closure contact) [W] guess.
UNLOADED_KPA = 2.0
#: White sensor noise, standard deviation (12 counts at 0.25 kPa/count would be 3 kPa; FSR insoles read
#: steadier at rest) [W] guess.
NOISE_SD_KPA = 0.6
#: Slow offset drift: a static offset in [0, 1] kPa plus two sinusoids of 0.5 kPa, periods 10-60 min [W].
DRIFT_OFFSET_MAX_KPA = 1.0
DRIFT_AMPLITUDE_KPA = 0.5
#: Cycle-to-cycle variability of the load amplitude, coefficient of variation [W] guess.
CYCLE_CV = 0.04
#: Slow effort fluctuation (load amplitude), +-3 % over minutes [W] guess.
EFFORT_WOBBLE = 0.03
#: Cadence fluctuation: two sinusoids of these relative amplitudes [W] guess.
CADENCE_WOBBLE = (0.01, 0.005)
#: Ramp into and out of a relief, and out of a condition that ends [W] guess.
RELIEF_RAMP_S = 2.0
CONDITION_RAMP_OUT_S = 5.0

#: Running ground contact 270-285 ms [11] M (centre of the range); walking stance 60 % of the cycle [15] S.
RUN_CONTACT_S = 0.2775
WALK_STANCE_FRACTION = 0.60

_HEEL = ("heel_medial", "heel_lateral", "heel")
_MID = ("midfoot_medial", "midfoot_lateral", "midfoot")
_MTH = ("mth1", "mth2", "mth3", "mth4", "mth5", "mth2_3", "mth4_5")
_FORE = (*_MTH, "hallux", "lesser_toes")
_REGION_LABELS = {"mth1": ("mth1",), "mth2_3": ("mth2", "mth3", "mth2_3"),
                  "mth4_5": ("mth4", "mth5", "mth4_5"), "hallux": ("hallux",)}
#: Coarse or unknown sensor labels take the mean profile of these fine labels.
_COARSE = {"heel": ("heel_medial", "heel_lateral"), "midfoot": ("midfoot_medial", "midfoot_lateral"),
           "mth2_3": ("mth2", "mth3"), "mth4_5": ("mth4", "mth5"),
           "unknown": ("midfoot_lateral", "mth3", "lesser_toes")}

# A profile maps a fine label to (peak_kpa, loaded_floor_kpa, centre, width). Gait shapes are half-cosine
# bumps over stance (centre, half-width as fractions of stance); continuous shapes are
# ((1 + cos(2 pi (phase - centre))) / 2) ** width over the whole cycle.
Profile = dict[str, tuple[float, float, float, float]]


def _group(label: str) -> str:
    """heel, mid, mth, hallux or toes."""
    if label in _HEEL:
        return "heel"
    if label in _MID:
        return "mid"
    return {"hallux": "hallux", "lesser_toes": "toes"}.get(label, "mth")


def _build(peaks: dict[str, float], floor: dict[str, float],
           timing: dict[str, tuple[float, float]]) -> Profile:
    return {lab: (peak, floor[_group(lab)], *timing[_group(lab)]) for lab, peak in peaks.items()}


def _cycling_profile(power_w: float, rpm: float, standing: bool) -> Profile:
    """Pedalling, clipped in. Phase 0 = top dead centre; downstroke [0, 0.5).

    Base peak 72.5 kPa at 200 W, 97.5 at 300 W (midpoints of 70-75 / 85-110 [4] W), linear in power, at
    least 30 kPa; these are taken at 90 rpm and scaled by (90 / rpm) ** 0.5, since higher cadence at the
    same power lowers pedal force [9] M (exponent [W] guess). MTH1 and hallux carry most force and their
    share rises with power [8] M (+-5 %/100 W [W]): MTH1, the whole-foot peak, is the base times that medial
    factor, 72.5 kPa at 200 W and 97.5 x 1.05 = 102.4 kPa at 300 W (at 90 rpm); the other ratios are [W]
    guesses (every area contributes [8] M). [4] W reports the lateral forefoot highest instead: that is
    the lateral-overload condition here, since [8] is the stronger evidence. Peak at crank ~100 degrees
    (centre 0.28 of the revolution under the heads and toes, 0.22 heel and midfoot, 0.30 hallux), a guess:
    domain.md gives no crank angle for the peak. Clipped in, the forefoot is never unloaded (no toe-off,
    domain.md section 1, which gives no size): an 8 kPa upstroke floor, a guess. Standing: pedal force up to
    3x body weight vs 0.5x seated [10] M; in-shoe pressure taken x2, heel and midfoot x2.6, with a 20 kPa
    forefoot floor [W] guess (no seated-vs-standing in-shoe study exists [gap]).
    """
    base = max(72.5 + 0.25 * (power_w - 200.0), 30.0) * (90.0 / rpm) ** 0.5
    medial = 1.0 + 0.05 * (power_w - 200.0) / 100.0
    other = 1.0 - 0.05 * (power_w - 200.0) / 100.0
    ratios = {"mth1": 1.0 * medial, "hallux": 0.95 * medial, "mth2": 0.85 * other, "mth3": 0.80 * other,
              "mth4": 0.70 * other, "mth5": 0.60 * other, "lesser_toes": 0.50 * other,
              "midfoot_lateral": 0.45 * other, "midfoot_medial": 0.25 * other,
              "heel_medial": 0.35 * other, "heel_lateral": 0.32 * other}
    scale = {"heel": 1.0, "mid": 1.0, "mth": 1.0, "hallux": 1.0, "toes": 1.0}
    floor = {"heel": 2.5, "mid": 4.0, "mth": 8.0, "hallux": 8.0, "toes": 5.0}
    if standing:
        scale = {"heel": 2.6, "mid": 2.6, "mth": 2.0, "hallux": 2.0, "toes": 2.0}
        floor = {"heel": 6.0, "mid": 10.0, "mth": 20.0, "hallux": 20.0, "toes": 10.0}
    timing = {"heel": (0.22, 2.0), "mid": (0.22, 2.0), "mth": (0.28, 2.0), "hallux": (0.30, 2.5),
              "toes": (0.28, 2.0)}
    peaks = {lab: base * r * scale[_group(lab)] for lab, r in ratios.items()}
    return _build(peaks, floor, timing)


def _gait_profile(activity: str, strike: str | None, speed_m_s: float | None) -> Profile:
    """Walking and running; phase 0 = initial contact, stance first.

    Walking peaks heel 215 / midfoot 119 / forefoot 253 kPa [1] S. Running heel 188 / midfoot 144 [1] S,
    forefoot 280 kPa, inside 251 [1] S to 313 +- 69 (pedar, 2.78 m/s) [2] S; MTH2-3 above MTH1 in every
    trial [3] M. Speed scaling per m/s from 2.78 m/s, from the 2.98 -> 4.47 m/s rises of [3] M: heel
    +27 %, MTH +10 %, hallux +16 %. Forefoot strike: less heel and midfoot load [13][14] M (heel x0.35,
    midfoot x0.85 [W] sizes) and the forefoot loaded from contact, which lengthens its loading (higher
    PTI). The higher MTH1 peak of non-rearfoot strikers [13][14] M is a focal_mth condition on MTH1 (as
    in the forefoot-strike-run scenario), so it is not applied twice.
    Timing within stance: heel peak 7-27 %, MTH row 64-77 % (Moticon sample data, domain.md section 4
    [W]); medial/lateral and toe splits are [W] guesses. Swing reads UNLOADED_KPA.
    """
    floor = dict.fromkeys(("heel", "mid", "mth", "hallux", "toes"), UNLOADED_KPA)
    if activity == "walking":
        peaks = {"heel_medial": 215.0, "heel_lateral": 205.0, "midfoot_lateral": 119.0,
                 "midfoot_medial": 45.0, "mth1": 215.0, "mth2": 253.0, "mth3": 240.0, "mth4": 195.0,
                 "mth5": 150.0, "hallux": 225.0, "lesser_toes": 110.0}
        timing = {"heel": (0.17, 0.17), "mid": (0.40, 0.30), "mth": (0.72, 0.28), "hallux": (0.82, 0.18),
                  "toes": (0.80, 0.20)}
        return _build(peaks, floor, timing)
    dv = (speed_m_s if speed_m_s is not None else 2.78) - 2.78
    k = {"heel": 1 + 0.27 * dv, "mid": 1 + 0.10 * dv, "mth": 1 + 0.10 * dv, "hallux": 1 + 0.16 * dv,
         "toes": 1 + 0.10 * dv}
    if strike == "forefoot":
        k["heel"] *= 0.35
        k["mid"] *= 0.85
        timing = {"heel": (0.50, 0.20), "mid": (0.40, 0.35), "mth": (0.45, 0.45), "hallux": (0.70, 0.30),
                  "toes": (0.65, 0.30)}
    else:
        timing = {"heel": (0.14, 0.14), "mid": (0.35, 0.30), "mth": (0.62, 0.38), "hallux": (0.78, 0.22),
                  "toes": (0.75, 0.25)}
    peaks = {"heel_medial": 188.0, "heel_lateral": 180.0, "midfoot_lateral": 144.0, "midfoot_medial": 55.0,
             "mth1": 230.0, "mth2": 280.0, "mth3": 270.0, "mth4": 220.0, "mth5": 170.0, "hallux": 255.0,
             "lesser_toes": 140.0}
    return _build({lab: p * max(k[_group(lab)], 0.3) for lab, p in peaks.items()}, floor, timing)


def _elliptical_profile() -> Profile:
    """Elliptical, continuous contact: heel 94 / midfoot 102 / forefoot 213 kPa [1] S.

    Phase 0 = start of the drive; heel load early, forefoot late in the drive [W]. The forefoot floor is
    5 kPa: upright, the weight rolls onto the heel once a cycle and unloads the forefoot, which leaning
    forward prevents (domain.md section 6, [1] W). Splits, floors and timing are [W] guesses.
    """
    peaks = {"heel_medial": 94.0, "heel_lateral": 90.0, "midfoot_lateral": 102.0, "midfoot_medial": 50.0,
             "mth1": 190.0, "mth2": 213.0, "mth3": 205.0, "mth4": 170.0, "mth5": 135.0, "hallux": 180.0,
             "lesser_toes": 95.0}
    floor = {"heel": 5.0, "mid": 8.0, "mth": 5.0, "hallux": 5.0, "toes": 5.0}
    timing = {"heel": (0.15, 2.0), "mid": (0.30, 1.5), "mth": (0.55, 1.5), "hallux": (0.60, 2.0),
              "toes": (0.55, 1.5)}
    return _build(peaks, floor, timing)


def _stair_profile() -> Profile:
    """Stair-climber (stepper): forefoot-dominant with continuous contact [W] guess throughout.

    Forefoot peak 170 kPa (below walking's 253 [1] S: no push-off), heel 45, midfoot 60; the forefoot
    stays at >= 20 kPa while the pedal rises under the foot. Phase 0 = weight onto this foot.
    """
    peaks = {"heel_medial": 45.0, "heel_lateral": 40.0, "midfoot_lateral": 60.0, "midfoot_medial": 25.0,
             "mth1": 160.0, "mth2": 170.0, "mth3": 160.0, "mth4": 135.0, "mth5": 110.0, "hallux": 150.0,
             "lesser_toes": 80.0}
    floor = {"heel": 3.0, "mid": 6.0, "mth": 20.0, "hallux": 20.0, "toes": 10.0}
    timing = {"heel": (0.25, 2.0), "mid": (0.25, 2.0), "mth": (0.25, 1.0), "hallux": (0.25, 1.0),
              "toes": (0.25, 1.0)}
    return _build(peaks, floor, timing)


def _profile(scenario: Scenario) -> Profile:
    if scenario.activity in CYCLING:
        return _cycling_profile(scenario.power_w or 0.0, scenario.cadence_per_min,
                                scenario.activity == "cycling_standing")
    if scenario.activity in ("running", "walking"):
        return _gait_profile(scenario.activity, scenario.strike, scenario.speed_m_s)
    if scenario.activity == "elliptical":
        return _elliptical_profile()
    return _stair_profile()


def _stance_fraction(scenario: Scenario) -> float:
    if scenario.activity == "walking":
        return WALK_STANCE_FRACTION
    return RUN_CONTACT_S * scenario.cycle_hz


def _shape_table(rows: list[tuple[float, float, float, float]], gait: bool, stance: float) -> np.ndarray:
    """Each sensor's shape over a cycle, in [0, 1]: shape (_TABLE_SIZE + 1, n_sensors), row k = phase k/K."""
    phase = np.arange(_TABLE_SIZE + 1) / _TABLE_SIZE
    cols = []
    for _, _, centre, width in rows:
        if gait:
            u = phase / stance
            d = np.clip(np.abs(u - centre) / width, 0.0, 1.0)
            col = np.cos(0.5 * np.pi * d)  # half-cosine: load rises and falls steeply at contact edges
        else:
            col = (0.5 * (1.0 + np.cos(2.0 * np.pi * (phase - centre)))) ** width
        cols.append(col / col.max())
    return np.stack(cols, axis=1)


def condition_effect(cond: Condition, labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A condition's full-strength effect per sensor: (gain, loaded floor kPa, residual kPa), each (n,).

    Gains multiply the loaded amplitude; the loaded floor adds only while weighted; the residual adds
    always, unweighted included. Sizes are [W] guesses chosen to show each pattern of domain.md section 6
    plainly; directions come from the cited evidence.
    """
    n = len(labels)
    gain, floor, resid = np.ones(n), np.zeros(n), np.zeros(n)

    def scale(which: tuple[str, ...], k: float) -> None:
        gain[[i for i, lab in enumerate(labels) if lab in which]] *= k

    def add(arr: np.ndarray, which: tuple[str, ...], kpa: float) -> None:
        arr[[i for i, lab in enumerate(labels) if lab in which]] += kpa

    p = cond.pattern
    if p == "forefoot_share_high":  # leaning forward / forward cleat [1][20][23]
        scale(_FORE, 1.15)
        scale(_HEEL, 0.6)
        scale(_MID, 0.75)
    elif p == "focal_mth":  # focal MTH peak [7][17]; MTH1 with a forefoot strike [13][14]
        if cond.region is None:
            raise ValueError(f"condition {cond.name!r}: focal_mth needs a region")
        scale(_REGION_LABELS[cond.region], 1.5)
    elif p == "cop_forward":  # COP at the front of the ball of the foot [7]
        scale(_HEEL, 0.5)
        scale(_MID, 0.6)
        scale(("hallux",), 1.15)
        scale(("lesser_toes",), 1.3)
    elif p == "residual_unloaded":  # closure too tight [17]
        add(resid, _FORE, 25.0)
    elif p == "creeping_load":  # swelling: PTI creeping up with flat peaks [16][17]
        scale(_FORE, 1.15)
        add(resid, _FORE, 20.0)
    elif p == "low_midfoot_contact":  # flat insole under a high arch; orthoses add midfoot contact [20]
        scale(_MID, 0.2)
        scale(_FORE, 1.2)
    elif p == "lateral_overload":  # lateral forefoot 34-59 % above medial [4][26]: MTH4-5 ~1.45x MTH1 here
        scale(("mth4", "mth5", "mth4_5"), 1.9)
        scale(("lesser_toes",), 1.2)
        scale(("mth1",), 0.85)
        scale(("hallux",), 0.9)
    elif p == "dorsal_compression":  # toe clips: lower but less spread pressure than clipless [19] M
        add(resid, _FORE, 12.0)
        scale(_FORE, 0.95)
        scale(_HEEL + _MID, 0.7)
    elif p == "continuous_forefoot_load":  # no unloading phase [1] W
        add(floor, _MTH + ("hallux",), 45.0)
        add(floor, ("lesser_toes",), 20.0)
    else:
        raise ValueError(f"condition {cond.name!r}: no model effect for pattern {p!r}")
    return gain, floor, resid


def _hash_u64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on uint64 arrays (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _hash_normal(x: np.ndarray) -> np.ndarray:
    """Approximately standard-normal float64 from uint64 keys: Irwin-Hall sum of four 16-bit fields."""
    h = _hash_u64(x)
    s = np.ascontiguousarray(h).view(np.uint16).reshape(*h.shape, 4).sum(axis=-1, dtype=np.float64)
    return (s * (1.0 / 65536.0) - 2.0) * np.sqrt(3.0)


def _salt(*words: int) -> np.uint64:
    return np.random.SeedSequence(list(words)).generate_state(1, np.uint64)[0]


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SIDE_CODE = {"left": 0, "right": 1}


class PressureModel:
    """Plantar pressure of one foot in a scenario.

    Parameters
    ----------
    scenario : Scenario
    side : "left" or "right"
    seed : int
        Seeds noise, drift, variability and the cadence curve (the curve is shared by both feet).
    spec : InsoleSpec, optional
        Sensor layout (default: the simulated insole's 18 sensors); its side must equal ``side``.
    """

    def __init__(self, scenario: Scenario, side: str, *, seed: int, spec: InsoleSpec | None = None) -> None:
        if side not in _SIDE_CODE:
            raise ValueError(f"side must be 'left' or 'right', not {side!r}")
        spec = InsoleSpec(side=side) if spec is None else spec
        if spec.side != side:
            raise ValueError(f"spec is for the {spec.side} foot, model for the {side}")
        self.scenario, self.side, self.seed, self.spec = scenario, side, int(seed), spec
        self.labels = tuple(s.region for s in spec.sensors)
        n = len(self.labels)
        if n > 64:
            raise ValueError("at most 64 sensors")

        profile = _profile(scenario)
        rows = []
        seen: dict[str, int] = {}
        for label in self.labels:
            fine = _COARSE.get(label, (label,)) if label not in profile else (label,)
            vals = np.mean([profile[f] for f in fine], axis=0)
            k = seen[label] = seen.get(label, -1) + 1
            peak, floor = float(vals[0]), float(vals[1])
            rows.append((floor + (peak - floor) * (1.0 - 0.1 * min(k, 3)), floor, *profile[fine[0]][2:]))
        self._gait = scenario.activity in ("running", "walking")
        self.stance_fraction = _stance_fraction(scenario) if self._gait else 0.5
        self._table = _shape_table(rows, self._gait, self.stance_fraction)
        self._floor = np.array([r[1] for r in rows])
        self._amp = np.array([r[0] - r[1] for r in rows])

        self._conds = [c for c in scenario.conditions if c.applies_to(side)]
        self._effects = [condition_effect(c, self.labels) for c in self._conds]

        self.cycle_hz = scenario.cycle_hz
        self._phase0 = 0.0 if side == "left" else 0.5
        rng = np.random.default_rng([self.seed, 0xCAD])  # shared by both feet: one rider, one cadence
        self._cad_amp = np.array(CADENCE_WOBBLE)
        self._cad_w = 2 * np.pi / np.array([rng.uniform(60, 180), rng.uniform(300, 900)])
        self._cad_ph = rng.uniform(0, 2 * np.pi, 2)
        self._eff_w = 2 * np.pi / rng.uniform(120, 400)
        self._eff_ph = rng.uniform(0, 2 * np.pi)

        code = _SIDE_CODE[side]
        rng = np.random.default_rng([self.seed, code, 0xD81F7])
        self._drift_offset = rng.uniform(0, DRIFT_OFFSET_MAX_KPA, n)
        self._drift_w = 2 * np.pi / rng.uniform(600, 3600, (n, 2))
        self._drift_ph = rng.uniform(0, 2 * np.pi, (n, 2))
        self._noise_salt = np.array([_salt(self.seed, code, 0x5E, i) for i in range(n)], dtype=np.uint64)
        self._cycle_salt = _salt(self.seed, code, 0xC1C)
        #: the later activity's model (Scenario.then), the session time (s) and cycle count it starts at
        self._then: PressureModel | None = None
        self._then_s, self._then_k = np.inf, 0.0
        if scenario.then is not None:
            self._then = PressureModel(scenario.then, side, seed=seed, spec=spec)
            self._then_k = float(np.ceil(self._cycles(np.array([float(scenario.then_s)]))[0]))
            self._then_s = self._cycle_start_s(self._then_k, float(scenario.then_s))

    # -- time bases -------------------------------------------------------------------------------
    @staticmethod
    def _quantise(t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t_us = np.rint(np.asarray(t_s, dtype=np.float64) * 1e6).astype(np.int64)
        return t_us, t_us * 1e-6

    def _cycles(self, t: np.ndarray) -> np.ndarray:
        """Cycles completed since t = 0 (plus the side's offset): closed-form integral of the cadence."""
        w, ph, a = self._cad_w, self._cad_ph, self._cad_amp
        wobble = (a / w) * (np.cos(ph) - np.cos(np.multiply.outer(t, w) + ph))
        return self.cycle_hz * (t + wobble.sum(axis=-1)) + self._phase0

    def _cycle_start_s(self, k: float, after_s: float) -> float:
        """The session time (s) at or after ``after_s`` the cycle count reaches ``k`` at: Newton's method on the
        closed-form count, whose rate is the cadence, to well within the device clock's microsecond."""
        t = after_s
        for _ in range(50):
            rate_hz = self.cycle_hz * self._cadence_per_min(np.array([t]))[0] / self.scenario.cadence_per_min
            step = (k - self._cycles(np.array([t]))[0]) / rate_hz
            t += step
            if abs(step) < 1e-9:
                break
        return t

    def _cadence_per_min(self, t: np.ndarray) -> np.ndarray:
        w, ph, a = self._cad_w, self._cad_ph, self._cad_amp
        rel = 1.0 + (a * np.sin(np.multiply.outer(t, w) + ph)).sum(axis=-1)
        return self.scenario.cadence_per_min * rel

    def _relief(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(envelope in [0, 1], inside-interval bool), each (n,)."""
        sched = self.scenario.relief
        if sched is None:
            return np.zeros(t.shape), np.zeros(t.shape, dtype=bool)
        rel = t - sched.first_s
        m = np.mod(rel, sched.every_s)
        inside = (rel >= 0) & (m < sched.duration_s)
        env = np.clip(np.minimum(m, sched.duration_s - m) / RELIEF_RAMP_S, 0.0, 1.0) * inside
        return env, inside

    @staticmethod
    def _activation(cond: Condition, t: np.ndarray) -> np.ndarray:
        a = np.clip((t - cond.start_s) / cond.ramp_s, 0.0, 1.0)
        if cond.end_s is not None:
            a *= np.clip((cond.end_s - t) / CONDITION_RAMP_OUT_S, 0.0, 1.0)
        return a

    def _cycle_gain(self, k: np.ndarray, frac: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Per-cycle amplitude variability, blended smoothly across cycle boundaries, times effort wobble."""
        key = k.astype(np.int64).astype(np.uint64) * _GOLDEN + self._cycle_salt
        g0, g1 = _hash_normal(np.stack([key, key + _GOLDEN]))
        s = frac * frac * (3.0 - 2.0 * frac)
        effort = 1.0 + EFFORT_WOBBLE * np.sin(self._eff_w * t + self._eff_ph)
        return (1.0 + CYCLE_CV * (g0 + (g1 - g0) * s)) * effort

    # -- public -----------------------------------------------------------------------------------
    def _parts(self, t: np.ndarray) -> list[tuple[PressureModel, np.ndarray, np.ndarray]]:
        """(model, where, cycles since t = 0) of each activity's part of times ``t`` (s, (n,)): ``where`` a bool
        mask of t, the later part's cycles going on from ``_then_k``."""
        later = t >= self._then_s
        if self._then is None or not later.any():
            return [(self, np.ones(t.shape, dtype=bool), self._cycles(t))]
        then = self._then
        cyc = self._then_k + then._cycles(t[later]) - then._cycles(np.array([self._then_s]))[0]
        return [(self, ~later, self._cycles(t[~later])), (then, later, cyc)]

    def pressure_kpa(self, t_s: np.ndarray) -> np.ndarray:
        """Pressure at session times ``t_s`` (s, shape (n,)): float64, shape (n, n_sensors), kPa >= 0."""
        t_us, t = self._quantise(t_s)
        parts = self._parts(t)
        if len(parts) == 1:
            return self._pressure(t_us, t, parts[0][2])
        p = np.empty((t.size, len(self.labels)))
        for model, where, cyc in parts:
            p[where] = model._pressure(t_us[where], t[where], cyc)
        return p

    def _pressure(self, t_us: np.ndarray, t: np.ndarray, cyc: np.ndarray) -> np.ndarray:
        """``pressure_kpa`` at times ``t_us`` (us) and ``t`` (s), with cycle counts ``cyc``, each (n,)."""
        k = np.floor(cyc)
        frac = cyc - k
        x = frac * _TABLE_SIZE
        i0 = np.minimum(x.astype(np.intp), _TABLE_SIZE - 1)
        w = (x - i0)[:, None]
        lo = self._table[i0]
        shape = lo + (self._table[i0 + 1] - lo) * w

        amp = self._amp
        floor = self._floor
        resid = 0.0
        for cond, (gain, lfloor, res) in zip(self._conds, self._effects):
            a = self._activation(cond, t)[:, None]
            amp = amp * (1.0 + a * (gain - 1.0))
            floor = floor + a * lfloor
            resid = resid + a * res
        loaded = floor + amp * shape * self._cycle_gain(k, frac, t)[:, None]
        env, _ = self._relief(t)
        p = loaded + env[:, None] * (UNLOADED_KPA - loaded) + resid

        drift = (np.sin(np.multiply.outer(t, self._drift_w) + self._drift_ph)).sum(axis=-1)
        p += self._drift_offset + DRIFT_AMPLITUDE_KPA * drift
        key = t_us.astype(np.uint64)[:, None] * _GOLDEN + self._noise_salt
        p += NOISE_SD_KPA * _hash_normal(key)
        return np.maximum(p, 0.0, out=p)

    def _phase_labels(self, frac: np.ndarray) -> np.ndarray:
        """Each cycle fraction's phase name (``truth``'s ``phase_label``), shape as ``frac``."""
        if self._gait:
            return np.where(frac < self.stance_fraction, "stance", "swing")
        if self.scenario.activity in CYCLING:
            return np.where(frac < 0.5, "downstroke", "upstroke")
        return np.where(frac < 0.5, "drive", "recovery")

    def truth(self, t_s: np.ndarray) -> dict[str, np.ndarray]:
        """Ground-truth labels at ``t_s`` (s, shape (n,)); each value an array of shape (n,).

        phase : float, cycle fraction in [0, 1) (0 = top dead centre / initial contact / start of drive)
        phase_label : str, "stance"/"swing" (gait), "downstroke"/"upstroke" (cycling), "drive"/"recovery"
        relief : bool, inside a deliberate unweighting interval of the scenario
        cycle : int64, index of the cycle (counted from the session start, per foot)
        cadence_per_min : float, instantaneous cadence in the scenario's unit
        condition : str, "+"-joined names of the conditions active on this foot ("" if none)
        """
        _, t = self._quantise(t_s)
        cyc, label, cadence = np.empty(t.shape), np.empty(t.shape, dtype=object), np.empty(t.shape)
        for model, where, c in self._parts(t):
            cyc[where], cadence[where] = c, model._cadence_per_min(t[where])
            label[where] = model._phase_labels(c - np.floor(c))
        k = np.floor(cyc)
        frac = cyc - k
        names = np.full(t.shape, "", dtype=object)
        for cond in self._conds:
            on = (t >= cond.start_s) & ((t < cond.end_s) if cond.end_s is not None else True)
            names[on] = np.where(names[on] == "", cond.name, names[on] + "+" + cond.name)
        return {
            "phase": frac,
            "phase_label": label.astype(str),
            "relief": self._relief(t)[1],
            "cycle": k.astype(np.int64),
            "cadence_per_min": cadence,
            "condition": names.astype(str),
        }
