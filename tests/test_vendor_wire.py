"""ORPHE INSOLE, Ukaton Mission and Moticon OpenGo UDP wire formats: the vendors' own vectors decode to their stated
values and the simulator encodes them byte for byte; malformed input raises only ProtocolError."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from firmware_sim.vendors import moticon as moticon_fw
from firmware_sim.vendors import orphe as orphe_fw
from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.errors import ProtocolError
from monitor.link import moticon, orphe, ukaton

# --- Ukaton: the notification that reproduces through the upstream Python SDK (issue 14) -------------------
UKATON_VECTOR = bytes.fromhex(
    "3430000001260100006400c8002c019001f4015802bc0220038403e8034c04b00414057805ff0f0303390000")
#: What its bytes say (and what the SDK's base.py parse_sensor_data reads): readings 0, 100, ..., 1400 and
#: 4095 -- their sum is the mass, 14595.
UKATON_READINGS = [*range(0, 1500, 100), 4095]


def test_ukaton_vector_decodes() -> None:
    sample = ukaton.decode_sensor_data(UKATON_VECTOR)
    assert sample.timestamp_ms == 12340
    assert sample.raw.tolist() == UKATON_READINGS
    assert sample.mass == 14595 == sum(UKATON_READINGS)


def test_ukaton_vector_encodes() -> None:
    assert ukaton_fw.encode_sensor_data(12340, np.array(UKATON_READINGS)) == UKATON_VECTOR


# --- ORPHE: the header-56 packet of the vendor's tests/insole-parser.test.js --------------------------------
def _orphe_vendor_packet() -> bytes:
    """The vendor test's packet, rebuilt from its stated fields (serial 0x0102, time 01:02:03.450, sample 0
    at slot 1 with pressures 101..106, sample 1 at slot 0 with 201..206), motion fields left 0."""
    buf = bytearray(104)
    struct.pack_into(">BHBBBH", buf, 0, 56, 0x0102, 1, 2, 3, 450)
    struct.pack_into(">6H", buf, 28 + 32, *range(101, 107))
    struct.pack_into(">6H", buf, 28, *range(201, 207))
    return bytes(buf)


def test_orphe_vector_decodes() -> None:
    packet = orphe.decode_sensor_values(_orphe_vendor_packet())
    assert (packet.header, packet.serial, packet.frame_period_us) == (56, 0x0102, 10_000)
    assert packet.time_of_day_ms == ((1 * 60 + 2) * 60 + 3) * 1000 + 450
    assert packet.raw.tolist() == [list(range(101, 107)), list(range(201, 207))]


def test_orphe_vector_encodes() -> None:
    ours = orphe_fw.encode_sensor_values(56, 0x0102, 3_723_450, np.array([range(101, 107), range(201, 207)]))
    ref = bytearray(_orphe_vendor_packet())
    # the simulator's only extra: quaternion w = 1.0 (Q14) in both slots
    struct.pack_into(">h", ref, 8, 16384)
    struct.pack_into(">h", ref, 8 + 32, 16384)
    assert ours == bytes(ref)


def test_orphe_header_55_four_slots_oldest_last() -> None:
    counts = np.arange(24).reshape(4, 6) + 1
    packet = orphe.decode_sensor_values(orphe_fw.encode_sensor_values(55, 0x0010, 0, counts))
    assert packet.header == 55 and packet.frame_period_us == 5000
    assert packet.raw.tolist() == counts.tolist()
    # the vendor test's header-55 case: the slot at offset 20 + 24*3 is sample 0
    buf = bytearray(104)
    struct.pack_into(">BH", buf, 0, 55, 0x0010)
    struct.pack_into(">6H", buf, 20 + 24 * 3, 1, 2, 3, 4, 5, 6)
    assert orphe.decode_sensor_values(bytes(buf)).raw[0].tolist() == [1, 2, 3, 4, 5, 6]


def test_orphe_device_information_round_trip() -> None:
    info = orphe.decode_device_information(orphe_fw.encode_device_information("right", 1))
    assert (info.side, info.battery, info.plantar, info.acc_range_code) == ("right", "normal", True, 3)
    assert orphe.command_streaming_mode(100) == b"\x0d\x04"
    assert orphe.command_streaming_mode(200) == b"\x0d\x03"


def test_orphe_rows_unwrap_midnight_and_serial() -> None:
    rows = orphe.OrpheRows(0.25)
    counts = np.zeros((2, 6))
    a = rows.rows(0.0, orphe_fw.encode_sensor_values(56, 0xFFFF, 86_399_990, counts))
    b = rows.rows(0.02, orphe_fw.encode_sensor_values(56, 0x0000, 10, counts))
    assert (a.seq, b.seq) == (0xFFFF, 0)
    assert (b.t_us - a.t_us) % (1 << 32) == 20_000  # across midnight: 20 ms later, not a day earlier
    assert a.pressure_kpa.shape == (2, 6)


def test_ukaton_rows_unwrap_and_seq() -> None:
    rows = ukaton.UkatonRows(0.25, rate_hz=50)
    counts = np.zeros(16, dtype=np.uint16)
    seqs, times = [], []
    for k in range(5):
        device_ms = 65_500 + 20 * k  # crosses 65536
        r = rows.rows(k * 0.02, ukaton_fw.encode_sensor_data(device_ms, counts))
        seqs.append(r.seq)
        times.append(r.t_us)
    assert seqs == [0, 1, 2, 3, 4]
    assert np.diff(times).tolist() == [20_000] * 4
    lost = rows.rows(0.2, ukaton_fw.encode_sensor_data(65_500 + 20 * 8, counts))
    assert lost.seq == 8


def test_ukaton_rows_add_wraps_after_a_silence_but_not_to_a_held_back_sample() -> None:
    """The host's clock says how often the 16-bit ms timestamp wrapped in a silence longer than half its
    range, the link down or up (a paused host); the very next sample, delivered late by a buffer, gets no
    wraps, and the wraps of the one after such a burst are counted from where its frames lie."""
    counts = np.zeros(16, dtype=np.uint16)

    def sample(rows, host_s, device_ms):
        return rows.rows(host_s, ukaton_fw.encode_sensor_data(device_ms % 65536, counts))

    for link_down in (True, False):
        rows = ukaton.UkatonRows(0.25, rate_hz=50)
        sample(rows, 0.0, 0)
        if link_down:
            rows.note_link_down()
        assert sample(rows, 100.0, 100_000).seq == 100_000 // 20 % 65536  # 100 s later
    rows = ukaton.UkatonRows(0.25, rate_hz=50)
    sample(rows, 0.0, 0)
    held = [sample(rows, 100.0 + j * 1e-5, 20 * (j + 1)) for j in range(50)]  # the pause's first second
    assert [r.seq for r in held] == list(range(1, 51))
    assert [r.t_us for r in held] == [20_000 * (j + 1) for j in range(50)]
    after = sample(rows, 100.002, 100_000)  # the stream of then: 99 s after the held-back frames
    assert (after.seq, after.t_us) == (5000, 100_000_000)
    rows = ukaton.UkatonRows(0.25, rate_hz=50)
    sample(rows, 0.0, 0)
    assert sample(rows, 30.0, 40).seq == 2  # a host stalled 30 s (less than half the range): no wraps


@pytest.mark.parametrize("speed, stall_host_s, drain_host_s", [(30.0, 2.0, 0.0005), (1000.0, 0.1, 0.0003),
                                                               (1.0, 40.0, 0.001)])
def test_ukaton_samples_a_buffer_drains_slower_than_half_an_interval_at_speed_get_no_wraps(
        speed, stall_host_s, drain_host_s) -> None:
    """A recorder stalled with the link up while the insole streamed on: every sample of the stall was kept
    by a buffer and handed over at its end, ``drain_host_s`` apart. At a high --speed half an interval is
    less than that (0.33 ms at 30x); the burst broke at its second sample, which got a 65.5-s wrap: a
    sequence jump of 3,278 and that foot's time 65.5 s ahead with nothing missing. No seq jumps now."""
    counts = np.zeros(16, dtype=np.uint16)
    rows = ukaton.UkatonRows(0.25, rate_hz=50, speed=speed)
    period_host_s = 0.020 / speed
    arrivals = [(i * period_host_s, i) for i in range(200)]
    end_s = 200 * period_host_s + stall_host_s
    n_held = int(stall_host_s / period_host_s)
    arrivals += [(end_s + j * drain_host_s, 200 + j) for j in range(n_held)]
    first = 200 + n_held
    arrivals += [(max(end_s + n_held * drain_host_s, (first + k) * period_host_s), first + k) for k in range(100)]
    seqs = [rows.rows(host_s, ukaton_fw.encode_sensor_data(i * 20 % 65536, counts)).seq for host_s, i in arrivals]
    assert seqs == [i % 65536 for _, i in arrivals]


def test_ukaton_commands() -> None:
    assert ukaton.command_configure(20) == bytes([1, 3, 1, 20, 0])
    assert ukaton_fw.parse_configuration(ukaton.command_configure(20)) == 20
    assert ukaton_fw.parse_configuration(ukaton.command_stop()) == 0
    assert ukaton_fw.parse_vibration(ukaton.command_vibrate(100, 300)) == [(127, 300), (0, 100)]
    assert len(ukaton.command_vibrate(50, 500, repeat=5)) == 21
    assert ukaton.decode_device_type(b"\x02") == "right"


def test_layouts() -> None:
    for mod, n in ((orphe, 6), (ukaton, 16)):
        left, right = mod.layout("left"), mod.layout("right")
        assert left.n_sensors == n and not left.calibrated
        assert np.array_equal(left.x, right.x)
        # the most distal medial sensor is the hallux, medial (x < 0); the most proximal is heel
        assert left.regions[int(np.argmax(left.y))] == "hallux" and left.x[int(np.argmax(left.y))] < 0
        assert left.regions[int(np.argmin(left.y))].startswith("heel")
    masks = ukaton.layout("left").region_masks()
    assert set(masks) == {"hallux", "lesser_toes", "mth1", "mth2_3", "mth4_5", "midfoot_medial",
                          "midfoot_lateral", "heel_medial", "heel_lateral"}
    assert orphe.layout("left").unresolved_regions() == ["heel_medial", "heel_lateral", "midfoot_medial",
                                                         "midfoot_lateral"]


@pytest.mark.parametrize("bad", [b"", b"\x00", bytes(104), UKATON_VECTOR[:-1], UKATON_VECTOR + b"\x00",
                                 bytes.fromhex("3430" "0100"), bytes.fromhex("3430" "0103" "01ffffff")])
def test_malformed(bad: bytes) -> None:
    with pytest.raises(ProtocolError):
        ukaton.decode_sensor_data(bad) if len(bad) != 104 else orphe.decode_sensor_values(bad)


@given(st.binary(max_size=120))
def test_fuzz_ukaton(data: bytes) -> None:
    try:
        sample = ukaton.decode_sensor_data(data)
    except ProtocolError:
        return
    assert sample.raw.shape == (16,) and int(sample.raw.max()) <= 4095


@given(st.one_of(st.binary(max_size=120), st.binary(min_size=104, max_size=104).map(
    lambda b: bytes([56 if b[0] % 2 else 55]) + b[1:])))
def test_fuzz_orphe(data: bytes) -> None:
    try:
        packet = orphe.decode_sensor_values(data)
    except ProtocolError:
        return
    assert packet.raw.shape[1] == 6 and 0 <= packet.time_of_day_ms < 86_400_000
    for decoder in (orphe.decode_device_information, ukaton.decode_device_type):
        try:
            decoder(data)
        except ProtocolError:
            pass


@pytest.mark.parametrize("variant", [0, 1, 2, 3])
def test_simulated_corruption_is_detected(variant: int) -> None:
    good_o = orphe_fw.encode_sensor_values(56, 7, 1000, np.zeros((2, 6)))
    good_u = ukaton_fw.encode_sensor_data(10, np.zeros(16))
    with pytest.raises(ProtocolError):
        orphe.decode_sensor_values(orphe_fw.corrupt_packet(good_o, variant))
    with pytest.raises(ProtocolError):
        ukaton.decode_sensor_data(ukaton_fw.corrupt_packet(good_u, variant))


# --- Moticon OpenGo UDP: the field order of hermes-moticon producer.py ----------------------------------------
def _moticon_datagram() -> bytes:
    """A datagram numbered by position: time 12.5 s, then value i = i (left acc 1-3, gyro 4-6, COP 7-8,
    pressures 9-24, force 25; right 26-50), pressures as N/cm²."""
    return " ".join(["12.5", *(str(i) for i in range(1, 51))]).encode()


def test_moticon_field_order() -> None:
    values = moticon.decode_datagram(_moticon_datagram())
    assert values[0] == 12.5
    assert moticon.foot_pressure_n_cm2(values, "left").tolist() == list(range(9, 25))
    assert moticon.foot_pressure_n_cm2(values, "right").tolist() == list(range(34, 50))
    rows = moticon.MoticonRows("right", 100).rows(0.0, _moticon_datagram())
    assert rows.pressure_kpa.tolist() == [[10.0 * v for v in range(34, 50)]]  # 1 N/cm² = 10 kPa
    assert (rows.seq, rows.t_us, rows.frame_period_us) == (0, 12_500_000, 10_000)


def test_moticon_encoder_round_trip() -> None:
    p = {"left": np.arange(16) * 0.25, "right": np.arange(16)[::-1] * 1.5}
    values = moticon.decode_datagram(moticon_fw.encode_datagram(3.25, p))
    assert values[0] == 3.25
    assert moticon.foot_pressure_n_cm2(values, "left").tolist() == p["left"].tolist()
    assert moticon.foot_pressure_n_cm2(values, "right").tolist() == p["right"].tolist()
    assert values[moticon.TOTAL_FORCE_AT["left"]] > 0


def test_moticon_each_datagram_decodes_to_its_own_values() -> None:
    """Each datagram is decoded once per foot, one after the other: the second is the first's values,
    which nobody can change; another datagram, or a malformed one in between, is its own."""
    a, b = _moticon_datagram(), moticon_fw.encode_datagram(3.25, {"left": np.ones(16), "right": np.zeros(16)})
    first = moticon.decode_datagram(a)
    assert moticon.decode_datagram(bytearray(a)) is first and not first.flags.writeable
    assert moticon.decode_datagram(b)[0] == 3.25 and moticon.decode_datagram(a)[0] == 12.5
    with pytest.raises(ProtocolError):
        moticon.decode_datagram(a + b" 51")
    assert moticon.decode_datagram(b)[9] == 1.0


@pytest.mark.parametrize("bad", [b"", b"1 2 3", _moticon_datagram() + b" 51",
                                 _moticon_datagram().replace(b"12.5", b"nan"),
                                 _moticon_datagram().replace(b"12.5", b"x"), b"\xff" * 60])
def test_moticon_malformed(bad: bytes) -> None:
    with pytest.raises(ProtocolError):
        moticon.decode_datagram(bad)


@given(st.binary(max_size=400))
def test_fuzz_moticon(data: bytes) -> None:
    try:
        moticon.MoticonRows("left", 100).rows(0.0, data)
    except ProtocolError:
        pass


def test_orphe_scan_reads_the_foot_from_the_advertised_mounting_position() -> None:
    """An ORPHE INSOLE advertises its mounting position, byte 6 of its manufacturer data under company ID
    0x0000 (ORPHE-INSOLE.js docs/SENSOR_SPEC.md); a scan listed its foot `unknown`, as if only the
    connection said it."""
    from monitor.link.drivers import Advert, OrpheDriver

    def advert(mount: int | None, name: str = "INSL-0001") -> Advert:
        data = {} if mount is None else {0x0000: bytes(6) + bytes([mount]) + bytes(7) + bytes([2, 1, 0, 0])}
        return Advert(name=name, manufacturer_data=data)

    driver = OrpheDriver()
    assert [driver.side_hint(advert(m)) for m in (0, 1, 2, 3, 4, None)] == \
        ["left", "right", None, None, None, None]  # 2, 3: a module on the shoe's upper
    assert driver.side_hint(advert(1, name="Other")) is None  # not an ORPHE insole
    assert orphe.advertised_side({0x0000: bytes(6)}) is None  # too short to hold it


def test_orphe_is_recognised_by_its_service_or_its_name_with_the_vendors_advertisement() -> None:
    """The name prefix "INS" alone is an INSTAX printer's too (had: listed by a scan as an ORPHE INSOLE, and
    tried); ORPHE INSOLE advertises manufacturer data under company ID 0x0000 (ORPHE-INSOLE.js
    docs/SENSOR_SPEC.md), or its service where it advertises it (the simulator)."""
    from monitor.link.drivers import Advert, recognise

    vendor = {0x0000: bytes(6) + bytes([1]) + bytes(7) + bytes([2, 1, 0, 0])}
    assert recognise(Advert(name="INSTAX-12345678")) is None
    assert recognise(Advert(name="INSTAX-12345678", manufacturer_data={0x04D8: bytes(12)})) is None
    assert recognise(Advert(name="INSR-0001", manufacturer_data=vendor)).kind == "orphe"
    assert recognise(Advert(name="INSR-0001", service_uuids=(orphe.SERVICE_UUID,))).kind == "orphe"
    assert recognise(Advert(service_uuids=(orphe.SERVICE_UUID,))).kind == "orphe"
