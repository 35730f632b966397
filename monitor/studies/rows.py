"""One session's analysis as its rows of the study's tables (docs/study.md has every column).

Pure: from a loaded Session, its AnalysisResult and what the session declares for studies
(``study.json``: ``rider``, ``change``), build three DataFrames:

* ``sessions``: one row per foot: who, when, what, how long, how good the data, how the detector judged;
* ``alerts``: one row per alert or event (monitor.analysis.tables.alerts_table) with the session's keys;
* ``windows``: one row per window (monitor.analysis.tables.windows_table) with the detector's level.

A foot's time at each level and its windows' level count the windows that stand for data and were judged by
the rule of the report's timeline and the per-second table (monitor.analysis.assessed_data.assessment_judged):
one rule; a session's first windows, drawn "not judged", have no level.

Missing numbers are NaN, never invented; a region an insole cannot resolve has no value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from monitor.analysis.assessed_data import assessment_judged
from monitor.analysis.tables import (
    ALERT_COLUMNS,
    FLOAT,
    INT,
    LEVEL_RANK,
    TEXT,
    alerts_table,
    assessments_table,
    window_columns,
    windows_table,
)
from monitor.codebook import ANALYSIS_REGIONS, FOREFOOT_REGIONS, region_name
from monitor.session.absence import data_time_s
from monitor.session.insole_kinds import live_kind, session_insole
from monitor.signal.types import LEVELS
from monitor.util.pressure_units import layout_unit

#: The columns that name a session in every table, in this order.
KEY_COLUMNS = ["session_id", "rider", "start_utc"]
#: Levels that count as a warning (the first warning's time; docs/detection.md).
WARNING_LEVELS = ("warning", "alert")
#: The sessions table's columns of what a foot's analysis found, NaN for a foot not analysed (:func:`foot_analysed`)
#: or one whose load was never measured (FootPipeline.load_measured False): no alert could come for it, nor a
#: level, so its counts, its time at each level and its dose are not known, never 0.
NOT_ANALYSED_NAN = (*(f"time_{level}_s" for level in LEVELS), "n_alerts", "n_warnings", "max_level_rank",
                    "forefoot_dose_kpa_s_per_h")


def _f(x: Any) -> float:
    """A float, NaN for None or anything not finite."""
    if x is None or isinstance(x, bool):
        return math.nan
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v if math.isfinite(v) else math.nan


def device_kind(info: Any, foot: str) -> str:
    """What recorded a foot: for the simulated insoles ``sim``, or ``sim:<kind>`` for a vendor's (``sim:orphe``,
    ``sim:ukaton``, ``sim:moticon-udp``); for a real Solewatch-profile insole ``ble:<model>`` (or ``ble``); for a
    vendor's insole its kind and model (``orphe:<model>``, ``moticon-udp:<model>``; the kinds of
    docs/devices.md). An import is of the insole kind its file says (monitor.session.insole_kinds.session_insole:
    a Moticon OpenGo export's ``moticon-udp``, the kind a CSV's layout JSON names in ``insole_kind`` or its
    feet's ``insole``), with the model its device names (``orphe:<model>``; a Solewatch-profile insole's is
    ``ble:<model>``, ``ble`` where none, as a recorded one's), so a session exported as CSV and imported back
    is of the insoles that recorded it; ``import:<format>`` where the file names no kind (for a re-import, the
    format of the import it names)."""
    layout = info.layouts.get(foot)
    kind = getattr(layout, "insole", "solewatch")
    dev = info.devices.get(foot)
    model = dev.model if dev is not None and dev.model else ""
    if info.source == "import":
        said = session_insole(info.layouts, info.imported_from)
        if not live_kind(said):  # import:FORMAT[:uncalibrated]
            return "import:" + said.split(":")[1]
        own = kind if "+" in said else said  # a foot's own where the feet differ
        base = "ble" if own == "solewatch" else own  # one name for a Solewatch-profile insole, however it came
        return f"{base}:{model}" if model else base
    if info.source == "sim":
        return "sim" if kind == "solewatch" else f"sim:{kind}"
    base = "ble" if kind == "solewatch" else kind
    return f"{base}:{model}" if model else base


def layout_words(layout: Any) -> str:
    """A foot's layout as a person tells one from another: its sensor count and the analysis regions it
    cannot resolve ("4 sensors, no medial heel, lateral heel, ..."; "18 sensors, every region"). Two
    sessions whose layouts read differently here resolve different regions, or count their sensors
    differently."""
    missing = layout.unresolved_regions()
    tail = ("no " + ", ".join(region_name(r) for r in missing)) if missing else "every region"
    return f"{int(layout.n_sensors)} sensors, {tail}"


def session_rows(session: Any, result: Any, declared: dict[str, Any], params_hash: str,
                 valid_fraction: dict[str, float], quality: dict[str, dict[str, float]],
                 windows: pd.DataFrame, assess: pd.DataFrame) -> pd.DataFrame:
    """The ``sessions`` rows of one session (one per foot, left then right).

    ``declared``: the session's study.json (``rider``, ``change``); ``valid_fraction``: foot -> share of
    the foot's frames with data (0..1); ``quality``: foot -> ``{"gaps": n, "gap_s": s, "disconnects": n}``;
    ``windows``: the result's windows_table; ``assess``: its assessments_table, a level only where the
    window stands for data (:func:`levels_with_data`): a foot's time at each level (s), NaN at every level for
    a foot none of whose windows has one (a session shorter than the first windows the detector does not
    judge), as for a foot not analysed: not 0 s measured at each; its ``n_alerts``, ``n_warnings`` and
    ``max_level_rank`` NaN too (no alert could come for it), never 0 and "none".
    """
    info = session.info
    step_s = float(result.params.features.step_s)
    summary = result.summary()
    rows = []
    for foot in info.feet:
        s = summary.get(foot, {})
        a = assess[assess["foot"] == foot] if len(assess) else assess
        w = windows[windows["foot"] == foot] if len(windows) else windows
        duration_s = _f(info.duration_s)
        if math.isnan(duration_s) and len(session.frames):
            duration_s = float(session.frames["t_s"].max())
        data_h = data_time_s(result.data_runs.get(foot, ())) / 3600.0  # the foot's time with data: no hole
        # the declared activity as declared ("stair_climber", not the detector's "elliptical_or_stair"); a foot
        # with no pressure sample has none ("unknown"; declared_activity keeps what was declared)
        activity = "unknown" if foot in result.no_data else result.declared_word or s.get("activity") or "unknown"
        levels = a["level"].value_counts() if len(a) else pd.Series(dtype=int)  # missing: no level
        mine = [x for x in result.alerts if x.foot == foot]
        row: dict[str, Any] = {
            "session_id": info.session_id, "rider": declared.get("rider") or "", "start_utc": info.start_utc,
            "date": (info.start_utc or "")[:10], "foot": foot, "label": info.label,
            "change": declared.get("change") or "", "activity": activity, "declared_activity": info.activity,
            "device_kind": device_kind(info, foot), "layout": layout_words(info.layouts[foot]),
            "n_sensors": int(info.layouts[foot].n_sensors),
            "rate_hz": _f(info.layouts[foot].current_rate_hz), "pressure_unit": layout_unit(info.layouts[foot]),
            "duration_s": duration_s,
            "valid_fraction": _f(valid_fraction.get(foot)),
            "n_gaps": _f(quality.get(foot, {}).get("gaps")), "gap_s": _f(quality.get(foot, {}).get("gap_s")),
            "n_disconnects": _f(quality.get(foot, {}).get("disconnects")),
        }
        judged = bool(levels.sum())  # none of its windows judged: its time at each level not known, never 0 s
        for level in LEVELS:
            row[f"time_{level}_s"] = float(levels.get(level, 0)) * step_s if judged else math.nan
        warn_t = [x.t_s for x in mine if x.level in WARNING_LEVELS]
        row["first_warning_s"] = _f(min(warn_t)) if warn_t else math.nan
        # none of its windows judged: no alert could come for it, so its counts are not known, never 0
        counted = judged or bool(mine)
        row["n_alerts"] = float(len(mine)) if counted else math.nan
        row["n_warnings"] = float(len(warn_t)) if counted else math.nan
        row["max_level_rank"] = float(max((LEVEL_RANK.get(x.level, 0) for x in mine), default=0)) if counted \
            else math.nan
        row["forefoot_share"] = _f(s.get("forefoot_share"))
        row["cadence_per_min"] = _f(s.get("cadence_per_min"))
        row["forefoot_dose_kpa_s_per_h"] = forefoot_dose_per_h(w)
        row["reliefs_per_h"] = _f(s.get("relief_count")) / data_h if data_h > 0 else math.nan
        checks = [c for c in result.mark_checks() if c.mark.foot == foot]  # the rider's "numb now" marks
        row["n_numb_marks"] = float(len(checks))
        row["first_numb_mark_s"] = _f(checks[0].mark.t_s) if checks else math.nan
        row["numb_marks_warned_before"] = float(sum(c.warned_before for c in checks))
        regions = s.get("regions") or {}
        for r in ANALYSIS_REGIONS:  # every region, NaN where the insole resolves none (the same columns)
            v = regions.get(r) or {}
            row[f"{r}_peak_kpa"] = _f(v.get("peak_kpa"))
            row[f"{r}_pti_kpa_s"] = _f(v.get("pti_kpa_s"))
        row["params_hash"] = params_hash
        if not foot_analysed(result, foot) or not result.feet[foot].load_measured:
            row.update(dict.fromkeys(NOT_ANALYSED_NAN, math.nan))  # in place: the columns keep their order
        rows.append(row)
    return pd.DataFrame(rows)


def foot_analysed(result: Any, foot: str) -> bool:
    """Whether some of ``foot``'s frames were analysed (FootPipeline.analysed): False for a foot the result
    has no pipeline for, one with no frame with data, or one a whole group of whose sensors had no sample."""
    pipe = result.feet.get(foot)
    return pipe is not None and bool(pipe.analysed)


def window_has_data(windows: pd.DataFrame) -> np.ndarray:
    """Per row of ``windows`` (a windows_table), shape (n,) bool: whether its window had a frame analysed. One
    with none (``valid_fraction`` 0 or NaN) is a hole, as the windows the pipeline makes none for are: no
    dose. Every window has data in a table without ``valid_fraction``."""
    if "valid_fraction" not in windows:
        return np.ones(len(windows), dtype=bool)
    return windows["valid_fraction"].to_numpy(dtype=float) > 0.0


def levels_with_data(result: Any, assess: pd.DataFrame) -> pd.DataFrame:
    """``assess`` (the assessments_table of ``result``, an AnalysisResult) with ``level`` missing and
    ``level_rank`` NaN where the assessment does not stand for data or was not judged
    (monitor.analysis.assessed_data.assessment_judged: less than the alert policy's share of its window, or
    than 5 s, or ending in one of the foot's ``result.silent_spans``; a session's first windows, drawn "not
    judged"), the rule by which the report's timeline and the per-second table give no level: such a window is
    no time at any level."""
    if not len(assess):
        return assess
    stands = []  # (foot, t_s) of each assessment that stands for data
    for foot, pipe in result.feet.items():
        ok = assessment_judged(pipe, list(result.silent_spans.get(foot, ())))
        stands += [(foot, float(a.t_s)) for a, has in zip(pipe.assessments_, ok) if has]
    keys = pd.MultiIndex.from_tuples(stands, names=["foot", "t_s"]) if stands else []
    ok = pd.MultiIndex.from_frame(assess[["foot", "t_s"]].astype({"t_s": "float64"})).isin(keys)
    out = assess.copy()
    out.loc[~ok, "level"] = None
    out.loc[~ok, "level_rank"] = np.nan
    return out


def forefoot_dose_per_h(windows: pd.DataFrame) -> float:
    """Forefoot dose (kPa·s per hour): 60 x the mean over windows of the summed pressure-time integral
    per minute of the forefoot regions (FOREFOOT_REGIONS: MTH1, MTH2-3, MTH4-5, hallux), over the windows
    in which each of them has a value, each window weighted by its analysed time (its ``valid_fraction``, the
    share of its frames analysed, where the windows table has one; a window with too little data for a level,
    :func:`levels_with_data`, weighs what data it has): a window's integral is a mean over its
    analysed frames, so a window holding a couple of frames at the start of a silence weighs a couple of
    frames, not a window. Measured, not judged: the windows the detector did not judge (no ``level``) count as
    any other. NaN without such a window (a foot with no frame: never 0), and NaN on an insole that does not
    resolve every one of them: a sum over the regions it has would leave the others' dose out (a 4-sensor
    insole without MTH2-3 read 15 % below the other layouts on the same ride). A window without data
    (:func:`window_has_data`) is left out: its integrals are of frames not analysed (a whole group of sensors
    without a sample)."""
    cols = [f"{r}_pti_kpa_s_per_min" for r in FOREFOOT_REGIONS]
    if not len(windows) or not all(c in windows for c in cols):
        return math.nan
    per_min = windows[cols].to_numpy(dtype=float)
    has = ~np.isnan(per_min).any(axis=1) & window_has_data(windows)
    weight = (windows["valid_fraction"].to_numpy(dtype=float) if "valid_fraction" in windows
              else np.ones(len(windows)))
    if not has.any():
        return math.nan
    return float(60.0 * np.average(per_min[has].sum(axis=1), weights=weight[has]))


def _keyed(df: pd.DataFrame, session: Any, declared: dict[str, Any]) -> pd.DataFrame:
    keys = {"session_id": session.info.session_id, "rider": declared.get("rider") or "",
            "start_utc": session.info.start_utc}
    out = df.copy()
    for i, (k, v) in enumerate(keys.items()):
        out.insert(i, k, pd.Series([v] * len(out), dtype=TEXT, index=out.index))
    return out


def alert_rows(session: Any, result: Any, declared: dict[str, Any]) -> pd.DataFrame:
    """The ``alerts`` rows: KEY_COLUMNS then alerts_table's columns (time order)."""
    return _keyed(alerts_table(result), session, declared)


def window_rows(session: Any, declared: dict[str, Any], w: pd.DataFrame, a: pd.DataFrame) -> pd.DataFrame:
    """The ``windows`` rows: KEY_COLUMNS then the windows_table ``w``'s columns, with the detector's
    ``level`` and ``level_rank`` at each window (from ``a``, :func:`levels_with_data`), and the foot's
    ``pressure_unit`` (monitor.util.pressure_units.layout_unit: the unit of its ``residual_forefoot_kpa``,
    ``<region>_peak_kpa`` and ``<region>_pti_kpa_s_per_min``)."""
    w = w.merge(a[["foot", "t_s", "level", "level_rank"]], on=["foot", "t_s"], how="left", sort=False)
    w["pressure_unit"] = w.pop("pressure_unit")  # last, after the detector's level
    return _keyed(w, session, declared)


def session_tables(session: Any, result: Any, declared: dict[str, Any], params_hash: str,
                   valid_fraction: dict[str, float], quality: dict[str, dict[str, float]]) -> dict[str, pd.DataFrame]:
    """The three tables of one session (``sessions``, ``alerts``, ``windows``); arguments as
    :func:`session_rows` takes them."""
    w, a = windows_table(result), levels_with_data(result, assessments_table(result))
    return {"sessions": session_rows(session, result, declared, params_hash, valid_fraction, quality, w, a),
            "alerts": alert_rows(session, result, declared),
            "windows": window_rows(session, declared, w, a)}


#: The sessions table's text columns; :data:`_SESSION_INT` are int64, every other column float64.
_SESSION_TEXT = ("session_id", "source", "rider", "start_utc", "date", "foot", "label", "change", "activity",
                 "declared_activity", "device_kind", "layout", "pressure_unit", "params_hash")
#: The sessions table's int64 columns.
_SESSION_INT = ("n_sensors", "n_rider_insoles")


def session_columns() -> list[str]:
    """The sessions table's columns in the study's order (session_rows', ``source`` second and
    ``n_rider_insoles`` after ``layout``: both put in when the sessions are together, monitor.studies.run)."""
    return ["session_id", "source", "rider", "start_utc", "date", "foot", "label", "change", "activity",
            "declared_activity", "device_kind", "layout", "n_rider_insoles", "n_sensors", "rate_hz", "pressure_unit",
            "duration_s",
            "valid_fraction", "n_gaps", "gap_s", "n_disconnects", *(f"time_{level}_s" for level in LEVELS),
            "first_warning_s", "n_alerts", "n_warnings", "max_level_rank", "forefoot_share", "cadence_per_min",
            "forefoot_dose_kpa_s_per_h",
            "reliefs_per_h", "n_numb_marks", "first_numb_mark_s", "numb_marks_warned_before",
            *(f"{r}_{q}" for r in ANALYSIS_REGIONS for q in ("peak_kpa", "pti_kpa_s")), "params_hash"]


def empty_tables() -> dict[str, pd.DataFrame]:
    """The ``sessions``, ``alerts`` and ``windows`` tables of a study in which no session was analysed,
    without rows but with their columns and dtypes (windows: every analysis region's columns, as the
    sessions table has them)."""
    sessions = {c: TEXT if c in _SESSION_TEXT else INT if c in _SESSION_INT else FLOAT for c in session_columns()}
    keys = dict.fromkeys(KEY_COLUMNS, TEXT)
    windows = {**keys, **window_columns([ANALYSIS_REGIONS]), "level": TEXT, "level_rank": FLOAT, "pressure_unit": TEXT}
    tables = {"sessions": sessions, "alerts": {**keys, **ALERT_COLUMNS}, "windows": windows}
    return {name: pd.DataFrame({c: pd.Series([], dtype=d) for c, d in cols.items()}) for name, cols in tables.items()}
