"""The unit word of a pressure number (kPa, or an uncalibrated insole's nominal units: "units", "units s") is
decided in one place, monitor.util.pressure_units, and every view takes it from there: the live view and the
phone's page, the detector's reasons, analyze and compare, the report, the study tables and the FIT export.

Had: the same choice made apart in monitor.analysis.compare_text, monitor.studies.rows, monitor.cli.console_live,
monitor.live.web.state, monitor.signal.pipeline, monitor.report.ride_data and monitor.session.fit_export, each
its own ``"kPa" if calibrated else "units"``, free to drift from the others.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from monitor.link import orphe
from monitor.util import pressure_units

ROOT = Path(__file__).resolve().parents[1]
#: The words only monitor.util.pressure_units may hold as a value: the nominal units as a number is said in
#: them, and as a sentence names them (pressure_units.unit_name).
UNIT_WORDS = {"units", "units s", "nominal units"}
#: The same words inside a sentence ("pressures are in nominal units", "766,019 units s/h"): a string literal, or
#: an f-string's text between its fields, that spells them (units_per_kpa, a name, does not).
UNIT_WORD = re.compile(r"\bunits\b")


def _unit_literals(path: Path) -> list[int]:
    """The lines of ``path`` where a string literal, not a docstring nor a key (``desc["units"]``), is a nominal
    unit's word or spells one in a sentence (it takes the words from monitor.util.pressure_units: ``unit_name``,
    ``pressure_unit``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    keys = {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}  # desc["units"]: a key
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and (node.value in UNIT_WORDS or UNIT_WORD.search(node.value)) and id(node) not in docs | keys]


def test_no_module_but_pressure_units_spells_the_nominal_unit():
    """had: monitor.analysis.asymmetry and monitor.report.plots.compare each chose ``"nominal units"`` or
    "kPa" themselves, beside pressure_units.unit_name."""
    said = {str(p.relative_to(ROOT)): lines for p in sorted((ROOT / "monitor").rglob("*.py"))
            if p.name != "pressure_units.py" and (lines := _unit_literals(p))}
    assert said == {}, said


def test_a_sentence_spelling_the_nominal_unit_is_found(tmp_path):
    """had: only a literal that was the word itself was found, so about fifteen modules said "nominal units"
    inside their sentences (monitor.analysis.compare's MIXED_UNITS_NOTE, the study page's "units s/h")."""
    path = tmp_path / "words.py"
    path.write_text('"""Doses in nominal units: a docstring may say it."""\n\n'
                    'NOTE = "different insoles: kPa against nominal units"\n'
                    'DOSE = f"{3} units s/h"\n'
                    'FIELD = desc["units"]\n'
                    'SCALE = "units_per_kpa"\n', encoding="utf-8")
    assert _unit_literals(path) == [3, 4]


@pytest.fixture
def renamed(monkeypatch):
    """The nominal units renamed where they are decided: every view that takes them from there says "nu"."""
    for metric, word in (("peak_kpa", "nu"), ("pti_kpa_s", "nu s"), ("impulse_n_s", "nu s")):
        monkeypatch.setitem(pressure_units.NOMINAL_UNITS, metric, word)
    return orphe.layout("left")  # an uncalibrated insole's


def test_every_view_takes_the_unit_word_from_the_one_place(renamed):
    from monitor.analysis.compare_text import format_value
    from monitor.cli.console_live import _legend
    from monitor.live.view import LiveView
    from monitor.live.web.state import page_state
    from monitor.session.fit_export import metric_fields
    from monitor.signal.pipeline import FootPipeline
    from monitor.util.pressure_units import PressureUnits, session_units

    assert format_value("peak_kpa", 93.0, calibrated=False) == "93 nu"  # analyze's and compare's
    assert session_units({"left": renamed}) == PressureUnits("nu", "nu s", "nu s")  # the report's
    assert " nu " in _legend(120, calibrated=False).plain  # the live view's colour key
    assert page_state(LiveView(0.0, None, {}, calibrated=False))["unit"] == "nu"  # the phone's page
    (field,) = metric_fields(["t_s", "left_mth2_3_peak_kpa"], {"left": renamed})
    assert field.units == "nu"  # the FIT export's
    pipe = FootPipeline("left", renamed, renamed.current_rate_hz)
    assert pipe.detector.pressure_unit == "nu"  # the detector's reasons


def test_the_feet_pti_caution_names_the_unit_from_the_one_place(renamed):
    from monitor.analysis.asymmetry import pti_not_compared

    note = pti_not_compared({"left": "kPa", "right": "nu"})
    assert "the left foot's in kPa and the right foot's in nominal nu" in note, note


def test_the_study_tables_take_the_unit_word_from_the_one_place(renamed):
    import monitor.studies.rows as rows
    from monitor.util.pressure_units import layout_unit

    assert rows.layout_unit is layout_unit and layout_unit(renamed) == "nu"
