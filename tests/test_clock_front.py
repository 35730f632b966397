"""The envelope's front looks at the few buckets that can hold its minimum (monitor.link.clock_ahead.Front):
the same bits as the minimum over every candidate, on streams hypothesis draws (derandomized,
tests/conftest.py), and a few buckets an arrival where a drifting clock with arrivals of one latency
makes every bucket of the window a candidate."""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
from clock_cases import buckets_near_the_drift_line
from hypothesis import given, settings
from hypothesis import strategies as st

import monitor.link.clock as clock_module
from monitor.link.clock import ClockMapper
from monitor.link.clock_ahead import envelope, envelope_front


def every_candidate(cands, drift):  # noqa: ARG001 - envelope_front's arguments
    """The front as it was at first: every candidate, whose minimum envelope takes whole."""
    return [(start, low) for start, low, _ in cands]


@st.composite
def streams(draw):
    """Arrivals ``(device s, host s)`` of one foot and the runs they are fed in: a device clock ``ppm``
    off at ``speed``, each packet ``latency_s`` after its last frame, some a few units in the last place
    off, some late by a random delay, now and then a gap longer than the window or a host time that is
    no time."""
    seed = draw(st.integers(0, 2**32 - 1))
    ppm = draw(st.sampled_from([0.0, 80.0, -45.0, 300.0, 499.0, -0.003]))
    speed = draw(st.sampled_from([1.0, 20.0, 40.0]))
    latency_s = draw(st.sampled_from([0.0, 0.02, 7.5, -4321.125]))
    start_s = draw(st.sampled_from([0.0, 5.0, 4000.0, 3.0e5]))
    step_s = draw(st.sampled_from([0.04, 0.08, 0.3, 1.0]))
    jitter = draw(st.sampled_from([0.0, 0.01, 0.5]))  # share of packets late by a random delay
    n = draw(st.integers(200, 2500))
    rng = np.random.default_rng(seed)
    arrivals, d = [], start_s
    for _ in range(n):
        d += step_s if rng.random() > 0.002 else float(rng.uniform(61, 200))
        host = (d * (1 + ppm * 1e-6) + latency_s) / speed
        for _ in range(int(rng.integers(0, 3))):
            host = float(np.nextafter(host, math.inf if rng.random() < 0.5 else -math.inf))
        if rng.random() < jitter:
            host += float(rng.exponential(0.004))
        arrivals.append((d, math.nan if rng.random() < 0.002 else host))
    runs = [int(rng.choice([1, 3, 25, 512])) for _ in range(n)]
    return speed, arrivals, runs


@settings(max_examples=60, deadline=None)
@given(streams())
def test_a_clock_maps_as_the_minimum_over_every_candidate_bit_for_bit(stream):
    speed, arrivals, runs = stream
    new, ref = ClockMapper(speed=speed), ClockMapper(speed=speed)
    i = 0
    for k in runs:
        if i >= len(arrivals):
            break
        device_s = [a[0] for a in arrivals[i:i + k]]
        host_s = [a[1] for a in arrivals[i:i + k]]
        got = new._observe_many(device_s, host_s)
        with mock.patch.object(clock_module, "envelope_front", every_candidate):
            want = ref._observe_many(device_s, host_s)
        assert repr(got) == repr(want)  # repr: the sign of a zero too
        assert new._drift == ref._drift
        i += k


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 70),
       base=st.sampled_from([0.0, 5.0, 4000.0, 3.0e5, -2.0e5]),
       drift=st.sampled_from([0.0, -0.0, 3e-5, -2e-4, 4.9e-4, -5e-4, 1e-17, 8e-5 * (1 + 1e-9)]),
       offset=st.sampled_from([0.0, -0.0, 0.02, 7.5, -4321.125, 1234.5678901]),
       ulps=st.integers(0, 6), where=st.sampled_from(["bucket", "inside", "after", "before", "zero"]))
def test_the_envelope_from_its_front_is_the_minimum_over_every_candidate(seed, n, base, drift, offset, ulps,
                                                                         where):
    """Buckets on the drift's line but for up to ``ulps`` units in the last place (every one a
    candidate), ``d`` at a bucket, between them, after or before all of them, or a zero: the bits of
    ``d`` plus the minimum over every candidate."""
    rng = np.random.default_rng(seed)
    starts = np.sort(base + rng.uniform(0.0, 60.0, n))
    lows = offset + drift * (starts - base)
    if ulps:
        lows = lows + rng.integers(-ulps, ulps + 1, n) * np.spacing(np.abs(lows) + 1e-300)
    cands = [(s, low, 0.0) for s, low in zip(starts.tolist(), lows.tolist())]
    d = {"bucket": float(starts[int(rng.integers(0, n))]), "inside": float(base + rng.uniform(0.0, 61.0)),
         "after": float(starts[-1] + rng.uniform(0.0, 200.0)), "before": float(starts[0] - rng.uniform(0.0, 200.0)),
         "zero": float(rng.choice([0.0, -0.0]))}[where]
    want = d + min(low + drift * (d - start) for start, low, _ in cands)
    assert envelope(d, drift, envelope_front(cands, drift), cands).hex() == want.hex()


def test_a_drifting_clock_of_one_latency_looks_at_a_few_buckets_an_arrival():
    """A device clock 80 ppm fast, each packet 20 ms after its last frame (benchmarks/bench_clock.py's
    third stream), 20 device minutes: every bucket of the minute is on the front (each minimum on the
    drift's line, apart by rounding alone), and an arrival looks at a few of them (2.4 on average; all
    of them before)."""
    clock = ClockMapper()
    reached, fronts = [], []
    for i in range(20 * 60 * 25):
        d = 5.0 + i * 0.04 + 0.03
        clock.observe(d, d * (1 + 80e-6) + 0.02)
        if clock._lows is not None:
            reached.append(clock._lows.reach(d, clock._drift) if len(clock._lows) > 1 else 1)
            fronts.append(len(clock._lows))
    assert max(fronts) >= 55 and np.mean(fronts) > 50
    assert np.mean(reached) < 4.0


def test_the_front_reaches_the_least_value_where_key_order_and_value_order_disagree_by_rounding():
    """Two buckets on the drift's line but for a few units in the last place, at the magnitudes of a long
    session (starts up to 4e5 s, lows up to 5000 s): now and then the bucket of less key, as rounded, is
    the one of more value, as rounded, and the front still reaches the least value. ``d`` near 0 (where
    the sum keeps every bit of the value) as well as just after the buckets: a front that looked at the
    least key alone gives other bits here (24 times in these 100,000)."""
    rng = np.random.default_rng(7)
    disagreements = 0
    for _ in range(100_000):
        drift, s_a, s_b, low_a, low_b = buckets_near_the_drift_line(rng)
        d = float(rng.choice([s_b + float(rng.uniform(0, 2)), float(rng.uniform(-1, 1))]))
        cands = [(s_a, low_a, 0.0), (s_b, low_b, 0.0)]
        values = [low + drift * (d - start) for start, low, _ in cands]
        keys = [low - drift * start for start, low, _ in cands]
        disagreements += ((keys[0] < keys[1]) != (values[0] < values[1]) and keys[0] != keys[1]
                          and values[0] != values[1])
        want = d + min(values)
        assert envelope(d, drift, envelope_front(cands, drift), cands).hex() == want.hex(), (d, drift, cands)
    assert disagreements > 0
