"""The streamed Moticon import (monitor.importers.moticon_stream) writes the session the whole-file writer
writes: every table value for value, gaps.csv and imported_events.csv byte for byte, the same session.json;
and where it cannot, it keeps nothing and the whole-file reading gives the session or the error.

The cases are tests/test_import_identical.py's edited Moticon exports and a generated export read in many
small blocks and written in many row groups.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_import_identical import MOTICON_EVENTS, edited_cases, session_dir_digest

from monitor import load_session
from monitor.errors import SessionFormatError, UsageError
from monitor.importers import import_file, moticon_stream, read_recording
from monitor.importers.csv_table import write_csv
from monitor.importers.session import write_session

REPO = Path(__file__).resolve().parents[1]


def _generated_export(path: Path, minutes: float) -> Path:
    spec = importlib.util.spec_from_file_location("moticon_export", REPO / "benchmarks" / "moticon_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_export(path, minutes=minutes, rate_hz=50, seed=3)


def _whole(path: Path, out: Path) -> dict[str, str]:
    """The whole-file writer's session (digests), or its error."""
    try:
        return session_dir_digest(write_session(read_recording("moticon", path), out))
    except (SessionFormatError, UsageError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def _streamed_or_whole(path: Path, out: Path) -> tuple[dict[str, str], bool]:
    """``import_file``'s session (digests) or error, and whether it was streamed."""
    streamed = moticon_stream.stream_moticon(path, out)
    if streamed is not None:
        return session_dir_digest(streamed.path), True
    assert not out.exists() or not any(out.iterdir()), "a file not streamed leaves nothing"
    try:
        return session_dir_digest(import_file("moticon", path, out)), False
    except (SessionFormatError, UsageError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}, False


def test_every_edited_export_gives_the_whole_file_writers_session_or_error(tmp_path):
    n_streamed = 0
    differ = {}
    for case, (fmt, name, data) in edited_cases().items():
        if fmt != "moticon":
            continue
        d = tmp_path / case
        d.mkdir()
        path = d / name
        path.write_bytes(data)
        got, streamed = _streamed_or_whole(path, d / "a" / "s")
        n_streamed += streamed
        want = _whole(path, d / "b" / "s")
        if got != want:
            differ[case] = (streamed, got, want)
    assert not differ, differ
    assert n_streamed >= 15  # the streamed path was taken often enough for the test to mean something


def test_a_long_export_in_small_blocks_and_row_groups_is_the_same_session(tmp_path, monkeypatch):
    path = _generated_export(tmp_path / "walk.txt", minutes=1.0)
    monkeypatch.setattr("monitor.importers.fastread.BLOCK_BYTES", 16 << 10)
    monkeypatch.setattr(moticon_stream, "ROW_GROUP_ROWS", 1000)
    streamed = moticon_stream.stream_moticon(path, tmp_path / "a" / "s")
    assert streamed is not None
    import pyarrow.parquet as pq

    assert pq.ParquetFile(streamed.path / "frames.parquet").metadata.num_row_groups >= 5
    assert session_dir_digest(streamed.path) == _whole(path, tmp_path / "b" / "s")
    # and it loads as a session, with the tables the whole-file writer's session loads with
    mine, theirs = load_session(streamed.path), load_session(tmp_path / "b" / "s")
    pd.testing.assert_frame_equal(mine.frames, theirs.frames)
    pd.testing.assert_frame_equal(mine.gaps, theirs.gaps)
    frames = pd.read_parquet(streamed.path / "frames.parquet")
    assert frames["p00_kpa"].isna().any()  # missing stays missing: NaN, never 0
    assert streamed.frames == {"left": 3000, "right": 3000}


def test_the_events_file_keeps_its_labels_when_streamed(tmp_path):
    streamed = moticon_stream.stream_moticon(MOTICON_EVENTS, tmp_path / "s")
    assert streamed is not None
    events = pd.read_csv(streamed.path / "imported_events.csv", keep_default_na=False)
    assert events["label"].str.contains(":").any()  # "<group>: <label text>" rows
    assert session_dir_digest(streamed.path) == _whole(MOTICON_EVENTS, tmp_path / "b" / "s")


def test_a_target_that_is_not_empty_is_left_to_the_whole_file_writer(tmp_path):
    out = tmp_path / "s"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert moticon_stream.stream_moticon(MOTICON_EVENTS, out) is None
    with pytest.raises(UsageError, match="exists and is not empty"):
        import_file("moticon", MOTICON_EVENTS, out)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_the_csv_writer_writes_what_pandas_to_csv_writes(tmp_path):
    floats = [0.0, -0.0, 1e-5, 1e-4, 0.1, 1 / 3, 1e16, 1e15 + 0.5, np.nan, 5e-324, 1e308, 12.0]
    texts = ["", "a,b", 'q"x', "line\nbreak", "\u00fc", " sp ", "left", "x\ry", "#", "'", ";", "\t"]
    df = pd.DataFrame({"f": floats, "s": texts, "b": [True, False] * 6, "i": list(range(-6, 6))})
    df.to_csv(tmp_path / "pandas.csv", index=False)
    write_csv(tmp_path / "ours.csv", list(df.columns), [df[c].to_numpy() for c in df.columns])
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    pd.DataFrame({"a": pd.Series(dtype=float), "b": pd.Series(dtype=str)}).to_csv(tmp_path / "p0.csv", index=False)
    write_csv(tmp_path / "o0.csv", ["a", "b"], [np.empty(0), []])
    assert (tmp_path / "o0.csv").read_bytes() == (tmp_path / "p0.csv").read_bytes()


def test_solewatch_import_moticon_loads_no_pandas(tmp_path):
    """pandas' loading was a third of the command's time: a clean export is imported without it."""
    code = ("import sys; from monitor.cli.main import main; "
            f"rc = main(['import', 'moticon', {str(MOTICON_EVENTS)!r}, '-o', {str(tmp_path / 's')!r}]); "
            "print(rc, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 False"
    assert "imported walk_data_with_events.txt (moticon)" in out


def test_a_declared_activity_goes_into_the_streamed_sessions_json(tmp_path, capsys):
    from monitor.cli.main import main

    assert main(["import", "moticon", str(MOTICON_EVENTS), "-o", str(tmp_path / "s"), "--activity", "running"]) == 0
    assert json.loads((tmp_path / "s" / "session.json").read_text(encoding="utf-8"))["activity"] == "running"
    whole = write_session(read_recording("moticon", MOTICON_EVENTS), tmp_path / "w")
    assert json.loads((whole / "session.json").read_text(encoding="utf-8"))["activity"] == "unknown"  # undeclared


def test_the_command_says_the_same_of_a_streamed_and_a_whole_file_import(tmp_path, capsys, monkeypatch):
    from monitor.cli.main import main

    assert main(["import", "moticon", str(MOTICON_EVENTS), "-o", str(tmp_path / "s")]) == 0
    streamed = capsys.readouterr().out.replace(str(tmp_path / "s"), "DIR")
    monkeypatch.setattr(moticon_stream, "stream_moticon", lambda *a, **k: None)
    assert main(["import", "moticon", str(MOTICON_EVENTS), "-o", str(tmp_path / "w")]) == 0
    whole = capsys.readouterr().out.replace(str(tmp_path / "w"), "DIR")
    assert streamed == whole and "missing" in streamed


def test_a_row_group_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    """The row groups are written on a thread of their own: its error reaches the command, nothing stays."""
    import pyarrow.parquet as pq

    from monitor.errors import OutputError

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        moticon_stream.stream_moticon(MOTICON_EVENTS, tmp_path / "deeper" / "s")
    assert list(tmp_path.iterdir()) == []
