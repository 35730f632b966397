"""The residual in the unloaded phase under sensor noise (issue 10): a known bias, held as a strict xfail.

The residual forefoot pressure is a low quantile (``residual_quantile``) over a stroke's unloaded phase of
the highest forefoot hot-spot pressure at each sample (monitor/signal/regions.py, cycle_reductions.py).
Both the hot spot (a region's most loaded sensors, chosen afresh at each sample) and the highest region
are maxima of noisy values, so sensor noise lifts the residual. A healthy tuning cyclist of the rider
population whose upstroke floor is 14.8 % of the peak (rider r00105) reads a residual of 0.154 of the
loaded peak without noise, and 0.179-0.182 at 25 Hz with 3 kPa SD of noise through ``solewatch18`` (the
median of the judged windows of its first 360 s, per foot): at the
extreme tier's cut-off for cycling (``residual_fraction_extreme`` 0.18), where it was warned 340 s into
its first ride. The same mechanism gave every false warning of healthy first rides in a tuning sample of
207 cyclists through ``pedar99`` and ``solewatch18`` at 25 Hz, 3 kPa noise (docs/detection.md, "The
residual under noise").
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import monitor
from firmware_sim.population import draw_rider, render
from monitor.signal.baseline import residual_fraction
from monitor.tools.population_sessions import ride_session

DURATION_S = 360.0
#: What the estimate may move under noise, as a share of the loaded peak (guess: a third of the margin
#: between the healthy upstroke floor's top, 15 % of the peak (docs/population.md), and the extreme tier
#: for cycling, 0.18).
TOLERANCE = 0.01


def rider():
    """Healthy tuning cyclist r00105: upstroke floor 0.148 of the peak, the top of the healthy 3-15 %."""
    r = draw_rider(105, 1, activity="cycling", condition="healthy")
    assert not r.held_out
    return r


def median_residual_fraction(rate_hz: int, noise_sd_kpa: float, layout: str = "solewatch18") -> dict[str, float]:
    """Per foot, the median residual fraction over the judged windows of the rider's ride through
    ``layout`` (1)."""
    ride = render(rider(), layout, rate_hz=rate_hz, noise_sd_kpa=noise_sd_kpa, quant_step_kpa=0.0,
                  duration_s=DURATION_S, seed=0)
    result = monitor.analyze(ride_session(ride))
    out = {}
    for foot, pipe in result.feet.items():
        values = [residual_fraction(w) for w in pipe.windows_ if w.valid_fraction >= 0.8 and not w.relieved_now]
        values = [v for v in values if not math.isnan(v)]
        assert len(values) >= 10, foot  # the check is about something
        out[foot] = float(np.median(values))
    return out


def test_without_noise_the_residual_reads_the_upstroke_floor():
    floor = rider().upstroke_floor
    for foot, value in median_residual_fraction(25, 0.0).items():
        assert abs(value - floor) <= TOLERANCE, (foot, value, floor)


@pytest.mark.xfail(strict=True, reason="the residual is a quantile of per-sample maxima of noisy sensors: "
                                       "3 kPa SD at 25 Hz lifts it by 0.025-0.027 of the peak; see the docstring")
def test_noise_at_25_hz_does_not_lift_the_residual():
    clean, noisy = median_residual_fraction(25, 0.0), median_residual_fraction(25, 3.0)
    for foot in clean:
        assert abs(noisy[foot] - clean[foot]) <= TOLERANCE, (foot, noisy[foot], clean[foot])


#: The tare learns a sensor's offset while the foot is unloaded: total nominal load under 12 N and the
#: forefoot's nominal-weighted mean pressure under 4.3 kPa (TareParams). On the 99-sensel grid that mean is
#: spread over sensels that read little, so a clipped-in upstroke whose heads read 9-18 kPa passes for
#: unloaded and its floor is learnt as offsets (up to 8.4 kPa on r00105): the residual then reads 0.04
#: against 0.155 with the tare off, while the discrete layouts read 0.154-0.155 either way.
TARE_ON_THE_GRID = pytest.mark.xfail(strict=True, reason="the tare's unloaded test reads the forefoot's mean "
                                     "pressure, which a grid dilutes: it tares the upstroke floor away")


@pytest.mark.parametrize("layout", ["moticon16", "fsr8", pytest.param("pedar99", marks=TARE_ON_THE_GRID)])
def test_every_layout_reads_the_upstroke_floor_without_noise(layout):
    floor = rider().upstroke_floor
    for foot, value in median_residual_fraction(25, 0.0, layout).items():
        assert abs(value - floor) <= TOLERANCE, (layout, foot, value, floor)
