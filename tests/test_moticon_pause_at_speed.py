"""The simulated Moticon stream at high ``--speed`` loses no datagram after a pause: its pace (the most any
datagram's time has been ahead of its arrival) is measured on reads that a host at 20x makes a few
milliseconds late, each millisecond 20 ms of the stream's time, so the first datagram after a pause, read at
once, runs ahead of that pace by more than 3 sample periods though it is in time. The pace allows what
``OUT_OF_PACE_HOST_S`` of host time is at the session's speed (monitor.link.moticon.MoticonRows); at real
time, 3 periods as ever."""

from __future__ import annotations

import pytest
from test_moticon_time_jump import RATE_HZ, _datagram

from monitor.errors import OutOfTime
from monitor.link import moticon


def _out_of_time(speed: float, late_host_s: float, pause_s: float = 2.0, seconds: float = 10.0) -> list[float]:
    """Times (s) of the datagrams a 100-Hz stream at ``speed`` has out of time, each read ``late_host_s`` of
    host time after its time but the first after a pause of ``pause_s`` at 5 s of it, read at once."""
    rows = moticon.MoticonRows("left", RATE_HZ, speed=speed)
    out = []
    for i in range(int(round(seconds * RATE_HZ))):
        t_s = i / RATE_HZ
        if 5.0 <= t_s < 5.0 + pause_s:
            continue  # the app's stream paused: nothing sent
        first_after = i == int(round((5.0 + pause_s) * RATE_HZ))
        try:
            rows.rows(t_s / speed + (0.0 if first_after else late_host_s), _datagram(t_s))
        except OutOfTime:
            out.append(t_s)
    return out


@pytest.mark.parametrize("speed", [20.0, 40.0])
def test_the_first_datagram_after_a_pause_at_high_speed_is_in_time(speed):
    # had: [7.0] at 20x and 40x, read 2 ms of host time less late than the datagrams before (the live case:
    # `record --sim healthy-ride --insole moticon-udp --speed 20` with a 3-s pause, 301 frames missing, 300 lost)
    assert _out_of_time(speed, late_host_s=0.002) == []


def test_at_real_time_a_datagram_ahead_of_the_pace_by_more_than_3_periods_is_out_of_time():
    # the limit a real stream has always had: a read 40 ms (4 periods) less late than any before is the bad one
    assert _out_of_time(1.0, late_host_s=0.04) == [7.0]
    assert _out_of_time(1.0, late_host_s=0.02) == []
