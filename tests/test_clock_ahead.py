"""What a run of arrivals does to the clock's buckets, found ahead (the drift fits solved together, the
envelope's candidates), gives the bits of one bucket at a time."""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import pytest

import monitor.link.clock as clock_module
from monitor.link.clock import ClockMapper
from monitor.link.clock_ahead import envelope, envelope_front, slope, slopes


class _OneBucketAtATime(ClockMapper):
    """The clock as it was: each bucket's drift fitted with ``np.polyfit`` and the envelope's candidates
    found with ``_candidates`` when the bucket starts."""

    def _ahead(self, device_s, host_s):  # noqa: ARG002 - nothing found ahead
        return _Now(self)


class _Now:
    """What a new bucket sets, found when it is asked for, from the clock's buckets then."""

    def __init__(self, clock: ClockMapper) -> None:
        self.clock = clock

    def __iter__(self):
        return self

    def __next__(self):
        clock = self.clock
        if len(clock._buckets) >= 10:
            t = np.array([b[0] for b in clock._buckets])
            v = np.array([b[1] for b in clock._buckets])
            limit = clock.max_drift_ppm * 1e-6
            clock._drift = min(max(float(np.polyfit(t - t[0], v, 1)[0]), -limit), limit)
        cands = clock._candidates()
        return clock._drift, cands, clock._key_min, clock._key_tol


@pytest.mark.parametrize("n", [3, 10, 11, 59, 60, 61, 75])
def test_fits_solved_together_equal_each_fit_alone(n):
    rng = np.random.default_rng(n)
    starts = (np.cumsum(rng.uniform(1.0, 1.3, 400)) + rng.uniform(0, 3e5)).tolist()
    lows = rng.normal(0.01, 0.004, 400).tolist()
    fits = [(int(first), int(first) + n, float(rng.normal(0.01, 0.004)))
            for first in rng.integers(0, 400 - n, 60)]
    got = slopes(starts, lows, fits)
    for (first, end, low), slope_alone in zip(fits, got, strict=True):
        t = np.array(starts[first:end])
        v = np.array([*lows[first:end - 1], low])
        assert slope_alone == float(np.polyfit(t - t[0], v, 1)[0])
        assert slope_alone == slope(deque(zip(t.tolist(), v.tolist())))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_clock_fed_runs_of_any_length_equals_one_bucket_at_a_time(seed):
    """Arrivals with jitter, drift, gaps longer than the window, host times that are no time, and
    buckets lowered after they start, fed in runs of random length (one arrival to hundreds): every
    mapped time, rate, drift and envelope candidate the same bits as the clock taking each bucket alone."""
    rng = np.random.default_rng(seed)
    new, ref = ClockMapper(speed=40.0), _OneBucketAtATime(speed=40.0)
    d = float(rng.uniform(0, 4e5))
    arrivals = []
    for _ in range(6000):
        d += 0.08 if rng.random() > 0.002 else float(rng.uniform(61, 200))  # now and then a long gap
        host = (d * (1 + 80e-6) + 7.5 + float(rng.exponential(0.004))) / 40.0
        arrivals.append((d, math.nan if rng.random() < 0.003 else host))
    i, drifts = 0, 0
    while i < len(arrivals):
        k = int(rng.choice([1, 2, 7, 90, 700]))
        device_s = [a[0] for a in arrivals[i:i + k]]
        host_s = [a[1] for a in arrivals[i:i + k]]
        assert new._observe_many(device_s, host_s) == ref._observe_many(device_s, host_s)
        assert new._drift == ref._drift and list(new._buckets) == list(ref._buckets)
        assert (new._cands, new._key_min, new._key_tol) == (ref._cands, ref._key_min, ref._key_tol)
        drifts += new._drift != 0.0
        i += k
    assert drifts > 0  # the drift was fitted, not left at zero


def test_the_envelope_from_its_front_is_the_minimum_over_every_candidate_bit_for_bit():
    """Candidates sharing a few lows (zeros of both signs among them), on the drift's line but for a few
    units in the last place, or anywhere; drifts of both signs, zero and either zero; times at and around
    the buckets, zeros of both signs among them: ``envelope`` over ``envelope_front`` gives the bits of
    ``d`` plus min() over every candidate, the sign of a zero included."""
    rng = np.random.default_rng(0)
    pool = np.array([0.0, -0.0, 7.5, -4321.125, 1234.5678901, np.nextafter(7.5, 8.0)])
    drifts = [0.0, -0.0, 3e-5, -2e-4, 4.9e-4, 1e-17, -1e-17]
    zeros = set()
    for _ in range(4000):
        n = int(rng.integers(2, 70))
        base = float(rng.choice([0.0, 4000.0, 3.0e5]))
        starts = np.sort(base + rng.uniform(0.0, 60.0, n)).tolist()
        drift = drifts[int(rng.integers(0, len(drifts)))]
        kind = rng.integers(0, 3)
        if kind == 0:  # a few lows, shared
            lows = rng.choice(pool[:int(rng.integers(1, pool.size + 1))], n)
        elif kind == 1:  # on the drift's line, a few units in the last place off it
            lows = float(rng.choice(pool)) + drift * (np.array(starts) - base)
            lows = lows + rng.integers(-3, 4, n) * np.spacing(np.abs(lows) + 1e-300)
        else:
            lows = rng.uniform(-5.0, 5.0, n)
        cands = [(st, low, 0.0) for st, low in zip(starts, lows.tolist())]
        u = rng.random()
        d = (starts[int(rng.integers(0, n))] if u < 0.3 else float(rng.choice([0.0, -0.0])) if u < 0.5
             else base + float(rng.uniform(-1.0, 62.0)))
        least = min(low + drift * (d - start) for start, low, _ in cands)
        want = d + least
        got = envelope(d, drift, envelope_front(cands, drift), cands)
        assert got.hex() == want.hex(), (d, drift, cands)
        if want == 0.0 and least == 0.0:
            zeros.add((want.hex(), least.hex()))
    assert len(zeros) > 2  # zero sums of either sign from zero minima of either sign came up


def test_arrivals_of_one_latency_look_at_one_bucket_and_map_as_every_candidate_does(monkeypatch):
    """A simulated insole's arrivals, all at one latency: every bucket of the minute's window ties for the
    envelope's minimum (about 60 candidates), of which envelope_front keeps one; the mapped times, rates and
    drift are the bits of taking the minimum over every candidate."""
    arrivals = [(1000.0 + 0.01 * i, (1000.0 + 0.01 * i + 2.5) / 20.0) for i in range(12_000)]
    device_s, host_s = [a[0] for a in arrivals], [a[1] for a in arrivals]
    every = ClockMapper(speed=20.0)
    with monkeypatch.context() as m:  # the clock as it was: the minimum over every candidate
        m.setattr(clock_module, "envelope_front", lambda cands, drift: [(s, low) for s, low, _ in cands])
        want = [every._observe_many(device_s[i:i + 500], host_s[i:i + 500]) for i in range(0, 12_000, 500)]
        assert len(every._lows) == len(every._cands) > 50
    new = ClockMapper(speed=20.0)
    got = [new._observe_many(device_s[i:i + 500], host_s[i:i + 500]) for i in range(0, 12_000, 500)]
    assert got == want and new._drift == every._drift
    assert len(new._cands) > 50 and len(new._lows) == 1
