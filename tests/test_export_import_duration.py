"""A session's CSV export imported back keeps the session's duration (docs/import-csv.md, the layout JSON's
``duration_s``): its t_s is session time, which the frames need not fill from end to end."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import monitor
from monitor.errors import SessionFormatError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


@pytest.mark.parametrize("name", ["sim-cleat-forward", "sim-healthy-ride"])
def test_an_exported_session_imports_back_with_its_duration(tmp_path, name):
    """had: sim-cleat-forward's 90.056 s came back as 89.82 s (its first frame to one period past its last),
    with its start and every frame time unchanged, so frames lay past the session's duration."""
    first = monitor.load_session(SAMPLES / name)
    csv = monitor.export_frames(first, tmp_path / "frames.csv")
    again = monitor.import_session("csv", csv, tmp_path / "again", layout=tmp_path / "frames.layout.json")
    assert again.info.duration_s == first.info.duration_s
    assert again.info.start_utc == first.info.start_utc
    start = datetime.fromisoformat(first.info.start_utc.replace("Z", "+00:00"))
    end = datetime.fromisoformat(again.info.end_utc.replace("Z", "+00:00"))
    assert end - start == timedelta(seconds=first.info.duration_s)


def test_a_file_without_a_duration_lasts_from_its_first_row_to_past_its_last(tmp_path):
    layout = json.loads((EXAMPLE / "layout.json").read_text())
    assert "duration_s" not in layout
    s = monitor.import_session("csv", EXAMPLE / "walk.csv", tmp_path / "walk", layout=EXAMPLE / "layout.json")
    t = s.frames.groupby("foot", observed=True)["t_s"]
    assert s.info.duration_s == pytest.approx(t.max().max() + 1 / 50 - t.min().min(), abs=1e-3)


@pytest.mark.parametrize("value, words", [(-3, "not a number of seconds above 0"), ("90", "not a number"),
                                          (0.5, "ends before the CSV's rows do")])
def test_a_layout_duration_that_cannot_hold_the_rows_is_one_line_naming_the_field(tmp_path, value, words):
    layout = json.loads((EXAMPLE / "layout.json").read_text())
    layout["duration_s"] = value
    (tmp_path / "layout.json").write_text(json.dumps(layout))
    lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    later = [lines[0]] + [f"{float(t) + 2:g},{rest}" for t, rest in (line.split(",", 1) for line in lines[1:])]
    (tmp_path / "walk.csv").write_text("\n".join(later) + "\n")  # rows from 2 s to 2.184 s
    with pytest.raises(SessionFormatError, match="field duration_s: .*" + words):
        monitor.import_session("csv", tmp_path / "walk.csv", tmp_path / "walk", layout=tmp_path / "layout.json")
