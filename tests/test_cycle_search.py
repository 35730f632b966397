"""The cycle detectors' block-wide searches equal the rules they stand for, exactly.

``segment_running_max`` and ``valid_runs`` are checked against plain loops, ``period_samples`` on a
signal with a strong harmonic; the gait detector's per-piece release search
(``GaitCycleDetector._segment_release``) against the stance-by-stance search (``_next_release``) on a
force series built to hold both kinds of stance: those released within their segment and weak ones that
dip below the contact level and rise again before their toe-off.
"""

from __future__ import annotations

import numpy as np
import pytest

from monitor.signal.cycles import GaitCycleDetector
from monitor.signal.params import CycleParams
from monitor.signal.runs import period_samples, segment_running_max, valid_runs

RATE_HZ = 100.0


def test_segment_running_max_is_the_running_max_since_each_start():
    rng = np.random.default_rng(4)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        x = rng.integers(-5, 5, size=n) * 0.5  # ties included
        starts = rng.random(n) < 0.2
        expected, s = [], 0
        for i in range(n):
            s = i if starts[i] else s
            expected.append(x[s:i + 1].max())
        np.testing.assert_array_equal(segment_running_max(x, (np.flatnonzero(starts[1:]) + 1).tolist()), expected)


def steps_with_dips(duration_s: float = 120.0, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Total force (N) of a foot stepping once a second in 0.6-s stances of about 600 N (a guess at a
    walker), every fourth a weaker double hump (400 N, then 150 N) whose mid-stance dip lies between its
    own toe-off level (6 % of 400 N) and the contact level (5 % of the typical 600 N): the stance goes on
    over the dip, and its second hump alone would be released earlier. Noise 0.3 N; two short gaps
    (bridged) and one long one. Returns (t_s, force_n), both (n,)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(duration_s * RATE_HZ)) / RATE_HZ
    f = np.zeros_like(t)
    for k, t0 in enumerate(np.arange(0.5, duration_s - 1.0, 1.0) + rng.uniform(-0.05, 0.05)):
        ph = (t - t0) / 0.6
        inside = (ph >= 0) & (ph < 1)
        p = ph[inside]
        if k % 4 == 3:
            hump = np.where(p < 0.5, 400.0 * np.sin(2 * np.pi * p), 150.0 * np.sin(2 * np.pi * (p - 0.5)))
            f[inside] = np.where((p > 0.35) & (p < 0.65), np.maximum(hump, 25.5), hump)
        else:
            f[inside] = rng.uniform(580.0, 620.0) * np.sin(np.pi * p)
    f = f + rng.normal(0.0, 0.3, f.shape) + 3.0
    for a, n in ((3050, 3), (6020, 8), (9000, 150)):
        f[a:a + n] = np.nan
    return t, f


class StanceByStance(GaitCycleDetector):
    """The same detector with every stance searched on its own (the rule as written)."""

    @staticmethod
    def _segment_release(i, b, rises, hit_starts, hit_now):
        return -1


def run(cls, t, f, sizes, calls):
    det = cls(RATE_HZ, CycleParams(), foot="left")
    search = det._next_release

    def counted(*args):
        calls.append(1)
        return search(*args)

    det._next_release = counted
    out, a = [], 0
    for s in sizes:
        out += det.feed(t[a:a + s], f[a:a + s])
        a += s
    return out, det.contacts, det.typical_peak_n


@pytest.mark.parametrize("sizes", [[12000], [500] * 24, [97] * 124])
def test_gait_releases_found_per_piece_equal_the_stance_by_stance_search(sizes):
    t, f = steps_with_dips()
    fast_calls, slow_calls = [], []
    fast = run(GaitCycleDetector, t, f, sizes, fast_calls)
    slow = run(StanceByStance, t, f, sizes, slow_calls)
    assert len(fast[0]) > 80 and len(fast[1]) > 100
    assert fast == slow  # the same floats, not merely close
    assert 0 < len(fast_calls) < len(slow_calls)  # both searches were used


def test_period_samples_finds_the_fundamental_not_a_multiple():
    rng = np.random.default_rng(1)
    n = np.arange(2000)
    x = np.sin(2 * np.pi * n / 37.0) + 0.8 * np.sin(4 * np.pi * n / 37.0) + 0.1 * rng.normal(size=n.size)
    lag, corr = period_samples(x - x.mean(), 5, 300)
    assert lag == 37 and 0.8 < corr <= 1.0
    assert period_samples(x[:10], 5, 300) == (0, 0.0)  # too short for a lag above 5 to repeat


def test_valid_runs_are_the_runs_of_true():
    rng = np.random.default_rng(5)
    for _ in range(500):
        valid = rng.random(int(rng.integers(0, 15))) < rng.random()
        expected, start = [], None
        for i, v in enumerate([*valid.tolist(), False]):
            if v and start is None:
                start = i
            elif not v and start is not None:
                expected.append((start, i))
                start = None
        assert valid_runs(valid) == expected
