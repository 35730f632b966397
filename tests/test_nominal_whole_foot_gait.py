"""An uncalibrated insole's gait detector, before a foot's typical stance peak is known, takes its levels from the
whole foot's load (monitor.signal.nominal_scale.gait_first_levels: shares of the foot's loaded level of total
force), not from its forefoot's: a foot whose forefoot sensors read nothing still steps, and its steps count.
Its forefoot load stays unmeasured, and what would come of it is unsaid.

Had: the simulated healthy walk of 200 s with the left foot's MTH, hallux and toe sensors at 0 gave the left
foot "load never measured", 0 cycles and a NaN cadence (no contact started while its forefoot level was
unknown), against 183 cycles and 110 steps/min on the calibrated code before the levels followed the foot.
"""

from __future__ import annotations

import math
from dataclasses import replace

from monitor import analyze
from monitor.codebook import FEET
from monitor.session.offline import offline_session


def forefoot_zero_walk():
    """The simulated healthy walk (200 s, seed 3) on uncalibrated layouts, the left forefoot's sensors at 0."""
    session = offline_session("healthy-walk", duration_s=200.0, seed=3)
    for foot in FEET:
        session.info.layouts[foot] = replace(session.info.layouts[foot], calibrated=False)
    lay = session.info.layouts["left"]
    forefoot = [i for i, r in enumerate(lay.regions) if r.startswith("mth") or r in ("hallux", "toes", "lesser_toes")]
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    left = (session.frames["foot"] == "left").to_numpy()
    for i in forefoot:
        session.frames.loc[left, cols[i]] = 0.0
    return session


def test_a_foot_with_an_empty_forefoot_still_steps():
    result = analyze(forefoot_zero_walk())
    left = result.summary()["left"]
    assert abs(left["cycles"] - 183) <= 5, left["cycles"]  # had 0
    assert abs(left["cadence_per_min"] - 110) <= 3, left["cadence_per_min"]  # had NaN
    assert not result.feet["left"].load_measured  # its forefoot read no load: nothing of it is judged
    assert math.isnan(left["forefoot_share"]), left["forefoot_share"]
    assert result.feet["right"].load_measured
