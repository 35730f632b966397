"""An imported session's extras.parquet that is not a file (an empty folder) or holds no ``t_s`` or ``foot``
column is one line naming the file, from monitor.importers.read_extras as from the commands that read it
(exit code 2, no traceback). Had: ``KeyError: 'foot'`` from read_extras for either."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from monitor.errors import SessionFormatError
from monitor.importers import read_extras

ROOT = Path(__file__).resolve().parents[1]
WALK = ROOT / "sessions" / "samples" / "moticon-walk"


def _walk(tmp_path: Path, under: str = "") -> Path:
    """A copy of the imported sample session (its extras.parquet holds t_s, foot and the Moticon columns)."""
    return Path(shutil.copytree(WALK, tmp_path / under / "walk"))


def _extras_a_folder(session: Path) -> Path:
    path = session / "extras.parquet"
    path.unlink()
    path.mkdir()
    return path


def test_an_extras_table_that_is_an_empty_folder_is_one_line_naming_it(tmp_path):
    path = _extras_a_folder(_walk(tmp_path))
    with pytest.raises(SessionFormatError) as caught:
        read_extras(path.parent)
    assert str(caught.value) == f"{path}: not a file"


@pytest.mark.parametrize("columns, lacking", [({"x": [1.0]}, "t_s, foot"), ({}, "t_s, foot"),
                                              ({"t_s": [0.0], "total_force_n": [1.0]}, "foot"),
                                              ({"foot": ["left"], "cop_x": [0.1]}, "t_s")])
def test_an_extras_table_without_its_keys_is_one_line_naming_it(tmp_path, columns, lacking):
    """A valid Parquet file without ``t_s`` or ``foot``: its rows placed by nothing."""
    session = _walk(tmp_path)
    pd.DataFrame(columns).to_parquet(session / "extras.parquet", index=False)
    with pytest.raises(SessionFormatError) as caught:
        read_extras(session)
    assert str(caught.value) == (f"{session / 'extras.parquet'}: missing column(s) {lacking} (expected t_s, foot "
                                 "and the file's other per-sample quantities, docs/session-format.md)")


def test_an_extras_table_with_its_keys_reads(tmp_path):
    session = _walk(tmp_path)
    df = read_extras(session)
    assert list(df.columns[:2]) == ["t_s", "foot"] and len(df) > 0 and list(df["foot"].cat.categories) == ["left",
                                                                                                          "right"]
    (session / "extras.parquet").unlink()
    assert read_extras(session) is None


@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_the_commands_say_an_extras_table_that_is_a_folder_in_one_line(tmp_path, capsys, command):
    from test_malformed_files import fails

    path = _extras_a_folder(_walk(tmp_path))
    out = {"report": ["-o", str(tmp_path / "r.html")], "export": ["-o", str(tmp_path / "f.csv")]}
    line = fails(capsys, command, path.parent, *out.get(command, []))
    assert line == f"solewatch {command}: error: {path}: not a file", line
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "f.csv").exists()


def test_an_imu_table_without_its_keys_at_a_long_path_is_said_cut(tmp_path, capsys):
    """monitor.session.imu.read_imu_table's ``missing column(s)`` line says the path cut, its name kept (had:
    whole, 600 characters and more under a 400-character folder)."""
    from test_malformed_files import fails
    from test_unusable_paths import _cut_line

    session = _walk(tmp_path, os.path.join("d" * 200, "e" * 200))
    pd.DataFrame({"acceleration_x_g": [1.0]}).to_parquet(session / "extras.parquet", index=False)
    line = fails(capsys, "analyze", session)
    assert ": missing column(s) t_s, foot (expected t_s, foot and the IMU columns" in line, line[:300]
    _cut_line(line, session / "extras.parquet")
