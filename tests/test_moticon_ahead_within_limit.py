"""A Moticon stream datagram dated ahead of the stream by less than the out-of-time limit (1 s of host time)
but more than a few sample periods costs that datagram only: it is out of time (``packets_out_of_time``)
unless the next datagram continues from it, and the good datagrams after it are read as ever, none late,
no gap (monitor.link.moticon.MoticonRows). Arrivals come in order, so a stream's datagrams never run ahead
of its pace by more than a sample period each (one more per datagram lost): one that does is the bad one.

Had: one datagram dated 0.5 s ahead of a 100-Hz stream counted the 49 good datagrams after it late, a gap
of 49 frames invented before it, and took the place of the good datagram of its time (a duplicate).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_moticon_time_jump import RATE_HZ, _assemble, _stream

from monitor.codebook import FEET


@pytest.mark.parametrize("ahead_s", [0.9, 0.5, 0.1, 0.04])
def test_one_datagram_ahead_within_the_limit_costs_that_datagram_only(ahead_s):
    """At 5 s of a 20-s stream, one extra datagram dated ``ahead_s`` s on: out of time for each foot; every
    good frame kept at its time, none late, no gap."""
    asm, t = _assemble(_stream(20.0, {500: [5.0 + ahead_s]}))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_late, c.frames_late, c.packets_duplicate, c.frames_missing) == (0, 0, 0, 0)
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_lost) == (1, 0, 0)
        assert c.frames_received == 2000 and t[foot].size == 2000
        assert np.diff(t[foot]).max() < 0.015
    assert asm.gaps() == []


def test_a_stream_whose_arrivals_catch_up_after_a_stall_is_in_time():
    """The host reads nothing for 0.5 s at the start, then the datagrams it kept all at once: each is a
    period further ahead of the pace than the one before, never more; none is out of time."""
    stream = _stream(20.0)
    stalled = [(max(host, 0.5), data) for host, data in stream]
    asm, t = _assemble(stalled)
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_missing) == (0, 0, 0, 0)
        assert t[foot].size == 20 * RATE_HZ


def test_a_jump_ahead_within_the_limit_that_the_stream_continues_is_a_gap():
    """The app's time jumps 0.5 s ahead in a moment of the host's and goes on from there: the first datagram of
    the jump is out of time until the next confirms it, then the stream goes on at the new times, a gap."""
    asm, t = _assemble(_stream(10.0) + _stream(10.0, t0_s=10.5, host0_s=10.0))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_late) == (1, 0, 0, 0)
        assert c.frames_received == 1999 and c.frames_missing == 51
    assert [g.reason for g in asm.gaps()] == ["packets lost"] * 2
