"""The words the report says a session's pressures in: kPa (a PTI in kPa s, an impulse per step in N s) from
calibrated insoles, nominal units ("units", "units s") from uncalibrated ones (SensorLayout.calibrated false:
ORPHE INSOLE, Ukaton Mission send counts at a nominal scale, docs/devices.md), each word as
monitor.util.pressure_units.pressure_unit decides it; both, "kPa or units", where the feet differ."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monitor.util.pressure_units import pressure_unit


@dataclass(frozen=True)
class PressureUnits:
    """A session's unit words: ``pressure`` of a pressure (a peak, a mean), ``pti`` of a pressure-time
    integral, ``impulse`` of an impulse per step (the hot-spot load's, monitor.analysis.steps)."""

    pressure: str = pressure_unit("peak_kpa")
    pti: str = pressure_unit("pti_kpa_s")
    impulse: str = pressure_unit("impulse_n_s")


#: The units of a calibrated insole's session, what a figure says when it is told none.
KPA = PressureUnits()


def session_units(layouts: Mapping[str, Any]) -> PressureUnits:
    """The unit words of a session of ``layouts`` (foot -> SensorLayout): KPA where every foot is calibrated
    (and where there is none), nominal units where none is, "kPa or units" (and so on) where the feet
    differ."""
    calibrated = sorted({bool(getattr(lay, "calibrated", True)) for lay in layouts.values()} or {True},
                        reverse=True)  # kPa first

    def said(metric: str) -> str:
        return " or ".join(pressure_unit(metric, c) for c in calibrated)

    return PressureUnits(said("peak_kpa"), said("pti_kpa_s"), said("impulse_n_s"))
