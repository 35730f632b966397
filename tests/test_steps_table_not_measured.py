"""``monitor.steps_table`` says why each step is not measured, as ``analyze --json`` does per step
(``not_measured``, the codes of monitor.analysis.steps.NOT_MEASURED; missing where the step is measured). Had:
no such column, a step's reason only in the JSON."""

from __future__ import annotations

from test_malformed_files import SAMPLES

import monitor
from monitor.analysis.steps import NOT_MEASURED


def test_the_steps_table_has_each_step_s_not_measured_code_as_the_json_has():
    result = monitor.analyze(SAMPLES / "moticon-walk")
    table = monitor.steps_table(result)
    assert "not_measured" in table.columns, list(table.columns)
    js = result.to_json_dict()["steps"]
    for foot in ("left", "right"):
        rows = table[table.foot == foot]
        assert [x if isinstance(x, str) else None for x in rows["not_measured"]] == [
            s["not_measured"] for s in js[foot]]
    gone = table[table["not_measured"].notna()]
    assert len(gone) == 2 and set(gone["not_measured"]) <= set(NOT_MEASURED)  # the first step of each foot
    assert gone["contact_s"].isna().all() and table.loc[table["not_measured"].isna(), "contact_s"].notna().all()


def test_a_walk_without_steps_keeps_the_column():
    ride = monitor.steps_table(monitor.analyze(SAMPLES / "sim-healthy-ride"))
    assert ride.empty and "not_measured" in ride.columns
