"""One Moticon datagram carries both feet with one app time, so both feet's frames of it get one session time:
the stream has one mapping of its time to the session's, whichever foot's insole started first and however
the first datagrams arrived. Had: each foot had its own clock; with the left insole starting 0.5 s after
the right (Moticon's export 230927_102114.txt) and the datagrams queued as the session started arriving in
a burst, the right's clock anchored on the burst's first and slewed at 0.5 %, the left's on its first
datagram after it: frames of one datagram lay 0.35 s apart, closing at 0.5 %/s (`live --moticon-udp`
fed with the export in real time: left IC 2.651 s, right 3.776 s, Moticon's gait report 3.000 and 3.804).
The BLE insoles, each with its own clock, keep theirs."""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.vendors import moticon as moticon_fw
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.link.assembly import SessionAssembler
from monitor.link.records import RawRecord
from monitor.session.rawlog import KIND_NOTIFICATION

PERIOD_S = 0.01  # the stream's 100 Hz (monitor.link.moticon.DEFAULT_RATE_HZ)


def stream_records(*, late_foot: str, late_s: float = 0.5, burst_s: float = 0.35, duration_s: float = 17.0,
                   seed: int = 3) -> tuple[list[RawRecord], np.ndarray]:
    """Raw-log records of a Moticon stream at 100 Hz whose ``late_foot`` sends no sample (its half ``nan``) for
    its first ``late_s``, session time starting ``burst_s`` after the first datagram was sent: those queued
    meanwhile arrive at once, 10 us apart, the rest 0.5 ms after they were sent (host s). Each datagram is a
    record of each foot it carries, left first, as the link hands it on. Returns the records and the app time
    of each datagram (s)."""
    rng = np.random.default_rng(seed)
    t_s = 40.0 + np.arange(round(duration_s / PERIOD_S)) * PERIOD_S  # the app's time: not 0 at the start
    sent_host_s = t_s - t_s[0] - burst_s
    host_s = np.maximum(sent_host_s + 0.0005 + rng.uniform(0, 0.002, t_s.size), np.arange(t_s.size) * 1e-5)
    host_s = np.maximum.accumulate(host_s)
    datagrams = moticon_fw.encode_datagrams(t_s, {f: rng.uniform(0, 30, (t_s.size, 16)) for f in FEET})
    records = []
    for t, h, data in zip(t_s.tolist(), host_s.tolist(), datagrams):
        feet = FEET if t - t_s[0] >= late_s - 1e-9 else tuple(f for f in FEET if f != late_foot)
        if len(feet) < len(FEET):
            data = moticon_fw.without_feet(data, [late_foot])
        records.extend(RawRecord(KIND_NOTIFICATION, foot, h, data) for foot in feet)
    return records, t_s


def frame_times(blocks, foot: str) -> np.ndarray:
    """Session s of ``foot``'s frames with a reading, in order."""
    return np.concatenate([b.t_s[~np.isnan(b.pressure_kpa).all(axis=1)] for b in blocks if b.foot == foot])


@pytest.mark.parametrize("late_foot", FEET)
def test_both_feet_of_a_datagram_get_one_session_time(late_foot):
    records, t_s = stream_records(late_foot=late_foot)
    layouts = {f: moticon.layout(f) for f in FEET}
    live = SessionAssembler(layouts)
    blocks = [b for r in records for b in live.notification(r.foot, r.host_s, r.payload)]
    both = int(round(0.5 / PERIOD_S))  # the first datagram with both feet
    t = {foot: frame_times(blocks, foot) for foot in FEET}
    early = t[FEET[1 - FEET.index(late_foot)]]
    assert len(early) == t_s.size and len(t[late_foot]) == t_s.size - both
    apart_s = t[late_foot] - early[both:]
    assert np.abs(apart_s).max() <= PERIOD_S, (apart_s[0], apart_s[-1])  # had: 0.35 s at the start
    # a rebuild from the raw log, records many at once in chunks of any size, gives the same bits
    for chunk in (7, 64, 2048):
        rebuilt = SessionAssembler(layouts)
        got = [b for _, bs, _ in rebuilt.feed_records(records, chunk=chunk) for b in bs]
        assert [(b.foot, b.t_s.tobytes()) for b in got] == [(b.foot, b.t_s.tobytes()) for b in blocks]
        assert rebuilt.counters() == live.counters() and rebuilt.gaps() == live.gaps()
