"""An uncalibrated insole's ride begun at a fraction of its load (a warm-up, standing with sway) is judged at the
ride's own level from its first loaded step (monitor.signal.nominal_scale.START_STEP_FRACTION, a guess).

Had: a level of fewer than 12 steps was left for a loaded step only when every step in it was under 10 % of
that step, so a start at 10-40 % of the load stayed in the level's median until as many loaded steps followed:
the simulated healthy ORPHE INSOLE ride (seed 2) with its first 50 s at 0.1, 0.2 or 0.4 of its readings gave 6
false ``residual_unloaded`` notices each (1:40 on), and begun with a minute of standing with sway (each sensor
20 counts above its median on the ride, swaying by 30 % every 8 s: a level of 41 units against the ride's 74)
8 (1:40 to 2:50). START_STEP_FRACTION was chosen on those (0.5 left the standing's 8); the held-out rides
below (other seeds, the Ukaton Mission) were not looked at to choose it. They set its lower end alone: every
start with sway is built alike and reads about 0.55 of its ride, and the held-out Ukaton Mission ride at 0.55 of
its readings gave no notice before either. Its upper end is a harder effort within a ride (200 W to 300 W,
domain.md's [4]), which joins the level (the last tests).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_nominal_level_steps import levels

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from firmware_sim.vendors import ukaton as ukaton_sim
from monitor.codebook import FrameBlock
from monitor.link import orphe, ukaton
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

INSOLES = {"orphe": (orphe, orphe_sim), "ukaton": (ukaton, ukaton_sim)}


def vendor_ride(kind: str, scenario: str, duration_s: float, seed: int, power_w: float | None = None):
    """(t_s (n,), pressure (n, sensors) in nominal units, layout) of the left foot of ``scenario`` (ridden at
    ``power_w`` W; None: the scenario's) on the simulated ``kind`` insole (its counts times its nominal scale)."""
    link, sim = INSOLES[kind]
    layout = link.layout("left")
    t = np.arange(int(duration_s * layout.current_rate_hz)) / layout.current_rate_hz
    ridden = SCENARIOS[scenario] if power_w is None else replace(SCENARIOS[scenario], power_w=power_w)
    model = PressureModel(ridden, "left", seed=seed, spec=sim.spec("left"))
    counts = np.concatenate([sim.kpa_to_counts(model.pressure_kpa(t[i:i + 6000])) for i in range(0, t.size, 6000)])
    return t, counts * layout.kpa_per_count, layout


def at_share(t, p, layout, share: float, until_s: float = 50.0, from_s: float = 0.0) -> np.ndarray:
    """``p`` with its samples from ``from_s`` to ``until_s`` at ``share`` of themselves (whole counts)."""
    p = p.copy()
    start = (t >= from_s) & (t < until_s)
    p[start] = np.round(p[start] * share / layout.kpa_per_count) * layout.kpa_per_count
    return p


def standing_with_sway(t, p, layout, period_s: float, until_s: float = 60.0) -> np.ndarray:
    """``p`` with its first ``until_s`` standing: each sensor 20 counts above its median on the ride, swaying by
    30 % of that with a period of ``period_s`` (whole counts)."""
    p = p.copy()
    start = t < until_s
    base = np.median(p[~start], axis=0) / layout.kpa_per_count + 20
    sway = 1.0 + 0.3 * np.sin(2 * np.pi * t[start] / period_s)
    p[start] = np.round(base * sway[:, None]) * layout.kpa_per_count
    return p


def notices(layout, t, p) -> list[tuple[float, str, str]]:
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
    pipe.feed(FrameBlock("left", t, p))
    pipe.finish()
    return [(a.t_s, a.level, a.pattern) for a in pipe.assessments_ if a.level != "none"]


@pytest.mark.parametrize("share", [0.1, 0.2, 0.4])
def test_a_ride_begun_at_a_fraction_of_its_load_gives_no_notice(share):
    t, p, layout = vendor_ride("orphe", "healthy-ride", 240.0, seed=2)
    assert notices(layout, t, p) == []
    assert notices(layout, t, at_share(t, p, layout, share)) == []


def test_a_ride_begun_standing_with_sway_gives_no_notice():
    t, p, layout = vendor_ride("orphe", "healthy-ride", 240.0, seed=2)
    assert notices(layout, t, standing_with_sway(t, p, layout, 8.0)) == []


@pytest.mark.parametrize(("kind", "seed", "start"), [("orphe", 3, 0.15), ("orphe", 3, 0.25), ("ukaton", 3, 0.55),
                                                     ("orphe", 3, "sway"), ("ukaton", 3, "sway")])
def test_held_out_rides_begun_low_give_no_notice(kind, seed, start):
    """Held out (not used to choose START_STEP_FRACTION), each ride as recorded and begun low. Had (a young level
    left only for a step 10 times all of it): ORPHE seed 3 at 0.15 and 0.25, 6 ``residual_unloaded`` notices each;
    standing with sway 8 on either insole (seed 3); the Ukaton Mission at 0.55 none, as now (a level at 0.55 of
    the load gave no notice there). As recorded, none on either code."""
    t, p, layout = vendor_ride(kind, "healthy-ride", 240.0, seed=seed)
    q = standing_with_sway(t, p, layout, 8.0) if start == "sway" else at_share(t, p, layout, start)
    assert notices(layout, t, p) == []
    assert notices(layout, t, q) == []


def test_tight_shoes_begun_at_a_fraction_of_their_load_still_warn():
    """The simulated tight-shoe ORPHE ride warns (``residual_unloaded``) begun as recorded or at 0.3 of its
    readings for 50 s."""
    t, p, layout = vendor_ride("orphe", "tight-shoes", 330.0, seed=2)
    for q in (p, at_share(t, p, layout, 0.3)):
        assert any(level == "warning" and pattern == "residual_unloaded" for _, level, pattern in notices(layout, t, q))


#: Upright cycling's whole-foot peak (kPa) at 200 W and at 300 W, the ends of the ranges that lie farthest apart:
#: 70-75 against 85-110 [4] W (domain.md section 1). A step at 300 W is then up to 110 / 70 = 1.57 times one at
#: 200 W: 0.64 of it.
EASY_KPA, HARD_KPA = 70.0, 110.0


def test_a_harder_effort_in_the_first_steps_joins_the_level_and_does_not_leave_it():
    """Three steps at 200 W, three at 300 W 1.57 times them (HARD_KPA / EASY_KPA), six at 200 W: the harder steps
    join the young level, which stays the median of all its steps, never the harder steps' alone. Only the lower
    end of START_STEP_FRACTION is set by data (tests above); this bounds it from above: at a share over 0.64 the
    200-W steps are all under that share of a 300-W one, and the level would be left for it (110 from the
    fourth step on)."""
    got = levels([EASY_KPA] * 3 + [HARD_KPA] * 3 + [EASY_KPA] * 6)
    assert got == pytest.approx([EASY_KPA] * 5 + [(EASY_KPA + HARD_KPA) / 2] + [EASY_KPA] * 6), got


def at_peak(p: np.ndarray, layout, peak: float) -> np.ndarray:
    """``p`` (n, sensors) scaled so that the 90th percentile of its highest sensor is ``peak`` (whole counts)."""
    share = peak / float(np.quantile(p.max(axis=1), 0.9))
    return np.round(p * share / layout.kpa_per_count) * layout.kpa_per_count


def test_a_ride_with_a_harder_effort_in_its_first_steps_keeps_its_level_and_gives_no_notice():
    """The simulated healthy ORPHE INSOLE ride (seed 2) at 200 W, at 300 W from 0:40 to 1:10, each scaled to the
    ends of domain.md's ranges that lie farthest apart (EASY_KPA, HARD_KPA units): judged with the limits of the
    same ride at 200 W throughout, its ``units_per_kpa`` within 10 % at every window (where a level left for the
    first harder step would have 1.6 times them from 0:50 to 1:30), and no notice, as at 200 W throughout."""
    t, easy, layout = vendor_ride("orphe", "healthy-ride", 240.0, seed=2, power_w=200.0)
    _, hard, _ = vendor_ride("orphe", "healthy-ride", 240.0, seed=2, power_w=300.0)
    easy, hard = at_peak(easy, layout, EASY_KPA), at_peak(hard, layout, HARD_KPA)
    effort = (t >= 40.0) & (t < 70.0)
    ride = easy.copy()
    ride[effort] = hard[effort]
    judged = {}
    for name, p in (("200 W", easy), ("harder effort", ride)):
        pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
        pipe.feed(FrameBlock("left", t, p))
        pipe.finish()
        judged[name] = {a.t_s: a.units_per_kpa for a in pipe.assessments_}
        assert [(a.t_s, a.level, a.pattern) for a in pipe.assessments_ if a.level != "none"] == [], name
    assert judged["harder effort"].keys() == judged["200 W"].keys()
    ratio = {t_s: round(u / judged["200 W"][t_s], 2) for t_s, u in judged["harder effort"].items()}
    assert {t_s: r for t_s, r in ratio.items() if not 0.9 <= r <= 1.1} == {}
