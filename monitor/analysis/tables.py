"""An analysis's results as pandas DataFrames, one row per item, for notebooks and other tools.

Every function takes a monitor.analysis.batch.AnalysisResult (what ``monitor.analysis.batch`` returns) and reads the
per-foot pipelines' results (``result.feet[foot].windows_`` ...) without changing them; anything else (a
Session, a path) is a TypeError that says so. Times are session
seconds (``t_s``, ``start_s``, ``end_s``); per-region columns are ``<region>_<quantity with its unit>``,
e.g. ``mth2_3_peak_kpa``. Rows are in time order, left before right at equal times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

import pandas as pd

from monitor.codebook import FEET
from monitor.signal.types import LEVELS
from monitor.util.arguments import kind_of
from monitor.util.pressure_units import layout_unit

#: Level -> rank (none 0, notice 1, warning 2, alert 3), for plotting the detector's level over time.
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}
#: The keys of the forefoot detector's Assessment.metrics (monitor/signal/detector.py), in its order: the
#: columns assessments_table ends with, there with rows or without.
ASSESSMENT_METRICS = ("forefoot_share", "cop_y_mean", "ml_index", "residual_forefoot_kpa", "residual_fraction",
                      "time_since_relief_s", "valid_fraction", "focal_mth2_3", "judged")


def check_result(result: Any, table: str, needs: str) -> None:
    """TypeError naming ``table`` and what it takes when ``result`` has not the attribute ``needs`` of an
    AnalysisResult (a Session or a session directory given instead: analyse it first)."""
    if not (hasattr(result, needs) and hasattr(result, "feet")):  # StudyTables has .alerts too
        raise TypeError(f"{table} takes an analysis result (result = monitor.analyze(session)), "
                        f"not {kind_of(result)}")


def check_result_of(session: Any, result: Any, caller: str) -> None:
    """ValueError naming both sessions when ``result`` (an AnalysisResult) is the analysis of another session
    than ``session`` (a Session): its ``session_id`` is not the session's (session.json's ``session_id``)."""
    own = session.info.session_id
    if result.session_id != own:
        raise ValueError(f"{caller}: the analysis result is of session {result.session_id!r}, not of the session "
                         f"given ({own!r}, {session.path}); analyse it: monitor.analyze(session)")


def _sorted(df: pd.DataFrame, time_col: str) -> pd.DataFrame:
    if df.empty:
        return df
    order = df["foot"].map({f: i for i, f in enumerate(FEET)})
    return (df.assign(_foot=order).sort_values([time_col, "_foot"], kind="stable")
            .drop(columns="_foot").reset_index(drop=True))


#: A column's dtype as its table gives it, rows or none: text is ``str`` (pandas' text dtype: object before
#: pandas 3, NaN-able ``str`` from it), so that a table without rows, or a text column no row has a value
#: in, has the dtype it has elsewhere and ``pd.concat`` across sessions keeps every column's. NULLABLE_BOOL is
#: pandas' nullable ``boolean`` (True, False or ``pd.NA``: missing).
TEXT, FLOAT, INT, BOOL, NULLABLE_BOOL = str, "float64", "int64", "bool", "boolean"


def has_data(valid_fraction: float) -> bool:
    """Whether a window (its ``valid_fraction``, 0-1) had a frame analysed: one with none (0, NaN) is a hole
    in the data, whose relief state, time since relief, detector level and the pattern, region, start and
    reasons the detector holds the tables give as missing, not as False, "none" or the held pattern's
    evidence (the detector holds its state through a silence, docs/detection.md; that is no reading of the
    foot)."""
    return bool(valid_fraction > 0.0)


#: The assessments_table columns that say what the detector holds, missing in a window with no data.
HELD_COLUMNS = ("level", "level_rank", "pattern", "region", "since_s", "reasons", "time_since_relief_s")


def _joined(texts: Iterable[str]) -> str | None:
    """``texts`` joined by "; ", None (missing) when there are none: a row without any is missing in its
    column as a row without a pattern is, not the empty string."""
    return "; ".join(texts) or None


def _text(values: pd.Series) -> pd.Series:
    """``values`` as text, missing (None) kept missing."""
    return pd.Series(values.tolist(), index=values.index, dtype=TEXT, name=values.name)


def _frame(rows: list[dict[str, Any]], columns: dict[str, Any], time_col: str) -> pd.DataFrame:
    """The rows as a DataFrame, each of ``columns`` (name -> TEXT, FLOAT, INT or BOOL) in its dtype: FLOAT
    float64 with NaN for None, INT int64, TEXT text; without rows, those columns in those dtypes (a column
    no row has a value in, or a table without rows, would otherwise have object columns). A row's column
    not in ``columns`` keeps the dtype pandas gives it."""
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in columns.items()})
    df = pd.DataFrame(rows)
    for c, d in columns.items():
        if c not in df.columns:
            continue
        if d == FLOAT:
            df[c] = pd.to_numeric(df[c]).astype("float64")
        elif d == TEXT:
            df[c] = _text(df[c])
        elif d == NULLABLE_BOOL:
            df[c] = pd.array(df[c].tolist(), dtype=NULLABLE_BOOL)
        else:
            df[c] = df[c].astype(d)
    return _sorted(df, time_col)


#: alerts_table's columns and their dtypes.
ALERT_COLUMNS = {c: FLOAT if c == "t_s" else TEXT
                 for c in ("t_s", "foot", "kind", "level", "region", "pattern", "cause", "suggestions", "message")}


def alerts_table(result: Any) -> pd.DataFrame:
    """``result.alerts`` and ``result.events`` (back to normal, data stale), one row each.

    Columns: ``t_s, foot, kind, level, region, pattern, cause, suggestions`` (texts joined by "; "),
    ``message``; ``level, region, pattern, cause, suggestions`` are missing where a row has none (an event
    such as back to normal).
    """
    check_result(result, "alerts_table", "alerts")
    rows = [{c: _joined(a.suggestions) if c == "suggestions" else getattr(a, c) for c in ALERT_COLUMNS}
            for a in [*result.alerts, *result.events]]
    return _frame(rows, ALERT_COLUMNS, "t_s")


#: The dtype of each WindowFeatures field that is one column (by its annotation; the per-region dicts are
#: columns of their own).
_FIELD_DTYPES = {"str": TEXT, "float": FLOAT, "bool": BOOL}
#: The per-region quantities of a window: WindowFeatures field -> column suffix.
_REGION_COLUMNS = {"region_share": "share", "peak_kpa": "peak_kpa", "pti_kpa_s_per_min": "pti_kpa_s_per_min"}


def window_columns(feet_regions: Iterable[Iterable[str]]) -> dict[str, Any]:
    """windows_table's columns and dtypes: WindowFeatures' fields, then per quantity each foot's regions
    (``feet_regions``: each foot's, in its layout's order, as its windows give them), as a table with rows
    has them."""
    from monitor.signal.types import WindowFeatures

    cols = {f.name: _FIELD_DTYPES[str(f.type)] for f in fields(WindowFeatures) if f.name not in _REGION_COLUMNS}
    cols["relieved_now"] = NULLABLE_BOOL  # missing in a window with no data
    for regions in map(tuple, feet_regions):
        for suffix in _REGION_COLUMNS.values():
            cols.update({f"{r}_{suffix}": FLOAT for r in regions if f"{r}_{suffix}" not in cols})
    return cols


def windows_table(result: Any, ride: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every WindowFeatures of both feet (one per foot each ``features.step_s``, 10 s by default).

    Columns: ``foot, t_s`` (the window's end), ``window_s, activity, cadence_per_min, forefoot_share,
    cop_y_mean, ml_index, residual_forefoot_kpa, time_since_relief_s, relieved_now, valid_fraction,
    relief_t_s``, then per region ``<region>_share`` (0-1: the region's hot-spot pressure-time integral
    times its fixed anatomical weight over the sum of the nine regions', RegionReducer.hot_loads; NaN for
    every region unless the layout has a sensor in each of the nine: docs/detection.md), ``<region>_peak_kpa``
    (mean per-cycle peak) and ``<region>_pti_kpa_s_per_min``, then ``pressure_unit`` (the foot's: "kPa", or "units"
    for an uncalibrated insole whose ``_kpa`` columns hold nominal units: :func:`pressure_unit`).
    ``relieved_now`` is pandas' nullable ``boolean``: missing (``pd.NA``) in a window with no frame analysed
    (``valid_fraction`` 0), a hole in the data, not a foot loaded; its ``time_since_relief_s`` is NaN there,
    and its ``relief_t_s`` the last relief before the hole (a past event, session s; not a relief in the hole).
    A foot whose load was never measured (FootPipeline.load_measured False) has ``relieved_now`` missing and
    ``time_since_relief_s`` and ``relief_t_s`` NaN in every window: no relief could start.
    ``activity`` is "unknown" in every window of a foot with no pressure sample (AnalysisResult.no_data), as its
    summary, ``analyze --json`` and the study say it, whatever activity was declared; so it is in every window
    of a foot whose load was never measured: no window of it was judged, in any activity.

    ``ride``: the session's ride records (``monitor.read_ride(SESSION).records``, docs/fit.md); with it,
    ``cadence_per_min`` is the crank sensor's where it has a reading in the window (not in a window
    recognised as walking, running or another activity off the bike), and a last column
    ``cadence_source`` says which ("crank sensor" or "insoles").
    """
    check_result(result, "windows_table", "feet")
    if ride is not None and not isinstance(ride, pd.DataFrame):
        raise TypeError("windows_table's ride takes a DataFrame of ride records (monitor.read_ride(SESSION)"
                        f".records), not {kind_of(ride)}")
    rows = []
    for foot, pipe in result.feet.items():
        for w in pipe.windows_:
            row = {f.name: getattr(w, f.name) for f in fields(w)
                   if f.name not in ("region_share", "peak_kpa", "pti_kpa_s_per_min")}
            if not has_data(w.valid_fraction):  # a hole: no relief state, no time since relief of its own
                row["relieved_now"] = row["time_since_relief_s"] = None
            if not pipe.load_measured:  # no relief could start: no relief state, time since one or relief
                row["relieved_now"] = row["time_since_relief_s"] = row["relief_t_s"] = None
            if foot in result.no_data or not pipe.load_measured:  # no pressure sample, or no load measured: its
                row["activity"] = "unknown"  # activity missing, not the declared one nor another foot's
            for name, suffix in _REGION_COLUMNS.items():
                for r, v in getattr(w, name).items():
                    row[f"{r}_{suffix}"] = float(v)
            rows.append(row)
    table = _frame(rows, window_columns(pipe.features.regions for pipe in result.feet.values()), "t_s")
    units = {foot: layout_unit(pipe.layout) for foot, pipe in result.feet.items()}
    table["pressure_unit"] = pd.Series([units[f] for f in table["foot"]], dtype=TEXT, index=table.index)
    if ride is not None:
        from monitor.analysis.ride import window_cadence

        table = window_cadence(table, ride)
    return table


def assessments_table(result: Any) -> pd.DataFrame:
    """The detector's Assessments of both feet (one per window).

    Columns: ``foot, t_s, level, level_rank`` (float64, 0 none .. 3 alert), ``pattern, region`` (missing
    without a pattern), ``since_s`` (float64 s, NaN without a pattern), ``reasons`` (joined by "; ", missing
    without any), then the detector's metrics (``forefoot_share,
    cop_y_mean, ...``) as they come, each float64: ``judged`` among them, 1.0 for a judged window and 0.0
    for one that was not (a float like its neighbours, NaN-able metrics, in Assessment.metrics; never NaN).
    A window with no frame analysed (its ``valid_fraction`` 0: a hole in the data) has ``level``, ``pattern``,
    ``region`` and ``reasons`` missing and ``level_rank``, ``since_s`` and ``time_since_relief_s`` NaN, not
    "none", 0 or the held pattern's evidence: what the detector holds through a silence is no reading. So has
    every window of a foot whose load was never measured (FootPipeline.load_measured False): nothing was judged.
    """
    check_result(result, "assessments_table", "feet")
    rows = []
    for pipe in result.feet.values():
        measured = pipe.load_measured
        for a in pipe.assessments_:
            row = {"foot": a.foot, "t_s": a.t_s, "level": a.level, "level_rank": LEVEL_RANK[a.level],
                   "pattern": a.pattern, "region": a.region,
                   "since_s": None if a.since_s is None else float(a.since_s),
                   "reasons": _joined(a.reasons), **{k: float(v) for k, v in a.metrics.items()}}
            if not measured or not has_data(a.metrics["valid_fraction"]):  # a hole, or a foot whose load was
                # never measured: what the detector holds is no reading
                row.update(dict.fromkeys(HELD_COLUMNS))
            rows.append(row)
    columns = {"foot": TEXT, "t_s": FLOAT, "level": TEXT, "level_rank": FLOAT, "pattern": TEXT, "region": TEXT,
               "since_s": FLOAT, "reasons": TEXT, **dict.fromkeys(ASSESSMENT_METRICS, FLOAT)}
    return _frame(rows, columns, "t_s")


def cycles_table(result: Any) -> pd.DataFrame:
    """The counted cycles of both feet (strides or pedal strokes).

    Columns: ``foot, kind`` ("stride"/"stroke"), ``start_s, end_s, duration_s, toe_off_s`` (strides),
    ``peak_s`` (strokes: the downstroke's force peak); times float64 s, NaN where a cycle has none.
    """
    check_result(result, "cycles_table", "feet")
    rows = [{"foot": c.foot, "kind": c.kind, "start_s": c.start_s, "end_s": c.end_s, "duration_s": c.duration_s,
             "toe_off_s": c.toe_off_s, "peak_s": c.peak_s}
            for pipe in result.feet.values() for c in pipe.cycles_]
    columns = {"foot": TEXT, "kind": TEXT, **dict.fromkeys(["start_s", "end_s", "duration_s", "toe_off_s", "peak_s"],
                                                            FLOAT)}
    return _frame(rows, columns, "start_s")


def steps_table(result: Any) -> pd.DataFrame:
    """Every step of both feet (walking, running; monitor.analysis.steps), one row each.

    Columns: ``foot, initial_contact_s, toe_off_s`` (the gait detector's events), ``contact_start_s,
    contact_end_s, contact_s`` (the contact measured on the frames), ``strike_index_pct`` (at initial
    contact, the centre of the regions' loads, each at the region's fixed centre, % of foot length:
    monitor.analysis.strike), ``strike`` ("rearfoot", "midfoot", "forefoot"; missing
    where the strike index is NaN, as ``analyze --json`` gives null), ``impulse_n_s``, ``impulse_estimated``
    (True where the impulse is an estimate: a region whose sensors had no sample in the step, its load filled
    in from its group; False where it is measured or NaN), ``not_measured`` (why the step has no measurement
    at all, a code of monitor.analysis.steps.NOT_MEASURED as ``analyze --json`` gives it; missing where it
    has one).
    """
    check_result(result, "steps_table", "steps")
    cols = ["foot", "initial_contact_s", "toe_off_s", "contact_start_s", "contact_end_s", "contact_s",
            "strike_index_pct", "strike", "impulse_n_s", "impulse_estimated", "not_measured"]
    rows = [dict(zip(cols, (foot, *vals, why)))
            for foot, s in result.steps.items()
            for vals, why in zip(zip(*(getattr(s, c).tolist() for c in cols[1:-1])), _not_measured(s))]
    for row in rows:  # FootSteps' text is fixed-width numpy text, "" where unknown or measured: missing here
        row["strike"], row["not_measured"] = row["strike"] or None, row["not_measured"] or None
    kinds = {c: TEXT if c in ("foot", "strike", "not_measured") else BOOL if c == "impulse_estimated" else FLOAT
             for c in cols}
    return _frame(rows, kinds, "initial_contact_s")


def _not_measured(steps: Any) -> list[str]:
    """Each step's ``not_measured`` code ("" where measured, and each where the steps do not tell it)."""
    why = steps.not_measured
    return why.tolist() if why.shape == steps.contact_s.shape else [""] * len(steps)


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
