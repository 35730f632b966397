"""What happens when in one ride: efforts, standing and coasting bouts, reliefs, and for gait the steps.

Each kind of event has its own random stream ``(rider.seed, stream)`` and is drawn in time order, so a
shorter rendering of the same rider is a prefix of a longer one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from firmware_sim.population.riders import RiderSpec

Interval = tuple[float, float]
#: Stream numbers of the random draws.
_RELIEF, _EFFORT, _STAND, _COAST, _CADENCE, _STEPS = range(6)
#: Cadence wander: an AR(1) walk with one knot every 10 s, SD 3 rpm, correlation 0.9 per knot (guess).
WANDER_KNOT_S = 10.0
WANDER_SD = 3.0
WANDER_RHO = 0.9
#: Stride-to-stride variability of gait, SD as a fraction of the stride time (guess, ~2 %).
STRIDE_CV = 0.02


@dataclass(frozen=True)
class Effort:
    """A stretch of changed power: ``power`` over the rider's usual, ``cadence_delta`` in rpm."""

    start_s: float
    end_s: float
    power: float
    cadence_delta: float = 0.0


@dataclass(frozen=True)
class Timeline:
    """The events of one ride of ``duration_s``. Intervals are [start_s, end_s), sorted, disjoint within
    a kind; standing and coasting never overlap a relief. ``steps``: foot -> (initial contact times,
    toe-off times), shape (n_steps,) each, for gait (empty for cycling)."""

    duration_s: float
    efforts: list[Effort] = field(default_factory=list)
    standing: list[Interval] = field(default_factory=list)
    coasting: list[Interval] = field(default_factory=list)
    relief: list[Interval] = field(default_factory=list)
    cadence_knots: np.ndarray = field(default_factory=lambda: np.zeros(1))  # rpm offsets every 10 s
    steps: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _rng(rider: RiderSpec, stream: int) -> np.random.Generator:
    return np.random.default_rng([rider.seed, stream])


def _poisson_bouts(rng: np.random.Generator, per_min: float, lo_s: float, hi_s: float,
                   duration_s: float) -> list[Interval]:
    out: list[Interval] = []
    if per_min <= 0:
        return out
    t = float(rng.exponential(60.0 / per_min))
    while t < duration_s:
        d = float(rng.uniform(lo_s, hi_s))
        out.append((t, min(t + d, duration_s)))
        t += d + float(rng.exponential(60.0 / per_min))
    return out


def _reliefs(rider: RiderSpec, duration_s: float) -> list[Interval]:
    """A stop or an unclipped foot every ``relief_every_s`` +- 20 %, lasting 20-90 s (brief; wheelchair
    unloading 15-30 s [38] W)."""
    out: list[Interval] = []
    if rider.relief_every_s is None:
        return out
    rng = _rng(rider, _RELIEF)
    t = rider.relief_every_s * float(rng.uniform(0.8, 1.2))
    while t < duration_s:
        d = float(rng.uniform(20.0, 90.0))
        out.append((t, min(t + d, duration_s)))
        t += d + rider.relief_every_s * float(rng.uniform(0.8, 1.2))
    return out


def _efforts(rider: RiderSpec, duration_s: float) -> list[Effort]:
    """Intervals: after a 10-min warm-up, 1-4 min at 1.3-1.6x with 2-6 min at 0.7x between; climbs: every
    10-20 min, 3-8 min at 1.2-1.4x and 8-15 rpm slower (guess; power raises the forefoot load [8] M)."""
    rng = _rng(rider, _EFFORT)
    out: list[Effort] = []
    if rider.ride_profile == "intervals":
        t = 600.0
        while t < duration_s:
            on = float(rng.uniform(60, 240))
            out.append(Effort(t, min(t + on, duration_s), float(rng.uniform(1.3, 1.6))))
            off = float(rng.uniform(120, 360))
            if t + on < duration_s:
                out.append(Effort(t + on, min(t + on + off, duration_s), 0.7))
            t += on + off
    elif rider.ride_profile == "climbs":
        t = float(rng.uniform(300, 900))
        while t < duration_s:
            d = float(rng.uniform(180, 480))
            out.append(Effort(t, min(t + d, duration_s), float(rng.uniform(1.2, 1.4)),
                              -float(rng.uniform(8, 15))))
            t += d + float(rng.uniform(600, 1200))
    return out


def _without(bouts: list[Interval], blockers: list[Interval], margin_s: float = 3.0) -> list[Interval]:
    """The bouts that do not come within ``margin_s`` of any blocker."""
    return [(a, b) for a, b in bouts
            if all(b + margin_s <= c or a >= d + margin_s for c, d in blockers)]


def _steps(rider: RiderSpec, duration_s: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Initial contacts and toe-offs per foot: stride = 120 / cadence s, stance = stance_fraction of it
    (walking ~60 % [15] S; running 270-285 ms contact at 154-169 steps/min [11] M); the right foot half a
    stride after the left."""
    rng = _rng(rider, _STEPS)
    stride_s = 120.0 / rider.cadence_per_min
    n = int(duration_s / stride_s) + 3
    strides = stride_s * (1.0 + STRIDE_CV * rng.standard_normal(n))
    ic_left = float(rng.uniform(0.1, 0.6)) * stride_s + np.concatenate([[0.0], np.cumsum(strides[:-1])])
    out = {}
    for foot, shift in (("left", 0.0), ("right", 0.5)):
        ic = ic_left + shift * strides
        to = ic + rider.stance_fraction * strides
        keep = ic < duration_s
        out[foot] = (ic[keep], to[keep])
    return out


def build_timeline(rider: RiderSpec, duration_s: float) -> Timeline:
    """All the events of ``rider``'s ride up to ``duration_s``."""
    if rider.activity != "cycling":
        return Timeline(duration_s, steps=_steps(rider, duration_s))
    relief = _reliefs(rider, duration_s)
    coasting = _without(_poisson_bouts(_rng(rider, _COAST), rider.coasting_per_min, 5.0, 40.0, duration_s),
                        relief)  # coasting bouts of 5-40 s (guess)
    standing = _without(_poisson_bouts(_rng(rider, _STAND), rider.standing_per_min, 10.0, 60.0, duration_s),
                        relief + coasting)  # standing bouts of 10-60 s (brief)
    n_knots = int(duration_s / WANDER_KNOT_S) + 2
    shocks = _rng(rider, _CADENCE).standard_normal(n_knots) * WANDER_SD * np.sqrt(1 - WANDER_RHO**2)
    knots = np.empty(n_knots)
    knots[0] = shocks[0] / np.sqrt(1 - WANDER_RHO**2)
    for i in range(1, n_knots):
        knots[i] = WANDER_RHO * knots[i - 1] + shocks[i]
    return Timeline(duration_s, _efforts(rider, duration_s), standing, coasting, relief, knots)


def interval_weight(t_s: np.ndarray, intervals: list[Interval], ramp_s: float) -> np.ndarray:
    """0..1 per sample: 1 inside the intervals, 0 outside, linear ramps of ``ramp_s`` centred on each
    edge."""
    w = np.zeros(t_s.shape)
    for a, b in intervals:
        lo, hi = np.searchsorted(t_s, [a - ramp_s, b + ramp_s])
        seg = t_s[lo:hi]
        w[lo:hi] = np.maximum(w[lo:hi], np.clip(0.5 + np.minimum(seg - a, b - seg) / ramp_s, 0.0, 1.0))
    return w
