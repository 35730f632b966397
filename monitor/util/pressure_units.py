"""The one word a pressure number is said in, wherever it is said (the live view and phone, the detector's
reasons, analyze, the report and compare, the study tables, the FIT export): kPa (a PTI in kPa s, an impulse
per step in N s) from a calibrated insole, nominal units ("units", "units s") from an uncalibrated one
(SensorLayout.calibrated false: ORPHE INSOLE and Ukaton Mission send counts at a nominal scale, not kPa,
docs/devices.md); and a session's words, one :class:`PressureUnits` (:func:`session_units`: "kPa or units"
where its feet differ), or each foot's own (:func:`foot_units`), which the report's figures and tables take: a
figure puts feet in different units on different axes (:func:`units_differ`), one axis holds one unit. Pure;
no layer below it, so every layer may take its words from here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: A calibrated insole's units per pressure metric: a peak or mean pressure ("peak_kpa"), a pressure-time
#: integral ("pti_kpa_s"), an impulse per step ("impulse_n_s", monitor.signal.regions ``hot_loads``).
KPA_UNITS = {"peak_kpa": "kPa", "pti_kpa_s": "kPa s", "impulse_n_s": "N s"}
#: The same on an uncalibrated insole: its counts at a nominal scale, "units" as the live view says them; an
#: impulse per step made of them is "units s", not N s.
NOMINAL_UNITS = {"peak_kpa": "units", "pti_kpa_s": "units s", "impulse_n_s": "units s"}


def pressure_unit(metric: str = "peak_kpa", calibrated: bool = True) -> str:
    """The unit of a ``metric`` value (a key of :data:`KPA_UNITS`; default a pressure: a peak, a mean, a
    cell of the live view) of an insole that is ``calibrated`` or not: "kPa", "kPa s", "N s"; "units",
    "units s", "units s"."""
    return KPA_UNITS[metric] if calibrated else NOMINAL_UNITS[metric]


def unit_name(calibrated: bool = True) -> str:
    """A pressure's unit as a sentence names it: "kPa" of a calibrated insole, "nominal units" of an
    uncalibrated one (its counts at a nominal scale)."""
    return pressure_unit(calibrated=True) if calibrated else f"nominal {pressure_unit(calibrated=False)}"


def layout_unit(layout: object, metric: str = "peak_kpa") -> str:
    """:func:`pressure_unit` of a foot whose layout is ``layout`` (a SensorLayout; one without a
    ``calibrated`` flag, or None, is taken as calibrated)."""
    return pressure_unit(metric, bool(getattr(layout, "calibrated", True)))


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


def feet_units_differ(layouts: Mapping[str, Any]) -> bool:
    """Whether the feet of ``layouts`` (foot -> SensorLayout) are in different units: one calibrated (kPa), the
    other not (nominal units), so no absolute pressure of one is comparable with the other's."""
    return units_differ(foot_units(layouts), tuple(layouts))
