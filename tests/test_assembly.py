"""Notifications -> frames: losses, duplicates, reordering, corruption, slices, clock wrap."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.firmware import Packetiser, encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from monitor.codebook import FrameBlock
from monitor.link.assembly import FootAssembler, SessionAssembler
from monitor.link.protocol import decode_layout

RATE_HZ = 100
PERIOD_US = 10_000


def _layout(side="left"):
    return decode_layout(encode_layout(InsoleSpec(side)))


def _stream(n_frames, *, frames_per_packet=8, payload_limit=244, start_us=5_000_000, start_seq=0,
            speed=1.0, seed=0):
    """Packets of a synthetic stream and their host arrival times: (host_s, bytes), and the truth kPa."""
    rng = np.random.default_rng(seed)
    spec = InsoleSpec("left")
    kpa = np.round(rng.uniform(0, 400, size=(n_frames, spec.n_sensors)) * 4) / 4
    raw = kpa_to_raw(kpa, spec.kpa_per_count_milli, 12)
    pk = Packetiser(spec.n_sensors, start_seq=start_seq)
    out = []
    for i in range(0, n_frames, frames_per_packet):
        block = raw[i:i + frames_per_packet]
        t_us = (start_us + i * PERIOD_US) % (1 << 32)
        host_s = (i + block.shape[0]) * PERIOD_US * 1e-6 / speed + 0.002
        for data in pk.packetise(t_us, PERIOD_US, block, payload_limit=payload_limit,
                                 max_frames=frames_per_packet):
            out.append((host_s, data))
    return out, kpa


def _run(asm, packets):
    blocks = []
    for host_s, data in packets:
        blocks += asm.feed(host_s, data)
    blocks += asm.flush()
    return FrameBlock.concat(blocks)


def test_clean_stream_gives_every_frame_once_with_exact_values():
    packets, kpa = _stream(400)
    asm = FootAssembler("left", _layout())
    block = _run(asm, packets)
    assert block.n_frames == 400
    np.testing.assert_array_equal(block.pressure_kpa, kpa)
    assert np.allclose(np.diff(block.t_s), 0.01, atol=1e-9)
    c = asm.counters
    assert (c.packets_lost, c.packets_corrupt, c.packets_duplicate, c.frames_missing) == (0, 0, 0, 0)


def test_k_lost_packets_are_counted_exactly_and_their_frames_are_nan_rows():
    packets, kpa = _stream(400)
    dropped = [10, 11, 12, 30]
    kept = [p for i, p in enumerate(packets) if i not in dropped]
    asm = FootAssembler("left", _layout())
    block = _run(asm, kept)
    assert asm.counters.packets_lost == 4
    assert block.n_frames == 400  # the time axis stays regular
    nan_rows = np.isnan(block.pressure_kpa).all(axis=1)
    assert nan_rows.sum() == 4 * 8
    assert np.isnan(block.pressure_kpa[80:104]).all()
    np.testing.assert_array_equal(block.pressure_kpa[~nan_rows], kpa[~nan_rows])
    assert [g.frames_missing for g in asm.gaps] == [24, 8]
    assert all(g.reason == "packets lost" for g in asm.gaps)


def test_duplicates_are_dropped_and_counted():
    packets, kpa = _stream(160)
    dup = packets[:5] + [packets[4], packets[4]] + packets[5:]
    asm = FootAssembler("left", _layout())
    block = _run(asm, dup)
    assert asm.counters.packets_duplicate == 2
    np.testing.assert_array_equal(block.pressure_kpa, kpa)


def test_corrupt_packets_are_counted_skipped_and_not_also_called_lost():
    packets, _ = _stream(160)
    bad = list(packets)
    for i in (3, 7):
        host_s, data = bad[i]
        bad[i] = (host_s, data[:-1])  # truncated -> length mismatch
    asm = FootAssembler("left", _layout())
    block = _run(asm, bad)
    assert asm.counters.packets_corrupt == 2
    assert asm.counters.packets_lost == 0
    assert np.isnan(block.pressure_kpa).all(axis=1).sum() == 16


def test_reordered_packet_is_late_not_lost_and_is_kept_for_the_table():
    packets, kpa = _stream(160)
    swapped = list(packets)
    swapped[5], swapped[6] = swapped[6], swapped[5]
    asm = FootAssembler("left", _layout(), keep_late=True)
    block = _run(asm, swapped)
    assert asm.counters.packets_late == 1
    assert asm.counters.packets_lost == 0
    assert len(asm.late_blocks) == 1
    np.testing.assert_array_equal(asm.late_blocks[0].pressure_kpa, kpa[40:48])
    assert np.isnan(block.pressure_kpa[40:48]).all()  # the live stream had moved on


def test_timestamp_and_sequence_wrap_do_not_break_the_timeline():
    start_us = (1 << 32) - 25 * PERIOD_US
    packets, kpa = _stream(200, start_us=start_us, start_seq=65530)
    asm = FootAssembler("left", _layout())
    block = _run(asm, packets)
    assert block.n_frames == 200
    assert np.allclose(np.diff(block.t_s), 0.01, atol=1e-9)
    assert asm.counters.packets_lost == 0


def test_small_mtu_slices_merge_into_whole_frames_and_a_lost_slice_leaves_nan_sensors():
    packets, kpa = _stream(20, frames_per_packet=1, payload_limit=20)
    assert len(packets) == 20 * 5
    asm = FootAssembler("left", _layout())
    block = _run(asm, packets)
    np.testing.assert_array_equal(block.pressure_kpa, kpa)
    lossy = [p for i, p in enumerate(packets) if i != 7]  # frame 1, sensors 8..11
    asm2 = FootAssembler("left", _layout())
    block2 = _run(asm2, lossy)
    assert asm2.counters.packets_lost == 1
    assert np.isnan(block2.pressure_kpa[1, 8:12]).all()
    assert not np.isnan(np.delete(block2.pressure_kpa[1], range(8, 12))).any()


def test_link_down_gap_is_attributed_to_the_link():
    packets, _ = _stream(400)
    asm = SessionAssembler({"left": _layout()})
    blocks = []
    for i, (host_s, data) in enumerate(packets):
        if i == 20:
            asm.event({"event": "disconnected", "foot": "left"})
        if 20 <= i < 25:
            continue
        blocks += asm.notification("left", host_s, data)
    gaps = asm.gaps()
    assert len(gaps) == 1 and gaps[0].reason == "link down" and gaps[0].frames_missing == 40
    assert asm.counters()["left"]["packets_lost"] == 0
    assert asm.counters()["left"]["packets_missed_link_down"] == 5


@pytest.mark.parametrize("speed", [1.0, 30.0])
def test_session_time_follows_the_device_clock_at_any_speed(speed):
    packets, _ = _stream(3000, speed=speed)
    asm = FootAssembler("left", _layout(), speed=speed)
    block = _run(asm, packets)
    # 30 s of device time spans 30 s of session time whatever the speed
    assert block.t_s[-1] - block.t_s[0] == pytest.approx(29.99, abs=1e-6)
    # the first packet arrived one frame period + 2 ms (host) after its last frame was sampled
    assert block.t_s[0] == pytest.approx(0.01 + 0.002 * speed, abs=1e-9)
