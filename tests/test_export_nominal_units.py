"""A CSV or Parquet export of an uncalibrated insole's session (ORPHE INSOLE, Ukaton Mission: counts at a
nominal scale, docs/devices.md) keeps the columns' names, ``p00_kpa`` ..., a format others read, but says
that they hold nominal units, not kPa: export's lines said nothing of it, its help promised "one column per
sensor in kPa" and "The sensor layouts stay in the session's session.json" (a CSV into a file gets
``frames.layout.json`` beside it), and docs/import-csv.md's column table said kPa alone."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from vendor_rides import record_ride

from monitor.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


@pytest.fixture(scope="module")
def ukaton(tmp_path_factory):
    return record_ride("ukaton", "forefoot-strike-run", tmp_path_factory.mktemp("uk"), seed=4, duration_s=10.0)


def test_a_csv_export_of_an_uncalibrated_insole_says_its_columns_hold_nominal_units(ukaton, tmp_path, capsys):
    out = tmp_path / "frames.csv"
    assert main(["export", str(ukaton), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("t_s,foot,p00_kpa,")  # the names stay
    layout = json.loads((tmp_path / "frames.layout.json").read_text(encoding="utf-8"))
    assert all(foot["calibrated"] is False for foot in layout["feet"].values())
    line = next(ln for ln in said.splitlines() if "nominal units" in ln)
    assert line.startswith("both feet's rows: the sensor columns (p00_kpa ...) hold nominal units")
    assert "the Ukaton insoles' counts at a nominal scale), not kPa" in line
    assert f'{tmp_path / "frames.layout.json"} says "calibrated": false' in line


def test_a_parquet_export_says_it_too_and_where_the_layouts_are(ukaton, tmp_path, capsys):
    assert main(["export", str(ukaton), "-o", str(tmp_path / "f.parquet")]) == 0
    said = capsys.readouterr().out
    assert "hold nominal units" in said and "session.json's layouts say calibrated false" in said


def test_a_calibrated_session_s_export_says_nothing_of_nominal_units(tmp_path, capsys):
    assert main(["export", str(SAMPLES / "sim-cleat-forward"), "-o", str(tmp_path / "c.csv")]) == 0
    assert "nominal" not in capsys.readouterr().out


def test_export_help_says_what_the_columns_hold_and_where_the_layouts_go():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    text = " ".join(sub.choices["export"].description.split())
    assert "one column per sensor in kPa" not in text
    assert "nominal units, not kPa" in text and "frames.layout.json beside frames.csv" in text
    assert "The sensor layouts stay in the session's session.json" not in text


def test_docs_import_csv_says_the_columns_of_an_uncalibrated_foot_hold_nominal_units():
    doc = (ROOT / "docs" / "import-csv.md").read_text(encoding="utf-8")
    row = next(ln for ln in doc.splitlines() if ln.startswith("| `p00_kpa`, `p01_kpa`"))
    assert re.search(r"nominal units, not kPa, for a foot the layout says is `calibrated` false", row)
