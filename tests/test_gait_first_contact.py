"""The first stance after the data start, or after a gap longer than ``max_gap_s``, on small synthetic walks
(monitor.signal.cycles.GaitCycleDetector): a 1-s stride of 0.6 s stance and 0.4 s swing, 800 N at its peak,
the unloaded insole reading 0 N with 1 N of seeded noise.

A stance is found when the data show its swing: two samples at the swing level before its heel strike are
enough, at 100 Hz and at 25 Hz, however short the swing they hold. Data that begin at the initial contact
itself (the first sample at the swing level, the next already loaded) give no step there. A stride ends at a
step, a stance released at least min_swing_s before the data end: the walks here end 0.2 s or more after the
toe-off of the stance their last stride ends at.
"""

from __future__ import annotations

import numpy as np
import pytest

from monitor.signal.cycles import GaitCycleDetector
from monitor.signal.stage_params import CycleParams

STANCE_S, STRIDE_S, PEAK_N = 0.6, 1.0, 800.0


def walk(rate_hz: int, duration_s: float, first_ic_s: float, swing_n: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(t_s (n,), total force (n,) N) of a walk whose heel strikes are at ``first_ic_s`` + whole strides;
    the unloaded insole reads ``swing_n``."""
    t = np.arange(int(round(duration_s * rate_hz))) / rate_hz
    phase_s = (t - first_ic_s) % STRIDE_S
    f = np.where(phase_s < STANCE_S, PEAK_N * np.sin(np.pi * np.clip(phase_s / STANCE_S, 0, 1)) ** 0.7, 0.0)
    f = f + swing_n + np.random.default_rng(0).normal(0.0, 1.0, t.size)
    return t, np.maximum(f, 0.0)


def strides(rate_hz: int, t: np.ndarray, f: np.ndarray) -> list[tuple[float, float]]:
    """(start_s, end_s) of every stride found, fed in blocks of 0.2 s; the same as fed at once."""
    found = []
    for block in (rate_hz // 5, t.size):
        d = GaitCycleDetector(rate_hz, CycleParams(), foot="left")
        out = []
        for i in range(0, t.size, block):
            out += d.feed(t[i:i + block], f[i:i + block])
        found.append([(c.start_s, c.end_s) for c in out])
    assert found[0] == found[1]
    return found[0]


def assert_starts(found: list[tuple[float, float]], expected_s: list[float]) -> None:
    """The strides found start at the heel strikes ``expected_s`` (s), found within 0.02 s of them."""
    got = [s for s, _ in found]
    assert len(got) == len(expected_s) and np.allclose(got, expected_s, atol=0.02), (got, expected_s)


def gapped(t: np.ndarray, f: np.ndarray, gaps_s: list[tuple[float, float]]) -> np.ndarray:
    f = f.copy()
    for lo, hi in gaps_s:
        f[(t >= lo - 1e-9) & (t < hi - 1e-9)] = np.nan
    return f


def test_a_gap_ending_just_before_a_heel_strike_keeps_that_stride_at_100_hz():
    # gaps of 0.15 s (longer than max_gap_s) that end 0.07 s and 0.03 s before the heel strikes at 3.3 s
    # and 6.3 s: the strides holding a gap are lost, the strides from 3.3 s and 6.3 s are whole
    t, f = walk(100, 12.5, first_ic_s=0.3)
    found = strides(100, t, gapped(t, f, [(3.08, 3.23), (6.12, 6.27)]))
    assert_starts(found, [0.3, 1.3, 3.3, 4.3, 6.3, 7.3, 8.3, 9.3, 10.3])
    for s, e in found:
        assert e - s == pytest.approx(STRIDE_S, abs=0.01)


def test_a_gap_ending_two_samples_before_a_heel_strike_keeps_that_stride_at_25_hz():
    # heel strikes at 0.3 s + whole strides; the data come back at 3.24 s and 6.24 s, two samples (0.06 s)
    # before the heel strikes at 3.3 s and 6.3 s
    t, f = walk(25, 12.5, first_ic_s=0.3)
    found = strides(25, t, gapped(t, f, [(3.08, 3.24), (6.08, 6.24)]))
    assert_starts(found, [0.3, 1.3, 3.3, 4.3, 6.3, 7.3, 8.3, 9.3, 10.3])


@pytest.mark.parametrize("rate_hz, first_ic_s", [(100, 0.05), (100, 0.03), (25, 0.06)])
def test_data_starting_just_before_a_heel_strike_give_its_stride(rate_hz, first_ic_s):
    """The data start in the swing, a few samples (two at 25 Hz) before the first heel strike."""
    t, f = walk(rate_hz, 6.0, first_ic_s=first_ic_s)
    assert_starts(strides(rate_hz, t, f), [first_ic_s + k for k in range(5)])


@pytest.mark.parametrize("rate_hz", [100, 25])
def test_data_starting_at_a_heel_strike_give_no_step_there(rate_hz):
    """The first sample is the initial contact (at the swing level), the next already loaded: that stance
    is not held whole, and no stride starts at it."""
    t, f = walk(rate_hz, 6.0, first_ic_s=0.0)
    assert_starts(strides(rate_hz, t, f), [1.0, 2.0, 3.0, 4.0])


def test_a_shoe_tight_in_swing_keeps_its_strides_after_a_contact_inside_a_gap():
    """The unloaded insole reads 15 N, above swing_floor_n (its swing level is known from the stances
    around it): a heel strike inside a short gap loses that stance, and the strides from the next one on
    are found again."""
    t, f = walk(100, 8.5, first_ic_s=0.3, swing_n=15.0)
    found = strides(100, t, gapped(t, f, [(3.27, 3.33)]))
    assert_starts([s for s in found if s[0] > 3.5], [4.3, 5.3, 6.3])


@pytest.mark.parametrize("rate_hz", [100, 25])
def test_a_dip_in_the_stance_the_data_begin_in_gives_no_step(rate_hz):
    """The data begin in midstance, and an insole with no sensor under the midfoot reads about nothing there
    for 0.09 s (the simulated ORPHE walks): released and loaded again within min_swing_s, that dip is no swing,
    and the forefoot half of the stance after it no step; the next heel strike, after a real swing, is."""
    t, f = walk(rate_hz, 6.5, first_ic_s=-0.3)  # the data begin 0.3 s into a stance
    f[(t >= 0.04) & (t < 0.13)] = 2.0  # a dip of 0.09 s to the swing level
    assert CycleParams().min_swing_s > 0.09
    assert_starts(strides(rate_hz, t, f), [0.7 + k for k in range(5)])


@pytest.mark.parametrize("rate_hz", [100, 50, 25])
def test_a_shoe_tight_in_swing_from_a_stance_the_data_begin_in_keeps_its_strides(rate_hz):
    """The data begin 0.3 s into a stance; the shoe reads 12 N in swing, above the contact level before any
    stance peak is known (10 N over a swing level of 0 N, which a filter's undershoot of one sample after each
    toe-off sets: the simulated tight running shoes at 50 Hz). The swing's load, within min_swing_s of the
    release, continues the stance the data begin in, no step; its peak makes the levels, and every stride from
    the next heel strike on is found (a first contact within min_swing_s of the release that went back to
    waiting for a swing below the toe-off level found none)."""
    t, f = walk(rate_hz, 8.5, first_ic_s=-0.3, swing_n=12.0)
    phase_s = (t + 0.3) % STRIDE_S
    f[(phase_s >= STANCE_S) & (phase_s < STANCE_S + 1.0 / rate_hz)] = 0.0  # the undershoot after each toe-off
    found = strides(rate_hz, t, f)
    assert_starts(found, [1.7 + k for k in range(6)])
