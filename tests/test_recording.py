"""Raw log, session.json, frames table, load_session: round trips, torn tails, damaged files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from firmware_sim.firmware import Packetiser, encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from monitor import SessionFormatError, load_session
from monitor.errors import RawLogDamaged
from monitor.link.protocol import decode_layout
from monitor.session.directory import GAPS_TABLE, RAW_LOG, SESSION_JSON, rebuild_tables
from monitor.session.info import SessionInfo
from monitor.session.rawlog import MAGIC, RawLogWriter, iter_raw_log
from monitor.session.writer import SessionWriter, new_session_dir

PERIOD_US = 10_000


def _info(path, feet=("left", "right")):
    layouts = {f: decode_layout(encode_layout(InsoleSpec(f))) for f in feet}
    return SessionInfo(session_id=path.name, start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="sim", layouts=layouts, speed=1.0, label="t")


def _write_session(path, n_frames=240, drop_left=(), close=True):
    """Both feet, 8 frames per packet, optional dropped left packets; returns (writer, truth kPa)."""
    rng = np.random.default_rng(3)
    writer = SessionWriter(path)
    info = _info(path)
    writer.write_info(info)
    truth = {}
    for foot in ("left", "right"):
        kpa = np.round(rng.uniform(0, 300, size=(n_frames, 18)) * 4) / 4
        truth[foot] = kpa
    pk = {f: Packetiser(18) for f in truth}
    writer.event(0.0, {"event": "connected", "foot": "left"})
    for i in range(0, n_frames, 8):
        for foot in ("left", "right"):
            raw = kpa_to_raw(truth[foot][i:i + 8], 250, 12)
            (data,) = pk[foot].packetise(1_000_000 + i * PERIOD_US, PERIOD_US, raw, payload_limit=244)
            if foot == "left" and i // 8 in drop_left:
                continue
            writer.notification(foot, (i + 8) * 0.01 + 0.001, data)
    if close:
        writer.close(info)
    return writer, truth


def test_closed_session_round_trips_frames_exactly(tmp_path):
    path = new_session_dir(tmp_path, "round trip")
    assert path.name.endswith("-round-trip")
    _, truth = _write_session(path)
    s = load_session(path)
    assert list(s.frames.columns[:3]) == ["t_s", "foot", "p00_kpa"]
    assert s.frames["p00_kpa"].dtype == np.float32
    assert np.all(np.diff(s.frames["t_s"].to_numpy()) >= 0)
    for foot in ("left", "right"):
        got = s.foot_frames(foot)
        assert len(got) == 240
        np.testing.assert_array_equal(got.iloc[:, 2:].to_numpy(dtype=float), truth[foot])
    assert s.events[0]["event"] == "connected"
    assert s.truncated_tail_bytes == 0


def test_frames_table_values_equal_what_was_sent(tmp_path):
    path = new_session_dir(tmp_path, "values")
    _, truth = _write_session(path, drop_left=(3,))
    s = load_session(path)
    left = s.foot_frames("left").iloc[:, 2:].to_numpy(dtype=float)
    expect = truth["left"].copy()
    expect[24:32] = np.nan  # the dropped packet stays missing
    np.testing.assert_array_equal(left, expect)
    np.testing.assert_array_equal(s.foot_frames("right").iloc[:, 2:].to_numpy(dtype=float), truth["right"])
    assert s.counters["left"]["packets_lost"] == 1
    assert list(s.gaps["frames_missing"]) == [8]


def test_killed_recorder_session_loads_from_the_raw_log_up_to_a_torn_record(tmp_path):
    path = new_session_dir(tmp_path, "killed")
    writer, truth = _write_session(path, close=False)
    writer.raw.flush()
    raw = path / RAW_LOG
    data = raw.read_bytes()
    raw.write_bytes(data[:-37])  # the last record half written
    s = load_session(path)
    assert s.truncated_tail_bytes > 0
    right = s.foot_frames("right")
    assert len(right) == 232  # the last right packet was torn
    np.testing.assert_array_equal(right.iloc[:, 2:].to_numpy(dtype=float), truth["right"][:232])


def test_rebuild_equals_the_table_written_on_close(tmp_path):
    path = new_session_dir(tmp_path, "rebuild")
    _write_session(path, drop_left=(2, 5))
    s = load_session(path)
    frames, gaps, _ = rebuild_tables(path / RAW_LOG, s.info)
    np.testing.assert_array_equal(frames.iloc[:, 2:].to_numpy(), s.frames.iloc[:, 2:].to_numpy())
    np.testing.assert_array_equal(frames["t_s"].to_numpy(), s.frames["t_s"].to_numpy())


def test_damage_in_the_first_record_of_the_raw_log_names_the_byte_and_the_rest_loads(tmp_path):
    """A damaged first record was an error that lost the session; it is skipped, named by its byte, and
    every record after it is read."""
    path = new_session_dir(tmp_path, "damaged")
    _write_session(path, close=False)[0].raw.close()
    raw = path / RAW_LOG
    whole = [r.offset for r in iter_raw_log(raw)]
    data = bytearray(raw.read_bytes())
    data[len(MAGIC) + 20] ^= 0xFF
    raw.write_bytes(bytes(data))
    with pytest.warns(RawLogDamaged, match=r"raw.swlog: byte 8: \d+ bytes damaged, skipped"):
        s = load_session(path)
    assert [(x.offset, x.n_bytes) for x in s.damaged_spans] == [(8, whole[1] - 8)]
    assert len(s.frames) > 0


def test_writer_survives_a_write_error_and_keeps_what_it_had(tmp_path):
    w = RawLogWriter(tmp_path / "x.swlog")
    w.append_event(0.0, {"event": "connected", "foot": "left"})
    w.flush()

    class Full:
        def write(self, _):
            raise OSError(28, "No space left on device")

        def flush(self):
            raise OSError(28, "No space left on device")

        def close(self):
            pass

    w._fh = Full()
    w.append_notification("left", 0.1, b"\x01" * 20)
    assert w.error is not None and w.error.errno == 28
    w.append_notification("left", 0.2, b"\x01" * 20)  # ignored, no exception
    assert [r.event["event"] for r in iter_raw_log(tmp_path / "x.swlog")] == ["connected"]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.pop("layouts"), "missing field"),
        (lambda d: d.update(format_version=7), "format_version"),
        (lambda d: d.update(colour="red"), "unknown field"),
        (lambda d: d["layouts"]["left"].update(side="middle"), "layouts"),
        (lambda d: d.update(speed="fast"), "speed"),
    ],
)
def test_bad_session_json_is_one_clear_error(tmp_path, mutate, message):
    path = new_session_dir(tmp_path, "bad")
    _write_session(path)
    d = json.loads((path / "session.json").read_text())
    mutate(d)
    (path / "session.json").write_text(json.dumps(d))
    with pytest.raises(SessionFormatError, match=message) as exc:
        load_session(path)
    assert "session.json" in str(exc.value)


def test_session_json_syntax_error_names_the_line(tmp_path):
    path = new_session_dir(tmp_path, "syntax")
    _write_session(path)
    (path / "session.json").write_text('{\n  "format_version": 1,\n  oops\n}')
    with pytest.raises(SessionFormatError, match=r"session.json: line 3"):
        load_session(path)


def test_not_a_session(tmp_path):
    with pytest.raises(SessionFormatError, match="session.json: missing"):
        load_session(tmp_path)
    with pytest.raises(SessionFormatError, match="not a directory"):
        load_session(tmp_path / "nope")


def test_frames_table_rows_are_sorted_by_time_then_foot_stably(tmp_path):
    """The frames table's row order is a stable sort by t_s, then foot (left first), of the feet's rows one
    after the other: equal times keep their order, a foot with fewer sensors is NaN beyond them, NaN
    times come last."""
    import pandas as pd

    from monitor.codebook import FrameBlock, sensor_columns
    from monitor.session.model import frames_table

    info = _info(tmp_path / "order")
    n = info.layouts["left"].n_sensors
    t = {"left": np.array([0.2, 0.1, 0.1, np.nan, 0.0]), "right": np.array([0.1, np.nan, 0.0, 0.2])}
    p = {foot: np.arange(t[foot].size * n, dtype=np.float32).reshape(-1, n) + (1000 if foot == "right" else 0)
         for foot in t}
    blocks = {foot: [FrameBlock(foot, t[foot][:2], p[foot][:2]), FrameBlock(foot, t[foot][2:], p[foot][2:])]
              for foot in t}
    got = frames_table(info, blocks)
    parts = [pd.DataFrame({"t_s": t[foot], "foot": foot, **dict(zip(sensor_columns(n), p[foot].T))})
             for foot in ("left", "right")]
    expect = pd.concat(parts, ignore_index=True).sort_values(["t_s", "foot"], kind="stable")
    assert list(got.columns) == ["t_s", "foot", *sensor_columns(n)]
    assert str(got["foot"].dtype) == "category" and list(got["foot"].cat.categories) == ["left", "right"]
    assert got["foot"].astype(str).tolist() == expect["foot"].tolist()
    np.testing.assert_array_equal(got["t_s"].to_numpy(), expect["t_s"].to_numpy())
    np.testing.assert_array_equal(got.iloc[:, 2:].to_numpy(), expect.iloc[:, 2:].to_numpy(dtype=np.float32))
    assert got.index.equals(pd.RangeIndex(9))


def test_a_close_interrupted_after_the_frames_table_leaves_no_table_and_a_closed_session(tmp_path, monkeypatch):
    """A KeyboardInterrupt (Ctrl-C as the recorder closes, monitor.util.interrupts) as gaps.csv is renamed into
    place, the last step of the close (frames.parquet and session.json already in place): neither table nor
    any temporary file is left, session.json is the final one (closed), and the session reads from its raw
    log, whole."""
    import contextlib
    import os
    from dataclasses import replace

    path = new_session_dir(tmp_path, "interrupted")
    writer, truth = _write_session(path, close=False)
    real = os.replace

    def interrupted(src, dst):
        if os.path.basename(dst) == GAPS_TABLE:
            raise KeyboardInterrupt("SIGINT")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    info = replace(writer.info, duration_s=2.4)
    writer.close(info, interrupts=contextlib.nullcontext)
    assert writer.interrupted and writer.error is None
    assert sorted(p.name for p in path.iterdir()) == [RAW_LOG, SESSION_JSON]
    session = load_session(path)
    assert session.info.duration_s == 2.4 and not session.unclosed_note()
    for foot in ("left", "right"):
        got = session.foot_frames(foot)
        np.testing.assert_array_equal(got.iloc[:, 2:].to_numpy(dtype=float), truth[foot])
