"""A session streamed from disk (monitor.session.directory.open_session: frames read one foot and one block
at a time) gives the analysis and the report data of the session loaded whole, number for number; its
errors are those of load_session."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from monitor.analysis.batch import analyze
from monitor.errors import SessionFormatError
from monitor.report import frames_data, maps_data, quality_data
from monitor.report.data import report_data
from monitor.session import frames_reader
from monitor.session.directory import SESSION_JSON, load_session, open_session
from monitor.session.offline import offline_session
from monitor.session.writer import write_tables
from monitor.util.outputs import write_json_atomic


def _same(a, b, where="") -> None:
    """Equal, NaN equal to NaN, through dataclasses, dicts, lists and arrays."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), where
    else:
        assert a == b, where


@pytest.fixture(scope="module")
def session_dir(tmp_path_factory):
    """A 3-minute two-foot ride written as a closed session directory, one foot a second shorter and with
    a stretch of missing frames."""
    s = offline_session("cleat-forward", duration_s=180, seed=2)
    frames = s.frames
    right = frames.index[frames["foot"] == "right"]
    frames = frames.drop(right[-100:])
    left = frames.index[frames["foot"] == "left"]
    frames.loc[left[5000:5300], frames.columns[2:]] = np.nan
    path = tmp_path_factory.mktemp("streamed") / "ride"
    path.mkdir()
    write_json_atomic(path / SESSION_JSON, s.info.to_json())
    write_tables(path, frames.reset_index(drop=True), s.gaps)
    return path


def test_the_streamed_session_analyses_and_reports_as_the_loaded_one(session_dir, monkeypatch):
    monkeypatch.setattr(frames_reader, "BATCH_ROWS", 4_099)  # batches that cut blocks and feet anywhere
    for module in (frames_data, maps_data, quality_data):  # the report's passes in many chunks
        monkeypatch.setattr(module, "CHUNK_FRAMES", 4_096)
    whole, streamed = load_session(session_dir), open_session(session_dir)
    assert streamed.frames is None
    a, b = analyze(whole), analyze(streamed)
    assert a.to_json_dict() == b.to_json_dict()
    assert a.alerts, "the ride should give alerts to compare"
    _same(report_data(whole, a), report_data(streamed, b))
    for foot in ("left", "right"):
        _same(whole.foot_arrays(foot), streamed.foot_arrays(foot))
        blocks = list(streamed.foot_chunks(foot, 6_000))
        assert {t.size for t, _ in blocks[:-1]} == {6_000}
        _same(np.concatenate([t for t, _ in blocks]), whole.foot_arrays(foot)[0])
    assert streamed.last_t_s() == whole.last_t_s()


@pytest.mark.parametrize("damage", ["truncated", "time back", "foot"])
def test_a_damaged_table_is_said_as_load_session_says_it(session_dir, tmp_path, monkeypatch, damage):
    monkeypatch.setattr(frames_reader, "BATCH_ROWS", 4_099)  # the bad row in a later batch
    path = tmp_path / "bad"
    path.mkdir()
    whole = load_session(session_dir)
    (path / SESSION_JSON).write_bytes((session_dir / SESSION_JSON).read_bytes())
    frames = whole.frames.copy()
    if damage == "time back":
        frames.loc[12345, "t_s"] = 1.0
    if damage == "foot":
        frames["foot"] = frames["foot"].astype(str)
        frames.loc[12345, "foot"] = "middle"
    write_tables(path, frames, whole.gaps)
    if damage == "truncated":
        data = (path / "frames.parquet").read_bytes()
        (path / "frames.parquet").write_bytes(data[:len(data) // 2])
    with pytest.raises(SessionFormatError) as loaded:
        load_session(path)
    with pytest.raises(SessionFormatError) as streamed:
        open_session(path)
    assert str(streamed.value) == str(loaded.value)
