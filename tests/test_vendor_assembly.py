"""ORPHE INSOLE and Ukaton Mission notifications through the frame assembler: frames, losses and wraps,
the same one record at a time (live) and many at once (replay, rebuild)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from firmware_sim.vendors import orphe as orphe_fw
from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.codebook import FrameBlock
from monitor.link import orphe, ukaton
from monitor.link.assembly import SessionAssembler
from monitor.link.records import KIND_EVENT, KIND_LOG_DAMAGED, KIND_NOTIFICATION, RawRecord


def _ukaton_records(n: int, *, lose: set[int], drop_at: int | None = None) -> list[RawRecord]:
    """Left-foot Ukaton notifications every 20 ms from device ms 60 000 (the 16-bit stamp wraps), with
    readings k * 4 counts; ``drop_at``: a disconnect, then 100 s of device time unseen."""
    out, shift = [], 0
    for k in range(n):
        if k == drop_at:
            out.append(RawRecord(KIND_EVENT, "left", k * 0.02 + 0.001,
                                 json.dumps({"event": "disconnected", "foot": "left"}).encode()))
            shift = 5000  # intervals: 100 s
        if k in lose:
            continue
        counts = np.full(16, (4 * k) % 4096, dtype=np.uint16)
        out.append(RawRecord(KIND_NOTIFICATION, "left", (k + shift) * 0.02,
                             ukaton_fw.encode_sensor_data(60_000 + 20 * (k + shift), counts)))
    return out


def _orphe_records(n: int, *, lose: set[int]) -> list[RawRecord]:
    """Right-foot ORPHE header-56 packets from 23:59:59.000 (midnight passes) with serials from 65530."""
    out = []
    for k in range(n):
        if k in lose:
            continue
        counts = np.array([[k * 2] * 6, [k * 2 + 1] * 6])
        data = orphe_fw.encode_sensor_values(56, (65530 + k) % 65536, 86_399_000 + 20 * k, counts)
        out.append(RawRecord(KIND_NOTIFICATION, "right", k * 0.02, data))
    return out


def _live(asm: SessionAssembler, records: list[RawRecord]) -> list[FrameBlock]:
    blocks = []
    for rec in records:
        if rec.kind == KIND_NOTIFICATION:
            blocks += asm.notification(rec.foot, rec.host_s, rec.payload)
        elif rec.kind == KIND_LOG_DAMAGED:
            asm.log_damaged()
        else:
            asm.event(rec.event)
    return blocks + asm.finish()


def _batch(asm: SessionAssembler, records: list[RawRecord], chunk: int) -> list[FrameBlock]:
    blocks = []
    for _rec, got, _ev in asm.feed_records(records, chunk=chunk):
        blocks += got
    return blocks + asm.finish()


def _frames(blocks: list[FrameBlock]) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([b.t_s for b in blocks]), np.concatenate([b.pressure_kpa for b in blocks])


@pytest.mark.parametrize("chunk", [1, 7, 2048])
def test_ukaton_frames_losses_and_wraps(chunk: int) -> None:
    records = _ukaton_records(400, lose={50, 51, 52}, drop_at=300)
    layouts = {"left": ukaton.layout("left")}
    live = SessionAssembler(layouts, keep_late=True)
    t, p = _frames(_live(live, records))
    counters = live.counters()["left"]
    assert counters["packets_lost"] == 3 and counters["packets_corrupt"] == 0
    assert counters["packets_missed_link_down"] == 5000  # 100 s unseen: the 16-bit stamp wrapped once
    ok = ~np.isnan(p[:, 0])
    assert int(ok.sum()) == 397
    assert np.all(np.diff(t) > 0)
    # frames before the wrap at 65 536 ms keep 20 ms spacing across it
    assert np.allclose(np.diff(t[:50]), 0.02)
    batch = SessionAssembler(layouts, keep_late=True)
    tb, pb = _frames(_batch(batch, records, chunk))
    assert np.array_equal(t, tb) and np.array_equal(p, pb, equal_nan=True)
    assert batch.counters() == live.counters()


@pytest.mark.parametrize("chunk", [1, 5, 2048])
def test_orphe_frames_serial_wrap_and_midnight(chunk: int) -> None:
    records = _orphe_records(200, lose={20})
    layouts = {"right": orphe.layout("right")}
    live = SessionAssembler(layouts)
    t, p = _frames(_live(live, records))
    assert live.counters()["right"]["packets_lost"] == 1
    assert p.shape == (400, 6)
    assert np.all(np.isnan(p[40:42]))  # the lost packet's two frames
    assert np.allclose(np.diff(t), 0.01)  # 100 Hz across midnight and the serial wrap
    assert p[1, 0] == pytest.approx(1 * 0.25) and p[0, 0] == 0.0  # oldest slot first
    batch = SessionAssembler(layouts)
    tb, pb = _frames(_batch(batch, records, chunk))
    assert np.array_equal(t, tb) and np.array_equal(p, pb, equal_nan=True)


@pytest.mark.parametrize("chunk", [1, 7, 2048])
def test_ukaton_frames_after_a_long_damaged_span_of_the_raw_log_keep_their_time(chunk: int) -> None:
    """40 s of a Ukaton raw log skipped as damaged (its mark where they were): more than half the 16-bit
    millisecond stamp's range, so the stamps after it read as behind the stream unless the host time
    places them, as after a link drop. Had: the 200 frames after it were taken as late, and their time lost."""
    records = _ukaton_records(2300, lose=set())
    skipped = range(100, 2100)  # 40 s of device time, from 2 s in
    kept = [r for k, r in enumerate(records) if k not in skipped]
    kept.insert(100, RawRecord(KIND_LOG_DAMAGED, "", records[2100].host_s, b""))
    layouts = {"left": ukaton.layout("left")}
    live = SessionAssembler(layouts, keep_late=True)
    t, p = _frames(_live(live, kept))
    counters = live.counters()["left"]
    assert counters["packets_log_damaged"] == len(skipped)
    assert counters["packets_lost"] == 0 and counters["packets_late"] == 0
    ok = ~np.isnan(p[:, 0])
    assert int(ok.sum()) == 300
    assert t[ok][100] == pytest.approx(t[ok][0] + 2100 * 0.02)  # the first frame after the span, in its place
    assert np.allclose(np.diff(t[ok][100:]), 0.02)
    batch = SessionAssembler(layouts, keep_late=True)
    tb, pb = _frames(_batch(batch, kept, chunk))
    assert np.array_equal(t, tb) and np.array_equal(p, pb, equal_nan=True)
    assert batch.counters() == live.counters()
