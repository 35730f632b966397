"""A calibrated foot's generic CSV is held to 2000 kPa (text_checks.MOST_KPA) whatever its ``resolution_kpa``:
the bound of 65,535 counts of it is for an uncalibrated insole's raw counts at a nominal scale
(generic_csv_checks.most_kpa, docs/import-csv.md "Above 2000 kPa"). A file in mbar (ten times its kPa)
with ``resolution_kpa`` 0.1 imported with 2105-kPa peaks, exit 0, where the same file without it was refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.session.directory import load_session

EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"


def _files(tmp_path: Path, calibrated: bool | None) -> tuple[Path, Path]:
    """walk.csv with its first left cell at 2105 kPa, and the example's layout at resolution_kpa 0.1 (65,535
    counts of it: 6553.5 kPa), ``calibrated`` as given (None: the field left out, true)."""
    lines = (EXAMPLE / "walk.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = "2105"
    lines[1] = ",".join(cells)
    csv = tmp_path / "walk.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    layout = json.loads((EXAMPLE / "layout.json").read_text(encoding="utf-8"))
    for foot in layout["feet"].values():
        foot["resolution_kpa"] = 0.1
        if calibrated is not None:
            foot["calibrated"] = calibrated
    (tmp_path / "layout.json").write_text(json.dumps(layout), encoding="utf-8")
    return csv, tmp_path / "layout.json"


@pytest.mark.parametrize("calibrated", [None, True], ids=["calibrated-by-default", "calibrated-true"])
def test_a_calibrated_foot_above_2000_kpa_is_refused_at_any_resolution(tmp_path, capsys, calibrated):
    csv, layout = _files(tmp_path, calibrated)
    out = tmp_path / "s"
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {csv}: line 2: column 'p00_kpa': 2105 kPa is above 2000 kPa, more than any "
        "insole reads (a guess, docs/import-csv.md): is the file in another unit (Pa?)"]
    assert not out.exists()


def test_an_uncalibrated_foot_keeps_the_bound_of_its_counts(tmp_path, capsys):
    csv, layout = _files(tmp_path, False)
    out = tmp_path / "s"
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(out)]) == 0
    frames = load_session(out).frames
    assert frames.loc[frames["foot"] == "left", "p00_kpa"].max() == 2105
