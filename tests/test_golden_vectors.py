"""The golden byte vectors of docs/protocol.md against the monitor's decoder and the firmware's encoder."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from firmware_sim import firmware as fw
from firmware_sim.layout import InsoleSpec
from monitor.codebook import REGION_LABELS
from monitor.errors import ProtocolError
from monitor.link import protocol as proto

SPEC_PATH = Path(__file__).resolve().parents[1] / "docs" / "protocol.md"
MARKER = "<!-- golden vectors"


@dataclass
class Vector:
    name: str
    fields: dict
    paragraphs: list[tuple[str, bytes]]  # (comment text, bytes)

    @property
    def blobs(self) -> list[bytes]:
        return [b for _, b in self.paragraphs]


def _parse_hex_block(block: str) -> list[tuple[str, bytes]]:
    out = []
    for para in re.split(r"\n\s*\n", block.strip()):
        comments, hexes = [], []
        for line in para.splitlines():
            code, _, comment = line.partition("#")
            if comment.strip():
                comments.append(comment.strip())
            hexes.append(code)
        text = " ".join(hexes).split()
        assert all(re.fullmatch(r"[0-9a-f]{2}", t) for t in text), f"bad hex in {para!r}"
        out.append((" ".join(comments), bytes(int(t, 16) for t in text)))
    return out


def parse_vectors(text: str) -> dict[str, Vector]:
    section = text[text.index(MARKER):]
    vectors = {}
    for chunk in re.split(r"^### ", section, flags=re.M)[1:]:
        name = chunk.splitlines()[0].strip()
        fields = re.search(r"^Fields: `(.*)`$", chunk, flags=re.M)
        block = re.search(r"^```hex\n(.*?)^```", chunk, flags=re.M | re.S)
        assert fields and block, f"vector {name} lacks a Fields line or a hex block"
        assert name not in vectors, f"duplicate vector {name}"
        vectors[name] = Vector(name, json.loads(fields.group(1)), _parse_hex_block(block.group(1)))
    return vectors


VECTORS = parse_vectors(SPEC_PATH.read_text(encoding="utf-8"))


def _of_kind(*kinds: str) -> list[Vector]:
    return [v for v in VECTORS.values() if v.fields["kind"] in kinds]


def _packet_fields(v: Vector) -> list[tuple[dict, bytes]]:
    """(fields, bytes) for each notification of a pressure vector."""
    per = v.fields.get("packets", [v.fields])
    assert len(per) == len(v.blobs), f"{v.name}: {len(per)} field sets for {len(v.blobs)} packets"
    return list(zip(per, v.blobs))


PRESSURE = [(f"{v.name}[{i}]", f, b) for v in _of_kind("pressure")
            for i, (f, b) in enumerate(_packet_fields(v))]
CONTROL = _of_kind("control")


def test_section_holds_every_required_vector():
    required = {
        "pressure-12bit", "pressure-seq-wrap", "pressure-time-wrap", "pressure-12bit-odd",
        "pressure-16bit-tared", "pressure-imu", "pressure-largest-12bit", "pressure-mtu23-slices",
        "layout-left", "control-start", "control-stop", "control-set-rate-200", "control-set-rate-33",
        "control-tare", "control-haptic", "control-haptic-not-supported", "control-unknown-opcode",
        "battery-level", "invalid-pressure",
    }
    assert required <= set(VECTORS)
    assert len(PRESSURE) >= 13


def test_parser_rejects_a_vector_without_hex():
    with pytest.raises(AssertionError):
        parse_vectors(MARKER + "\n### broken\n\nFields: `{\"kind\": \"battery\"}`\n")


# --- pressure ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fields", "data"), PRESSURE, ids=[p[0] for p in PRESSURE])
def test_decoder_reads_the_fields(name, fields, data):
    p = proto.decode_pressure(data)
    raw = np.array(fields["raw"])
    assert (p.seq, p.t_us, p.frame_period_us, p.first_sensor) == (
        fields["seq"], fields["t_us"], fields["frame_period_us"], fields["first_sensor"])
    assert p.sample_bits == fields["sample_bits"] and p.tared == fields["tared"]
    assert (p.frame_count, p.sensor_count) == raw.shape
    assert p.raw.dtype == np.uint16
    np.testing.assert_array_equal(p.raw, raw)
    np.testing.assert_array_equal(p.valid, raw != (1 << fields["sample_bits"]) - 1)
    if fields["imu"] is None:
        assert p.imu is None
    else:
        np.testing.assert_allclose(p.imu, fields["imu"], rtol=0, atol=1e-9)
    if "frame_times_us_mod" in fields:
        np.testing.assert_array_equal(p.frame_times_us() % 2**32, fields["frame_times_us_mod"])


@pytest.mark.parametrize(("name", "fields", "data"), PRESSURE, ids=[p[0] for p in PRESSURE])
def test_encoder_produces_the_bytes(name, fields, data):
    out = fw.encode_pressure(
        fields["seq"], fields["t_us"], fields["frame_period_us"], np.array(fields["raw"], dtype=np.uint16),
        first_sensor=fields["first_sensor"],
        imu=None if fields["imu"] is None else np.array(fields["imu"]),
        tared=fields["tared"], sample_bits=fields["sample_bits"],
    )
    assert out.hex(" ") == data.hex(" ")


def test_time_wrap_frame_times_are_not_wrapped_by_the_decoder():
    v = VECTORS["pressure-time-wrap"]
    times = proto.decode_pressure(v.blobs[0]).frame_times_us()
    assert times.dtype == np.int64
    assert times.tolist() == [2**32 - 5000, 2**32 + 5000]


def test_pressure_kpa_marks_no_reading_as_nan():
    p = proto.decode_pressure(VECTORS["pressure-12bit"].blobs[0])
    kpa = p.pressure_kpa(0.25)
    assert np.isnan(kpa[1, 5]) and np.isnan(kpa).sum() == 1
    assert kpa[0, 0] == 256 * 0.25


def test_batch_decode_matches_single_decode_over_all_vectors():
    blobs = [b for _, _, b in PRESSURE]
    assert proto.decode_pressure_batch(blobs) == [proto.decode_pressure(b) for b in blobs]


def _joined_raw(v: Vector) -> np.ndarray:
    """All frames of a multi-packet vector: slices of one t_us side by side, then frames in time order."""
    by_time: dict[int, list[dict]] = {}
    for f, _ in _packet_fields(v):
        by_time.setdefault(f["t_us"], []).append(f)
    rows = []
    for t in sorted(by_time):
        slices = sorted(by_time[t], key=lambda f: f["first_sensor"])
        rows.append(np.hstack([np.array(f["raw"]) for f in slices]))
    return np.vstack(rows).astype(np.uint16)


PACKETISED = [v for v in _of_kind("pressure") if "packetiser" in v.fields]


@pytest.mark.parametrize("v", PACKETISED, ids=[v.name for v in PACKETISED])
def test_packetiser_produces_the_packets(v):
    cfg = v.fields["packetiser"]
    pk = fw.Packetiser(cfg["n_sensors"], start_seq=cfg["start_seq"])
    out = pk.packetise(cfg["t_first_us"], cfg["frame_period_us"], _joined_raw(v),
                       payload_limit=cfg["payload_limit"], max_frames=cfg["max_frames"])
    assert [o.hex(" ") for o in out] == [b.hex(" ") for b in v.blobs]
    assert all(len(o) <= cfg["payload_limit"] for o in out)
    assert pk.next_seq == (cfg["start_seq"] + len(out)) % 65536


def test_invalid_notifications_raise_protocol_error():
    v = VECTORS["invalid-pressure"]
    assert len(v.paragraphs) >= 10
    for reason, data in v.paragraphs:
        assert reason, "every invalid vector states its reason"
        with pytest.raises(ProtocolError):
            proto.decode_pressure(data)


def test_batch_names_the_index_of_the_first_invalid_notification():
    good = PRESSURE[0][2]
    for _, bad in VECTORS["invalid-pressure"].paragraphs:
        with pytest.raises(ProtocolError, match=r"packet 2\b"):
            proto.decode_pressure_batch([good, good, bad, good, bad])


# --- layout ------------------------------------------------------------------------------------------


def test_layout_encoder_produces_the_bytes():
    data = VECTORS["layout-left"].blobs[0]
    assert fw.encode_layout(InsoleSpec("left")).hex(" ") == data.hex(" ")
    assert fw.Firmware(InsoleSpec("left")).layout_bytes() == data


def test_layout_decoder_reads_the_fields():
    v = VECTORS["layout-left"]
    f = v.fields
    layout = proto.decode_layout(v.blobs[0])
    assert layout.side == ("left" if f["side"] == 0 else "right")
    assert layout.has_imu == bool(f["capabilities"] & 1)
    assert layout.has_haptic == bool(f["capabilities"] & 2)
    assert layout.sample_bits == f["sample_bits"]
    assert layout.kpa_per_count == f["kpa_per_count_milli"] / 1000
    assert layout.rates_hz == tuple(f["rates_hz"]) and layout.current_rate_hz == f["current_rate_hz"]
    sensors = np.array(f["sensors"])
    assert layout.n_sensors == len(sensors)
    np.testing.assert_allclose(layout.x, sensors[:, 0] / 10000)
    np.testing.assert_allclose(layout.y, sensors[:, 1] / 10000)
    np.testing.assert_array_equal(layout.area_mm2, sensors[:, 2])
    assert layout.regions == tuple(REGION_LABELS[c] for c in sensors[:, 3])


# --- control point, battery --------------------------------------------------------------------------

_BUILDERS = {
    "start": proto.command_start, "stop": proto.command_stop, "set_rate": proto.command_set_rate,
    "tare": proto.command_tare, "haptic": proto.command_haptic,
}


@pytest.mark.parametrize("v", CONTROL, ids=[v.name for v in CONTROL])
def test_control_monitor_side(v):
    write, response = v.blobs
    f = v.fields
    if f["command"] is not None:
        assert _BUILDERS[f["command"]](**f["args"]) == write
    r = proto.decode_control_response(response)
    assert (r.opcode, r.result, r.params) == (f["opcode"], f["result"], b"")


@pytest.mark.parametrize("v", CONTROL, ids=[v.name for v in CONTROL])
def test_control_firmware_side(v):
    write, response = v.blobs
    state = v.fields["state"]
    device = fw.Firmware(replace(InsoleSpec("left"), has_haptic=state.get("has_haptic", True)))
    device.streaming = state["streaming"]
    assert device.handle_control(write, now_us=1234).hex(" ") == response.hex(" ")


def test_invalid_control_responses_raise():
    for _, data in VECTORS["invalid-control-response"].paragraphs:
        with pytest.raises(ProtocolError):
            proto.decode_control_response(data)


def test_battery_level():
    v = VECTORS["battery-level"]
    assert proto.decode_battery_level(v.blobs[0]) == v.fields["percent"]
    for _, data in VECTORS["invalid-battery-level"].paragraphs:
        with pytest.raises(ProtocolError):
            proto.decode_battery_level(data)
