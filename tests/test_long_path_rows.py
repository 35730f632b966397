"""A session's table at a long path whose row or line is bad is said in one line with its path cut
(monitor.util.path_errors.said_path: its start and its file's name), exit code 2, no traceback. Had: the
checks of monitor.session.tables and monitor.session.imu said ``PATH: row N ...`` with the path whole,
some 600 characters under a 400-character folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from monitor.util.path_errors import said_path

ROOT = Path(__file__).resolve().parents[1]
WALK = ROOT / "sessions" / "samples" / "moticon-walk"


def _long_session(tmp_path: Path, sample: Path = WALK) -> Path:
    """A copy of ``sample`` under a folder whose path is over 400 characters (two names of 200)."""
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    return Path(shutil.copytree(sample, folder / "walk"))


def _set_cell(path: Path, column: str, row: int, value: object) -> None:
    """Rewrite the Parquet table ``path`` with ``column``'s ``row`` set to ``value`` (the foot as text)."""
    table = pq.read_table(path)
    values = table.column(column).to_pylist()
    values[row] = value
    kind = pa.string() if column == "foot" else table.schema.field(column).type
    at = table.schema.get_field_index(column)
    pq.write_table(table.set_column(at, column, pa.array(values, type=kind)), path)


def _cut_line(line: str, path: Path) -> None:
    """``line`` says ``path`` cut (its start and its name), never whole; one short line."""
    assert str(path.parent) not in line, f"{len(line)} characters: {line[:300]}"
    assert said_path(path) in line and f"...{os.sep}{path.name}'" in line, line[:300]
    assert "\n" not in line and len(line) < 400, f"{len(line)} characters: {line[:300]}"


@pytest.mark.parametrize("damage, words", [
    ("extras foot", "foot 'middle' is not 'left' or 'right'"),
    ("extras time", "t_s is nan"),
    ("extras infinite", "acceleration_x_g is inf"),
    ("frames time", "t_s is nan"),
    ("gaps line", "foot 'middle' is not 'left' or 'right'"),
])
def test_a_bad_row_at_a_long_path_is_said_cut(tmp_path, capsys, damage, words):
    from test_malformed_files import fails

    session = _long_session(tmp_path)
    table, what = damage.split()
    path = session / ("gaps.csv" if table == "gaps" else f"{table}.parquet")
    if what == "foot":
        _set_cell(path, "foot", 3, "middle")
    elif what == "time":
        _set_cell(path, "t_s", 3, float("nan"))
    elif what == "infinite":
        _set_cell(path, "acceleration_x_g", 3, np.inf)
    else:
        path.write_text("foot,start_s,end_s,frames_missing,packets_lost,reason,filled\n"
                        "middle,1.0,2.0,1,0,lost,False\n")
    line = fails(capsys, "analyze", session)
    assert words in line and ("line 2" if table == "gaps" else "row 3 ") in line, line[:300]
    _cut_line(line, path)


def test_a_sensor_count_mismatch_at_a_long_path_is_said_cut(tmp_path, capsys):
    """Said by ``analyze`` (monitor.session.tables) and when a foot's frames are read from disk
    (monitor.session.frames_reader.FramesOnDisk, as a report reads them), which said the path whole too."""
    from test_malformed_files import _layout_sensors, edit_json, fails

    from monitor.errors import SessionFormatError
    from monitor.session.directory import open_session

    session = _long_session(tmp_path, WALK.parent / "sim-healthy-ride")
    edit_json(session / "session.json", _layout_sensors("right", 16))
    line = fails(capsys, "analyze", session)
    assert "right has a value in p16_kpa" in line, line[:300]
    _cut_line(line, session / "frames.parquet")
    with pytest.raises(SessionFormatError, match="right has a value in p16_kpa") as caught:
        for _ in open_session(session).source.foot_chunks("right", 1_000):
            pass
    _cut_line(str(caught.value), session / "frames.parquet")
