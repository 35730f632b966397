"""monitor.link.protocol: decoders only ever return or raise ProtocolError; encode -> decode round trips."""

from __future__ import annotations

import re
import struct
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firmware_sim import firmware as fw
from firmware_sim.layout import SENSORS, InsoleSpec, SensorSpec
from monitor.codebook import LayoutError
from monitor.errors import ProtocolError
from monitor.link import protocol as proto

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DECODERS = [proto.decode_pressure, proto.decode_layout, proto.decode_control_response,
            proto.decode_battery_level, proto.decode_utf8]


def _only_protocol_error(decode, data) -> None:
    try:
        decode(data)
    except ProtocolError:
        pass


# --- strategies ----------------------------------------------------------------------------------------


@st.composite
def packets(draw, max_frames=12):
    """(kwargs for fw.encode_pressure, expected raw) for a random valid notification."""
    bits = draw(st.sampled_from([12, 16]))
    k = draw(st.integers(1, max_frames))
    s = draw(st.integers(0, 63))
    m = draw(st.integers(1, min(64 - s, 20)))
    top = (1 << bits) - 1
    raw = np.array(draw(st.lists(st.integers(0, top), min_size=k * m, max_size=k * m)),
                   dtype=np.uint16).reshape(k, m)
    imu = None
    if draw(st.booleans()):
        ints = np.array(draw(st.lists(st.integers(-32768, 32767), min_size=6 * k, max_size=6 * k)))
        imu = ints.reshape(k, 6) / np.array([1000, 1000, 1000, 10, 10, 10])
    return dict(
        seq=draw(st.integers(0, 0xFFFF)), t_us=draw(st.integers(0, 2**32 - 1)),
        frame_period_us=draw(st.integers(1000, 0xFFFF)), raw=raw, first_sensor=s, imu=imu,
        tared=draw(st.booleans()), sample_bits=bits,
    )


@st.composite
def valid_packet_bytes(draw):
    return fw.encode_pressure(**draw(packets(max_frames=6)))


@st.composite
def headerish(draw):
    """A version-1 header with random fields and a body of about the right length."""
    flags = draw(st.integers(0, 7))
    k, s, m = draw(st.integers(0, 5)), draw(st.integers(0, 70)), draw(st.integers(0, 10))
    head = struct.pack("<BBHIHBBB", 1, flags, 0, 0, draw(st.integers(0, 0xFFFF)), k, s, m)
    n = (2 * k * m if flags & 2 else (3 * k * m + 1) // 2) + (12 * k if flags & 1 else 0)
    return head + draw(st.binary(min_size=max(0, n - 2), max_size=n + 2))


@st.composite
def insole_specs(draw):
    records = draw(st.lists(
        st.tuples(st.integers(-5000, 5000), st.integers(0, 10000), st.integers(1, 0xFFFF),
                  st.sampled_from(sorted(fw.REGION_CODE))),
        min_size=8, max_size=64,
    ))
    sensors = tuple(SensorSpec(x / 10000, y / 10000, area, region) for x, y, area, region in records)
    rates = tuple(sorted(draw(st.sets(st.integers(16, 1000), min_size=1, max_size=8))))
    return InsoleSpec(
        side=draw(st.sampled_from(["left", "right"])), sensors=sensors,
        # a scale up to MOST_KPA_PER_COUNT (10 kPa per count); a coarser one is refused
        kpa_per_count_milli=draw(st.integers(1, 10_000)), sample_bits=draw(st.sampled_from([12, 16])),
        rates_hz=rates, current_rate_hz=draw(st.sampled_from(rates)),
        has_imu=draw(st.booleans()), has_haptic=draw(st.booleans()),
    )


def mutate(data: bytes, draw) -> bytes:
    b = bytearray(data)
    kind = draw(st.sampled_from(["flip", "truncate", "extend", "insert", "delete", "set"]))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(b) - 1))
            b[i] ^= 1 << draw(st.integers(0, 7))
    elif kind == "truncate":
        del b[draw(st.integers(0, len(b) - 1)):]
    elif kind == "extend":
        b += draw(st.binary(min_size=1, max_size=20))
    elif kind == "insert":
        b.insert(draw(st.integers(0, len(b))), draw(st.integers(0, 255)))
    elif kind == "delete":
        del b[draw(st.integers(0, len(b) - 1))]
    else:
        b[draw(st.integers(0, min(len(b), 16) - 1))] = draw(st.integers(0, 255))
    return bytes(b)


# --- only ProtocolError ----------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes_only_raise_protocol_error(data):
    for decode in DECODERS:
        _only_protocol_error(decode, data)


@FUZZ
@given(data=headerish())
def test_near_valid_headers_only_raise_protocol_error(data):
    _only_protocol_error(proto.decode_pressure, data)


@FUZZ
@given(data=st.data())
def test_mutated_packets_only_raise_protocol_error(data):
    good = data.draw(valid_packet_bytes())
    bad = mutate(good, data.draw)
    _only_protocol_error(proto.decode_pressure, bad)
    try:
        single = [proto.decode_pressure(bad)]
    except ProtocolError:
        with pytest.raises(ProtocolError, match="packet 1"):
            proto.decode_pressure_batch([good, bad])
    else:
        assert proto.decode_pressure_batch([bad]) == single


@ROUND
@given(data=st.data())
def test_mutated_layouts_only_raise_protocol_error(data):
    good = fw.encode_layout(data.draw(insole_specs()))
    _only_protocol_error(proto.decode_layout, mutate(good, data.draw))


@FUZZ
@given(op=st.integers(0, 255), result=st.integers(0, 255), params=st.binary(max_size=4))
def test_control_responses_decode_or_raise(op, result, params):
    data = bytes([0x80, op, result]) + params
    if 1 <= result <= 4:
        r = proto.decode_control_response(data)
        assert (int(r.opcode), int(r.result), r.params) == (op, result, params)
    else:
        with pytest.raises(ProtocolError):
            proto.decode_control_response(data)


@pytest.mark.parametrize("not_bytes", [None, 5, "01 00", [1, 0], np.zeros(20, np.uint8)])
def test_non_bytes_input_raises_protocol_error(not_bytes):
    for decode in DECODERS:
        with pytest.raises(ProtocolError):
            decode(not_bytes)


def test_empty_input_raises_protocol_error():
    for decode in DECODERS[:4]:
        with pytest.raises(ProtocolError):
            decode(b"")
    assert proto.decode_utf8(b"") == ""


# --- round trips ---------------------------------------------------------------------------------------


@ROUND
@given(p=packets())
def test_encode_decode_round_trip(p):
    data = fw.encode_pressure(**p)
    for form in (data, bytearray(data), memoryview(data)):
        d = proto.decode_pressure(form)
        assert (d.seq, d.t_us, d.frame_period_us, d.first_sensor, d.tared, d.sample_bits) == (
            p["seq"], p["t_us"], p["frame_period_us"], p["first_sensor"], p["tared"], p["sample_bits"])
        np.testing.assert_array_equal(d.raw, p["raw"])
        np.testing.assert_array_equal(d.valid, p["raw"] != (1 << p["sample_bits"]) - 1)
        if p["imu"] is None:
            assert d.imu is None
        else:
            np.testing.assert_allclose(d.imu, p["imu"], rtol=0, atol=1e-9)


@ROUND
@given(ps=st.lists(packets(max_frames=5), min_size=1, max_size=12))
def test_batch_equals_single_decode(ps):
    blobs = [fw.encode_pressure(**p) for p in ps]
    mixed = [b if i % 3 else bytearray(b) for i, b in enumerate(blobs)]
    assert proto.decode_pressure_batch(mixed) == [proto.decode_pressure(b) for b in blobs]


def test_batch_of_nothing_is_empty():
    assert proto.decode_pressure_batch([]) == []


def test_batch_reports_the_first_bad_packet_whatever_the_fault():
    good = fw.encode_pressure(0, 0, 10_000, np.zeros((2, 18), np.uint16))
    wrong_version = b"\x02" + good[1:]
    slow = good[:8] + b"\xe7\x03" + good[10:]  # frame_period_us 999
    cases = [
        ([good, wrong_version, 5], "packet 1: .*version 2"),
        ([good, good, None], "packet 2: expected bytes"),
        ([good, slow, b"\x01"], "packet 1: frame_period_us 999"),
        ([good, b"\x01", slow], "packet 1: .*shorter than 13"),
        ([good, good[:-1], wrong_version], "packet 1: .*66 bytes.*need 67"),
        ([good, good, good, wrong_version, good], "packet 3: "),
    ]
    for batch, message in cases:
        with pytest.raises(ProtocolError, match=message):
            proto.decode_pressure_batch(batch)
    assert len(proto.decode_pressure_batch(iter([good, good]))) == 2


@ROUND
@given(
    n=st.integers(1, 64), k=st.integers(1, 20), limit=st.integers(15, 244),
    bits=st.sampled_from([12, 16]), with_imu=st.booleans(), seed=st.integers(0, 2**32 - 1),
)
def test_packetiser_round_trip_through_the_decoder(n, k, limit, bits, with_imu, seed):
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 1 << bits, size=(k, n)).astype(np.uint16)
    imu = rng.integers(-2000, 2000, size=(k, 6)) / 1000.0 if with_imu else None
    out = fw.Packetiser(n, sample_bits=bits, start_seq=65530).packetise(
        4_000_000_000, 5000, raw, payload_limit=limit, imu=imu)
    decoded = proto.decode_pressure_batch(out)
    assert [d.seq for d in decoded] == [(65530 + i) % 65536 for i in range(len(out))]
    rebuilt = np.full((k, n), -1, dtype=np.int64)
    for d in decoded:
        i0 = (d.t_us - 4_000_000_000) % 2**32 // 5000
        rebuilt[i0 : i0 + d.frame_count, d.first_sensor : d.first_sensor + d.sensor_count] = d.raw
    np.testing.assert_array_equal(rebuilt, raw)
    fits_imu = fw.frames_per_packet(n, limit, imu=True, sample_bits=bits) > 0
    assert all((d.imu is not None) == (with_imu and fits_imu) for d in decoded)


@ROUND
@given(spec=insole_specs())
def test_layout_round_trip(spec):
    layout = proto.decode_layout(fw.encode_layout(spec))
    assert layout.side == spec.side and layout.n_sensors == spec.n_sensors
    np.testing.assert_allclose(layout.x, [s.x for s in spec.sensors])
    np.testing.assert_allclose(layout.y, [s.y for s in spec.sensors])
    np.testing.assert_array_equal(layout.area_mm2, [s.area_mm2 for s in spec.sensors])
    assert layout.regions == tuple(s.region for s in spec.sensors)
    assert layout.kpa_per_count == spec.kpa_per_count
    assert (layout.rates_hz, layout.current_rate_hz) == (spec.rates_hz, spec.current_rate_hz)
    assert (layout.sample_bits, layout.has_imu, layout.has_haptic) == (
        spec.sample_bits, spec.has_imu, spec.has_haptic)


# --- layout rules, one by one --------------------------------------------------------------------------

LEFT = fw.encode_layout(InsoleSpec("left"))  # 18 sensors, 4 rates: sensors start at offset 18


def _patched(offset: int, value: bytes, base: bytes = LEFT) -> bytes:
    return base[:offset] + value + base[offset + len(value):]


LAYOUT_BREAKS = {
    "version 2": _patched(0, b"\x02"),
    "side 2": _patched(1, b"\x02"),
    "7 sensors": fw.encode_layout(InsoleSpec("left", sensors=SENSORS[:7])),
    "65 sensors": _patched(2, b"\x41") + LEFT[18:25] * 47,
    "reserved capability bit": _patched(3, b"\x06"),
    "sample bits 14": _patched(4, b"\x0e"),
    "scale 0": _patched(5, b"\x00\x00"),
    "0 rates": _patched(9, b"\x00"),
    "9 rates": _patched(9, b"\x09"),
    "rate 15 Hz": _patched(10, struct.pack("<H", 15)),
    "rate 1001 Hz": _patched(16, struct.pack("<H", 1001)),
    "rates not ascending": _patched(10, struct.pack("<HH", 50, 25)),
    "rates repeated": _patched(10, struct.pack("<HH", 25, 25)),
    "current rate not listed": _patched(7, struct.pack("<H", 150)),
    "x 5001": _patched(18, struct.pack("<h", 5001)),
    "x -5001": _patched(18, struct.pack("<h", -5001)),
    "y 10001": _patched(20, struct.pack("<H", 10001)),
    "area 0": _patched(22, b"\x00\x00"),
    "region 16": _patched(24, b"\x10"),
    "one byte short": LEFT[:-1],
    "one byte long": LEFT + b"\x00",
    "header only": LEFT[:10],
}


def test_layout_boundaries_are_accepted():
    for edge in (_patched(18, struct.pack("<hH", -5000, 10000)), _patched(18, struct.pack("<hH", 5000, 0)),
                 _patched(10, struct.pack("<H", 16)), _patched(24, b"\x0f")):
        proto.decode_layout(edge)


@pytest.mark.parametrize("why", sorted(LAYOUT_BREAKS))
def test_layout_rule_violations_raise(why):
    with pytest.raises(ProtocolError):
        proto.decode_layout(LAYOUT_BREAKS[why])


def test_layout_rejected_by_sensor_layout_becomes_protocol_error(monkeypatch):
    def refuse(**kwargs):
        raise LayoutError("refused")

    monkeypatch.setattr(proto, "SensorLayout", refuse)
    with pytest.raises(ProtocolError, match="refused"):
        proto.decode_layout(LEFT)


# --- pressure details ----------------------------------------------------------------------------------


def test_decoded_arrays_are_read_only_and_kpa_is_float():
    raw = np.array([[0, 1, 4095], [2, 3, 4]], dtype=np.uint16)
    for p in (proto.decode_pressure(fw.encode_pressure(1, 2, 10000, raw)),
              proto.decode_pressure_batch([fw.encode_pressure(1, 2, 10000, raw)])[0]):
        assert not p.raw.flags.writeable and not p.valid.flags.writeable
        kpa = p.pressure_kpa(0.25)
        assert kpa.dtype == np.float64 and kpa.shape == (2, 3)
        np.testing.assert_array_equal(kpa, [[0, 0.25, np.nan], [0.5, 0.75, 1.0]])


def test_odd_trailing_sample_ignores_the_padding_nibble():
    data = bytearray(fw.encode_pressure(0, 0, 10000, np.array([[0xABC]], dtype=np.uint16)))
    assert data[-2:] == b"\xbc\x0a"
    data[-1] |= 0xF0
    assert proto.decode_pressure(bytes(data)).raw[0, 0] == 0xABC


def test_frame_times_count_from_t_us():
    p = proto.decode_pressure(fw.encode_pressure(0, 2**32 - 1, 65535, np.zeros((3, 8), np.uint16)))
    assert p.frame_times_us().tolist() == [2**32 - 1, 2**32 - 1 + 65535, 2**32 - 1 + 2 * 65535]


# --- control point, standard characteristics -----------------------------------------------------------


def test_command_bytes():
    assert proto.command_start() == b"\x01"
    assert proto.command_stop() == b"\x02"
    assert proto.command_tare() == b"\x04"
    assert proto.command_set_rate(1000) == b"\x03\xe8\x03"
    assert proto.command_haptic(2000, 100, 5) == b"\x05\xd0\x07\x64\x05"
    assert proto.command_haptic(1, 1) == b"\x05\x01\x00\x01\x01"


@pytest.mark.parametrize(("builder", "args"), [
    (proto.command_set_rate, (15,)), (proto.command_set_rate, (1001,)), (proto.command_set_rate, (100.0,)),
    (proto.command_haptic, (0, 50)), (proto.command_haptic, (2001, 50)), (proto.command_haptic, (100, 0)),
    (proto.command_haptic, (100, 101)), (proto.command_haptic, (100, 50, 0)),
    (proto.command_haptic, (100, 50, 6)), (proto.command_haptic, (True, 50)),
])
def test_command_arguments_out_of_range_raise_value_error(builder, args):
    with pytest.raises(ValueError):
        builder(*args)


def test_control_response_fields():
    r = proto.decode_control_response(b"\x80\x03\x01")
    assert r.opcode is proto.Opcode.SET_RATE and r.result is proto.ResultCode.SUCCESS and r.ok
    r = proto.decode_control_response(b"\x80\x7f\x02\xaa")
    assert r.opcode == 0x7F and r.result == proto.ResultCode.NOT_SUPPORTED and r.params == b"\xaa"
    assert not r.ok


def test_battery_and_strings():
    assert proto.decode_battery_level(b"\x00") == 0
    assert proto.decode_battery_level(bytearray(b"\x64")) == 100
    assert proto.decode_utf8(b"Solewatch\x00\x00") == "Solewatch"
    assert proto.decode_utf8("Fußsohle".encode()) == "Fußsohle"
    with pytest.raises(ProtocolError):
        proto.decode_utf8(b"\xff\xfe")


def test_uuids_are_full_lowercase_128_bit():
    names = [n for n in dir(proto) if n.endswith("_UUID")]
    assert len(names) == 11
    for n in names:
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", getattr(proto, n))
    assert proto.BATTERY_LEVEL_CHAR_UUID == "00002a19-0000-1000-8000-00805f9b34fb"
    assert proto.DEVICE_INFO_SERVICE_UUID == "0000180a-0000-1000-8000-00805f9b34fb"
    assert proto.PRESSURE_CHAR_UUID == "5013a7c0-0003-4f1e-9e1d-0b5e7a11ed00"
    assert proto.MAX_PAYLOAD_MTU247 == 244


def test_flag_values():
    assert (proto.Flags.IMU, proto.Flags.SAMPLES_16BIT, proto.Flags.TARED) == (1, 2, 4)
    assert [int(o) for o in proto.Opcode] == [1, 2, 3, 4, 5]
    assert [int(r) for r in proto.ResultCode] == [1, 2, 3, 4]


def test_layout_right_insole_decodes_as_right():
    assert proto.decode_layout(fw.encode_layout(replace(InsoleSpec("left"), side="right"))).side == "right"
