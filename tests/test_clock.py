"""Device clock -> session time: wraps, long outages, drift, jitter."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.link.clock import WRAP_US, ClockMapper


def test_unwrap_across_the_32_bit_wrap():
    clk = ClockMapper()
    t0 = WRAP_US - 5_000
    assert clk.unwrap_us(t0, 0.0) == t0
    assert clk.unwrap_us(5_000, 0.01) == WRAP_US + 5_000


def test_an_outage_longer_than_a_wrap_is_resolved_from_host_time():
    clk = ClockMapper()
    clk.unwrap_us(1_000_000, 0.0)
    # the link was down 80 minutes (one wrap is 71.6 min): the counter alone would say 8.4 minutes
    later_us = 1_000_000 + 80 * 60 * 1_000_000
    got = clk.unwrap_us(later_us % WRAP_US, 80 * 60.0)
    assert got == later_us


def test_late_packet_unwraps_behind_without_moving_state():
    clk = ClockMapper()
    clk.unwrap_us(WRAP_US - 1_000, 0.0)
    clk.unwrap_us(9_000, 0.01)
    assert clk.unwrap_behind_us(WRAP_US - 500) == WRAP_US - 500
    assert clk.unwrap_us(19_000, 0.02) == WRAP_US + 19_000


def _simulate(drift_ppm, *, jitter_s=0.003, duration_s=600.0, seed=1, speed=1.0):
    """A device clock running drift_ppm fast, notifications every 80 ms with positive jitter."""
    rng = np.random.default_rng(seed)
    clk = ClockMapper(speed=speed)
    true_t = np.arange(0.08, duration_s, 0.08)
    device_s = 100.0 + true_t * (1 + drift_ppm * 1e-6)
    host_s = (true_t + rng.exponential(jitter_s, true_t.size)) / speed
    mapped = []
    for d, h in zip(device_s, host_s, strict=True):
        clk.observe(d, h)
        mapped.append(float(clk.session_s(d)))
    return clk, true_t, np.array(mapped)


@pytest.mark.parametrize("drift_ppm", [-80.0, 0.0, 120.0])
def test_drift_is_estimated_and_the_timeline_stays_on_host_time(drift_ppm):
    clk, true_t, mapped = _simulate(drift_ppm)
    assert clk.drift_ppm == pytest.approx(-drift_ppm, abs=15)
    # after ten minutes the mapped time is still within a few ms of the true (host) time
    assert abs(mapped[-1] - true_t[-1]) < 0.01
    assert np.all(np.diff(mapped) > 0)
    # spacing stays the device's within the slew limit
    spacing = np.diff(mapped) / (0.08 * (1 + drift_ppm * 1e-6))
    assert np.all(np.abs(spacing - 1) <= 0.005 + 1e-9)


def test_a_late_first_arrival_is_slewed_away_without_a_jump():
    clk = ClockMapper(speed=20.0)
    clk.observe(0.08, 0.08 / 20 + 0.010)  # the first notification was 10 ms (host) late
    mapped = []
    for i in range(2, 800):
        d = 0.08 * i
        clk.observe(d, d / 20 + 0.0005)
        mapped.append(float(clk.session_s(d)))
    mapped = np.array(mapped)
    assert np.all(np.diff(mapped) > 0.08 * 0.994)
    # 200 ms of session time at 0.5 % per second is gone within 40 s: settled on the envelope
    assert abs(mapped[-1] - (0.08 * 799 + 0.0005 * 20)) < 1e-3


def test_without_drift_correction_the_error_would_grow():
    clk, true_t, mapped = _simulate(300.0, duration_s=600.0)
    uncorrected = (true_t[-1] * 300e-6)
    assert uncorrected > 0.15
    assert abs(mapped[-1] - true_t[-1]) < uncorrected / 5
