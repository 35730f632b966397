"""A generic CSV whose header misspells a sensor column is refused naming the column the layout meant, as
a Moticon export's misspelt pressure column is (monitor.importers.text_checks.closest_name, one helper for
both): `column 'p3_kpa' is no sensor column of layout.json (did you mean 'p03_kpa'?)`, case aside
(`P00_KPA`, `p07_kPa`). It used to name the column and the layout only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.importers.text_checks import closest_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


@pytest.mark.parametrize(("written", "meant"), [("p3_kpa", "p03_kpa"), ("P00_KPA", "p00_kpa"),
                                                ("p07_kPa", "p07_kpa")])
def test_a_misspelt_sensor_column_is_named_with_the_layout_s(tmp_path, capsys, written, meant):
    lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    lines[0] = lines[0].replace(meant, written)
    assert written in lines[0]
    csv = tmp_path / "walk.csv"
    csv.write_text("\n".join(lines) + "\n")
    out = tmp_path / "session"
    assert main(["import", "csv", str(csv), "--layout", str(EXAMPLE / "layout.json"), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert re.search(rf"{re.escape(str(csv))}: line 1: column '{written}' is no sensor column of "
                     rf"\S*layout\.json \(did you mean '{meant}'\?\)$", err), err
    assert len(err.splitlines()) == 1 and not out.exists()


def test_a_column_like_none_of_the_layout_s_gets_no_guess(tmp_path, capsys):
    lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    lines[0] = lines[0].replace("p03_kpa", "heart_rate_bpm")
    csv = tmp_path / "walk.csv"
    csv.write_text("\n".join(lines) + "\n")
    assert main(["import", "csv", str(csv), "--layout", str(EXAMPLE / "layout.json"), "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "column 'heart_rate_bpm' is no sensor column of" in err and "did you mean" not in err


def test_the_closest_name_is_one_the_file_lacks_and_case_does_not_count():
    assert closest_name("p3_kpa", ["p04_kpa", "p03_kpa", "p05_kpa"]) == "p03_kpa"
    assert closest_name("LEFT PRESURE 3[N/cm²]", ["left pressure 3[N/cm²]"]) == "left pressure 3[N/cm²]"
    assert closest_name("left total force[N]", ["left pressure 3[N/cm²]"]) is None
    assert closest_name("p3_kpa", []) is None
