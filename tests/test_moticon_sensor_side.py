"""Which side of the foot the inferred Moticon sensor map calls medial, checked on two people's walks.

The map (monitor.link.moticon SENSOR_X/SENSOR_Y/SENSOR_REGIONS) is fitted on the exports' own centre of
pressure, which fixes every sensor's place but not which side of Moticon's COP frame is medial: the map
reads COP Y as pointing medially (anatomical x = -Y). Two facts of any walking foot that do not depend on
the fit check that reading, on ../shared/data/moticon_opengo's walks of two people (sizes 7 and 3, see
its README for attribution):

- the medial longitudinal arch is the least loaded part of the sole (a normal arch does not touch the
  ground; the lateral midfoot does);
- the centre of pressure runs lateral of the foot's long axis through mid-stance and turns medially
  toward the hallux at push-off (the "gait line"; Moticon's own gait report of 230927_102114.txt gives a
  mean medial-lateral gait line of -0.03..-0.08 (left) and -0.06..-0.10 (right) in COP Y over stance,
  ending at +0.06 and +0.03).

A mirrored map fails both: its "medial arch" sensor would be the loaded lateral midfoot, and its gait
line would run medial and turn lateral.
"""

from __future__ import annotations

import numpy as np
import pytest

from monitor.importers import read_moticon
from monitor.signal.regions import RegionReducer
from monitor.util.shared_data import shared_data_dir

WALKS = [shared_data_dir() / "moticon_opengo" / name for name in ("230927_102114.txt", "walk_data_with_events.txt")]
#: Total force (N) above which a foot is in stance (guess: the sample files' feet carry 0-60 N in swing,
#: 700-1000 N at their stance peaks).
STANCE_N = 100.0
#: A stance of fewer rows is a brush of the foot, not a step (0.4 s at the files' 100 Hz; guess).
STANCE_MIN_ROWS = 40


@pytest.fixture(scope="module", params=WALKS, ids=lambda p: p.name)
def walk(request):
    return read_moticon(request.param)


@pytest.mark.parametrize("foot", ["left", "right"])
def test_the_medial_arch_sensor_is_the_least_loaded_of_the_sole(walk, foot):
    lay = walk.layouts[foot]
    pressure_time = np.nansum(walk.pressure_kpa[foot], axis=0)  # kPa x rows, per sensor
    arch = lay.regions.index("midfoot_medial")
    assert int(np.argmin(pressure_time)) == arch, (foot, np.round(pressure_time / walk.rate_hz, 1))
    assert lay.x[arch] < 0  # medial, in the anatomical frame of docs/protocol.md


def _stances(force_n: np.ndarray) -> list[tuple[int, int]]:
    """(first, end) rows of each stance: total force above STANCE_N for STANCE_MIN_ROWS rows or more."""
    on = np.concatenate([[False], np.nan_to_num(force_n) > STANCE_N, [False]])
    edges = np.flatnonzero(np.diff(on.astype(int)))
    return [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= STANCE_MIN_ROWS]


@pytest.mark.parametrize("foot", ["left", "right"])
def test_the_gait_line_runs_lateral_through_mid_stance_and_turns_medial_at_push_off(walk, foot):
    """The map's centre of pressure x (medial negative) over each stance, in tenths of the stance."""
    cop_x = RegionReducer(walk.layouts[foot]).reduce(walk.pressure_kpa[foot]).cop_x
    tenths = []
    for a, b in _stances(walk.extras[foot]["total_force_n"].to_numpy()):
        x = cop_x[a:b]
        if np.isnan(x).any():
            continue  # a stance with a missing sample
        tenth = (np.arange(b - a) * 10) // (b - a)
        tenths.append([x[tenth == k].mean() for k in range(10)])
    assert len(tenths) >= 3, foot
    mean = np.mean(tenths, axis=0)
    mid_stance = mean[3:7].mean()
    assert mid_stance > 0, np.round(mean, 3)  # lateral
    assert mean[9] < mid_stance, np.round(mean, 3)  # toward the medial side at push-off
