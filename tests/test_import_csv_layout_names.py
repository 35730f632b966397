"""A layout JSON's error names the sensor it is about (``field feet.left.area_mm2[3]``) and what is there,
one line, exit 2: it used to say "field feet.left.columns: a column is named twice" without the column,
"field feet.left.area_mm2: a list of numbers" for one ``null``, and "unknown region label(s) 'halux'"
without the sensor or the label meant. A region label in another case (``MTH1``) is the label: the labels
are all lower case, as ``activity`` and ``foot`` are taken in any case (it was refused)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.codebook import REGION_CODES
from monitor.session.directory import load_session

EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"


def _import(tmp_path: Path, edit) -> tuple[int, Path, Path]:
    """Import the example walk.csv with its layout edited by ``edit`` (a function of the left foot's dict);
    (exit code, layout path, output directory)."""
    layout = json.loads((EXAMPLE / "layout.json").read_text(encoding="utf-8"))
    edit(layout["feet"]["left"])
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(layout), encoding="utf-8")
    out = tmp_path / "s"
    return main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(path), "-o", str(out)]), path, out


def _set(name: str, i: int, value):
    return lambda foot: foot[name].__setitem__(i, value)


def _columns_twice(foot):
    foot["columns"] = [f"p{k:02d}_kpa" for k in range(8)]
    foot["columns"][4] = "p03_kpa"


LABELS = ", ".join(REGION_CODES)


@pytest.mark.parametrize(("edit", "said"), [
    (_columns_twice, "field feet.left.columns[4]: 'p03_kpa' is the column of sensor 3 too (each sensor has a "
                     "column of its own)"),
    (_set("regions", 6, "halux"), "field feet.left.regions[6]: 'halux' is no region label; did you mean "
                                  "'hallux'? (the labels are docs/protocol.md's region table)"),
    (_set("regions", 3, "met1"), "field feet.left.regions[3]: 'met1' is no region label; did you mean 'mth1'? "
                                 "(the labels are docs/protocol.md's region table)"),
    (_set("regions", 4, "forefoot"), f"field feet.left.regions[4]: 'forefoot' is no region label (one of "
                                     f"{LABELS}: the labels are docs/protocol.md's region table)"),
    (_set("regions", 1, None), "field feet.left.regions[1]: None is not a string (a list of strings)"),
    (_set("area_mm2", 3, None), "field feet.left.area_mm2[3]: None is not a number (a list of numbers)"),
    (_set("x", 2, "0.22"), "field feet.left.x[2]: '0.22' is not a number (a list of numbers)"),
    (_set("area_mm2", 5, 0), "field feet.left.area_mm2[5]: 0 mm²; every area must be at least 0.001 mm² "
                             "(session.json keeps three decimals)"),
], ids=["column-twice", "region-misspelt", "region-like-one", "region-like-none", "region-null", "area-null",
        "x-text", "area-zero"])
def test_a_layout_error_names_the_sensor(tmp_path, capsys, edit, said):
    code, layout, out = _import(tmp_path, edit)
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {layout}: {said}"]
    assert not out.exists()


def test_a_region_label_in_another_case_is_the_label(tmp_path, capsys):
    code, _, out = _import(tmp_path, lambda foot: foot.__setitem__(
        "regions", [r.upper() if k % 2 else r.title() for k, r in enumerate(foot["regions"])]))
    assert code == 0, capsys.readouterr().err
    written = json.loads((EXAMPLE / "layout.json").read_text(encoding="utf-8"))["feet"]["left"]["regions"]
    assert list(load_session(out).info.layouts["left"].regions) == written
