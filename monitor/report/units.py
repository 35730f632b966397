"""The words the report says a session's pressures in: kPa (a PTI in kPa s, an impulse per step in N s) from
calibrated insoles, nominal units ("units", "units s") from uncalibrated ones (SensorLayout.calibrated false:
ORPHE INSOLE, Ukaton Mission send counts at a nominal scale, docs/devices.md), each word as
monitor.util.pressure_units.pressure_unit decides it; both, "kPa or units", where the feet differ, in a
table's words. A figure is given each foot's own (:func:`foot_units`) and puts feet in different units on
different axes (:func:`units_differ`): one axis holds one unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


#: What a figure is told its feet's units in: one PressureUnits for every foot, or each foot's own (foot ->
#: PressureUnits: :func:`foot_units`; a foot not in it is KPA).
FigureUnits = PressureUnits | Mapping[str, PressureUnits]


def foot_units(layouts: Mapping[str, Any]) -> dict[str, PressureUnits]:
    """Each foot's own unit words (foot -> PressureUnits): KPA for a calibrated insole's foot, nominal units
    for an uncalibrated one's; what a figure that draws both feet needs to give each foot its own axis where
    they differ (:func:`units_differ`)."""
    return {foot: session_units({foot: lay}) for foot, lay in layouts.items()}


def units_of(units: FigureUnits, foot: str) -> PressureUnits:
    """``foot``'s unit words in ``units`` (one for every foot, or each foot's own: FigureUnits)."""
    return units if isinstance(units, PressureUnits) else units.get(foot, KPA)


def units_differ(units: FigureUnits, feet: Sequence[str]) -> bool:
    """Whether ``feet`` are in different units (one in kPa, one in nominal units): then no axis holds both."""
    return len({units_of(units, f) for f in feet}) > 1
