"""The simulated insole (firmware_sim.peripheral) and its faults (firmware_sim.faults), seen through
bleak's frontend on the virtual radio and decoded with the monitor's own decoder."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from bleak import BleakClient, BleakScanner
from bleak.exc import BleakGATTProtocolError, BleakGATTProtocolErrorCode
from bumble.core import UUID
from bumble.device import Peer
from hypothesis import given
from hypothesis import strategies as st

from firmware_sim.advertising import parse_advertising_data
from firmware_sim.faults import (
    DEFAULT_DROP_DOWN_S,
    GRAMMAR,
    FaultSchedule,
    FaultSpec,
    PacketMangler,
    corrupt_packet,
    parse_duration_s,
    parse_fault,
)
from firmware_sim.firmware import Packetiser, kpa_to_raw
from firmware_sim.gatt_profile import (
    CONTROL_CHAR_UUID,
    LAYOUT_CHAR_UUID,
    MANUFACTURER,
    PRESSURE_CHAR_UUID,
    PRESSURE_SERVICE_UUID,
)
from firmware_sim.insole_advertising import advertising_data
from firmware_sim.insole_identity import InsoleIdentity
from firmware_sim.layout import SENSORS, InsoleSpec, SensorSpec
from firmware_sim.peripheral import SimInsole
from firmware_sim.radio import RemoteRadio, SimRadio
from firmware_sim.sim_clock import SimClock
from firmware_sim.sim_pair import SimPair
from monitor.errors import ProtocolError
from monitor.link.ble import protocol

pytestmark = pytest.mark.timeout(300)  # a hang guard, generous for a loaded host

BATTERY_LEVEL = "00002a19-0000-1000-8000-00805f9b34fb"
SERIAL = "00002a25-0000-1000-8000-00805f9b34fb"
MANUFACTURER_CHAR = "00002a29-0000-1000-8000-00805f9b34fb"
FIRMWARE_REV = "00002a26-0000-1000-8000-00805f9b34fb"


# ---------------------------------------------------------------------------------------------------------
# Fault strings
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("drop:left@30s", FaultSpec("drop", "left", 30.0)),
    ("drop:left@30s+2s", FaultSpec("drop", "left", 30.0, duration_s=2.0)),
    ("lose:right@10s:5", FaultSpec("lose", "right", 10.0, count=5)),
    ("corrupt:left@20s:3", FaultSpec("corrupt", "left", 20.0, count=3)),
    ("duplicate:left@5s:2", FaultSpec("duplicate", "left", 5.0, count=2)),
    ("reorder:right@8s", FaultSpec("reorder", "right", 8.0)),
    ("stop:right@60s", FaultSpec("stop", "right", 60.0)),
    ("battery:left@40s=15", FaultSpec("battery", "left", 40.0, value=15)),
    ("drop:right@1.5m+0.25s", FaultSpec("drop", "right", 90.0, duration_s=0.25)),
    ("lose:left@2h", FaultSpec("lose", "left", 7200.0)),
])
def test_parse_fault_examples(text, expected):
    assert parse_fault(text) == expected
    assert parse_fault(str(expected)) == expected


def test_durations():
    assert [parse_duration_s(t) for t in ("90s", "10m", "2h", "1.5s", ".5s")] == [90.0, 600.0, 7200.0, 1.5, 0.5]
    for bad in ("90", "1.5", "s", "10 minutes", "-3s", "1e3s"):
        with pytest.raises(ValueError, match="bad time"):
            parse_duration_s(bad)


@pytest.mark.parametrize("text, part", [
    ("explode:left@1s", "kind 'explode'"),
    ("drop:lft@30s", "foot 'lft'"),
    ("drop:left@30", "time '30'"),
    ("drop:left@thirty", "time 'thirty'"),
    ("lose:right@10s:0", "count '0'"),
    ("lose:right@10s:x", "count 'x'"),
    ("drop:left@30s:3", ":3"),
    ("lose:left@1s+2s", "+2s"),
    ("drop:left@1s+0s", "down time '0s'"),
    ("stop:right@60s=3", "=3"),
    ("battery:left@40s", "battery level"),
    ("battery:left@40s=101", "battery level '101'"),
    ("left@30s", "bad fault"),
    ("", "bad fault"),
    # past the longest session (366 days): taken, and the session ran as if the fault were endless
    ("lose:left@5s:99999999999999999999", "count '99999999999999999999' is more than the 6,324,480,000 packets"),
    ("duplicate:left@5s:6324480001", "count '6324480001' is more than"),
    ("drop:left@8785h", "time '8785h' is later than the longest session"),
    ("drop:left@1s+9000h", "down time '9000h' is longer than the longest session"),
    # the insoles are found before session time starts: one down at 0 s was never found, its foot not recorded
    ("drop:right@0s+5s", "time '0s' is too early for a drop"),
    ("drop:left@0m", "time '0m' is too early for a drop"),
])
def test_parse_fault_errors_name_the_bad_part_and_show_the_grammar(text, part):
    with pytest.raises(ValueError) as info:
        parse_fault(text)
    assert part in str(info.value)
    assert GRAMMAR in str(info.value)


def test_a_fault_other_than_a_drop_may_come_at_0_s():
    """An insole stopped from 0 s is one off for the whole session (recorded without it, as a real one); a
    battery level or lost packets at 0 s are the session's first."""
    assert parse_fault("stop:right@0s").at_s == 0.0
    assert parse_fault("battery:left@0s=15").at_s == 0.0
    assert parse_fault("lose:left@0s:3").at_s == 0.0


def test_fault_spec_validates_itself():
    with pytest.raises(ValueError):
        FaultSpec("drop", "left", -1.0)
    with pytest.raises(ValueError):
        FaultSpec("stop", "left", 1.0, count=2)
    with pytest.raises(ValueError):
        FaultSpec("battery", "left", 1.0)
    assert FaultSpec("drop", "left", 1.0).down_s == DEFAULT_DROP_DOWN_S


fault_specs = st.builds(
    lambda kind, foot, at, count, down, value: FaultSpec(
        kind, foot, max(at, 0.001) if kind == "drop" else at,  # a drop comes after 0 s (parse_fault)
        count=count if kind in ("lose", "duplicate", "reorder", "corrupt") else 1,
        duration_s=down if kind == "drop" else None,
        value=value if kind == "battery" else None,
    ),
    st.sampled_from(["drop", "lose", "duplicate", "reorder", "corrupt", "stop", "battery"]),
    st.sampled_from(["left", "right"]),
    st.integers(0, 10**6).map(lambda ms: ms / 1000),
    st.integers(1, 1000),
    st.none() | st.integers(1, 10**5).map(lambda ms: ms / 1000),
    st.integers(0, 100),
)


@given(fault_specs)
def test_fault_strings_round_trip(spec):
    assert parse_fault(str(spec)) == spec


def test_schedule_hands_out_one_foots_faults_in_time_order():
    faults = [parse_fault(t) for t in ("lose:left@5s", "drop:right@1s", "stop:left@2s", "battery:left@2s=10")]
    schedule = FaultSchedule(faults, "left")
    assert len(schedule) == 3 and schedule.next_at_s() == 2.0
    assert schedule.pop_due(1.9) == []
    assert [f.kind for f in schedule.pop_due(4.0)] == ["stop", "battery"]
    assert [f.kind for f in schedule.pop_due(99)] == ["lose"] and schedule.next_at_s() is None


# ---------------------------------------------------------------------------------------------------------
# Packet faults
# ---------------------------------------------------------------------------------------------------------


def real_packets(n: int) -> list[bytes]:
    rng = np.random.default_rng(3)
    raw = rng.integers(0, 4095, size=(8 * n, 18)).astype(np.uint16)
    return Packetiser(18).packetise(1_000, 10_000, raw, payload_limit=244)


def test_mangler_lose_duplicate_reorder():
    p = real_packets(8)
    m = PacketMangler()
    assert m.apply(p) == p and m.idle
    m.arm(FaultSpec("lose", "left", 0, count=2))
    m.arm(FaultSpec("duplicate", "left", 0, count=1))
    assert m.apply(p[:4]) == [p[2], p[2], p[3]]
    m.arm(FaultSpec("reorder", "left", 0, count=2))
    assert m.apply(p[4:5]) == []  # held until the next packet arrives
    assert m.held == p[4]
    assert m.apply(p[5:8]) == [p[5], p[4], p[7], p[6]]
    assert (m.lost_n, m.duplicated_n, m.reordered_pairs_n) == (2, 1, 2) and m.idle


def test_mangler_release_held_rearms_the_swap():
    p = real_packets(3)
    m = PacketMangler()
    m.arm(FaultSpec("reorder", "left", 0))
    assert m.apply(p[:1]) == []
    assert m.release_held() == p[0] and m.reordered_pairs_n == 0
    assert m.apply(p[1:]) == [p[2], p[1]]


def test_every_corrupt_packet_is_rejected_by_the_monitor_decoder():
    packets = real_packets(9)
    for p in packets:
        protocol.decode_pressure(p)  # the originals are valid
    m = PacketMangler()
    m.arm(FaultSpec("corrupt", "left", 0, count=6))
    out = m.apply(packets)
    assert len(out) == 9 and m.corrupted_n == 6
    for bad in out[:6]:
        with pytest.raises(ProtocolError):
            protocol.decode_pressure(bad)
    assert out[6:] == packets[6:]


@pytest.mark.parametrize("second", [0, 1, 2])
def test_a_corrupt_packet_corrupted_again_is_still_rejected(second):
    """Corrupting what is already corrupt (a packet cut short, one corrupted before, a few stray bytes)
    is valid and gives bytes the monitor's decoder still rejects."""
    packet = real_packets(1)[0]
    inputs = [packet[:12], packet[:1], b"", *(corrupt_packet(packet, v) for v in range(3))]
    for blob in inputs:
        again = corrupt_packet(blob, second)
        with pytest.raises(ProtocolError):
            protocol.decode_pressure(again)


# ---------------------------------------------------------------------------------------------------------
# Identity and advertising
# ---------------------------------------------------------------------------------------------------------


def test_identity_is_seeded_and_fits_the_advert():
    left, right = InsoleIdentity.from_seed("left", 7), InsoleIdentity.from_seed("right", 7)
    assert left == InsoleIdentity.from_seed("left", 7) and left != InsoleIdentity.from_seed("left", 8)
    assert re.fullmatch(r"SWL-[0-9A-F]{4}", left.name) and re.fullmatch(r"SWR-[0-9A-F]{4}", right.name)
    assert left.name[-4:] == left.serial[-4:] and left.address != right.address
    data = advertising_data(left.name)
    assert len(data) == 31
    fields = parse_advertising_data(data)
    assert fields.local_name == left.name and fields.service_uuids == [PRESSURE_SERVICE_UUID]
    with pytest.raises(ValueError, match="too long"):
        advertising_data("SWL-123456")


# ---------------------------------------------------------------------------------------------------------
# Through bleak
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
async def radio():
    async with SimRadio() as r:
        yield r


@dataclass
class Foot:
    """A connected foot, as a monitor would see it: raw notifications in arrival order."""

    insole: SimInsole
    client: BleakClient
    packets: list[bytes] = field(default_factory=list)
    control: list[bytes] = field(default_factory=list)
    battery: list[int] = field(default_factory=list)
    drops: list[object] = field(default_factory=list)

    def decoded(self) -> list[protocol.PressurePacket]:
        return [protocol.decode_pressure(p) for p in self.packets]

    async def command(self, payload: bytes) -> bytes:
        n = len(self.control)
        await self.client.write_gatt_char(CONTROL_CHAR_UUID, payload, response=True)
        await wait_for(lambda: len(self.control) > n)
        return self.control[n]


async def connect(radio: SimRadio, insole: SimInsole, foot: Foot | None = None) -> Foot:
    foot = foot or Foot(insole, None)  # type: ignore[arg-type]
    foot.client = BleakClient(insole.address, disconnected_callback=foot.drops.append, backend=radio.client_backend)
    await foot.client.connect()
    await foot.client.start_notify(CONTROL_CHAR_UUID, lambda _c, d: foot.control.append(bytes(d)))
    await foot.client.start_notify(BATTERY_LEVEL, lambda _c, d: foot.battery.append(d[0]))
    await foot.client.start_notify(PRESSURE_CHAR_UUID, lambda _c, d: foot.packets.append(bytes(d)))
    return foot


async def wait_for(predicate, timeout_s: float = 60.0) -> None:  # a cap for a loaded host, not a speed check
    async with asyncio.timeout(timeout_s):
        while not predicate():
            await asyncio.sleep(0.002)


async def stop_and_settle(foot: Foot) -> None:
    """Stop streaming and wait until everything the insole sent has arrived."""
    assert await foot.command(protocol.command_stop()) == b"\x80\x02\x01"
    await wait_for(lambda: len(foot.packets) == foot.insole.counters.packets_sent)
    await asyncio.sleep(0.02)


def session_times_us(insole: SimInsole, packets: list[protocol.PressurePacket]) -> np.ndarray:
    """Session time of every frame, from the device time in the packets."""
    return np.concatenate([(p.frame_times_us() - insole.t0_us) % 2**32 for p in packets])


async def test_scan_connect_both_and_read_everything(radio):
    async with SimPair(radio, "healthy-ride", seed=4, speed=20) as pair:
        found = await BleakScanner.discover(0.15, service_uuids=[PRESSURE_SERVICE_UUID], backend=radio.scanner_backend,
                                            return_adv=True)
        assert sorted(found) == sorted([pair.left.address, pair.right.address])
        assert {adv.local_name for _, adv in found.values()} == {pair.left.name, pair.right.name}
        left, right = await asyncio.gather(connect(radio, pair.left), connect(radio, pair.right))
        for foot, side in ((left, "left"), (right, "right")):
            client = foot.client
            assert client.mtu_size == 247
            layout = protocol.decode_layout(await client.read_gatt_char(LAYOUT_CHAR_UUID))
            assert layout.side == side and layout.n_sensors == 18 and layout.current_rate_hz == 100
            assert (await client.read_gatt_char(BATTERY_LEVEL))[0] == 95
            assert (await client.read_gatt_char(MANUFACTURER_CHAR)).decode() == MANUFACTURER
            assert (await client.read_gatt_char(SERIAL)).decode() == foot.insole.serial
            assert (await client.read_gatt_char(FIRMWARE_REV)).decode()
            for uuid, code in ((PRESSURE_CHAR_UUID, BleakGATTProtocolErrorCode.READ_NOT_PERMITTED),
                               (CONTROL_CHAR_UUID, BleakGATTProtocolErrorCode.READ_NOT_PERMITTED)):
                with pytest.raises(BleakGATTProtocolError) as info:
                    await client.read_gatt_char(uuid)
                assert info.value.code == code
            with pytest.raises(BleakGATTProtocolError) as info:
                await client.write_gatt_char(LAYOUT_CHAR_UUID, b"\x01", response=True)
            assert info.value.code == BleakGATTProtocolErrorCode.WRITE_NOT_PERMITTED


async def test_long_layout_is_read_whole():
    sensors = tuple(SensorSpec(((i % 8) - 3.5) / 10, (i // 8 + 0.5) / 8, 100, s.region)
                    for i, s in enumerate(SENSORS * 4))[:64]
    spec = InsoleSpec(side="left", sensors=sensors)
    async with SimRadio() as radio:
        insole = await SimInsole(radio, "left", spec=spec, speed=20).start()
        async with BleakClient(insole.address, backend=radio.client_backend) as client:
            data = await client.read_gatt_char(LAYOUT_CHAR_UUID)
            assert len(data) == 10 + 2 * 4 + 7 * 64 > client.mtu_size - 1
            assert protocol.decode_layout(data).n_sensors == 64


async def test_streaming_matches_the_model_and_the_counters(radio):
    t0_us = 2**32 - 2_000_000  # the device clock wraps 2 simulated seconds in
    clock = SimClock(40, paused=True)
    insole = await SimInsole(radio, "left", "cleat-forward", seed=2, clock=clock, t0_us=t0_us).start()
    foot = await connect(radio, insole)
    assert await foot.command(protocol.command_start()) == b"\x80\x01\x01"
    clock.start()
    await wait_for(lambda: insole.counters.frames_generated >= 400)  # 4 s of data, however loaded the host
    await stop_and_settle(foot)
    c = insole.counters
    assert len(foot.packets) == c.packets_sent == c.packets_generated > 40
    assert c.frames_sent == c.frames_generated == 8 * c.packets_sent and c.packets_unsent == 0
    packets = foot.decoded()
    assert [p.seq for p in packets] == list(range(len(packets)))
    assert all(len(raw) == 229 and p.frame_count == 8 and p.sensor_count == 18 and not p.tared
               for raw, p in zip(foot.packets, packets))
    t_us = session_times_us(insole, packets)
    assert np.all(np.diff(t_us) == 10_000)  # contiguous at 100 Hz, through the clock wrap
    assert any(p.t_us < 1_000_000 for p in packets) and any(p.t_us > 2**32 - 2_000_000 for p in packets)
    expected = kpa_to_raw(insole.model.pressure_kpa(t_us / 1e6), 250, 12)
    assert np.array_equal(np.concatenate([p.raw for p in packets]), expected)


async def test_control_point(radio):
    insole = await SimInsole(radio, "right", seed=3, speed=40).start()
    foot = await connect(radio, insole)
    assert await foot.command(protocol.command_tare()) == b"\x80\x04\x04"  # tare needs streaming
    assert await foot.command(protocol.command_start()) == b"\x80\x01\x01"
    assert await foot.command(b"\x7f") == b"\x80\x7f\x02"
    assert await foot.command(protocol.command_set_rate(60)) == b"\x80\x03\x03"
    assert await foot.command(protocol.command_haptic(300, 80, 2)) == b"\x80\x05\x01"
    assert [(h.duration_ms, h.intensity_percent, h.repeat) for h in insole.haptic_log] == [(300, 80, 2)]
    with pytest.raises(BleakGATTProtocolError) as info:
        await foot.client.write_gatt_char(CONTROL_CHAR_UUID, b"", response=True)
    assert info.value.code == BleakGATTProtocolErrorCode.INVALID_ATTRIBUTE_VALUE_LENGTH
    await wait_for(lambda: len(foot.packets) >= 3)
    assert await foot.command(protocol.command_set_rate(50)) == b"\x80\x03\x01"
    assert protocol.decode_layout(await foot.client.read_gatt_char(LAYOUT_CHAR_UUID)).current_rate_hz == 50
    assert await foot.command(protocol.command_tare()) == b"\x80\x04\x01"
    await wait_for(lambda: foot.packets[-1][1] & 0x04)  # the tared flag
    await stop_and_settle(foot)
    packets = foot.decoded()
    periods = [p.frame_period_us for p in packets]
    assert periods[0] == 10_000 and periods[-1] == 20_000
    assert periods == sorted(periods)  # the new rate holds from one packet on
    assert not packets[0].tared and packets[-1].tared
    t_us = session_times_us(insole, packets)
    assert np.array_equal(np.diff(t_us), np.repeat(periods, 8)[:-1])  # no gap or overlap at the rate change


async def test_drop_fault_reconnect_and_no_double_delivery(radio):
    faults = [parse_fault("drop:left@1s+0.5s"), parse_fault("battery:left@0.5s=15")]
    clock = SimClock(20, paused=True)
    async with SimPair(radio, "healthy-ride", seed=5, clock=clock, faults=faults) as pair:
        left, right = await asyncio.gather(connect(radio, pair.left), connect(radio, pair.right))
        for foot in (left, right):
            await foot.command(protocol.command_start())
        clock.start()
        await wait_for(lambda: left.drops == [left.client])
        assert left.battery == [15] and pair.left.counters.drops_injected == 1
        await wait_for(lambda: pair.left.advertising)
        events = pair.left.link_events
        assert [e for _, e in events] == ["advertising", "connected", "battery 15", "drop", "disconnected",
                                          "advertising"]
        assert events[3][0] == 1.0 and events[5][0] >= 1.5  # down for 0.5 simulated seconds
        n_before = len(left.packets)
        await connect(radio, pair.left, left)  # a new BleakClient, the same callbacks
        assert await left.command(protocol.command_start()) == b"\x80\x01\x01"  # already streaming
        await wait_for(lambda: len(left.packets) >= n_before + 5)
        await asyncio.gather(stop_and_settle(left), stop_and_settle(right))
        assert right.drops == []
        for foot in (left, right):
            c = foot.insole.counters
            seqs = [p.seq for p in foot.decoded()]
            assert len(seqs) == len(set(seqs)) == c.packets_sent  # nothing twice, nothing missing
            assert seqs == sorted(seqs)
            assert c.packets_generated == c.packets_sent + c.packets_unsent
        c = pair.left.counters
        assert c.packets_unsent > 0 and c.connections == 2
        gap = np.diff([p.seq for p in left.decoded()])
        assert sorted(set(gap)) == [1, 1 + c.packets_unsent]  # one hole: the packets made while down
        t_us = session_times_us(pair.left, left.decoded())
        assert np.diff(t_us).max() / 1e6 >= 0.5  # down for 0.5 s, plus the reconnect


async def test_packet_faults_reach_the_central_as_injected(radio):
    faults = [parse_fault(t) for t in ("lose:left@0.5s:3", "duplicate:left@1s:2", "reorder:left@1.5s",
                                       "corrupt:left@2s:3")]
    clock = SimClock(40, paused=True)
    insole = await SimInsole(radio, "left", seed=6, clock=clock, faults=faults).start()
    foot = await connect(radio, insole)
    await foot.command(protocol.command_start())
    clock.start()
    await wait_for(lambda: insole.counters.frames_generated >= 300)
    await stop_and_settle(foot)
    c = insole.counters
    assert (c.packets_lost_injected, c.packets_duplicated_injected, c.packet_pairs_reordered_injected,
            c.packets_corrupted_injected) == (3, 2, 1, 3)
    assert len(foot.packets) == c.packets_sent == c.packets_generated - 3 + 2
    good, bad = [], 0
    for raw in foot.packets:
        try:
            good.append(protocol.decode_pressure(raw))
        except ProtocolError:
            bad += 1
    assert bad == 3
    seqs = [p.seq for p in good]
    assert len(seqs) - len(set(seqs)) == 2  # two duplicates
    assert sum(1 for a, b in zip(seqs, seqs[1:]) if b < a) == 1  # one swapped pair
    missing = set(range(c.packets_generated)) - set(seqs)
    assert len(missing) == 3 + 3  # three lost, three corrupt
    lost_first = min(missing)
    assert 0.5 <= session_times_us(insole, [p for p in good if p.seq == lost_first - 1])[-1] / 1e6 < 0.6


async def test_stop_fault_ends_streaming_and_advertising(radio):
    clock = SimClock(30, paused=True)
    async with SimPair(radio, seed=8, clock=clock, faults=[parse_fault("stop:right@0.5s")]) as pair:
        right = await connect(radio, pair.right)
        await right.command(protocol.command_start())
        clock.start()
        await wait_for(lambda: right.drops == [right.client])
        assert pair.right.stopped and not pair.right.advertising
        found = await BleakScanner.discover(0.1, service_uuids=[PRESSURE_SERVICE_UUID], backend=radio.scanner_backend)
        assert [d.address for d in found] == [pair.left.address]
        assert len(right.packets) == pair.right.counters.packets_sent > 0


async def test_small_mtu_sends_sensor_slices(radio):
    """A central that never exchanges the MTU gets 20-byte slices (docs/protocol.md, Sizes)."""
    insole = await SimInsole(radio, "left", seed=9, speed=40).start()
    central = radio.new_device("raw-central", "C0:00:00:00:FF:01")
    await central.power_on()
    connection = await central.connect_le(insole.address, timeout=2.0)
    peer = Peer(connection)
    await peer.discover_services()
    for service in peer.services:
        await service.discover_characteristics()
    pressure = peer.get_characteristics_by_uuid(UUID(PRESSURE_CHAR_UUID))[0]
    control = peer.get_characteristics_by_uuid(UUID(CONTROL_CHAR_UUID))[0]
    got: list[bytes] = []
    await peer.subscribe(pressure, lambda v: got.append(bytes(v)))
    await peer.write_value(control, protocol.command_start(), with_response=True)
    await wait_for(lambda: len(got) >= 25)
    packets = [protocol.decode_pressure(p) for p in got[:25]]
    assert [len(p) for p in got[:5]] == [19, 19, 19, 19, 16]
    assert [(p.first_sensor, p.sensor_count) for p in packets[:5]] == [(0, 4), (4, 4), (8, 4), (12, 4), (16, 2)]
    assert [p.seq for p in packets] == list(range(25))
    assert all(p.frame_count == 1 for p in packets)
    await connection.disconnect()


async def test_two_processes_over_tcp_hci():
    """The simulator in a subprocess serves HCI over TCP; this process is the monitor."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "firmware_sim.peripheral", "--hci", "tcp-server:127.0.0.1:0", "--speed", "30",
         "--seed", "11"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )
    try:
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), 20)
        ready = json.loads(line)
        assert re.fullmatch(r"tcp-client:127\.0\.0\.1:\d+", ready["hci"])
        async with RemoteRadio(ready["hci"]) as remote:
            found = await BleakScanner.discover(0.2, service_uuids=[PRESSURE_SERVICE_UUID],
                                                backend=remote.scanner_backend)
            assert sorted(d.address for d in found) == sorted([ready["left"], ready["right"]])
            packets: dict[str, list[bytes]] = {"left": [], "right": []}
            clients = {foot: BleakClient(ready[foot], backend=remote.client_backend) for foot in packets}
            await asyncio.gather(*(c.connect() for c in clients.values()))
            for foot, client in clients.items():
                assert client.mtu_size == 247
                layout = protocol.decode_layout(await client.read_gatt_char(LAYOUT_CHAR_UUID))
                assert layout.side == foot
                await client.start_notify(PRESSURE_CHAR_UUID, lambda _c, d, f=foot: packets[f].append(bytes(d)))
                await client.write_gatt_char(CONTROL_CHAR_UUID, protocol.command_start(), response=True)
            await wait_for(lambda: all(len(v) >= 30 for v in packets.values()), 10)
            for foot, client in clients.items():
                await client.disconnect()
                seqs = [protocol.decode_pressure(p).seq for p in packets[foot]]
                assert seqs == list(range(len(seqs)))
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    final = json.loads(out.strip().splitlines()[-1])
    assert final["left"]["connections"] == final["right"]["connections"] == 1
