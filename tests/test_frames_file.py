"""The frames table written while the raw log is decoded (monitor.session.frames_file) is the table built
whole (monitor.session.model.frames_table), row for row and bit for bit: late frames, lost packets, chunk
edges anywhere, one foot or two."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from firmware_sim.firmware import Packetiser, encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from monitor.link.protocol import decode_layout
from monitor.session.directory import RAW_LOG, load_session, rebuild_tables
from monitor.session.frames_file import rebuild_frames_file
from monitor.session.info import SessionInfo
from monitor.session.writer import SessionWriter, new_session_dir

PERIOD_US = 10_000


def _record(path, feet=("left", "right"), n_frames=400, drop=(), late=()):
    """A raw log of ``feet`` at 100 Hz, 8 frames a packet; packets (foot, index) in ``drop`` never sent,
    those in ``late`` sent five packets after their turn. Returns the open SessionWriter and the
    SessionInfo."""
    rng = np.random.default_rng(7)
    layouts = {f: decode_layout(encode_layout(InsoleSpec(f))) for f in feet}
    info = SessionInfo(session_id=path.name, start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="sim", layouts=layouts, speed=1.0, label="t")
    writer = SessionWriter(path)
    writer.write_info(info)
    pk = {f: Packetiser(18) for f in feet}
    held: list[tuple[int, str, bytes]] = []
    for i in range(0, n_frames, 8):
        for foot in feet:
            kpa = np.round(rng.uniform(0, 300, size=(8, 18)) * 4) / 4
            (data,) = pk[foot].packetise(1_000_000 + i * PERIOD_US, PERIOD_US, kpa_to_raw(kpa, 250, 12),
                                         payload_limit=244)
            if (foot, i // 8) in drop:
                continue
            if (foot, i // 8) in late:
                held.append((i // 8 + 5, foot, data))
                continue
            writer.notification(foot, (i + 8) * 0.01 + 0.001, data)
        for due, foot, data in [h for h in held if h[0] == i // 8]:
            writer.notification(foot, (i + 8) * 0.01 + 0.002, data)
    return writer, info


@pytest.mark.parametrize("feet, drop, late, chunk", [
    (("left", "right"), (), (), 131_072),
    (("left", "right"), (("left", 3), ("right", 10)), (("left", 6), ("right", 20)), 7),
    (("left", "right"), (("left", 3),), (("left", 12),), 64),
    (("right",), (("right", 2),), (("right", 9),), 5),
])
def test_streamed_table_is_the_whole_table(tmp_path, feet, drop, late, chunk):
    path = new_session_dir(tmp_path, "streamed")
    writer, info = _record(path, feet, drop=drop, late=late)
    writer.raw.close()
    whole, gaps_whole, extra_whole = rebuild_tables(path / RAW_LOG, info)
    if late:
        assert extra_whole["counters"][late[0][0]]["packets_late"] > 0
    out = tmp_path / "frames.parquet"
    gaps, extra, error = rebuild_frames_file(path / RAW_LOG, info, out, chunk_frames=chunk)
    assert error is None
    got = pd.read_parquet(out)
    pd.testing.assert_frame_equal(got, whole.reset_index(drop=True), check_exact=True)
    pd.testing.assert_frame_equal(gaps, gaps_whole)
    assert extra == extra_whole
    whole.to_parquet(tmp_path / "whole.parquet", index=False)
    assert pq.read_schema(out).equals(pq.read_schema(tmp_path / "whole.parquet"), check_metadata=True)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".frames-spill-")]  # spill removed


def test_a_closed_recording_loads_the_streamed_table(tmp_path):
    path = new_session_dir(tmp_path, "closed")
    writer, info = _record(path, drop=(("left", 4),), late=(("right", 7),))
    writer.close(info)
    whole, _, _ = rebuild_tables(path / RAW_LOG, info)
    s = load_session(path)
    pd.testing.assert_frame_equal(s.frames, whole, check_exact=True)
    assert sorted(p.name for p in path.iterdir()) == ["frames.parquet", "gaps.csv", "raw.swlog", "session.json"]


@pytest.mark.parametrize("n_sensors, chunk", [((16, 16), 7), ((8, 12), 5), ((12,), 64), ((16, 16), 100_000)])
def test_frames_written_from_arrays_are_the_whole_table(tmp_path, n_sensors, chunk):
    """An imported recording's frames (monitor.importers.session): the feet's float32 arrays written in chunks
    are the table frames_table builds from them, bit for bit; feet of other sizes, shared and own times."""
    from monitor.codebook import FrameBlock, SensorLayout
    from monitor.session.frames_file import write_frames_arrays
    from monitor.session.model import frames_table

    rng = np.random.default_rng(5)
    feet = ("left", "right") if len(n_sensors) == 2 else ("right",)
    layouts = {f: SensorLayout(side=f, x=np.linspace(-0.3, 0.3, n).tolist(), y=np.linspace(0.05, 0.95, n).tolist(),
                               area_mm2=[150.0] * n, regions=["heel_medial"] * n, kpa_per_count=0.01, rates_hz=(100,),
                               current_rate_hz=100, sample_bits=16)
               for f, n in zip(feet, n_sensors)}
    info = SessionInfo(session_id="s", start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="import", layouts=layouts, speed=1.0, label="t")
    t_s, p = {}, {}
    for k, foot in enumerate(feet):
        n = 150 + 13 * k
        t_s[foot] = np.arange(n) * 0.01 + (0.004 if k else 0.0) + (0.5 if k and n_sensors[0] == 8 else 0.0)
        t_s[foot][::10] = np.round(t_s[foot][::10], 2)  # some times the other foot has too
        p[foot] = (np.round(rng.uniform(0, 300, (n, n_sensors[k])) * 4) / 4).astype(np.float32)
        p[foot][rng.random(p[foot].shape) < 0.05] = np.nan
        p[foot][20:23] = np.nan
    out = tmp_path / "frames.parquet"
    write_frames_arrays(info, t_s, p, out, chunk_frames=chunk)
    whole = frames_table(info, {foot: [FrameBlock(foot, t_s[foot], p[foot])] for foot in feet})
    pd.testing.assert_frame_equal(pd.read_parquet(out), whole, check_exact=True)
    whole.to_parquet(tmp_path / "whole.parquet", index=False)
    assert pq.read_schema(out).equals(pq.read_schema(tmp_path / "whole.parquet"), check_metadata=True)
