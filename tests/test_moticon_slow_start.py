"""A receiver slow to start reading the Moticon stream: the OS keeps the datagrams sent meanwhile and hands them
over in order, one after the other, as the receiver reads its socket, each stamped with the host's clock
(monotonic: monitor.util.hostclock) as it is read. Every frame is kept, none missing, lost, late or out of
time, whatever the delay: the stream's pace (monitor.link.moticon.MoticonRows) is the most any datagram's time
has been ahead of its arrival, so the first datagram, read late, only sets it low, and each datagram of the
burst raises it by its one period. The first frames wait for the burst to end (monitor.link.clock, "Settling"),
so the first frame lies where it was sent (a datagram that came without the backlog: its latency after it), not
at its arrival (had: ``late_s`` late, caught up at the clock's 0.5 %/s); the frames after it run at the device's
pace, their spacing within the clock's ``max_slew`` of it (monitor.link.clock). Live and rebuilt from the raw
log alike (tests/test_assembly_equivalence.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_assembly_equivalence import _check, _per_packet_feed
from test_moticon_time_jump import LATENCY_S, RATE_HZ, _assemble, _stream

from monitor.codebook import FEET
from monitor.link import moticon
from monitor.link.clock import ClockMapper
from monitor.session.rawlog import KIND_NOTIFICATION

#: Host seconds between two datagrams of a burst the OS hands over (guess: a socket read in a loop).
READ_GAP_S = 1e-5


def _read_late(seconds: float, late_s: float) -> list[tuple[float, bytes]]:
    """A ``seconds``-long 100-Hz stream (monitor.link.moticon's default rate) whose receiver starts reading
    at host ``late_s``: the datagrams sent before are read then, in order, ``READ_GAP_S`` apart."""
    return [(max(host, late_s + i * READ_GAP_S), data) for i, (host, data) in enumerate(_stream(seconds))]


@pytest.mark.parametrize("late_s", [0.5, 1.2, 1.5, 3.0])
def test_a_receiver_that_starts_reading_late_keeps_every_frame(late_s):
    asm, t = _assemble(_read_late(5.0, late_s))
    most_slew = ClockMapper().max_slew
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_lost, c.packets_late, c.frames_late,
                c.frames_missing) == (0, 0, 0, 0, 0, 0)
        assert c.frames_received == 500 and t[foot].size == 500
        assert t[foot][0] == pytest.approx(LATENCY_S)  # where it was sent; had: at its arrival, late_s
        step_s = np.diff(t[foot])
        assert step_s.min() >= (1 - most_slew) / RATE_HZ - 1e-9 and step_s.max() <= (1 + most_slew) / RATE_HZ + 1e-9
    assert asm.gaps() == []


def test_a_late_start_rebuilds_from_the_raw_log_as_it_streamed():
    records = [(KIND_NOTIFICATION, foot, host, data) for host, data in _read_late(5.0, 1.2) for foot in FEET]
    _check(records, {f: moticon.layout(f) for f in FEET}, reference=_per_packet_feed)
