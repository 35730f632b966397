"""The Moticon OpenGo UDP stream's acceleration and angular rate, live and in replay.

Datagrams made by the simulator's encoder from the kinematic pedalling of tests/imu_kinematics.py (both
feet, independent of the simulator's model) go through the frame assembler one at a time (live) and many
at once (replay, rebuild): the same frames and the same IMU rows, a lost datagram a NaN row of both; the
analysis core's pipeline gets them, batch by batch (live) or deferred (a replay as fast as possible), and
both say cycling where the force alone does not. A stream without motion (the simulator's zeros) gives no
IMU rows at all.
"""

from __future__ import annotations

import numpy as np
import pytest
from imu_kinematics import ride

from firmware_sim.vendors import moticon as moticon_fw
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FEET, FrameBlock
from monitor.link import moticon
from monitor.link.assembly import SessionAssembler
from monitor.link.records import KIND_NOTIFICATION, RawRecord
from monitor.signal.params import DEFAULT_PARAMS

RATE_HZ = 100
LAYOUTS = {foot: moticon.layout(foot, RATE_HZ) for foot in FEET}
#: N/cm² per N of the generated total force: the forefoot sensors (9-16) carry it, a little on the midfoot
PER_N = np.array([0.0] * 4 + [0.01] * 4 + [0.05] * 8)


def _records(duration_s: float, *, with_imu: bool, lose: frozenset[int] = frozenset()) -> list[RawRecord]:
    feet = {foot: ride([("seated", duration_s, 88.0)], RATE_HZ, seed=k, upstroke_floor=0.0)
            for k, foot in enumerate(FEET)}
    t = feet["left"][0]
    pressure = {foot: f[3][:, None] * PER_N[None, :] for foot, f in feet.items()}
    imu = {foot: np.hstack((f[1], f[2])) for foot, f in feet.items()} if with_imu else None
    datagrams = moticon_fw.encode_datagrams(10.0 + t, pressure, imu)
    # the raw log keeps each datagram under each foot (monitor.link.moticon)
    return [RawRecord(KIND_NOTIFICATION, foot, k / RATE_HZ, d)
            for k, d in enumerate(datagrams) if k not in lose for foot in FEET]


def _live(records: list[RawRecord]) -> list[FrameBlock]:
    asm = SessionAssembler(LAYOUTS)
    blocks = []
    for rec in records:
        blocks += asm.notification(rec.foot, rec.host_s, rec.payload)
    return blocks + asm.finish()


def _replay(records: list[RawRecord], chunk: int) -> list[FrameBlock]:
    asm = SessionAssembler(LAYOUTS)
    blocks = []
    for _rec, got, _ev in asm.feed_records(records, chunk=chunk):
        blocks += got
    return blocks + asm.finish()


def _joined(blocks: list[FrameBlock], foot: str) -> FrameBlock:
    return FrameBlock.concat([b for b in blocks if b.foot == foot])


@pytest.mark.parametrize("chunk", [1, 7, 2048])
def test_the_streams_imu_reaches_the_frames_alike_live_and_in_replay(chunk):
    records = _records(12.0, with_imu=True, lose=frozenset({300, 301, 302}))
    live, replay = _live(records), _replay(records, chunk)
    for foot in FEET:
        a, b = _joined(live, foot), _joined(replay, foot)
        assert np.array_equal(a.t_s, b.t_s)
        assert np.array_equal(a.imu, b.imu, equal_nan=True)
        assert np.array_equal(a.pressure_kpa, b.pressure_kpa, equal_nan=True)
        lost = np.isnan(a.pressure_kpa).all(axis=1)
        assert lost.sum() == 3 and np.isnan(a.imu[lost]).all() and not np.isnan(a.imu[~lost]).any()
        # acceleration in g as sent (6 decimals): a pedal at 88 rpm on a 172.5 mm crank
        assert 0.8 < np.nanmedian(np.linalg.norm(a.imu[:, :3], axis=1)) < 2.5


def test_a_stream_without_motion_gives_no_imu_rows():
    blocks = _live(_records(2.0, with_imu=False))
    assert blocks and all(b.imu is None for b in blocks)


def _core_activity(blocks: list[FrameBlock], deferred: bool) -> dict[str, list[tuple[float, str]]]:
    core = AnalysisCore(LAYOUTS, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.5,
                        emit=lambda alert, since: None, deferred=deferred)
    for b in blocks:
        core.arrival(float(b.t_s[0]))
        core.frames(b)
    core.flush()
    if deferred:
        core.run_deferred()
    return {foot: pipe.activity_ for foot, pipe in core.pipeline.feet.items()}


def test_the_analysis_core_says_cycling_from_the_streams_imu_live_and_deferred():
    blocks = _live(_records(60.0, with_imu=True, lose=frozenset({1234})))
    live = _core_activity(blocks, deferred=False)
    assert live == _core_activity(blocks, deferred=True)
    assert all([a for _, a in acts] == ["cycling"] for acts in live.values()), live
    force_only = _core_activity(_live(_records(60.0, with_imu=False, lose=frozenset({1234}))), deferred=False)
    assert all("cycling" not in {a for _, a in acts} for acts in force_only.values()), force_only


def _write(path, records, close=True):
    from monitor.session.info import SessionInfo
    from monitor.session.writer import SessionWriter

    info = SessionInfo(session_id=path.name, start_utc="2026-12-02T10:00:00.000Z", software_version="test",
                       source="udp", layouts=LAYOUTS, speed=1.0, label="t")
    path.mkdir()
    writer = SessionWriter(path)
    writer.write_info(info)
    for rec in records:
        writer.notification(rec.foot, rec.host_s, rec.payload)
    if close:
        writer.close(info)
    else:
        writer.raw.close()  # the recorder dies: no tables, the raw log as flushed


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "recorder-died"])
def test_a_recorded_stream_keeps_its_imu_and_analyze_uses_it_as_live_did(tmp_path, closed):
    from monitor.analysis.batch import analyze
    from monitor.session.directory import load_session, open_session

    records = _records(60.0, with_imu=True, lose=frozenset({1234}))
    _write(tmp_path / "ride", records, close=closed)
    session = (open_session if closed else load_session)(tmp_path / "ride")
    assert (tmp_path / "ride" / "extras.parquet").is_file() == closed
    live = _live(records)
    for foot in FEET:
        frames_t, _ = session.foot_arrays(foot)
        block = _joined(live, foot)
        assert np.array_equal(frames_t, block.t_s)
        assert np.array_equal(session.imu[foot], block.imu, equal_nan=True)
    result = analyze(session, activity="unknown")
    assert {f: p.activity_ for f, p in result.feet.items()} == _core_activity(live, deferred=False)


def test_a_recording_without_motion_has_no_imu_table(tmp_path):
    """... and its closed session.json claims no IMU, though the layouts it was recorded with did."""
    from monitor.session.directory import open_session

    _write(tmp_path / "ride", _records(3.0, with_imu=False))
    assert not (tmp_path / "ride" / "extras.parquet").exists()
    session = open_session(tmp_path / "ride")
    assert session.imu == {}
    assert all(LAYOUTS[foot].has_imu and not session.info.layouts[foot].has_imu for foot in FEET)


def test_a_replay_takes_the_imu_from_the_raw_log_so_a_deleted_extras_table_is_no_caveat(tmp_path, capsys,
                                                                                     monkeypatch):
    """analyze reads a closed recording's IMU rows from extras.parquet, and says when they are missing; the
    replay reads none of it: its frames, IMU rows included, come from the raw log as the live ones came
    from the stream, so its activity is the live one and it has nothing to say (docs/session-format.md)."""
    from monitor.analysis.streaming import AnalysisCore
    from monitor.cli.main import main

    path = tmp_path / "ride"
    _write(path, _records(20.0, with_imu=True))
    (path / "extras.parquet").unlink()
    assert main(["analyze", str(path)]) == 0
    said = "session.json says the insole has an IMU (has_imu), but the session holds no IMU rows"
    assert said in capsys.readouterr().out  # analyze's caveat: its activity from pressure alone
    rows = dict.fromkeys(FEET, 0)
    frames = AnalysisCore.frames

    def counted(core, block):
        if block.imu is not None:
            rows[block.foot] += int(np.isfinite(block.imu[:, :3]).all(axis=1).sum())
        return frames(core, block)

    monkeypatch.setattr(AnalysisCore, "frames", counted)
    assert main(["replay", "--plain", str(path)]) == 0
    out, err = capsys.readouterr()
    assert said not in out + err and "has_imu" not in out + err
    assert rows == dict.fromkeys(FEET, 20 * RATE_HZ)  # every frame of the 20 s with its IMU row
