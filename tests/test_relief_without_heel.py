"""A relief is read on the forefoot's pressure alone, so a foot whose heel sensors have no sample still shows one.

Domain.md's unweighting rows (section 2, "Time to numbness": unloading 15-30 s every 15-30 min [38] W; section 3:
"fraction of revolutions with no unloading below a floor") are of the forefoot's pressure falling below a floor,
not of its share of the whole foot's load; docs/detection.md's relief is so defined (the forefoot regions' hot
spots in kPa, below ``relief_enter_kpa``: monitor.signal.relief). The heel takes no part in it: frames whose heel
had no sample are not analysed for load (no total, no forefoot share), but the forefoot's pressure in them is
read, and a stop found there is the stop the intact foot shows. This pins that: were the relief made to need the
whole foot's load, the healthy ride's stop would be lost with the heel.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_dead_heel_activity import HEEL_LATERAL, HEEL_MEDIAL

import monitor
from monitor.analysis.batch import analyze

#: The right heel's sensors go empty from here on; the healthy ride's stop (unweighting 30 s every 6 min) comes
#: at about 6:01-6:29, after it.
HEEL_GONE_S = 330.0


def _ride(heel_gone: bool):
    s = monitor.offline_session("healthy-ride", duration_s=420)
    if heel_gone:
        f = s.frames
        f.loc[(f.foot == "right") & (f.t_s >= HEEL_GONE_S), [*HEEL_MEDIAL, *HEEL_LATERAL]] = np.nan
    return analyze(s)


@pytest.fixture(scope="module")
def rides():
    return _ride(False), _ride(True)


def test_a_relief_is_found_from_the_forefoot_with_the_heel_empty(rides):
    intact, heelless = rides
    ((start, end),) = intact.feet["right"].reliefs_
    assert start > HEEL_GONE_S
    ((h_start, h_end),) = heelless.feet["right"].reliefs_
    period_s = 1.0 / heelless.feet["right"].rate_hz
    assert h_start == pytest.approx(start, abs=2 * period_s) and h_end == pytest.approx(end, abs=2 * period_s)
    # the frames it was found in were not analysed for load: no total, so no share and no valid fraction (the
    # windows wholly after the heel went)
    windows = [w for w in heelless.feet["right"].windows_ if w.t_s - w.window_s >= HEEL_GONE_S]
    assert windows and all(w.valid_fraction == 0.0 for w in windows)
    # the relief is counted, and its time is the relief the windows after it carry (relief_t_s)
    assert heelless.summary()["right"]["relief_count"] == 1
    assert all(w.relief_t_s == pytest.approx(h_end, abs=2 * period_s) for w in windows)
