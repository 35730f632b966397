"""The assembler a recording or a replay feeds (monitor.live.record_summary.recording_assembler) counts its
late frames for the gaps they fill in bounded memory under a hostile insole stream, and counts them as the
rebuild does (monitor.session.model.gaps_after_late over the late frames themselves)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from test_link_hostile import LAYOUTS, hostile_notifications

import monitor.link.assembly
from firmware_sim.firmware import encode_pressure
from monitor.link.assembly import SessionAssembler
from monitor.live.record_summary import late_of, recording_assembler
from monitor.session.model import gaps_after_late, gaps_table
from monitor.session.writer import late_filled

#: gaps kept per foot in these tests: low, so that both streams below coalesce (test_link_hostile's reason)
MAX_GAPS_HERE = 300


def _feed(asm: SessionAssembler, notes: tuple[tuple[str, bytes], ...]) -> None:
    """``notes`` (foot, bytes) into ``asm`` 1 ms of host time apart, the frames handed on dropped."""
    host_s = 0.0
    for foot, data in notes:
        host_s += 0.001
        asm.notification(foot, host_s, data)
    asm.finish()


def _peak_bytes(n: int) -> int:
    """Peak traced memory (bytes) of a recording's assembler fed ``n`` hostile notifications (seed 11)."""
    notes = hostile_notifications(n, 11)
    tracemalloc.start()
    try:
        _feed(recording_assembler(LAYOUTS, 1.0), notes)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def test_a_recordings_assembler_keeps_its_late_frames_in_bounded_memory(monkeypatch):
    """About one late frame per notification in this stream: kept whole, 6x the notifications was 4x the
    peak; the gap list full at both lengths, the peak at the longer stays well under 2x the shorter."""
    monkeypatch.setattr(monitor.link.assembly, "MAX_GAPS", MAX_GAPS_HERE)
    short, long = _peak_bytes(20_000), _peak_bytes(120_000)
    assert long < 2 * short, f"{long / 1e6:.2f} MB at 120,000 notifications, {short / 1e6:.2f} MB at 20,000"


def reordered_notifications(n: int, seed: int) -> tuple[tuple[str, bytes], ...]:
    """``n`` notifications per foot of 8 frames at 100 Hz (seeded), a tenth of them held back behind the next
    1 to 3 and a twentieth lost: late packets that fill the gaps their absence opened."""
    rng = np.random.default_rng(seed)
    out = []
    for foot in ("left", "right"):
        period_us, k = 10_000, 8
        packets = [encode_pressure(seq % 65536, seq * k * period_us, period_us, rng.integers(0, 4096, (k, 18)))
                   for seq in range(n)]
        order = list(range(n))
        for i in range(n - 4):
            if rng.random() < 0.1:
                j = i + int(rng.integers(1, 4))
                order[i], order[j] = order[j], order[i]
        out.extend((foot, packets[i]) for i in order if rng.random() >= 0.05)
    return tuple(out)


@pytest.mark.parametrize("max_gaps", [MAX_GAPS_HERE, monitor.link.assembly.MAX_GAPS])
@pytest.mark.parametrize("stream", ["reordered", "hostile"])
def test_a_recordings_assembler_counts_the_late_frames_as_the_rebuild(monkeypatch, max_gaps, stream):
    """late_of from the recording's assembler gives the gaps and late-filled frames of the late frames kept
    whole (the rebuild's), coalesced gaps or not."""
    monkeypatch.setattr(monitor.link.assembly, "MAX_GAPS", max_gaps)
    notes = reordered_notifications(3000, 5) if stream == "reordered" else hostile_notifications(20_000, 11)
    asm, whole = recording_assembler(LAYOUTS, 1.0), SessionAssembler(LAYOUTS, speed=1.0, keep_late=True)
    _feed(asm, notes)
    _feed(whole, notes)
    rates_hz = {foot: float(layout.current_rate_hz) for foot, layout in LAYOUTS.items()}
    want = gaps_after_late(whole.gaps(), {f: fa.late_blocks for f, fa in whole.feet.items()}, rates_hz)
    assert sum(fa.counters.frames_late for fa in whole.feet.values()) > 4000
    if stream == "reordered":
        assert len(want) < len(whole.gaps())  # late frames filled some
    assert late_of(asm) == (len(want), late_filled(whole.counters(), gaps_table(want)))
