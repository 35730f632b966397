"""The unit a session report's figures say its pressures in: kPa from calibrated insoles, nominal units from
uncalibrated ones (SensorLayout.calibrated false: ORPHE INSOLE, Ukaton Mission send counts at a nominal
scale, docs/devices.md), each foot's where its feet differ. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.codebook import FEET


def pressure_unit(layouts: Mapping[str, Any], seconds: bool = False) -> str:
    """The unit of the pressures of feet with ``layouts`` (foot -> SensorLayout; an unknown one is kPa):
    "kPa", "nominal units", or each foot's where they differ ("left kPa, right nominal units");
    ``seconds``: of a pressure-time integral ("kPa s", "nominal units s")."""
    tail = " s" if seconds else ""
    units = {f: ("kPa" if getattr(layouts[f], "calibrated", True) else "nominal units") + tail
             for f in FEET if f in layouts}
    if len(set(units.values())) > 1:
        return ", ".join(f"{f} {u}" for f, u in units.items())
    return next(iter(units.values()), "kPa" + tail)
