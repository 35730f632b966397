"""An analysis's results as pandas DataFrames, one row per item, for notebooks and other tools.

Every function takes a monitor.analysis.batch.AnalysisResult (what ``monitor.analysis.batch`` returns) and reads the
per-foot pipelines' results (``result.feet[foot].windows_`` ...) without changing them. Times are session
seconds (``t_s``, ``start_s``, ``end_s``); per-region columns are ``<region>_<quantity with its unit>``,
e.g. ``mth2_3_peak_kpa``. Rows are in time order, left before right at equal times.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pandas as pd

from monitor.codebook import FEET
from monitor.signal.types import LEVELS

#: Level -> rank (none 0, notice 1, warning 2, alert 3), for plotting the detector's level over time.
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


def _sorted(df: pd.DataFrame, time_col: str) -> pd.DataFrame:
    if df.empty:
        return df
    order = df["foot"].map({f: i for i, f in enumerate(FEET)})
    return (df.assign(_foot=order).sort_values([time_col, "_foot"], kind="stable")
            .drop(columns="_foot").reset_index(drop=True))


def _frame(rows: list[dict[str, Any]], columns: list[str], time_col: str,
           floats: tuple[str, ...] = (), ints: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows as a DataFrame (``columns`` when there are none); each of ``floats`` float64, NaN for None,
    each of ``ints`` int64 (a column no row has a value in, or a table without rows, would otherwise have
    object columns)."""
    df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)
    for c in (time_col, *floats):
        if c in df.columns:
            df[c] = pd.to_numeric(df[c]).astype("float64")
    for c in ints:
        if c in df.columns:
            df[c] = df[c].astype("int64")
    return _sorted(df, time_col)


def alerts_table(result: Any) -> pd.DataFrame:
    """``result.alerts`` and ``result.events`` (back to normal, data stale), one row each.

    Columns: ``t_s, foot, kind, level, region, pattern, cause, suggestions`` (texts joined by "; "),
    ``message``.
    """
    cols = ["t_s", "foot", "kind", "level", "region", "pattern", "cause", "suggestions", "message"]
    rows = [{c: "; ".join(a.suggestions) if c == "suggestions" else getattr(a, c) for c in cols}
            for a in [*result.alerts, *result.events]]
    return _frame(rows, cols, "t_s")


def windows_table(result: Any, ride: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every WindowFeatures of both feet (one per foot each ``features.step_s``, 10 s by default).

    Columns: ``foot, t_s`` (the window's end), ``window_s, activity, cadence_per_min, forefoot_share,
    cop_y_mean, ml_index, residual_forefoot_kpa, time_since_relief_s, relieved_now, valid_fraction,
    relief_t_s``, then per region ``<region>_share`` (of the window's force-time integral),
    ``<region>_peak_kpa`` (mean per-cycle peak) and ``<region>_pti_kpa_s_per_min``.

    ``ride``: the session's ride records (``monitor.read_ride(SESSION).records``, docs/fit.md); with it,
    ``cadence_per_min`` is the crank sensor's where it has a reading in the window (not in a window
    recognised as walking, running or another activity off the bike), and a last column
    ``cadence_source`` says which ("crank sensor" or "insoles").
    """
    rows = []
    for pipe in result.feet.values():
        for w in pipe.windows_:
            row = {f.name: getattr(w, f.name) for f in fields(w)
                   if f.name not in ("region_share", "peak_kpa", "pti_kpa_s_per_min")}
            for r, v in w.region_share.items():
                row[f"{r}_share"] = float(v)
            for r, v in w.peak_kpa.items():
                row[f"{r}_peak_kpa"] = float(v)
            for r, v in w.pti_kpa_s_per_min.items():
                row[f"{r}_pti_kpa_s_per_min"] = float(v)
            rows.append(row)
    table = _frame(rows, ["foot", "t_s"], "t_s")
    if ride is not None:
        from monitor.analysis.ride import window_cadence

        table = window_cadence(table, ride)
    return table


def assessments_table(result: Any) -> pd.DataFrame:
    """The detector's Assessments of both feet (one per window).

    Columns: ``foot, t_s, level, level_rank`` (0 none .. 3 alert), ``pattern, region, since_s`` (float64 s,
    NaN without a pattern), ``reasons`` (joined by "; "), then the detector's metrics (``forefoot_share,
    cop_y_mean, ...``) as they come, each float64: ``judged`` among them, 1.0 for a judged window and 0.0
    for one that was not (a float like its neighbours, NaN-able metrics, in Assessment.metrics; never NaN).
    """
    rows = []
    for pipe in result.feet.values():
        for a in pipe.assessments_:
            rows.append({"foot": a.foot, "t_s": a.t_s, "level": a.level, "level_rank": LEVEL_RANK[a.level],
                         "pattern": a.pattern, "region": a.region,
                         "since_s": None if a.since_s is None else float(a.since_s),
                         "reasons": "; ".join(a.reasons), **{k: float(v) for k, v in a.metrics.items()}})
    return _frame(rows, ["foot", "t_s", "level", "level_rank", "pattern", "region", "since_s", "reasons"],
                  "t_s", floats=("since_s",), ints=("level_rank",))


def cycles_table(result: Any) -> pd.DataFrame:
    """The counted cycles of both feet (strides or pedal strokes).

    Columns: ``foot, kind`` ("stride"/"stroke"), ``start_s, end_s, duration_s, toe_off_s`` (strides),
    ``peak_s`` (strokes: the downstroke's force peak); times float64 s, NaN where a cycle has none.
    """
    rows = [{"foot": c.foot, "kind": c.kind, "start_s": c.start_s, "end_s": c.end_s, "duration_s": c.duration_s,
             "toe_off_s": c.toe_off_s, "peak_s": c.peak_s}
            for pipe in result.feet.values() for c in pipe.cycles_]
    return _frame(rows, ["foot", "kind", "start_s", "end_s", "duration_s", "toe_off_s", "peak_s"], "start_s",
                  floats=("end_s", "duration_s", "toe_off_s", "peak_s"))


def steps_table(result: Any) -> pd.DataFrame:
    """Every step of both feet (walking, running; monitor.analysis.steps), one row each.

    Columns: ``foot, initial_contact_s, toe_off_s`` (the gait detector's events), ``contact_start_s,
    contact_end_s, contact_s`` (the contact measured on the frames), ``strike_index_pct`` (centre of
    pressure at initial contact, % of foot length), ``strike`` ("rearfoot", "midfoot", "forefoot", "" when
    unknown), ``impulse_n_s``.
    """
    cols = ["foot", "initial_contact_s", "toe_off_s", "contact_start_s", "contact_end_s", "contact_s",
            "strike_index_pct", "strike", "impulse_n_s"]
    rows = [dict(zip(cols, (foot, *vals)))
            for foot, s in result.steps.items()
            for vals in zip(*(getattr(s, c).tolist() for c in cols[1:]))]
    return _frame(rows, cols, "initial_contact_s",
                  floats=tuple(c for c in cols[1:] if c != "strike"))


def parameter_table(params: Any = None) -> pd.DataFrame:
    """Every detection parameter: columns ``section, name, key`` ("section.name"), ``value`` (a dict for the
    per-activity ones), ``default`` and ``changed``. ``params``: as monitor.analyze takes it (None: the
    defaults)."""
    from monitor.analysis.param_overrides import resolve_params, sections
    from monitor.signal.params import DEFAULT_PARAMS

    p = resolve_params(params)
    default = sections(DEFAULT_PARAMS)
    rows = []
    for s, sec in sections(p).items():
        for f in fields(sec):
            value, base = getattr(sec, f.name), getattr(default[s], f.name)
            rows.append({"section": s, "name": f.name, "key": f"{s}.{f.name}", "value": value, "default": base,
                         "changed": value != base})
    return pd.DataFrame(rows)
