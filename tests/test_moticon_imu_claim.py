"""A Moticon UDP recording claims an IMU only where its datagrams carried one: the simulated app, which
sends no motion (six zeros per foot), streams to the UDP link on 127.0.0.1, and the session's
session.json says no IMU, has no extras.parquet, and analyze, replay, report and export of it never look
for IMU rows (monitor.session.directory reads the extras table only for a layout with an IMU)."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest

from firmware_sim.vendors import moticon as moticon_fw
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.session.directory import SESSION_JSON, load_session
from monitor.session.info import SessionInfo
from monitor.session.names import EXTRAS_TABLE
from monitor.session.writer import SessionWriter


async def _record_sim_stream(out_dir):
    from monitor.link.ble import LinkConfig
    from monitor.link.udp import UdpLink
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles

    speed = 10.0
    async with simulated_insoles("healthy-ride", speed=speed, seed=2, faults=[], insole="moticon-udp") as sim:
        link = UdpLink(LinkConfig(speed=speed), port=0)
        await sim.start_stream(await link.listen())
        await link.wait_for_stream(timeout_s=10.0)
        assert not any(layout.has_imu for layout in link.layouts.values())  # its first datagram had none
        summary = await record_session(link, sim.meta, duration_s=5.0, out_dir=out_dir)
    return summary.path


@pytest.mark.timeout(120)
def test_a_moticon_stream_without_motion_claims_no_imu_end_to_end(tmp_path, monkeypatch, capsys) -> None:
    from monitor.cli.main import main

    path = asyncio.run(_record_sim_stream(tmp_path / "sessions"))  # the commands below run their own loops
    layouts = json.loads((path / SESSION_JSON).read_text())["layouts"]
    assert {foot: layouts[foot]["has_imu"] for foot in FEET} == {"left": False, "right": False}
    assert not (path / EXTRAS_TABLE).exists()
    session = load_session(path)
    assert session.imu == {} and session.counters["left"]["frames_received"] > 300

    def no_imu_rows(*_a, **_k):
        raise AssertionError("looked for IMU rows the session does not have")

    monkeypatch.setattr("monitor.session.directory.read_imu_table", no_imu_rows)
    runs = [["analyze", str(path)], ["analyze", "--json", str(path)], ["replay", str(path)],
            ["report", str(path), "-o", str(tmp_path / "r.html")],
            ["export", str(path), "-o", str(tmp_path / "frames.csv")]]
    for argv in runs:
        assert main(argv) == 0, (argv, capsys.readouterr().err)
    capsys.readouterr()


def _write(path, datagrams, layouts, *, close: bool):
    info = SessionInfo(session_id=path.name, start_utc="2026-12-02T10:00:00.000Z", software_version="test",
                       source="udp", layouts=layouts, speed=1.0, label="t")
    path.mkdir()
    writer = SessionWriter(path)
    writer.write_info(info)
    for k, data in enumerate(datagrams):
        for foot in FEET:
            writer.notification(foot, k / 100, data)
    if close:
        writer.close(info)
    else:
        writer.raw.close()  # the recorder dies: no tables, session.json as the recording started


def _datagrams(n: int, *, imu_from: int | None):
    """``n`` datagrams at 100 Hz; from frame ``imu_from`` on (None: never) with acceleration (1 g on z)."""
    t = np.arange(n) / 100
    p = {foot: np.full((n, 16), 2.0) for foot in FEET}
    imu = np.zeros((n, 6))
    if imu_from is not None:
        imu[imu_from:, 2] = 1.0
    return moticon_fw.encode_datagrams(t, p, {foot: imu for foot in FEET})


@pytest.mark.parametrize("close", [True, False], ids=["closed", "recorder-died"])
def test_imu_that_came_after_the_first_datagram_is_kept(tmp_path, close) -> None:
    """A stream whose first datagram carried no motion (the link's layouts: no IMU) but later ones did: the
    close says IMU and keeps the rows; a recorder that died is read from its raw log with them too."""
    path = tmp_path / "ride"
    _write(path, _datagrams(300, imu_from=100), {f: moticon.layout(f, has_imu=False) for f in FEET}, close=close)
    info = json.loads((path / SESSION_JSON).read_text())
    assert all(info["layouts"][f]["has_imu"] == close for f in FEET)
    session = load_session(path)
    for foot in FEET:
        rows = session.imu[foot]
        assert rows.shape == (300, 6) and np.isnan(rows[:100]).all() and (rows[100:, 2] == 1.0).all()
