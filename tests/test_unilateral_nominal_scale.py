"""Left against right on two uncalibrated feet (monitor.analysis.unilateral): the residual's rise over the other
foot (``DetectorParams.residual_rise_kpa``) is the same share of the feet's loaded level that it is of 100 kPa
(monitor.signal.nominal_scale), so the insoles' unknown gain changes no verdict; calibrated feet keep it in kPa.

- hand-built windows whose residuals stand 0.06 of the peak but 3 kPa apart give nothing, whatever the gain
  (the assessments' ``units_per_kpa``); 10 kPa apart, a warning on that foot, whatever the gain;
- a rider of the population's tuning part with a toe strap pressing the right foot from the first stroke (its
  residual within the healthy spread between riders, so each foot alone shows nothing), rendered on an
  insole whose layout is taken as uncalibrated, is warned on the right foot with ``residual_unloaded`` with
  every pressure multiplied by 0.25, 0.5, 2 or 4, as at 1.

Had: the rise was read in nominal units as if they were kPa: the windows 3 units apart were warned at x2 and
x4, and the toe-strap rider lost its warning at 5:00 at x0.25 and x0.5 (a difference of 2.6-5.2 units under
the 5). The simulator's one-sided rides through ORPHE INSOLE or Ukaton Mission (firmware_sim: ``one-sided``,
the right cleat forward, a ratio; a toe strap on one foot) do not show it: the first is judged on ratios
alone, the strap's residual, 0.24-0.26 of the peak, is past each foot's own extreme.
"""

from __future__ import annotations

import math

import pytest
from test_compare_nominal_units import uncalibrated
from test_nominal_scale_verdict import SCALES, same_within_a_step

from monitor import analyze
from monitor.analysis.unilateral import UnilateralCheck
from monitor.session.model import Session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment

STEP_S = DEFAULT_PARAMS.features.step_s


def _window(foot: str, t_s: float, residual: tuple[float, float], units_per_kpa: float) -> Assessment:
    """A judged pedalling window of balanced feet with ``residual`` (share of the peak, kPa), its kPa given in
    the foot's units (``units_per_kpa`` of them a kPa; NaN: a level not known yet, the kPa given as they are)."""
    units = residual[1] * (units_per_kpa if math.isfinite(units_per_kpa) else 1.0)
    return Assessment(foot, t_s, "none", metrics={"ml_index": 0.0, "judged": 1.0, "time_since_relief_s": t_s,
                                                  "focal_mth2_3": math.nan, "residual_fraction": residual[0],
                                                  "residual_forefoot_kpa": units}, units_per_kpa=units_per_kpa)


def _warned(left: tuple[float, float], right: tuple[float, float], units_per_kpa: float) -> set[tuple[str, str]]:
    """(foot, pattern) of every warning or alert in 10 minutes of such windows."""
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    out = set()
    for k in range(1, int(600 / STEP_S) + 1):
        for foot, residual in (("left", left), ("right", right)):
            for a, _ in check.feed(_window(foot, k * STEP_S, residual, units_per_kpa), "cycling"):
                if a.level in ("warning", "alert"):
                    out.add((a.foot, a.pattern))
    return out


@pytest.mark.parametrize("units_per_kpa", [1.0, *SCALES])
def test_the_residuals_rise_over_the_other_foot_is_a_share_of_the_feets_level(units_per_kpa):
    assert _warned((0.12, 3.0), (0.06, 0.0), units_per_kpa) == set()
    assert _warned((0.12, 10.0), (0.06, 0.0), units_per_kpa) == {("left", "residual_unloaded")}


def test_an_unknown_level_judges_no_rise():
    assert _warned((0.12, 10.0), (0.06, 0.0), math.nan) == set()


def _scaled(session: Session, k: float) -> Session:
    frames = session.frames.copy()
    cols = [c for c in frames.columns if c.endswith("_kpa")]
    frames[cols] = frames[cols] * k
    return Session(session.path, session.info, frames, session.gaps)


@pytest.mark.slow  # a 10-minute ride analysed five times: 30-90 s of CPU on a loaded 2-core host
@pytest.mark.timeout(900)
def test_an_uncalibrated_toe_strap_on_one_foot_is_warned_whatever_the_gain():
    from monitor.tools.population_sessions import ride_session
    from monitor.tools.population_wiring import draw_rider, render_ride

    rider = draw_rider(6, 1)  # tuning: its strap keeps 10.4 kPa over a floor of 7 % of the peak
    assert (rider.condition.kind, rider.condition.foot) == ("toe_clip", "right")
    session = uncalibrated(ride_session(render_ride(rider, "solewatch18", 100, 1.0, 2.5, 600.0, 0)))

    def alerts(k: float) -> list[tuple]:
        return [(a.t_s, a.foot, a.kind, a.level, a.pattern, a.region) for a in analyze(_scaled(session, k)).alerts]

    want = alerts(1.0)
    assert ("right", "warning", "residual_unloaded") in {(a[1], a[3], a[4]) for a in want}, want
    for k in SCALES:
        got = alerts(k)
        assert same_within_a_step(got, want), (k, got, want)
