"""What the cohort report (study.html) shows, computed from a study's tables (docs/study.md): numbers
only, no drawing.

From the ``sessions`` table (one row per session and foot) and the ``errors`` table:

* ``per_session``: one row per session, its feet combined (:data:`METRICS` says how), in date order;
* distributions of each metric across sessions, and across riders (each rider's mean over sessions);
* each rider's trend: their sessions in date order;
* before/after pairs: a session that declares the change it follows (``change``) against the same
  rider's session just before it, with each one's layout (a pair recorded on different layouts compares
  the insoles as much as the change: the report says so);
* data quality per session: valid fraction (the worst foot), gaps, disconnects; and the sessions that
  failed, with their reasons.

Missing numbers stay NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monitor.codebook import FOREFOOT_REGIONS, region_name
from monitor.util.pressure_units import pressure_unit

#: The metrics the report follows: column -> (how the feet of a session combine, label with its unit).
#: The earliest warning of either foot; the other metrics are the mean of the feet.
METRICS: dict[str, tuple[str, str]] = {
    "first_warning_s": ("min", "time to first warning (s)"),
    "forefoot_dose_kpa_s_per_h": ("mean", "forefoot dose (kPa s per hour)"),
    "reliefs_per_h": ("mean", "reliefs per hour"),
    "forefoot_share": ("mean", "forefoot share of load (0-1)"),
}
#: The METRICS in kPa: the feet of an uncalibrated insole (the sessions table's ``pressure_unit`` "units": its
#: counts at a nominal scale, docs/devices.md) are left out of them, so that no mean, figure or pair sets
#: nominal units against kPa; their forefoot dose is kept apart, in :data:`NOMINAL_DOSE`.
KPA_METRICS = ("forefoot_dose_kpa_s_per_h",)
#: per_session's forefoot dose of a session's uncalibrated feet (nominal units s per hour; NaN where none).
NOMINAL_DOSE = "forefoot_dose_units_s_per_h"
#: Data-quality columns per session: the worst foot's valid fraction, the feet's gaps and disconnects.
QUALITY: dict[str, str] = {"valid_fraction": "min", "n_gaps": "sum", "gap_s": "sum", "n_disconnects": "sum"}


@dataclass(frozen=True)
class Pair:
    """A change and the same rider's sessions around it: ``before`` is the rider's session just before
    ``after`` in date order, ``after`` declares ``change``; metric -> (before, after) values."""

    rider: str
    change: str
    before: str
    after: str
    before_utc: str
    after_utc: str
    values: dict[str, tuple[float, float]]
    #: each session's layouts (monitor.studies.rows.layout_words, its feet's joined by "/"; "" when the
    #: sessions table has none)
    layouts: tuple[str, str] = ("", "")
    #: each session's feet not analysed ("/"-joined, "" when none: per_session's ``not_analysed``): their
    #: values are of the other foot alone
    not_analysed: tuple[str, str] = ("", "")
    #: each session's forefoot dose of its uncalibrated feet (per_session's NOMINAL_DOSE: nominal units s per
    #: hour, NaN where none), which ``values`` leaves out of its kPa dose
    nominal_dose: tuple[float, float] = (math.nan, math.nan)
    #: each session's pressure unit (per_session's ``pressure_unit``: "kPa", "units", "kPa/units"; "" unknown)
    units: tuple[str, str] = ("", "")

    @property
    def layout_changed(self) -> bool:
        """The two sessions were recorded on different layouts (both known)."""
        return all(self.layouts) and self.layouts[0] != self.layouts[1]


@dataclass(frozen=True)
class StudyData:
    """Everything the cohort report shows.

    per_session : DataFrame, one row per session (date order): session_id, rider, start_utc, date,
        activity, device_kind, layout, change, pressure_unit ("kPa", "units" or "kPa/units" where its feet
        differ), duration_s, the METRICS (those of KPA_METRICS from its calibrated feet only), NOMINAL_DOSE,
        the QUALITY columns and not_analysed (its feet not analysed, "/"-joined: those whose ``n_warnings``
        is NaN; "" when none)
    riders : list of rider names (sorted; "" for sessions that name none)
    rider_means : DataFrame, one row per rider: METRICS means over their sessions
    pairs : list of Pair
    errors : DataFrame (source, reason)
    """

    per_session: pd.DataFrame
    riders: list[str]
    rider_means: pd.DataFrame
    pairs: list[Pair] = field(default_factory=list)
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source", "reason"]))

    @property
    def n_sessions(self) -> int:
        return len(self.per_session)


def _agg(values: pd.Series, how: str) -> float:
    v = values.to_numpy(dtype=float)
    v = v[~np.isnan(v)]
    if not v.size:
        return math.nan
    return float({"min": np.min, "mean": np.mean, "sum": np.sum}[how](v))


def per_session(sessions: pd.DataFrame) -> pd.DataFrame:
    """One row per session, its feet combined as METRICS and QUALITY say, sorted by start time then
    session id. A foot not analysed (``n_warnings`` NaN: no alert could come for it, monitor.studies.rows;
    and ``reliefs_per_h`` NaN, where a foot analysed but none of whose windows was judged has a value)
    has no value to combine: the session's are of its other foot, and ``not_analysed`` names it, so that a
    missing first warning is not read as none on that foot."""
    keys = ["session_id", "rider", "start_utc", "date", "activity", "device_kind", "layout", "change",
            "pressure_unit"]
    cols = keys + ["duration_s", *METRICS, NOMINAL_DOSE, *QUALITY, "not_analysed"]
    if sessions is None or not len(sessions):
        return pd.DataFrame(columns=cols)
    rows = []
    for sid, g in sessions.groupby("session_id", sort=False):
        first = g.iloc[0]
        row = {k: ("" if pd.isna(first.get(k)) else str(first.get(k))) for k in keys}
        row["activity"] = "/".join(dict.fromkeys(str(a) for a in g["activity"]))
        row["device_kind"] = "/".join(dict.fromkeys(str(a) for a in g["device_kind"]))
        if "layout" in g:
            row["layout"] = "/".join(dict.fromkeys(str(a) for a in g["layout"] if not pd.isna(a) and a))
        units = g["pressure_unit"] if "pressure_unit" in g else pd.Series(pressure_unit(), index=g.index)
        nominal = (units == pressure_unit(calibrated=False)).to_numpy()
        row["pressure_unit"] = "/".join(dict.fromkeys(str(u) for u in units))
        row["duration_s"] = _agg(g["duration_s"], "mean")
        for m, (how, _) in METRICS.items():
            row[m] = _agg(g[m][~nominal] if m in KPA_METRICS else g[m], how) if m in g else math.nan
        dose = KPA_METRICS[0]
        row[NOMINAL_DOSE] = _agg(g[dose][nominal], "mean") if dose in g else math.nan
        for q, how in QUALITY.items():
            row[q] = _agg(g[q], how) if q in g else math.nan
        unwatched = g["n_warnings"].isna() if "n_warnings" in g else pd.Series(False, index=g.index)
        if "reliefs_per_h" in g:  # analysed, its windows too short to be judged: no count, but its reliefs
            unwatched &= g["reliefs_per_h"].isna()
        row["not_analysed"] = "/".join(str(f) for f in g.loc[unwatched, "foot"]) if "foot" in g else ""
        rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["start_utc", "session_id"], kind="stable").reset_index(drop=True)


def before_after(per: pd.DataFrame) -> list[Pair]:
    """Every session that declares a change, paired with the same rider's session just before it (date
    order); a change with no earlier session of its rider, or without a rider, has no pair."""
    pairs = []
    for rider, g in per.groupby("rider", sort=True):
        if not rider:
            continue
        g = g.reset_index(drop=True)
        for i in range(1, len(g)):
            after = g.iloc[i]
            if not after["change"]:
                continue
            before = g.iloc[i - 1]
            pairs.append(Pair(str(rider), str(after["change"]), str(before["session_id"]),
                              str(after["session_id"]), str(before["start_utc"]), str(after["start_utc"]),
                              {m: (float(before[m]), float(after[m])) for m in METRICS},
                              (str(before["layout"]), str(after["layout"])),
                              (str(before["not_analysed"]), str(after["not_analysed"])),
                              (float(before[NOMINAL_DOSE]), float(after[NOMINAL_DOSE])),
                              (str(before["pressure_unit"]), str(after["pressure_unit"]))))
    return pairs


def nominal_pairs(pairs: list[Pair]) -> int:
    """How many of ``pairs`` have a forefoot dose in nominal units (Pair.nominal_dose), which no kPa mean or
    figure sets beside kPa: the pairs figure's dose panel leaves them out, the pairs table gives them."""
    return sum(any(math.isfinite(u) for u in p.nominal_dose) for p in pairs)


def forefoot_unresolved(layout: str) -> list[str]:
    """The forefoot regions (FOREFOOT_REGIONS, by name) that a session's ``layout`` words (per_session's: its
    feet's monitor.studies.rows.layout_words, "/"-joined: "4 sensors, no MTH2-3, medial heel") say one of its
    feet cannot resolve, without which it has no forefoot dose (monitor.studies.rows.forefoot_dose_per_h)."""
    lacking = {name.strip() for words in str(layout).split("/") if ", no " in words
               for name in words.split(", no ", 1)[1].split(",")}
    return [region_name(r) for r in FOREFOOT_REGIONS if region_name(r) in lacking]


def study_data(sessions: pd.DataFrame, errors: pd.DataFrame | None = None) -> StudyData:
    """The cohort report's numbers from a study's ``sessions`` and ``errors`` tables."""
    per = per_session(sessions)
    riders = sorted(set(per["rider"])) if len(per) else []
    means = []
    for rider in riders:
        g = per[per["rider"] == rider]
        means.append({"rider": rider, "sessions": len(g), **{m: _agg(g[m], "mean") for m in METRICS}})
    rider_means = pd.DataFrame(means, columns=["rider", "sessions", *METRICS])
    errs = errors if errors is not None else pd.DataFrame(columns=["source", "reason"])
    return StudyData(per, riders, rider_means, before_after(per), errs)
