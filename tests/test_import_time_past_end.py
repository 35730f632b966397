"""An imported time later than any recording (366 days, LONGEST_SESSION_S) is one line naming the file and
line, exit 2, no session written, for every importer.

Had: `import csv`, `import moticon` and `import physionet` of a file whose last row's time was 3.2e7, 4e7
or 1e9 s (between 366 days and the year-9999 bound they did check) ended in a traceback, exit 1:
"ValueError: duration_s 1e+09 is longer than any recording (at most 31622400 s, 366 days)", no file or
line; monitor.import_session raised that bare ValueError, not a SessionFormatError.

Moticon export: Apache-2.0, github.com/moticon-rego/moticon-opengo. PhysioNet gaitpdb GaCo01_01: ODC-By
1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.errors import SessionFormatError
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"
EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
SOURCES = {"csv": (EXAMPLE / "walk.csv", ",", "t_s"), "moticon": (MOTICON, "\t", "time"),
           "physionet": (PHYSIONET, "\t", "time")}
BOUND = "is later than any recording (at most 31622400 s, 366 days)"


def _retimed(tmp_path: Path, fmt: str, times: dict[int, str]) -> tuple[Path, dict[int, int]]:
    """The first 60 lines of ``fmt``'s sample with the time of data row k (counting from 0; -1 the last)
    set to ``times[k]``; returns the file and each such row's line number (1-based)."""
    source, sep, _ = SOURCES[fmt]
    lines = source.read_text(encoding="utf-8").splitlines()[:60]
    data = [i for i, line in enumerate(lines) if line and not line.startswith(("#", "t_s"))]
    where = {k: data[k] + 1 for k in times}
    for k, t in times.items():
        i = data[k]
        lines[i] = t + sep + lines[i].split(sep, 1)[1]
    path = tmp_path / source.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, where


def _refused(fmt: str, path: Path, tmp_path: Path, capsys) -> str:
    layout = ["--layout", str(EXAMPLE / "layout.json")] if fmt == "csv" else []
    assert main(["import", fmt, str(path), *layout, "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    [line] = err.strip().splitlines()
    return line


@pytest.mark.parametrize("fmt", list(SOURCES))
@pytest.mark.parametrize("t", ["3.2e7", "4e7", "1e9"])
def test_a_last_time_past_any_recording_is_one_line_naming_file_and_line(tmp_path, capsys, fmt, t):
    path, where = _retimed(tmp_path, fmt, {-1: t})
    name = SOURCES[fmt][2]
    assert _refused(fmt, path, tmp_path, capsys) == \
        f"solewatch import: error: {path}: line {where[-1]}: {name} {float(t):g} s {BOUND}"


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_a_stray_late_time_is_said_as_late_not_as_the_next_row_going_back(tmp_path, capsys, fmt):
    path, where = _retimed(tmp_path, fmt, {10: "1e9"})
    assert f"{path}: line {where[10]}: {SOURCES[fmt][2]} 1e+09 s {BOUND}" in _refused(fmt, path, tmp_path, capsys)


def test_rows_spanning_more_than_any_recording_are_one_line_naming_the_file(tmp_path, capsys):
    """A last time at the bound itself, its sample period after it taking the span past: the file named."""
    path, _ = _retimed(tmp_path, "csv", {-1: "31622400"})
    assert _refused("csv", path, tmp_path, capsys) == (
        f"solewatch import: error: {path}: its rows span 31622400.020 s, longer than any recording (at most "
        "31622400 s, 366 days)")


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_import_session_raises_a_session_format_error(tmp_path, fmt):
    path, where = _retimed(tmp_path, fmt, {-1: "1e9"})
    layout = EXAMPLE / "layout.json" if fmt == "csv" else None
    with pytest.raises(SessionFormatError, match=f"line {where[-1]}: .* {BOUND[:20]}"):
        monitor.import_session(fmt, path, tmp_path / "out", layout=layout)
