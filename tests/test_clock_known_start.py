"""A foot's device clock whose reading at session time 0 is known (a simulated insole in this process) maps by
it, whatever the host's lag; one known from its arrivals only (a real insole) is off by the lag the host had
all along, x the speed (monitor.link.clock, "Known start"; docs/reliability.md)."""

from __future__ import annotations

import pytest

from monitor.link.clock import WRAP_US, ClockMapper

#: Host seconds every notification arrives after its last frame was sampled (guess: a loaded host)
LAG_HOST_S = 0.1
#: Device seconds in one notification of the Solewatch profile at 100 Hz (docs/protocol.md, "Sizes")
NOTIFICATION_S = 0.08


def _feed(clk: ClockMapper, start_us: int, speed: float, n: int = 2000) -> list[tuple[float, float]]:
    """``n`` notifications of 8 frames at 100 Hz, the first frame at device counter ``start_us`` sampled at
    session time 0, each arriving ``LAG_HOST_S`` after its last frame: (session s as mapped, true session s) of
    each last frame."""
    out = []
    for k in range(n):
        first_us = start_us + round(k * NOTIFICATION_S * 1e6)
        last_true_s = k * NOTIFICATION_S + 0.07
        host_s = last_true_s / speed + LAG_HOST_S
        d_us = clk.unwrap_us(first_us % WRAP_US, host_s, may_wrap=False)
        d_s = (d_us + 70_000) * 1e-6
        clk.observe(d_s, host_s)
        out.append((clk.session_s(d_s), last_true_s))
    return out


@pytest.mark.parametrize("speed", [1.0, 40.0])
def test_a_host_late_all_along_puts_every_frame_of_a_real_insole_that_late_times_the_speed(speed):
    # the lower envelope is the least lag seen: a host 0.1 s late all along places every frame 0.1 s late at
    # 1x (a real insole), 4 s at 40x; nothing in the arrivals tells the lag from the clock's offset
    mapped = _feed(ClockMapper(speed=speed), 123_456_789, speed)
    for got_s, true_s in mapped[1:]:
        assert got_s - true_s == pytest.approx(LAG_HOST_S * speed, abs=1e-6)


@pytest.mark.parametrize("start_us", [123_456_789, WRAP_US - 40_000_000])
def test_a_clock_whose_start_is_known_maps_every_frame_where_it_was_sampled_whatever_the_lag(start_us):
    # had (no known start): every frame 4 s late at 40x with the host 0.1 s late; the second counter wraps 40 s in
    clk = ClockMapper(speed=40.0)
    clk.know_start(start_us)
    mapped = _feed(clk, start_us, 40.0)
    assert mapped[-1][1] > 100.0
    for got_s, true_s in mapped:
        assert got_s == pytest.approx(true_s, abs=1e-6)
    assert clk.frame_times_s(clk.unwrap_behind_us(start_us % WRAP_US), 2, 10_000) == pytest.approx([0.0, 0.01],
                                                                                                  abs=1e-6)


def test_a_known_start_given_once_the_mapping_is_under_way_moves_nothing():
    clk = ClockMapper(speed=40.0)
    first = _feed(clk, 5_000_000, 40.0, n=10)
    clk.know_start(5_000_000)
    assert clk.start_device_us is None
    assert first[-1][0] - first[-1][1] == pytest.approx(LAG_HOST_S * 40.0, abs=1e-6)


@pytest.mark.parametrize("first_after_min", [30.0, 40.0, 70.0])
def test_a_foot_first_heard_more_than_half_a_wrap_after_the_start_is_placed_where_it_was_sampled(first_after_min):
    # a foot whose start is known sends its first packet only after a late reconnection: its counter has run on
    # for first_after_min; more than half a wrap (35.8 min) on, the wrap nearest the start's reading is one too few
    speed, start_us = 40.0, 3_000_000_000
    clk = ClockMapper(speed=speed)
    clk.know_start(start_us)
    sampled_s = first_after_min * 60.0
    host_s = sampled_s / speed + LAG_HOST_S
    d_us = clk.unwrap_us((start_us + round(sampled_s * 1e6)) % WRAP_US, host_s)
    clk.observe(d_us * 1e-6, host_s)
    assert clk.session_s(d_us * 1e-6) == pytest.approx(sampled_s, abs=1e-6)


def test_an_insole_that_restarts_its_clock_mid_ride_is_placed_at_its_arrival_late_by_the_hosts_lag_from_there():
    # the limit docs/reliability.md names: after the insole powered up again (its counter back near 0) the start's
    # reading says nothing of its clock; the stream carries on where the host's clock puts the first packet, at its
    # arrival, and maps at the device's rate from there: on a host late all along by LAG_HOST_S, every frame after
    # the restart lies that late x the speed (4 s at 40x), for the rest of the ride
    speed, start_us = 40.0, 3_000_000_000
    clk = ClockMapper(speed=speed)
    clk.know_start(start_us)
    before = _feed(clk, start_us, speed, n=1250)  # 100 s of ride
    assert before[-1][0] == pytest.approx(before[-1][1], abs=1e-6)
    last_frame_s = before[-1][1]
    down_s = 10.0  # the link down 10 s of ride; the insole powered up again in it, its counter from 0
    restart_true_s = last_frame_s + 0.01 + down_s  # the first frame after the restart, counter 0
    mapped = []
    for k in range(500):
        first_us = round(k * NOTIFICATION_S * 1e6)
        last_true_s = restart_true_s + k * NOTIFICATION_S + 0.07
        host_s = last_true_s / speed + LAG_HOST_S
        if k == 0:
            d_us = clk.restarted_us(first_us, host_s, 5.0, 0.1, since_host_s=last_frame_s / speed)
            assert d_us is not None  # read as a restart
        else:
            d_us = clk.unwrap_us(first_us % WRAP_US, host_s, may_wrap=False)
        clk.observe((d_us + 70_000) * 1e-6, host_s)
        mapped.append(clk.session_s((d_us + 70_000) * 1e-6) - last_true_s)
    # from where the host put the last frame before the drop, the time down at the host's clock: the lag late
    assert mapped == pytest.approx([LAG_HOST_S * speed] * len(mapped), abs=1e-6)
