"""The one word a pressure number is said in, wherever it is said (the live view and phone, the detector's
reasons, analyze, the report and compare, the study tables, the FIT export): kPa (a PTI in kPa s, an impulse
per step in N s) from a calibrated insole, nominal units ("units", "units s") from an uncalibrated one
(SensorLayout.calibrated false: ORPHE INSOLE and Ukaton Mission send counts at a nominal scale, not kPa,
docs/devices.md). Pure; no layer below it, so every layer may take its words from here."""

from __future__ import annotations

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


def layout_unit(layout: object, metric: str = "peak_kpa") -> str:
    """:func:`pressure_unit` of a foot whose layout is ``layout`` (a SensorLayout; one without a
    ``calibrated`` flag, or None, is taken as calibrated)."""
    return pressure_unit(metric, bool(getattr(layout, "calibrated", True)))
