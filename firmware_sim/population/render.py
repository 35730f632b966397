"""Render a rider through a layout: per-foot time axes, pressures (noise, quantisation) and ground truth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from firmware_sim.population.activity import amplitudes
from firmware_sim.population.field import sensor_matrix
from firmware_sim.population.layouts import Layout, get_layout, layout_json
from firmware_sim.population.riders import RiderSpec
from firmware_sim.population.timeline import Timeline, build_timeline

FEET = ("left", "right")
#: Session activity declared in the layout JSON per rider activity (monitor's DECLARED_ACTIVITY names).
DECLARED = {"cycling": "cycling_seated", "running": "running", "walking": "walking"}
#: Rows computed at once (bounds the float64 working memory of a 99-sensor layout to ~50 MB).
_CHUNK = 60_000


@dataclass(frozen=True)
class RenderedRide:
    """One rider through one layout.

    t_s : foot -> ndarray (n_foot,), float64, s from the start; each foot on its own clock
    pressure_kpa : foot -> ndarray (n_foot, n_sensors), float32, kPa, >= 0, multiples of the step
    layout_json : foot -> the layout JSON of docs/import-csv.md for that foot (one ``feet`` entry)
    truth : ground truth: rider_id, activity, condition, foot, region, onset_s, relief ([start_s, end_s)
        pairs), and for gait ``steps`` foot -> list of [initial_contact_s, toe_off_s]
    """

    rider: RiderSpec
    layout_name: str
    rate_hz: int
    t_s: dict[str, np.ndarray]
    pressure_kpa: dict[str, np.ndarray]
    layout_json: dict[str, dict[str, Any]]
    truth: dict[str, Any]
    timeline: Timeline


def ground_truth(rider: RiderSpec, tl: Timeline) -> dict[str, Any]:
    c = rider.condition
    out: dict[str, Any] = {
        "rider_id": rider.rider_id, "activity": rider.activity, "condition": c.kind, "foot": c.foot,
        "region": c.region, "onset_s": c.onset_s if c.kind != "healthy" else None,
        "relief": [[round(a, 3), round(b, 3)] for a, b in tl.relief],
    }
    if tl.steps:
        out["steps"] = {foot: [[round(float(a), 4), round(float(b), 4)] for a, b in zip(*tl.steps[foot],
                                                                                       strict=True)]
                        for foot in FEET}
        out["cadence_per_min"] = rider.cadence_per_min
    return out


def render(rider: RiderSpec, layout_name: str | Layout, rate_hz: int = 100, noise_sd_kpa: float = 0.0,
           quant_step_kpa: float = 0.0, duration_s: float | None = None, seed: int = 0) -> RenderedRide:
    """Sample ``rider``'s pressure field through layout ``layout_name`` at ``rate_hz`` (25-200 Hz) for
    ``duration_s`` (default: the rider's ride length); ``layout_name`` may be a Layout of one's own.
    Gaussian noise of SD ``noise_sd_kpa`` is added, negatives clipped to 0, then the values rounded to
    multiples of ``quant_step_kpa`` (0: not rounded).
    The right foot's clock is offset by a fraction of a sample drawn from ``seed`` (two insoles never
    sample at the same instants)."""
    if not 25 <= rate_hz <= 200:
        raise ValueError(f"rate_hz {rate_hz} outside 25..200")
    duration_s = rider.ride_s if duration_s is None else float(duration_s)
    lay = get_layout(layout_name)
    g = sensor_matrix(np.array(lay.x), np.array(lay.y), np.array(lay.area_mm2))
    tl = build_timeline(rider, duration_s)
    rng = np.random.default_rng([seed, int(rider.rider_id[1:]) if rider.rider_id[1:].isdigit() else 0])
    offsets = {"left": 0.0, "right": float(rng.uniform(0.0, 1.0)) / rate_hz}
    n = int(round(duration_s * rate_hz))
    t_out, p_out, lj = {}, {}, {}
    for foot in FEET:
        t = np.arange(n) / rate_hz + offsets[foot]
        t = t[t < duration_s]
        p = np.empty((t.size, lay.n_sensors), dtype=np.float32)
        for lo in range(0, t.size, _CHUNK):
            seg = amplitudes(rider, tl, foot, t[lo:lo + _CHUNK]) @ g
            if noise_sd_kpa > 0:
                seg += noise_sd_kpa * rng.standard_normal(seg.shape)
            np.clip(seg, 0.0, None, out=seg)
            if quant_step_kpa > 0:
                seg = np.round(seg / quant_step_kpa) * quant_step_kpa
            p[lo:lo + _CHUNK] = seg
        t_out[foot], p_out[foot] = t, p
        lj[foot] = layout_json(lay, foot, rate_hz, DECLARED[rider.activity])
    return RenderedRide(rider, lay.name, int(rate_hz), t_out, p_out, lj, ground_truth(rider, tl), tl)
