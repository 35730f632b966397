"""An uncalibrated insole's absolute limits mean in its units what they mean in kPa on a calibrated insole,
whatever the activity: they are shares of the foot's loaded level over the loaded forefoot pressure of the
activity the foot is judged under (monitor.signal.nominal_scale.reference_loaded_kpa: a ride's 100 kPa, a walk's
or run's 250 kPa [1] S, an elliptical's 213 kPa [1] S).

Had: every activity's limits taken over the ride's 100 kPa, so on a run the residual's notice needed 15 % of
the foot's level where the Solewatch insole's 15 kPa is 6 % of a run's: the simulated tight running shoes, a
notice at 1:10 and a warning at 5:10 on both feet on the Solewatch insole (residual about 27 kPa), gave nothing
on the ORPHE INSOLE (residual 26.7 units against a cut-off of 40.5) and a "weight far forward" notice on the
Ukaton Mission; the leaning elliptical, a notice at 1:10 on both feet on the Solewatch insole, gave nothing on
either (its 40 kPa cut-off became 106 units).

The rides are the simulated insoles' notifications written straight into the raw log and decoded
(tests/vendor_rides.py).
"""

from __future__ import annotations

import math

import pytest
from test_nominal_scale_verdict import left_in_chunks, orphe_ride
from test_streaming import assert_same, random_chunks, results
from vendor_rides import record_ride

from monitor import analyze, load_session
from monitor.codebook import FEET
from monitor.signal.nominal_scale import REFERENCE_GAIT_LOADED_KPA, REFERENCE_LOADED_KPA, StageLimits
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

#: What the Solewatch insole (calibrated kPa) gives on the same scenarios, seed and length (the alerts'
#: foot, level, pattern and region; `solewatch record --sim S --duration 6m` then `solewatch analyze`).
SOLEWATCH = {
    "tight-running-shoes": {(foot, level, "residual_unloaded", "mth2_3")
                            for foot in FEET for level in ("notice", "warning")},
    "elliptical-leaning": {(foot, "notice", "continuous_forefoot_load", "mth2_3") for foot in FEET},
}
#: Ride lengths, s: the tight running shoes warn at 5:10 on the Solewatch insole.
DURATION_S = {"tight-running-shoes": 330.0, "elliptical-leaning": 150.0}


@pytest.mark.slow  # 2.5-5.5 minutes of a vendor's notifications decoded and analysed: 5-15 s of CPU
@pytest.mark.timeout(300)
@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
@pytest.mark.parametrize("scenario", sorted(SOLEWATCH))
def test_an_uncalibrated_insole_alerts_as_the_calibrated_one_off_the_bike(kind, scenario, tmp_path):
    result = analyze(load_session(record_ride(kind, scenario, tmp_path, seed=1, duration_s=DURATION_S[scenario])))
    got = {(a.foot, a.level, a.pattern, a.region) for a in result.alerts}
    assert got == SOLEWATCH[scenario], sorted(got)


def test_the_reference_follows_the_activity():
    """A run's limits are shares of 250 kPa, a ride's and an unknown activity's of 100 kPa, a stepping
    machine's of 213 kPa (the gait detector's first levels follow the foot's whole load, not this reference:
    tests/test_nominal_whole_foot_gait.py)."""
    level = 80.0
    ride = StageLimits.of_level(DEFAULT_PARAMS, level, "cycling")
    run = StageLimits.of_level(DEFAULT_PARAMS, level, "running")
    assert StageLimits.of_level(DEFAULT_PARAMS, level) == ride
    assert StageLimits.of_level(DEFAULT_PARAMS, level, "unknown") == ride
    assert math.isclose(ride.units_per_kpa, level / REFERENCE_LOADED_KPA)
    assert math.isclose(run.units_per_kpa, level / REFERENCE_GAIT_LOADED_KPA)
    assert math.isclose(run.relief_enter_kpa, DEFAULT_PARAMS.features.relief_enter_kpa * level / 250.0)
    machine = StageLimits.of_level(DEFAULT_PARAMS, level, "elliptical_or_stair")
    assert math.isclose(machine.units_per_kpa, level / 213.0)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_recognised_run_streams_as_one_block(seed):
    """The activity a step's limits are chosen for is the one recognised before the step began: random chunks
    of an undeclared ORPHE run give the same cycles, windows, reliefs and assessments as one block."""
    t, p, layout = orphe_ride("tight-running-shoes", 120.0)

    def run(bounds: list[int]) -> FootPipeline:
        return left_in_chunks(t, p, layout, bounds)

    batch = run([0, t.size])
    assert "running" in {a for _, a in batch.activity_}
    assert any(a.units_per_kpa < batch._level.level / 200.0 for a in batch.assessments_)  # a run's reference
    assert_same(results(run(random_chunks(t.size, seed))), results(batch))
