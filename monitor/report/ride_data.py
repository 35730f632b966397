"""What the report's "The ride" section shows, computed: a bike computer's ride (monitor.session.ride)
set against the session's insole metrics per second. Pure: numbers only (monitor.analysis.ride does the
arithmetic; this gathers it for one report).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from monitor.analysis.assessed_data import assessed_with_data
from monitor.analysis.batch import AnalysisResult
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.analysis.ride import (
    CADENCE_BANDS_RPM,
    POWER_BANDS_W,
    BandRow,
    RideSummary,
    crank_cadence,
    drawn_against,
    feet_of,
    joined_seconds,
    load_by_band,
    load_by_position,
    ride_summary,
    share_not_measured,
)
from monitor.analysis.suggestions import is_cycling
from monitor.session.model import Session
from monitor.session.ride import covered_part, read_ride
from monitor.signal.activity_words import activity_name
from monitor.util.pressure_units import layout_unit


@dataclass(frozen=True)
class RideReport:
    """The ride section's numbers.

    joined : DataFrame, one row per session second (monitor.analysis.ride.joined_seconds)
    feet : the feet with insole data
    summary : the ride's means over the session
    by_power, by_cadence : forefoot load per band of power (W) and of crank cadence (rpm)
    by_position : forefoot load seated and standing ({} when the ride does not say)
    cadence_crank_rpm : the crank's mean cadence while pedalling (NaN without one)
    cadence_insoles : foot -> the insoles' own cadence estimate (strokes per minute; NaN without one)
    meta : what the FIT file said about itself (file, device, sport, records_in_file, ...)
    cadence_not_crank : the session's activity ("walking", ...) when it is not a ride and the file has a
        cadence: that is not a crank's (whichever device recorded it), and is left out ("" otherwise)
    covered : (from_s, to_s, session_s) when the ride covers only part of the session (session time, s;
        monitor.session.ride.covered_part), None when it covers all of it
    peak_units : foot -> the unit of its forefoot peak: "kPa", or "units" where its insole is uncalibrated
        (SensorLayout.calibrated false: nominal units, not kPa, docs/devices.md)
    """

    joined: pd.DataFrame
    feet: tuple[str, ...]
    summary: RideSummary
    by_power: list[BandRow]
    by_cadence: list[BandRow]
    by_position: dict[str, BandRow]
    cadence_crank_rpm: float
    cadence_insoles: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    cadence_not_crank: str = ""
    covered: tuple[float, float, float] | None = None
    peak_units: dict[str, str] = field(default_factory=dict)

    @property
    def share_not_measured(self) -> tuple[str, ...]:
        """The feet whose insole has forefoot peaks but no forefoot share (monitor.analysis.ride.
        share_not_measured): the tables say "not measured" for their share, the figure says why it is empty."""
        return share_not_measured(self.joined, self.feet)

    @property
    def has_power(self) -> bool:
        return bool(self.joined["power_w"].notna().any())

    @property
    def has_cadence(self) -> bool:
        return math.isfinite(self.cadence_crank_rpm)

    @property
    def against(self) -> tuple[str, ...]:
        """What the figure sets the load against (monitor.analysis.ride.drawn_against): ``power_w``,
        ``cadence_rpm`` (a crank's, none on a session not a ride), the ones the ride has."""
        return drawn_against(self.joined)


def ride_report(session: Session, result: AnalysisResult, records: pd.DataFrame,
                meta: dict[str, Any] | None = None) -> RideReport:
    """The ride section's numbers for ``session`` (analysed as ``result``) and its ride ``records``."""
    metrics = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                                 assessed_with_data(result.feet, result.silent_spans))
    feet = feet_of(metrics)
    records, not_crank = cadence_left_out(result, records)
    joined = joined_seconds(metrics, records, feet)
    meta = dict(meta or {})
    session_s = float(session.info.duration_s if session.info.duration_s is not None else len(metrics))
    part = (covered_part(float(records["t_s"].iloc[0]), float(records["t_s"].iloc[-1]), session_s)
            if len(records) else None)
    summary = ride_summary(records, joined, feet, bool(meta.get("positions_recorded")))
    insoles = {foot: float(s.get("cadence_per_min") or math.nan) for foot, s in result.summary().items()}
    return RideReport(joined, feet, summary,
                      load_by_band(joined, "power_w", POWER_BANDS_W, feet),
                      load_by_band(joined, "cadence_rpm", CADENCE_BANDS_RPM, feet, positive_only=True),
                      load_by_position(joined, feet), crank_cadence(records), insoles, meta, not_crank,
                      None if part is None else (*part, session_s),
                      {f: layout_unit(lay) for f, lay in session.info.layouts.items()})


def cadence_left_out(result: AnalysisResult, records: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The ride's ``records`` (monitor.session.ride) as the report and the FIT export take them, and why:
    in a session that is not a ride (walking, running, a stepping machine, as the analysis ``result``
    recognises or the session declares it) whose file has a cadence, that cadence is not a crank's
    (whichever device recorded it), and is left out (``cadence_rpm`` NaN), with the session's activity in words
    ("running", "elliptical"; docs/fit.md); else ``records`` as they are and ""."""
    not_crank = _not_a_ride(result)
    if not not_crank or not records["cadence_rpm"].notna().any():
        return records, ""
    return records.assign(cadence_rpm=math.nan), not_crank


def crank_cadence_by_foot(result: AnalysisResult, records: pd.DataFrame,
                          feet: tuple[str, ...] | list[str]) -> dict[str, float] | None:
    """The cadence that replaces the insoles' estimate in the per-foot lines (the report's verdict and
    ``solewatch analyze``'s text, monitor.report.text.foot_lines): foot -> the crank's mean cadence while
    pedalling (rpm) over the ride's ``records`` (monitor.session.ride), the same for every foot in ``feet``;
    None when the ride has no crank cadence, or the session is not a ride (its file's cadence
    is not a crank's: docs/fit.md)."""
    if _not_a_ride(result):
        return None
    rpm = crank_cadence(records)
    return dict.fromkeys(feet, rpm) if math.isfinite(rpm) else None


def _not_a_ride(result: AnalysisResult) -> str:
    """The session's activity in words when every foot's known activity is other than cycling (a crank
    cadence means nothing there), else "": the declared one as declared ("elliptical", "stair climber"),
    else the recognised one ("elliptical or stair climber" for the recogniser's class of the machines)."""
    known = [a for a in result.activities().values() if a and a != "unknown"]
    if not known or any(is_cycling(a) for a in known):
        return ""
    return activity_name(result.declared_word or known[0])  # a declared machine as declared: "elliptical"


def session_crank_cadence(session: Session, result: AnalysisResult) -> dict[str, float] | None:
    """The imported ride's crank cadence per foot of ``session`` (:func:`crank_cadence_by_foot`), which
    replaces the insoles' estimate in the analysis text as in the report; None without a ride (a session
    that is not a folder has none) or a crank cadence."""
    ride = read_ride(session.path) if Path(session.path).is_dir() else None
    return None if ride is None else crank_cadence_by_foot(result, ride.records, session.info.feet)
