"""An uncalibrated insole's ride begun at a fraction of its load (a warm-up, standing with sway) is judged at the
ride's own level from its first loaded step (monitor.signal.nominal_scale.START_STEP_FRACTION, a guess).

Had: a level of fewer than 12 steps was left for a loaded step only when every step in it was under 10 % of
that step, so a start at 10-40 % of the load stayed in the level's median until as many loaded steps followed:
the simulated healthy ORPHE INSOLE ride (seed 2) with its first 50 s at 0.1, 0.2 or 0.4 of its readings gave 6
false ``residual_unloaded`` notices each (1:40 on), and begun with a minute of standing with sway (each sensor
20 counts above its median on the ride, swaying by 30 % every 8 s: a level of 41 units against the ride's 74)
8 (1:40 to 2:50). START_STEP_FRACTION was chosen on those (0.5 left the standing's 8); the held-out rides
below (other seeds, the Ukaton Mission) were not looked at to choose it.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from firmware_sim.vendors import ukaton as ukaton_sim
from monitor.codebook import FrameBlock
from monitor.link import orphe, ukaton
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

INSOLES = {"orphe": (orphe, orphe_sim), "ukaton": (ukaton, ukaton_sim)}


def vendor_ride(kind: str, scenario: str, duration_s: float, seed: int):
    """(t_s (n,), pressure (n, sensors) in nominal units, layout) of the left foot of ``scenario`` on the
    simulated ``kind`` insole (its counts times its nominal scale)."""
    link, sim = INSOLES[kind]
    layout = link.layout("left")
    t = np.arange(int(duration_s * layout.current_rate_hz)) / layout.current_rate_hz
    model = PressureModel(SCENARIOS[scenario], "left", seed=seed, spec=sim.spec("left"))
    counts = np.concatenate([sim.kpa_to_counts(model.pressure_kpa(t[i:i + 6000])) for i in range(0, t.size, 6000)])
    return t, counts * layout.kpa_per_count, layout


def at_share(t, p, layout, share: float, until_s: float = 50.0) -> np.ndarray:
    """``p`` with its first ``until_s`` at ``share`` of themselves (whole counts)."""
    p = p.copy()
    start = t < until_s
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
    """Held out (not used to choose START_STEP_FRACTION). Had: ORPHE seed 3 at 0.15 and 0.25, 6 notices each;
    standing with sway 8 on either insole (seed 3)."""
    t, p, layout = vendor_ride(kind, "healthy-ride", 240.0, seed=seed)
    q = standing_with_sway(t, p, layout, 8.0) if start == "sway" else at_share(t, p, layout, start)
    assert [n for n in notices(layout, t, q) if n[2] != "focal_mth"] == []


def test_tight_shoes_begun_at_a_fraction_of_their_load_still_warn():
    """The simulated tight-shoe ORPHE ride warns (``residual_unloaded``) begun as recorded or at 0.3 of its
    readings for 50 s."""
    t, p, layout = vendor_ride("orphe", "tight-shoes", 330.0, seed=2)
    for q in (p, at_share(t, p, layout, 0.3)):
        assert any(level == "warning" and pattern == "residual_unloaded" for _, level, pattern in notices(layout, t, q))
