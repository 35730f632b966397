"""The front of the pipeline per foot: tare, causal low-pass, cycles, activity.

Every stateful step is fed in one block and in chunks (1, 7, the packet size 8, random sizes) and must
give the same output; started mid-stream it must agree once settled; a NaN gap must never poison its
state. On simulated scenarios (firmware_sim.model, no radio) cadence and activity must come out right.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from firmware_sim.firmware import encode_layout
from firmware_sim.layout import InsoleSpec
from firmware_sim.model import RELIEF_RAMP_S, PressureModel
from firmware_sim.scenarios import CADENCE_RANGE_PER_MIN, CYCLING, SCENARIOS, ReliefSchedule
from monitor.link.protocol import decode_layout
from monitor.signal.activity import ActivityRecognizer, classify_window
from monitor.signal.cycles import GaitCycleDetector, StrokeDetector, cadence_per_min
from monitor.signal.filters import CausalLowpass, lowpass_zero_phase
from monitor.signal.params import ActivityParams, CycleParams, FeatureParams, FilterParams, TareParams
from monitor.signal.regions import RegionReducer
from monitor.signal.tare import OffsetTracker

RATE_HZ = 100.0
EXPECTED_ACTIVITY = {"cycling_seated": "cycling", "cycling_standing": "cycling", "running": "running",
                     "walking": "walking", "elliptical": "elliptical_or_stair",
                     "stair_climber": "elliptical_or_stair"}


def chunkings(n: int, seed: int = 0) -> dict[str, list[int]]:
    """Chunk sizes covering n samples: one block, 1, 7, packet size 8, random sizes."""
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(1, 60)))
    return {"block": [n], "1": [1] * n, "7": [7] * (n // 7 + 1), "8": [8] * (n // 8 + 1), "random": sizes}


def split(n: int, sizes: list[int]) -> list[slice]:
    out, a = [], 0
    for s in sizes:
        if a >= n:
            break
        out.append(slice(a, min(n, a + s)))
        a += s
    return out


@lru_cache(maxsize=None)
def layout(side: str):
    return decode_layout(encode_layout(InsoleSpec(side)))


@lru_cache(maxsize=None)
def front(name: str, side: str, t0_s: float, t1_s: float, seed: int = 3):
    """Simulated foot through tare -> causal low-pass -> regions: (t_s, total_n, heel_n, delay_s)."""
    t = np.arange(round(t0_s * RATE_HZ), round(t1_s * RATE_HZ)) / RATE_HZ
    p = PressureModel(SCENARIOS[name], side, seed=seed).pressure_kpa(t)
    lay = layout(side)
    red = RegionReducer(lay)
    tared = OffsetTracker(lay.n_sensors, RATE_HZ, TareParams()).feed(p, red.reduce(p).total_force_n)
    lp = CausalLowpass(RATE_HZ, FilterParams(), lay.n_sensors)
    rs = red.reduce(lp.feed(tared))
    heel = rs.region_force_n["heel_medial"] + rs.region_force_n["heel_lateral"]
    return t, rs.total_force_n, heel, lp.delay_s


def with_gap(x: np.ndarray, start: int, stop: int) -> np.ndarray:
    y = np.array(x, dtype=float, copy=True)
    y[start:stop] = np.nan
    return y


# ---------------------------------------------------------------------------------------------- filter

def noisy_channels(n: int = 1500, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).cumsum(axis=0) + 50.0
    x[200:215] = np.nan  # a lost packet run
    x[600:604, 1] = np.nan  # one sensor without a reading
    x[900] = np.nan
    return x


@pytest.mark.parametrize("name", ["1", "7", "8", "random"])
def test_lowpass_any_chunking_equals_one_block(name):
    x = noisy_channels()
    whole = CausalLowpass(RATE_HZ, FilterParams(), 3).feed(x)
    lp = CausalLowpass(RATE_HZ, FilterParams(), 3)
    parts = np.concatenate([lp.feed(x[s]) for s in split(len(x), chunkings(len(x))[name])])
    np.testing.assert_allclose(parts, whole, rtol=0, atol=1e-9)
    assert np.array_equal(np.isnan(whole), np.isnan(x))


def test_lowpass_restarts_after_a_gap_exactly_as_a_fresh_filter():
    x = noisy_channels()
    y = CausalLowpass(RATE_HZ, FilterParams(), 3).feed(x)
    fresh = CausalLowpass(RATE_HZ, FilterParams(), 3).feed(x[215:600])
    np.testing.assert_allclose(y[215:600], fresh, rtol=0, atol=1e-12)
    # a restart is the steady state of its first sample: no step at the first sample after the gap
    np.testing.assert_allclose(y[215], x[215], rtol=0, atol=1e-9)


def test_lowpass_started_mid_stream_converges():
    x = noisy_channels()[220:]
    y = CausalLowpass(RATE_HZ, FilterParams(), 3).feed(x)
    late = CausalLowpass(RATE_HZ, FilterParams(), 3).feed(x[100:])
    np.testing.assert_allclose(late[100:370], y[200:470], rtol=0, atol=1e-6)
    assert not np.allclose(late[:5], y[100:105], rtol=0, atol=1e-6)  # they did start apart


@pytest.mark.parametrize("freq_hz, lo, hi", [(2.0, 0.98, 1.01), (15.0, 0.66, 0.75), (40.0, 0.0, 0.08)])
def test_lowpass_frequency_response(freq_hz, lo, hi):
    n = 2000
    t = np.arange(n) / RATE_HZ
    x = np.sin(2 * np.pi * freq_hz * t)[:, None]
    y = CausalLowpass(RATE_HZ, FilterParams(lowpass_hz=15.0, order=2), 1).feed(x)[:, 0]
    k = int(round(freq_hz * 1000 / RATE_HZ))  # FFT bin of the tone over the settled last 1000 samples
    gain = np.abs(np.fft.rfft(y[-1000:]))[k] / np.abs(np.fft.rfft(x[-1000:, 0]))[k]
    assert lo <= gain <= hi


def test_lowpass_delay_matches_a_slow_ramp():
    x = np.arange(600, dtype=float)[:, None] * 0.5
    lp = CausalLowpass(RATE_HZ, FilterParams(), 1)
    y = lp.feed(x)[:, 0]
    lag_s = (x[400, 0] - y[400]) / 0.5 / RATE_HZ
    assert lag_s == pytest.approx(lp.delay_s, abs=1e-4)
    assert 0.005 < lp.delay_s < 0.03


def test_a_sample_rate_too_slow_for_the_cut_off_passes_unfiltered_and_never_rings_below_zero():
    """A 25 Hz import under the 15 Hz default is not filtered (the samples pass as they are, no delay);
    40 Hz keeps the configured 15 Hz (0.75 of its Nyquist rate), as 100 Hz does. At 25 Hz a Butterworth
    cut-off near the Nyquist rate rang after each steep unloading: a run's swing read 20-30 kPa below zero
    after a 250 kPa stance."""
    assert CausalLowpass(RATE_HZ, FilterParams(), 1).cutoff_hz == 15.0
    assert CausalLowpass(40.0, FilterParams(), 1).cutoff_hz == 15.0
    lp = CausalLowpass(25.0, FilterParams(), 1)
    assert lp.cutoff_hz is None and lp.delay_s == 0.0
    t = np.arange(250) / 25.0
    phase = (t % 0.76) / 0.28  # a run: 0.28 s stances every 0.76 s, steep at both ends
    x = np.where(phase < 1, 250.0 * np.sqrt(np.sin(np.pi * np.clip(phase, 0, 1))), 0.0)[:, None]
    x[100:103] = np.nan
    y = lp.feed(x)
    assert np.array_equal(y, x, equal_nan=True)
    assert np.nanmin(y) >= 0.0
    # chunked the same
    lp2 = CausalLowpass(25.0, FilterParams(), 1)
    assert np.array_equal(np.concatenate([lp2.feed(x[:7]), lp2.feed(x[7:])]), x, equal_nan=True)


def test_zero_phase_is_for_plots_and_has_no_delay():
    t = np.arange(400) / RATE_HZ
    pulse = np.exp(-0.5 * ((t - 2.0) / 0.08) ** 2)[:, None]
    pulse[50:55] = np.nan
    y = lowpass_zero_phase(pulse, RATE_HZ, 15.0)
    assert np.array_equal(np.isnan(y), np.isnan(pulse))
    assert np.nanargmax(y[:, 0]) == np.nanargmax(pulse[:, 0])
    causal = CausalLowpass(RATE_HZ, FilterParams(), 1).feed(pulse)
    assert np.nanargmax(causal[:, 0]) > np.nanargmax(pulse[:, 0])


# ------------------------------------------------------------------------------------------------ tare

def unloaded_then_loaded(n: int = 4000, seed: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """4 sensors with offsets [1, 2, 3, 20] kPa; the foot alternates 1 s in the air, 1 s loaded."""
    rng = np.random.default_rng(seed)
    offsets = np.array([1.0, 2.0, 3.0, 20.0])
    loaded = (np.arange(n) // 100) % 2 == 1
    p = offsets + rng.normal(0.0, 0.2, (n, 4)) + np.where(loaded, 150.0, 0.0)[:, None]
    total = np.where(loaded, 400.0, 5.0)
    return p, total, offsets


@pytest.mark.parametrize("name", ["1", "7", "8", "random"])
def test_tare_any_chunking_equals_one_block(name):
    p, total, _ = unloaded_then_loaded()
    p[300:320] = np.nan
    total[300:320] = np.nan
    p[1050:1060, 2] = np.nan  # one sensor missing while the foot is unloaded
    params = TareParams(offset_tau_s=2.0)
    whole = OffsetTracker(4, RATE_HZ, params).feed(p, total)
    tr = OffsetTracker(4, RATE_HZ, params)
    parts = np.concatenate([tr.feed(p[s], total[s]) for s in split(len(p), chunkings(len(p))[name])])
    np.testing.assert_allclose(parts, whole, rtol=0, atol=1e-9)
    assert np.array_equal(np.isnan(whole), np.isnan(p))


def test_tare_learns_offsets_when_unloaded_and_caps_them():
    p, total, offsets = unloaded_then_loaded()
    tr = OffsetTracker(4, RATE_HZ, TareParams(offset_tau_s=2.0, max_offset_kpa=10.0))
    out = tr.feed(p, total)
    np.testing.assert_allclose(tr.offsets_kpa, [1.0, 2.0, 3.0, 10.0], atol=0.1)  # 20 kPa is load, not drift
    swing = (np.arange(len(p)) // 100) % 2 == 0
    late = np.arange(len(p)) > 3000
    assert np.abs(out[swing & late, :3]).mean() < 0.2
    assert out[swing & late, 3].mean() == pytest.approx(offsets[3] - 10.0, abs=0.2)
    assert (out[~np.isnan(out)] >= 0).all()


def test_tare_never_removes_residual_load_from_a_never_unloaded_foot():
    # A clipped-in rider in tight shoes: the foot never reads unloaded, the residual must stay.
    name = "tight-shoes"
    t = np.arange(0, 6000) / RATE_HZ + 600.0
    p = PressureModel(SCENARIOS[name], "left", seed=1).pressure_kpa(t)
    red = RegionReducer(layout("left"))
    total = red.reduce(p).total_force_n
    assert total.min() > TareParams().unloaded_total_n
    tr = OffsetTracker(p.shape[1], RATE_HZ, TareParams())
    out = tr.feed(p, total)
    np.testing.assert_array_equal(out, p)
    assert not tr.offsets_kpa.any()
    # Offsets learnt earlier stay put through a long loaded stretch, whatever it reads.
    tr2 = OffsetTracker(3, RATE_HZ, TareParams(offset_tau_s=1.0))
    tr2.feed(np.full((500, 3), 2.0), np.full(500, 5.0))
    before = tr2.offsets_kpa.copy()
    residual = np.full((3000, 3), 27.0)
    out2 = tr2.feed(residual, np.full(3000, 60.0))
    np.testing.assert_array_equal(tr2.offsets_kpa, before)
    np.testing.assert_allclose(out2, np.broadcast_to(27.0 - before, out2.shape), atol=1e-12)


def test_tare_nan_never_enters_the_state():
    tr = OffsetTracker(2, RATE_HZ, TareParams(offset_tau_s=1.0))
    tr.feed(np.full((300, 2), 3.0), np.full(300, 5.0))
    before = tr.offsets_kpa.copy()
    out = tr.feed(np.full((200, 2), np.nan), np.full(200, np.nan))
    assert np.isnan(out).all()
    np.testing.assert_array_equal(tr.offsets_kpa, before)
    one_missing = np.column_stack([np.full(200, np.nan), np.full(200, 5.0)])  # foot still unloaded
    out = tr.feed(one_missing, np.full(200, 5.0))
    assert np.isnan(out[:, 0]).all() and not np.isnan(out[:, 1]).any()
    assert tr.offsets_kpa[0] == before[0]  # the missing sensor kept its offset
    assert tr.offsets_kpa[1] > before[1] + 1.0  # the other one went on learning
    assert not np.isnan(tr.offsets_kpa).any()


def test_tare_started_mid_stream_converges():
    p, total, _ = unloaded_then_loaded()
    params = TareParams(offset_tau_s=1.0)
    a = OffsetTracker(4, RATE_HZ, params).feed(p, total)
    b = OffsetTracker(4, RATE_HZ, params).feed(p[1000:], total[1000:])
    assert np.abs(b[:100] - a[1000:1100]).max() > 1.0
    np.testing.assert_allclose(b[-500:], a[-500:], rtol=0, atol=1e-4)


def test_tare_now_takes_the_latest_readings():
    tr = OffsetTracker(2, RATE_HZ, TareParams())
    tr.feed(np.tile([4.0, 6.0], (100, 1)), np.full(100, 200.0))  # loaded: nothing learnt
    assert not tr.offsets_kpa.any()
    tr.tare_now()
    np.testing.assert_allclose(tr.offsets_kpa, [4.0, 6.0])
    np.testing.assert_allclose(tr.feed(np.array([[5.0, 6.0]]), np.array([200.0])), [[1.0, 0.0]])


# --------------------------------------------------------------------------------------------- strides

def gait_events(name: str, side: str = "left", t1_s: float = 60.0, gap: tuple[int, int] | None = None,
                sizes: list[int] | None = None, start: int = 0):
    t, total, _, delay = front(name, side, 0.0, t1_s)
    f = total if gap is None else with_gap(total, *gap)
    t, f = t[start:], f[start:]
    det = GaitCycleDetector(RATE_HZ, CycleParams(), foot=side, delay_s=delay)
    cycles = []
    for s in split(len(f), sizes or [len(f)]):
        cycles += det.feed(t[s], f[s])
    return cycles, det.contacts


def as_array(cycles) -> np.ndarray:
    return np.array([(c.start_s, c.end_s, c.toe_off_s if c.toe_off_s is not None else c.peak_s)
                     for c in cycles])


@pytest.mark.parametrize("name", ["1", "7", "8", "random"])
def test_gait_any_chunking_equals_one_block(name):
    gap = (2500, 2530)
    whole, contacts = gait_events("healthy-run", gap=gap)
    parts, contacts_parts = gait_events("healthy-run", gap=gap, sizes=chunkings(6000)[name])
    assert len(whole) > 50
    np.testing.assert_allclose(as_array(parts), as_array(whole), rtol=0, atol=1e-9)
    np.testing.assert_allclose(np.array(contacts_parts), np.array(contacts), rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", ["7", "random"])
def test_gait_has_returned_every_stride_ending_before_complete_before_s(name):
    gap = (2500, 2530)  # 0.3 s, longer than max_gap_s: the detector starts again after it
    whole, _ = gait_events("healthy-run", gap=gap)
    t, total, _, delay = front("healthy-run", "left", 0.0, 60.0)
    f = with_gap(total, *gap)
    det = GaitCycleDetector(RATE_HZ, CycleParams(), foot="left", delay_s=delay)
    assert det.complete_before_s == -np.inf
    returned: list[float] = []
    for s in split(len(f), chunkings(6000)[name]):
        returned += [c.end_s for c in det.feed(t[s], f[s])]
        due = [c.end_s for c in whole if c.end_s < det.complete_before_s]
        assert returned[:len(due)] == due
    # it trails the newest sample by the longest stance a step may have and the swing after it that keeps it (a
    # stride ends at a step), a margin and the filter's delay only
    p = CycleParams()
    wait_s = p.max_stride_s + p.min_swing_s + p.max_gap_s
    assert t[-1] - wait_s - 0.1 < det.complete_before_s < t[-1] - wait_s and len(whole) > 50


def test_gait_started_mid_stream_agrees_once_settled():
    whole, _ = gait_events("healthy-walk")
    late, _ = gait_events("healthy-walk", start=1234)
    settled = [c for c in whole if c.start_s > 30.0]
    np.testing.assert_allclose(as_array([c for c in late if c.start_s > 30.0]), as_array(settled), atol=1e-9)


def test_gait_gap_ends_the_stride_and_never_poisons_what_follows():
    gap = (2000, 2040)
    t, _, _, _ = front("healthy-run", "left", 0.0, 60.0)
    cycles, _ = gait_events("healthy-run", gap=gap)
    assert not [c for c in cycles if c.start_s < t[gap[1]] and c.end_s > t[gap[0] - 1]]
    fresh, _ = gait_events("healthy-run", start=gap[1])
    after = [c for c in cycles if c.start_s > t[gap[1]] + 10.0]
    np.testing.assert_allclose(as_array(after), as_array([c for c in fresh if c.start_s > t[gap[1]] + 10.0]),
                               atol=1e-9)


@pytest.mark.parametrize("name", [n for n, s in SCENARIOS.items() if s.activity in ("running", "walking")])
def test_gait_cadence_on_simulated_scenarios(name):
    for side in ("left", "right"):
        cycles, contacts = gait_events(name, side)
        t = np.arange(6000) / RATE_HZ
        truth = PressureModel(SCENARIOS[name], side, seed=3).truth(t)["cadence_per_min"].mean()
        assert cadence_per_min(cycles, "stride") == pytest.approx(truth, rel=0.02)
        stance = np.median([to - ic for ic, to in contacts])
        scenario = SCENARIOS[name]
        expected = 0.2775 if scenario.activity == "running" else 0.6 / scenario.cycle_hz
        assert stance == pytest.approx(expected, rel=0.1)


def test_gait_contact_times_are_interpolated_between_samples():
    # Trapezoid stances (0.4 s ramps to 800 N) whose threshold crossings fall between samples.
    t = np.arange(0, 30, 0.01)
    ic_true = np.arange(1.0037, 29.0, 1.3)
    f = np.zeros_like(t)
    for ic in ic_true:
        rise = np.clip((t - ic) / 0.4, 0, 1)
        fall = np.clip((ic + 0.9 - t) / 0.4, 0, 1)
        f = np.maximum(f, 800.0 * np.minimum(rise, fall))
    det = GaitCycleDetector(RATE_HZ, CycleParams(), foot="left")
    det.feed(t, f)
    got = np.array(det.contacts[1:])  # from the second stance on, the typical peak is 800 N
    # contact at 5 % of 800 N = 40 N, 20 ms into the ramp; toe-off at the higher of 0.8 x 40 N = 32 N and
    # to_fraction of the stance's own 800 N peak, that far up the 0.4 s fall
    off_n = max(0.8 * 40.0, CycleParams().to_fraction * 800.0)
    expected = np.column_stack([ic_true + 0.02, ic_true + 0.9 - 0.4 * off_n / 800.0])[1:len(got) + 1]
    assert len(got) >= 20
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_standing_and_weight_shifts_are_not_steps():
    rng = np.random.default_rng(4)
    t = np.arange(0, 60, 0.01)
    f = 400.0 + 150.0 * np.sin(2 * np.pi * 0.7 * t) + rng.normal(0, 5.0, t.size)
    det = GaitCycleDetector(RATE_HZ, CycleParams(), foot="right")
    assert det.feed(t, f) == [] and det.contacts == []


# --------------------------------------------------------------------------------------------- strokes

def strokes(name: str, side: str = "left", t0_s: float = 0.0, t1_s: float = 60.0,
            gap: tuple[int, int] | None = None, sizes: list[int] | None = None, start: int = 0):
    t, total, _, delay = front(name, side, t0_s, t1_s)
    f = total if gap is None else with_gap(total, *gap)
    t, f = t[start:], f[start:]
    det = StrokeDetector(RATE_HZ, CycleParams(), foot=side, delay_s=delay)
    out = []
    for s in split(len(f), sizes or [len(f)]):
        out += det.feed(t[s], f[s])
    return out, det.strokes


@pytest.mark.parametrize("name", ["1", "7", "8", "random"])
def test_strokes_any_chunking_equals_one_block(name):
    gap = (3000, 3017)
    whole, peaks = strokes("healthy-ride", gap=gap)
    parts, peaks_parts = strokes("healthy-ride", gap=gap, sizes=chunkings(6000, seed=5)[name])
    assert len(whole) > 80
    np.testing.assert_allclose(as_array(parts), as_array(whole), rtol=0, atol=1e-9)
    np.testing.assert_allclose(peaks_parts, peaks, rtol=0, atol=1e-9)


@pytest.mark.parametrize("cut", [None, 3000, 3150])  # one block; chunks split at the rows left out's ends
def test_rows_left_out_end_a_stroke_as_missing_samples_do(cut):
    """A step in time (rows left out, not NaN rows) is a gap: no stroke spans it, in any chunking."""
    t, total, _, delay = front("healthy-ride", "left", 0.0, 60.0)
    keep = np.ones(t.size, dtype=bool)
    keep[3000:3150] = False  # 1.5 s of rows missing from 30 s
    t, f = t[keep], total[keep]
    det = StrokeDetector(RATE_HZ, CycleParams(), foot="left", delay_s=delay)
    at = t.size if cut is None else int(np.searchsorted(t, 30.0 + (cut - 3000) / RATE_HZ))
    cycles = det.feed(t[:at], f[:at]) + det.feed(t[at:], f[at:])
    assert len(cycles) > 80
    assert not [c for c in cycles if c.start_s < 31.5 - delay and c.end_s > 30.0 - delay]


def test_strokes_started_mid_stream_and_after_a_gap_agree_once_settled():
    gap = (2000, 2025)
    t, _, _, _ = front("lateral-overload", "right", 0.0, 60.0)
    whole, _ = strokes("lateral-overload", "right", gap=gap)
    assert not [c for c in whole if c.start_s < t[gap[1]] and c.end_s > t[gap[0] - 1]]
    fresh, _ = strokes("lateral-overload", "right", start=gap[1])
    late = t[gap[1]] + 5.0
    np.testing.assert_allclose(as_array([c for c in whole if c.start_s > late]),
                               as_array([c for c in fresh if c.start_s > late]), atol=1e-9)


@pytest.mark.parametrize("name", [n for n, s in SCENARIOS.items() if s.activity in CYCLING])
def test_stroke_cadence_on_simulated_rides(name):
    t = np.arange(6000) / RATE_HZ
    for side in ("left", "right"):
        cycles, peaks = strokes(name, side)
        truth = PressureModel(SCENARIOS[name], side, seed=3).truth(t)["cadence_per_min"].mean()
        assert cadence_per_min(cycles, "stroke") == pytest.approx(truth, rel=0.02)
        assert len(cycles) >= 0.95 * truth  # one a revolution, none lost
        phase = PressureModel(SCENARIOS[name], side, seed=3).truth(np.array(peaks))["phase"]
        assert np.all((phase > 0.1) & (phase < 0.45))  # the peak is in the downstroke


STEPPING = [n for n, s in SCENARIOS.items() if s.activity in ("elliptical", "stair_climber")]


@pytest.mark.parametrize("pace", ["default", "slowest", "fastest"])
@pytest.mark.parametrize("name", STEPPING)
def test_stroke_cadence_on_stepping_machines(name, pace):
    """A stepping machine's strokes (one a cycle per foot) are all found over the machine's whole cadence
    range (firmware_sim.scenarios.CADENCE_RANGE_PER_MIN), down to a stair-climber at 50 steps/min: 25
    strokes a minute per foot, 2.4 s each."""
    scenario = SCENARIOS[name]
    if pace != "default":
        lo, hi = CADENCE_RANGE_PER_MIN[scenario.activity]
        scenario = dataclasses.replace(scenario, cadence_per_min=lo if pace == "slowest" else hi)
    t = np.arange(round(120.0 * RATE_HZ)) / RATE_HZ  # before the first break (first_s 420 s)
    for side in ("left", "right"):
        model = PressureModel(scenario, side, seed=3)
        lay = layout(side)
        red = RegionReducer(lay)
        lp = CausalLowpass(RATE_HZ, FilterParams(), lay.n_sensors)
        total = red.reduce(lp.feed(model.pressure_kpa(t))).total_force_n
        det = StrokeDetector(RATE_HZ, CycleParams(), foot=side, delay_s=lp.delay_s)
        cycles = det.feed(t, total)
        per_foot = model.truth(t)["cadence_per_min"].mean() / 2.0  # steps of both feet a minute
        assert len(cycles) >= 0.95 * per_foot * 2.0 - 2  # two minutes, none lost
        assert cadence_per_min(cycles, "stroke") == pytest.approx(per_foot, rel=0.02)


def test_no_stroke_spans_a_relief():
    scenario = SCENARIOS["healthy-ride"]
    relief = scenario.relief
    assert isinstance(relief, ReliefSchedule)
    cycles, _ = strokes("healthy-ride", "left", relief.first_s - 20.0,
                        relief.first_s + relief.duration_s + 20.0)
    # The relief ramps in and out over RELIEF_RAMP_S; the last stroke before it ends where the force has
    # fallen to the relief's floor, a few tenths of a second later, and none starts in the flat of it.
    a, b = relief.first_s + RELIEF_RAMP_S + 0.5, relief.first_s + relief.duration_s - RELIEF_RAMP_S
    assert cycles and not [c for c in cycles if c.end_s > a and c.start_s < b]
    assert [c for c in cycles if c.end_s <= a and c.end_s > relief.first_s]  # the stroke into the ramp


def test_cadence_units():
    from monitor.signal.types import Cycle
    strides = [Cycle("left", "stride", i * 1.2, (i + 1) * 1.2, toe_off_s=i * 1.2 + 0.7) for i in range(10)]
    assert cadence_per_min(strides, "stride") == pytest.approx(100.0)  # both feet: 2 x 50 strides/min
    assert cadence_per_min(strides, "stroke") != cadence_per_min(strides, "stroke")  # NaN: none
    with pytest.raises(ValueError):
        cadence_per_min(strides, "step")


# -------------------------------------------------------------------------------------------- activity

@pytest.mark.parametrize("name", list(SCENARIOS))
def test_activity_of_every_scenario(name):
    scenario = SCENARIOS[name]
    t, total, heel, _ = front(name, "left", 300.0, 420.0)
    labels = ActivityRecognizer(RATE_HZ, ActivityParams()).feed(t, total, heel)
    # from 300 s on, a walk that turns into a run at 240 s runs
    expected = EXPECTED_ACTIVITY[(scenario.then if scenario.then_s is not None and scenario.then_s < 300.0
                                  else scenario).activity]
    window_s = ActivityParams().window_s
    relief = scenario.relief_intervals(420.0)

    def rests(g: float) -> bool:  # the window [g - window_s, g) overlaps a relief (or the data start)
        return g - window_s < t[0] or any(g - window_s < b and g > a for a, b in relief)

    assert all(label in (expected, "unknown") for _, label in labels), (name, labels)
    steady = [label for g, label in labels if not rests(g)]
    assert len(steady) >= 5 and all(label == expected for label in steady), (name, steady)


def test_activity_of_standing_cycling():
    from dataclasses import replace
    for cadence in (55.0, 95.0):
        scenario = replace(SCENARIOS["healthy-ride"], name="standing", activity="cycling_standing",
                           cadence_per_min=cadence)
        t = np.arange(30000, 36000) / RATE_HZ
        p = PressureModel(scenario, "right", seed=8).pressure_kpa(t)
        rs = RegionReducer(layout("right")).reduce(p)
        heel = rs.region_force_n["heel_medial"] + rs.region_force_n["heel_lateral"]
        labels = [lab for _, lab in ActivityRecognizer(RATE_HZ).feed(t, rs.total_force_n, heel)]
        assert labels.count("cycling") >= len(labels) - 4 and set(labels) <= {"cycling", "unknown"}


@pytest.mark.parametrize("name", ["1", "7", "8", "random"])
def test_activity_any_chunking_equals_one_block(name):
    t, total, heel, _ = front("healthy-walk", "left", 0.0, 60.0)
    f = with_gap(total, 1000, 1200)
    whole = ActivityRecognizer(RATE_HZ).feed(t, f, heel)
    ar = ActivityRecognizer(RATE_HZ)
    parts = []
    for s in split(len(t), chunkings(len(t), seed=9)[name]):
        parts += ar.feed(t[s], f[s], heel[s])
    assert parts == whole
    step_s = ActivityParams().step_s
    assert [g for g, _ in whole] == [step_s * k for k in range(1, int(59.99 // step_s) + 1)]


@pytest.mark.parametrize("name", ["1", "7", "random"])
def test_activity_times_only_gives_the_windows_times_every_window_gets_and_no_label(name):
    t, total, heel, _ = front("healthy-walk", "left", 0.0, 60.0)
    f = with_gap(total, 1000, 1200)
    every, times = ActivityRecognizer(RATE_HZ), ActivityRecognizer(RATE_HZ, times_only=True)
    n_windows = 0
    for s in split(len(t), chunkings(len(t), seed=9)[name]):
        a, b = every.feed(t[s], f[s], heel[s]), times.feed(t[s], f[s], heel[s])
        assert [g for g, _ in b] == [g for g, _ in a]
        assert all(label is None for _, label in b)
        n_windows += len(b)
    assert n_windows >= 5 and every.current == "walking"
    assert times.current == "unknown" and times.evidence == {}


def test_activity_started_mid_stream_agrees_once_the_window_is_full():
    t, total, heel, _ = front("healthy-run", "right", 0.0, 60.0)
    whole = dict(ActivityRecognizer(RATE_HZ).feed(t, total, heel))
    late = dict(ActivityRecognizer(RATE_HZ).feed(t[1234:], total[1234:], heel[1234:]))
    common = [g for g in late if g >= t[1234] + ActivityParams().window_s]
    assert common and all(late[g] == whole[g] for g in common)


def test_activity_unknown_without_enough_data_or_load():
    rng = np.random.default_rng(3)
    flat = 300.0 + rng.normal(0, 2.0, 2000)
    assert classify_window(flat, None, RATE_HZ)[0] == "unknown"  # standing still
    t, total, heel, _ = front("healthy-run", "left", 0.0, 20.0)
    assert classify_window(total, heel, RATE_HZ)[0] == "running"
    sparse = with_gap(total, 0, 1500)
    assert classify_window(sparse, heel, RATE_HZ)[0] == "unknown"  # a quarter of the window
    noise = rng.normal(0, 30.0, 2000)
    assert classify_window(noise, None, RATE_HZ)[0] == "unknown"  # no cycle


def test_activity_gap_is_forgotten_once_out_of_the_window():
    t, total, heel, _ = front("healthy-ride", "left", 0.0, 60.0)
    gapped = dict(ActivityRecognizer(RATE_HZ).feed(t, with_gap(total, 500, 1500), heel))
    clean = dict(ActivityRecognizer(RATE_HZ).feed(t, total, heel))
    assert gapped[10.0] == "unknown" and clean[10.0] == "cycling"
    assert all(gapped[g] == clean[g] for g in clean if g >= 15.0 + ActivityParams().window_s)


def test_the_lowpass_is_the_one_scipy_designs():
    lp = CausalLowpass(RATE_HZ, FilterParams(lowpass_hz=12.0, order=4), 1)
    np.testing.assert_allclose(lp.sos, signal.butter(4, 12.0, fs=RATE_HZ, output="sos"))


def test_a_first_stance_too_long_to_be_a_step_is_no_error():
    # the foot loaded for 5 s (longer than max_stride_s), then ordinary steps: no typical peak is learnt
    # from the long stance, and the detector goes on (it raised IndexError on an empty peak list)
    t = np.arange(0, 20, 0.01)
    f = np.where(t < 5.0, 600.0, 0.0)
    for ic in np.arange(6.0, 19.0, 1.2):
        f = np.maximum(f, np.where((t >= ic) & (t < ic + 0.7), 600.0, 0.0))
    f[t < 0.5] = 0.0
    det = GaitCycleDetector(RATE_HZ, CycleParams(), foot="left")
    det.feed(t, f)
    assert det.typical_peak_n is not None
    assert all(to - ic < CycleParams().max_stride_s for ic, to in det.contacts)


def _ride_with_a_pause(pause_level_n: float) -> tuple[np.ndarray, np.ndarray, float]:
    """20 s of pedalling at 90 rpm, a 30-s pause at ``pause_level_n``, 20 s of pedalling (100 Hz)."""
    t = np.arange(7000) / RATE_HZ
    rng = np.random.default_rng(11)
    pedal = 300.0 + 250.0 * np.sin(2.0 * np.pi * 1.5 * t) + rng.normal(0.0, 2.0, t.size)
    pause = (t >= 20.0) & (t < 50.0)
    f = np.where(pause, pause_level_n + rng.normal(0.0, 0.5, t.size), pedal)
    return t, f, 20.0


@pytest.mark.parametrize("pause_level_n", [60.0, 20.0])  # resting on the pedal just above, and below, the valley
def test_a_stroke_is_emitted_within_the_longest_stroke_after_its_end(pause_level_n):
    """The last stroke before a pause is final once a stroke's longest period has gone by without a next
    peak, not when pedalling resumes: every stroke comes out at most 60 / min_cadence_rpm plus the
    candidate window (and a sample) after its end, so a window that waits settle_s has it."""
    t, f, pause_s = _ride_with_a_pause(pause_level_n)
    p = CycleParams()
    det = StrokeDetector(RATE_HZ, p, foot="left")
    lags, emitted = [], []
    for s in split(len(f), [7] * (len(f) // 7 + 1)):
        for c in det.feed(t[s], f[s]):
            lags.append(float(t[s][-1]) - c.end_s)
            emitted.append(c)
    bound_s = 60.0 / p.min_cadence_rpm + det._w / RATE_HZ + 7 / RATE_HZ + 1 / RATE_HZ
    assert max(lags) <= bound_s < FeatureParams().settle_s
    before = [c for c in emitted if c.end_s <= pause_s + 0.5]
    assert len(before) >= 28  # 1.5 strokes a second for 20 s, the last one included
    assert not [c for c in emitted if c.start_s < 49.0 and c.end_s > 21.0]  # none spans the pause


@pytest.mark.parametrize("name", ["1", "7", "random"])
def test_strokes_around_a_pause_are_the_same_for_any_chunking(name):
    t, f, _ = _ride_with_a_pause(60.0)
    whole = StrokeDetector(RATE_HZ, CycleParams(), foot="left").feed(t, f)
    det = StrokeDetector(RATE_HZ, CycleParams(), foot="left")
    parts = []
    for s in split(len(f), chunkings(len(f), seed=8)[name]):
        parts += det.feed(t[s], f[s])
    assert len(whole) > 50
    np.testing.assert_array_equal(as_array(parts), as_array(whole))


@settings(max_examples=40)
@given(cadence_rpm=st.floats(45.0, 120.0), pause_s=st.floats(0.5, 40.0), pause_level=st.floats(-0.2, 1.2),
       rate_hz=st.sampled_from([25.0, 50.0, 100.0, 200.0]), seed=st.integers(0, 2**16),
       sizes=st.lists(st.integers(1, 400), min_size=1, max_size=30))
def test_strokes_around_any_pause_are_the_same_for_any_chunking_and_never_late(
        cadence_rpm, pause_s, pause_level, rate_hz, seed, sizes):
    """Pedalling, a pause resting anywhere from below the valley to above the peak (``pause_level`` as a
    fraction of the stroke's height above its valley), pedalling again: any chunking gives the strokes of
    one block, and each comes out within ``cycle_report_delay_s`` (and the chunk that decides it) of its
    end."""
    from monitor.signal.param_checks import cycle_report_delay_s

    rng = np.random.default_rng(seed)
    t = np.arange(int((30.0 + pause_s) * rate_hz)) / rate_hz
    pedal = 300.0 + 250.0 * np.sin(2.0 * np.pi * cadence_rpm / 60.0 * t) + rng.normal(0.0, 3.0, t.size)
    pause = (t >= 15.0) & (t < 15.0 + pause_s)
    f = np.where(pause, 50.0 + 500.0 * pause_level + rng.normal(0.0, 1.0, t.size), pedal)
    p = CycleParams()
    whole = StrokeDetector(rate_hz, p, foot="left").feed(t, f)
    det = StrokeDetector(rate_hz, p, foot="left")
    parts, lags = [], []
    chunks = [s for s in split(t.size, sizes * (t.size // max(1, sum(sizes)) + 1))]
    for s in chunks:
        got = det.feed(t[s], f[s])
        parts += got
        lags += [float(t[s][0]) - c.end_s for c in got]  # the chunk's start: before the deciding sample
    assert len(whole) >= 15
    np.testing.assert_array_equal(as_array(parts), as_array(whole))
    assert max(lags) <= cycle_report_delay_s(p) + 2.0 / rate_hz
