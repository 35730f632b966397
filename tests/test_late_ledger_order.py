"""The late ledger (monitor.link.late_ledger) bisects a foot's gaps by their starts and counts a late packet
once its frames lie before the newest frame less half a period: both hold only if each gap of a foot begins
after every frame delivered before it. The assembler places a gap's first frame at least 1 us after the
newest frame delivered (ClockMapper.frame_times_s's floor), whatever its clock did; here, over arrival
orders of streams whose clocks jump (a Ukaton stamp wrapping over a drop, a Moticon partner foot joining
the stream's clock, a BLE insole reconnecting and restarting), every gap begins after the frames delivered
before it, and the ledger's gaps are those of a count of the late frames kept whole that assumes no order
(each frame against every gap of its foot)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_link_hostile import LAYOUTS
from test_moticon_stream_clock import stream_records
from test_vendor_assembly import _ukaton_records

from firmware_sim.firmware import encode_pressure
from monitor.codebook import FEET, Gap
from monitor.link import moticon, ukaton
from monitor.link.assembly import SessionAssembler
from monitor.link.records import KIND_EVENT, KIND_NOTIFICATION, RawRecord


def _ble_records(n: int) -> list[RawRecord]:
    """Left-foot Solewatch packets of 8 frames at 100 Hz; after packet ``n // 2`` the link drops (a
    ``disconnected`` event) for 3 s and the insole restarts: its seq and device time begin again at 0."""
    rng = np.random.default_rng(1)
    out = []
    for i in range(n):
        j, host_s = (i, i * 0.08 + 0.09) if i < n // 2 else (i - n // 2, i * 0.08 + 3.09)
        if i == n // 2:
            out.append(RawRecord(KIND_EVENT, "left", host_s - 0.5,
                                 json.dumps({"event": "disconnected", "foot": "left"}).encode()))
        data = encode_pressure(j, 1_000_000 + j * 80_000, 10_000, rng.integers(0, 4096, (8, 18)))
        out.append(RawRecord(KIND_NOTIFICATION, "left", host_s, data))
    return out


#: per clock case, (its records in order, its feet's layouts)
CASES = {
    "ukaton wrap after a drop": (_ukaton_records(160, lose={20, 21}, drop_at=100), {"left": ukaton.layout("left")}),
    "moticon partner foot": (stream_records(late_foot="right", duration_s=3.0)[0],
                             {f: moticon.layout(f) for f in FEET}),
    "ble reconnect": (_ble_records(120), {"left": LAYOUTS["left"]}),
}


def _reordered(records: list[RawRecord], moves: list[tuple[int, int]]) -> list[RawRecord]:
    """``records`` with, per (i, d) of ``moves``, the notification at i held back behind the d records after
    it; arriving then, its host time is the later one's (the raw log's host times never go back)."""
    out = list(records)
    for i, d in moves:
        i %= len(out)
        j = min(i + d, len(out) - 1)
        if out[i].kind != KIND_NOTIFICATION:
            continue
        rec = out.pop(i)
        out.insert(j, replace(rec, host_s=out[j - 1].host_s))
    return out


def _gaps_counted_in_any_order(gaps: list[Gap], late: list[tuple[str, np.ndarray]],
                               rates_hz: dict[str, float]) -> list[Gap]:
    """``gaps`` once the late frames (foot, session s (k,) per late packet) fill them, each frame looked for
    in every filled gap of its foot (no order of the gaps assumed): gaps_after_late's rule."""
    out = list(gaps)
    for foot, t_s in late:
        half = 0.5 / rates_hz[foot]
        for i, g in enumerate(out):
            inside = int(((t_s >= g.start_s - half) & (t_s < g.end_s - half)).sum())
            if g.foot == foot and g.filled and inside:
                out[i] = replace(g, frames_missing=g.frames_missing - inside, packets_lost=max(g.packets_lost - 1, 0))
    return [g for g in out if g.frames_missing > 0]


@settings(max_examples=60)
@given(case=st.sampled_from(sorted(CASES)),
       moves=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 12)), min_size=1, max_size=25))
def test_a_foots_gaps_begin_after_the_frames_before_them_in_any_arrival_order(case, moves):
    records, layouts = CASES[case]
    records = _reordered(records, moves)
    asm = SessionAssembler(layouts, keep_late=True, count_late=True)
    for rec in records:
        n_gaps = {foot: len(fa.gaps) for foot, fa in asm.feet.items()}
        last_t_s = {foot: fa._last_t_s for foot, fa in asm.feet.items()}
        if rec.kind == KIND_NOTIFICATION:
            asm.notification(rec.foot, rec.host_s, rec.payload)
        else:
            asm.event(rec.event)
        for foot, fa in asm.feet.items():
            for g in fa.gaps[n_gaps[foot]:]:  # a gap appended by this record
                assert g.start_s > last_t_s[foot] or not np.isfinite(last_t_s[foot]), (case, g, last_t_s[foot])
    asm.finish()
    rates_hz = {foot: float(layout.current_rate_hz) for foot, layout in layouts.items()}
    for foot, fa in asm.feet.items():
        starts = [g.start_s for g in fa.gaps]
        assert starts == sorted(starts), case
        late = [(foot, b.t_s) for b in fa.late_blocks]
        assert fa.late_ledger.gaps_after(fa.gaps) == _gaps_counted_in_any_order(fa.gaps, late, rates_hz), case
