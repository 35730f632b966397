"""A text a row does not have is missing in the result tables (docs/api.md, "Results as DataFrames"),
never the empty string: a step without a strike index has no ``strike`` (null in ``analyze --json``), an
assessment without reasons no ``reasons``, an event without suggestions no ``suggestions``, as a window
without a pattern has no ``pattern``. ``table["strike"].isna()`` then finds every unknown one and
``value_counts()`` does not count "" as a strike type."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

import monitor
from monitor.analysis.alerts import Alert

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "sessions" / "samples" / name for name in ("moticon-walk", "sim-cleat-forward")]
TABLES = (monitor.alerts_table, monitor.windows_table, monitor.assessments_table, monitor.cycles_table,
          monitor.steps_table)


def _text_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])
            and not pd.api.types.is_bool_dtype(table[c])]


def test_an_unmeasured_strike_is_missing_in_steps_table_as_it_is_null_in_the_json():
    """had: the Moticon walk's two steps without a strike index had ``strike`` "" (isna() 0 of 14)."""
    result = monitor.analyze(SAMPLES[0])
    steps = monitor.steps_table(result)
    json_steps = result.to_json_dict()["steps"]  # what analyze --json prints
    unknown = [s["strike"] is None for foot in ("left", "right") for s in json_steps[foot]]
    assert sum(unknown) == 2 and (steps["strike"] == "").sum() == 0
    assert steps.sort_values(["foot", "initial_contact_s"])["strike"].isna().tolist() == unknown
    assert set(steps["strike"].dropna()) <= {"rearfoot", "midfoot", "forefoot"}


def test_no_text_column_of_any_table_holds_the_empty_string():
    """had: assessments_table's ``reasons`` was "" on every window without a pattern (12 of 16 windows
    of sim-cleat-forward)."""
    for path in SAMPLES:
        result = monitor.analyze(path)
        for table in TABLES:
            t = table(result)
            for c in _text_columns(t):
                assert not (t[c] == "").any(), (path.name, table.__name__, c)
    levels = monitor.assessments_table(monitor.analyze(SAMPLES[1]))
    assert levels["reasons"].isna().tolist() == levels["pattern"].isna().tolist()


def test_an_event_without_suggestions_has_them_missing_in_alerts_table():
    """had: a back-to-normal or data-stale event's ``suggestions`` was "" (its JSON has [])."""
    events = [Alert(12.0, "left", "back_to_normal", None, message="BACK TO NORMAL left foot"),
              Alert(0.0, "right", "data_stale", None, message="NO DATA from the right insole")]
    table = monitor.alerts_table(SimpleNamespace(alerts=[], events=events, feet={}))
    assert table["suggestions"].isna().all() and table["cause"].isna().all()
    assert table["message"].tolist() == ["NO DATA from the right insole", "BACK TO NORMAL left foot"]
