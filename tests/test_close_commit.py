"""A recording's close writes its tables as one set: a recorder killed (SIGKILL, a power cut) at any step of
the close leaves a session that reads as the closed one does, frames, gaps, counters and IMU rows, from the
tables where they are all there and from raw.swlog otherwise (monitor.session.writer.SessionWriter,
monitor.session.directory._tables_whole). Each step of the close ends in a rename (os.replace): the kill is
simulated at each in turn, as an exception no code of the close catches, for an 18-sensor simulated session
and a Moticon UDP one (whose IMU rows go to extras.parquet)."""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from test_frames_file import _record
from vendor_rides import record_ride

from monitor.session.directory import EXTRAS_TABLE, SESSION_JSON, load_session, open_session
from monitor.session.writer import SessionWriter, new_session_dir
from monitor.util.outputs import write_json_atomic


class Killed(BaseException):
    """The process ends here: nothing after it runs (no ``except Exception``, no KeyboardInterrupt handler)."""


def _kill_at_rename(monkeypatch, k: int) -> None:
    """Make the close (SessionWriter.close) die at its ``k``-th rename (1 = the first), before it is done."""
    real_close, real_replace = SessionWriter.close, os.replace

    def close(self, *args, **kwargs):
        seen = [0]

        def replace(src, dst):
            seen[0] += 1
            if seen[0] == k:
                raise Killed(f"rename {k}: {dst}")
            return real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
        try:
            return real_close(self, *args, **kwargs)
        finally:
            monkeypatch.setattr(os, "replace", real_replace)

    monkeypatch.setattr(SessionWriter, "close", close)


def _sim(out):
    path = new_session_dir(out, "sim")
    writer, info = _record(path, drop=(("left", 4),), late=(("right", 7),))
    writer.close(info)
    return path


def _moticon(out):
    """A Moticon UDP ride whose datagrams carry acceleration and angular rate."""
    return record_ride("moticon-udp", "healthy-ride", out, seed=3, duration_s=20.0, imu=True)


def _only_session(out):
    (path,) = [p.parent for p in out.glob("*/session.json")]
    return path


def _same(got, want) -> None:
    if got.frames is not None:
        pd.testing.assert_frame_equal(got.frames.reset_index(drop=True), want.frames.reset_index(drop=True),
                                      check_exact=True)
    for foot in want.info.layouts:  # as read from the table on disk (open_session) or in memory
        for a, b in zip(got.foot_arrays(foot), want.foot_arrays(foot)):
            np.testing.assert_array_equal(a, b)
    pd.testing.assert_frame_equal(got.gaps.reset_index(drop=True), want.gaps.reset_index(drop=True))
    assert set(got.imu) == set(want.imu)
    for foot, rows in want.imu.items():
        np.testing.assert_array_equal(got.imu[foot], rows)
    assert got.counters == want.counters


@pytest.mark.parametrize("make", [_sim, _moticon], ids=["sim-18-sensors", "moticon-udp"])
def test_a_recorder_killed_at_any_step_of_its_close_loses_nothing(tmp_path, monkeypatch, make):
    closed = load_session(make(tmp_path / "closed"))
    if make is _moticon:  # the stream's IMU rows are kept in the extras table
        assert (closed.path / EXTRAS_TABLE).is_file()
        assert all(np.isfinite(rows).any() for rows in closed.imu.values()) and len(closed.imu) == 2
        assert all(layout.has_imu for layout in closed.info.layouts.values())  # the IMU that came
    killed_at = []
    for k in range(1, 10):
        _kill_at_rename(monkeypatch, k)
        try:
            make(tmp_path / f"killed-{k}")
        except Killed:
            killed_at.append(k)
        else:
            break
        finally:
            monkeypatch.undo()
        path = _only_session(tmp_path / f"killed-{k}")
        _same(load_session(path), closed)
        _same(open_session(path), closed)
    assert len(killed_at) >= 3  # frames, session.json and gaps.csv at least


def test_a_session_whose_close_was_killed_after_gaps_csv_rebuilds_its_imu_rows_and_counters(tmp_path):
    """A Moticon UDP session as a close that wrote gaps.csv before extras.parquet and the final session.json
    left it when killed between the two: frames.parquet, gaps.csv, the session.json of the recording's start
    (no counters). Its IMU rows and counters are read from its raw log."""
    closed = load_session(_moticon(tmp_path))
    path = closed.path
    (path / EXTRAS_TABLE).unlink()
    started = replace(closed.info, end_utc=None, duration_s=None, stats={})
    write_json_atomic(path / SESSION_JSON, started.to_json())
    _same(load_session(path), closed)
    s = open_session(path)
    assert s.frames is not None  # read from the raw log, whole
    _same(s, closed)
