"""firmware_sim.firmware: packet sizing and splitting, sample quantisation, the control point state machine.

Checked against the numbers of docs/protocol.md directly (header fields read with struct), not through the
monitor's decoder.
"""

from __future__ import annotations

import struct
from dataclasses import replace

import numpy as np
import pytest

from firmware_sim import firmware as fw
from firmware_sim.layout import InsoleSpec

HEADER = struct.Struct("<BBHIHBBB")


def header(packet: bytes) -> dict:
    v, flags, seq, t_us, period, k, s, m = HEADER.unpack_from(packet)
    return dict(version=v, flags=flags, seq=seq, t_us=t_us, period=period, k=k, s=s, m=m)


# --- sizing (docs/protocol.md "Sizes" table) -------------------------------------------------------------


@pytest.mark.parametrize(("n", "limit", "imu", "bits", "expected"), [
    (16, 244, False, 12, 9),
    (18, 244, False, 12, 8),
    (18, 244, True, 12, 5),
    (18, 20, False, 12, 0),
    (14, 244, False, 12, 11),
    (18, 244, False, 16, 6),   # 13 + 36 K <= 244
    (8, 244, False, 12, 19),   # 13 + 12 K <= 244
    (1, 500, False, 16, 243),  # 13 + 2 K <= 500, under the cap
    (1, 1000, False, 12, 255),  # at the cap
])
def test_frames_per_packet(n, limit, imu, bits, expected):
    assert fw.frames_per_packet(n, limit, imu=imu, sample_bits=bits) == expected


def test_frames_per_packet_respects_cap():
    assert fw.frames_per_packet(18, 244, imu=False, sample_bits=12, cap=3) == 3


def test_sensors_per_slice():
    assert fw.sensors_per_slice(20, sample_bits=12) == 4  # 13 + 6 = 19; 5 would need 21
    assert fw.sensors_per_slice(20, sample_bits=16) == 3  # 13 + 6
    assert fw.sensors_per_slice(14, sample_bits=12) == 0


# --- packetiser ------------------------------------------------------------------------------------------


def _raw(k: int, n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 4095, size=(k, n)).astype(np.uint16)


def test_mtu247_splits_into_full_packets_of_8_frames():
    pk = fw.Packetiser(18, start_seq=10)
    out = pk.packetise(1_000_000, 10_000, _raw(100, 18), payload_limit=244)
    heads = [header(p) for p in out]
    assert [h["k"] for h in heads] == [8] * 12 + [4]
    assert [len(p) for p in out] == [229] * 12 + [13 + 27 * 4]
    assert [h["seq"] for h in heads] == list(range(10, 23))
    assert [h["t_us"] for h in heads] == [1_000_000 + 80_000 * i for i in range(13)]
    assert all(h["s"] == 0 and h["m"] == 18 and h["flags"] == 0 for h in heads)
    assert pk.next_seq == 23


def test_mtu247_with_imu_sends_5_frames_per_packet():
    imu = np.zeros((12, 6))
    out = fw.Packetiser(18).packetise(0, 10_000, _raw(12, 18), payload_limit=244, imu=imu, tared=True)
    assert [header(p)["k"] for p in out] == [5, 5, 2]
    assert [len(p) for p in out] == [208, 208, 13 + 39 * 2]
    assert all(header(p)["flags"] == fw.FLAG_IMU | fw.FLAG_TARED for p in out)


def test_max_frames_limits_packets():
    out = fw.Packetiser(18).packetise(0, 5000, _raw(7, 18), payload_limit=244, max_frames=3)
    assert [header(p)["k"] for p in out] == [3, 3, 1]


def test_mtu23_sends_slices_per_frame_and_drops_imu():
    pk = fw.Packetiser(18, start_seq=0)
    raw = _raw(2, 18)
    out = pk.packetise(500, 10_000, raw, payload_limit=20, imu=np.ones((2, 6)))
    assert [len(p) for p in out] == [19, 19, 19, 19, 16] * 2
    heads = [header(p) for p in out]
    assert [h["seq"] for h in heads] == list(range(10))
    assert [h["s"] for h in heads] == [0, 4, 8, 12, 16] * 2
    assert [h["m"] for h in heads] == [4, 4, 4, 4, 2] * 2
    assert [h["t_us"] for h in heads] == [500] * 5 + [10_500] * 5
    assert all(h["k"] == 1 and h["flags"] == 0 for h in heads)
    # sensor 4 of frame 1 is the first sample of slice 6: a & 0xFF, then the low nibble of byte 14
    a = out[6][13] | ((out[6][14] & 0x0F) << 8)
    assert a == raw[1, 4]


def test_16bit_slices_at_mtu23():
    out = fw.Packetiser(8, sample_bits=16).packetise(0, 10_000, _raw(1, 8), payload_limit=20)
    assert [header(p)["m"] for p in out] == [3, 3, 2]
    assert all(header(p)["flags"] == fw.FLAG_16BIT for p in out)


def test_imu_kept_when_a_frame_with_it_fits():
    out = fw.Packetiser(8).packetise(0, 10_000, _raw(1, 8), payload_limit=37, imu=np.zeros((1, 6)))
    assert len(out) == 1 and header(out[0])["flags"] == fw.FLAG_IMU and len(out[0]) == 13 + 12 + 12
    out = fw.Packetiser(8).packetise(0, 10_000, _raw(1, 8), payload_limit=36, imu=np.zeros((1, 6)))
    assert len(out) == 1 and header(out[0])["flags"] == 0 and len(out[0]) == 25


def test_seq_wraps_across_packetise_calls():
    pk = fw.Packetiser(18, start_seq=65534)
    first = pk.packetise(0, 10_000, _raw(8, 18), payload_limit=244)
    second = pk.packetise(80_000, 10_000, _raw(16, 18), payload_limit=244)
    assert [header(p)["seq"] for p in first + second] == [65534, 65535, 0]
    assert pk.next_seq == 1
    assert fw.Packetiser(8, start_seq=70000).next_seq == 70000 - 65536


def test_t_us_wraps_within_a_block():
    out = fw.Packetiser(18).packetise(2**32 - 20_000, 10_000, _raw(16, 18), payload_limit=244)
    assert [header(p)["t_us"] for p in out] == [2**32 - 20_000, 60_000]


def test_packetise_rejects_bad_input():
    pk = fw.Packetiser(18)
    with pytest.raises(ValueError):
        pk.packetise(0, 10_000, _raw(2, 17), payload_limit=244)
    with pytest.raises(ValueError):
        pk.packetise(0, 10_000, _raw(2, 18), payload_limit=14)
    with pytest.raises(ValueError):
        pk.packetise(0, 10_000, _raw(2, 18), payload_limit=244, max_frames=0)
    with pytest.raises(ValueError):
        fw.Packetiser(65)


# --- encoders -------------------------------------------------------------------------------------------


def test_kpa_to_raw_rounds_clips_and_marks_missing():
    p = np.array([[0.0, 0.12, 0.125, 0.374, -3.0, np.nan, 1023.5, 5000.0]])
    raw = fw.kpa_to_raw(p, 250, 12)
    assert raw.dtype == np.uint16
    assert raw.tolist() == [[0, 0, 1, 1, 0, 0xFFF, 0xFFE, 0xFFE]]
    assert fw.kpa_to_raw(np.array([[np.nan, 1e9, 2.0]]), 1, 16).tolist() == [[0xFFFF, 0xFFFE, 2000]]


def test_encode_pressure_header_and_wraps():
    data = fw.encode_pressure(65536 + 5, 2**32 + 7, 1000, np.zeros((1, 1), np.uint16), first_sensor=63)
    assert header(data) == dict(version=1, flags=0, seq=5, t_us=7, period=1000, k=1, s=63, m=1)
    assert len(data) == 15


def test_encode_pressure_imu_saturates_and_rounds():
    imu = np.array([[40.0, -40.0, 0.0015, 4000.0, -4000.0, -0.05]])
    data = fw.encode_pressure(0, 0, 10_000, np.zeros((1, 8), np.uint16), imu=imu)
    assert struct.unpack("<6h", data[-12:]) == (32767, -32768, 2, 32767, -32768, 0)


@pytest.mark.parametrize("kwargs", [
    dict(raw=np.zeros((0, 4))), dict(raw=np.zeros((256, 1))), dict(raw=np.zeros((1, 0))),
    dict(raw=np.zeros(4)), dict(raw=np.zeros((1, 2)), first_sensor=63),
    dict(raw=np.full((1, 2), 4096)), dict(raw=np.full((1, 2), -1)),
    dict(raw=np.zeros((1, 2)), sample_bits=8), dict(raw=np.zeros((1, 2)), frame_period_us=999),
    dict(raw=np.zeros((1, 2)), frame_period_us=65536),
    dict(raw=np.zeros((2, 2)), imu=np.zeros((1, 6))), dict(raw=np.zeros((1, 2)), imu=np.full((1, 6), np.nan)),
])
def test_encode_pressure_rejects_bad_arguments(kwargs):
    args = dict(seq=0, t_us=0, frame_period_us=10_000) | kwargs
    with pytest.raises(ValueError):
        fw.encode_pressure(args.pop("seq"), args.pop("t_us"), args.pop("frame_period_us"), args.pop("raw"),
                           **args)


def test_encode_layout_size_and_side():
    left = fw.encode_layout(InsoleSpec("left"))
    right = fw.encode_layout(InsoleSpec("right"))
    assert len(left) == 10 + 2 * 4 + 7 * 18
    assert left[1] == 0 and right[1] == 1 and left[2:] == right[2:]  # anatomical x: same on both feet
    imu_only = fw.encode_layout(InsoleSpec("left", has_imu=True, has_haptic=False))
    assert imu_only[3] == fw.CAP_IMU


# --- control point -------------------------------------------------------------------------------------


def _fw(**spec_changes) -> fw.Firmware:
    return fw.Firmware(replace(InsoleSpec("left"), **spec_changes))


def _result(device: fw.Firmware, data: bytes, now_us: int = 0) -> int:
    response = device.handle_control(data, now_us)
    assert len(response) == 3 and response[0] == 0x80 and response[1] == data[0]
    return response[2]


def test_power_up_state():
    d = _fw()
    assert (d.streaming, d.rate_hz, d.tare_count, d.haptic_log) == (False, 100, 0, [])
    assert d.frame_period_us == 10_000


def test_start_and_stop():
    d = _fw()
    assert _result(d, b"\x01") == fw.RESULT_SUCCESS and d.streaming
    assert _result(d, b"\x01") == fw.RESULT_SUCCESS and d.streaming  # idempotent
    assert _result(d, b"\x02") == fw.RESULT_SUCCESS and not d.streaming
    assert _result(d, b"\x02") == fw.RESULT_SUCCESS and not d.streaming
    assert _result(d, b"\x01\x00") == fw.RESULT_INVALID_PARAM and not d.streaming
    d.streaming = True
    assert _result(d, b"\x02\x00") == fw.RESULT_INVALID_PARAM and d.streaming


def test_set_rate():
    d = _fw()
    assert _result(d, b"\x03" + struct.pack("<H", 200)) == fw.RESULT_SUCCESS
    assert d.rate_hz == 200 and d.frame_period_us == 5000
    assert struct.unpack_from("<H", d.layout_bytes(), 7) == (200,)
    for bad in (b"\x03" + struct.pack("<H", 33), b"\x03\xc8", b"\x03\xc8\x00\x00", b"\x03"):
        assert _result(d, bad) == fw.RESULT_INVALID_PARAM
    assert d.rate_hz == 200
    assert _result(d, b"\x03" + struct.pack("<H", 25)) == fw.RESULT_SUCCESS and d.frame_period_us == 40_000


def test_tare():
    d = _fw()
    assert _result(d, b"\x04") == fw.RESULT_FAILED and d.tare_count == 0
    d.handle_control(b"\x01", 0)
    assert _result(d, b"\x04") == fw.RESULT_SUCCESS and d.tare_count == 1
    assert _result(d, b"\x04\x01") == fw.RESULT_INVALID_PARAM and d.tare_count == 1


def test_haptic():
    d = _fw()
    assert _result(d, struct.pack("<BHBB", 5, 500, 80, 2), now_us=123_456) == fw.RESULT_SUCCESS
    assert d.haptic_log == [
        fw.HapticPulse(t_device_us=123_456, duration_ms=500, intensity_percent=80, repeat=2)]
    out_of_range = ((0, 50, 1), (2001, 50, 1), (100, 0, 1), (100, 101, 1), (100, 50, 0), (100, 50, 6))
    for dur, inten, rep in out_of_range:
        assert _result(d, struct.pack("<BHBB", 5, dur, inten, rep)) == fw.RESULT_INVALID_PARAM
    assert _result(d, struct.pack("<BHB", 5, 100, 50)) == fw.RESULT_INVALID_PARAM
    assert _result(d, struct.pack("<BHBBB", 5, 100, 50, 1, 0)) == fw.RESULT_INVALID_PARAM
    assert _result(d, struct.pack("<BHBB", 5, 2000, 100, 5)) == fw.RESULT_SUCCESS
    assert _result(d, struct.pack("<BHBB", 5, 1, 1, 1)) == fw.RESULT_SUCCESS
    assert len(d.haptic_log) == 3


def test_haptic_without_motor_is_not_supported_even_with_bad_parameters():
    d = _fw(has_haptic=False)
    assert _result(d, struct.pack("<BHBB", 5, 500, 80, 2)) == fw.RESULT_NOT_SUPPORTED
    assert _result(d, b"\x05") == fw.RESULT_NOT_SUPPORTED
    assert d.haptic_log == []


@pytest.mark.parametrize("opcode", [0x00, 0x06, 0x7F, 0x80, 0xFF])
def test_unknown_opcodes_are_not_supported(opcode):
    d = _fw()
    assert _result(d, bytes([opcode, 1, 2])) == fw.RESULT_NOT_SUPPORTED
    assert (d.streaming, d.rate_hz, d.tare_count, d.haptic_log) == (False, 100, 0, [])


def test_empty_write_raises_and_bytearray_works():
    d = _fw()
    with pytest.raises(ValueError):
        d.handle_control(b"", 0)
    assert d.handle_control(bytearray(b"\x01"), 0) == b"\x80\x01\x01"
