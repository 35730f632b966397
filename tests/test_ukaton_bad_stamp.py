"""One Ukaton notification whose 16-bit ms stamp is far from its neighbours' costs that sample only: a stamp
ahead of the stream's pace by more than a few intervals is out of time until the next notification
continues from it (monitor.link.ukaton.UkatonRows); one behind the stream was, and is, a sample late.

Had: at 10 s of a 30-s 50-Hz stream, one stamp 20 s ahead placed its frame at 30 s, invented a gap of 1000
frames ("packets lost", 10.0 to 30.0 s) and counted the 999 good samples after it late (501 of 1500 frames
kept); one 0.6 s ahead counted 29 late, a gap of 30 frames and a duplicate.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.link import ukaton
from monitor.link.assembly import FootAssembler, SessionAssembler
from monitor.link.records import KIND_LOG_DAMAGED, KIND_NOTIFICATION, RawRecord

INTERVAL_MS = 20
#: Host seconds a notification arrives after its stamp's time.
LATENCY_S = 0.002


def _assemble(n: int, stamps: dict[int, int] | None = None, speed: float = 1.0,
              host_of=None) -> tuple[FootAssembler, np.ndarray]:
    """``n`` notifications of a 50-Hz stream from stamp 1000 ms; ``stamps``: the stamp (ms, any integer, taken
    mod 65536) of notification ``i`` instead of its own; ``host_of(i)``: its arrival (host s)."""
    fa = FootAssembler("left", ukaton.layout("left", 1000 // INTERVAL_MS), speed=speed, keep_late=True)
    counts = np.full(16, 400)
    t = []
    for i in range(n):
        host_s = host_of(i) if host_of else (i * INTERVAL_MS / 1000 + LATENCY_S) / speed
        stamp = (stamps or {}).get(i, 1000 + i * INTERVAL_MS) % 65536
        for block in fa.feed(host_s, ukaton_fw.encode_sensor_data(stamp, counts)):
            if not np.isnan(block.pressure_kpa).all():
                t.extend(block.t_s.tolist())
    fa.flush()
    return fa, np.array(t)


@pytest.mark.parametrize("off_ms", [20_000, 32_000, 600, 100, 80])
def test_one_stamp_ahead_costs_that_sample_only(off_ms):
    """Notification 500 of 1500 stamped ``off_ms`` ahead of its time: its frame is missing (a gap of one),
    every other frame kept at its time, none late or duplicate."""
    fa, t = _assemble(1500, {500: 1000 + 500 * INTERVAL_MS + off_ms})
    c = fa.counters
    assert (c.packets_late, c.frames_late, c.packets_duplicate) == (0, 0, 0)
    assert (c.frames_received, c.frames_missing, c.packets_lost, c.packets_out_of_time, c.packets_corrupt) == \
        (1499, 1, 0, 1, 0)
    assert t.size == 1499 and np.diff(t).max() < 0.045 and t[-1] == pytest.approx(29.98 + 0.002, abs=0.01)
    assert [(g.frames_missing, round(g.start_s, 2)) for g in fa.gaps] == [(1, 10.0)]


@pytest.mark.parametrize("off_ms", [-100, -20_000, 40_000])
def test_one_stamp_behind_costs_that_sample_only(off_ms):
    """A stamp behind the stream (40 s ahead is 25.5 s behind, mod 65.536 s): that sample, as before."""
    fa, t = _assemble(1500, {500: 1000 + 500 * INTERVAL_MS + off_ms})
    c = fa.counters
    assert c.frames_received == 1499 and c.frames_missing == 1 and c.packets_late + c.packets_duplicate == 1
    assert t.size == 1499 and np.diff(t).max() < 0.045


def test_a_backlog_read_at_once_is_in_time():
    """The host hears nothing for 0.5 s, then the notifications kept meanwhile all at once: none out of time."""
    fa, t = _assemble(1500, host_of=lambda i: max(i * INTERVAL_MS / 1000 + LATENCY_S, 0.5 if i < 100 else 2.5))
    c = fa.counters
    assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_missing, c.frames_received) == \
        (0, 0, 0, 0, 1500)


def test_a_jump_of_the_stamps_the_next_continue_from_is_read_after_its_first():
    """The stamps jump 5 s ahead at 10 s and go on from there (the host saw no such time pass): the first of
    the jump is out of time, the next continues from it and is read, the 250 intervals between a gap."""
    fa, t = _assemble(1000, {i: 1000 + i * INTERVAL_MS + 5000 for i in range(500, 1000)})
    c = fa.counters
    assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_received) == (1, 0, 0, 999)
    assert c.frames_missing == 251 and len(fa.gaps) == 1


def test_at_speed_a_bad_stamp_costs_that_sample_only():
    """At 30x (a simulated insole) the pace is the device's: one stamp 2 s ahead costs that sample."""
    fa, t = _assemble(1500, {500: 1000 + 500 * INTERVAL_MS + 2000}, speed=30.0)
    c = fa.counters
    assert (c.packets_late, c.frames_received, c.frames_missing, c.packets_out_of_time, c.packets_corrupt) == \
        (0, 1499, 1, 1, 0)


@pytest.mark.parametrize("off_ms", [20_000, 600])
def test_a_bad_first_stamp_after_a_damaged_span_of_the_raw_log_costs_that_sample_only(off_ms):
    """A rebuild of a raw log whose bytes holding notifications 500-549 were damaged (a KIND_LOG_DAMAGED mark
    where they were): the first stamp after the span, ``off_ms`` ahead of its time, is out of time (the
    insole ran on through the span, its pace with it), every good frame kept at its time, the span's 50
    frames and that one missing. Had: the span restarted the pace as a link drop does, so at 20 s ahead that
    stamp moved the stream and the 949 good samples after it were late (29 and a duplicate at 0.6 s)."""
    counts = np.full(16, 400)
    records = []
    for i in range(1500):
        if i == 500:
            records.append(RawRecord(KIND_LOG_DAMAGED, "", 549 * INTERVAL_MS / 1000 + LATENCY_S, b""))
        if 500 <= i < 550:
            continue
        stamp = 1000 + i * INTERVAL_MS + (off_ms if i == 550 else 0)
        records.append(RawRecord(KIND_NOTIFICATION, "left", i * INTERVAL_MS / 1000 + LATENCY_S,
                                 ukaton_fw.encode_sensor_data(stamp % 65536, counts)))
    layouts = {"left": ukaton.layout("left", 1000 // INTERVAL_MS)}
    one = SessionAssembler(layouts)
    blocks = []
    for r in records:
        if r.kind == KIND_LOG_DAMAGED:
            one.log_damaged()
        else:
            blocks += one.notification(r.foot, r.host_s, r.payload)
    c = one.feet["left"].counters
    assert (c.packets_late, c.packets_duplicate, c.packets_out_of_time) == (0, 0, 1), c
    assert (c.frames_received, c.frames_missing, c.packets_log_damaged) == (1449, 51, 50)
    t = np.concatenate([b.t_s[~np.isnan(b.pressure_kpa).all(axis=1)] for b in blocks])
    assert t[-1] == pytest.approx(29.98 + LATENCY_S, abs=0.01)
    for chunk in (1, 64, 2048):  # the batch path tells the decoder of the span alike
        many = SessionAssembler(layouts)
        got = [b for _, bs, _ in many.feed_records(records, chunk=chunk) for b in bs]
        assert [b.t_s.tobytes() for b in got] == [b.t_s.tobytes() for b in blocks]
        assert many.counters() == one.counters() and many.gaps() == one.gaps()
