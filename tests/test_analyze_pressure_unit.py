"""``analyze --json`` says each foot's pressure unit: an uncalibrated insole's (ORPHE INSOLE, Ukaton Mission:
counts at a nominal scale, docs/devices.md) ``summary.FOOT.regions.*.peak_kpa`` and ``pti_kpa_s`` are nominal
units, and nothing in the JSON said so (``judged_against.insole`` named the insole, not the unit).
``summary.FOOT.pressure_unit`` is the study's sessions and windows tables' ``pressure_unit`` of that foot:
``kPa`` or ``units`` (docs/analyze-json.md)."""

from __future__ import annotations

import pytest
from test_analyze import SAMPLES, _analyze_json
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.studies.rows import session_tables


@pytest.mark.parametrize("kind", ["ukaton", "orphe"])
def test_an_uncalibrated_insole_s_summary_says_its_numbers_are_nominal_units(tmp_path, kind):
    path = record_ride(kind, "forefoot-strike-run", tmp_path, seed=2, duration_s=20.0)
    doc = _analyze_json(path)  # held to docs/analyze-json.schema.json too
    session = monitor.load_session(path)
    tables = session_tables(session, analyze(session), {}, "x", {}, {})
    for foot in ("left", "right"):
        assert doc["summary"][foot]["pressure_unit"] == "units"
        assert set(tables["sessions"].loc[tables["sessions"]["foot"] == foot, "pressure_unit"]) == {"units"}
        assert set(tables["windows"].loc[tables["windows"]["foot"] == foot, "pressure_unit"]) == {"units"}


def test_a_calibrated_insole_s_summary_says_kpa():
    doc = _analyze_json(SAMPLES / "sim-cleat-forward")
    assert {doc["summary"][foot]["pressure_unit"] for foot in doc["summary"]} == {"kPa"}
