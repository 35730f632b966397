"""The caption under the centre-of-pressure figure: what the path is, where it starts, and, for a walk or a
run with a strike index, why the path's start is not the strike index (the two are measured differently).

The path (monitor.report.cycles_data) is the force-weighted centre of every sensor's reading as stored,
offsets and idle sensors included, from the gait detector's initial contact, averaged over the stances.
The strike index (monitor.analysis.steps) is read on each step at the first frame whose load reaches
``STRIKE_LOAD_FRACTION`` of the stance's highest, counting only the sensors ``STRIKE_SENSOR_KPA`` above their
unloaded level (``STRIKE_SENSOR_PEAK_FRACTION`` of the step's peak on an uncalibrated insole), each region's
load at the region's fixed centre (monitor.analysis.strike). On the simulated forefoot-strike run the path
starts at 61 % of the foot's length where the strike index reads 73 % (median): said side by side without
this, a runner reads a contradiction.
Pure: numbers in, text out.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from monitor.analysis.steps import STRIKE_LOAD_FRACTION, STRIKE_SENSOR_KPA, STRIKE_SENSOR_PEAK_FRACTION, scale_free
from monitor.codebook import FEET
from monitor.util.pressure_units import pressure_unit


def path_start_pct(curves: Any) -> float | None:
    """Where a foot's average path (monitor.report.cycles_data.CycleCurves, or None) starts, in % of the
    foot's length (0 heel .. 100 toe); None without one."""
    if curves is None:
        return None
    ok = np.isfinite(curves.cop_y) & np.isfinite(curves.cop_x)
    return float(100.0 * curves.cop_y[ok][0]) if ok.any() else None


def _per_foot(values: dict[str, float]) -> str:
    """"61 %" when the feet agree to the percent, else "60 % (left foot) and 61 % (right foot)"."""
    shown = {f: f"{v:.0f} %" for f, v in values.items()}
    if len(set(shown.values())) == 1:
        return next(iter(shown.values()))
    return " and ".join(f"{text} ({foot} foot)" for foot, text in shown.items())


def sensor_floor_words(layouts: Any) -> str:
    """How far above its unloaded level a sensor counts towards the strike index, for the feet of ``layouts``
    (foot -> SensorLayout): "10 kPa" on calibrated insoles, "4 % of the step's peak" on uncalibrated ones
    (nominal units) and on guessed sensor areas (monitor.analysis.steps.scale_free, STRIKE_SENSOR_PEAK_FRACTION),
    both where the feet differ."""
    share = f"{100 * STRIKE_SENSOR_PEAK_FRACTION:g} % of the step's peak"
    nominal = [f for f in FEET if f in (layouts or {}) and scale_free(layouts[f])]
    kpa = f"{STRIKE_SENSOR_KPA:g} {pressure_unit()}"
    if not nominal:
        return kpa
    if len(nominal) == len([f for f in FEET if f in layouts]):
        return share
    what = "uncalibrated" if not getattr(layouts[nominal[0]], "calibrated", True) else "guessed-area"
    return f"{kpa} ({share} on the {what} {nominal[0]} insole)"


def cop_caption(data: Any) -> str:
    """The caption (plain text). ``data``: monitor.report.data.ReportData (its ``curves``, ``gait`` and
    ``layouts``)."""
    text = ("The centre of pressure over the same average cycle, from the black dot (start) to its end "
            "(light); grey dots are the sensors. The path is the centre of every sensor's reading as stored, "
            "each weighted by its force, idle sensors and their offsets included, ")
    stances = any(c is not None and c.kind == "stance" for c in data.curves.values())
    text += ("from the gait detector's initial contact to its toe-off, averaged over the stances" if stances
             else "averaged over the cycles")
    starts = {f: s for f in FEET if (s := path_start_pct(data.curves.get(f))) is not None}
    gait = data.gait.get("feet", {}) if data.gait else {}
    index = {f: float(v) for f in FEET if isinstance(v := (gait.get(f) or {}).get("strike_index_pct"), (int, float))
             and math.isfinite(v)}
    if not starts:
        return text + "."
    text += f"; it starts at {_per_foot(starts)} of the foot's length from the heel"
    if not index:
        return text + "."
    return (text + f". The strike index under Steps, median {_per_foot(index)}, is measured otherwise: on "
            f"each step, at the first moment its load reaches {100 * STRIKE_LOAD_FRACTION:.0f} % of the "
            f"stance's highest, counting only the sensors at least {sensor_floor_words(getattr(data, 'layouts', {}))} "
            "above their level in the swing, so that idle sensors do not pull it toward the middle of the foot, "
            "and each region's load at the region's own centre along the foot, so that it reads the same on "
            "every insole wherever its sensors sit. The two need not agree; the strike index is the one that "
            "tells the footstrike.")
