"""Every insole kind through its simulated insole: the Solewatch profile, ORPHE INSOLE and Ukaton Mission
through the virtual radio, the Moticon stream over UDP on 127.0.0.1. Each is found by its kind, both feet
record with that insole's layout, the fault matrix (corrupt, lost and duplicated packets, a drop and its
reconnect, the device clock's wrap) is counted as the insole made it, the raw log rebuilds the same
frames, and haptics go where the insole has a motor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from monitor import load_session
from monitor.cli.main import INSOLE_KIND_CHOICES
from monitor.codebook import INSOLE_KINDS
from monitor.link.ble import LinkConfig, scan
from monitor.link.pairing import open_pair
from monitor.link.protocol import ResultCode, command_haptic
from monitor.live.recorder import record_session
from monitor.live.simulated import simulated_insoles
from monitor.session.directory import RAW_LOG, rebuild_tables

N_SENSORS = {"solewatch": 18, "orphe": 6, "ukaton": 16, "moticon-udp": 16}
#: Packets each simulated insole sends per second (docs/devices.md; the Solewatch profile's insole sends
#: 8 frames of 100 Hz per packet, firmware_sim.layout).
PACKETS_PER_S = {"solewatch": 12.5, "orphe": 50, "ukaton": 50}


def test_cli_kinds_are_the_codebooks() -> None:
    assert INSOLE_KIND_CHOICES == INSOLE_KINDS


@pytest.mark.looptime
@pytest.mark.timeout(60)
async def test_haptics_play_on_ukaton_and_are_refused_by_orphe() -> None:
    for kind, expect in (("ukaton", ResultCode.SUCCESS), ("orphe", ResultCode.NOT_SUPPORTED)):
        async with simulated_insoles("healthy-ride", speed=10.0, seed=1, faults=[], insole=kind) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=10.0), kind=kind)
            try:
                assert link.layouts["left"].has_haptic == (kind == "ukaton")
                resp = await link.command("left", command_haptic(300, 70, 2))
                assert resp.result == expect
            finally:
                await link.close()
            pulses = sim.pair.left.haptic_log
        if kind == "ukaton":
            assert [(p.duration_ms, p.intensity_percent, p.repeat) for p in pulses] == [(300, 70, 2)]
        else:
            assert pulses == []


#: Each kind's clock wraps 5 s into the ride: the Solewatch profile's 32-bit microseconds, ORPHE's time
#: of day passes midnight, Ukaton's 16-bit millisecond stamp passes 65 535, the Moticon stream's time
#: passes 2**32 us (the link keeps it mod 2**32, monitor.link.moticon.MoticonRows).
WRAP_SOON = {"solewatch": {"t0_us": 2**32 - 5_000_000}, "orphe": {"start_time_of_day_ms": 86_400_000 - 5_000},
             "ukaton": {"t0_us": (65_536 - 5_000) * 1000}, "moticon-udp": {"t0_s": 2**32 / 1e6 - 5.0}}
FAULTS = ["corrupt:left@3s:2", "lose:right@4s:3", "duplicate:right@6s:1", "drop:left@8s+2s"]


@pytest.mark.looptime
@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["solewatch", "orphe", "ukaton"])
async def test_vendor_faults_are_counted_as_the_insoles_made_them(kind: str, tmp_path) -> None:
    """Found by kind, both feet recorded with that insole's layout; every fault counted as injected, across
    the clock's wrap; the raw log rebuilds the frames table."""
    speed = 20.0
    async with simulated_insoles("healthy-ride", speed=speed, seed=3, faults=FAULTS, insole=kind,
                                 **WRAP_SOON[kind]) as sim:
        found = await scan(sim.backends, timeout_s=1.0, enough=2)
        assert sorted(f.kind for f in found) == [kind, kind]
        other = "orphe" if kind == "solewatch" else "solewatch"
        assert await scan(sim.backends, timeout_s=0.2, kinds=(other,)) == []
        link = await open_pair(sim.backends, LinkConfig(speed=speed), kind=kind)
        assert set(link.feet) == {"left", "right"}
        summary = await record_session(link, sim.meta, duration_s=12.0, out_dir=tmp_path)
        sent = {foot: ins.counters for foot, ins in sim.pair.insoles.items()}
    left, right = summary.counters["left"], summary.counters["right"]
    assert (right["packets_lost"], right["packets_duplicate"], right["packets_corrupt"]) == (3, 1, 0)
    assert (left["packets_lost"], left["packets_corrupt"]) == (0, 2)
    assert left["packets_missed_link_down"] >= 2 * PACKETS_PER_S[kind]  # 2 s unseen
    for foot, c in summary.counters.items():
        assert c["packets_received"] == sent[foot].packets_sent  # everything the insole sent arrived
        assert c["packets_late"] == 0
    session = load_session(summary.path)
    for foot in ("left", "right"):
        layout = session.info.layouts[foot]
        assert (layout.insole, layout.n_sensors, layout.calibrated) == (kind, N_SENSORS[kind], kind == "solewatch")
    frames, _gaps, _extra = rebuild_tables(session.path / RAW_LOG, session.info)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    assert np.array_equal(frames[cols].to_numpy(), session.frames[cols].to_numpy(), equal_nan=True)
    right_t = session.frames.loc[session.frames["foot"] == "right", "t_s"].to_numpy()
    period_s = 1 / session.info.layouts["right"].current_rate_hz
    # across the clock's wrap the frames keep their period (the lost ones are NaN rows in their place)
    assert np.all(np.diff(right_t) > 0) and np.diff(right_t).max() < 3 * period_s
    assert right_t[-1] > 10.0


@pytest.mark.timeout(60)
async def test_moticon_udp_stream_records_both_feet(tmp_path) -> None:
    """The simulated Moticon app streams to the UDP link on 127.0.0.1: both feet, 16 sensors, in kPa."""
    from monitor.link.udp import UdpLink

    speed = 10.0
    async with simulated_insoles("cleat-forward", speed=speed, seed=1, faults=[], insole="moticon-udp") as sim:
        link = UdpLink(LinkConfig(speed=speed), port=0)
        port = await link.listen()
        await sim.start_stream(port)
        await link.wait_for_stream(timeout_s=10.0)
        summary = await record_session(link, sim.meta, duration_s=5.0, out_dir=tmp_path)
        resp = await link.command("left", command_haptic(300, 70, 2))
    assert resp.result == ResultCode.NOT_SUPPORTED
    session = load_session(summary.path)
    assert session.info.source == "sim"
    for foot in ("left", "right"):
        layout = session.info.layouts[foot]
        assert (layout.insole, layout.n_sensors, layout.calibrated) == ("moticon-udp", 16, True)
        c = summary.counters[foot]
        assert c["packets_lost"] == c["packets_corrupt"] == 0 and c["frames_received"] > 300
    frames, _gaps, _extra = rebuild_tables(session.path / RAW_LOG, session.info)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    assert np.array_equal(frames[cols].to_numpy(), session.frames[cols].to_numpy(), equal_nan=True)
    assert np.nanmax(session.frames[cols].to_numpy()) > 50.0  # kPa under the ball of the foot


@pytest.mark.looptime
@pytest.mark.timeout(120)
async def test_moticon_stream_faults_are_counted_as_the_app_made_them(tmp_path) -> None:
    """The fault matrix on the Moticon stream, where one datagram carries both feet: each foot counts the
    corrupt, lost and duplicated datagrams, and the app's 2-s pause (UDP has no link to drop) as the
    frames it never sent; across the wrap of the stream's 32-bit microseconds the frames keep their
    period; the raw log rebuilds the frames table."""
    from monitor.link.udp import UdpLink

    speed = 20.0
    async with simulated_insoles("healthy-ride", speed=speed, seed=3, faults=FAULTS, insole="moticon-udp",
                                 **WRAP_SOON["moticon-udp"]) as sim:
        link = UdpLink(LinkConfig(speed=speed), port=0)
        await sim.start_stream(await link.listen())
        await link.wait_for_stream(timeout_s=10.0)
        summary = await record_session(link, sim.meta, duration_s=12.0, out_dir=tmp_path)
        sender = sim.sender
    assert sender.unsent == 200  # 8-10 s at 100 Hz
    for foot in ("left", "right"):
        c = summary.counters[foot]
        assert (c["packets_corrupt"], c["packets_duplicate"], c["packets_lost"]) == (2, 1, 3 + sender.unsent)
        assert c["packets_received"] == c["frames_received"] + 2 + 1 and c["packets_late"] == 0
    session = load_session(summary.path)
    assert session.info.faults == FAULTS
    frames, _gaps, _extra = rebuild_tables(session.path / RAW_LOG, session.info)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    assert np.array_equal(frames[cols].to_numpy(), session.frames[cols].to_numpy(), equal_nan=True)
    for foot in ("left", "right"):
        t = session.frames.loc[session.frames["foot"] == foot, "t_s"].to_numpy()
        assert np.all(np.diff(t) > 0) and np.diff(t).max() < 3 * 0.01 and t[-1] > 10.0


def test_moticon_stream_refuses_a_battery_fault() -> None:
    from firmware_sim.faults import parse_fault
    from firmware_sim.sim_clock import SimClock
    from firmware_sim.vendors.moticon import MoticonSender

    with pytest.raises(ValueError, match="cannot carry out a battery fault"):
        MoticonSender("healthy-ride", seed=1, clock=SimClock(1.0), faults=[parse_fault("battery:left@1s=10")])


@pytest.mark.looptime
@pytest.mark.timeout(60)
async def test_ctrl_c_while_waiting_for_the_moticon_stream_stops_it() -> None:
    """Ctrl-C before the Moticon app streams ends the wait at once, as it does a BLE connect: open_link
    gives None ("stopped before the session started")."""
    import asyncio

    from monitor.cli.insoles import Insoles, open_link

    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(1.0, stop.set)  # Ctrl-C a second into the wait
    link = await open_link(Insoles(moticon_udp=0), None, None, stop, speed=1.0)
    assert link is None


@pytest.mark.looptime
@pytest.mark.timeout(60)
async def test_the_moticon_stream_is_awaited_until_it_comes_or_ctrl_c() -> None:
    """`record --moticon-udp PORT` gave up after 10 s ("no Moticon datagram arrived ... within 10 s") while
    the person it had just asked to open the app and start the stream did so: the wait has no bound. On the
    loop's virtual clock, nothing comes for an hour and the wait goes on; Ctrl-C then ends it (None)."""
    import asyncio

    from monitor.cli.insoles import Insoles, open_link

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    waited_s = 3600.0
    loop.call_later(waited_s, stop.set)  # Ctrl-C an hour into the wait
    said: list[str] = []
    start_s = loop.time()
    link = await open_link(Insoles(moticon_udp=0), None, None, stop, speed=1.0, say=said.append)
    assert link is None and loop.time() - start_s >= waited_s
    assert len(said) == 1 and "waiting for the Moticon app's stream" in said[0], said


@pytest.mark.parametrize("argv", [["scan", "--insole", "moticon-udp"],
                                  ["scan", "--sim", "healthy-ride", "--insole", "moticon-udp"]])
def test_scan_for_the_moticon_stream_says_how_to_reach_it(argv, capsys):
    """The Moticon app's stream is UDP, listened for, never advertised: `scan --insole moticon-udp` used to
    scan Bluetooth (here: "Bluetooth is not available here ...; try --sim SCENARIO", --sim given or not)
    and is now one line saying to listen with --moticon-udp PORT, exit code 2."""
    from monitor.cli.main import main

    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--moticon-udp PORT" in err[0] and "Bluetooth" not in err[0], err


def test_an_orphe_battery_fault_is_refused_before_anything_starts(tmp_path, capsys) -> None:
    # had: accepted and recorded as injected, but ORPHE INSOLE notifies no battery level, so nothing in the
    # session, the live view or its messages ever showed it
    from monitor.cli.main import main

    code = main(["record", "--sim", "cleat-forward", "--insole", "orphe", "--speed", "30", "--duration", "1m",
                 "--fault", "battery:left@40s=15", "--out", str(tmp_path / "s"), "--plain"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "cannot carry out a battery fault" in err and "battery:left@40s=15" in err
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


@pytest.mark.parametrize("kind", INSOLE_KINDS)
def test_a_foot_that_stops_is_lost_and_the_other_foot_rides_to_the_end(tmp_path, monkeypatch, capsys, kind):
    # had, on the Moticon stream: `record --sim healthy-ride --insole moticon-udp --speed 100 --duration 4m
    # --fault stop:right@60s` stopped the whole stream (a datagram carries both feet): both feet ended at
    # 1:00, neither was said lost, and the recording ended there. A stop now ends that foot's half of the
    # datagrams, and the link says the foot down, then lost, as the BLE link does for its insoles.
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--insole", kind, "--speed", "30", "--duration", "60s",
                 "--fault", "stop:right@20s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    assert 19.5 <= session.foot_frames("right")["t_s"].iloc[-1] <= 20.1
    assert session.foot_frames("left")["t_s"].iloc[-1] >= 60.0
    assert 60.0 <= session.info.duration_s <= 61.0
    assert session.info.notes == ["right insole lost; the session goes on with the left"]
    said = [(e["event"], e["t_s"]) for e in session.events if e.get("foot") == "right"
            and e["event"] in ("disconnected", "foot_lost", "reconnected")]
    assert [name for name, _ in said] == ["disconnected", "foot_lost"], said
    assert 19.5 <= said[0][1] <= 21.0 and 29.5 <= said[1][1] <= 31.0, said
    frames, _gaps, _extra = rebuild_tables(session.path / RAW_LOG, session.info)  # replay reads it so
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    assert np.array_equal(frames[cols].to_numpy(), session.frames[cols].to_numpy(), equal_nan=True)


def test_a_moticon_datagram_without_one_foot_gives_the_other_foot_only():
    from firmware_sim.vendors.moticon import encode_datagram, without_feet
    from monitor.errors import ProtocolError
    from monitor.link import moticon

    data = encode_datagram(12.5, {"left": np.full(16, 3.0), "right": np.full(16, 5.0)})
    values = moticon.decode_datagram(without_feet(data, ["right"]))
    assert moticon.feet_in(values) == ("left",)
    assert np.array_equal(moticon.foot_pressure_n_cm2(values, "left"), np.full(16, 3.0))
    with pytest.raises(ProtocolError, match="without a sample of the right insole"):
        moticon.foot_pressure_n_cm2(values, "right")
    assert moticon.feet_in(moticon.decode_datagram(without_feet(data, ["left", "right"]))) == ()
    one_nan = data.split(b" ")
    one_nan[30] = b"nan"  # a value of the right's half, not all of it: a corrupt datagram
    with pytest.raises(ProtocolError, match="not a finite number"):
        moticon.decode_datagram(b" ".join(one_nan))


@pytest.mark.looptime
@pytest.mark.timeout(120)
@pytest.mark.parametrize("battery_pct, level", [(10, "low"), (90, "high")])
async def test_an_orphe_battery_level_reaches_the_rider_as_a_level(battery_pct: int, level: str, tmp_path) -> None:
    # ORPHE INSOLE says its battery as a level (DEVICE_INFORMATION byte 0: low, normal, high), no percentage:
    # the level reaches the device information, the views and the raw log, and "low" the rider as the
    # low-battery warning other insoles give (had: read and thrown away, "left: INSL-BDE8" and no battery)
    from monitor.live.session import run_live

    async with simulated_insoles("healthy-ride", speed=20.0, seed=1, faults=[], insole="orphe",
                                 battery_pct=battery_pct) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=20.0), kind="orphe")
        assert {f: i.battery_level for f, i in link.device_infos.items()} == {"left": level, "right": level}
        assert all(i.battery_pct is None for i in link.device_infos.values())  # no percentage pretended
        notices, views = [], []
        summary = await run_live(link, sim.meta, duration_s=20.0, out_dir=tmp_path, on_notice=notices.append,
                                 on_view=views.append)
    low = [n for n in notices if n.kind == "battery_low"]
    assert sorted(n.foot for n in low) == (["left", "right"] if level == "low" else [])
    assert all(n.text == f"{n.foot} insole battery low: charge it after the ride" for n in low)
    feet = views[-1].feet
    assert {f: (v.battery_level, v.battery_low, v.battery_pct) for f, v in feet.items()} == {
        f: (level, level == "low", None) for f in ("left", "right")}
    session = load_session(summary.record.path)
    assert {f: d.battery_level for f, d in session.info.devices.items()} == {"left": level, "right": level}
    assert {e["foot"]: e["level"] for e in session.events if e["event"] == "battery"} == {
        "left": level, "right": level}


def test_live_on_orphe_insoles_says_their_battery_level(tmp_path, monkeypatch, capsys) -> None:
    # had: "left: INSL-BDE8", the level read and thrown away
    import asyncio
    import re

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["live", "--sim", "healthy-ride", "--insole", "orphe", "--speed", "20", "--duration", "10s",
                 "--plain", "--no-sound", "--no-report", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"^left: \S+, battery (low|normal|high)$", out, re.M), out
    # docs/devices.md quotes this line: it said "battery normal" where the simulated insole reports "high"
    doc = " ".join((Path(__file__).resolve().parents[1] / "docs" / "devices.md").read_text().split())
    quoted = re.search(r"`live` says `(left: [^`]+)`", doc)
    assert quoted and re.search(rf"^{re.escape(quoted.group(1))}$", out, re.M), (quoted, out)
