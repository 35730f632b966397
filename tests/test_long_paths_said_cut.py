"""A file or folder at a long path that a command refuses is said as monitor.util.path_errors.said_path
says it (its first 40 characters, ``...`` and its last name), in one line, exit code 2, no traceback. Had:
the path whole in the messages of monitor.session.directory, rawlog, export, monitor.importers.sniff and
generic_csv_layout, monitor.live.replay_source (some 500 to 600 characters under a 400-character folder)."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from monitor.util.path_errors import said_path

ROOT = Path(__file__).resolve().parents[1]
RIDE = ROOT / "sessions" / "samples" / "sim-healthy-ride"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


def _folder(tmp_path: Path) -> Path:
    """A folder whose path is over 400 characters (two names of 200)."""
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    return folder


def _ride(folder: Path, *gone: str) -> Path:
    session = Path(shutil.copytree(RIDE, folder / "ride"))
    for name in gone:
        (session / name).unlink()
    return session


def _case(kind: str, folder: Path, tmp_path: Path) -> tuple[list, Path, str]:
    """The command line, the path its error must say cut, and words of that error."""
    if kind == "analyze a file":
        path = folder / "ride.txt"
        path.write_text("x")
        return ["analyze", path], path, "not a directory but a file"
    if kind == "analyze no tables":
        session = _ride(folder, "raw.swlog", "frames.parquet")
        return ["analyze", session], session, "is there"
    if kind == "analyze raw log not a log":
        session = _ride(folder, "frames.parquet")
        (session / "raw.swlog").write_bytes(b"not a raw log at all, some text instead")
        return ["analyze", session], session / "raw.swlog", "not a Solewatch raw log"
    if kind == "replay without raw log":
        session = _ride(folder, "raw.swlog")
        return ["replay", session, "--plain"], session, "has no raw log"
    if kind == "export to a folder":
        out = folder / "out.csv"
        out.mkdir()
        return ["export", RIDE, "-o", out], out, "is a directory"
    if kind == "import a zip":
        src = folder / "walk.csv"
        with zipfile.ZipFile(src, "w") as z:
            z.writestr("walk.txt", "t_s\n")
        return ["import", "csv", src, "--layout", EXAMPLE / "layout.json", "-o", tmp_path / "s"], src, "ZIP"
    layout = folder / "layout.json"
    layout.write_text('{"feet": [1,}')
    return (["import", "csv", EXAMPLE / "walk.csv", "--layout", layout, "-o", tmp_path / "s"], layout,
            "Expecting value")


@pytest.mark.parametrize("kind", ["analyze a file", "analyze no tables", "analyze raw log not a log",
                                  "replay without raw log", "export to a folder", "import a zip",
                                  "import a layout not JSON"])
def test_a_long_path_refused_is_said_cut_with_its_name(tmp_path, capsys, kind):
    from test_malformed_files import fails

    argv, path, words = _case(kind, _folder(tmp_path), tmp_path)
    line = fails(capsys, *argv)
    assert words in line, line[:300]
    assert str(path.parent) not in line, f"{len(line)} characters: {line[:300]}"
    assert said_path(path) in line and f"...{os.sep}{path.name}'" in line, line[:300]
    assert len(line) < 400, f"{len(line)} characters: {line[:300]}"
