"""A symbolic link that leads back to itself at one of a session's own file names (``ln -s setup.json
S/setup.json``) is a file that cannot be read, said in one line by what reads it, exit 2 or no harm:
export and report compared their output with the session's own files through Path.resolve, which raised
``RuntimeError: Symlink loop`` (a traceback, exit 1) before anything was read."""

from __future__ import annotations

import re
import shutil

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main

GOOD = SAMPLES / "moticon-walk"
NAMES = ["setup.json", "raw.swlog", "frames.parquet", "params.json"]


def _looped(tmp_path, name):
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / name).unlink(missing_ok=True)
    (session / name).symlink_to(name)
    return session


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("command", ["export-csv", "export-parquet", "report", "report-compare"])
def test_a_loop_at_an_own_file_name_is_one_line_or_no_harm(tmp_path, capsys, name, command):
    session = _looped(tmp_path, name)
    argv = {"export-csv": ["export", str(session), "-o", str(tmp_path / "e.csv")],
            "export-parquet": ["export", str(session), "-o", str(tmp_path / "e.parquet")],
            "report": ["report", str(session), "-o", str(tmp_path / "r.html")],
            "report-compare": ["report", str(GOOD), "-o", str(tmp_path / "r.html"), "--compare", str(session)],
            }[command]
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code in (0, 2)
    if code == 2:
        lines = [line for line in err.splitlines() if ": error: " in line]
        assert len(lines) == 1
        assert re.fullmatch(f"solewatch {argv[0]}: error: {re.escape(str(session / name))}: cannot (be )?read "
                            r"\(Too many levels of symbolic links\)", lines[0]), lines


def test_a_raw_log_that_loops_with_no_tables_is_said_unreadable(tmp_path, capsys):
    """It said "neither raw.swlog nor frames.parquet is there", though raw.swlog is, and cannot be read."""
    session = tmp_path / "S"
    session.mkdir()
    shutil.copy(GOOD / "session.json", session)
    (session / "raw.swlog").symlink_to("raw.swlog")
    assert main(["analyze", str(session)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch analyze: error: {session / 'raw.swlog'}: cannot be read (Too many levels of symbolic links)"]
