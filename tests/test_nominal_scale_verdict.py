"""The detector's verdict on an uncalibrated insole (SensorLayout.calibrated false: ORPHE INSOLE's raw counts
x 0.25, Ukaton Mission's 12-bit counts, docs/devices.md) does not depend on the insole's unknown gain: a
simulated ride through it with every pressure multiplied by 0.25, 0.5, 2 or 4 gives the same reliefs (how many
a foot, each start and end within one judging step) and the same alerts (level, foot, pattern, region, each
time within one judging step) as the ride as recorded.

Had: the relief's 6 / 10 kPa, the residual's 15 / 10 / 5 kPa and the tare's 12 N and 4.3 kPa applied to
nominal units as if they were kPa and N (monitor.signal.nominal_scale now makes them shares of the foot's
own loaded level): the healthy ORPHE ride had a false ``residual_unloaded`` notice on both feet at 1:10 at
x2 and x4 and lost its 30-s unweighting at 6:00 at x4; the tight-shoe ORPHE ride lost its warning at x0.25.

The rides are the simulated insoles' notifications written straight into the raw log and decoded
(tests/vendor_rides.py), as tests/test_vendor_known_rider.py makes them.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_streaming import assert_same, random_chunks, results
from vendor_rides import record_ride

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import SCENARIOS
from firmware_sim.vendors import orphe as orphe_sim
from monitor import analyze, load_session
from monitor.codebook import FEET, FrameBlock
from monitor.link import orphe
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

SCALES = (0.25, 0.5, 2.0, 4.0)
#: One judging step of the detector (s): times may differ by this much.
STEP_S = DEFAULT_PARAMS.features.step_s
#: The healthy ride unweights for 30 s at 6:00 (firmware_sim.scenarios); the tight shoes warn at about 5:10.
RIDES = {"healthy-ride": 400.0, "tight-shoes": 330.0}


def outcome(path, k: float) -> tuple[list[tuple], dict[str, list[tuple[float, float]]]]:
    """(alerts as (t_s, foot, kind, level, pattern, region), reliefs per foot as (start_s, end_s)) of the session at
    ``path`` with every pressure multiplied by ``k``."""
    session = load_session(path)
    assert not any(session.info.layouts[foot].calibrated for foot in FEET)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    session.frames[cols] = session.frames[cols] * k
    result = analyze(session)
    alerts = [(a.t_s, a.foot, a.kind, a.level, a.pattern, a.region) for a in result.alerts]
    return alerts, {foot: list(result.feet[foot].reliefs_) for foot in FEET}


def same_within_a_step(got: list[tuple], want: list[tuple]) -> bool:
    """Whether two lists of (time, ...) or (start, end) items match item by item, times within STEP_S."""
    if len(got) != len(want):
        return False
    for g, w in zip(sorted(got), sorted(want)):
        times = [(a, b) for a, b in zip(g, w) if isinstance(a, float)]
        rest = [(a, b) for a, b in zip(g, w) if not isinstance(a, float)]
        if any(abs(a - b) > STEP_S for a, b in times) or any(a != b for a, b in rest):
            return False
    return True


@pytest.mark.slow  # a ride recorded, then analysed five times: 20-60 s of CPU on a loaded 2-core host
@pytest.mark.timeout(600)
@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
@pytest.mark.parametrize("scenario", sorted(RIDES))
def test_an_uncalibrated_insoles_gain_changes_no_relief_and_no_alert(kind, scenario, tmp_path):
    path = record_ride(kind, scenario, tmp_path, seed=2, duration_s=RIDES[scenario])
    alerts, reliefs = outcome(path, 1.0)
    if scenario == "healthy-ride":
        assert all(len(reliefs[foot]) == 1 for foot in FEET), reliefs
        assert not [a for a in alerts if a[3] in ("warning", "alert")]
    else:
        assert {(a[1], a[3]) for a in alerts} >= {(foot, "warning") for foot in FEET}, alerts
    for k in SCALES:
        got_alerts, got_reliefs = outcome(path, k)
        assert same_within_a_step(got_alerts, alerts), (k, got_alerts, alerts)
        for foot in FEET:
            assert same_within_a_step(got_reliefs[foot], reliefs[foot]), (k, foot, got_reliefs, reliefs)


def orphe_ride(scenario: str, duration_s: float) -> tuple[np.ndarray, np.ndarray, object]:
    """(t_s (n,), pressure (n, 6) in nominal units, layout) of the left foot on the simulated ORPHE INSOLE."""
    layout = orphe.layout("left")
    rate_hz = layout.current_rate_hz
    t = np.arange(int(duration_s * rate_hz)) / rate_hz
    model = PressureModel(SCENARIOS[scenario], "left", seed=2, spec=orphe_sim.spec("left"))
    counts = np.concatenate([orphe_sim.kpa_to_counts(model.pressure_kpa(t[i:i + 6000]))
                             for i in range(0, t.size, 6000)])
    return t, counts * layout.kpa_per_count, layout


def left_in_chunks(t, p, layout, bounds: list[int]) -> FootPipeline:
    """A left foot's pipeline fed the frames ``t`` (n,), ``p`` (n, sensors) of ``layout`` in the blocks
    [bounds[i], bounds[i+1])."""
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        pipe.feed(FrameBlock("left", t[lo:hi], p[lo:hi]))
    return pipe


@pytest.mark.parametrize("seed", [1, 2])
def test_an_uncalibrated_foot_streams_as_one_block(seed):
    """The loaded level that sets the limits changes at whole steps of session time, whatever the blocks:
    random chunks give the same cycles, windows, reliefs and assessments as one block (a relief at 6:00)."""
    t, p, layout = orphe_ride("healthy-ride", 400.0)

    def run(bounds: list[int]) -> FootPipeline:
        return left_in_chunks(t, p, layout, bounds)

    batch = run([0, t.size])
    assert len(batch.reliefs_) == 1 and batch.assessments_
    assert_same(results(run(random_chunks(t.size, seed))), results(batch))
