"""A time jump too long to fill (over 60 s, monitor.importers.base.MAX_FILLED_JUMP_S) is said, the one same
way by the three importers: a caveat names where and how long, and `solewatch import` counts its samples
as missing. It used to print "0 missing (0.0%)" and no caveat for a generic CSV whose time axis jumped
90 s (half the file), while gaps.csv listed the jump and the report showed half the frames without a
reading; the Moticon and PhysioNet imports said nothing either."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = ROOT / "tests" / "data" / "generic_csv" / "layout.json"  # 8 sensors a foot at 50 Hz
DATA = shared_data_dir()
JUMP_S = 90.0


def _shifted(src: Path, dst: Path, after_s: float, sep: str) -> Path:
    """``src`` with every data row after ``after_s`` moved JUMP_S later (its time column, the first)."""
    lines = src.read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            t, rest = line.split(sep, 1)
            if float(t) > after_s:
                line = f"{float(t) + JUMP_S:.4f}{sep}{rest}"
        out.append(line)
    dst.write_text("\n".join(out), encoding="utf-8")
    return dst


def _generic(tmp_path: Path) -> Path:
    """Both feet at 50 Hz (the right 4 ms after the left), 4 s of rows each, each foot's time axis jumping
    90 s after its first 2 s."""
    rows = ["t_s,foot," + ",".join(f"p{j:02d}_kpa" for j in range(8))]
    for k in range(200):
        t = k * 0.02 + (JUMP_S if k >= 100 else 0.0)
        rows += [f"{t:.3f},left," + ",".join(["10"] * 8), f"{t + 0.004:.3f},right," + ",".join(["12"] * 8)]
    path = tmp_path / "jump.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


CASES = {
    "csv": lambda tmp: ["csv", str(_generic(tmp)), "--layout", str(LAYOUT)],
    "moticon": lambda tmp: ["moticon", str(_shifted(DATA / "moticon_opengo" / "walk_data_with_events.txt",
                                                    tmp / "walk.txt", 2.0, "\t"))],
    "physionet": lambda tmp: ["physionet", str(_shifted(DATA / "physionet_gaitpdb" / "GaCo01_01.txt",
                                                        tmp / "GaCo01_01.txt", 20.0, "\t"))],
}
AT = {"csv": "0:02", "moticon": "0:02", "physionet": "0:20"}


@pytest.mark.parametrize("fmt", list(CASES))
def test_a_jump_too_long_to_fill_is_counted_missing_and_said_in_a_caveat(tmp_path, capsys, fmt):
    out = tmp_path / "session"
    assert main(["import", *CASES[fmt](tmp_path), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    gaps = pd.read_csv(out / "gaps.csv")
    jumps = gaps[~gaps["filled"].astype(bool)]
    assert set(jumps["foot"]) == {"left", "right"} and (jumps["reason"] == "time jump in file").all()
    n_rows = pd.read_parquet(out / "frames.parquet").groupby("foot", observed=True).size()
    for foot in ("left", "right"):
        skipped = int(jumps.loc[jumps["foot"] == foot, "frames_missing"].sum())
        empty = int(gaps.loc[(gaps["foot"] == foot) & gaps["filled"].astype(bool), "frames_missing"].sum())
        assert skipped > 0
        # the frames expected at the rate: the rows, and the samples of the jump, which have none
        frames, missing = n_rows[foot] + skipped, skipped + empty
        count = " ".join(" ".join(said[1:]).split(" caveats: ")[0].split())  # the count line, wrapped
        assert (f"{foot} {frames:,} frames, {missing:,} missing ({missing / frames:.1%}: {empty:,} of the file's "
                f"rows with no sample, {skipped:,} where its time axis skips)") in count, count
    caveats = json.loads((out / "session.json").read_text())["imported_from"]["caveats"]
    jumped = [c for c in caveats if f"jumps {JUMP_S:g} s at {AT[fmt]}" in c]
    assert jumped and all("not filled (over 60 s)" in c for c in jumped), caveats
    joined = " ".join(line.strip() for line in said)  # a caveat is wrapped to the terminal's width
    assert all(f"- {c}" in joined for c in jumped), said
    # one caveat per time axis: the file's, or each foot's own (a generic CSV's)
    assert len(jumped) == (2 if fmt == "csv" else 1)


def test_several_long_jumps_are_one_caveat_with_their_count(tmp_path):
    from monitor.importers import read_recording

    rows = ["t_s,foot," + ",".join(f"p{j:02d}_kpa" for j in range(8))]
    for k in range(300):
        t = k * 0.02 + JUMP_S * (k // 100)  # 2 s, 90 s of nothing, 2 s, 90 s of nothing, 2 s
        rows.append(f"{t:.3f},left," + ",".join(["10"] * 8))
    (tmp_path / "two.csv").write_text("\n".join(rows) + "\n")
    layout = json.loads(LAYOUT.read_text())
    del layout["feet"]["right"]
    (tmp_path / "left.json").write_text(json.dumps(layout))
    rec = read_recording("csv", tmp_path / "two.csv", layout=tmp_path / "left.json")
    said = [c for c in rec.caveats if "jumps" in c]
    assert said == ["the left foot's time axis jumps 2 times (9,000 samples in all), the first 90 s at 0:02; "
                    "not filled (over 60 s): the frames table has no rows there, gaps.csv lists them, and "
                    "their samples count as missing"]
