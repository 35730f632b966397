"""What an uncalibrated insole's foot showed on the population tier in the windows judged with the level of a start
at a fraction of its load (standing with sway, a warm-up: monitor.signal.nominal_scale.START_STEP_FRACTION) is
forgotten when that level is left for the activity's (ForefootDetector.forget_notices): it neither confirms a
pattern with the activity's windows nor keeps one going into them. Evidence on the change or extreme tier is kept:
tight shoes begun at a fraction of their load still warn at 5:10 (tests/test_nominal_level_low_start.py).

Had: the simulated healthy Ukaton Mission ride (seed 1) begun with a minute of standing with a sway every 3 s
(tests/test_nominal_level_low_start.py's ``standing_with_sway``) gave 6 ``continuous_forefoot_load`` notices, 1:10
to 2:00, on the ride. The sway (a load's rhythm, 20 a minute) is recognised as a stepping machine and set the
foot's first level at 0.53 of the ride's (37.5 units against 70.5), which stood for a stepping machine's 213 kPa:
its residual, 21 units, read 120 kPa against the 40-kPa population cut-off, in the windows at 0:50 and 0:60; the
window at 1:10, judged with the ride's level but the standing's features, made the third in a row, and the
notice held for the six windows a pattern takes to clear. On a calibrated layout the same readings (21 kPa) gave
none. ORPHE INSOLE and the Ukaton Mission's other seeds gave 6 ``focal_mth`` notices each the same way.
"""

from __future__ import annotations

import pytest
from test_nominal_level_low_start import notices, standing_with_sway, vendor_ride


@pytest.mark.parametrize(("kind", "seed"), [("ukaton", 1), ("ukaton", 2), ("orphe", 1)])
def test_a_ride_begun_standing_with_a_fast_sway_gives_no_notice(kind, seed):
    t, p, layout = vendor_ride(kind, "healthy-ride", 240.0, seed=seed)
    assert notices(layout, t, p) == []
    assert notices(layout, t, standing_with_sway(t, p, layout, 3.0)) == []


def test_what_a_longer_standing_showed_stops_when_the_ride_begins():
    """A minute and a half of the same standing is judged as a stepping machine at its own level, a notice from
    1:10 (what the readings show until the ride's level is known); none is given once the ride's level applies,
    from 1:40 (had: to 2:20)."""
    t, p, layout = vendor_ride("ukaton", "healthy-ride", 240.0, seed=1)
    got = notices(layout, t, standing_with_sway(t, p, layout, 3.0, until_s=90.0))
    assert [t_s for t_s, _, _ in got if t_s >= 100.0] == []
