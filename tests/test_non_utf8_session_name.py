"""A session folder whose name is not UTF-8 (a name written in Latin-1: ``été`` as the bytes e9 74 e9, which
Python holds as surrogates) is read like any other: pyarrow cannot take such a path, so its tables are
handed over as open files. A study of it and a good session keeps both, its source written with the byte
escaped (``\\xe9``), which Arrow and a UTF-8 file can hold."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import main

GOOD = SAMPLES / "moticon-walk"


@pytest.fixture
def latin1_session(tmp_path):
    if os.fsencode("\udce9") != b"\xe9":  # pragma: no cover - a platform whose names are not bytes
        pytest.skip("file names here are not bytes")
    root = tmp_path / "mix"
    shutil.copytree(GOOD, root / "a")
    odd = Path(os.fsdecode(os.fsencode(root) + b"/\xe9t\xe9"))
    try:
        shutil.copytree(GOOD, odd)
    except OSError:  # pragma: no cover - a file system that takes UTF-8 names only
        pytest.skip("this file system takes no name that is not UTF-8")
    return root, odd


def test_analyze_report_and_export_read_a_session_whose_name_is_not_utf8(latin1_session, tmp_path, capsys):
    """analyze said "frames.parquet: not a readable Parquet file ('utf-8' codec can't encode ...); raw.swlog
    is there: move frames.parquet away", exit 2: pyarrow took the path, not the file."""
    root, odd = latin1_session
    want = monitor.analyze(root / "a")
    got = monitor.analyze(odd)
    assert got.summary() == want.summary()
    assert main(["report", str(odd), "-o", str(tmp_path / "r.html")]) == 0
    assert main(["export", str(odd), "-o", str(tmp_path / "e.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "e.csv")) == len(monitor.load_session(root / "a").frames)
    assert "\\udce9t\\udce9" in capsys.readouterr().out  # the path said, its bytes escaped


def test_a_study_keeps_both_sessions(latin1_session, tmp_path):
    """The study crashed with UnicodeEncodeError (surrogates not allowed), exit 1, the good session lost."""
    root, odd = latin1_session
    tables = monitor.study(root, workers=1, out_dir=tmp_path / "out")
    assert tables.errors.empty
    assert sorted(set(tables.sessions["source"])) == sorted([str(root / "a"), str(root) + "/\\xe9t\\xe9"])
    assert len(pd.read_parquet(tmp_path / "out" / "sessions.parquet")) == len(tables.sessions)


def test_parquet_tables_are_written_into_a_folder_whose_name_is_not_utf8(latin1_session, tmp_path, capsys):
    """The export's table, a study's tables and an import's tables crashed with UnicodeEncodeError
    (pyarrow took the path) when their folder's name was not UTF-8."""
    root, odd = latin1_session
    assert main(["export", str(odd), "--format", "parquet"]) == 0
    with open(odd / "frames-export.parquet", "rb") as f:  # pyarrow takes no such path: the file, opened
        assert len(pd.read_parquet(f)) == len(monitor.load_session(odd).frames)
    out = Path(os.fsdecode(os.fsencode(tmp_path) + b"/st\xe9"))
    assert main(["study", str(root / "a"), "-o", str(out), "--workers", "1"]) == 0
    with open(out / "sessions.parquet", "rb") as f:
        assert len(pd.read_parquet(f)) == 2
    assert main(["export", str(odd), "-o", str(tmp_path / "e.csv")]) == 0
    back = Path(os.fsdecode(os.fsencode(tmp_path) + b"/imp\xe9"))
    assert main(["import", "csv", str(tmp_path / "e.csv"), "--layout", str(tmp_path / "e.layout.json"),
                 "-o", str(back)]) == 0
    assert len(monitor.load_session(back).frames) == len(monitor.load_session(odd).frames)
    capsys.readouterr()


def test_a_moticon_import_into_a_folder_whose_name_is_not_utf8(tmp_path, capsys):
    """The streamed Moticon import's table writers took the path: UnicodeEncodeError, exit 1."""
    from test_import_bad_inputs import MOTICON

    if not MOTICON.is_file():  # pragma: no cover - the shared data not here
        pytest.skip("no Moticon recording here")
    out = Path(os.fsdecode(os.fsencode(tmp_path) + b"/mot\xe9"))
    assert main(["import", "moticon", str(MOTICON), "-o", str(out)]) == 0
    assert len(monitor.load_session(out).frames) > 0
    capsys.readouterr()
