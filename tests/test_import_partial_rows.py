"""`solewatch import` says how many frames have some sensors missing (blank cells in a row that has other
readings), in the words and the count of the report's data-quality table, for every format and for the
streamed Moticon import as for the whole-file one."""

from __future__ import annotations

from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.importers import moticon_stream
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
MOTICON_EVENTS = shared_data_dir() / "moticon_opengo" / "walk_data_with_events.txt"


def _report_partial(session_dir: Path) -> dict[str, tuple[int, int]]:
    q = monitor.figure_data(session_dir).quality.feet
    return {foot: (f.partial_frames, f.frames - f.missing_frames) for foot, f in q.items()}


def _said(foot: str, partial: int, with_reading: int) -> str:
    frames = "frame" if partial == 1 else "frames"
    return f"{partial:,} {frames} with some sensors missing ({partial / with_reading:.1%} of those with a reading)"


def test_a_csv_with_blank_cells_in_a_row_says_so_at_import(tmp_path, capsys):
    """had: walk.csv's right row with sensor 5 blank was kept as NaN (right), but the import said "right 10
    frames, 0 missing (0.0%)" and nothing more; only the report showed "frames with some sensors missing"."""
    out = tmp_path / "walk"
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"),
                 "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    line = " ".join(" ".join(said[1:]).split(" caveats: ")[0].split())  # the count line, wrapped to the terminal
    report = _report_partial(out)
    assert report["right"][0] == 1 and report["left"][0] == 0
    assert f"right 10 frames, 0 missing (0.0%), {_said('right', *report['right'])}" in line, line
    assert "left 10 frames, 1 missing (10.0%);" in line, line  # none: nothing said


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole-file"])
def test_a_moticon_export_with_blank_fields_in_some_rows_says_so_at_import(tmp_path, capsys, monkeypatch,
                                                                          streamed):
    lines = MOTICON_EVENTS.read_text(encoding="utf-8").splitlines()
    data = [i for i, line in enumerate(lines) if line and not line.startswith("#")]
    for i in data[100:112]:  # left sensor 3 (the file's fourth column) blank in 12 rows
        cells = lines[i].split("\t")
        cells[3] = ""
        lines[i] = "\t".join(cells)
    path = tmp_path / "blank.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not streamed:
        monkeypatch.setattr(moticon_stream, "stream_moticon", lambda *a, **k: None)
    out = tmp_path / "s"
    assert main(["import", "moticon", str(path), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    line = " ".join(" ".join(said[1:]).split(" caveats: ")[0].split())  # the count line, wrapped to the terminal
    report = _report_partial(out)
    assert report["left"][0] == 12 and report["right"][0] == 0
    assert _said("left", *report["left"]) in line and "right 499 frames, 0 missing (0.0%);" in line, line
